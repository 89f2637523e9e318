"""Which national figures are about the same measure, however each report words it.

A measure phrase ("carers were able to spend time doing things they value or enjoy", "The proportion of people
who use services who said they feel safe") becomes its key: its words, lower-cased and stemmed, less stop words,
the words every measure shares ("people", "proportion", "said" ...), numbers and the council's own name, plus a
tag for each concept of ``measures.json`` it names (the national surveys' measures by their usual wordings: "a
break from caring" and "time doing things they value or enjoy" are one measure). Then:

- two facts are the same measure when they are about the same people (carers, staff, providers, or the people
  who use services: ``POPULATIONS``), do not name only different concepts, and either name a concept in common
  or the Dice overlap of their keys is at least ``SAME`` (0.5);
- a question's words match a fact when they are about the same people and either name a concept in common or at
  least ``ASKED`` (0.5) of the question's key is in the fact's.

    >>> same("carers felt they could take a break from caring", "carers had time doing things they enjoy")
    True
    >>> same("carers said they felt safe", "people who use services said they feel safe")
    False
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from qa.text import normalise
from qa.tokens import STOP_WORDS, stem

SAME, ASKED = 0.5, 0.5
GENERIC = frozenset("people person adult adults proportion percentage percent per cent share number amount total "
                    "rate figure data said say says told report reported national nationally england english "
                    "average averages local authority council councils area able overall".split())
QUESTION_WORDS = frozenset("which who what how many much are is were was below above under over higher lower "
                           "better worse than beneath exceed exceeding compared compare comparison against regional "
                           "on for by each every all corpus rank ranked ranking order highest lowest best worst most "
                           "least top bottom get getting got have has do does did give show shown list".split())
POPULATIONS = {"carer": "carers", "staff": "staff", "worker": "staff", "workforce": "staff", "provider": "providers"}
_FOLD = {"felt": "feel", "feeling": "feel", "feels": "feel", "satisfaction": "satisfied", "satisfy": "satisfied"}
_CONCEPTS: dict[str, list[tuple[str, ...]]] = {
    name: [tuple(_w for _w in normalise(p).split()) for p in phrases]
    for name, phrases in json.loads((Path(__file__).with_name("measures.json")).read_text(encoding="utf-8")).items()
}


def _word(w: str) -> str:
    w = _FOLD.get(w, w)
    return _FOLD.get(stem(w), stem(w))


@lru_cache(maxsize=4096)
def key(phrase: str, council: str | None = None, question: bool = False) -> frozenset[str]:
    """The measure's key: its content words stemmed, less the council's name, plus its concepts' tags."""
    drop = {w for w in normalise(council or "").split()} | {"county", "city", "borough", "district", "metropolitan"}
    plain = normalise(phrase).split()
    words = [w for w in plain if w not in STOP_WORDS and w not in GENERIC and w not in drop
             and not any(ch.isdigit() for ch in w) and not (question and w in QUESTION_WORDS)]
    out = {_word(w) for w in words}
    for name, phrases in _CONCEPTS.items():
        if any(_run(plain, p) for p in phrases):
            out.add("@" + name)
    return frozenset(out)


def _run(words: list[str], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    return any(tuple(words[i:i + n]) == phrase for i in range(len(words) - n + 1))


def population(k: frozenset[str]) -> frozenset[str]:
    """Whom the measure counts: carers, staff, providers, or (empty) the people who use services."""
    return frozenset(POPULATIONS[w] for w in k if w in POPULATIONS)


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Dice overlap of two keys; 0 when they count different people."""
    if not a or not b or population(a) != population(b) or _other_concepts(a, b):
        return 0.0
    if concepts(a) & concepts(b):
        return 1.0
    return 2 * len(a & b) / (len(a) + len(b))


def coverage(asked: frozenset[str], k: frozenset[str]) -> float:
    """The share of a question's key the fact's key holds; 0 when they count different people."""
    if not asked or population(asked) != population(k) or _other_concepts(asked, k):
        return 0.0
    if concepts(asked) & concepts(k):
        return 1.0
    return len(asked & k) / len(asked)


def concepts(k: frozenset[str]) -> frozenset[str]:
    return frozenset(w for w in k if w.startswith("@"))


def _other_concepts(a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether both name concepts and none in common: "feel in control of their daily life" is not "feel safe",
    however many other words the two share."""
    ca, cb = concepts(a), concepts(b)
    return bool(ca) and bool(cb) and not ca & cb


def same(a: str, b: str, council_a: str | None = None, council_b: str | None = None) -> bool:
    """Whether two measure phrases are the same measure."""
    return similarity(key(a, council_a), key(b, council_b)) >= SAME


def asked_key(question: str) -> frozenset[str]:
    """The measure a question asks about: its key without the question's own words ("which councils are below")."""
    return key(question, None, question=True)
