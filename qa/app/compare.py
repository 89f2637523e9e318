"""``qa compare`` output: the councils x statements table for people, CSV for spreadsheets, JSON for scripts.

The JSON row carries every cell's citations (source, start/end, line and quote), so each figure can be read back
from its report file; the percentage is marked ``computed`` and cites every score line it is worked out from.
"""

from __future__ import annotations

import csv
import io

from rich import box
from rich.table import Table
from rich.text import Text

from qa.app.render import SCORE_STYLE, Sources, out, web_note

SHORT = {"Assessing needs": "Needs", "Supporting people to live healthier lives": "Health",
         "Equity in experience and outcomes": "Equity", "Care provision, integration and continuity": "Care",
         "Partnerships and communities": "Partner", "Safe pathways, systems and transitions": "Safe",
         "Safeguarding": "Safeg", "Governance, management and sustainability": "Govern",
         "Learning, improvement and innovation": "Learn"}


def _shown(column: str, value) -> str:
    if value is None:
        return "–"
    return f"{value:.1f}%" if column == "percentage" else str(value)


def table(comparison, sources: Sources) -> None:
    """The table, one row per council (its rating and publication date under its name); lines cited underneath."""
    t = Table(box=box.SIMPLE_HEAD, show_edge=False)
    shown = [c for c in comparison.columns if c not in ("rating", "published")]
    narrow = out.width < 100  # at 80 columns the statements' short names left the councils' names no room
    numbered = {c: f"Q{n}" for n, c in enumerate((c for c in shown if c in SHORT), start=1)} if narrow else {}
    for col in shown:
        head = "%" if col == "percentage" else numbered.get(col) or SHORT.get(col, col.capitalize())
        t.add_column(head, justify="left" if col == "council" else "center", no_wrap=col != "council",
                     min_width=16 if col == "council" else None)
    for row in comparison.rows:
        rating, published = row.cells["rating"].value, row.cells["published"].value
        name = Text(row.council, style="bold")
        name.append(f"\n{rating or 'no rating'} · {published or 'undated'}", style="dim")
        cells = [name]
        for col in shown[1:]:
            cell = row.cells[col]
            style = "" if col == "percentage" else SCORE_STYLE.get(cell.value, "")
            mark = "*" if col == "percentage" and cell.computed and cell.value is not None else ""
            cells.append(Text(_shown(col, cell.value) + mark, style=style))
        t.add_row(*cells)
    out.print(t)
    legend = [f"{numbered[c]} ({SHORT[c]}) = {c}" if c in numbered else f"{SHORT[c]} = {c}"
              for c in comparison.columns if c in SHORT]
    out.print(Text("  " + "; ".join(legend) + ". % = overall percentage as the report states it; * computed: sum of "
                   "scores / (4 × statements scored).", style="dim"), soft_wrap=True)
    for row in comparison.rows:
        where = [f"{SHORT.get(c, c)} {sources.where(cell.spans[0].source or row.source, cell.spans[0].start, cell.spans[0].start + 1)}"
                 for c in comparison.columns if (cell := row.cells[c]).spans and not cell.computed]
        out.print(Text(f"  {row.council}: " + "; ".join(where), style="dim"), soft_wrap=True)
    web_note(cell.spans[0].source or row.source for row in comparison.rows for cell in row.cells.values() if cell.spans)


def csv_text(comparison) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["report", *comparison.columns])
    for row in comparison.rows:
        writer.writerow([row.report, *("" if row.cells[c].value is None else row.cells[c].value
                                       for c in comparison.columns)])
    return buf.getvalue()


def rows_json(comparison, sources: Sources) -> list[dict]:
    """One dict per council: each column's value, whether it is computed, and its citations."""
    out_rows = []
    for row in comparison.rows:
        cells = {}
        for col in comparison.columns:
            cell = row.cells[col]
            cells[col] = {"value": cell.value, "computed": cell.computed,
                          "citations": [{"source": s.source or row.source, "start": s.start, "end": s.end,
                                         "line": sources.line(s.source or row.source, s.start),
                                         "page": sources.page(s.source or row.source, s.start), "quote": s.text}
                                        for s in cell.spans]}
        out_rows.append({"report": row.report, "council": row.council, "cells": cells})
    return out_rows
