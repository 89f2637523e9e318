"""The national figures a report quotes, read into typed, cited facts.

CQC reports quote the national surveys in a few recurring shapes, which these rules read (no council's wording):

    National data showed that 28.95% of carers ... compared to the national average of 20.08% (2021/22 SACE).
    The proportion of people who use services who said they feel safe was 78.4%, compared to the England average
    of 69.7% (ASCOF 2023/24).
    82% of people ... (ASCOF 2022/23), above the England average of 78%.
    89.11% of people ... feel safe. This was above the England average of 85%.
    48.9% of people ... said they were satisfied ..., compared with 61.4% nationally (ASCS 2023/24).
    ... was lower than the England average, 63.98% compared to 77.6% respectively (Adult Social Care Survey).

Within a paragraph each figure takes the comparison that follows it before the next figure, and the first source
in brackets after it (else the nearest before it). A percentage is a fact when its sentence speaks of national
data (a survey, "national", "England", an average) and it has a comparison or a named source; a count, sum of money or number of days only when it is
compared with an average. "5.66% beneath the national average" is a difference, not a figure, and is skipped.

    >>> [f.value_text for f in facts_in("National data showed that 30% of carers were happy, compared to the "
    ...                                  "England average of 25% (SACE 2021/22).")]
    ['30%']
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from qa.text import lines, paragraphs, sentences
from qa.types import Fact, Span

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_VAL = rf"£\s?(?:{_NUM})|(?:{_NUM})(?:\s?%|\s?per\s?cent\b|\s(?:days?|weeks?)\b)?"
VALUE = re.compile(rf"(?<![\w.,/£\-–])(?:{_VAL})(?![\w+/\-–]|[.,]\d)", re.I)
_WHO = r"(?P<who>national|England(?:'s)?|English|regional|[A-Z][a-z]+(?: [A-Z][a-z]+)? regional|comparator)"
COMPARISON = re.compile(rf"\b{_WHO}\s+averages?\s*(?:figure\s*)?(?:of|was|is|at|[:,(])?\s*(?:just\s+)?(?P<v>{_VAL})",
                        re.I)
NATIONALLY = re.compile(rf"\bcompared\s+(?:to|with)\s+(?P<v>{_VAL})\s+(?P<who>nationally|across England|in England|"
                        rf"regionally)\b", re.I)
RESPECTIVELY = re.compile(rf"\b{_WHO}\s+averages?\b[^.%()]*?,?\s*(?P<a>{_VAL})\s+compared\s+(?:to|with)\s+"
                          rf"(?P<v>{_VAL})\s*,?\s*respectively", re.I)
# "..., which was below the England average." with no figure for the average: the side it is on, in words
STATED_RELATION = re.compile(r"\b(?P<side>above|below|higher than|lower than)\s+(?:the\s+)?"
                             r"(?P<who>England|English|national)\s+average\b(?!\s*(?:figure\s*)?(?:of|was|is|at|[:,(])?"
                             r"\s*[£\d])", re.I)
DIFFERENCE = re.compile(r"\s*(?:percentage points?\s+)?(?:above|below|beneath|under|over|higher than|lower than)\s+"
                        r"(?:the\s+)?\w+(?:'s)?\s+average(?!\s*(?:of|was|is|at|[:,(])?\s*[£\d])", re.I)
NATIONAL = re.compile(r"\bnational|\bEngland\b|\bregional\b|\baverage\b|\bASCOF\b|\bASCS\b|\bSACE\b|\bSALT\b|"
                      r"\bsurvey\b|\bSkills for Care\b", re.I)
SOURCES = (("ASCOF", r"\bASCOF\b|Adult Social Care Outcomes? Framework"), ("SACE", r"\bSACE\b|Survey of Adult Carers"),
           ("ASCS", r"\bASCS\b|Adult Social Care Survey"), ("SALT", r"\bSALT\b|Short and Long Term"),
           ("ASC-FR", r"\bASC-?FR\b|Adult Social Care Finance Return"), ("Skills for Care", r"Skills for Care"),
           ("Census", r"\bcensus\b"))
PERIOD = re.compile(r"\b((?:19|20)\d\d)\s*[/\-–]\s*((?:19|20)?\d\d)\b|\b((?:19|20)\d\d)\b")
BRACKETS = re.compile(r"\(([^()]{2,120})\)")
# a table's row as ``qa.cqc.fact_tables`` reads it: cells parted by "|" (three cells at least, or a markdown row
# that opens and closes with one) or by tabs; its figures are that module's, never read as sentences
TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$|^[^|\n]*(?:\|[^|\n]*){2,}$|^[^\t\n]+(?:\t+[^\t\n]+){2,}\s*$")
_MEASURE_END = re.compile(r",|;|\(|\.(?:\s|$)|\s+(?:compared|in comparison|which|this|that is|than|against|whereas|"
                          r"versus|vs|respectively|above|below)\b", re.I)
_LEAD = re.compile(r"^(?:(?:the\s+)?(?:national|latest)\s+data\s+(?:\w+\s+)?(?:showed|shows|reflected|reflects|"
                   r"highlighted|highlights|indicated|indicates|told us)(?:\s+that)?|however|and|also|while|whereas|"
                   r"in addition|a further|further)[\s,]+", re.I)
_COPULA = re.compile(r"\s+(?:was|is|were|are|stood at|has been|had been)\b", re.I)


class _Comparison(NamedTuple):
    start: int  # the average's value
    end: int
    who: str  # "England", "national", "regional", "nationally" ...
    text: str  # the value as written
    opens: int  # where the phrase begins ("the England average of ...")


@dataclass
class _Draft:
    start: int  # the figure's own offsets
    end: int
    text: str
    sentence: tuple[int, int]
    comparison: _Comparison | None = None
    stated: re.Match | None = None  # "... which was below the England average": the relation without its figure


def facts_in(text: str) -> tuple[Fact, ...]:
    """Every national figure ``text`` quotes, in order, each with a span that reads back from ``text``."""
    out: list[Fact] = []
    for a, b, _ in paragraphs(text, 0, len(text)):
        for x, y in _prose(text, a, b):
            if NATIONAL.search(text, x, y):
                out.extend(_paragraph(text, x, y))
    return tuple(out)


def _prose(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """The runs of a paragraph's lines that are not table rows (``TABLE_ROW``)."""
    runs: list[tuple[int, int]] = []
    start = None
    for line in lines(text[a:b]):
        row = bool(TABLE_ROW.match(line.text))
        if not row and start is None:
            start = a + line.start
        if row and start is not None:
            runs.append((start, a + line.start))
            start = None
    if start is not None:
        runs.append((start, b))
    return [(x, y) for x, y in ((x, x + len(text[x:y].rstrip())) for x, y in runs) if y > x]

def _paragraph(text: str, a: int, b: int) -> list[Fact]:
    spans = sentences(text, a, b)
    drafts: list[_Draft] = []
    comparisons: list[_Comparison] = []
    taken: list[tuple[int, int]] = []
    for s, e in spans:
        sent = text[s:e]
        for m in RESPECTIVELY.finditer(sent):
            drafts.append(_Draft(s + m.start("a"), s + m.end("a"), m.group("a"), (s, e)))
            comparisons.append(_Comparison(s + m.start("v"), s + m.end("v"), m.group("who"), m.group("v"), s + m.start()))
            taken.append((s + m.start(), s + m.end()))
        for m in (*COMPARISON.finditer(sent), *NATIONALLY.finditer(sent)):
            if not any(x <= s + m.start("v") < y for x, y in taken):
                comparisons.append(_Comparison(s + m.start("v"), s + m.end("v"), m.group("who"), m.group("v"),
                                               s + m.start()))
                taken.append((s + m.start(), s + m.end()))
        brackets = [(s + m.start(), s + m.end()) for m in BRACKETS.finditer(sent) if source_in(m.group(1))[0]]
        national = bool(re.search(r"\bnational|\bEngland\b|\bregional\b|\bASCOF\b|\bASCS\b|\bSACE\b|\bsurvey\b|"
                                  r"Skills for Care|\bSALT\b", sent, re.I))
        for m in VALUE.finditer(sent):
            at = s + m.start()
            if any(x <= at < y for x, y in taken + brackets) or DIFFERENCE.match(sent, m.end()):
                continue
            if unit_of(m.group(0)) == "count" and PERIOD.fullmatch(m.group(0)):
                continue
            if unit_of(m.group(0)) == "percent" and not national and not COMPARISON.search(sent):
                continue
            drafts.append(_Draft(at, s + m.end(), m.group(0), (s, e)))
    drafts.sort(key=lambda d: d.start)
    for c in sorted(comparisons):  # each takes the last figure of its unit before it, if no average came between
        before = [d for d in drafts if d.end <= c.start and unit_of(d.text) == unit_of(c.text)]
        if before and before[-1].comparison is None and not any(
                before[-1].end <= o.start < c.start for o in comparisons if o is not c):
            before[-1].comparison = c
    for n, d in enumerate(drafts):  # a share with no average's figure may still be said to be above or below it
        nxt = next((o.start for o in drafts[n + 1:] if o.sentence == d.sentence and unit_of(o.text) == "percent"),
                   d.sentence[1])
        if d.comparison is None and unit_of(d.text) == "percent":
            d.stated = STATED_RELATION.search(text, d.end, nxt)
    out = []
    for d in drafts:
        if d.comparison is None and unit_of(d.text) != "percent":
            continue
        fact = _fact(text, a, b, d)
        if fact is not None:
            out.append(fact)
    return out


def _fact(text: str, a: int, b: int, d: _Draft) -> Fact | None:
    measure, m_start = _measure(text, d)
    if len(measure.split()) < 2:
        return None
    value, unit = parse_value(d.text)
    start, end = min(m_start, d.start), d.end
    comparison = who = ctext = None
    if d.comparison is not None:
        c = d.comparison
        comparison, ctext, who = parse_value(c.text)[0], c.text, average_named(c.who)
        start, end = min(start, c.opens), max(end, c.end)
    stated = None
    if d.stated is not None:  # "76% ..., which was below the England average.": the words say which side
        stated, who = ("above" if d.stated.group("side").lower() in ("above", "higher than") else "below"), \
            average_named(d.stated.group("who"))
        end = max(end, d.stated.end())
    source, period, s_end = _bracketsource_in(text, d.end, b)
    if source is None:
        source, period, s_end = _bracketsource_in(text, a, d.start, last=True)
        s_end = None
    if source is None:  # named in the sentence itself: "the 2023/24 Adult Social Care Survey showed ..."
        source, period = source_in(text[d.sentence[0]:d.sentence[1]])
    if s_end is not None:
        end = max(end, s_end)
    if comparison is None and source is None and stated is None:  # "20% in England": no survey, no average
        return None
    if ctext and text[end:end + 1] == "%" and not ctext.endswith("%"):
        end += 1
    return Fact(measure, value, unit, Span(start, end, text[start:end]), d.text, comparison, who, ctext, source, period,
                stated)


def _measure(text: str, d: _Draft) -> tuple[str, int]:
    """(the phrase the figure is about, its start): what follows "X% of", else the clause before the figure."""
    after = re.match(r"\s+of\s+", text[d.end:d.sentence[1]])
    if after:
        begin = d.end + after.end()
        rest = text[begin:d.sentence[1]]
        m = _MEASURE_END.search(rest)
        phrase = rest[: m.start() if m else len(rest)].strip()
        return phrase, d.sentence[0] if d.start - d.sentence[0] < 60 else d.start
    head = text[d.sentence[0]:d.start]
    pieces = re.split(r"[,;]", head)
    clause = pieces[-1]
    if len(clause.split()) < 3 and len(pieces) > 1:
        clause = pieces[-2] + "," + clause
    begin = d.start - len(clause)
    phrase = clause.strip()
    while (lead := _LEAD.match(phrase)) is not None:
        phrase = phrase[lead.end():]
    copulas = list(_COPULA.finditer(phrase))
    if copulas:
        phrase = phrase[: copulas[-1].start()]
    return phrase.strip(" ,;:"), begin + (len(clause) - len(clause.lstrip()))


def _bracketsource_in(text: str, a: int, b: int, last: bool = False):
    """(source, period, end of the brackets) of the first (or ``last``) bracketed source in ``text[a:b]``."""
    found = [m for m in BRACKETS.finditer(text, a, b) if source_in(m.group(1))[0]]
    if not found:
        return None, None, None
    m = found[-1] if last else found[0]
    return (*source_in(m.group(1)), m.end())


def source_in(words: str) -> tuple[str | None, str | None]:
    """(the survey a bracket or sentence names, its period): "Adult Social Care Survey 2021/22" -> ("ASCS", "2021/22")."""
    name = next((n for n, pattern in SOURCES if re.search(pattern, words, re.I)), None)
    return (None, None) if name is None else (name, period_in(words))


def period_in(words: str) -> str | None:
    """The first period ``words`` name, written the one way: "2021/2022" and "2021-22" -> "2021/22"."""
    p = PERIOD.search(words)
    if p is None:
        return None
    return p.group(3) or f"{p.group(1)}/{p.group(2)[-2:]}"


def average_named(words: str) -> str:
    low = {"nationally": "national", "regionally": "regional"}.get(words.lower(), words.lower())
    if low.startswith("england") or low.endswith("england") or low == "english":
        return "England average"
    if low == "national":
        return "national average"
    if low == "regional":
        return "regional average"
    return f"{words} average"


def unit_of(value: str) -> str:
    v = value.lower()
    if "%" in v or "per" in v:
        return "percent"
    if "£" in v:
        return "money"
    if "day" in v or "week" in v:
        return "days"
    return "count"


def parse_value(value: str) -> tuple[float, str]:
    """(the figure in its unit, the unit): "£1,200" -> (1200.0, "money"), "3 weeks" -> (21.0, "days")."""
    unit = unit_of(value)
    n = float(re.search(rf"{_NUM}", value).group(0).replace(",", ""))
    return (n * 7 if "week" in value.lower() else n), unit


def as_written(value: str, unit: str) -> str:
    """A figure as the report writes it, with its "%" when a table gave the unit in its header ("Kelby (%)": 79.3)."""
    return f"{value}%" if unit == "percent" and not re.search(r"%|per ?cent", value, re.I) else value


def comparable(fact: Fact) -> bool:
    """Whether the fact is compared with the country as a whole (the England or national average: one and the
    same for an English council), not a region."""
    return fact.compared_to in ("England average", "national average")


def fact_from_dict(d: dict) -> Fact:
    """A fact as ``dataclasses.asdict`` wrote it to reports.json."""
    span = d["span"]
    return Fact(d["measure"], d["value"], d["unit"], Span(span["start"], span["end"], span["text"], span.get("source")),
                d.get("value_text", ""), d.get("comparison"), d.get("compared_to"), d.get("comparison_text"),
                d.get("source"), d.get("period"), d.get("stated_relation"))
