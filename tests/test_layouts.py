"""Other ways a report states its rating, scores, date and council: the forms a new user's saved pages and PDF
took (a later single-page layout, a summary listing scores under theme headings, a PDF with a contents page).
Each report is written here, for a made-up council, and read through the real HTML parser or PDF reader."""

from __future__ import annotations

from pathlib import Path

import pytest

from formats_fixtures import chrome, md_blocks, md_to_html, write_pdf
from qa.ingest.report import parse_file, parse_text

STATEMENTS = (("Working with people", "Assessing needs"), ("Working with people", "Supporting people to live healthier lives"),
              ("Working with people", "Equity in experience and outcomes"),
              ("Providing support", "Care provision, integration and continuity"),
              ("Providing support", "Partnerships and communities"),
              ("Ensuring safety within the system", "Safe systems, pathways and transitions"),
              ("Ensuring safety within the system", "Safeguarding"),
              ("Leadership", "Governance, management and sustainability"),
              ("Leadership", "Learning, improvement and innovation"))
SCORES = (3, 3, 2, 3, 4, 2, 3, 3, 3)  # 26 of 36: 72%, Good


def _later_page() -> str:
    """One page: a kicker above the council's name, the date under "Published", the rating under its heading with
    the overall score, a table of scores "N out of 4", and each statement's "Quality statement score N /4"."""
    rows = "\n".join(f"<tr><td>{t}</td><td>{s}</td><td>{n} out of 4</td></tr>" for (t, s), n in zip(STATEMENTS, SCORES))
    parts = ["<p>Local authority assessment</p>", "<h1>Tollbridge City Council</h1>", "<p>Published</p>",
             "<p>3 June 2025</p>", "<h2>Overall rating</h2>", "<p>Good</p>", "<p>Overall score: 72%</p>",
             "<h2>Quality statement scores</h2>",
             f"<table><tr><th>Theme</th><th>Quality statement</th><th>Score</th></tr>{rows}</table>",
             "<h2>Our view of the local authority</h2>",
             "<p>Tollbridge had short waits for assessments and a stable workforce in 2024.</p>"]
    theme = None
    for (t, s), n in zip(STATEMENTS, SCORES):
        if t != theme:
            parts.append(f"<h2>{t}</h2>")
            theme = t
        label = {2: "some shortfalls", 3: "a good standard", 4: "an exceptional standard"}[n]
        parts += [f"<h3>{s}</h3>", f"<p>Quality statement score {n} /4 Evidence shows {label}</p>",
                  f"<h4>Key findings</h4>", f"<p>Tollbridge teams described their work on {s.lower()} in 2024.</p>"]
    return chrome("\n".join(parts), "Tollbridge City Council - Local authority assessment - Care Quality Commission")


def test_a_later_single_page_layout_gives_its_rating_scores_date_and_council(tmp_path):
    path = tmp_path / "Tollbridge City Council - Local authority assessment - Care Quality Commission.html"
    path.write_text(_later_page(), encoding="utf-8")
    report = parse_file(path)
    text = report.text
    assert report.council == "Tollbridge City Council"
    assert report.rating.text == "Good" == text[report.rating.start : report.rating.end]
    assert report.published == "2025-06-03"
    assert report.percentage.value == 72 and "Overall score: 72%" in report.percentage.span.text
    assert [s.score for s in report.scores] == list(SCORES)
    assert [s.score for s in report.summary_scores] == list(SCORES)
    for s in (*report.scores, *report.summary_scores):
        assert text[s.span.start : s.span.end] == s.span.text and str(s.score) in s.span.text
    assert report.scores[4].label == "Evidence shows an exceptional standard"
    assert not report.warnings  # the table agrees with the statements, the stated percentage with the scores


SUMMARY_BY_THEME = """# Ashcombe Vale Council: local authority assessment

Report published: 14 March 2025

## Local authority rating and score

Overall rating Requires improvement

## Quality statement scores

### Theme 1: How Ashcombe Vale Council works with people

- Assessing needs Score: 2 2 - Evidence shows some shortfalls
- Supporting people to live healthier lives Score: 3 3 - Evidence shows a good standard

### Theme 4: Leadership

- Learning, improvement and innovation Score: 2 2 - Evidence shows some shortfalls

## Overall summary

Ashcombe Vale had long waits for occupational therapy in 2024.

## Summary of people's experiences

Carers in Ashcombe Vale told us respite was hard to find.
"""


def test_a_summary_listing_scores_under_theme_headings():
    """"Overall rating Requires improvement" on one line; list items holding a statement and its score; the
    summary's sections after the list are no part of the last theme listed."""
    report = parse_text(SUMMARY_BY_THEME, "ashcombe-vale", "ashcombe-vale.md")
    assert report.rating.text == "Requires improvement"
    assert [(s.statement, s.score) for s in report.summary_scores] == [
        ("Assessing needs", 2), ("Supporting people to live healthier lives", 3),
        ("Learning, improvement and innovation", 2)]
    assert report.summary_scores[0].span.text == "Assessing needs Score: 2"
    people = next(s for s in report.sections if s.title == "Summary of people's experiences")
    assert people.path == ("Summary of people's experiences",)
    assert report.published == "2025-03-14"


PRINTED = """# Brackenmoor County Council

## Local authority assessment

Published: 22 November 2024

## Contents

# Overall summary

# Theme 1: How Brackenmoor County Council works with people

# Theme 4: Leadership

---

## Local authority rating and score

Overall rating: Inadequate

## Assessing needs

1 - Evidence shows significant shortfalls

## Learning, improvement and innovation

2 - Evidence shows some shortfalls

## Overall summary

Brackenmoor had 412 carers waiting for an assessment in 2024.

---

# Theme 1: How Brackenmoor County Council works with people

## Assessing needs

1 - Evidence shows significant shortfalls

### Key findings

People in Brackenmoor waited 190 days on average for a Care Act assessment in 2024.
"""


def test_a_pdf_with_a_contents_page_and_scores_by_their_labels(tmp_path):
    """The contents page's entries are set like headings and are no sections; the rating follows "Overall rating:";
    a score stated by its label alone ("1 - Evidence shows significant shortfalls") is read; the council is the
    cover's title, not the rating line under "Local authority rating and score"."""
    blocks = []
    for chunk in PRINTED.split("\n---\n"):
        if blocks:
            blocks.append(("page", ""))
        blocks += md_blocks(chunk)
    path = tmp_path / "brackenmoor.pdf"
    write_pdf(path, blocks, header="Brackenmoor County Council - Care Quality Commission")
    report = parse_file(path)
    assert report.council == "Brackenmoor County Council"
    assert report.rating is not None and report.rating.text == "Inadequate"
    assert [(s.statement, s.score) for s in report.summary_scores] == [
        ("Assessing needs", 1), ("Learning, improvement and innovation", 2)]
    assert [(s.statement, s.score) for s in report.scores] == [("Assessing needs", 1)]
    assert report.published == "2024-11-22"
    summary = [s for s in report.sections if s.title == "Overall summary"]
    assert summary and all(not s.path[0].startswith("Theme") for s in summary)
    titles = [s.title for s in report.sections]  # the contents' entries open no sections of their own
    assert "Theme 4: Leadership" not in titles and titles.count("Overall summary") == 1


def test_the_scoring_scale_is_no_score():
    """CQC's scale written out on one line names all four labels: it states no statement's score."""
    text = ("# Fernley Council: local authority assessment\n\n## Theme 1: Working with people\n\n### Assessing needs\n\n"
            "1 - Evidence shows significant shortfalls; 2 - Evidence shows some shortfalls\n\n"
            "People waited a long time for assessments in Fernley.\n")
    assert parse_text(text, "fernley", "fernley.md").scores == ()


@pytest.mark.parametrize("line", ["3 out of 4 people said they felt safe.", "Carers gave it 3/4 in the survey."])
def test_a_figure_in_prose_is_no_score(line):
    text = ("# Fernley Council: local authority assessment\n\n## Theme 1: Working with people\n\n### Assessing needs\n\n"
            f"{line}\n")
    assert parse_text(text, "fernley", "fernley.md").scores == ()


def test_page_furniture_is_not_read(tmp_path):
    page = md_to_html("# Fernley Council: local authority assessment\n\nFernley had short waits.\n")
    page = page.replace("<main>", '<main><p class="print-link"><a href="#">Print this page</a></p>'
                        '<div class="page-feedback"><h2>Was this page helpful?</h2></div>'
                        '<div class="share-this-page">Share this page Email LinkedIn</div>')
    path = tmp_path / "fernley.html"
    path.write_text(page, encoding="utf-8")
    text = parse_file(path).text
    assert "Fernley had short waits." in text
    assert not any(x in text for x in ("Print this page", "Was this page helpful", "Share this page"))


def test_a_stated_overall_score_is_given_and_cited_with_the_rating(tmp_path):
    from qa.cqc.score_answers import compose
    from qa.cqc.score_questions import ScoreQuestion
    from qa.types import ReportCard

    path = tmp_path / "tollbridge.html"
    path.write_text(_later_page(), encoding="utf-8")
    card = ReportCard.of(parse_file(path))
    text, spans = compose(ScoreQuestion("overall"), card)
    assert text == "Tollbridge City Council was rated overall: Good [1], an overall score of 72% [2]."
    assert [s.text for s in spans] == ["Good", "Overall score: 72%"]
    text, spans = compose(ScoreQuestion("percent"), card)
    assert "72%, as the report states it [1]" in text and spans[0].text == "Overall score: 72%"


@pytest.mark.parametrize("question", ["Why was Derby rated Requires improvement?",
                                      "Why was Derby City Council rated Requires Improvement?"])
def test_a_capitalised_rating_is_no_name(derby_assistant, question):
    """"Requires" was read as the name of something the report must speak of, and the rating question was lost."""
    query = derby_assistant.understand(question)
    assert query.score is not None and query.score.kind == "overall" and not query.names
    assert derby_assistant.ask(question).text.startswith("Derby City Council was rated overall: Requires improvement")


# A review's cases: what the broader readers must not read from an ordinary report.
@pytest.mark.parametrize("text,check", [
    ("# Eastmoor Council: local authority assessment\n\n## Contents\n\n## Overall summary\n\n### Local authority "
     "rating and score\n\nGood\n\n### Quality statement scores\n\nText here.\n",
     lambda r: "Overall summary" in [s.title for s in r.sections] and r.rating.text == "Good"),  # no real entries lost
    ("# Council news\n\nWe are preparing for our local authority assessment.\n\n## How did we do last year\n\nGood\n",
     lambda r: r.rating is None),  # an assessment named, no rating stated
    ("# Eastmoor Council: local authority assessment\n\n## Theme 1: Working with people\n\nPeople said it was "
     "fine.\n\nGood\n\n## Local authority rating and score\n\nRequires improvement\n",
     lambda r: r.rating is None),  # a line in a theme's findings is no rating
    ("# Wexmoor County Council\n\nText.\n\n## Preparing for the next step - local authority assessments\n\nText.\n\n"
     "## Theme 1: Working with people\n\n### Assessing needs\n\nScore: 2\n\nText.\n",
     lambda r: r.council == "Wexmoor County Council"),  # a section's " - " is no council's title
    ("# Eastmoor Council: local authority assessment\n\n## Theme 1: Working with people\n\n### Assessing needs\n\n"
     "3 - Evidence shows a good standard\n\n| Panels quorate | 2/4 |\n",
     lambda r: [s.score for s in r.scores] == [3]),  # the score under the heading, not a later table's cell
    ("# Eastmoor Council: local authority assessment\n\nThe Care Act guidance was published\n12 March 2014 and "
     "revised.\n\nAssessment published: 1 May 2024\n\n## Theme 1: Working with people\n\n### Assessing needs\n\n"
     "Score: 2\n", lambda r: r.published == "2024-05-01"),  # a date wrapped under prose is not the report's
])
def test_what_the_readers_must_not_read(text, check):
    assert check(parse_text(text, "eastmoor", "eastmoor.md"))
