"""Council names: how a question names a council, and which councils there are.

A council's name in a question says which report to read; one the corpus does not hold must be recognised too,
so the answer can say the corpus has no report for it. People use the name inside the official one ("Windsor
and Maidenhead" for the Royal Borough of Windsor and Maidenhead), so the national list (councils.txt, a data
file beside this module) supplies the names people use.
"""

from __future__ import annotations

import difflib
import re
from functools import lru_cache
from pathlib import Path

from qa.text import normalise
from qa.types import ReportCard

# The councils with adult social care duties in England, as readers name them (a data file beside this module).
COUNCILS: tuple[str, ...] = tuple(
    line.strip() for line in Path(__file__).with_name("councils.txt").read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#")
)

_COMPASS = {"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central", "mid"}
_TRAILING_WORDS = {"council", "city", "county", "borough", "district", "corporation", "metropolitan"}
# The kinds of council a name may say ("Kelby Metropolitan Borough Council"): no topic of a question.
COUNCIL_KINDS = frozenset("council councils borough city county district metropolitan unitary".split())
_COUNCIL_WORDS = {"city", "county", "borough", "metropolitan", "district", "council", "royal", "london", "of",
                  "the", "and", "corporation"}


def council_aliases(card: ReportCard) -> list[str]:
    """Normalised ways to name the council: "leeds city council", "leeds city", "leeds"; and the name people use
    when the official one wraps it ("Royal Borough of Windsor and Maidenhead" -> "windsor and maidenhead",
    "Kingston upon Hull City Council" -> "hull"), taken from the national list of councils."""
    council, named = normalise(card.council or ""), normalise(card.id.replace("-", " "))
    # the report's id names the council only when the file is named after it ("report.pdf" makes no "report"):
    # a word of its name ("North Somerset": not "north" alone), or its initials ("rbwm.pdf")
    own = set(council.split()) - _COUNCIL_WORDS - _COMPASS
    initials = "".join(w[0] for w in council.split() if w not in ("of", "and", "the", "upon"))
    names = {council, named} if not council or own & set(named.split()) or named == initials else {council}
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


def english_council(name: str) -> bool:
    """Whether ``name`` is one of England's councils with adult social care duties ("Nottingham City Council")."""
    words = normalise(name).split()
    while words and words[-1] in _TRAILING_WORDS:
        words.pop()
    return " ".join(words) in _OTHER_COUNCILS


@lru_cache(maxsize=8)
def _name_words(names: tuple[str, ...]) -> tuple[frozenset[str], dict[str, str]]:
    """Every word of the councils' names, and each of four letters or more with the name it is in."""
    return (frozenset(w.lower() for n in names for w in n.split()),
            {w.lower(): n for n in names for w in n.split() if len(w) >= 4})


@lru_cache(maxsize=4096)
def _close(word: str, names: tuple[str, ...], cutoff: float) -> tuple[tuple[str, str], ...]:
    """(a name's word, the name) for the (at most two) words of ``names`` this close to ``word``: asked once per
    word and corpus, not once per question."""
    words = _name_words(names)[1]
    return tuple((w, words[w]) for w in difflib.get_close_matches(word.lower(), list(words), n=2, cutoff=cutoff))


def misspelt_council(word: str, names) -> str | None:
    """The one of ``names`` with a word close to ``word`` ("Harowfeld": Harrowfield City Council), else None."""
    near = _close(word, tuple(names), 0.75)
    return near[0][1] if near else None


_FIRST_WORDS = frozenset(n.split()[0] for n in _OTHER_COUNCILS if n)


def _misspellings(question: str, names: tuple[str, ...]):
    """Each capitalised word of ``question`` that is no word of ``names`` nor another council's ("Salford"), with
    its match."""
    own = _name_words(names)[0]
    for m in re.finditer(r"\b[A-Z][a-z]{3,}\b", question):
        word = m.group().lower()
        if word not in own and word.rstrip("s") not in own and word not in _FIRST_WORDS:
            yield m


def corrected(question: str, names) -> tuple[str, str | None]:
    """The question with a misspelt council's name put right when one council alone is that close ("Ashcomb",
    "Falowfield": 0.85 of its letters alike), and what was taken for what; else the question and None."""
    names = tuple(names)
    for m in _misspellings(question, names):
        near = _close(m.group(), names, 0.85)
        if len(near) == 1:
            word, name = near[0]
            right = next(w for w in name.split() if w.lower() == word)
            return question[: m.start()] + right + question[m.end():], f"'{m.group()}' as {name}"
    return question, None


def misspelt_in(question: str, names) -> str | None:
    """A capitalised word of the question that misspells a council's name (less closely: a "did you mean")."""
    names = tuple(names)
    return next((m.group() for m in _misspellings(question, names) if _close(m.group(), names, 0.75)), None)


def one_per_council(cards) -> list:
    """The report cards with one report per council: a council saved twice (its web pages and its PDF) counts once
    across councils ("Of the 6 councils ..."), by its latest report; cards naming no council all count."""
    kept: dict[str, object] = {}
    out = []
    # the latest report; of two alike, the one named after its council ("dunmere-county-council", not a copy)
    by_id = sorted(cards, key=lambda c: (c.id != re.sub(r"[^a-z0-9]+", "-", (c.council or "").lower()), c.id))
    for card in sorted(by_id, key=lambda c: c.published or "", reverse=True):
        if card.council is None:
            out.append(card)
        elif (key := card.council.lower()) not in kept:
            kept[key] = card
            out.append(card)
    order = {c.id: n for n, c in enumerate(cards)}
    return sorted(out, key=lambda c: order[c.id])


def twice_named(cards) -> list[str]:
    """A warning for each report of a council another report is of too, naming the one counted across councils."""
    kept = {c.council.lower(): c.id for c in one_per_council(cards) if c.council}
    return [f"{c.id}: another report of {c.council}; questions across councils count {kept[c.council.lower()]} "
            "only" for c in cards if c.council and kept[c.council.lower()] != c.id]


class CouncilNames:
    """Every way the corpus's councils are named, for looking up a question's phrases in one pass.

    Built once per index: with 150 reports, building the aliases and their patterns per question cost 45 ms.
    """

    def __init__(self, cards: dict[str, ReportCard]) -> None:
        self.reports: dict[str, str] = {}
        for card in cards.values():
            for alias in council_aliases(card):
                self.reports.setdefault(alias, card.id)
        self._shortened: set[str] = set()  # names shortened to their first word ("Kestrel" for Kestrel Bay)
        for word, rid in _first_words(cards).items():
            if word not in self.reports:
                self.reports[word] = rid
                self._shortened.add(word)
        self.longest = max([len(a.split()) for a in self.reports] + [len(n.split()) for n in _OTHER_COUNCILS])
        self.names = tuple(card.council for card in cards.values() if card.council)  # for misspellings

    def _phrases(self, norm: str):
        """Every run of 1..longest words in the question, longest first."""
        words = norm.split()
        for n in range(min(self.longest, len(words)), 0, -1):
            for i in range(len(words) - n + 1):
                yield " ".join(words[i : i + n])

    def named(self, norm: str, question: str = "") -> tuple[str | None, str | None]:
        """(report id, the alias that named it) for the longest council name in the question."""
        for phrase in self._phrases(norm):
            if phrase in self.reports and _written_as_name(question, phrase, phrase in self._shortened):
                return self.reports[phrase], phrase
        return None, None

    def every(self, norm: str, question: str = "") -> tuple[tuple[str, str], ...]:
        """(report id, alias) for each council of the corpus the question names, in the order it names them.

        Longest names first, and a shorter name inside one already taken does not count again: "Compare
        Northmoor and Eastvale" names two reports, "Leeds City Council" one.
        """
        taken: list[tuple[int, int]] = []
        found: dict[str, tuple[int, str]] = {}
        padded = f" {norm} "
        for phrase in self._phrases(norm):
            if phrase not in self.reports or not _written_as_name(question, phrase, phrase in self._shortened):
                continue
            for m in re.finditer(re.escape(f" {phrase} "), padded):
                span = (m.start() + 1, m.end() - 1)  # the name's own words: "A, B and C" puts one space between A and B
                if any(a < span[1] and span[0] < b for a, b in taken):
                    continue
                taken.append(span)
                found.setdefault(self.reports[phrase], (span[0], phrase))
        return tuple((rid, alias) for rid, (_, alias) in sorted(found.items(), key=lambda kv: kv[1][0]))

    def others(self, norm: str, matched: tuple[str, ...], question: str = "") -> tuple[str, ...]:
        """Every council the question names that the corpus does not hold, in the national list's spelling."""
        out: list[str] = []
        for phrase in self._phrases(norm):
            if phrase in _OTHER_COUNCILS and phrase not in self.reports \
                    and not any(phrase in m for m in matched) and not any(phrase in normalise(o) for o in out) \
                    and _written_as_name(question, phrase):
                out.append(_OTHER_COUNCILS[phrase])
        return tuple(out)

    def other(self, norm: str, matched: str | None, question: str = "") -> str | None:
        """A council the question names that the corpus does not hold."""
        for phrase in self._phrases(norm):
            if phrase in _OTHER_COUNCILS and phrase not in self.reports and not (matched and phrase in matched) \
                    and _written_as_name(question, phrase):
                return _OTHER_COUNCILS[phrase]
        return None


# Words that begin many councils' names: "North", "East", "Royal" alone name none of them.
_NOT_ALONE = frozenset("north south east west central mid greater upper lower new old great little royal city "
                       "county borough st saint the".split())


def _first_words(cards: dict[str, ReportCard]) -> dict[str, str]:
    """Readers shorten a name of several words to its first ("Kestrel" for Kestrel Bay, "Brighton" for Brighton and
    Hove): that word, when it begins no other council's name, in the corpus or in the national list, and is no
    compass point or title."""
    first: dict[str, list[str]] = {}
    for card in cards.values():
        core = [w for w in normalise(card.council or card.id.replace("-", " ")).split() if w not in _COUNCIL_WORDS]
        if len(core) > 1 and len(core[0]) >= 4 and core[0] not in _NOT_ALONE:
            first.setdefault(core[0], []).append(card.id)
    out = {}
    for word, ids in first.items():
        if len({normalise(cards[i].council or i) for i in ids}) > 1:
            continue  # two councils of the corpus begin so (one council's report twice, as PDF and page, is one)
        own = set(council_aliases(cards[ids[0]]))
        if not any(name.split()[0] == word and name not in own for name in _OTHER_COUNCILS):
            out[word] = ids[0]  # no council elsewhere begins so ("Cheshire" alone: Cheshire East, or West and Chester)
    return out


def _written_as_name(question: str, phrase: str, shortened: bool = False) -> bool:
    """Whether the question writes ``phrase`` as a name. A council's name that is no English word ("wyemarsh",
    "leeds") names it however it is written; one that is ("reading", "bury", "hull"), and a name shortened to its
    first word ("kestrel" for Kestrel Bay), only when capitalised, unless the question shows no capitals to go
    by: "people with reading difficulties" is not the council Reading, nor "a kestrel nests here" Kestrel Bay."""
    if phrase not in _ORDINARY_WORDS and not shortened:
        return True
    if not question or not any(c.isupper() for c in question[1:]):
        return True
    pattern = r"\b" + r"[\W_]+".join(map(re.escape, phrase.split())) + r"(?:['’]?s)?\b"
    return any(m.group()[0].isupper() for m in re.finditer(pattern, question, flags=re.I))


# Councils' names (or the one word a name is shortened to) that are also everyday English words.
_ORDINARY_WORDS = frozenset("reading bury bath harrow hull slough stoke hackney greenwich brent westminster".split())
