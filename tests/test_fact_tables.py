"""National figures in tables: made-up reports written here (markdown, HTML, a browser copy, a PDF), every fact's
value, comparison, source and period asserted, and every span read back from the text the index keeps."""

from __future__ import annotations

from pathlib import Path

from formats_fixtures import FONT, FONT_BOLD, html_page, whole_text
from qa.cqc.fact_tables import report_facts, table_facts
from qa.ingest.report import parse_file

COUNCIL = "Harbridge Borough Council"
SCORES = (3, 2, 2, 3, 3, 2, 2, 3, 2)
ROWS = (  # (measure, Harbridge, England average, source and period) - figures made up for these tests
    ("Carers who could take a break from caring", "31.4%", "20.08%", "SACE 2021/22"),
    ("People who use services who feel safe", "66.2%", "69.7%", "ASCOF 2023/24"),
    ("People satisfied with their care and support", "64.0%", "61.4%", "ASCS 2023/24"),
)
PROSE = ("National data showed that 52.5% of people felt they had control over their daily life, compared to the "
         "England average of 77.2% (ASCS 2023/24).")


def _report_text() -> str:
    return whole_text(COUNCIL, "Good", SCORES, "Published 3 March 2025", None)


def _markdown_table() -> str:
    out = ["Table 1: national measures", "", "| Measure | Harbridge | England average | Source |",
           "|:---|---:|---:|---|"]
    out += [f"| {m} | {v} | {e} | {s} |" for m, v, e, s in ROWS]
    return "\n".join(out)


def _check(text: str, facts) -> None:
    got = [(f.measure, f.value_text, f.comparison_text, f.compared_to, f.source, f.period) for f in facts]
    assert got == [(m, v, e, "England average", s.split()[0], s.split()[1]) for m, v, e, s in ROWS]
    assert [f.relation for f in facts] == ["above", "below", "above"]
    for f, row in zip(facts, ROWS):
        assert text[f.span.start:f.span.end] == f.span.text
        assert all(cell in f.span.text for cell in row) and "\n" not in f.span.text  # the row, whole


def test_a_markdown_table_gives_one_fact_per_row_cited_to_the_row(tmp_path):
    path = tmp_path / "harbridge-borough-council.md"
    path.write_text(_report_text() + "\n" + PROSE + "\n\n" + _markdown_table() + "\n\nMore text follows.\n",
                    encoding="utf-8")
    report = parse_file(path)
    text = path.read_text(encoding="utf-8")
    prose, *rows = report.facts  # the sentence's fact and the table's, in the order they stand
    assert (prose.value, prose.comparison, prose.source) == (52.5, 77.2, "ASCS")
    _check(text, rows)
    assert rows[0].span.text == "| Carers who could take a break from caring | 31.4% | 20.08% | SACE 2021/22 |"


def test_an_html_table_with_its_source_in_the_caption_and_the_period_in_the_header(tmp_path):
    cells = "".join(f"<tr><td>{m}</td><td>{v}</td><td>{e}</td></tr>" for m, v, e, _ in ROWS[1:])
    table = ("<table><caption>Outcomes for people (Adult Social Care Survey)</caption>"
             "<tr><th>Indicator</th><th>Harbridge</th><th>England average 2023/24</th></tr>" + cells + "</table>")
    path = tmp_path / "harbridge-borough-council.html"
    path.write_text(html_page(_report_text()).replace("</main>", table + "</main>"), encoding="utf-8")
    report = parse_file(path)
    facts = [f for f in report.facts if f.span.text.count("|") >= 2]
    assert [(f.measure, f.value, f.comparison, f.compared_to, f.source, f.period) for f in facts] == [
        ("People who use services who feel safe", 66.2, 69.7, "England average", "ASCS", "2023/24"),
        ("People satisfied with their care and support", 64.0, 61.4, "England average", "ASCS", "2023/24")]
    for f in facts:  # report.text is the page's extracted text: what the index keeps and offsets point into
        assert report.text[f.span.start:f.span.end] == f.span.text == f"{f.measure} | {f.value_text} | " \
            f"{f.comparison_text}"


def test_a_table_copied_from_a_browser_parts_cells_with_tabs_and_keeps_the_national_column(tmp_path):
    lines = ["Measure\tHarbridge (%)\tRegional average\tNational average\tYear"]
    lines += [f"{m}\t{v.rstrip('%')}\t50.0\t{e.rstrip('%')}\t{s.split()[1]}" for m, v, e, s in ROWS]
    path = tmp_path / "harbridge-borough-council.txt"
    path.write_text(_report_text() + "\nNational data (Skills for Care)\n" + "\n".join(lines) + "\n", encoding="utf-8")
    report = parse_file(path)
    text = path.read_text(encoding="utf-8")
    facts = [f for f in report.facts if "\t" in f.span.text]
    assert [(f.value, f.unit, f.comparison, f.compared_to, f.period) for f in facts] == [
        (31.4, "percent", 20.08, "national average", "2021/22"), (66.2, "percent", 69.7, "national average", "2023/24"),
        (64.0, "percent", 61.4, "national average", "2023/24")]
    assert {f.source for f in facts} == {"Skills for Care"}  # from the line above the table
    for f in facts:
        assert text[f.span.start:f.span.end] == f.span.text


def test_tables_without_a_comparison_and_rows_without_a_figure_give_nothing():
    scores = "| Quality statement | Score |\n|---|---|\n| Assessing needs | 2 |\n| Safeguarding | 3 |\n"
    staff = "| Team | Staff | Vacancies |\n|---|---|---|\n| Reablement workers | 41 | 6 |\n"
    assert table_facts(scores) == () and table_facts(staff) == ()
    blank = "| Measure | Harbridge | England average |\n|---|---|---|\n| Carers who said they were heard | n/a | 40% |\n"
    assert table_facts(blank) == ()
    # a figure with no average and no source is no national figure, in a table as in a sentence
    bare = "| Measure | Harbridge | England average |\n|---|---|---|\n| People on the waiting list | 310 | |\n"
    assert table_facts(bare) == ()
    # a title row above the header, and a column of differences that is not the council's figure
    titled = ("| National measures (ASCOF 2023/24) | | | |\n| Measure | Difference from England | Harbridge | England "
              "average |\n|---|---|---|---|\n| Carers who could take a break | +4.0 | 24.1% | 20.1% |\n")
    (f,) = table_facts(titled)
    assert (f.value, f.comparison, f.source, f.period) == (24.1, 20.1, "ASCOF", "2023/24")
    assert titled[f.span.start:f.span.end] == "| Carers who could take a break | +4.0 | 24.1% | 20.1% |"
    # the table's cells are never read as sentences as well
    assert len(report_facts(_markdown_table())) == 3


def test_a_pdf_table_is_not_read_as_facts_and_gives_no_false_ones(tmp_path):
    """pypdf parts a table's cells by spaces only and splits a wrapped cell's row over lines: nothing in it can be
    told apart, so no fact comes from it (and the figures left on a line of their own are not taken for any)."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_font("body", "", str(FONT))
    pdf.add_font("body", "B", str(FONT_BOLD if FONT_BOLD.exists() else FONT))
    pdf.set_font("body", size=9)
    pdf.add_page()
    for line in _report_text().split("\n"):
        pdf.multi_cell(0, 4.2, line or " ", new_x="LMARGIN", new_y="NEXT")
    with pdf.table() as table:
        for r in (("Measure", "Harbridge", "England average", "Source"), *ROWS):
            row = table.row()
            for c in r:
                row.cell(c)
    path = tmp_path / "harbridge-borough-council.pdf"
    pdf.output(str(path))
    report = parse_file(path)
    assert report.scores and report.council == COUNCIL
    assert report.facts == ()
