"""``qa facts`` output: each council's national figures against the England average, every figure cited.

The table groups one measure's figures together (however each report words it); each row's citation (file:line)
is listed under the table with its quote, and ``--json`` gives one object per figure with its source, offsets,
line and quote (``text[start:end] == quote``).
"""

from __future__ import annotations

from rich import box
from rich.table import Table
from rich.text import Text

from qa.app.render import Sources, out


def _against(f) -> str:
    if f.comparison is None:
        return f"{f.relation} {f.compared_to.replace(' average', '')} (no figure)" if f.relation else "–"
    return f"{f.comparison_text} {f.compared_to.replace(' average', '')}"


def table(rows, sources: Sources, measure: str | None = None) -> None:
    if not rows:
        out.print(Text(f"None of these reports quotes a national figure for '{measure}'." if measure else
                       "None of these reports quotes a national figure (an ASCOF, ASCS or SACE measure against an "
                       "average)."))  # Text: the reader's words are never read as markup ("[/b]")
        return
    t = Table(box=box.SIMPLE_HEAD, show_edge=False)
    for head in ("#", "Council", "Measure (as the report words it)", "Figure", "Average", "Survey"):
        t.add_column(head, no_wrap=head != "Measure (as the report words it)",
                     min_width=30 if head.startswith("Measure") else None)
    group = None
    for n, r in enumerate(rows, start=1):
        if group is not None and r.group != group:
            t.add_section()
        group = r.group
        f = r.fact
        mark = {"above": " ▲", "below": " ▼"}.get(f.relation or "", "")
        t.add_row(str(n), _short(r.council), f.measure, f.value_text + mark, _against(f),
                  " ".join(x for x in (f.source, f.period) if x) or "–")
    out.print(t)
    out.print(Text("  ▲ above, ▼ below the average it is compared with; each figure's line and quote:", style="dim"))
    for n, r in enumerate(rows, start=1):
        out.print(Text(f"  [{n}] {sources.where(r.fact.span.source or r.source, r.fact.span.start, r.fact.span.start + 1)} "
                       f"“{r.fact.span.text}”", style="dim"), soft_wrap=True)


def _short(council: str) -> str:
    """"Westbridge City Council" -> "Westbridge City": the table's narrowest column that still names it."""
    return council.removesuffix(" Council") if council.endswith(" Council") else council


def rows_json(rows, sources: Sources) -> list[dict]:
    """One dict per figure: council, measure, value and unit, comparison, source, period and its citation."""
    return [{"report": r.report, "council": r.council, "measure_group": r.group, "measure": r.fact.measure,
             "value": r.fact.value, "value_text": r.fact.value_text, "unit": r.fact.unit,
             "comparison": r.fact.comparison, "compared_to": r.fact.compared_to, "relation": r.fact.relation,
             "survey": r.fact.source, "period": r.fact.period,
             "citation": {"source": r.fact.span.source or r.source, "start": r.fact.span.start, "end": r.fact.span.end,
                          "line": sources.line(r.fact.span.source or r.source, r.fact.span.start),
                          "page": sources.page(r.fact.span.source or r.source, r.fact.span.start),
                          "quote": r.fact.span.text}} for r in rows]
