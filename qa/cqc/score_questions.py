"""Which score or rating question a question is, if any: "safeguarding score", "lowest statement", "average".

"What did the council score for safeguarding?", "governance rating", "Which statement scored lowest?", "average
score": the report states each score once, so the answer is looked up and cites the line that states it.
"""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass, replace

import numpy as np

from qa.cqc import framework
from qa.text import normalise
from qa.tokens import tokenize

SCORE_WORDS = {"score", "scores", "scored", "scoring", "rating", "ratings", "rated", "grade", "graded",
               "judged", "judgement", "mark", "marks", "marked", "result", "results", "verdict"}
HIGH = {"highest", "best", "strongest", "top", "most"}
LOW = {"lowest", "worst", "weakest", "bottom", "least", "poorest"}
MEAN = {"average", "mean"}


LABEL_PHRASES = (("significant shortfalls", (1,)), ("some shortfalls", (2,)), ("good standard", (3,)),
                 ("exceptional standard", (4,)), ("shortfalls", (1, 2)), ("exceptional", (4,)))


@dataclass(frozen=True)
class ScoreQuestion:
    kind: str  # "published", "statement", "overall", "highest", "lowest", "count", "average", "sum", "percent",
    # "theme", "label", "all"
    statements: tuple[str, ...] = ()
    value: int | None = None  # for "count": the score counted
    levels: tuple[int, ...] = ()  # for "label": the scores whose label the question quotes
    best: bool = True  # for "theme": the best theme (False: the weakest)
    op: str = "eq"  # for "count": how scores compare with ``value`` ("eq", "ge", "gt", "le", "lt")
    excluded: tuple[str, ...] = ()  # statements left out ("apart from safeguarding")
    within: tuple[str, ...] = ()  # the statements asked about, when not all nine (a theme)
    scored: bool = False  # for "overall": its score was asked ("overall score"), so its percentage with the rating


# "scored 2", "at least 3", "3 or more", "below 2": (op, value), tried in this order.
CONDITIONS = ((r"\bat least (?:a )?([1-4])\b|\b([1-4]) or (?:more|above|higher|better)\b", "ge"),
              (r"\bat most (?:a )?([1-4])\b|\b([1-4]) or (?:less|below|lower|worse|under)\b", "le"),
              (r"\b(?:below|under|less than|lower than|fewer than)\s+(?:a\s+)?([1-4])\b", "lt"),
              (r"\b(?:above|over|more than|higher than|better than)\s+(?:a\s+)?([1-4])\b", "gt"),
              (r"\b(?:scored?|scoring|got|received|given|a|of|with|rated)\s+(?:a\s+)?(?:score of\s+)?([1-4])\b", "eq"))
_EXCLUSION = re.compile(r"\b(?:apart from|other than|except(?: for)?|excluding|besides|aside from|not counting|"
                        r"leaving (?:out|aside)|ignoring|without)\s+(?:the\s+)?(.+?)(?=,|\?|$|\s+(?:what|which|how|"
                        r"did|does|was|is|were|are|has|have)\b)", re.I)


def condition(norm: str) -> tuple[str, int] | None:
    """How a question compares scores with a number ("at least 3" -> ("ge", 3)), if it does."""
    for pattern, op in CONDITIONS:
        m = re.search(pattern, norm)
        if m:
            return op, int(next(g for g in m.groups() if g))
    return None


def exclusions(question: str) -> tuple[str, tuple[str, ...]]:
    """(the question without its exclusion clauses, the statements they leave out): "Apart from safeguarding,
    which statement scored lowest?" -> (", which statement scored lowest?", ("Safeguarding",))."""
    out: list[str] = []
    for m in _EXCLUSION.finditer(question):
        out.extend(n for n in statements_named(m.group(1)) if n not in out)
    return (_EXCLUSION.sub(" ", question) if out else question), tuple(out)


_PHRASES = [(st.name, (normalise(st.name), *st.aliases)) for st in framework.STATEMENTS]
_PATTERNS = [(name, re.compile("|".join(rf"(?<![a-z]){re.escape(p)}(?![a-z])" for p in phrases)))
             for name, phrases in _PHRASES]


# Phrases whose words are statement aliases but which name something else: people with learning disabilities
# are not the "Learning, improvement and innovation" statement, ethnic minority communities not "Partnerships
# and communities".
_NOT_STATEMENTS = re.compile(r"\blearning (?:disabilit\w*|difficult\w*)|\b(?:ethnic|minority|diverse|faith|deaf|"
                             r"lgbt\w*|seldom heard|local) communit(?:y|ies)\b")


@functools.lru_cache(maxsize=4096)
def statements_named(question: str) -> tuple[str, ...]:
    """Quality statements a question names, tolerating aliases, partial names and small typos. Cached: one
    question is read for statement names by several stages (the score reading, exclusions, comparisons)."""
    norm = _NOT_STATEMENTS.sub(" ", normalise(question))
    words = norm.split()
    named = {name for name, pattern in _PATTERNS if pattern.search(norm)}
    named |= _TYPOS.near(words, exclude=named)
    return tuple(name for name, _ in _PHRASES if name in named)


class _Typos:
    """Statement names within a small typo of a window of the question's words (difflib ratio >= 0.85).

    difflib's ``quick_ratio`` bounds the ratio by the characters two strings share; here that bound is taken
    for every window against every phrase at once from letter counts (a 27-column count per word, summed over
    a window), so only the few windows it leaves are compared by ``ratio``: 0.07 ms a question, not 0.6."""

    NEAR = 0.85

    def __init__(self, phrases: list[tuple[str, tuple[str, ...]]]):
        by_size: dict[int, list[tuple[str, str]]] = {}
        for name, said in phrases:
            for p in dict.fromkeys(said):
                if len(p) >= 7:  # shorter names are matched as written only: one letter off is another word
                    by_size.setdefault(len(p.split()), []).append((name, p))
        self.groups = [(n, pairs, np.stack([_counts(p) for _, p in pairs]),
                        np.array([len(p) for _, p in pairs], dtype=np.float32)) for n, pairs in by_size.items()]

    def near(self, words: list[str], exclude: set[str]) -> set[str]:
        if not words:
            return set()
        running = np.vstack([np.zeros(27, dtype=np.float32), np.cumsum([_counts(w) for w in words], axis=0)])
        found: set[str] = set()
        for n, pairs, counts, sizes in self.groups:
            if len(words) < n:
                continue
            windows = running[n:] - running[:-n]
            windows[:, 26] += n - 1  # the spaces between the window's words
            lengths = windows.sum(axis=1)
            shared = np.minimum(windows[:, None, :], counts[None, :, :]).sum(axis=2)
            bound = 2 * shared / (lengths[:, None] + sizes[None, :])
            for i, j in zip(*np.nonzero(bound >= self.NEAR)):
                name, phrase = pairs[j]
                if name in exclude or name in found:
                    continue
                if difflib.SequenceMatcher(None, " ".join(words[i : i + n]), phrase).ratio() >= self.NEAR:
                    found.add(name)
        return found


def _counts(text: str) -> np.ndarray:
    """Letter counts a-z, every other character in one last column (an upper bound stays an upper bound)."""
    codes = np.frombuffer(text.encode("ascii", "replace"), dtype=np.uint8).astype(np.int16) - ord("a")
    codes[(codes < 0) | (codes > 25)] = 26
    return np.bincount(codes, minlength=27).astype(np.float32)


_TYPOS = _Typos(_PHRASES)


THEME_WORDS = {1: ("working with people", "works with people"), 2: ("providing support",),
               3: ("safety", "ensuring safety", "safe"), 4: ("leadership", "leaders")}


# A theme's own name, which no statement shares: "What did it score for leadership?" asks for Theme 4 without
# saying "theme" (it was answered with the overall rating).
_THEME_NAMES = {1: r"working with people", 2: r"providing support", 3: r"ensur\w* safety(?: within the system)?",
                4: r"leadership"}


def theme_named(norm: str) -> int | None:
    """A theme the question names ("the safety theme", "theme 4", or a theme's own name: "leadership")."""
    if not re.search(r"\bthemes?\b", norm):
        return next((n for n, name in _THEME_NAMES.items() if re.search(rf"\b{name}\b", norm)), None)
    m = re.search(r"\btheme (\d)\b", norm)
    if m and 1 <= int(m.group(1)) <= 4:
        return int(m.group(1))
    for number, phrases in THEME_WORDS.items():
        if any(re.search(rf"\b{p}\b", norm) for p in phrases):
            return number
    return None


def statement_about(question: str) -> str | None:
    """The one statement whose coverage shares most words with the question (at least two), else None."""
    generic = SCORE_WORDS | {"council", "local", "authority", "care", "support", "people", "services", "service", "adult",
                             "social", "statement", "quality"}
    asked = set(tokenize(question)) - set(tokenize(" ".join(generic)))
    overlap = {name: len(asked & set(tokenize(f"{name} {about}"))) for name, about in framework.ABOUT.items()}
    best = max(overlap.values())
    winners = [n for n, v in overlap.items() if v == best]
    return winners[0] if best >= 2 and len(winners) == 1 else None


def classify(question: str) -> ScoreQuestion | None:
    """What kind of score question this is, or None for a question the passages should answer."""
    rest, excluded = exclusions(question)
    found = _classify(rest)
    if found is None or not excluded:
        return found
    return replace(found, excluded=excluded)


# What is rated in "What share of care homes are rated good?": providers, which CQC rates apart from the council.
_RATED_OTHER = re.compile(r"\b(?:homes?|homecare|agenc(?:y|ies)|providers?|hospitals?|practices|surgeries|centres?|"
                          r"centers?|services)\b(?:\s+\w+){0,3}?"
                          r"\s+(?:are|were|is|was|been|being)\s+rated\b|\b(?:rated|ratings?)\s+(?:of|for)\s+(?:the\s+)?"
                          r"(?:\w+\s+)?(?:care|nursing|residential)\s+homes?\b")
_COUNCIL_ITSELF = re.compile(r"\b(?:council|local authority|authority)\b")
# "When will the strategy be published?" asks of another document; the report's own date answers only of it.
_OTHER_DOCUMENT = re.compile(r"\bwill\b.*\bpublish|\b(?:strategy|strategies|plan|policy|newsletter|leaflet)\s+"
                             r"(?:\w+\s+)?(?:be\s+|was\s+|were\s+)?publish")


# "What did it get for safeguarding?": a statement's score, unless a figure is asked ("what funding did it get for").
_GOT_FOR = re.compile(r"\b(?:what|how)\b.*\b(?:get|got|receive|received|achieve|achieved|earn|earned|awarded|given)\s+"
                      r"(?:for|on|in)\b")
# "Why did partnerships get a 3?", "why did it only get 2": a statement's score, named by its value.
_GOT_SCORE = re.compile(r"\b(?:get|got|receive|received|achieve|achieved|earn|earned|given|awarded)\s+"
                        r"(?:(?:a|an|only|just|the)\s+)*(?:score\s+of\s+)?[1-4]\b")
# "Why did we get requires improvement?", "What did Harrowfield get overall?": the council's overall rating
_GOT_RATING = re.compile(r"\b(?:get|gets|got|getting|receive|received|achieve|achieved|earn|earned|given|awarded)\s+"
                         r"(?:(?:an?|the|only|just|a rating of)\s+)*(?:requires? improvement|inadequate|outstanding|good"
                         r"(?= rating\b| overall\b|\W*$)|overall\b)")
# "What was the carers' quality of life score?": a survey's score, which the report's findings give, not CQC's
SURVEY_SCORE = re.compile(r"\b(?:quality of life|satisf\w*|happiness|loneliness|lonely|isolat\w*|"
                           r"surveys?|ascof|ascs|sace|feel|felt)\b")
_FIGURE_ASKED = re.compile(r"\b(?:how (?:many|much|long)|money|funding|funds?|grants?|budgets?|pounds?|spend\w*|"
                           r"referrals?|staff|workers?)\b")


def _classify(question: str) -> ScoreQuestion | None:
    norm = normalise(question.replace("%", " percent "))
    words = set(norm.split())
    if _RATED_OTHER.search(norm) and not _COUNCIL_ITSELF.search(norm) and not statements_named(question):
        return None  # care homes' or agencies' own CQC ratings: the report's scores are the council's
    if re.search(r"\b(publish\w*|publication)\b", norm) and re.search(r"\b(when|date|day|year)\b", norm) and \
            not _OTHER_DOCUMENT.search(norm):
        return ScoreQuestion("published")
    if re.search(r"\boverall (?:percent\w*|per cent)\b|\b(?:percent\w*|per cent) score|\bscore as a percent", norm):
        return ScoreQuestion("percent")
    if SURVEY_SCORE.search(norm) and not words & {"rating", "rated", "overall", "statement", "statements", "theme",
                                                   "themes", "cqc"} and not statements_named(question):
        return None  # "the carers' quality of life score", "which council has the highest satisfaction score"
    scoreish = bool(words & SCORE_WORDS) or bool(re.search(r"\bhow (did|does|has|well)\b.*\b(do|did|done|perform|fare)", norm))
    if _GOT_RATING.search(norm) and not statements_named(question):
        return ScoreQuestion("overall")
    if not scoreish and (_GOT_FOR.search(norm) or _GOT_SCORE.search(norm)) and not _FIGURE_ASKED.search(norm) \
            and statements_named(question):
        scoreish = True  # "What did the council get for safeguarding?" asks for the statement's score
    if words & {"theme", "themes"} and words & (HIGH | LOW | MEAN):
        scoreish = True
    if "quality statement" in norm or "quality statements" in norm or "statements" in words:
        scoreish = scoreish or bool(words & (HIGH | LOW | MEAN | {"list", "all", "each", "every"}))
    label = next((levels for phrase, levels in LABEL_PHRASES if phrase in norm), None)
    if label and (scoreish or "statement" in norm):
        return ScoreQuestion("label", levels=label)
    if not scoreish:
        return None
    named = statements_named(question)
    theme = theme_named(norm)
    within = tuple(st.name for st in framework.STATEMENTS if st.theme == theme) if theme else ()
    if theme and not named and not words & (HIGH | LOW | MEAN):
        named = list(within)
    if re.search(r"\b(?:percent\w*|per cent)\b", norm) and not named:
        return ScoreQuestion("percent")
    if re.search(r"\b(?:total|sum|add(?:ed)? up|altogether|combined)\b", norm) and not named:
        return ScoreQuestion("sum", within=within)
    if words & MEAN:
        return ScoreQuestion("average", within=within or tuple(named))
    if within and words & (HIGH | LOW) and words & {"statement", "statements"}:
        return ScoreQuestion("highest" if not words & LOW else "lowest", within=within)
    if "theme" in words or "themes" in words:
        if words & (HIGH | LOW):
            return ScoreQuestion("theme", best=not words & LOW)
    if words & HIGH and not named:
        return ScoreQuestion("highest")
    if words & LOW and not named:
        return ScoreQuestion("lowest")
    m = re.search(r"how many\b.*\b(?:scored?|rated|got|received|with)\D*([1-4])\b", norm)
    if m:
        op, value = condition(norm) or ("eq", int(m.group(1)))
        return ScoreQuestion("count", value=value, op=op, within=within)
    if named:
        return ScoreQuestion("statement", tuple(named))
    if words & {"all", "each", "every", "list", "breakdown", "scores"} and "overall" not in words:
        return ScoreQuestion("all")
    if "overall" not in words and (about := statement_about(question)):
        return ScoreQuestion("statement", (about,))
    if words & {"rating", "rated", "overall", "verdict", "judged", "score", "result"}:
        return ScoreQuestion("overall", scored=bool(words & {"score", "scored"}) and not words & {"rating", "rated"})
    return None
