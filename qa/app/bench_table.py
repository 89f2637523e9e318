"""The benchmark's result as three rich tables: the single report, growth with N reports, the targets."""

from __future__ import annotations

from qa.tools.bench import NOCHANGE_RUNS


def render_bench(result: dict):
    """Three rich tables (the single report, growth with N, the targets) as one printable ``rich.console.Group``."""
    from rich.console import Group
    from rich.table import Table

    m, b, w, o = result["machine"], result["build"], result["warm"], result["oneshot"]
    c, built = b["one_changed"], f"({b['embedded']} texts embedded)" if b["from_nothing_s"] else b.get("note", "")
    single = Table("Measure", "Value", title=f"qa bench · {m['date']} · {m['cpus']} CPUs · load "
                   f"{m['load_average_start'][0]:.1f} · {result['questions']} questions", title_justify="left")
    for row in [("index build from nothing", f"{_fmt(b['from_nothing_s'], '{:.2f} s')}  {built}"),
                (f"reopen, nothing changed (median of {NOCHANGE_RUNS})", _fmt(b["nothing_changed_s"], "{:.3f} s")),
                ("rebuild after one report changed",
                 f"{c['seconds']:.2f} s  ({c['embedded']} embedded, {c['reused']} reused)"),
                *((f"{label} p50 / p95", f"{w[k]['p50_ms']:.1f} / {w[k]['p95_ms']:.1f} ms")
                  for label, k in (("warm retrieve", "retrieve"), ("warm ask", "ask"), ("query embedding", "embed_query"))),
                ("ask p50 ÷ embedding p50", _fmt(w["ask_over_embed"], "{:.2f}×")),
                *((f"late interaction off: {label} p50 / p95", f"{off[k]['p50_ms']:.1f} / {off[k]['p95_ms']:.1f} ms")
                  for off in [w["late_off"]] for label, k in (("warm retrieve", "retrieve"), ("warm ask", "ask"),
                                                             ("query embedding + token vectors", "embed_query_tokens"))),
                ("late interaction off: ask p50 ÷ embedding p50", _fmt(w["late_off"]["ask_over_embed"], "{:.2f}×")),
                *((f"one-shot `{o['command']}` (median of {o['runs']})",
                   f"{_fmt(o['median_s'], '{:.2f} s')}  peak {_fmt(o['peak_mb'], '{:.0f} MB')}")
                  for o in (o, result["oneshot_late_off"])),
                *((f"read {r['source']} ({r['type']}, {r['pages']} p.): extract + parse",
                   f"{r['extract_s']:.2f} + {r['parse_s']:.2f} s") for r in result.get("reading", ()))]:
        single.add_row(*row)
    if across := result.get("corpus_questions"):
        single.add_row(f"{across['reports']} report cards: corpus question / compare / facts, warm median",
                       f"{across['question_p50_ms']:.1f} / {across['compare_ms']:.1f} / {across['facts_ms']:.1f} ms")
        single.add_row(f"{across['reports']} report cards: one-shot question + table", _fmt(across["oneshot_s"], "{:.2f} s"))
    scale = Table("N", "build", "embedded / reused", "reopen", "retrieve p50 / p95", "late off", "index", "peak memory",
                  "one-shot question / compare", "growth: build · p50 · size · memory",
                  title="Scale (synthetic reports)", title_justify="left")
    for r in result["scale"]:
        scale.add_row(str(r["reports"]), _fmt(r["build_s"], "{:.1f} s"), f"{r['embedded']} / {r['reused']}",
                      f"{r['reopen_s']:.2f} s", f"{r['retrieve']['p50_ms']:.1f} / {r['retrieve']['p95_ms']:.1f} ms",
                      f"{r['retrieve_late_off']['p50_ms']:.1f} / {r['retrieve_late_off']['p95_ms']:.1f} ms",
                      f"{r['index_bytes'] / 2**20:.0f} MB", _fmt(r["process_peak_mb"], "{:.0f} MB"),
                      " / ".join(_fmt(r.get(k, {}).get("median_s"), "{:.2f} s")
                                 for k in ("oneshot_question", "oneshot_compare")),
                      " · ".join(_fmt(v, "{:.2f}×") for v in r["growth"].values()))
    goals = Table("Target", "Value", "Limit", "", title="Targets", title_justify="left")
    for t in result["targets"]:
        status = "[dim]not measured[/]" if t["met"] is None else ("[green]met[/]" if t["met"] else "[red]missed[/]")
        goals.add_row(t["target"], _fmt(t["value"], "{:.2f} " + t["unit"]), f"≤ {t['limit']:g} {t['unit']}", status)
    return Group(single, scale, goals)


def _fmt(value: float | None, pattern: str) -> str:
    return "—" if value is None else pattern.format(value)
