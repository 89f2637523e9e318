"""Questions over every report: "Which councils scored 1 for safeguarding?", "Rank the councils by their overall
percentage", "Which council was assessed most recently?". Classified from the words, answered by the rules in
``qa.cqc.aggregate`` over the report cards, each figure cited.

``compose`` returns the answer text with [n] markers and the (report id, span) pairs the markers cite, in order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from qa.cqc import aggregate, framework
from qa.cqc.aggregate import Figure
from qa.cqc.fact_questions import asks_facts, compose_facts
from qa.cqc.score_questions import HIGH, LOW, MEAN, SCORE_WORDS, SURVEY_SCORE, condition, statements_named, theme_named
from qa.text import normalise
from qa.tokens import tokenize
from qa.types import ReportCard, Span

# "How many councils are in the corpus?", "Which councils do you have?", "List the reports": what the corpus holds
_HELD = re.compile(r"(?:how many|which|what|list(?: all)?)(?: the)? (?:councils?|local authorit(?:y|ies)|reports?)"
                   r"(?: (?:are|is) (?:there|covered|indexed|loaded|held|included))?"
                   r"(?: (?:do|can|have) you (?:have|got|hold|know about|cover|answer about)|"
                   r" does (?:it|the corpus|the index|qa) (?:hold|cover|have|know about))?"
                   r"(?: (?:are |is )?(?:in|on) (?:the|this|your|my) (?:corpus|index|collection|folder|set))?", re.I)
_ACROSS = re.compile(r"\b(?:councils|authorities|which (?:council|local authority|authority|la)|"
                     r"any (?:of the )?(?:councils?|local authorit(?:y|ies))\b(?! (?:run|owned|managed|funded|"
                     r"commissioned|operated)\b)|"
                     r"rank\w*|league|each council|every council|all (?:the )?councils|by council|"
                     r"across (?:the )?(?:corpus|reports|councils)|in the corpus|of the councils|"
                     r"most recent\w*|most recently|latest|newest|oldest|earliest|first assessed|last assessed)\b")
_DATES = re.compile(r"\b(?:most recent\w*|most recently|latest|newest|last|oldest|earliest|first)\b")
_NATIONAL_AVERAGE = re.compile(r"\b(?:england|national|nationally|regional|english) average\b")
_PERCENT = re.compile(r"\b(?:percent\w*|per cent|%)|overall score")


@dataclass(frozen=True)
class CorpusQuestion:
    kind: str  # "filter", "any", "rated", "ratings", "extreme", "average", "rank", "dated", "facts"
    statements: tuple[str, ...] = ()  # the measure: one statement, a theme's, or none for the whole table
    op: str = "eq"
    value: int | None = None
    rating: str | None = None
    best: bool = True
    how_many: bool = False
    report: str | None = None  # a council whose place in the ranking is asked
    facts: tuple = ()  # for "facts": (measure words, op, best, rank) of ``qa.cqc.fact_questions.asks_facts``
    fallback: "CorpusQuestion | None" = None  # for "facts": the score question it is, if no report quotes the figure


def classify(question: str, named: str | None = None) -> CorpusQuestion | None:
    """The corpus-wide question this is, or None. ``named``: the report the question names, if any; only a
    question about its place among the others ("Where does Eastvale rank?") is corpus-wide then. A question
    over the national figures ("Which councils are below the England average on ...?") is kind "facts", with
    the score question it would otherwise be as its fallback."""
    if named is None and _HELD.fullmatch(normalise(question)):  # "How many councils are in the corpus?"
        return CorpusQuestion("held")
    scores = _classify_scores(question, named)
    ask = asks_facts(question) if named is None and _ACROSS.search(normalise(question.replace("%", " percent "))) \
        else None
    if ask is None or (ask["weak"] and scores is not None):  # "does best on safeguarding?": its scores
        return scores
    if scores is not None and scores.kind == "average" and _NATIONAL_AVERAGE.search(normalise(question)):
        scores = None  # "below the England average on ...": a national figure, never the corpus's mean score
    return CorpusQuestion("facts", facts=(ask["measure"], ask["op"], ask["best"], ask["rank"]), fallback=scores)


def _classify_scores(question: str, named: str | None) -> CorpusQuestion | None:
    norm = normalise(question.replace("%", " percent "))
    words = set(norm.split())
    words |= {_COMPARATIVES[w] for w in words & _COMPARATIVES.keys()}  # "which council did better": the best
    if not _ACROSS.search(norm):
        return None
    if named and not re.search(r"\b(?:rank\w*|position|place|league|compare\w* (?:to|with) (?:the )?other)", norm):
        return None
    statements = tuple(statements_named(question))
    theme = theme_named(norm)
    if theme and not statements:
        statements = tuple(st.name for st in framework.STATEMENTS if st.theme == theme)
    how_many = bool(re.search(r"\bhow many\b|\bnumber of\b|\bcount\b", norm))
    rating = next((r for r in framework.RATINGS if re.search(rf"\b{normalise(r)}\b", norm)), None)
    if rating == "Good" and "good standard" in norm:
        rating = None
    if SURVEY_SCORE.search(norm) and not statements and not rating:
        return None  # "the highest carers' quality of life score": a survey's, which the reports' figures give
    # "the most safeguarding concerns" names a statement and counts something else: the passages answer it
    scoreish = bool(words & SCORE_WORDS) or bool(_PERCENT.search(norm)) or (
        bool(statements) and not COUNTED.search(norm)) or (
        bool(words & (HIGH | LOW | MEAN)) and not _other_measure(question))
    if named:
        return CorpusQuestion("rank", statements, report=named)
    if _DATES.search(norm) and re.search(r"\b(?:assess\w*|report\w*|publish\w*|inspect\w*)\b", norm) \
            and not rating and not statements:
        return CorpusQuestion("dated", best=not re.search(r"\b(?:oldest|earliest|first)\b", norm))
    if rating and not statements:
        return CorpusQuestion("rated", rating=rating, how_many=how_many)
    if re.search(r"\b(?:each|every|by) rating\b|\bratings? breakdown\b|\bbreakdown of (?:the )?ratings\b|"
                 r"\bhow were (?:the )?councils rated\b|\bratings of (?:the |all )?councils\b", norm):
        return CorpusQuestion("ratings")
    if not scoreish:
        return None
    if cond := condition(norm):
        op, value = cond
        if not statements and re.search(r"\bany(?:thing|where)?\b|\ba statement\b|\bat least one\b|\bsomething\b|"
                                        r"\bsomewhere\b", norm):
            return CorpusQuestion("any", op=op, value=value, how_many=how_many)
        return CorpusQuestion("filter", statements, op=op, value=value, how_many=how_many)
    if re.search(r"\brank\w*\b|\bleague\b|\border\b|\bsort\w*\b", norm):
        return CorpusQuestion("rank", statements, best=not re.search(r"\b(?:worst|lowest) (?:first|to)\b", norm))
    if words & MEAN:
        return CorpusQuestion("average", statements)
    if words & (HIGH | LOW):
        if not statements and words & _RATING_WORDS and not _PERCENT.search(norm):  # "the worst rating": the
            return CorpusQuestion("rating extreme", best=not words & LOW)  # ratings' order, not a percentage
        return CorpusQuestion("extreme", statements, best=not words & LOW)
    return None


# Between councils a comparative asks who is best: "Which council did better on safeguarding?"
_COMPARATIVES = {"better": "best", "higher": "highest", "stronger": "strongest", "worse": "worst", "lower": "lowest",
                 "weaker": "weakest", "poorer": "poorest"}
_RATING_WORDS = frozenset({"rating", "ratings", "rated", "grade", "graded", "verdict"})
# What a question counts or measures besides a score, though it names a statement ("safeguarding concerns")
COUNTED = re.compile(r"\b(?:concerns?|referrals?|enquir(?:y|ies)|applications?|alerts?|cases|numbers?|how many|"
                      r"waits?|waiting|backlogs?|spend|spent|spending|money|budgets?|staff|vacanc(?:y|ies)|"
                      r"complaints?|reviews?)\b")


# What a question may say besides "which council did best": none of these names a measure of its own.
# The words of the framework itself (statements, themes) and of the assessment say what is scored, not another
# measure: "did best at working with people", "strongest on leadership", "the best CQC assessment this year".
_RANKING_WORDS = frozenset(tokenize(
    "which what who council councils local authority authorities la corpus report reports all each every one any "
    "overall perform performed performing performance doing done did do does well badly good better worse best worst "
    "highest lowest top bottom most least strongest weakest greatest poorest average mean typical "
    "higher lower stronger weaker poorer "
    "rank ranked ranking among across other others compare compared come came out got get gets england country "
    "cqc assessment assessments assessed inspection inspected judged year years this last latest moment now "
    "adult adults social care people services service area theme themes statement statements quality "
    "working works providing support safety safe ensuring leadership leaders"
    + " ".join(f"{st.name} {' '.join(st.aliases)}" for st in framework.STATEMENTS)))
_SCORE_TOKENS = frozenset(tokenize(" ".join(SCORE_WORDS | HIGH | LOW | MEAN)))


def _other_measure(question: str) -> bool:
    """Whether a "most / highest / lowest" question names a measure other than the scores ("pays home care
    providers the most per hour", "the most DoLS applications waiting"): the reports' passages answer it.
    Years and other figures name no measure ("did best in 2024")."""
    own = {t for t in tokenize(question) if not any(c.isdigit() for c in t)}
    return bool(own - _RANKING_WORDS - _SCORE_TOKENS)


def compose(q: CorpusQuestion, cards: list[ReportCard]) -> tuple[str, tuple[tuple[str, Span], ...]] | None:
    """(answer text with [n] markers, the (report id, span) each marker cites), or None if no report can say."""
    if q.kind == "facts":
        measure, op, best, rank = q.facts
        found = compose_facts({"measure": measure, "op": op, "best": best, "rank": rank}, cards)
        return found if found is not None or q.fallback is None else compose(q.fallback, cards)
    cites: list[tuple[str, Span]] = []

    def mark(f: Figure) -> str:
        first = len(cites) + 1
        cites.extend((f.card.id, s) for s in f.spans)
        last = len(cites)
        return f"[{first}]" if first == last else f"[{first}–{last}]"

    base = f"Of the {len(cards)} council{'s' if len(cards) != 1 else ''} in this corpus"
    if q.kind == "held":  # each council with its rating, cited
        names = [f"{c.council or c.title}" + (f" ({c.rating.text}) {mark(Figure(c, 1, (c.rating,)))}" if c.rating
                                               else "") for c in sorted(cards, key=lambda c: c.council or c.title)]
        return f"The corpus holds {len(cards)} council{'s' if len(cards) != 1 else ''}' reports: {_and(names)}.", \
            tuple(cites)
    if q.kind == "dated":
        got = aggregate.dated(cards, q.best)
        if not got:
            return None
        which = "most recent" if q.best else "oldest"
        return f"{base}, the {which} assessment is " + _and(
            f"{f.name}'s, published {f.card.published} {mark(f)}" for f in got) + ".", tuple(cites)
    if q.kind == "rated":
        got = aggregate.rated(cards, q.rating)
        rest = [c for c in cards if c.rating and c not in [f.card for f in got]]
        if not got:
            return f"{base}, none was rated {q.rating}.", ()
        return f"{base}, {len(got)} {'was' if len(got) == 1 else 'were'} rated {q.rating}: " + \
            _and(f"{f.name} {mark(f)}" for f in got) + "." + \
            (f" The other {len(rest)} {'was' if len(rest) == 1 else 'were'} not." if rest else ""), tuple(cites)
    if q.kind == "rating extreme":
        got = aggregate.extreme_rating(cards, q.best)
        if not got:
            return None
        word = "highest" if q.best else "lowest"
        rating = got[0].card.rating.text
        text = f"{base}, the {word} overall rating is {rating}: " + _and(f"{f.name} {mark(f)}" for f in got) + "."
        rest = [f for f in aggregate.extreme_rating(cards, q.best, every=True) if f not in got]
        unrated = len(cards) - len(got) - len(rest)
        return text + _the_others(f"{f.name}, {f.card.rating.text} {mark(f)}" for f in rest) + \
            (f" {unrated} report{'s' if unrated != 1 else ''} state{'s' if unrated == 1 else ''} no overall rating."
             if unrated else ""), tuple(cites)
    if q.kind == "ratings":
        groups = aggregate.ratings(cards)
        if not groups:
            return None
        parts = [f"{r} ({len(fs)}): " + _and(f"{f.name} {mark(f)}" for f in fs) for r, fs in groups.items()]
        return f"{base}, the overall ratings are: " + "; ".join(parts) + ".", tuple(cites)
    if q.kind == "any":
        got = aggregate.any_statement(cards, q.op, q.value)
        if not got:
            return f"{base}, none {aggregate.OP_WORDS[q.op]} {q.value} for any quality statement.", ()
        return f"{base}, {len(got)} {aggregate.OP_WORDS[q.op]} {q.value} for at least one quality statement: " + \
            _and(f"{f.name} ({int(f.value)} statement{'s' if f.value != 1 else ''}) {mark(f)}" for f in got) + \
            ".", tuple(cites)
    what = _what(q.statements)
    percent = not q.statements and q.kind in ("rank", "extreme", "average")
    figures = [p for c in cards if (p := aggregate.percentage(c))] if percent else aggregate.measure(q.statements, cards)
    if not figures:
        return None
    fmt = (lambda f: f"{f.value:.0f}% (stated)" if f.stated else f"{f.value:.1f}% (computed)") if percent \
        else (lambda f: _num(f.value))
    if q.kind == "filter":
        got = aggregate.matching(figures, q.op, q.value)
        verb = aggregate.OP_WORDS[q.op] if len(q.statements) == 1 else aggregate.OP_WORDS[q.op].replace("scored", "averaged")
        if not got:
            return f"{base}, none {verb} {q.value} for {what}.", ()
        return f"{base}, {len(got)} {verb} {q.value} for {what}: " + \
            _and(f"{f.name} ({fmt(f)}) {mark(f)}" for f in got) + ".", tuple(cites)
    digits = aggregate.precision(figures)
    if q.kind == "extreme":
        got = aggregate.extreme(figures, q.best, digits)
        word = "highest" if q.best else "lowest"
        tie = f"{len(got)} share the {word}" if len(got) > 1 else f"one has the {word}"
        measured = "overall percentage" if percent else what.replace("the average of ", "") + " average" \
            if what.startswith("the average of ") else what + " score"  # "the highest Theme 4: Leadership average"
        same = len({fmt(f) for f in got}) == 1  # a stated 72% ties with a computed 72.2%: each as it is
        text = f"{base}, {tie} {measured}" + (f", {fmt(got[0])}: " if same else ": ") + \
            _and(f"{f.name}{'' if same else ' ' + fmt(f)} {mark(f)}" for f in got) + "."
        rest = [f for _, f in aggregate.ranked(figures, q.best, digits) if f not in got]
        # a few councils: the others' figures too, so "which did better?" shows by how much
        return text + (_the_others(f"{f.name} {fmt(f)} {mark(f)}" for f in rest) if len(rest) <= _FEW else ""), \
            tuple(cites)
    if q.kind == "average":
        avg = aggregate.mean(figures)
        shown = f"{avg:.1f}%" if percent else f"{avg:.2f}"
        return f"{base}, the average {'overall percentage (computed)' if percent else what} is {shown}, over " \
            f"{len(figures)} councils: " + "; ".join(f"{f.name} {fmt(f)} {mark(f)}" for f in figures) + ".", tuple(cites)
    places = aggregate.ranked(figures, q.best, digits)
    listing = "; ".join(f"{p}. {f.name} {fmt(f)} {mark(f)}" for p, f in places)
    by = what if not percent else "overall percentage (computed: sum of scores / (4 × statements))" if digits else \
        "overall percentage (as a report states it, else computed: sum of scores / (4 × statements); compared in " \
        "whole percents)"
    if q.report:
        mine = next(((p, f) for p, f in places if f.card.id == q.report), None)
        if mine is None:
            return None
        return f"{base}, {mine[1].name} ranks {_ordinal(mine[0])} of {len(places)} by {by}: {listing}.", tuple(cites)
    return f"{base}, ranked by {by}: {listing}.", tuple(cites)


_FEW = 5  # up to this many other councils are listed beside the best or worst


def _the_others(parts) -> str:
    parts = list(parts)
    return f" The other{'s' if len(parts) > 1 else ''}: " + "; ".join(parts) + "." if parts else ""


def _what(statements: tuple[str, ...]) -> str:
    if not statements:
        return "average quality statement score"
    if len(statements) == 1:
        return statements[0]
    themes = {st.theme for st in framework.STATEMENTS if st.name in statements}
    theme_all = len(themes) == 1 and {st.name for st in framework.STATEMENTS if st.theme in themes} == set(statements)
    return f"the average of {framework.canonical_theme(themes.pop())}" if theme_all else \
        "the average of " + ", ".join(statements)


def _num(v: float) -> str:
    return str(int(v)) if v == int(v) else f"{v:.2f}"


def _and(parts) -> str:
    parts = list(parts)
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"
