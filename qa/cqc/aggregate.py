"""Rules across reports, on the parsed scores, ratings and dates of every report card (never on passages).

Each council's figure for a question is a ``Figure``: its value and the spans it rests on (a statement's score
line; every score line of a theme or of the whole table for an average; the rating line; the publication line).
The answers always name their base, "of the 5 councils in this corpus", since the corpus is not the country.

The overall percentage follows CQC's rule: the sum of the statement scores over the most they could be (4 for
each statement scored). Reports in this corpus do not state it, so it is labelled "computed".

    >>> figures = measure(("Safeguarding",), cards)  # doctest: +SKIP
    >>> [f.card.council for f in extreme(figures, best=False)]  # doctest: +SKIP
    ['Southmere District Council', 'Westbridge City Council']
"""

from __future__ import annotations

import math
import operator
from dataclasses import dataclass

from qa.cqc.framework import RATINGS
from qa.cqc.score_answers import scores_of
from qa.text import normalise
from qa.types import ReportCard, Span

OPS = {"eq": operator.eq, "ge": operator.ge, "gt": operator.gt, "le": operator.le, "lt": operator.lt}
OP_WORDS = {"eq": "scored", "ge": "scored at least", "gt": "scored more than", "le": "scored at most",
            "lt": "scored below"}


@dataclass(frozen=True)
class Figure:
    """One council's value for what is asked, and the spans of its report that the value rests on."""

    card: ReportCard
    value: float
    spans: tuple[Span, ...]
    stated: bool = False  # the report states the value itself (an overall percentage), rather than qa working it out

    @property
    def name(self) -> str:
        return self.card.council or self.card.title


def measure(statements: tuple[str, ...], cards: list[ReportCard]) -> list[Figure]:
    """Each card's score for one statement, or the mean of several (a theme), or of all it scores (none named).

    A card without the statement(s) is left out: it has nothing to compare."""
    out = []
    for card in cards:
        scores = [s for s in scores_of(card) if not statements or s.statement in statements]
        if not scores or (statements and len(scores) < len(statements)):
            continue
        out.append(Figure(card, sum(s.score for s in scores) / len(scores), tuple(s.span for s in scores)))
    return out


def percentage(card: ReportCard) -> Figure | None:
    """CQC's overall percentage: as the report states it ("scored 64 out of 100"), else computed by CQC's rule,
    sum of the statement scores / (4 x statements scored) x 100, citing every score it rests on."""
    stated = card.percentage
    if stated is not None and stated.stated and stated.span is not None:
        return Figure(card, float(stated.value), (stated.span,), stated=True)
    scores = scores_of(card)
    if not scores:
        return None
    return Figure(card, 100 * sum(s.score for s in scores) / (4 * len(scores)), tuple(s.span for s in scores))


def matching(figures: list[Figure], op: str, value: float) -> list[Figure]:
    """The figures that satisfy ``value`` under ``op`` ("eq", "ge", "gt", "le", "lt")."""
    return [f for f in figures if OPS[op](round(f.value, 6), value)]


def any_statement(cards: list[ReportCard], op: str, value: int) -> list[Figure]:
    """Councils with at least one statement scored ``op value``; each cites just those statements."""
    out = []
    for card in cards:
        hits = [s for s in scores_of(card) if OPS[op](s.score, value)]
        if hits:
            out.append(Figure(card, len(hits), tuple(s.span for s in hits)))
    return out


def extreme(figures: list[Figure], best: bool = True, digits: int = 6) -> list[Figure]:
    """Every figure that shares the highest (or lowest) value to ``digits`` decimals: ties name all of them, in
    corpus order."""
    if not figures:
        return []
    pick = (max if best else min)(_rounded(f.value, digits) for f in figures)
    return [f for f in figures if _rounded(f.value, digits) == pick]


def ranked(figures: list[Figure], best_first: bool = True, digits: int = 6) -> list[tuple[int, Figure]]:
    """(place, figure) best first; values equal to ``digits`` decimals share a place ("1, 1, 3"), then go by
    name."""
    sign = -1 if best_first else 1
    order = sorted(figures, key=lambda f: (sign * _rounded(f.value, digits), f.name))
    out, place = [], 0
    for n, f in enumerate(order, start=1):
        if n == 1 or _rounded(f.value, digits) != _rounded(order[n - 2].value, digits):
            place = n
        out.append((place, f))
    return out


def _rounded(value: float, digits: int) -> float:
    """Half up, as a percentage is written: 62.5 is 63 (Python's round() gives 62)."""
    return math.floor(value * 10 ** digits + 0.5) / 10 ** digits


def precision(figures: list[Figure]) -> int:
    """The decimals overall percentages can be compared at: whole numbers when a report states its own (CQC
    states "72%", which a computed 72.2% from the same 26 of 36 is no better than)."""
    return 0 if any(f.stated for f in figures) else 6


def mean(figures: list[Figure]) -> float | None:
    return sum(f.value for f in figures) / len(figures) if figures else None


def rated(cards: list[ReportCard], rating: str) -> list[Figure]:
    """Councils whose overall rating is ``rating`` (value 1), citing the rating line."""
    want = normalise(rating)
    return [Figure(c, 1, (c.rating,)) for c in cards if c.rating and normalise(c.rating.text) == want]


def ratings(cards: list[ReportCard]) -> dict[str, list[Figure]]:
    """Councils by overall rating as written, ratings in the order first met."""
    out: dict[str, list[Figure]] = {}
    for c in cards:
        if c.rating:
            out.setdefault(c.rating.text, []).append(Figure(c, 1, (c.rating,)))
    return out


def extreme_rating(cards: list[ReportCard], best: bool = True, every: bool = False) -> list[Figure]:
    """The councils with the best (or worst) overall rating in CQC's order, Outstanding to Inadequate, citing the
    rating line; ``every``: all rated councils, best (or worst) first. Value: the rating's place in that order."""
    order = {normalise(r): n for n, r in enumerate(RATINGS)}
    figures = [Figure(c, order[normalise(c.rating.text)], (c.rating,)) for c in cards
               if c.rating and normalise(c.rating.text) in order]
    if every:
        return sorted(figures, key=lambda f: f.value if best else -f.value)
    return extreme(figures, best=not best)  # the best rating is the first in the order


def dated(cards: list[ReportCard], newest: bool = True) -> list[Figure]:
    """The most recent (or oldest) assessments by publication date; ties name all. Value: days since 1 Jan 1 AD."""
    from datetime import date

    figures = [Figure(c, date.fromisoformat(c.published).toordinal(), (c.published_at,))
               for c in cards if c.published and c.published_at]
    return extreme(figures, best=newest)
