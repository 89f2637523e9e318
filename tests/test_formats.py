"""Reports as CQC publishes them: browser-copied web text, saved HTML, folders of pages, PDFs.

Every fixture is written by the tests (``formats_fixtures``) for made-up councils; the real report is only ever
converted, to check that reading it as HTML or PDF answers as well as reading its markdown.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

import formats_fixtures as F
from qa.errors import QAError
from qa.ingest.chunk import chunk
from qa.ingest.corpus import Document, scan
from qa.ingest.document import read
from qa.ingest.pages import texts
from qa.cqc.score_answers import scores_of
from qa.ingest.report import parse_file
from qa.types import ReportCard

NORTHMOOR = ("Northmoor County Council", "Good", (3, 2, 3, 2, 3, 2, 3, 2, 4),
             "Published: 3 March 2025 Page last updated: 3 March 2025")


def _doc(corpus: Path, name: str) -> Document:
    return next(d for d in scan(corpus)[0] if d.source == name)


def _check_offsets(report) -> list:
    """Every passage and every score quotes its own source's text exactly; returns the passages."""
    own = texts(report)
    passages = chunk(report)
    assert passages
    for p in passages:
        assert own[p.source][p.start : p.end] == p.text, p
    for s in (*report.scores, *report.summary_scores):
        assert own[s.span.source or report.source][s.span.start : s.span.end] == s.span.text
    for span in (report.rating, report.published_at, report.percentage.span if report.percentage else None):
        if span is not None:
            assert own[span.source or report.source][span.start : span.end] == span.text
    return passages


def _check_card(report, rating, scores, date, percent, stated):
    assert report.rating.text == rating
    by_name = {s.statement: s.score for s in (*report.summary_scores, *report.scores)}
    assert [by_name[n] for n in F.CANONICAL] == list(scores)
    assert [s.statement for s in report.scores] == list(F.CANONICAL)  # each statement's own page was found
    assert report.published == date
    assert report.percentage.value == percent and report.percentage.stated is stated
    assert report.warnings == ()


LAYOUTS = [  # (layout, council, rating, scores, date line, percentage wording, ISO date, percent)
    ("whole-text", "Northmoor County Council", "Good", (3, 2, 3, 2, 3, 2, 3, 2, 4),
     "Published: 3 March 2025 Page last updated: 3 March 2025", "sentence", "2025-03-03", 67),
    ("numbered", "Westbrook City Council", "Requires improvement", (2, 2, 1, 2, 3, 2, 2, 2, 2),
     "Assessment published: 16 August 2024", None, "2024-08-16", 50),
    ("suffixed", "Southby District Council", "Good", (3, 2, 3, 3, 3, 2, 3, 3, 4),
     "Published: 5 November 2024 Page last updated: 5 November 2024", "sentence", "2024-11-05", 72),
    ("foldered", "Eastvale Borough Council", "Good", (3, 3, 3, 2, 3, 3, 3, 3, 4),
     "Published: 10 July 2025", "bare", "2025-07-10", 75),
]


@pytest.mark.parametrize("layout, council, rating, scores, line, wording, date, percent", LAYOUTS,
                         ids=[x[0] for x in LAYOUTS])
def test_every_web_layout_reads_rating_scores_date_and_percentage(tmp_path, layout, council, rating, scores, line,
                                                                   wording, date, percent):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    if layout == "whole-text":
        (corpus / "northmoor.txt").write_text(F.whole_text(council, rating, scores, line, wording), encoding="utf-8")
        name = "northmoor.txt"
    else:
        name = council.split()[0].lower()
        F.write_folder(corpus / name, council, rating, scores, line, wording, layout)
    report, skipped = read(_doc(corpus, name))
    assert skipped == []
    _check_card(report, rating, scores, date, percent, stated=wording is not None)
    if wording is None:
        assert report.percentage.describe() == "50.0%, computed from the nine scores: 18 of 36"
    else:
        assert report.percentage.span.text.startswith(f"{council} scored" if wording == "sentence" else "Score: ")
    passages = _check_offsets(report)
    if layout != "whole-text":
        sources = {p.source for p in passages}
        assert len(sources) == 11 and all(s.startswith(f"{name}/") for s in sources)
        first = min(passages, key=lambda p: passages.index(p))
        assert "summary" in first.source or first.source.endswith("1.html") is False
        assert passages[-1].section[-1] in ("Financial facts", f"About {council}", "Demographics")  # About last
    # CQC's standard wording on every statement page is marked as such, in every layout (folders included)
    expectations = [p for p in passages if "What people expect" in p.section or p.section[-1:] == ("What people expect",)]
    assert expectations and all(p.kind == "framework" for p in expectations)


def test_a_summary_page_alone_gives_council_rating_and_scores_even_below_site_lines(tmp_path):
    """A browser copy often starts with the site's own lines; the council still comes from its title line (here a
    summary page alone, with no "About" section to fall back on)."""
    council, rating, scores, line = NORTHMOOR[:4]
    text = "Skip to main content\nSearch the site\n" + F.summary_text(council, rating, scores, line, "sentence")
    (tmp_path / "northmoor.txt").write_text(text, encoding="utf-8")
    report = parse_file(tmp_path / "northmoor.txt")
    assert report.council == council and report.rating.text == rating
    assert [s.score for s in scores_of(ReportCard.of(report))] == list(scores)
    assert not any(s.title.startswith("About") for s in report.sections)
    # the summary page alone, saved as a web page, reads the same
    (tmp_path / "northmoor.html").write_text(F.html_page(F.summary_text(council, rating, scores, line, "bare")),
                                             encoding="utf-8")
    page = parse_file(tmp_path / "northmoor.html")
    assert page.council == council and page.rating.text == rating and page.published == "2025-03-03"
    assert [s.score for s in scores_of(ReportCard.of(page))] == list(scores) and page.percentage.stated


def test_findings_after_the_commitment_with_no_heading_of_their_own_are_findings(tmp_path):
    """A page copied without its "Key findings" line: CQC's standard wording stays marked, the findings after it
    are findings (a user's trial lost every such finding to the standard text)."""
    council, rating, scores, line = NORTHMOOR[:4]
    text = F.whole_text(council, rating, scores, line, "sentence").replace("Key findings for this quality statement\n\n", "")
    (tmp_path / "northmoor.txt").write_text(text, encoding="utf-8")
    passages = chunk(parse_file(tmp_path / "northmoor.txt"))
    known = [p for p in passages if F.KNOWN_SENTENCE in p.text]
    assert known and all(p.kind == "finding" for p in known)
    standard = [p for p in passages if p.text.startswith(("I can get the help", "We work with people and partners"))]
    assert len(standard) == 18 and all(p.kind == "framework" for p in standard)
    assert not any(F.KNOWN_SENTENCE in p.text for p in standard)


def test_a_saved_summary_whose_list_items_hold_name_rating_and_score_in_blocks(tmp_path):
    """CQC's summary list puts the council, its rating and "Score: 78" in one <li>, as blocks or <br> lines; read
    flattened into one line, the rating was missed. Without a title line, the council comes from that item."""
    statements = "".join(f"<li><span>{name}</span><br>Score: {v}</li>"
                         for (_, name, _), v in zip(F.STATEMENTS, NORTHMOOR[2]))
    page = ("<html><body><nav>Home | Reports</nav><main><p>Published: 3 March 2025</p>"
            "<h2>Local authority rating and score</h2><ul><li><h3>Northmoor County Council</h3><p>Good</p>"
            f"<p>Score: 78</p></li></ul><h2>Quality statement scores</h2><ul>{statements}</ul></main>"
            "<footer>Contact us</footer></body></html>")
    (tmp_path / "summary.html").write_text(page, encoding="utf-8")
    report = parse_file(tmp_path / "summary.html")
    assert report.council == "Northmoor County Council" and report.rating.text == "Good"
    assert report.percentage.stated and report.percentage.value == 78
    assert [s.score for s in scores_of(ReportCard.of(report))] == list(NORTHMOOR[2])


@pytest.mark.parametrize("layout", ["suffixed", "foldered"])
def test_pages_that_all_repeat_the_report_title_are_still_put_in_order(tmp_path, layout):
    """CQC's sub-pages each carry the report's title; a user's saved folder came out About first, and lost its
    rating, when the title alone marked every page a summary."""
    council, rating, scores, line = "Eastvale Borough Council", "Good", LAYOUTS[3][3], LAYOUTS[3][4]
    F.write_folder(tmp_path / "corpus" / "eastvale", council, rating, scores, line, "bare", layout, titled=True)
    report, skipped = read(_doc(tmp_path / "corpus", "eastvale"))
    assert skipped == [] and report.council == council and report.rating.text == rating
    assert report.percentage.stated and len(report.scores) == 9
    order = list(dict.fromkeys(p.source for p in report.pages))
    assert "summary" in order[0] and "about" in order[-1]


def test_statement_names_vary_across_years_and_still_match(tmp_path):
    """The fixtures use "lead healthier lives" and "Safe systems, pathways ..."; canonical names come back."""
    path = tmp_path / "n.txt"
    path.write_text(F.whole_text(*NORTHMOOR, "sentence"), encoding="utf-8")
    report = parse_file(path)
    assert report.scores[1].statement == "Supporting people to live healthier lives"
    assert report.scores[5].statement == "Safe pathways, systems and transitions"


def test_html_page_keeps_the_content_and_none_of_the_site_chrome(tmp_path):
    path = tmp_path / "northmoor.html"
    path.write_text(F.html_page(F.whole_text(*NORTHMOOR, "sentence")), encoding="utf-8")
    report = parse_file(path)
    _check_card(report, "Good", NORTHMOOR[2], "2025-03-03", 67, stated=True)
    passages = _check_offsets(report)
    chrome = (F.COOKIE, F.NAV, F.FOOTER, "trackingPixel", "Search CQC", "Local authorities", "Accept")
    assert not any(c in p.text for p in passages for c in chrome)
    assert not any(c in report.text for c in chrome)
    assert F.KNOWN_SENTENCE in report.text
    assert report.title == "Northmoor County Council: local authority assessment"


def _northmoor_page_with(tmp_path, html: str):
    """The Northmoor page parsed with ``html`` set right after its known sentence."""
    page = F.html_page(F.whole_text(*NORTHMOOR, "sentence")).replace(F.KNOWN_SENTENCE, F.KNOWN_SENTENCE + html)
    path = tmp_path / "northmoor.html"
    path.write_text(page, encoding="utf-8")
    return parse_file(path)


def test_a_feedback_widget_inside_the_main_content_is_chrome(tmp_path):
    # a new user's saved page: "Was this page helpful? Give feedback" inside <main> was quoted as the last thing
    # the council needed to improve
    report = _northmoor_page_with(tmp_path, '</p><p class="feedback">Was this page helpful? <a href="#">Give '
                                  'feedback</a></p><div><span>Is this page useful?</span> <a>Yes</a> <a>No</a></div>'
                                  '<p>Print this page</p><p>')
    assert F.KNOWN_SENTENCE in report.text
    assert not any(w in report.text for w in ("helpful", "useful", "Give feedback", "Print this page")), report.text
    _check_offsets(report)
    # ...but a block of the report classed "feedback" (what carers told the inspectors) is content
    kept = _northmoor_page_with(tmp_path, '</p><div class="feedback"><p>Carers told us the breaks service was a '
                                'lifeline.</p></div><p>')
    assert "Carers told us the breaks service was a lifeline." in kept.text


def test_a_web_page_reads_its_bold_figures_as_a_browser_shows_them(tmp_path):
    """"spent <strong>£61,200,000</strong>." reads "spent £61,200,000.": no space before the full stop."""
    report = _northmoor_page_with(tmp_path, " The council spent <strong>£61,200,000</strong>. Its carers' "
                                  "budget was <b>£2.1m</b>, <em>up</em> from £1.8m.")
    assert "The council spent £61,200,000. Its carers' budget was £2.1m, up from £1.8m." in report.text
    _check_offsets(report)


HYPHEN = ("Carers told us that the council had listened to them and had changed the way it planned its",
          "reassessments were offered to every carer who asked for one during the year.")


def test_pdf_drops_running_header_and_footers_joins_hyphenation_and_knows_pages(tmp_path):
    from pypdf import PdfReader

    path = tmp_path / "northmoor.pdf"
    lines = [t for t in F.whole_text(*NORTHMOOR, "sentence").split("\n") if t.strip()]
    blocks = [("h2" if F.is_heading(t) else "p", t) for t in lines]
    filler = [("p", f"Filler paragraph {i} about waiting times, reviews and the carers' service, written out to "
                    "fill pages so that the running header and the footers repeat. " * 3) for i in range(40)]
    blocks = blocks[:30] + filler + [("p", " ".join(HYPHEN))] + blocks[30:]
    F.write_pdf(path, blocks, hyphenate="reassessments")
    raw = [page.extract_text() for page in PdfReader(path).pages]
    assert any(line.endswith("reass-") for t in raw for line in t.splitlines())  # the fixture hyphenates
    assert sum(F.RUNNING in t for t in raw) == len(raw) >= 3  # and repeats its header on every page
    report = parse_file(path)
    _check_card(report, "Good", NORTHMOOR[2], "2025-03-03", 67, stated=True)
    assert [p.number for p in report.pages] == list(range(1, len(raw) + 1))
    passages = _check_offsets(report)
    for p in passages:
        assert not re.search(r"Page \d+ of \d+", p.text) and F.RUNNING not in p.text and "cqc.org.uk" not in p.text
        page = report.pages[p.page - 1]
        assert page.start <= p.start and p.end <= page.end  # the quote is on the cited page
    assert " ".join(HYPHEN) in report.text and "reass-" not in report.text
    known = next(p for p in passages if F.KNOWN_SENTENCE in p.text)
    on_page = [n for n, t in enumerate(raw, start=1) if "occupational therapy assessments in Northmoor" in t]
    assert known.page == on_page[0] > 1


def test_pdf_keeps_score_lines_that_fall_at_the_edge_of_most_pages(tmp_path):
    """A new user's PDF lost all nine scores: each statement began a page, its "Score: N" line among a page's
    first lines on most pages, and (digits masked) every score line looked like one running header."""
    scores = (2, 3, 1, 2, 4, 2, 3, 2, 3)
    text = F.whole_text("Ashby Fold Council", "Requires improvement", scores, "Published: 9 May 2025", None)
    lines = [t for t in text.split("\n") if t.strip() and not re.match(r"[1-4] - Evidence shows", t)]  # no labels
    names = {name for _, name, _ in F.STATEMENTS}
    blocks = []
    for n, t in enumerate(lines):
        if t in names and n + 1 < len(lines) and lines[n + 1].startswith("Score:") and blocks:
            blocks.append(("page", ""))  # each statement's page starts a printed page: its score near the top
        blocks.append(("h2" if F.is_heading(t) else "p", t))
    path = tmp_path / "ashby-fold.pdf"
    F.write_pdf(path, blocks, header="Ashby Fold Council: local authority assessment - Care Quality Commission")
    report = parse_file(path)
    assert [s.score for s in report.scores] == list(scores)
    assert [s.statement for s in report.scores] == list(F.CANONICAL)
    assert "Care Quality Commission" not in report.text and not re.search(r"Page \d+ of", report.text)
    _check_offsets(report)


def test_a_pdf_list_lead_right_under_a_list_starts_its_own_list(tmp_path):
    """A new user's PDF set "Areas for development included:" right under the last strength, no space between:
    it was read as the end of that item, and every area for development as a strength."""
    from fpdf import FPDF

    strength = "A new improvement partnership set up in March 2025 with help from the regional network."
    lines = ["Summary of strengths, areas for development and next steps", "Strengths included:",
             "- Caring and committed frontline staff who knew the communities they worked in well.",
             f"- {strength}", "Areas for development included:", "- Reducing the waiting lists for assessments.",
             "- Screening every safeguarding concern promptly and keeping people safe while they wait."]
    pdf = FPDF(format="A4")
    pdf.add_font("body", "", str(F.FONT))
    pdf.add_page()
    pdf.set_font("body", size=9)
    for line in lines:
        pdf.cell(0, 4.2, line, new_x="LMARGIN", new_y="NEXT")  # one line step apart, no gap between paragraphs
    path = tmp_path / "fenwick.pdf"
    pdf.output(str(path))
    text = parse_file(path).text
    assert f"{strength}\n\nAreas for development included:\n\n- Reducing" in text, text


def test_disagreements_are_warnings_not_choices(tmp_path):
    text = F.whole_text(*NORTHMOOR, "sentence")
    text = text.replace("• Safeguarding\nScore: 3", "• Safeguarding\nScore: 1")  # the summary disagrees
    text = text.replace("\nGood\n", "\nOutstanding\n", 1)  # 67% is Good, not Outstanding
    path = tmp_path / "n.txt"
    path.write_text(text, encoding="utf-8")
    report = parse_file(path)
    assert next(s.score for s in report.scores if s.statement == "Safeguarding") == 3
    assert any("Safeguarding: the summary says 1 but the statement's own page says 3" in w for w in report.warnings)
    assert any("'Outstanding' is outside the band of the stated 67% (Good)" in w for w in report.warnings)


# -- the corpus: what cannot be read is listed and left out -----------------------------------------------------
def _bad_corpus(tmp_path: Path) -> Path:
    from fpdf import FPDF

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "northmoor.txt").write_text(F.whole_text(*NORTHMOOR, "sentence"), encoding="utf-8")
    F.write_pdf(corpus / "eastvale.pdf", [("h1", "Eastvale Borough Council: local authority assessment"),
                                          ("p", F.KNOWN_SENTENCE.replace("Northmoor", "Eastvale"))])
    (corpus / "notes.docx").write_bytes(b"PK\x03\x04 not a report")
    (corpus / "empty.md").write_bytes(b"")
    (corpus / "binary.md").write_bytes(b"# T\n\x00\x01\x02")
    (corpus / "latin1.txt").write_bytes("Caf\u00e9 report".encode("latin-1"))
    (corpus / "notepad.txt").write_bytes("# Notes saved as Unicode\n\nCaf\u00e9 report.\n".encode("utf-16"))
    (corpus / ".hidden.md").write_text("# Hidden\n\nNever read.\n", encoding="utf-8")
    scanned = FPDF()
    scanned.add_page()
    scanned.rect(10, 10, 50, 50)
    scanned.output(str(corpus / "scanned.pdf"))
    locked = FPDF()
    locked.add_page()
    locked.set_font("helvetica", size=12)
    locked.cell(0, 10, "A locked report with enough words to have a text layer.")
    locked.set_encryption(owner_password="owner", user_password="secret")
    locked.output(str(corpus / "locked.pdf"))
    outside = tmp_path / "outside.md"
    outside.write_text("# Outside\n\nSomeone else's file.\n", encoding="utf-8")
    (corpus / "link.md").symlink_to(outside)
    (corpus / "huge.md").write_text("# Huge\n\n" + "word " * 300_000, encoding="utf-8")
    return corpus


EXPECTED_SKIPS = {"notes.docx": "unsupported file type .docx", "empty.md": "empty", "binary.md": "binary",
                  "latin1.txt": "not UTF-8", "notepad.txt": "UTF-16 text, not UTF-8", "scanned.pdf": "no text layer", "locked.pdf": "encrypted",
                  "link.md": "outside the corpus folder", "huge.md": "larger than 1 MB"}


def test_unreadable_files_are_listed_with_their_reason_and_the_rest_indexed(tmp_path, qa_embedder):
    from typer.testing import CliRunner

    from qa.app.cli import app

    corpus = _bad_corpus(tmp_path)
    args = ["index", "--corpus", str(corpus), "--index", str(tmp_path / "index"), "--max-report-mb", "1", "--json"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output[-2000:]
    summary = json.loads(result.stdout)
    assert summary["reports"] == 2
    reasons = {s["source"]: s["reason"] for s in summary["skipped"]}
    assert set(reasons) == set(EXPECTED_SKIPS)
    for source, words in EXPECTED_SKIPS.items():
        assert words in reasons[source], (source, reasons[source])
    human = CliRunner().invoke(app, args[:-1])
    assert human.exit_code == 0 and "skipped 9 files" in human.stdout and "locked.pdf: the PDF is encrypted" in human.stdout


def test_a_corpus_of_only_unreadable_files_is_one_line_naming_them(tmp_path, qa_embedder):
    from qa.config import Settings
    from qa.search.lifecycle import refresh

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "empty.md").write_bytes(b"")
    with pytest.raises(QAError, match="holds no report qa can read .*empty.md: the file is empty"):
        refresh(Settings(corpus=corpus, index=tmp_path / "index"), qa_embedder)


# -- end to end: every passage and citation of every type reads back from Assistant.text ------------------------
@pytest.fixture(scope="module")
def formats_assistant(tmp_path_factory, qa_embedder):
    from qa.api import Assistant
    from qa.config import Settings
    from qa.search.lifecycle import refresh

    root = tmp_path_factory.mktemp("formats")
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "northmoor.html").write_text(F.html_page(F.whole_text(*NORTHMOOR, "sentence")), encoding="utf-8")
    F.write_folder(corpus / "westbrook", "Westbrook City Council", "Requires improvement",
                   (2, 2, 1, 2, 3, 2, 2, 2, 2), "Assessment published: 16 August 2024", None, "foldered")
    # set as CQC prints it: the rating large and bold, each score in bold
    blocks = [("h1" if t == "Good" else "h2" if F.is_heading(t) else "h4" if t.startswith("Score") else "p", t)
              for t in F.whole_text("Southby District Council", "Good", (3, 2, 3, 3, 3, 2, 3, 3, 4),
                                    "Published: 5 November 2024", "bare").split("\n") if t.strip()]
    F.write_pdf(corpus / "southby.pdf", blocks)
    settings = Settings(corpus=corpus, index=root / "index")
    index, summary = refresh(settings, qa_embedder)
    return Assistant(settings, index, qa_embedder, summary)


def test_every_passage_and_citation_reads_back_from_its_source_text(formats_assistant):
    a = formats_assistant
    for p in a.index.passages:
        assert a.text(p.source)[p.start : p.end] == p.text
        assert (p.page is not None) == p.source.endswith(".pdf")
    questions = ["What did Westbrook score for equity?", "What did Southby score for safeguarding?",
                 "What did Northmoor score for assessing needs?", "What is Southby's rating?"]
    for q in questions:
        answer = a.ask(q)
        assert answer.citations, q
        for c in answer.citations:
            assert a.text(c.passage.source)[c.start : c.end] == c.quote
    equity = a.ask("What did Westbrook score for equity?")
    assert equity.citations[0].passage.source == "westbrook/theme1/equity.html"
    assert "1" in equity.text
    pdf = a.ask("What did Southby score for safeguarding?").citations[0]
    assert pdf.passage.source == "southby.pdf" and pdf.passage.page >= 1
    rating = a.ask("What is Southby's overall rating?")
    # the rating, and the overall score the report states under it
    assert [c.quote for c in rating.citations] == ["Good", "Score: 72"] and rating.citations[0].passage.page == 1
    with pytest.raises(QAError, match="no source 'nowhere.md'"):
        a.text("nowhere.md")


def test_cli_show_ask_and_scores_on_other_formats(formats_assistant):
    from typer.testing import CliRunner

    from qa.app.cli import app

    where = ["--corpus", str(formats_assistant.settings.corpus), "--index", str(formats_assistant.settings.index)]
    run = CliRunner().invoke
    p = next(p for p in formats_assistant.index.passages if p.source.endswith("summary.html"))
    shown = run(app, ["show", f"{p.source}:{p.start}-{p.end}", "--chars", *where])
    assert shown.exit_code == 0 and shown.stdout == p.text + "\n"
    whole = run(app, ["show", "southby.pdf", *where])
    assert whole.exit_code == 0 and whole.stdout.startswith("# Southby District Council: local authority assessment\n")
    bad = run(app, ["show", "southby.pdf:5-999999", "--chars", *where])
    assert bad.exit_code == 1 and "characters" in bad.stderr
    empty = run(app, ["show", "southby.pdf:5-5", "--chars", *where])  # nothing to print is said, not printed
    assert empty.exit_code == 1 and "START < END" in empty.stderr
    # the place a citation prints (line numbers), pasted as it is: the lines that hold the quote
    from qa.app.sources import Sources

    place = Sources(formats_assistant.index.texts).where(p.source, p.start, p.end)
    by_line = run(app, ["show", place, *where])
    assert by_line.exit_code == 0 and p.text in by_line.stdout
    assert run(app, ["show", place, "--lines", *where]).stdout == by_line.stdout
    beyond = run(app, ["show", "southby.pdf:999999", *where])
    assert beyond.exit_code == 1 and "lines" in beyond.stderr
    asked = run(app, ["ask", "What did Southby score for safeguarding?", *where])
    assert asked.exit_code == 0 and "southby.pdf p. " in asked.stdout
    assert "Lines of web pages" not in asked.stdout  # a PDF's citations are pages
    # a web page's lines are its text's (a new user opened the .html in an editor: line 79 was "<ul>"): said so
    web = run(app, ["ask", "What did Northmoor score for assessing needs?", *where], env={"COLUMNS": "200"})
    assert web.exit_code == 0 and "northmoor.html:" in web.stdout
    assert "Lines of web pages are lines of their text, as `qa show northmoor.html` prints it" in web.stdout
    # and under `qa scores` and `qa compare`, which cite lines too (a new user's scores table did not say so)
    table = run(app, ["scores", "--report", "northmoor", *where], env={"COLUMNS": "200"})
    assert "Lines of web pages are lines of their text, as `qa show northmoor.html` prints it" in table.stdout
    assert "Lines of web pages" not in run(app, ["scores", "--report", "southby", *where]).stdout
    assert "Lines of web pages are lines of their text" in run(app, ["compare", *where], env={"COLUMNS": "200"}).stdout
    backwards = run(app, ["show", "northmoor.html:30-10", *where])
    assert backwards.exit_code == 1 and "START (30) is after END (10)" in backwards.stderr
    js = json.loads(run(app, ["ask", "What did Southby score for safeguarding?", *where, "--json"]).stdout)
    assert js["citations"][0]["page"] >= 1
    scores = json.loads(run(app, ["scores", "--report", "westbrook", *where, "--json"]).stdout)
    assert scores["percentage"]["text"] == "50.0%, computed from the nine scores: 18 of 36"
    assert scores["statements"][2]["citation"]["source"] == "westbrook/theme1/equity.html"
    table = run(app, ["scores", "--report", "southby", *where])
    assert table.exit_code == 0 and "72%" in table.stdout and "southby.pdf p. 4" in table.stdout
    # the comparison table cites as `ask` and `scores` do: a PDF by page, a folder by its page file and line
    compared = run(app, ["compare", *where], env={"COLUMNS": "200"})
    assert compared.exit_code == 0 and "southby.pdf p. " in compared.stdout and "southby.pdf:" not in compared.stdout
    assert "westbrook/theme1/equity.html:" in compared.stdout and "westbrook@" not in compared.stdout
    rows = [json.loads(line) for line in run(app, ["compare", *where, "--json"]).stdout.splitlines()]  # one a line
    pdf_cells = [c for r in rows if r["report"] == "southby" for c in r["cells"].values() if c["citations"]]
    assert pdf_cells and all(c["citations"][0]["page"] >= 1 for c in pdf_cells)


# -- the real report as HTML and as PDF answers as well as its markdown ------------------------------------------
@pytest.mark.parametrize("kind", ["html", "pdf"])
def test_derby_as_html_and_pdf_answers_within_001_mrr_of_markdown(kind, tmp_path, built_index, qa_embedder,
                                                                 derby_path):
    from qa.api import Assistant
    from qa.config import Settings
    from qa.search.lifecycle import refresh
    from qa.tools.evaluate import evaluate, load_questions

    questions = load_questions(Path(__file__).resolve().parents[1] / "eval" / "derby.jsonl")
    base = Assistant(built_index.settings, built_index.index, qa_embedder, built_index.summary)
    markdown = evaluate(base, questions, "hybrid", 10, answers=False).metrics["mrr@10"]
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    md = derby_path.read_text(encoding="utf-8")
    target = corpus / f"derby-city-council.{kind}"
    if kind == "html":
        target.write_text(F.md_to_html(md), encoding="utf-8")
    else:
        F.write_pdf(target, F.md_blocks(md), header="Derby City Council: local authority assessment")
    index_dir = tmp_path / "index"
    shutil.copytree(built_index.settings.index, index_dir, ignore=shutil.ignore_patterns(".lock"))  # reuse vectors
    settings = Settings(corpus=corpus, index=index_dir)
    index, summary = refresh(settings, qa_embedder)
    converted = Assistant(settings, index, qa_embedder, summary)
    for p in index.passages:
        assert converted.text(p.source)[p.start : p.end] == p.text
    # A few evidence strings quote markdown's bold marks ("**18%**"), which a web page or a PDF shows as plain text
    unmarked = [replace(q, evidence=tuple(e.replace("**", "") for e in q.evidence)) for q in questions]
    mrr = evaluate(converted, unmarked, "hybrid", 10, answers=False).metrics["mrr@10"]
    print(json.dumps({"kind": kind, "markdown_mrr@10": round(markdown, 4), f"{kind}_mrr@10": round(mrr, 4),
                      "embedded": summary.embedded, "reused": summary.reused}))
    assert mrr >= markdown - 0.01


def test_pdf_sub_headings_from_bold_larger_text_make_sections_and_gaps_end_paragraphs(tmp_path):
    path = tmp_path / "northmoor.pdf"
    lines = [t for t in F.whole_text(*NORTHMOOR, "sentence").split("\n") if t.strip()]
    blocks = [("h2" if F.is_heading(t) else "p", t) for t in lines]
    at = next(i for i, (_, t) in enumerate(blocks) if F.KNOWN_SENTENCE in t)
    full = "Every line of this paragraph runs to the full width of the page so that only the gap below ends it. " * 2
    blocks[at:at] = [("h4", "Waiting for occupational therapy"), ("p", full.strip()), ("p", full.strip())]
    F.write_pdf(path, blocks)
    report = parse_file(path)
    passages = _check_offsets(report)
    known = next(p for p in passages if F.KNOWN_SENTENCE in p.text)
    assert known.section[-1] == "Waiting for occupational therapy"
    assert "# Waiting for occupational therapy\n" in report.text
    assert report.text.count(full.strip()) == 2 and full.strip() + "\n\n" + full.strip() in report.text


def test_pdf_heading_wrapped_over_two_lines_is_one_section_and_a_subheading_ending_a_page_stays_apart(tmp_path):
    from pypdf import PdfReader

    path = tmp_path / "westmarsh.pdf"
    long = "Assessment and care planning for unpaid carers, young carers and the carers of disabled children in Westmarsh"
    blocks = [("h1", "Westmarsh Borough Council: local authority assessment"),
              ("h1", "Theme 1: How Westmarsh Borough Council works with people"), ("h2", "Assessing needs"),
              ("h2", long), ("p", "Carers waited 19 days on average for a carers' assessment at the end of March 2024."),
              *[("p", F.filler(n)) for n in range(4)],
              ("p", "Care and support plans"),  # a subheading in body type, the last line of its page
              ("page", ""), ("p", "Plans were reviewed within a year for most people. A few waited longer."),
              *[("p", F.filler(n)) for n in range(4, 8)]]
    F.write_pdf(path, blocks)
    printed = PdfReader(path).pages[0].extract_text().splitlines()
    assert long not in printed and any(long.startswith(line.strip()) for line in printed)  # the PDF wraps it
    report = parse_file(path)
    passages = _check_offsets(report)
    carers = next(p for p in passages if "19 days" in p.text)
    assert carers.section[-1] == long and carers.page == 1
    assert re.search(rf"^#+ {re.escape(long)}$", report.text, re.M)
    assert re.search(r"^#+ Assessing needs$", report.text, re.M)  # the heading above it stays its own
    assert re.search(r"^#+ Theme 1: How Westmarsh Borough Council works with people$", report.text, re.M)
    plans = next(p for p in passages if "Plans were reviewed" in p.text)
    assert plans.page == 2 and plans.text.startswith("Plans were reviewed within a year")
    assert "Care and support plans Plans" not in report.text


def test_a_page_that_is_no_assessment_is_skipped_with_its_reason(tmp_path, qa_embedder):
    """A cookie notice or notes saved into the corpus folder would answer as a council: listed and left out."""
    from qa.config import Settings
    from qa.search.lifecycle import refresh

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "northmoor.txt").write_text(F.whole_text(*NORTHMOOR, "sentence"), encoding="utf-8")
    (corpus / "cookies.html").write_text(F.html_page("Just a cookie notice\n\nWe use cookies to make this site "
                                                     "work. You can accept or reject them."), encoding="utf-8")
    (corpus / "notes.md").write_text("# My notes\n\nThings to ask the council about next week.\n", encoding="utf-8")
    index, summary = refresh(Settings(corpus=corpus, index=tmp_path / "index"), qa_embedder)
    assert summary.reports == 1 and list(index.cards) == ["northmoor"]
    reasons = {s.source: s.reason for s in summary.skipped}
    assert set(reasons) == {"cookies.html", "notes.md"}
    assert all(r.startswith("not a CQC local authority assessment") for r in reasons.values())


def test_scores_of_a_folder_with_long_page_names_keep_the_statement_names_at_80_columns(tmp_path, qa_embedder):
    from typer.testing import CliRunner

    from qa.app.cli import app
    from qa.config import Settings
    from qa.search.lifecycle import refresh

    corpus = tmp_path / "corpus"
    F.write_folder(corpus / "kestrel-bay-metropolitan-borough-council", "Kestrelbay Metropolitan Borough Council",
                   "Good", (3, 2, 3, 2, 3, 2, 3, 2, 4), "Published: 3 March 2025", None, "suffixed")
    settings = Settings(corpus=corpus, index=tmp_path / "index")
    refresh(settings, qa_embedder)
    shown = CliRunner().invoke(app, ["scores", "--corpus", str(corpus), "--index", str(settings.index)],
                               env={"COLUMNS": "80"})
    assert shown.exit_code == 0, shown.output
    assert "citations are in kestrel-bay-metropolitan-borough-council/" in shown.stdout
    for name in ("Assessing needs", "Safeguarding", "Governance, management"):  # (longer names wrap in their cell)
        assert name in shown.stdout, shown.stdout


@pytest.mark.parametrize("line,iso", [("Date of publication: 22 January 2025", "2025-01-22"),
                                      ("Publication date: 3 May 2024", "2024-05-03"),
                                      ("Published on 1 June 2025", "2025-06-01"),
                                      ("Date published:\n\n14 February 2025", "2025-02-14"),
                                      ("Assessment published: 16 August 2024", "2024-08-16"),
                                      ("Date of publication | 3 October 2024", "2024-10-03"),  # a table row
                                      ("| Date of publication | 3 October 2024 |", "2024-10-03")])
def test_the_publication_date_is_read_however_the_line_words_it(line, iso):
    """A new user's report said "Date of publication: ..." and every council showed as undated in `qa compare`."""
    from qa.ingest.report import parse_text

    text = f"# Fenmoor Council: local authority assessment\n\n{line}\n\n## Local authority rating and score\n\nGood\n"
    report = parse_text(text, "fenmoor", "fenmoor.md")
    assert report.published == iso
    assert text[report.published_at.start : report.published_at.end] == report.published_at.text


def test_a_publication_date_in_a_web_pages_table_row(tmp_path):
    """A new user's summary page gave its dates as a table ("Date of publication" | "3 October 2024"): the council
    showed as undated in `qa compare`."""
    from qa.ingest.report import parse_file

    path = tmp_path / "fenmoor.html"
    path.write_text("<html><body><main><h1>Fenmoor Council</h1><p>Local authority assessment</p><table>"
                    "<tr><th>Date of assessment</th><td>4 March 2024 to 15 March 2024</td></tr>"
                    "<tr><th>Date of publication</th><td>3 October 2024</td></tr></table>"
                    "<h2>Overall rating</h2><p>Good</p></main></body></html>", encoding="utf-8")
    report = parse_file(path)
    assert report.published == "2024-10-03"
    assert report.text[report.published_at.start : report.published_at.end] == report.published_at.text


def test_a_publication_label_after_a_sentence_with_its_date_wrapped_as_a_pdf_prints_it(tmp_path):
    """A new user's PDF read "... Health and Care Act 2022. Date of publication: 14" / "March 2025": the council
    showed as undated in `qa compare`."""
    from pypdf import PdfReader

    from qa.ingest.report import parse_file

    path = tmp_path / "fenmoor.pdf"
    lead = "Adult social care assessment under section 46 of the Health and Care Act 2022. Date of publication: 14"
    F.write_pdf(path, [("h1", "Fenmoor Council: local authority assessment"), ("p", f"{lead} March 2025"),
                       ("h2", "Local authority rating and score"), ("p", "Good")], width=len(lead))
    assert any(line.rstrip().endswith("publication: 14") for line in PdfReader(path).pages[0].extract_text().splitlines())
    report = parse_file(path)
    assert report.published == "2025-03-14"
    assert report.text[report.published_at.start : report.published_at.end] == report.published_at.text


@pytest.mark.parametrize("line", ["Healthwatch's report, published on 4 June 2023, found long waits.",
                                  "The date of publication 2 May 2020 was set by the board."])
def test_a_date_in_prose_dates_no_assessment(line):
    """Only "Published ..." or a label opening its line or sentence ("Published on", "Date of publication") dates
    the report."""
    from qa.ingest.report import parse_text

    text = f"# Fenmoor Council: local authority assessment\n\n## Summary\n\n{line}\n"
    assert parse_text(text, "fenmoor", "fenmoor.md").published is None


def test_a_report_without_a_date_says_so_when_asked(with_report):
    undated = with_report("fenmoor", "# Fenmoor Council: local authority assessment\n\n## Local authority rating "
                                     "and score\n\nGood\n\n## Summary of findings\n\nFenmoor is a small rural council.\n")
    rid = next(r for r, c in undated.index.cards.items() if c.council == "Fenmoor Council")
    answer = undated.ask("When was the Fenmoor report published?", report=rid)
    assert answer.abstained and answer.text == "The report does not state when it was published.", answer.text


def _theme_page(council: str, theme: str, statements: list[tuple[str, int]]) -> str:
    body = [f"# {theme}"]
    for name, score in statements:
        body += [f"## {name}", f"Quality statement score {score}/4", "### Key findings for this quality statement",
                 f"Inspectors found that {council} worked through a long list of {name.lower()} tasks each week."]
    return "\n".join(body)


def test_a_journalists_layouts_a_rating_heading_and_a_summary_page_with_an_about_section(tmp_path, qa_embedder):
    """A new user's reports: a PDF printing "Overall rating: Good" as a heading (its rating could not be cited,
    and "Which council got the best overall rating?" ended in a traceback); a folder whose summary page has an
    "About ..." section, so it was put last and its rating and "Date published:" were never read; a title that is
    the council's name over an "About Hallowmere" section named the council "Hallowmere"."""
    from typer.testing import CliRunner

    from qa.app.cli import app

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    F.write_pdf(corpus / "fellside.pdf", [
        ("h1", "Fellside County Council"), ("p", "Assessment activity: 8 January 2024 to 23 February 2024. "
                                                 "Published: 30 July 2024."),
        ("h2", "Overall rating: Good"), ("p", "Fellside County Council has been assessed as Good overall."),
        ("h2", "About Fellside"), ("p", "Fellside is a rural county with a population of about 500,000."),
        ("h2", "Theme 3: How Fellside County Council ensures safety within the system"), ("h3", "Safeguarding"),
        ("h4", "Score: 3"), ("p", "Safeguarding concerns were triaged within a day and enquiries were thorough.")],
        header="")
    folder = corpus / "greywick-city-council"
    folder.mkdir()
    pages = {
        "summary.html": "# Greywick City Council: local authority assessment\nAssessment date: 13 May 2024 to 28 "
                        "June 2024. Date published: 21 November 2024.\n## Overall rating\nInadequate\n## About "
                        "Greywick City Council\nGreywick is a city in the north with a population of about 300,000.",
        "working.html": _theme_page("Greywick", "Theme 1: How Greywick City Council works with people",
                                    [("Assessing needs", 1), ("Supporting people to live healthier lives", 2),
                                     ("Equity in experience and outcomes", 2)]),
        "safety.html": _theme_page("Greywick", "Theme 3: How Greywick City Council ensures safety within the system",
                                   [("Safeguarding", 1)]),
    }
    for name, text in pages.items():  # "#" marks a heading's level, as <h1>...<h3>
        html = "\n".join(f"<h{len(m.group(1))}>{m.group(2)}</h{len(m.group(1))}>" if (m := re.match(r"(#+) (.*)", line))
                         else f"<p>{line}</p>" for line in text.split("\n"))
        (folder / name).write_text(F.chrome(html), encoding="utf-8")
    where = ["--corpus", str(corpus), "--index", str(tmp_path / "index")]
    run = CliRunner().invoke
    best = run(app, ["ask", "Which council got the best overall rating?", *where, "--json"])
    assert best.exit_code == 0, best.output
    answer = json.loads(best.stdout)
    assert "Good: Fellside County Council" in answer["answer"] and "Greywick City Council, Inadequate" in answer["answer"]
    texts = {c["source"]: c for c in answer["citations"]}
    assert texts["fellside.pdf"]["quote"] == "Good" and texts["fellside.pdf"]["page"] == 1
    rows = {r["council"]: r["cells"] for r in map(json.loads, run(app, ["compare", *where, "--json"]).stdout.splitlines())}
    assert rows["Greywick City Council"]["rating"]["value"] == "Inadequate"
    assert rows["Greywick City Council"]["published"]["value"] == "2024-11-21"
    assert rows["Fellside County Council"]["published"]["value"] == "2024-07-30"


@pytest.mark.parametrize("written, suffix", [("Indicative rating: Good", "txt"), ("Good (indicative)", "txt"),
                                              ("Good (indicative)", "html"), ("Overall indicative rating - Good", "txt")])
def test_a_pilot_assessments_indicative_rating_is_its_rating(tmp_path, written, suffix):
    """CQC's five pilot assessments gave an "indicative" rating and scores, and wrote so beside them."""
    council, rating, scores, line = NORTHMOOR[:4]
    text = F.summary_text(council, rating, scores, line, None).replace(f"\n{rating}\n", f"\n{written}\n", 1)
    assert written in text
    path = tmp_path / f"northmoor.{suffix}"
    path.write_text(F.html_page(text) if suffix == "html" else text, encoding="utf-8")
    report = parse_file(path)
    assert report.rating is not None and report.rating.text == "Good", report.rating
    assert [s.score for s in scores_of(ReportCard.of(report))] == list(scores)


def test_statement_names_numbered_as_quality_statements_still_match(tmp_path):
    """"Quality statement 7: Safeguarding" (as guides number them) names the statement; "Quality statement scores"
    names none."""
    council, rating, scores, line = NORTHMOOR[:4]
    text = F.whole_text(council, rating, scores, line, None)
    for n, (_, name, _) in enumerate(F.STATEMENTS, 1):
        text = re.sub(rf"^(• )?{re.escape(name)}$", lambda m: f"{m.group(1) or ''}Quality statement {n}: {name}",
                      text, flags=re.M)
    assert "• Quality statement 7: Safeguarding" in text and "Quality statement scores" in text
    (tmp_path / "northmoor.txt").write_text(text, encoding="utf-8")
    report = parse_file(tmp_path / "northmoor.txt")
    assert [s.score for s in scores_of(ReportCard.of(report))] == list(scores)
    assert any(s.path[-1] == "Quality statement 7: Safeguarding" for s in report.sections)
