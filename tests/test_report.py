"""Report model: the real Derby report, a second assessment laid out differently, plain markdown, bad files."""

from __future__ import annotations

import re

import pytest

from qa.cqc.framework import LABELS, STATEMENTS
from qa.errors import QAError, ReportError
from qa.ingest.chunk import chunk
from qa.ingest.report import parse_file, parse_text
from qa.text import heading, lines

DERBY_THEMES = {
    1: "Theme 1: How Derby City Council works with people",
    2: "Theme 2: Providing support",
    3: "Theme 3: How Derby City Council ensures safety within the system",
    4: "Theme 4: Leadership",
}
DERBY_SCORES = {st.name: 2 for st in STATEMENTS} | {"Partnerships and communities": 3}


def _reads_back(text: str, span) -> bool:
    return text[span.start : span.end] == span.text


# --- Derby ---------------------------------------------------------------------------------------------------


def test_derby_title_council_date_rating(derby_report):
    r = derby_report
    assert r.id == "derby-city-council"
    assert r.title == "Derby City Council: local authority assessment"
    assert r.council == "Derby City Council"
    assert r.published == "2024-08-16"
    assert r.published_at.text == "Assessment published: 16 August 2024" and _reads_back(r.text, r.published_at)
    assert r.rating is not None and r.rating.text == "Requires improvement"
    assert _reads_back(r.text, r.rating)
    assert r.is_assessment


def test_derby_nine_statement_scores_under_their_themes(derby_report):
    r = derby_report
    assert [s.statement for s in r.scores] == [st.name for st in STATEMENTS]
    for s, st in zip(r.scores, STATEMENTS):
        assert s.score == DERBY_SCORES[s.statement], s.statement
        assert s.label == LABELS[s.score]
        assert s.theme == DERBY_THEMES[st.theme], s.statement
        assert _reads_back(r.text, s.span)
        assert re.search(rf"\b{s.score}\b", s.span.text), s.span
        assert s.label in s.span.text
    assert {s.label for s in r.scores} == {"Evidence shows a good standard", "Evidence shows some shortfalls"}


def test_derby_summary_scores_match_and_read_back(derby_report):
    r = derby_report
    assert {s.statement: s.score for s in r.summary_scores} == DERBY_SCORES
    for s in r.summary_scores:
        assert _reads_back(r.text, s.span)
        assert f"Score: {s.score}" in s.span.text
        assert s.span.start < r.sections[next(i for i, x in enumerate(r.sections) if x.kind == "theme")].start


def test_derby_every_section_heading_reads_back_and_bodies_tile(derby_report):
    r = derby_report
    assert r.sections
    for s in r.sections:
        assert _reads_back(r.text, s.heading)
        assert heading(lines(s.heading.text)[0])[1] == s.title
        assert s.heading.end == s.start <= s.end
        assert s.path[-1] == s.title or s.kind == "title"
    for a, b in zip(r.sections, r.sections[1:]):
        assert a.end == b.heading.start


def test_derby_section_42_path(derby_report):
    s = next(s for s in derby_report.sections if s.title.startswith("Responding to concerns"))
    assert s.path == (DERBY_THEMES[3], "Safeguarding", "Responding to concerns and undertaking Section 42 enquiries")


@pytest.mark.parametrize(
    "finding, statement",
    [
        ("Assessment, care planning and review arrangements", "Assessing needs"),  # ###
        ("Timeliness of assessments, care planning and reviews", "Assessing needs"),  # ##
        ("Direct payments", "Supporting people to live healthier lives"),
        ("Inclusion and accessibility arrangements", "Equity in experience and outcomes"),
        ("Ensuring local services are sustainable", "Care provision, integration and continuity"),  # after a `#`
        ("Working with voluntary and charity sector groups", "Partnerships and communities"),
        ("Safety during transitions", "Safe pathways, systems and transitions"),  # ### after `# The local ...`
        ("Making safeguarding personal", "Safeguarding"),
        ("Strategic planning", "Governance, management and sustainability"),
        ("Learning from feedback", "Learning, improvement and innovation"),
    ],
)
def test_derby_finding_under_its_statement_whatever_its_level(derby_report, finding, statement):
    s = next(s for s in derby_report.sections if s.title == finding)
    assert s.kind == "part"
    assert s.path[1:] == (statement, finding)


def test_derby_statement_sections_are_in_their_themes(derby_report):
    statements = [s for s in derby_report.sections if s.kind == "statement"]
    assert [s.title for s in statements] == [
        "Assessing needs", "Supporting people to live healthier lives", "Equity in experience and outcomes",
        "Care provision, integration and continuity", "Partnerships and communities",
        "Safe pathways, systems and transitions", "Safeguarding", "Governance, management and sustainability",
        "Learning, improvement and innovation",
    ]
    for s, st in zip(statements, STATEMENTS):
        assert s.path == (DERBY_THEMES[st.theme], s.title)
    assert [s.title for s in derby_report.sections if s.kind == "theme"] == list(DERBY_THEMES.values())


# --- a second assessment, laid out differently ---------------------------------------------------------------

NORTHFIELD = """\
# Northfield Borough Council: local authority assessment

Assessment published: 3 March 2025

## About Northfield Borough Council

### Demographics

The population of Northfield is 182,400. Northfield has 21 wards.

### Financial facts

- The Local Authority estimated that in 2023/24 its total budget would be **£210,500,000**.

## Overall summary

### Local authority rating and score

Northfield Borough Council

Good

### Quality statement scores

#### Assessing needs
Score: 1

#### Supporting people to lead healthier lives
Score: 3

#### Equity in experience and outcomes
Score: 4

#### Care provision, integration and continuity
Score: 2

#### Partnerships and communities
Score: 3

#### Safe systems, pathways and transitions
Score: 2

#### Safeguarding
Score: 1

#### Governance, management and sustainability
Score: 4

#### Learning, improvement and innovation
Score: 3

## Theme 1: How Northfield Borough Council works with people

### Assessing needs

#### Score: 1

1 - Evidence shows significant shortfalls

#### What people expect

I have care and support that is coordinated.

#### Key findings for this quality statement

##### Timeliness of assessments

Waiting times for assessments were long and people waited months for a decision.

### Supporting people to live healthier lives

Score: 3

3 - Evidence shows a good standard

# Key findings for this quality statement

## Prevention services

Prevention services were well used and valued by the people who used them.

### Equity in experience and outcomes

##### Score: 4

4 - Evidence shows an exceptional standard

Interpreters were always available.

## Theme 2: Providing support

### Care provision, integration and continuity

Score: 2

2 - Evidence shows some shortfalls

#### Market shaping

The market for home care was fragile.

### Partnerships and communities

#### Score: 3

3 - Evidence shows a good standard

Partners praised the council.

## Theme 3: How Northfield Borough Council ensures safety within the system

### Safe systems, pathways and transitions

Score: 2

2 - Evidence shows some shortfalls

# Safety during transitions

Young people moving to adult services met delays.

### Safeguarding

Score: 1

1 - Evidence shows significant shortfalls

#### Responding to concerns and undertaking Section 42 enquiries

Section 42 enquiries waited for weeks.

## Theme 4: Leadership

### Governance, management and sustainability

Score: 4

4 - Evidence shows an exceptional standard

### Learning, improvement and innovation

Score: 3

3 - Evidence shows a good standard

# Learning from feedback

Complaints led to changes in practice.
"""

NORTHFIELD_SCORES = dict(zip([st.name for st in STATEMENTS], (1, 3, 4, 2, 3, 2, 1, 4, 3)))
NORTHFIELD_THEMES = {
    1: "Theme 1: How Northfield Borough Council works with people",
    2: "Theme 2: Providing support",
    3: "Theme 3: How Northfield Borough Council ensures safety within the system",
    4: "Theme 4: Leadership",
}


@pytest.fixture()
def northfield(tmp_path):
    path = tmp_path / "northfield-borough-council.md"
    path.write_text(NORTHFIELD, encoding="utf-8")
    return parse_file(path)


def test_second_report_has_its_own_title_rating_and_scores(northfield):
    r = northfield
    assert r.id == "northfield-borough-council"
    assert r.source == "northfield-borough-council.md"
    assert r.council == "Northfield Borough Council"
    assert r.published == "2025-03-03"
    assert r.rating is not None and r.rating.text == "Good" and _reads_back(r.text, r.rating)
    assert {s.statement: s.score for s in r.scores} == NORTHFIELD_SCORES
    assert {s.statement: s.score for s in r.summary_scores} == NORTHFIELD_SCORES
    for s in (*r.scores, *r.summary_scores):
        assert _reads_back(r.text, s.span)
        assert re.search(rf"\b{s.score}\b", s.span.text)
    by_name = {st.name: st for st in STATEMENTS}
    for s in r.scores:
        assert s.theme == NORTHFIELD_THEMES[by_name[s.statement].theme]
        assert s.label == LABELS[s.score]


def test_second_report_tree(northfield):
    paths = {s.title: s.path for s in northfield.sections}
    t1, t2, t3, t4 = NORTHFIELD_THEMES.values()
    assert paths["Safe systems, pathways and transitions"] == (t3, "Safe systems, pathways and transitions")
    assert paths["Timeliness of assessments"] == (t1, "Assessing needs", "Timeliness of assessments")
    assert paths["Prevention services"] == (t1, "Supporting people to live healthier lives", "Prevention services")
    assert paths["Market shaping"] == (t2, "Care provision, integration and continuity", "Market shaping")
    assert paths["Safety during transitions"] == (t3, "Safe systems, pathways and transitions",
                                                   "Safety during transitions")
    assert paths["Responding to concerns and undertaking Section 42 enquiries"][:2] == (t3, "Safeguarding")
    assert paths["Learning from feedback"] == (t4, "Learning, improvement and innovation", "Learning from feedback")
    assert not any(s.title.startswith("Score") for s in northfield.sections)  # score headings are body text
    for s in northfield.sections:
        assert _reads_back(northfield.text, s.heading)


# --- not an assessment ---------------------------------------------------------------------------------------

PLAIN = """\
# Gardening notes

Some notes on keeping a small vegetable garden through the year.

## Soil

Clay soil holds water well but drains slowly; dig in compost every autumn to open it up.

### Testing

A simple kit measures acidity. Most vegetables like a pH between six and seven.

## Watering

Water in the morning, at the roots, and less often but deeply.
"""


def test_plain_markdown_parses_by_heading_level_without_scores(tmp_path):
    path = tmp_path / "garden.md"
    path.write_text(PLAIN, encoding="utf-8")
    r = parse_file(path)
    assert r.title == "Gardening notes"
    assert not r.is_assessment
    assert r.rating is None and r.scores == () and r.summary_scores == () and r.council is None
    assert [(s.title, s.path) for s in r.sections] == [
        ("Gardening notes", ("Gardening notes",)),
        ("Soil", ("Soil",)),
        ("Testing", ("Soil", "Testing")),
        ("Watering", ("Watering",)),
    ]
    passages = chunk(r)
    assert [p.section for p in passages] == [("Gardening notes",), ("Soil",), ("Soil", "Testing"), ("Watering",)]
    for p in passages:
        assert r.text[p.start : p.end] == p.text


def test_text_before_the_first_heading_is_kept():
    text = "Prepared for the board.\n\n# Notes\n\nBody text here.\n\n## Actions\n\nNone.\n"
    r = parse_text(text, "board-papers", "board-papers.md")
    assert r.sections[0].path == ("Board Papers",) and r.sections[0].start == 0
    passages = chunk(r)
    assert [(p.section, p.text) for p in passages] == [
        (("Board Papers",), "Prepared for the board."),
        (("Notes",), "Body text here."),
        (("Notes", "Actions"), "None."),
    ]


def test_text_without_headings_is_one_section(tmp_path):
    path = tmp_path / "minutes.txt"
    path.write_text("Minutes of the meeting.\n\nThe board agreed the plan.\n", encoding="utf-8")
    r = parse_file(path)
    assert r.title == "Minutes" and [s.path for s in r.sections] == [("Minutes",)]
    passages = chunk(r)
    assert " ".join(p.text for p in passages) == "Minutes of the meeting.\n\nThe board agreed the plan."
    assert all(r.text[p.start : p.end] == p.text for p in passages)


def test_byte_order_mark_does_not_hide_the_title(tmp_path):
    path = tmp_path / "bom.md"
    path.write_bytes("\ufeff# Bom Council: local authority assessment\n\nSome text.\n".encode("utf-8"))
    r = parse_file(path)
    assert r.title == "Bom Council: local authority assessment"
    assert r.council == "Bom Council"
    assert [p.text for p in chunk(r)] == ["Some text."]


# --- bad input -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("empty.md", b"", "empty"),
        ("blank.md", b"  \n\t\n\n", "empty"),
        ("binary.md", b"# Title\n\x00\x01\x02\x00 more", "binary"),
        ("latin1.md", "# Caf\u00e9 report\n\nSome text.\n".encode("latin-1"), "not UTF-8"),
    ],
)
def test_unreadable_report_raises_report_error_naming_the_file(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ReportError, match=rf"{re.escape(str(path))}.*{message}"):
        parse_file(path)


def test_missing_file_raises_report_error(tmp_path):
    path = tmp_path / "nowhere.md"
    with pytest.raises(ReportError, match=rf"{re.escape(str(path))}: no such file"):
        parse_file(path)


def test_directory_raises_report_error(tmp_path):
    with pytest.raises(ReportError, match=rf"{re.escape(str(tmp_path))}: is a directory"):
        parse_file(tmp_path)


def test_report_error_is_a_qa_error():
    assert issubclass(ReportError, QAError)


@pytest.mark.parametrize("written,rating", [("**Good**", "Good"), ("Overall rating: Requires improvement",
                                                                   "Requires improvement"),
                                            ("Rating: **Outstanding**", "Outstanding"), ("__Inadequate__", "Inadequate")])
def test_rating_written_other_ways_is_quoted_without_markup(written, rating):
    from qa.ingest.report import parse_text

    text = (f"# Eastmoor County Council: local authority assessment\n\n## Local authority rating and score\n\n"
            f"Eastmoor County Council\n\n{written}\n\n## Theme 1: Working with people\n\n### Assessing needs\n\n"
            f"#### Score: 3\n\n3 - Evidence shows a good standard\n\nInspectors found a short wait for assessments.\n")
    report = parse_text(text, "eastmoor", "eastmoor.md")
    assert report.rating.text == rating == text[report.rating.start : report.rating.end]
