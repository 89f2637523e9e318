"""A question -> what to search for: tokens, extra terms, and which report it names.

A council's name in a question ("...in Leeds?") says which report to read, but as a search term it only pulls
passages that mention the council; so it picks the report and is dropped from the search words. The embedded
question keeps a neutral "the council" / "the area" in its place, so the model still reads a sentence ("How many
people live in the area?", not "How many people live in?"). A council the corpus does not hold is
remembered, so the answer can say the report doesn't cover it. Acronyms the reports define and plain-word
glossary terms add the report's own vocabulary to the search.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from qa.cqc.councils import CouncilNames
from qa.cqc.corpus_questions import COUNTED, CorpusQuestion, classify as classify_corpus
from qa.cqc.council_facts import VersusQuestion, asks_versus
from qa.cqc.glossary import TERMS
from qa.cqc.score_questions import ScoreQuestion, classify, statements_named
from qa.search.intent import (RELATIVE_TIME, about_everything, asks_earlier, asks_framework, judges_whole,
                              party_asked, proper_names, reason, relative_time, views_of, wants_name)
from qa.search.figure_kind import figure_kinds
from qa.text import contains_run, normalise
from qa.tokens import spelled_out, tokenize, words
from qa.types import ReportCard


@dataclass(frozen=True)
class Query:
    """Everything known about a question, worked out once: what to search for, which report it is about, what
    kind of answer it wants, and what in it the corpus never mentions. ``parse_query`` reads the words;
    ``qa.search.understand`` adds what needs the index (scope, unknown names)."""

    question: str
    text: str  # what is embedded: the council's name made neutral ("the council", "the area"), still a question
    tokens: tuple[str, ...]
    expansion: tuple[str, ...]  # report terms for the question's acronyms and plain words
    report: str | None  # the report the question names
    other_council: str | None  # a council the question names that no report in the corpus covers
    score: ScoreQuestion | None = None  # set when the question asks for a score or the rating
    figure: str | None = None  # the kind of figure asked for ("percent", "money", ...; qa.search.figure_kind)
    scope: str | None = None  # the report searched: the --report limit, else the report the question names
    unknown: str | None = None  # a name in the question that the report(s) searched never mention
    unseen: float = 0.0  # share of the search tokens the report(s) searched never use
    other_mentioned: bool = False  # whether some report mentions ``other_council`` all the same
    reports: tuple[str, ...] = ()  # every report the question names, in its order ("Compare A and B")
    other_councils: tuple[str, ...] = ()  # every named council no report covers
    corpus: CorpusQuestion | None = None  # a question over every report's scores (corpora of 2+ reports)

    @property
    def across(self) -> bool:
        """Whether the question names several councils, to be answered for each side by side."""
        return len(self.reports) + len(self.other_councils) >= 2 and bool(self.reports)
    framework: bool = False  # asks what CQC's framework expects: its standard text may answer
    relative: bool = False  # dated by "now" ("last year", "recently"): the latest period the report gives
    reason: str | None = None  # "why", "improve" or "strengths": answered from the report's own reasons
    whole: bool = False  # what went well, needs to improve, or a group thinks, of the council as a whole: its summary
    views: str | None = None  # the group whose views are asked about ("carers")
    party: str | None = None  # a named body whose own findings are asked for ("Healthwatch Derby")
    equivalents: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = ()  # (question's tokens, report's tokens)
    name: bool = False  # asks for a name ("who chairs...", "which organisation..."): the answer must give one
    earlier: bool = False  # asks about a time before the assessment ("the previous rating")
    names: tuple[str, ...] = ()  # particular things the question names ("Perth House"): its answer must speak of them
    versus: VersusQuestion | None = None  # one council's national figure against the country's (its facts answer)
    also: str | None = None  # a second kind of figure asked ("..., and what was the median wait?")


_HOW_MUCH = re.compile(r"\bhow (?:many|much|long|often|quickly|soon)\b", re.I)
_COMPARE = re.compile(r"\b(?:compare[sd]?|comparing|comparison|versus|vs\.?|against each other)\b", re.I)
# "Which did better on safeguarding, A or B?": a judgement between the councils named
_JUDGED = re.compile(r"\b(?:better|worse|best|worst|stronger|weaker|poorer)\b", re.I)


def parse_query(question: str, cards: dict[str, ReportCard], abbreviations: dict[str, str],
                councils: CouncilNames | None = None) -> Query:
    councils = councils or CouncilNames(cards)
    question_text = spelled_out(re.sub(r"\s*&\s*", " and ", question))  # "Windsor & Maidenhead", "wks"
    norm = normalise(re.sub(r"['’]s\b", "", question_text))
    report, matched = councils.named(norm, question_text)
    every = councils.every(norm, question_text)
    aliases = tuple(alias for _, alias in every) or ((matched,) if matched else ())
    others = councils.others(norm, aliases, question_text)
    if len(every) > 1:
        report = None  # several councils: each is answered on its own (``Query.across``)
    text = searched = question_text
    for alias in aliases:
        pattern = r"(?:\bthe\s+)?\b" + r"[\W_]+".join(map(re.escape, alias.split())) + \
                  r"(?:['’]s)?(?:[\W_]+(?:city|county|borough|district))?(?:[\W_]+council)?(?:['’]s)?\b" + \
                  r"(?!\s+(?-i:[A-Z]))"  # "Leeds Direct" names a service, not the council: keep it
        searched = " ".join(re.sub(pattern, " ", searched, flags=re.I).split()) or question
        neutral = re.sub(pattern, lambda m: " the council " if re.search(r"council\W*s?$", m.group(), re.I)
                         else " the area ", text, flags=re.I)
        text = re.sub(r"\s+([?.!,;:])", r"\1", " ".join(neutral.split()))
    if not aliases:
        text = searched = question
    # "last year" is no word to look for: a report says "in 2023/24", and the answer names the latest period
    searched = " ".join(RELATIVE_TIME.sub(" ", searched).split()) or searched
    tokens = tuple(tokenize(searched))
    pairs = _equivalents(tokens, words(searched), abbreviations)
    expansion = tuple(t for t in dict.fromkeys(t for _, said in pairs for t in said) if t not in tokens)
    names = proper_names(text)
    score = classify(question)
    if score is None and len(every) > 1 and (_COMPARE.search(question) or _JUDGED.search(question) and not
                                             COUNTED.search(norm)) and not _HOW_MUCH.search(question) and \
            (named := statements_named(question)):  # "compare safeguarding in A and B", "which did better on
        score = ScoreQuestion("statement", statements=tuple(named))  # safeguarding, A or B?": their scores; "how
        # long ... a needs assessment ... compared", "more safeguarding concerns": the passages
    if score is not None and score.kind == "overall" and names:
        score = None  # "Perth House CQC rating": a service's rating, not the council's
    why, group = reason(question), views_of(question)
    elsewhere = {w for o in others for w in tokenize(o)}  # "than Leeds": a council the corpus lacks is no topic
    if score is None and every and not why and not set(names) - set(others) and \
            judges_whole(question, tuple(t for t in tokens if t not in elsewhere)):
        score = ScoreQuestion("overall")  # "Is Brackenfold better than Derby?", "is wyemarsh any good": ratings
    party = party_asked(question_text, frozenset(w for alias in aliases for w in alias.lower().split()))
    group = None if party else group  # "What did Healthwatch find about people's experiences?": Healthwatch's
    kinds = figure_kinds(question_text)  # ("how many ..., and what was the median wait?": a count, then a wait)
    return Query(question, text, tokens, expansion, report,
                 councils.other(norm, matched, question_text), score, kinds[0],
                 reports=tuple(rid for rid, _ in every), other_councils=others,
                 corpus=classify_corpus(question, report) if len(cards) > 1 and len(every) < 2 else None,
                 framework=asks_framework(question), relative=relative_time(question_text), equivalents=pairs,
                 reason=why, whole=score is None and about_everything(question, tokens, why, group),
                 views=group, party=party, name=wants_name(question),
                 earlier=asks_earlier(question), names=names, versus=asks_versus(text),
                 also=kinds[1])


@lru_cache(maxsize=4096)
def _phrase(text: str) -> list[str]:
    """Tokens of a glossary or abbreviation phrase; cached because every question checks them all."""
    return tokenize(text)


def _equivalents(tokens: tuple[str, ...], question_words: tuple[str, ...],
                 abbreviations: dict[str, str]) -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
    """(the question's tokens, the report's tokens for them) for each acronym the reports define and each glossary
    phrase the question uses: the search adds the report's words, and an answer holding them covers the question's."""
    pairs: list[tuple[tuple[str, ...], tuple[str, ...]]] = []
    for short, long in abbreviations.items():
        long_tokens = tuple(_phrase(long))
        short_tokens = tuple(_phrase(short))
        if contains_run(tokens, short_tokens):
            pairs.append((short_tokens, long_tokens))
        elif contains_run(tokens, long_tokens):
            pairs.append((long_tokens, short_tokens))
    fired: dict[int, tuple[str, ...]] = {}
    folded = _fold(question_words)
    for i, word in enumerate(folded):
        for phrase, entry in _glossary_phrases().get(word, ()):
            if entry not in fired and folded[i : i + len(phrase)] == phrase:  # the question's own words stand for
                fired[entry] = tuple(_phrase(" ".join(question_words[i : i + len(phrase)])))  # the report's
    for entry in sorted(fired):
        pairs.append((fired[entry], tuple(_phrase(TERMS[entry][0]))))
    return tuple(pairs)


@lru_cache(maxsize=1)
def _glossary_phrases() -> dict[str, list[tuple[tuple[str, ...], int]]]:
    """Glossary phrases by their first word, so a question is checked against the phrases its words start, not
    all 900 (that scan cost 1.5 ms a question)."""
    out: dict[str, list[tuple[tuple[str, ...], int]]] = {}
    entries = [entry for entry, (_, plain) in enumerate(TERMS) for _ in plain]
    # one pass of ``words`` over every phrase, cut at a marker no phrase holds: the same words as a call per
    # phrase (it reads character by character and word by word), in a tenth of the time a one-shot question pays
    phrases: list[tuple[str, ...]] = [()]
    for w in words(f" {_CUT} ".join(p for _, plain in TERMS for p in plain)):
        if w == _CUT:
            phrases.append(())
        else:
            phrases[-1] += (w,)
    for entry, p in zip(entries, phrases, strict=True):
        phrase = _fold(p)
        if phrase:
            out.setdefault(phrase[0], []).append((phrase, entry))
    return out


_CUT = "0cut0"


# "how much I have to pay" is said of oneself, a relative or anyone: the glossary's phrases match whoever is named.
_PERSON = {w: "i" for w in "i me my mine we us our you your he him his she her they them their someone somebody".split()}
# ...and "look after my mum" is said of my husband, my daughter or my neighbour alike (only after "my", "his",
# ...: "a child of a disabled parent" keeps who is who)
KIN = frozenset("mum mom mother dad father husband wife partner spouse son daughter child brother sister parent "
                "grandmother grandfather gran nan grandad grandparent aunt uncle relative friend neighbour "
                "neighbor".split())


def _fold(phrase: tuple[str, ...]) -> tuple[str, ...]:
    if not any(w in _PERSON for w in phrase):
        return phrase  # (most phrases name no one: nothing to fold, and "kin" only follows a person word)
    folded = [_PERSON.get(w, w) for w in phrase]
    return tuple("kin" if w in KIN and n and folded[n - 1] == "i" else f for n, (w, f) in enumerate(zip(phrase, folded)))
