"""One council's national figure against the country: "How does Derby compare with the England average on carers
getting a break?", "Is Testshire above the national average for people feeling safe?", "What share of carers in
Kelby are satisfied, against England?".

Such a question is answered from the council's facts (``qa.cqc.facts``): its value, the average the report compares
it with and what that average is, the survey and period, cited to the span that states them. A question is one of
these only when it asks for a comparison with the country (an England, national or regional average, "against
England", "compared nationally"): "What percentage of carers in Derby could take a break?" asks for a figure and is
answered from passages as before. When none of the council's facts is the measure asked, ``no_comparison`` says so
in words a reader can check ("the report gives no national comparison for carers are satisfied").

    >>> ask = asks_versus("Is Testshire above the national average for people feeling safe?")
    >>> ask.measure, ask.op
    ('people feeling safe', 'gt')
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from qa.cqc import measures
from qa.cqc.facts import as_written, comparable
from qa.text import normalise
from qa.types import Fact, ReportCard, Span

_AVERAGE = r"(?:england|englands|english|national|nationally|regional|the countrys|countrywide) averages?"
_VERSUS = re.compile(rf"\b{_AVERAGE}\b|\baverage (?:for|in|across|of) (?:england|the country)\b|"
                     r"\b(?:against|compared? (?:to|with)|comparison with|versus|vs|than|relative to|above|below)\s+"
                     r"(?:the\s+)?(?:rest of\s+)?(?:england|englands|nationally|national|the country)\b|"
                     r"\bcompar\w*\b.*\bnationally\b|\bnationally\b.*\bcompar\w*")
_SCORES = re.compile(r"\bscored?\b|\bscores\b|\boverall (?:percentage|score)|\bpercentage score|\brat(?:ed|ing)\b")
_BELOW = re.compile(r"\b(?:below|under|beneath|lower than|worse than|less than|behind|short of)\b")
_ABOVE = re.compile(r"\b(?:above|over|higher than|better than|more than|exceed\w*|ahead of)\b")
_YES_NO = re.compile(r"^(?:is|are|was|were|does|do|did|has|have)\b")
# what is taken off the question to leave the measure as the reader put it
_COMPARED = re.compile(r"[,;]?\s*(?:(?:when\s+)?compared?\s+(?:to|with)|in comparison (?:to|with)|against|versus|vs\.?|"
                       r"than|relative to|above|below|under|over|higher than|lower than|better than|worse than|"
                       r"in line with)?\s*(?:the\s+)?(?:rest of\s+)?(?:(?:England(?:['’]s)?|English|national|"
                       r"regional)\s+averages?(?:\s+(?:figure|rate))?|England|the country|nationally)\b", re.I)
_FRAME = re.compile(r"^(?:how (?:does|do|did|is|are|many|much)|is|are|was|were|does|do|did|has|have|what (?:is|was|are|were) "
                    r"(?:the )?|what|which)\s+", re.I)
_OF = re.compile(r"^(?:the\s+)?(?:share|proportion|percentage|per ?cent|percent|fraction|rate|number|figure)\s+"
                 r"(?:of|for)\s+", re.I)
_ON = re.compile(r"\b(?:on|for|in terms of|regarding|when it comes to|with regard to)\s+(?P<m>.+)$", re.I)


@dataclass(frozen=True)
class VersusQuestion:
    """A question setting one council's figure against the national (England) one."""

    asked: str  # the question, a council's name in it made neutral ("the area", as ``Query.text``)
    measure: str  # the measure as the question words it ("carers getting a break"), for saying none matches
    op: str | None = None  # "gt" / "lt": a yes/no question asking whether it is above / below the average


def asks_versus(question: str) -> VersusQuestion | None:
    """The comparison a question asks for, or None if it does not set a figure against the country. Give it the
    question with the council's name made neutral ("... carers in the area ..."), as ``Query.text`` holds it."""
    norm = normalise(question.replace("%", " percent "))
    if not _VERSUS.search(norm) or _SCORES.search(norm) or not measures.asked_key(question):
        return None
    op = None
    if _YES_NO.match(norm):
        op = "lt" if _BELOW.search(norm) else "gt" if _ABOVE.search(norm) else None
    return VersusQuestion(question, _measure_words(question), op)


def _measure_words(question: str) -> str:
    """The measure as the question words it: what follows "on"/"for" after the comparison, else what is left once
    the comparison and the question's frame are taken off."""
    q = question.strip().rstrip("?!. ")
    cut = list(_COMPARED.finditer(q))
    if cut and (on := _ON.search(q, cut[-1].end())):
        return on.group("m").strip(" ,;")
    rest = _COMPARED.sub(" ", q)
    rest = _FRAME.sub("", " ".join(rest.split()))
    rest = re.sub(r"^(?:the\s+)?(?:council|area)\s+(?:compare|fare|do|does|perform|stand)\s+", "", rest, flags=re.I)
    rest = _OF.sub("", rest)
    rest = re.sub(r"\s+(?:in|at|of|for|by) the (?:area|council)\b|^the (?:area|council)(?:['’]s)?\s+", " ", rest, flags=re.I)
    on = _ON.match(rest) or _ON.search(rest)
    out = " ".join((on.group("m") if on else rest).split()).strip(" ,;")
    return out or "this measure"


def matching(ask: VersusQuestion, card: ReportCard) -> list[Fact]:
    """The council's facts for the measure asked: every one as close as the best (at or over ``measures.ASKED``,
    and sharing more than whom it counts: "carers are satisfied" is not "carers accessing support groups"),
    those set against the country first, at most three."""
    asked = measures.key(ask.asked, card.council, question=True)
    scored = []
    for n, f in enumerate(card.facts):
        k = measures.key(f.measure, card.council)
        shared = measures.concepts(asked) & measures.concepts(k) or (asked & k) - set(measures.POPULATIONS)
        if shared and (c := measures.coverage(asked, k)) >= measures.ASKED:
            scored.append((c, n, f))
    if not scored:
        return []
    best = max(x[0] for x in scored)
    top = [x for x in scored if x[0] == best]
    top.sort(key=lambda x: (not comparable(x[2]), x[2].comparison is None, x[1]))
    return [f for _, _, f in top[:3]]


def compose_council(ask: VersusQuestion, card: ReportCard) -> tuple[str, tuple[tuple[str, Span], ...]] | None:
    """(answer text with [n] markers, the (report id, span) each cites), or None when no fact is the measure."""
    found = matching(ask, card)
    if not found:
        return None
    cites: list[tuple[str, Span]] = []
    parts = []
    for f in found:
        cites.append((card.id, f.span))
        parts.append(f"{_shown(f)} [{len(cites)}]{_missing(f)}")
    head = f"{card.council or card.title}: "
    first = found[0]
    if ask.op and comparable(first):
        want = "above" if ask.op == "gt" else "below"
        head += ("Yes. " if first.relation == want else "No. ")
    return head + "; ".join(parts) + ".", tuple(cites)


def _shown(f: Fact) -> str:
    where = " ".join(x for x in (f.source, f.period) if x)
    out = f"{as_written(f.value_text, f.unit)} for “{f.measure}”"
    if f.comparison is not None:
        out += f", {f.relation} the {f.compared_to} of {as_written(f.comparison_text, f.unit)}"
    elif f.relation:  # "below the England average" in words, with no figure for it
        out += f", {f.relation} the {f.compared_to} (its figure not given)"
    return out + (f" ({where})" if where else " (the report names no source)")


def _missing(f: Fact) -> str:
    if f.relation is None:
        return "; the report gives no national comparison for it"
    if not comparable(f):
        return "; the report gives no England or national average for it"
    return ""


def no_comparison(ask: VersusQuestion) -> str:
    """What to say when the council's report quotes no national figure for the measure asked."""
    return f"The report gives no national comparison for {ask.measure}."
