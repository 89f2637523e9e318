"""National figures a report gives in a table, read into the same facts as those in sentences (``qa.cqc.facts``).

Reports set measures against the country in tables as well as sentences. As ``qa`` reads them a table is a run of
lines whose cells are parted by "|" (a markdown table, or an HTML table as ``qa.ingest.html`` renders it) or by
tabs (a table copied from a browser), its first row the header::

    | Measure                                   | Testshire | England average | Source        |
    |-------------------------------------------|-----------|-----------------|---------------|
    | Carers who could take a break from caring | 24.1%     | 20.08%          | SACE 2021/22  |

The header says what each column is, in any order: the comparison ("England average", "National average",
"England", "Regional average"), the source or survey, the period or year, the measure ("Measure", "Indicator" ...,
else the first column of words) and the council's value (the first other column of figures). A table is read only
when a column is a comparison. Each row with a value is a fact cited to the row's line; the source and period come
from the row's own cells, else from the comparison's header ("England average 2023/24"), else from the line just
above the table ("Table 2: outcomes (ASCOF 2023/24)") or a title row above the header. A column of differences
("Difference from England", "Change", "Rank") is never taken for the council's value. The measure is the row's measure cell as written.

    >>> [(f.measure, f.value, f.comparison, f.source) for f in table_facts(
    ...     "| Measure | Testshire | England average | Source |\\n|---|---|---|---|\\n"
    ...     "| Carers who could take a break | 24.1% | 20.08% | SACE 2021/22 |\\n")]
    [('Carers who could take a break', 24.1, 20.08, 'SACE')]

PDF tables are not read: pypdf gives a table's cells parted by spaces only, and a cell that wraps splits its row
over several lines, so a row's cells cannot be told apart.
"""

from __future__ import annotations

import re

from qa.cqc.facts import PERIOD, TABLE_ROW, VALUE, average_named, facts_in, parse_value, period_in, source_in
from qa.text import lines, normalise
from qa.types import Fact, Span

_SEPARATOR = re.compile(r"^:?-{2,}:?$")
_WHO = r"england|englands|english|national|nationally|regional|[a-z]+(?: [a-z]+)? regional|comparator"
_COMPARISON = re.compile(rf"\b(?P<who>{_WHO}) averages?\b|\baverage (?:for|in|across) (?P<who2>england)\b|"
                         rf"^(?:the )?(?P<who3>england|national|regional)(?: percent)?(?: \d{{4}}(?: \d{{2,4}})?)?$")
_SOURCE = re.compile(r"\b(?:source|sources|survey|data ?set|data source|reference)\b")
_PERIOD = re.compile(r"^(?:time |reporting |data )?(?:period|year|years|date|as at)\b")
_OTHER = re.compile(r"\b(?:difference|gap|change|variance|trend|rank|ranking|quartile|target|previous|last year)\b")
_MEASURE = re.compile(r"\b(?:measure|indicator|metric|outcome|description|what was measured|question|area)\b")


def report_facts(text: str) -> tuple[Fact, ...]:
    """Every national figure a report's text gives, in sentences or in tables, in the order they stand."""
    return tuple(sorted((*facts_in(text), *table_facts(text)), key=lambda f: f.span.start))


def table_facts(text: str) -> tuple[Fact, ...]:
    """The facts of every table in ``text`` that sets a measure against an average, each cited to its row."""
    out: list[Fact] = []
    run: list = []
    above = None  # the last line before the table that was not blank
    for line in (*lines(text), None):
        if line is not None and TABLE_ROW.match(line.text):
            run.append(line)
            continue
        if run:
            out.extend(_table(text, run, above))
            run, above = [], None
        if line is not None and not line.blank:
            above = line
    return tuple(out)


def _cells(row: str) -> list[str]:
    t = row.strip()
    if "|" in t:
        t = t[1:] if t.startswith("|") else t
        t = t[:-1] if t.endswith("|") else t
        return [c.strip() for c in t.split("|")]
    return [c.strip() for c in re.split(r"\t+", t)]


def _cell_spans(line) -> list[tuple[int, int]]:
    """(start, end) in the text of each cell's words, in the order ``_cells`` gives them."""
    sep = r"\|" if "|" in line.text else r"\t+"
    body = line.text
    spans, pos = [], 0
    for m in (*re.finditer(sep, body), None):
        cut = m.start() if m else len(body)
        piece = body[pos:cut]
        lead = len(piece) - len(piece.lstrip())
        spans.append((line.start + pos + lead, line.start + pos + len(piece.rstrip())))
        pos = m.end() if m else len(body)
    if "|" in body:
        if body.strip().startswith("|"):
            spans = spans[1:]
        if body.strip().endswith("|"):
            spans = spans[:-1]
    return spans


def _columns(header: list[str]) -> dict | None:
    """Which column is what, from the header's words; None when no column is a comparison."""
    cols: dict = {"comparison": [], "source": None, "period": None, "measure": None, "other": set()}
    for n, cell in enumerate(header):
        norm = normalise(cell.replace("%", " percent "))
        if _OTHER.search(norm):  # "Difference from England": a figure, but not the council's own
            cols["other"].add(n)
        elif (m := _COMPARISON.search(norm)) and "council" not in norm:
            cols["comparison"].append((n, average_named(m.group("who") or m.group("who2") or m.group("who3"))))
        elif _SOURCE.search(norm) and cols["source"] is None:
            cols["source"] = n
        elif _PERIOD.match(norm) and cols["period"] is None:
            cols["period"] = n
        elif _MEASURE.search(norm) and cols["measure"] is None:
            cols["measure"] = n
    if not cols["comparison"]:
        return None
    national = [c for c in cols["comparison"] if c[1] in ("England average", "national average")]
    cols["comparison"] = (national or cols["comparison"])[0]
    return cols


def _value(cell: str) -> re.Match | None:
    """The figure a cell holds, if the cell is a figure (and perhaps a note: "24.1% (2023/24)")."""
    m = VALUE.search(cell)
    if m is None or PERIOD.fullmatch(m.group(0)) or len(cell) - len(m.group(0)) > 20:
        return None
    return m


def _table(text: str, rows: list, above) -> list[Fact]:
    first = next((n for n, r in enumerate(rows[:2]) if _columns(_cells(r.text)) is not None), None)
    if first is None:  # the header is the first row, or the second under a title row
        return []
    header = _cells(rows[first].text)
    cols = _columns(header)
    above = rows[0] if first else above  # a title row says what a caption would
    body = [r for r in rows[first + 1:] if not all(_SEPARATOR.match(c) or not c for c in _cells(r.text))]
    if not body:
        return []
    cells = [_cells(r.text) for r in body]
    taken = {cols["comparison"][0], cols["source"], cols["period"], *cols["other"]}
    width = len(header)
    if cols["measure"] is None:
        cols["measure"] = next((n for n in range(width) if n not in taken and
                                sum(1 for c in cells if n < len(c) and c[n] and _value(c[n]) is None) > len(cells) / 2),
                               None)
    taken.add(cols["measure"])
    value_col = next((n for n in range(width) if n not in taken and
                      sum(1 for c in cells if n < len(c) and _value(c[n])) >= len(cells) / 2), None)
    if cols["measure"] is None or value_col is None:
        return []
    percent = "%" in header[value_col] or re.search(r"\bper ?cent|percentage|proportion", header[value_col], re.I)
    c_col, who = cols["comparison"]
    h_source, h_period = source_in(header[c_col] + " " + header[value_col])
    h_period = h_period or period_in(header[c_col]) or period_in(header[value_col])
    a_source, a_period = source_in(above.text) if above is not None else (None, None)
    out = []
    for line, row in zip(body, cells):
        if len(row) > width:
            continue
        row = row + [""] * (width - len(row))  # a row that leaves its last cells out
        v = _value(row[value_col])
        measure = row[cols["measure"]]
        if v is None or len(measure.split()) < 2:
            continue
        value, unit = parse_value(v.group(0))
        if percent and unit == "count":
            unit = "percent"
        c = _value(row[c_col])
        source = period = None
        if cols["source"] is not None and row[cols["source"]]:
            source, period = source_in(row[cols["source"]])
            source = source or row[cols["source"]]
        if cols["period"] is not None and row[cols["period"]]:
            period = period_in(row[cols["period"]]) or row[cols["period"]]
        source, period = source or h_source or a_source, period or h_period or a_period
        if c is None and source is None:
            continue
        spans = _cell_spans(line)
        start, end = spans[0][0], spans[-1][1]
        if text.startswith("|", line.start + len(line.text) - len(line.text.lstrip())):
            start = line.start + len(line.text) - len(line.text.lstrip())
            end = line.start + len(line.text.rstrip())
        out.append(Fact(measure, value, unit, Span(start, end, text[start:end]), v.group(0),
                        parse_value(c.group(0))[0] if c else None, who if c else None, c.group(0) if c else None,
                        source, period))
    return out
