"""``qa compare`` on the five made-up councils: the table, CSV and JSON, every cell read back from its file."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qa.app.cli import app


@pytest.fixture(scope="module")
def run(councils_index):
    where = ["--corpus", str(councils_index.settings.corpus), "--index", str(councils_index.settings.index)]

    def invoke(*args: str):
        return CliRunner().invoke(app, ["compare", *args, *where])

    return invoke


def test_json_cells_read_back_from_their_reports(run, councils_index):
    result = run("--json")
    assert result.exit_code == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == 5
    corpus = Path(councils_index.settings.corpus)
    for row in rows:
        for column, cell in row["cells"].items():
            for c in cell["citations"]:
                text = (corpus / c["source"]).read_text(encoding="utf-8")
                assert text[c["start"] : c["end"]] == c["quote"], (row["report"], column)
                assert text.count("\n", 0, c["start"]) + 1 == c["line"]
        assert row["cells"]["percentage"]["computed"] and len(row["cells"]["percentage"]["citations"]) == 9
    eastvale = next(r for r in rows if r["report"] == "eastvale-county-council")
    assert eastvale["cells"]["Safeguarding"]["value"] == 4 and eastvale["cells"]["percentage"]["value"] == 88.9
    assert eastvale["cells"]["rating"]["citations"][0]["quote"] == "Outstanding"


def test_csv_sorted_by_a_statement_ties_by_name(run):
    result = run("--statement", "safegaurding", "--sort", "safeguarding", "--csv")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["report", "council", "rating", "Safeguarding", "percentage", "published"]
    assert [(r[1].split()[0], r[3]) for r in rows[1:]] == [("Eastvale", "4"), ("Northmoor", "3"), ("Kelby", "2"),
                                                          ("Southmere", "1"), ("Westbridge", "1")]


def test_council_filter_and_errors(run):
    result = run("--council", "Westbridge", "--council", "eastvale-county-council", "--sort", "percentage", "--csv")
    assert result.exit_code == 0, result.stderr
    assert [r.split(",")[0] for r in result.stdout.splitlines()[1:]] == ["eastvale-county-council",
                                                                         "westbridge-city-council"]
    missing = run("--council", "Leeds")
    assert missing.exit_code == 1 and "no report for council 'Leeds'" in missing.stderr
    assert "did you mean" not in missing.stderr
    typo = run("--council", "Eastvail")  # a new user's misspelt council got the list alone
    assert typo.exit_code == 1 and "(did you mean Eastvale County Council?)" in typo.stderr, typo.stderr
    assert run("--sort", "colour").exit_code == 1
    assert run("--statement", "parking").exit_code == 1


def test_table_names_the_percentage_as_computed(run):
    result = run("--statement", "safeguarding")
    assert result.exit_code == 0, result.stderr
    assert "computed" in result.stdout and "Westbridge City Council" in result.stdout


def test_at_80_columns_every_council_is_named_in_its_row(run, monkeypatch):
    """The nine statements' short names took the whole width and the councils' names were squeezed out: at 80
    columns the statements are numbered (Q1 ... Q9, named in the legend) and each row keeps its council."""
    from rich.console import Console

    from qa.app import compare

    buffer = io.StringIO()
    monkeypatch.setattr(compare, "out", Console(file=buffer, width=80, highlight=False))
    result = run()
    assert result.exit_code == 0, result.stderr
    text = buffer.getvalue()
    table = text.split("Q1 (Needs) = Assessing needs")[0]
    for council in ("Westbridge", "Eastvale", "Kelby", "Northmoor", "Southmere"):
        assert council in table, text
    assert "Q9 (Learn) = Learning, improvement and innovation" in text


def test_from_python_the_table_reads_as_records_and_prints_as_tab_separated_lines(councils_index):
    from qa import Assistant

    assistant = Assistant.open(councils_index.settings.corpus, councils_index.settings.index, build=False)
    table = assistant.compare(statements=("safeguarding",), sort="safeguarding")
    records = table.records()
    assert [(r["council"].split()[0], r["Safeguarding"]) for r in records] == [
        ("Eastvale", 4), ("Northmoor", 3), ("Kelby", 2), ("Southmere", 1), ("Westbridge", 1)]
    lines = str(table).splitlines()
    assert lines[0].split("\t") == ["council", "rating", "Safeguarding", "percentage", "published"]
    assert lines[1].split("\t")[:3] == [records[0]["council"], records[0]["rating"], "4"]
    assert len(lines) == 6 and "Cell(" not in str(table)
