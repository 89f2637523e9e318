"""Answers people can trust (issue 14): CQC's standard wording is never evidence, relative times mean the latest
period, an answer must cover what was asked, and "why" questions get the report's own reasons.

Each pattern is tested on the real report and on a made-up council's report written here, in its own words.
"""

from __future__ import annotations

import pytest

FENWICK = """# Fenwick Vale Council: local authority assessment

Assessment published: 9 May 2025

## Local authority rating and score

Fenwick Vale Council

Good

## Summary of people's experiences

Most people told us their social workers were kind and returned their calls quickly.

Carers told us that respite breaks in Fenwick Vale were hard to book and that they often had to chase the council for a reply.

## Summary of strengths, areas for development and next steps

The reablement service was a clear strength, returning most people to living independently within six weeks.

An area for development was the backlog of annual reviews, which had grown because of vacancies in the east locality team.

## Theme 3: How Fenwick Vale Council ensures safety within the system

### Safeguarding

#### Score: 2

2 - Evidence shows some shortfalls

#### What people expect

I am protected from harm by people who listen to me and act quickly when I raise a worry about my safety.

#### The local authority commitment

We act on every concern about abuse and work with partners so that people stay protected in the way they choose.

#### Key findings for this quality statement

Fenwick Vale received 1,204 safeguarding concerns in 2022/23 and 1,377 safeguarding concerns in 2023/24.

Enquiries were slow to start: the council took an average of 19 days to open a Section 42 enquiry, which inspectors judged too long.

Staff in the safeguarding hub said that supervision was regular and that they felt confident about thresholds.

Partners said the council shared information about risks well and came to every strategy meeting.

Most people who use services said they felt protected after the safeguarding team became involved, with 91% saying so in the 2023/24 survey.

## About Fenwick Vale Council

- In 2023/24, **23%** of the budget was spent on adult social care.
- Local authorities spend money on a range of adult social care services, including supporting individuals. No two care packages are the same and vary significantly in their intensity, duration, and cost.
- About 3,100 people were receiving long-term support, and each package of care was reviewed at least once a year.
"""


@pytest.fixture(scope="module")
def assistant(derby_assistant):
    return derby_assistant


@pytest.fixture(scope="module")
def fenwick(with_report):
    """Derby plus the made-up report above in one index."""
    return with_report("fenwick-vale", FENWICK)


def ask(assistant, question, report=None):
    return assistant.ask(question, report=report)


# --- framework text is not evidence --------------------------------------------------------------------------

def test_standard_framework_text_is_marked_by_its_place_and_round_trips_through_the_index(built_index, qa_embedder):
    from qa.search.lifecycle import refresh

    reloaded, summary = refresh(built_index.settings, qa_embedder)  # up to date: read back from the files
    assert not summary.built
    kinds = {p.id: p.kind for p in reloaded.passages}
    assert kinds == {p.id: p.kind for p in built_index.index.passages}
    expect = [p for p in reloaded.passages if p.section[-1] in ("What people expect", "The local authority commitment")]
    assert len(expect) >= 15 and all(p.kind == "framework" for p in expect)
    disclaimer = [p for p in reloaded.passages if p.text.startswith("This data is reproduced at the request")]
    assert disclaimer and disclaimer[0].kind == "framework"
    findings = [p for p in reloaded.passages if "3,931 safeguarding referrals" in p.text]
    assert findings and findings[0].kind == "finding"


def test_the_framework_statement_is_never_quoted_as_a_finding_on_the_real_report(assistant):
    answer = assistant.ask("Do people feel safe?")
    assert "I feel safe and am supported to understand and manage any risks" not in answer.text
    assert all(c.passage.kind == "finding" for c in answer.citations)


def test_cqcs_notes_beside_the_figures_are_not_quoted_as_findings(assistant, fenwick):
    # the notes under every report's financial data stand in one list with the council's own figures
    notes = ("spend money on a range of adult social care services", "No two care packages are the same")
    for answer in (assistant.ask("Are care packages all the same in Derby?"),
                   assistant.ask("Who leads adult social care in Derby?"),
                   ask(fenwick, "Do care packages in Fenwick Vale vary in cost?", "fenwick-vale")):
        assert not any(note in answer.text for note in notes), answer.text


def test_what_cqc_expects_is_answered_from_the_framework_text(assistant):
    answer = assistant.ask("What are people entitled to expect about safeguarding?")
    # the framework's own words for the statement: what people expect, or what the council commits to
    assert not answer.abstained and answer.citations, answer.text
    assert all(c.passage.kind == "framework" and c.passage.section[-1] in ("What people expect",
                                                                           "The local authority commitment")
               and "Safeguarding" in c.passage.section for c in answer.citations), answer.citations


def test_a_made_up_reports_framework_text_is_not_quoted_as_evidence(fenwick):
    answer = ask(fenwick, "Are people protected from harm when they raise a worry about their safety?", "fenwick-vale")
    assert "I am protected from harm by people who listen" not in answer.text
    assert "We act on every concern" not in answer.text
    assert all(c.passage.kind == "finding" for c in answer.citations)
    expected = ask(fenwick, "What are people entitled to expect about safeguarding?", "fenwick-vale")
    assert not expected.abstained and "I am protected from harm" in expected.text, expected.text


# --- relative time means the latest period ---------------------------------------------------------------------

def test_last_year_means_the_latest_period_the_real_report_gives(assistant):
    answer = assistant.ask("How many safeguarding referrals did Derby get last year?")
    assert not answer.abstained, answer.text
    assert "3,931" in answer.text and "the latest period the report gives" in answer.text
    assert "between April 2023 and December 2023: the latest period" in answer.text


def test_last_year_on_a_made_up_report_names_the_latest_of_two_periods(fenwick):
    answer = ask(fenwick, "How many safeguarding concerns did Fenwick Vale receive last year?", "fenwick-vale")
    assert not answer.abstained, answer.text
    assert "1,377" in answer.text and "(2023/24: the latest period the report gives for it.)" in answer.text
    dated = ask(fenwick, "How many safeguarding concerns did Fenwick Vale receive in 2022/23?", "fenwick-vale")
    assert "1,204" in dated.text and "latest period" not in dated.text


# --- the answer must cover what was asked ----------------------------------------------------------------------

def test_a_figure_for_another_thing_is_not_passed_off_as_the_one_asked_on_the_real_report(assistant):
    children = assistant.ask("How much did the council spend on children's social care in 2022/23?")
    assert children.abstained and "gives no figure for children's social care" in children.text
    assert children.hits  # the nearest passages are still shown
    staff = assistant.ask("How many social workers does Derby City Council employ in adult social care?")
    assert staff.abstained and "gives no count of workers" in staff.text  # what it counts: staff, not social workers
    later = assistant.ask("What was the adult social care budget for 2024/25?")
    assert later.abstained and "2024/25" in later.text


def test_an_acronym_in_the_sentence_covers_the_words_it_stands_for(assistant):
    answer = assistant.ask("How many Safeguarding Adults Reviews have there been in Derby City?")
    assert not answer.abstained and "2 SARs" in answer.text, answer.text


def test_coverage_on_a_made_up_report(fenwick):
    answered = ask(fenwick, "How many days does it take Fenwick Vale to open a Section 42 enquiry?", "fenwick-vale")
    assert not answered.abstained and "19 days" in answered.text
    other = ask(fenwick, "How many days does it take to open a children's safeguarding enquiry?", "fenwick-vale")
    assert other.abstained and "gives no figure for children's" in other.text, other.text


# --- "why" answered from the report's reasons; a group's views from its feedback ------------------------------

def test_why_a_score_gives_the_score_first_then_the_statements_own_findings_on_the_real_report(assistant):
    answer = assistant.ask("Why did safeguarding score 2?")
    assert answer.text.startswith("Safeguarding: 2 (Evidence shows some shortfalls) [1]"), answer.text
    assert len(answer.citations) >= 2 and "[2]" in answer.text
    assert all("Safeguarding" in c.passage.section for c in answer.citations[1:])
    assert all(c.passage.kind == "finding" for c in answer.citations[1:])


def test_why_a_score_on_a_made_up_report(fenwick):
    answer = ask(fenwick, "Why did Fenwick Vale score 2 for safeguarding?", "fenwick-vale")
    assert answer.text.startswith("Safeguarding: 2 (Evidence shows some shortfalls) [1]"), answer.text
    assert len(answer.citations) >= 2, answer.text
    assert all(c.passage.section[-1] == "Key findings for this quality statement" for c in answer.citations[1:])
    assert "I am protected from harm" not in answer.text


def test_a_groups_views_come_from_that_groups_feedback(assistant, fenwick):
    derby = assistant.ask("What do carers think of the council?")
    assert "the feedback we received from carers was largely negative" in derby.text, derby.text
    made_up = ask(fenwick, "What do carers think of the council?", "fenwick-vale")
    assert made_up.citations and made_up.citations[0].quote.startswith("Carers told us that respite breaks"), made_up.text
    partners = ask(fenwick, "What do partners say about the council?", "fenwick-vale")
    assert partners.citations[0].quote.startswith("Partners said the council shared information")
