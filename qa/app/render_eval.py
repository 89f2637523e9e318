"""Evaluation results on a terminal: metrics by kind, the failed questions, modes side by side."""

from __future__ import annotations

from rich import box
from rich.table import Column, Table
from rich.text import Text

from qa.app.render import RETRIEVAL, _clip, _t, err, out, printable
from qa.tools.evaluate import failed_on

def evaluation(report, failed, files: list[str]) -> None:
    """Metrics per kind of question, the overall figures, then each question that missed."""
    out.print(_t(f"{report.metrics.get('questions', 0)} questions from {', '.join(files)} · mode {report.mode}",
                   style="bold"))
    cols = [c for c in (*RETRIEVAL, "answer_accuracy") if any(c in row for row in report.by_kind.values())]
    table = Table(Column("kind", no_wrap=True), "n", *(c.replace("answer_accuracy", "answer") for c in cols),
                  box=box.SIMPLE_HEAD, title="By kind", title_justify="left", show_edge=False, pad_edge=False)
    for kind, row in report.by_kind.items():
        table.add_row(_t(kind), str(row["questions"]), *(_num(row.get(c)) for c in cols))
    table.add_section()
    table.add_row("all", str(report.metrics.get("questions", 0)), *(_num(report.metrics.get(c)) for c in cols),
                  style="bold")
    out.print(table)
    overall = Table("metric", "value", box=box.SIMPLE_HEAD, title="Overall", title_justify="left")
    for name, value in report.metrics.items():
        if name != "questions":
            overall.add_row(name, f"{value:.1f}" if name.endswith("_ms") else _num(value))
    out.print(overall)
    outcomes(failed)
    if report.unmatched:
        err.print(_t(f"warning: no passage holds the evidence of {', '.join(report.unmatched)} (a typo, or text "
                     "that runs across two passages): their retrieval counts as missed", style="yellow"), soft_wrap=True)


def outcomes(failed) -> None:
    if not failed:
        out.print("[green]No failed questions.[/]")
        return
    table = Table("id", Column("kind", no_wrap=True), "failed on", "question", "came back", box=box.SIMPLE_HEAD,
                  title=f"Failed questions ({len(failed)})", title_justify="left")
    for o in failed:
        got = Text("abstained: " if o.abstained else "", style="yellow")
        got.append(printable(_clip(o.answer_text, 120, flat=True)))
        where = "" if not o.question.evidence else (
            f" (first relevant at rank {min(o.relevant_ranks)})" if o.relevant_ranks else " (none relevant in top k)")
        got.append(f"\ntop passage{where}: ", style="dim")
        got.append(printable(_clip(o.top_passage, 100, flat=True)), style="dim")
        table.add_row(_t(o.question.id), _t(o.question.kind), failed_on(o), _t(o.question.question), got)
    out.print(table)


def comparison(reports: dict, files: list[str]) -> None:
    """Retrieval metrics of each mode side by side, the best of each row in bold."""
    first = next(iter(reports.values()))
    table = Table("metric", *reports, box=box.SIMPLE_HEAD, title_justify="left",
                  title=_t(f"{first.metrics.get('questions', 0)} questions from {', '.join(files)}"))
    for name in (*RETRIEVAL, "retrieve_p50_ms", "retrieve_p95_ms"):
        values = [r.metrics.get(name) for r in reports.values()]
        if all(v is None for v in values):
            continue
        best = (min if name.endswith("_ms") else max)(v for v in values if v is not None)
        cells = [Text(f"{v:.1f}" if name.endswith("_ms") else _num(v), style="bold" if v == best else "")
                 for v in values]
        table.add_row(name, *cells)
    out.print(table)


def threshold_failures(lines: list[str]) -> None:
    for line in lines:
        err.print(_t(f"fail: {line}", style="red"), soft_wrap=True)


def _num(value) -> str:
    return "–" if value is None else f"{value:.3f}"
