"""Questions over the national figures every report quotes, and the table of them that ``qa facts`` prints.

"Which councils are below the England average on carers getting a break?", "What share of people who use services
feel safe, by council?": each council's figure for the measure asked (``qa.cqc.measures`` matches it however the
report words it), cited to the sentence that states it, against the average the report compares it with. The
England average and "the national average" are one comparison for an English council; a regional one is not.

    >>> rows = fact_rows(cards, measure="feel safe")  # doctest: +SKIP
    >>> [(r.council, r.fact.value_text) for r in rows]  # doctest: +SKIP
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from qa.cqc import measures
from qa.cqc.facts import as_written, comparable
from qa.cqc.score_questions import SURVEY_SCORE
from qa.text import normalise
from qa.types import Fact, ReportCard, Span

_ASKS = re.compile(r"\b(?:england|national|nationally|regional|english) average\b|\bthe average for england\b|"
                   r"\b(?:share|proportion|percentage|per cent|percent|rate|fraction) of\b|\bhow many (?:carers|people)\b")
# "Which council does best on older people still at home ...?", "has the highest take-up of direct payments": a
# measure's figures, unless a statement's score asks
_DOES_BEST = re.compile(r"\b(?:do|does|did|doing|perform\w*|fare[sd]?) (?:best|worst|better|worse) (?:on|for|at|with)\b")
# "has the highest take-up of direct payments": a national measure named by its usual words (``measures.json``)
_HAS_MOST = re.compile(r"\b(?:has|had|have|with|gets?|got|shows?) the (?:highest|lowest|best|worst|top|most|least|"
                       r"largest|smallest|biggest)\b|\b(?:is|was|are|were) (?:the )?(?:best|worst) (?:for|on|at)\b")
_BELOW = re.compile(r"\b(?:below|under|beneath|lower than|worse than|less than|behind|short of)\b")
_ABOVE = re.compile(r"\b(?:above|over|higher than|better than|more than|exceed\w*|ahead of|beat\w*)\b")
_HIGH = re.compile(r"\b(?:highest|best|top|most|largest|biggest)\b")
_LOW = re.compile(r"\b(?:lowest|worst|bottom|least|smallest)\b")


@dataclass(frozen=True)
class FactRow:
    """One council's figure for one measure; ``group`` numbers the measure the same in every report."""

    report: str
    source: str
    council: str
    fact: Fact
    group: int


def asks_facts(question: str) -> dict | None:
    """What a question over the national figures asks ({"measure", "op", "best"}), or None if it is not one.

    "op" is "lt" (below the average), "gt" (above it) or None; "best" True/False for highest/lowest, else None.
    """
    norm = normalise(question.replace("%", " percent "))
    weak = not _ASKS.search(norm)
    named = _HAS_MOST.search(norm) and any(k.startswith("@") for k in measures.asked_key(question))
    if (weak and not _DOES_BEST.search(norm) and not named) or \
            re.search(r"\boverall (?:percentage|score)|\bpercentage score", norm) or \
            (re.search(r"\bscored?\b", norm) and not SURVEY_SCORE.search(norm)):  # (a survey's score is its figure)
        return None
    if not measures.asked_key(question):
        return None
    op = "lt" if _BELOW.search(norm) else "gt" if _ABOVE.search(norm) else None
    best = None if op else True if _HIGH.search(norm) else False if _LOW.search(norm) else None
    return {"measure": question, "op": op, "best": best, "rank": bool(re.search(r"\brank\w*|\border\b|\bleague\b", norm)),
            "weak": weak}


def matched(cards: list[ReportCard], question: str) -> list[tuple[ReportCard, Fact]]:
    """Each card's best fact for the measure the words ask about (the closest match at or over ``ASKED``)."""
    asked = measures.asked_key(question)
    best = []
    for card in cards:
        scored = [(measures.coverage(asked, k := measures.key(f.measure, card.council)), -n, k, f)
                  for n, f in enumerate(card.facts)]
        scored = [x for x in scored if x[0] >= measures.ASKED]
        if scored:
            best.append((card, max(scored, key=lambda x: x[:2])))
    if not best:
        return []
    # one measure only: the one the words fit best ("as much social contact as they would like"), not another that
    # shares some of them ("carers were satisfied with social services")
    lead = max(best, key=lambda cx: cx[1][:2])[1][2]
    return [(card, x[3]) for card, x in best if measures.similarity(lead, x[2]) >= measures.SAME]


def compose_facts(ask: dict, cards: list[ReportCard]) -> tuple[str, tuple[tuple[str, Span], ...]] | None:
    """(answer text with [n] markers, the (report id, span) each cites), or None when no report quotes the figure."""
    got = matched(cards, ask["measure"])
    if not got:
        return None
    cites: list[tuple[str, Span]] = []

    def shown(card: ReportCard, f: Fact) -> str:
        cites.append((card.id, f.span))
        against = f" against the {f.compared_to} of {as_written(f.comparison_text, f.unit)}" \
            if f.comparison is not None else f" ({f.relation} the {f.compared_to}, its figure not given)" \
            if f.relation else ""
        where = " ".join(x for x in (f.source, f.period) if x)
        return f"{card.council or card.title} {as_written(f.value_text, f.unit)}{against}{f' ({where})' if where else ''} [{len(cites)}]"

    base = f"Of the {len(cards)} council{'s' if len(cards) != 1 else ''} in this corpus"
    worded = "" if len({f.measure for _, f in got}) == 1 else " (or as each report words it)"
    quoted = f"{len(got)} quote{'s' if len(got) == 1 else ''} the figure for “{got[0][1].measure}”{worded}"
    silent = [c for c in cards if c not in [g[0] for g in got]]
    tail = (" " + _names(silent) + (" does" if len(silent) == 1 else " do") + " not quote it.") if silent else ""
    if ask["op"]:
        national = [(c, f) for c, f in got if comparable(f)]
        want = "below" if ask["op"] == "lt" else "above"
        hits = [(c, f) for c, f in national if f.relation == want]
        rest = [(c, f) for c, f in national if f.relation != want]
        if not national:
            return None
        head = f"{base}, {quoted} against the England (national) average; {len(hits)} " \
               f"{'is' if len(hits) == 1 else 'are'} {want} it"
        body = (": " + "; ".join(shown(c, f) for c, f in hits)) if hits else ""
        others = (f". Not {want} it: " + "; ".join(shown(c, f) for c, f in rest)) if rest else ""
        return head + body + others + "." + tail, tuple(cites)
    order = got
    if ask["best"] is not None or ask["rank"]:
        order = sorted(got, key=lambda cf: (-cf[1].value if ask["best"] is not False else cf[1].value,
                                            cf[0].council or cf[0].title))
    if ask["best"] is not None:
        pick = order[0][1].value
        top = [(c, f) for c, f in order if f.value == pick]
        word = "highest" if ask["best"] else "lowest"
        rest = [(c, f) for c, f in order if f.value != pick]
        return f"{base}, {quoted}; the {word} is " + " and ".join(shown(c, f) for c, f in top) + \
            (". The others: " + "; ".join(shown(c, f) for c, f in rest) if rest else "") + "." + tail, tuple(cites)
    if ask["rank"]:
        return f"{base}, {quoted}, ranked: " + "; ".join(f"{n}. {shown(c, f)}" for n, (c, f) in enumerate(order, 1)) \
            + "." + tail, tuple(cites)
    return f"{base}, {quoted}: " + "; ".join(shown(c, f) for c, f in order) + "." + tail, tuple(cites)


def fact_rows(cards: list[ReportCard], measure: str | None = None) -> list[FactRow]:
    """Every fact of ``cards`` (only those matching ``measure``, as a reader writes it), grouped by measure across
    reports, groups in the order first met, councils A-Z within a group."""
    asked = measures.asked_key(measure) if measure else None
    groups: list[frozenset[str]] = []
    rows = []
    for card in sorted(cards, key=lambda c: c.council or c.title):
        for f in card.facts:
            k = measures.key(f.measure, card.council)
            if asked is not None and measures.coverage(asked, k) < measures.ASKED:
                continue
            g = next((n for n, rep in enumerate(groups) if measures.similarity(rep, k) >= measures.SAME), None)
            if g is None:
                groups.append(k)
                g = len(groups) - 1
            rows.append(FactRow(card.id, card.source, card.council or card.title, f, g))
    return sorted(rows, key=lambda r: (r.group, r.council))


def _names(cards: list[ReportCard]) -> str:
    names = [c.council or c.title for c in cards]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
