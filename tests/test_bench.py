"""qa.tools.bench runs end to end on a copy of the real corpus and writes its figures; timings are not asserted.

The benchmark reuses the session's index (``built_index``) instead of building from nothing, so the test costs
one two-report scale build (~550 passages and sentences embedded) and a handful of fresh processes.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

from rich.console import Console

from qa.ingest.report import parse_file, parse_text
from qa.app.bench_table import render_bench
from qa.tools.bench import with_growth
from qa.tools.synthetic import synthetic_report, write_synthetic_corpus

EVAL = Path(__file__).resolve().parents[1] / "eval" / "derby.jsonl"


def test_qa_bench_json_writes_every_figure(tmp_path, derby_corpus, built_index):
    questions = tmp_path / "questions.jsonl"
    questions.write_text("\n".join(EVAL.read_text(encoding="utf-8").splitlines()[:5]) + "\n", encoding="utf-8")
    out = tmp_path / "out" / "bench.json"
    current = (built_index.settings.index / "CURRENT").read_text()

    from typer.testing import CliRunner

    from qa.app.cli import app

    run = CliRunner().invoke(app, ["bench", "--reports", "2", "--json", "--out", str(out), "--questions",
                                   str(questions), "--corpus", str(derby_corpus),
                                   "--index", str(built_index.settings.index)])
    assert run.exit_code == 0, run.output[-2000:]

    written = json.loads(out.read_text(encoding="utf-8"))
    assert written == json.loads(run.stdout)
    assert set(written) == {"machine", "corpus", "questions", "build", "warm", "oneshot", "oneshot_late_off", "scale",
                            "targets", "reading", "corpus_questions"}
    assert {"cpus", "platform", "python", "torch", "date"} <= set(written["machine"])
    assert {"nothing_changed_s", "one_changed", "passages"} <= set(written["build"])
    assert written["build"]["one_changed"]["reused"] > 0
    assert {"retrieve", "ask", "embed_query", "ask_over_embed"} <= set(written["warm"])
    assert {"weight", "retrieve", "ask", "embed_query_tokens", "ask_over_embed"} <= set(written["warm"]["late_off"])
    for oneshot in (written["oneshot"], written["oneshot_late_off"]):
        assert oneshot["failed"] == 0, oneshot["error"]
    assert written["oneshot_late_off"]["command"] == "qa ask --json --late 0.0"
    [row] = written["scale"]
    assert row["reports"] == 2 and row["process_error"] is None
    assert row["build_s"] > 0 and row["retrieve"]["p50_ms"] > 0 and row["retrieve_late_off"]["p50_ms"] > 0
    assert row["index_bytes"] > 0
    assert set(row["growth"]) == {"build_s", "retrieve_p50_ms", "index_bytes", "process_peak_mb"}
    for run in (row["oneshot_question"], row["oneshot_compare"]):  # a cross-corpus question and the table
        assert run["failed"] == 0 and run["median_s"] > 0, run["error"]
    assert [t["met"] is None for t in written["targets"]] == [False] * 5 + [True] * 5 + [False] * 3
    across = written["corpus_questions"]
    assert across["reports"] == 150 and across["oneshot_error"] is None and len(across["question_ms"]) == 3
    text = io.StringIO()
    Console(file=text, width=200).print(render_bench(written))
    assert "Targets" in text.getvalue() and "not measured" in text.getvalue()
    assert [p.name for p in derby_corpus.iterdir()] == ["derby-city-council.md"]
    assert (built_index.settings.index / "CURRENT").read_text() == current


def test_synthetic_report_renames_the_council_and_redraws_figures(derby_path):
    real = parse_file(derby_path)
    fake = synthetic_report(real.text, "Derby", "North Luton", seed=3)

    assert fake == synthetic_report(real.text, "Derby", "North Luton", seed=3)
    assert not re.search(r"\bDerby\b", fake)
    assert fake.count("Derbyshire") == real.text.count("Derbyshire") > 0
    assert re.sub(r"\d", "0", fake).replace("North Luton", "Derby") == re.sub(r"\d", "0", real.text)
    assert fake != synthetic_report(real.text, "Derby", "North Luton", seed=4)
    parsed = parse_text(fake, "north-luton", "north-luton.md")
    assert parsed.council == "North Luton City Council"
    assert len(parsed.scores) == len(real.scores) and all(1 <= s.score <= 4 for s in parsed.scores)


def test_synthetic_corpus_gives_each_report_its_own_council(tmp_path, derby_path):
    write_synthetic_corpus([derby_path], 3, tmp_path / "corpus")

    names = sorted(p.name for p in (tmp_path / "corpus").iterdir())
    assert names == ["ashford-council.md", "barnsley-council.md", "bolton-council.md"]
    councils = {parse_file(tmp_path / "corpus" / n).council for n in names}
    assert councils == {"Ashford City Council", "Barnsley City Council", "Bolton City Council"}


def test_growth_is_each_row_over_the_first_on_hand_computed_rows():
    rows = [{"build_s": 10.0, "retrieve": {"p50_ms": 20.0}, "index_bytes": 1000, "process_peak_mb": 250.0},
            {"build_s": 150.0, "retrieve": {"p50_ms": 34.0}, "index_bytes": 15500, "process_peak_mb": None}]
    growth = [r["growth"] for r in with_growth(rows)]
    assert growth[0] == {"build_s": 1.0, "retrieve_p50_ms": 1.0, "index_bytes": 1.0, "process_peak_mb": 1.0}
    assert growth[1] == {"build_s": 15.0, "retrieve_p50_ms": 1.7, "index_bytes": 15.5, "process_peak_mb": None}


def test_the_main_set_is_timed_by_default_not_the_first_by_name(monkeypatch):
    from qa.tools import bench

    monkeypatch.chdir(Path(__file__).resolve().parents[1])
    assert bench._main_set() == Path("eval") / "derby.jsonl"  # councils.jsonl sorts first: its questions are cards'
