"""The ``qa`` command line on the real Derby report with the real model: output, --json shapes, errors, chat.

The tests read the session's index (``built_index`` in conftest, built once into a temp folder); a test that
writes gets its own copy. Nothing is written into the checkout, and no test depends on another's files.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qa.app.cli import app

REPORT_NAME = "derby-city-council.md"
FIVE = [
    {"id": "t1", "kind": "score", "question": "What did Derby score for assessing needs?",
     "evidence": ["2 - Evidence shows some shortfalls"], "answer": ["2"]},
    {"id": "t2", "kind": "number", "question": "What is the population of Derby?",
     "evidence": ["The population of the city is 263,490."], "answer": ["263,490"]},
    {"id": "t3", "kind": "number", "question": "how many wards in Derby",
     "evidence": ["Derby has a total of 18 wards."], "answer": ["18"]},
    {"id": "t4", "kind": "aggregate", "question": "Which quality statement got the highest score?",
     "evidence": ["3 - Evidence shows a good standard"], "answer": ["Partnerships and communities"]},
    {"id": "t5", "kind": "unanswerable", "question": "Ofsted rating for Derby children's services",
     "evidence": [], "answer": []},
]


def invoke(*args) -> object:
    return CliRunner().invoke(app, [str(a) for a in args])


def qa_executable() -> str:
    return shutil.which("qa") or str(Path(sys.executable).parent / "qa")


def clean_env(tmp: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("QA_")}
    env.update(HOME=str(tmp), PYTHONIOENCODING="utf-8", COLUMNS="100")
    return env


@pytest.fixture(scope="session")
def where(built_index) -> list[str]:
    """``--corpus`` and ``--index`` options for the session's index (conftest's ``built_index``, read only)."""
    return ["--corpus", str(built_index.settings.corpus), "--index", str(built_index.settings.index)]


@pytest.fixture(scope="session")
def report_text(derby_path) -> str:
    return derby_path.read_bytes().decode("utf-8")


# -- commands -----------------------------------------------------------------------------------------------
def test_index_is_up_to_date_then_force_reuses_every_vector_then_embeds_only_new_text(built_index, tmp_path):
    settings = built_index.copy_to(tmp_path)
    opts = ["--corpus", settings.corpus, "--index", settings.index]
    again = invoke("index", *opts)
    assert again.exit_code == 0 and "up to date" in again.stdout and "1 report," in again.stdout
    forced = invoke("index", *opts, "--force", "--json")
    assert forced.exit_code == 0, forced.output
    summary = json.loads(forced.stdout)
    assert summary["built"] and summary["reason"] == "forced"
    assert summary["embedded"] == 0 and summary["reused"] == summary["passages"] + summary["sentences"]
    with open(settings.corpus / REPORT_NAME, "a", encoding="utf-8") as f:
        f.write("\n\nThe council told us it would publish a new carers strategy next spring.\n")
    changed = invoke("index", *opts)
    assert changed.exit_code == 0, changed.output
    assert "built index" in changed.stdout and "corpus changed" in changed.stdout
    embedded, reused = map(int, re.search(r"(\d+) texts embedded, (\d+) reused", changed.stdout).groups())
    assert 0 < embedded < 10 < reused


def test_ask_shows_answer_citation_and_source_line(where, report_text):
    result = invoke("ask", "How long do people wait for a financial assessment?", *where)
    assert result.exit_code == 0, result.output
    assert "Answer" in result.stdout and "337 days" in result.stdout
    line = report_text.count("\n", 0, report_text.index("The maximum wait for financial assessments")) + 1
    assert f"derby-city-council.md:{line}" in result.stdout
    assert "Assessing needs › Financial assessment" in " ".join(result.stdout.split())


def test_ask_json_quotes_read_back_from_the_file(where, report_text):
    result = invoke("ask", "How long do people wait for a financial assessment?", *where, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)  # exactly one object, nothing else on stdout
    assert set(data) == {"question", "answer", "abstained", "kind", "report", "citations", "hits"}
    assert not data["abstained"] and "337 days" in data["answer"] and data["citations"]
    for c in data["citations"]:
        assert report_text[c["start"] : c["end"]] == c["quote"]
        assert c["line"] == report_text.count("\n", 0, c["start"]) + 1 and c["source"] == REPORT_NAME
    hit = data["hits"][0]
    assert hit["rank"] == 1 and report_text[hit["passage"]["start"] : hit["passage"]["end"]] == hit["passage"]["text"]


def test_ask_abstains_in_its_own_panel_and_lists_nearest_passages(where):
    result = invoke("ask", "How much does the council charge for parking permits?", *where)
    assert result.exit_code == 0, result.output
    assert "Not in the report" in result.stdout and "doesn't say" in result.stdout
    assert "Nearest passages" in result.stdout


def test_scores_json_has_nine_statements_and_the_rating(where, report_text):
    result = invoke("scores", *where, "--json")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    card = json.loads(lines[0])
    assert card["report"] == "derby-city-council" and card["rating"] == "Requires improvement"
    assert card["published"] == "2024-08-16" and card["council"] == "Derby City Council"
    got = {s["statement"]: s["score"] for s in card["statements"]}
    assert len(got) == 9 and got.pop("Partnerships and communities") == 3 and set(got.values()) == {2}
    for s in card["statements"]:
        c = s["citation"]
        assert report_text[c["start"] : c["end"]] == c["quote"]


def test_scores_table_cites_each_line(where, report_text):
    result = invoke("scores", *where, "--report", "derby-city-council")
    assert result.exit_code == 0, result.output
    assert "overall: Requires improvement" in " ".join(result.stdout.split())
    assert re.search(r"Partnerships and( communities)?\s+3\s", result.stdout)  # the cell may wrap
    assert result.stdout.count("derby-city-council.md:") == 10  # the rating and nine statements
    assert "52.8%, computed from the nine scores: 19 of 36" in " ".join(result.stdout.split())  # as ask gives it
    data = json.loads(invoke("scores", *where, "--report", "derby-city-council", "--json").stdout)
    assert data["percentage"]["value"] == 52.8 and data["percentage"]["text"].startswith("52.8%")


def test_eval_json_on_five_questions(where, tmp_path):
    questions = tmp_path / "five.jsonl"
    questions.write_text("".join(json.dumps(q) + "\n" for q in FIVE), encoding="utf-8")
    result = invoke("eval", questions, *where, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["metrics"]["questions"] == 5 and len(data["outcomes"]) == 5
    assert {"hit@1", "mrr@10", "ndcg@10", "answer_accuracy", "abstention"} <= set(data["metrics"])
    assert data["by_kind"]["number"]["questions"] == 2 and data["failed_thresholds"] == []

    failing = invoke("eval", questions, *where, "--fail-under", "hit@1=1.01", "--fail-under", "hit@10=0")
    assert failing.exit_code == 1
    [line] = failing.stderr.strip().splitlines()  # only the rule that failed: hit@10 >= 0 holds
    assert line.startswith("fail: hit@1 ") and "1.01" in line
    assert "By kind" in failing.stdout and "Traceback" not in failing.output


def test_version():
    result = invoke("--version")
    assert result.exit_code == 0 and result.stdout.startswith("qa ")


# -- errors: one red line on stderr, exit 1 (usage errors 2), never a traceback -----------------------------
def assert_one_line_error(result, *needles: str) -> None:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    for needle in needles:
        assert needle in lines[0]


def test_missing_corpus_is_one_line_naming_the_folder(tmp_path):
    missing = tmp_path / "no-such-corpus"
    result = invoke("ask", "What did the council score for safeguarding?", "--corpus", missing,
                    "--index", tmp_path / "index")
    assert_one_line_error(result, str(missing))


def test_corpus_or_index_that_is_a_file(where, tmp_path):
    a_file = tmp_path / "notes.txt"
    a_file.write_text("not a folder", encoding="utf-8")
    corpus, index = where[1], where[3]
    assert_one_line_error(invoke("ask", "safeguarding score", "--corpus", a_file, "--index", index), "is a file")
    assert_one_line_error(invoke("index", "--corpus", corpus, "--index", a_file), "cannot use", "index folder")


def test_unreadable_report_in_the_corpus_names_the_file(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "broken.md").write_bytes(b"# Title\n\xff\xfe not utf-8 \x80")
    result = invoke("ask", "safeguarding score", "--corpus", corpus, "--index", tmp_path / "index")
    assert_one_line_error(result, "broken.md", "UTF-8")


def test_empty_question(where):
    assert_one_line_error(invoke("ask", "   ", *where), "empty")


def test_unknown_report(where):
    assert_one_line_error(invoke("scores", *where, "--report", "nowhere"), "nowhere")
    assert_one_line_error(invoke("ask", "safeguarding score", *where, "--report", "nowhere"), "nowhere")


def test_bad_mode_is_a_usage_error(where):
    result = invoke("ask", "safeguarding score", *where, "--mode", "fuzzy")
    assert result.exit_code == 2 and "fuzzy" in result.output and "Traceback" not in result.output


def test_late_sets_the_share_of_late_interaction(where, tmp_path, monkeypatch):
    question = "Is there help to get me back on my feet after hospital?"
    runs = {w: invoke("ask", question, *where, "--late", w, "--json") for w in ("0", "0.85")}
    assert all(r.exit_code == 0 for r in runs.values()), runs["0.85"].output
    scores = {w: [h["score"] for h in json.loads(r.stdout)["hits"]] for w, r in runs.items()}
    assert scores["0"] != scores["0.85"]  # MaxSim is in the ranking only with --late
    questions = tmp_path / "five.jsonl"
    questions.write_text("".join(json.dumps(q) + "\n" for q in FIVE), encoding="utf-8")
    assert json.loads(invoke("eval", questions, *where, "--json", "--late", "0.85").stdout)["metrics"]["questions"] == 5
    assert invoke("ask", "carers", *where, "--late", "1.5").exit_code == 2  # a usage error, as typer gives
    monkeypatch.setenv("QA_LATE", "lots")
    assert_one_line_error(invoke("ask", "carers", *where), "QA_LATE", "0.85")


def test_unreadable_question_file_and_bad_threshold(where, tmp_path):
    assert_one_line_error(invoke("eval", tmp_path / "none.jsonl", *where), "none.jsonl")
    questions = tmp_path / "one.jsonl"
    questions.write_text(json.dumps(FIVE[1]) + "\n", encoding="utf-8")
    result = invoke("eval", questions, *where, "--fail-under", "hit@5", "--json")
    assert result.exit_code == 1 and "METRIC=VALUE" in result.stderr and "Traceback" not in result.output


# -- the installed executable -------------------------------------------------------------------------------
def test_installed_qa_answers_with_json(where, tmp_path, report_text):
    run = subprocess.run([qa_executable(), "ask", "What did the council score for safeguarding?", "--json",
                          *where], capture_output=True, text=True, env=clean_env(tmp_path), timeout=120)
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert data["kind"] == "score" and "Safeguarding: 2" in data["answer"]
    c = data["citations"][0]
    assert report_text[c["start"] : c["end"]] == c["quote"]


def test_chat_through_stdin(where, tmp_path):
    lines = ["What did the council score for safeguarding?", "How long do people wait for a financial assessment?",
             "/k 3", "What did carers say about respite?", "/quit"]
    run = subprocess.run([qa_executable(), "chat", *where], input="\n".join(lines) + "\n",
                         capture_output=True, text=True, env=clean_env(tmp_path), timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.count("╭─ Answer") + run.stdout.count("╭─ Not in the report") == 3
    assert "Safeguarding: 2" in run.stdout and "337 days" in run.stdout and "k = 3" in run.stderr
    assert "Traceback" not in run.stderr


def test_chat_reports_errors_and_leaves_on_end_of_input(where, tmp_path):
    run = subprocess.run([qa_executable(), "chat", *where], input="/report nowhere\n/mode fuzzy\n/sources\n/help\n",
                         capture_output=True, text=True, env=clean_env(tmp_path), timeout=120)
    assert run.returncode == 0, run.stderr
    errors = [line for line in run.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 2 and "nowhere" in errors[0] and "fuzzy" in errors[1]
    from qa.config import MODES

    # the help names the modes the error lists
    assert ", ".join(MODES) in errors[1] and ", ".join(MODES) in " ".join((run.stdout + run.stderr).split())
    assert "Traceback" not in run.stderr


def test_help_does_not_import_torch(tmp_path):
    code = ("import sys\n"
            "from typer.testing import CliRunner\n"
            "from qa.app.cli import app\n"
            "for args in (['--help'], ['ask', '--help'], ['eval', '--help']):\n"
            "    assert CliRunner().invoke(app, args).exit_code == 0\n"
            "heavy = [m for m in ('torch', 'sentence_transformers', 'transformers', 'faiss') if m in sys.modules]\n"
            "assert not heavy, heavy\n")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=clean_env(tmp_path))
    assert run.returncode == 0, run.stderr
    run = subprocess.run([qa_executable(), "--help"], capture_output=True, text=True, env=clean_env(tmp_path))
    assert run.returncode == 0 and "ask" in run.stdout


def test_json_answer_from_an_up_to_date_index_never_loads_the_terminal_library(where, tmp_path):
    """rich is 40-80 ms of a one-shot question's imports: a script reading --json should not pay for it."""
    code = ("import sys\n"
            "from qa.app.cli import app\n"
            "try:\n"
            "    app(sys.argv[1:])\n"
            "except SystemExit as exc:\n"
            "    assert exc.code in (0, None), exc.code\n"
            "print('rich' in sys.modules, file=sys.stderr)\n")
    run = subprocess.run([sys.executable, "-c", code, "ask", "--json", "How long do people wait for a financial "
                          "assessment?", *where], capture_output=True, text=True, env=clean_env(tmp_path))
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["citations"] and run.stderr.strip().splitlines()[-1] == "False"
    run = subprocess.run([sys.executable, "-c", code, "ask", "How long do people wait for a financial assessment?",
                          *where], capture_output=True, text=True, env=clean_env(tmp_path))
    assert run.returncode == 0 and run.stderr.strip().splitlines()[-1] == "True"  # the table is rich's


def test_scores_table_keeps_the_statement_column_for_a_long_file_name(built_index, tmp_path, monkeypatch):
    """At 80 columns a 46-character file name used to squeeze the statement names out of the table."""
    import io

    from rich.console import Console

    from qa.app import render

    settings = built_index.copy_to(tmp_path)
    long_name = "royal-borough-of-windsor-and-maidenhead-council.md"
    (settings.corpus / REPORT_NAME).rename(settings.corpus / long_name)
    buffer = io.StringIO()
    monkeypatch.setattr(render, "out", Console(file=buffer, width=80, highlight=False))
    result = invoke("scores", "--corpus", settings.corpus, "--index", settings.index)
    assert result.exit_code == 0, result.output
    text = buffer.getvalue()
    assert "Safeguarding" in text and re.search(r"Partnerships and( communities)?\s+3\s", text)
    assert all(len(line) <= 80 for line in text.splitlines()[1:])  # the heading line is left to the terminal
    assert f"citations are lines of {long_name}" in text and len(re.findall(r"line \d+", text)) == 9
