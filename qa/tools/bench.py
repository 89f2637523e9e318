"""How long building, reopening and asking take on the real corpus, and how that grows with more reports.

A benchmark, not a test: it reports medians, p95s and ratios beside our targets, marks each met or missed,
and asserts nothing. It works on copies in a temporary folder and writes only ``out``; the load average is
recorded with the figures, as the machine may be shared.

Scale corpora are N copies of the real reports, each renamed to another council with every figure redrawn.
Their index starts from a copy of the real one, so only text that differs from the real report is embedded
(``embedded`` / ``reused`` say how much); ``cold_build_estimate_s`` extrapolates to an empty index. At each
size a question across the reports (``qa ask --json``) and ``qa compare --csv`` are timed as fresh processes.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import statistics
import sys
import tempfile
import time
from importlib import util
from pathlib import Path
from typing import Callable

from qa.ingest.corpus import corpus_files
from qa.search import store
from qa.tools import probe
from qa.tools.corpus_bench import corpus_figures
from qa.tools.evaluate import load_questions
from qa.tools.reading import reading
from qa.tools.synthetic import write_synthetic_corpus

Progress = Callable[[str, int, int], None]  # (stage, done, total), as for index builds
GROWTH = {"build_s": lambda r: r["build_s"], "retrieve_p50_ms": lambda r: r["retrieve"]["p50_ms"],
          "index_bytes": lambda r: r["index_bytes"], "process_peak_mb": lambda r: r["process_peak_mb"]}
EVAL_DIR = Path("eval")  # as for `qa eval`: the evaluation sets of the folder qa runs in
MAIN_SET = "derby.jsonl"  # the questions timed by default: the main set (councils.jsonl sorts before it)
APPENDED = "\n\nThe council told us it would review how long people wait for an assessment again next year.\n"
ONESHOT_RUNS, NOCHANGE_RUNS, SCALE_ONESHOT_RUNS = 5, 3, 3
OFF = 0.0  # the share of late interaction timed beside the default ranking (0.85): none, what it costs shows
# asked of each scale corpus as a fresh process: answered from the report cards, as `qa compare` is
CROSS_QUESTION = "Which councils scored 1 for safeguarding?"
ONESHOT_SCRIPT = "import sys\nfrom qa import Assistant\nprint(Assistant.open(sys.argv[1], sys.argv[2]).ask(sys.argv[3]).text)"
MEMORY_SCRIPT = ("import json, sys\nfrom qa import Assistant\na = Assistant.open(sys.argv[1], sys.argv[2], build=False)\n"
                 "for q in json.load(open(sys.argv[3])):\n    a.ask(q)")
def run_bench(corpus: Path, index_dir: Path | None, reports: list[int], out: Path, questions: Path | None = None,
              progress: Progress | None = None) -> dict:
    """Measure build, rebuild, warm and one-shot queries and growth with N reports; write JSON to ``out``.

    ``index_dir``, if given, is an existing index of ``corpus``: it is copied and used instead of building
    from nothing (that figure is then ``None``). ``reports`` lists the scale-corpus sizes to try.

        >>> result = run_bench(Path("corpus"), None, reports=[10], out=Path("bench.json"))  # doctest: +SKIP
        >>> [(t["target"], t["met"]) for t in result["targets"]][0]  # doctest: +SKIP
        ('warm ask p50 ÷ query-embedding p50', True)
    """
    from qa.api import Assistant

    say = progress or (lambda stage, done, total: None)
    qs = [q.question for q in load_questions(questions or _main_set())]
    result: dict = {"machine": probe.machine(), "corpus": str(corpus), "questions": len(qs)}
    with tempfile.TemporaryDirectory(prefix="qa-bench-") as tmp_name:
        tmp = Path(tmp_name)
        work, index, qfile = tmp / "corpus", tmp / "index", tmp / "questions.json"
        shutil.copytree(corpus, work, copy_function=shutil.copyfile)  # copyfile: the copies are writable
        qfile.write_text(json.dumps(qs), encoding="utf-8")
        build: dict = {"from_nothing_s": None}
        if index_dir is not None:
            shutil.copytree(index_dir, index, copy_function=shutil.copyfile)
            build["note"] = f"copied {index_dir} instead of building from nothing"
        seconds, assistant = _timed(lambda: Assistant.open(work, index, progress=_prefixed(say, "build")))
        s = assistant.summary
        if index_dir is None:
            build.update(from_nothing_s=seconds, embed_texts_per_s=s.embedded / seconds if s.built else None)
        build.update(reports=s.reports, passages=s.passages, sentences=s.sentences, embedded=s.embedded,
                     index_bytes=_index_bytes(index))
        runs = [_timed(lambda: Assistant.open(work, index))[0] for _ in range(NOCHANGE_RUNS)]
        build.update(nothing_changed_s=statistics.median(runs), nothing_changed_runs_s=runs)
        build["one_changed"] = _one_changed(work, index, tmp, Assistant, say)
        result["build"] = build
        result["reading"] = reading(work)
        result["warm"] = _warm(assistant, qs, say)
        result["oneshot"] = _oneshot(work, index, qs[0], tmp, say)
        result["oneshot_late_off"] = _oneshot(work, index, qs[0], tmp, say, ["--late", str(OFF)])
        result["scale"] = _scale(work, index, sorted(set(reports)), qs, qfile, tmp, Assistant, say)
        say("corpus questions at 150 reports", 0, 1)
        councils = EVAL_DIR / "councils"  # the made-up councils' reports: their cards, copied to 150
        result["corpus_questions"] = corpus_figures(councils, tmp) if councils.is_dir() else None
    result["machine"]["load_average_end"] = list(os.getloadavg())
    result["targets"] = targets(result)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2), encoding="utf-8")
    return result


def _main_set() -> Path:
    """The main evaluation set if the folder has it, else the first set by name."""
    main = EVAL_DIR / MAIN_SET
    return main if main.is_file() else sorted(EVAL_DIR.glob("*.jsonl"))[0]


def _one_changed(work: Path, index: Path, tmp: Path, Assistant, say) -> dict:
    corpus2, index2 = tmp / "changed" / "corpus", tmp / "changed" / "index"
    shutil.copytree(work, corpus2)
    shutil.copytree(index, index2)
    with open(corpus_files(corpus2)[0], "a", encoding="utf-8") as f:
        f.write(APPENDED)
    seconds, a = _timed(lambda: Assistant.open(corpus2, index2, progress=_prefixed(say, "rebuild, one changed")))
    shutil.rmtree(tmp / "changed")
    return {"seconds": seconds, "embedded": a.summary.embedded, "reused": a.summary.reused}


def _warm(assistant, qs: list[str], say) -> dict:
    """Per-question latency with everything loaded; query embedding alone is the floor of a hybrid query."""
    say("warm queries", 0, 1)
    late = _with_late(assistant, OFF)
    assistant.ask(qs[0])  # loads the query encoder and touches every array once, the token vectors' pages too
    late.ask(qs[0])
    steps = (assistant.retrieve, assistant.ask, assistant.embedder.embed_query,
             late.retrieve, late.ask, assistant.embedder.embed_query_tokens)
    retrieve, ask, embed, late_retrieve, late_ask, tokens = zip(
        *[[_timed(lambda: f(q))[0] * 1000 for f in steps] for q in qs])  # interleaved: fair under load
    return {"retrieve": _percentiles(retrieve), "ask": _percentiles(ask), "embed_query": _percentiles(embed),
            "ask_over_embed": _ratio(statistics.median(ask), statistics.median(embed)),
            "late_off": {"weight": OFF, "retrieve": _percentiles(late_retrieve), "ask": _percentiles(late_ask),
                     "embed_query_tokens": _percentiles(tokens),
                     "ask_over_embed": _ratio(statistics.median(late_ask), statistics.median(embed))}}


def _with_late(assistant, weight: float):
    """The same index and embedder, ranking with late interaction at ``weight``."""
    from dataclasses import replace

    settings = replace(assistant.settings, fusion=replace(assistant.settings.fusion, late=weight))
    return type(assistant)(settings, assistant.index, assistant.embedder, assistant.summary)


def _oneshot(work: Path, index: Path, question: str, tmp: Path, say, extra: list[str] = ()) -> dict:
    """``qa ask --json`` (plus ``extra`` options) as a fresh process, as a shell user runs it; python -c if the
    CLI is not there (yet)."""
    script, label, note = Path(sys.executable).with_name("qa"), " ".join(["qa ask --json", *extra]), None
    command = [str(script), "ask", "--json", *extra, "--corpus", str(work), "--index", str(index), question]
    if not script.exists() or util.find_spec("qa.app.cli") is None:
        note = "qa.app.cli is not available yet"
    elif (first := probe.child(command, tmp))["returncode"]:
        note = f"qa ask failed: {first['error']}"
    if note:
        command, label = [sys.executable, "-c", ONESHOT_SCRIPT, str(work), str(index), question], "python -c ask"
    say(f"one-shot {label}", 0, 1)
    return {"command": label, "note": note, "question": question,
            **_runs([probe.child(command, tmp) for _ in range(ONESHOT_RUNS)])}


def _cli_oneshot(args: list[str], corpus: Path, index: Path, tmp: Path) -> dict:
    """``qa ARGS --corpus CORPUS --index INDEX`` as fresh processes (``python -m qa`` without the script)."""
    script = Path(sys.executable).with_name("qa")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "qa"]
    command += [*args, "--corpus", str(corpus), "--index", str(index)]
    return {"command": "qa " + " ".join(args), **_runs([probe.child(command, tmp) for _ in range(SCALE_ONESHOT_RUNS)])}


def _runs(runs: list[dict]) -> dict:
    """Median wall time and highest peak memory of the runs that succeeded, and the first failure's message."""
    ok = [r for r in runs if r["returncode"] == 0]
    return {"runs": len(runs), "failed": len(runs) - len(ok),
            "median_s": statistics.median(r["seconds"] for r in ok) if ok else None,
            "peak_mb": max(r["peak_mb"] for r in ok) if ok else None,
            "error": next((r["error"] for r in runs if r["returncode"]), None)}


def _scale(work: Path, index: Path, sizes: list[int], qs: list[str], qfile: Path, tmp: Path, Assistant, say) -> list[dict]:
    rows, sources = [], corpus_files(work)
    for n in sizes:
        scorpus, sindex = tmp / f"scale-{n}" / "corpus", tmp / f"scale-{n}" / "index"
        write_synthetic_corpus(sources, n, scorpus)
        shutil.copytree(index, sindex)  # its vectors are reused for any text identical to the real report
        seconds, a = _timed(lambda: Assistant.open(scorpus, sindex, progress=_prefixed(say, f"build {n} reports")))
        s = a.summary
        a.retrieve(qs[0])
        retrieve = [_timed(lambda: a.retrieve(q))[0] * 1000 for q in qs]
        late = _with_late(a, OFF)
        late.retrieve(qs[0])
        late_retrieve = [_timed(lambda: late.retrieve(q))[0] * 1000 for q in qs]
        embed = [_timed(lambda: a.embedder.embed_query(q))[0] * 1000 for q in qs]
        child = probe.child([sys.executable, "-c", MEMORY_SCRIPT, str(scorpus), str(sindex), str(qfile)], tmp)
        say(f"one-shot question and compare, {n} reports", 0, 1)
        across = {"oneshot_question": _cli_oneshot(["ask", "--json", CROSS_QUESTION], scorpus, sindex, tmp),
                  "oneshot_compare": _cli_oneshot(["compare", "--csv"], scorpus, sindex, tmp)}
        rows.append({"reports": n, "passages": s.passages, "sentences": s.sentences, "build_s": seconds,
                     "embedded": s.embedded, "reused": s.reused,
                     "cold_build_estimate_s": seconds * (s.embedded + s.reused) / s.embedded if s.embedded else None,
                     "retrieve": _percentiles(retrieve), "embed_query_p50_ms": statistics.median(embed),
                     "retrieve_late_off": _percentiles(late_retrieve),
                     "index_bytes": _index_bytes(sindex), "reopen_s": _timed(lambda: Assistant.open(scorpus, sindex))[0],
                     "process_peak_mb": child["peak_mb"] if child["returncode"] == 0 else None,
                     "process_s": child["seconds"], "process_error": child["error"], **across})
        shutil.rmtree(tmp / f"scale-{n}")
    return with_growth(rows)


def with_growth(rows: list[dict]) -> list[dict]:
    """Each scale row with ``growth``: its build time, retrieve p50, index size and peak memory over the first
    row's (None where either is unmeasured), so "15x the reports, 1.7x the latency" reads off one table."""
    for row in rows:
        row["growth"] = {k: _ratio(pick(row), pick(rows[0])) for k, pick in GROWTH.items()}
    return rows


def targets(result: dict) -> list[dict]:
    """Each target with the measured value and whether it is met (``None`` when it was not measured)."""
    big = next((r for r in result.get("scale", []) if r["reports"] == 150), None)
    across = result.get("corpus_questions") or {}
    rows = [("warm ask p50 ÷ query-embedding p50", result["warm"]["ask_over_embed"], 1.3, "×"),
            ("one-shot ask, median wall time", result["oneshot"]["median_s"], 0.5, "s"),
            ("late interaction off: warm ask p50 ÷ query-embedding p50", result["warm"]["late_off"]["ask_over_embed"],
             1.5, "×"),
            ("late interaction off: one-shot ask, median wall time", result["oneshot_late_off"]["median_s"], 1.5, "s"),
            ("rebuild with nothing changed, median", result["build"]["nothing_changed_s"], 0.5, "s"),
            ("150 reports: retrieve p50", big["retrieve"]["p50_ms"] if big else None, 30.0, "ms"),
            ("150 reports, late interaction off: retrieve p50", big["retrieve_late_off"]["p50_ms"] if big else None,
             30.0, "ms"),
            ("150 reports: peak memory of a fresh process", big["process_peak_mb"] if big else None, 1536.0, "MB"),
            ("150 reports: one-shot corpus question, median", big["oneshot_question"]["median_s"] if big else None,
             1.5, "s"),
            ("150 reports: one-shot qa compare --csv, median", big["oneshot_compare"]["median_s"] if big else None,
             1.5, "s"),
            ("150 reports (cards): corpus question, warm median", across.get("question_p50_ms"), 50.0, "ms"),
            ("150 reports (cards): qa compare table, warm median", across.get("compare_ms"), 50.0, "ms"),
            ("150 reports (cards): one-shot question + table", across.get("oneshot_s"), 1.5, "s")]
    return [{"target": name, "value": value, "limit": limit, "unit": unit,
             "met": None if value is None else value <= limit} for name, value, limit, unit in rows]


def _timed(fn):
    t0 = time.perf_counter()
    value = fn()
    return time.perf_counter() - t0, value


def _prefixed(say: Progress, label: str) -> Progress:
    return lambda stage, done, total: say(f"{label}: {stage}", done, total)


def _percentiles(ms: list[float] | tuple[float, ...]) -> dict:
    ordered = sorted(ms)
    return {"p50_ms": statistics.median(ordered), "p95_ms": ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)]}


def _index_bytes(index: Path) -> int:
    build = store.current_dir(index)
    return sum(p.stat().st_size for p in build.iterdir() if p.is_file()) if build else 0


def _ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


