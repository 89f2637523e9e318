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

from qa.cqc.glossary import COUNCILS, TERMS
from qa.tokens import tokenize, words
from qa.cqc.scores import ScoreQuestion, classify
from qa.text import contains_run, normalise
from qa.types import ReportCard

_TRAILING_WORDS = {"council", "city", "county", "borough", "district", "corporation", "metropolitan"}
_COUNCIL_WORDS = {"city", "county", "borough", "metropolitan", "district", "council", "royal", "london", "of",
                  "the", "and", "corporation"}


@dataclass(frozen=True)
class Query:
    question: str
    text: str  # what is embedded: the council's name made neutral ("the council", "the area"), still a question
    tokens: tuple[str, ...]
    expansion: tuple[str, ...]  # report terms for the question's acronyms and plain words
    report: str | None  # the report the question names
    other_council: str | None  # a council the question names that no report in the corpus covers
    score: ScoreQuestion | None = None  # set when the question asks for a score or the rating


def council_aliases(card: ReportCard) -> list[str]:
    """Normalised ways to name the council: "leeds city council", "leeds city", "leeds"; and the name people use
    when the official one wraps it ("Royal Borough of Windsor and Maidenhead" -> "windsor and maidenhead",
    "Kingston upon Hull City Council" -> "hull"), taken from the national list of councils."""
    names = {normalise(card.council or ""), normalise(card.id.replace("-", " "))}
    out = set()
    for name in names:
        if not name:
            continue
        out.add(name)
        words = name.split()
        while words and words[-1] in _TRAILING_WORDS:
            words = words[:-1]
            if words:
                out.add(" ".join(words))
        core = [w for w in name.split() if w not in _COUNCIL_WORDS]
        if core:
            out.add(" ".join(core))
        known = [short for short in _OTHER_COUNCILS if f" {short} " in f" {name} "]
        if known:
            out.add(max(known, key=len))
    return sorted(out, key=len, reverse=True)


_OTHER_COUNCILS = {normalise(name): name for name in COUNCILS}


class CouncilNames:
    """Every way the corpus's councils are named, for looking up a question's phrases in one pass.

    Built once per index: with 150 reports, building the aliases and their patterns per question cost 45 ms.
    """

    def __init__(self, cards: dict[str, ReportCard]) -> None:
        self.reports: dict[str, str] = {}
        for card in cards.values():
            for alias in council_aliases(card):
                self.reports.setdefault(alias, card.id)
        self.longest = max([len(a.split()) for a in self.reports] + [len(n.split()) for n in _OTHER_COUNCILS])

    def _phrases(self, norm: str):
        """Every run of 1..longest words in the question, longest first."""
        words = norm.split()
        for n in range(min(self.longest, len(words)), 0, -1):
            for i in range(len(words) - n + 1):
                yield " ".join(words[i : i + n])

    def named(self, norm: str, question: str = "") -> tuple[str | None, str | None]:
        """(report id, the alias that named it) for the longest council name in the question."""
        for phrase in self._phrases(norm):
            if phrase in self.reports and _written_as_name(question, phrase):
                return self.reports[phrase], phrase
        return None, None

    def other(self, norm: str, matched: str | None, question: str = "") -> str | None:
        """A council the question names that the corpus does not hold."""
        for phrase in self._phrases(norm):
            if phrase in _OTHER_COUNCILS and phrase not in self.reports and not (matched and phrase in matched) \
                    and _written_as_name(question, phrase):
                return _OTHER_COUNCILS[phrase]
        return None


def _written_as_name(question: str, phrase: str) -> bool:
    """Whether the question writes ``phrase`` as a name: capitalised, unless the question shows no capitals to
    go by. "people with reading difficulties" is not the council Reading; "what did leeds score" is Leeds."""
    if not question or not any(c.isupper() for c in question[1:]):
        return True
    pattern = r"\b" + r"[\W_]+".join(map(re.escape, phrase.split())) + r"(?:['’]?s)?\b"
    return any(m.group()[0].isupper() for m in re.finditer(pattern, question, flags=re.I))


def parse_query(question: str, cards: dict[str, ReportCard], abbreviations: dict[str, str],
                councils: CouncilNames | None = None) -> Query:
    councils = councils or CouncilNames(cards)
    question_text = re.sub(r"\s*&\s*", " and ", question)  # "Windsor & Maidenhead"
    norm = normalise(re.sub(r"['’]s\b", "", question_text))
    report, matched = councils.named(norm, question_text)
    text = searched = question
    if matched:
        pattern = r"(?:\bthe\s+)?\b" + r"[\W_]+".join(map(re.escape, matched.split())) + \
                  r"(?:['’]s)?(?:[\W_]+(?:city|county|borough|district))?(?:[\W_]+council)?(?:['’]s)?\b" + \
                  r"(?!\s+(?-i:[A-Z]))"  # "Leeds Direct" names a service, not the council: keep it
        searched = " ".join(re.sub(pattern, " ", question_text, flags=re.I).split()) or question
        neutral = re.sub(pattern, lambda m: " the council " if re.search(r"council\W*s?$", m.group(), re.I)
                         else " the area ", question_text, flags=re.I)
        text = re.sub(r"\s+([?.!,;:])", r"\1", " ".join(neutral.split()))
    tokens = tuple(tokenize(searched))
    return Query(question, text, tokens, _expansion(tokens, words(searched), abbreviations), report,
                 councils.other(norm, matched, question_text), classify(question))


@lru_cache(maxsize=4096)
def _phrase(text: str) -> list[str]:
    """Tokens of a glossary or abbreviation phrase; cached because every question checks them all."""
    return tokenize(text)


def _expansion(tokens: tuple[str, ...], question_words: tuple[str, ...],
               abbreviations: dict[str, str]) -> tuple[str, ...]:
    extra: list[str] = []
    for short, long in abbreviations.items():
        long_tokens = _phrase(long)
        short_tokens = _phrase(short)
        if contains_run(tokens, short_tokens):
            extra.extend(long_tokens)
        elif contains_run(tokens, long_tokens):
            extra.extend(short_tokens)
    fired: set[int] = set()
    for i, word in enumerate(question_words):
        for phrase, entry in _glossary_phrases().get(word, ()):
            if entry not in fired and question_words[i : i + len(phrase)] == phrase:
                fired.add(entry)
    for entry in sorted(fired):
        extra.extend(_phrase(TERMS[entry][0]))
    return tuple(t for t in dict.fromkeys(extra) if t not in tokens)


@lru_cache(maxsize=1)
def _glossary_phrases() -> dict[str, list[tuple[tuple[str, ...], int]]]:
    """Glossary phrases by their first word, so a question is checked against the phrases its words start, not
    all 900 (that scan cost 1.5 ms a question)."""
    out: dict[str, list[tuple[tuple[str, ...], int]]] = {}
    for entry, (_, plain) in enumerate(TERMS):
        for p in plain:
            phrase = words(p)
            if phrase:
                out.setdefault(phrase[0], []).append((phrase, entry))
    return out
