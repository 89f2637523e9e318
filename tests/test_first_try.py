"""What a new user's first try of a report of their own turned up: a publication line under a title that ends in
"assessment", an acronym a report only spells out, a rating no council in the corpus was given, a question with
no words. Each on a made-up council's report that the test writes, beside the real one."""

from __future__ import annotations

import pytest

from qa.ingest.report import parse_file

BRAMLEY = """# Bramley Fen District Council: local authority assessment

Published 12 March 2025

## Local authority rating and score

Bramley Fen District Council

Good

## Theme 1: How Bramley Fen District Council works with people

### Assessing needs

#### Score: 2

2 - Evidence shows some shortfalls

#### Key findings for this quality statement

At the end of March 2024, 96 people were waiting for a needs assessment and 15 of them had waited longer than 42 days.
The average wait for a needs assessment was 23 days in 2023/24, against 35 days a year before.
There were 31 people waiting for a home care package at the time of the assessment, with an average wait of 9 days.

## Theme 3: How Bramley Fen District Council ensures safety within the system

### Safeguarding

#### Score: 3

3 - Evidence shows a good standard

#### Key findings for this quality statement

There were 640 Deprivation of Liberty Safeguards applications waiting to be assessed, the oldest for 11 months.

Safeguarding enquiries were started within two working days in most cases, and partners described the
Safeguarding Adults Board as open to challenge.
"""


@pytest.fixture(scope="module")
def bramley(with_report):
    return with_report("bramley-fen", BRAMLEY)


def _rid(assistant) -> str:
    return next(r for r, card in assistant.index.cards.items() if card.council == "Bramley Fen District Council")


def test_a_published_line_under_a_title_ending_in_assessment(tmp_path, bramley):
    path = tmp_path / "bramley-fen.md"
    path.write_text(BRAMLEY, encoding="utf-8")
    report = parse_file(path)
    assert report.published == "2025-03-12" and report.published_at.text == "Published 12 March 2025"
    assert report.text[report.published_at.start:report.published_at.end] == report.published_at.text
    answer = bramley.ask("When was the report published?", report=_rid(bramley))
    assert "published on 12 March 2025 (2025-03-12) [1]" in answer.text
    assert answer.citations and answer.citations[0].quote == "Published 12 March 2025"


def test_an_acronym_the_report_only_spells_out(bramley):
    answer = bramley.ask("How many DoLS applications are waiting?", report=_rid(bramley))
    assert not answer.abstained and "640 Deprivation of Liberty Safeguards applications" in answer.text


def test_a_rating_no_council_was_given_is_answered_from_the_ratings(bramley):
    none = bramley.ask("Which councils were rated Inadequate?")
    assert "none was rated Inadequate" in none.text and "never mentions" not in none.text
    good = bramley.ask("Which councils were rated Good?")
    assert "Bramley Fen District Council" in good.text and "The other 1 was not." in good.text


def test_how_long_people_wait_is_the_average_wait_before_a_count_of_those_waiting_longer(bramley):
    for question in ("How long do people wait for a needs assessment?", "How long do people wait for an assessment?"):
        answer = bramley.ask(question, report=_rid(bramley))
        # the average wait for an assessment, not the average wait for a home care package "at the time of the
        # assessment", which holds every word of the question too
        assert not answer.abstained and answer.citations[0].quote.startswith("The average wait for a needs assessment")
    longest = bramley.ask("How many people had waited longer than 42 days for a needs assessment?", report=_rid(bramley))
    assert not longest.abstained and "15 of them" in longest.citations[0].quote



def test_comparing_two_councils_on_a_statement_gives_both_scores(bramley):
    answer = bramley.ask("Compare safeguarding in Derby and Bramley Fen")
    assert answer.kind == "score"
    assert "Derby City Council: Safeguarding: 2" in answer.text and "Bramley Fen District Council: Safeguarding: 3" \
        in answer.text and len(answer.citations) == 2
