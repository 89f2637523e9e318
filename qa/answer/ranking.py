"""Which council leads on a figure: "Which council has the longest median wait?" asks for an order, not a list.

Each council's own answer quotes its figure; the councils are put in order of the figure of the kind asked (a
wait in days, a count, a share, a sum), the one after the statistic the question names when a sentence gives
several ("The median wait was 112 days and the longest wait was 19 months": 112 days for the median), and the
leader is named on a line of its own. A council whose answer gives no such figure keeps its place after them.
"""

from __future__ import annotations

import re

from qa.answer.figures import FIGURES

# The word that asks for the top of the order, and which end is the top
_MORE = re.compile(r"\b(longest|highest|most|biggest|largest|greatest|slowest)\b", re.I)
_LESS = re.compile(r"\b(shortest|lowest|least|fewest|smallest|quickest|fastest)\b", re.I)
_STATISTIC = re.compile(r"\b(median|average|mean|typical|longest|maximum|shortest|minimum)\b", re.I)
_DAYS = {"hour": 1 / 24, "hr": 1 / 24, "day": 1, "week": 7, "month": 30.44, "year": 365.25}
_DURATION = re.compile(r"(\d[\d,]*(?:\.\d+)?)(?:\s*(?:-|–|to)\s*\d[\d,]*(?:\.\d+)?)?[\s-]*(?:working\s+)?"
                       r"(hour|hr|day|week|month|year)s?\b", re.I)
_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s?%")
_MONEY = re.compile(r"£\s?(\d[\d,]*(?:\.\d+)?)\s?(million|billion|bn|m|k)?\b", re.I)
_SCALE = {"k": 1e3, "m": 1e6, "million": 1e6, "bn": 1e9, "billion": 1e9}


def direction(question: str) -> tuple[str, int] | None:
    """(the question's word for the top, +1 for the highest figure first or -1 for the lowest), or None."""
    found = [(m.start(), m.group(1).lower(), sign) for pattern, sign in ((_MORE, 1), (_LESS, -1))
             if (m := pattern.search(question))]
    return min(found)[1:] if found else None  # the first: "the shortest longest wait" asks for the shortest


def figure_value(text: str, kind: str | None, question: str) -> tuple[float, str] | None:
    """(the figure as a number to order by, as the report writes it) of the kind asked in ``text``, or None."""
    pattern = {"duration": _DURATION, "percent": _PERCENT, "money": _MONEY, "count": FIGURES["count"]}.get(kind or "")
    if pattern is None:
        return None
    found = list(pattern.finditer(text))
    if not found:
        return None
    m = found[0]
    way = direction(question)
    said = next((w for w in _STATISTIC.finditer(question) if not way or w.group(1).lower() != way[0]), None)
    if said and len(found) > 1:  # the figure right after the statistic asked ("the median wait was 112 days")
        at = [w.end() for w in re.finditer(rf"\b{said.group(1)}\b", text, re.I)]
        after = [f for f in found if any(a <= f.start() for a in at)]
        m = min(after, key=lambda f: min(f.start() - a for a in at if a <= f.start()), default=m)
    elif way and len(found) > 1 and (head := _head(question, way[0])):  # "the biggest budget overspend": the
        at = [w.start() for w in re.finditer(rf"\b{re.escape(head)}", text, re.I)]  # figure nearest "overspend"
        m = min(found, key=lambda f: min(abs(f.start() - a) for a in at)) if at else m
    number = float(m.group(1).replace(",", "")) if kind != "count" else float(m.group().replace(",", ""))
    if kind == "duration":
        number *= _DAYS[m.group(2).lower()]
    elif kind == "money" and m.group(2):
        number *= _SCALE[m.group(2).lower()]
    return number, m.group().strip()


def _head(question: str, word: str) -> str | None:
    """The start of the word the top is asked of: "overspend" in "the biggest budget overspend?" (the last word
    before a preposition or the end), five letters of it so that its forms match ("overspent")."""
    m = re.search(rf"\b{word}\s+((?:[\w'’-]+\s+){{0,3}}?[\w'’-]+?)(?=\s+(?:for|of|in|at|on|among|across|by|to|"
                  r"with|than|and|or|was|were|is|are)\b|\s*[?.!]|\s*$)", question, re.I)
    return m.group(1).split()[-1].lower()[:5] if m else None


def in_order(question: str, kind: str | None, parts: list, text_of, name_of) -> tuple[list, str | None]:
    """``parts`` in order of the figure their text (``text_of(part)``) gives, and the line naming the leader
    ("Longest: Corrow City Council (112 days), ..."; every council that ties); ``parts`` as they were and None
    when the question asks for no order or fewer than two of them give a figure."""
    way = direction(question)
    if kind is None and way and way[0] in ("most", "fewest"):  # "the most people waiting": a count
        kind = "count"
    valued = [(part, figure_value(text_of(part), kind, question)) for part in parts] if way else []
    with_value = sorted(((p, v) for p, v in valued if v is not None), key=lambda pv: -way[1] * pv[1][0])
    if len(with_value) < 2:
        return parts, None
    leaders = [f"{name_of(p)} ({v[1]})" for p, v in with_value if v[0] == with_value[0][1][0]]
    ordered = [p for p, _ in with_value] + [p for p, v in valued if v is None]
    return ordered, f"{way[0].capitalize()}: {' and '.join(leaders)}, of the councils whose reports give the figure."
