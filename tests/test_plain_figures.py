"""Figures asked for in a reader's words: a survey's "score" is its figure, not CQC's score; money "spent on",
"put into" or "invested in" something is one sum however the question says it went.

Tested on made-up councils' reports written here, in their own words, beside the real report.
"""

from __future__ import annotations

import pytest
from asking import ask_council

QUORNDALE = """# Quorndale Borough Council: local authority assessment

Date of publication: 20 February 2025

## Local authority rating and score

Quorndale Borough Council

Good

Overall score: 72%

## Theme 1: Working with people

### Supporting people to live healthier lives

#### Score: 3

3 - Evidence shows a good standard

#### Key findings for this quality statement

The council invested £1.9 million in prevention in 2024/25, mostly in falls services and befriending.

The carers' quality of life score was 7.6, compared with an England average of 7.3.

The adult social care net budget was £84.2 million in 2024/25.

In the adult social care survey, 68.5% of people said they were satisfied with their care and support, compared with an England average of 62.1%.
"""


@pytest.fixture(scope="module")
def quorndale(with_report):
    return with_report("quorndale", QUORNDALE)


def _ask(assistant, question):
    return ask_council(assistant, "Quorndale Borough Council", question)


@pytest.mark.parametrize("question", ["What was Quorndale's carers' quality of life score?",
                                      "What score did carers give their quality of life in Quorndale?"])
def test_a_surveys_score_is_its_figure_not_the_councils_rating(quorndale, question):
    # a new user's "What was Harrowfield's carers' quality of life score?" got the overall rating and percentage
    answer = _ask(quorndale, question)
    assert answer.kind == "passage" and "7.6" in answer.text and "Good" not in answer.text, answer.text


def test_the_councils_own_score_is_still_its_rating(quorndale):
    for question in ("What was Quorndale's overall score?", "What score did Quorndale get?"):
        answer = _ask(quorndale, question)
        assert answer.kind == "score" and "Good" in answer.text and "72%" in answer.text, answer.text


def test_the_highest_survey_score_across_councils_ranks_the_reports_figures(quorndale):
    answer = quorndale.ask("Which council has the highest carers' quality of life score?")
    assert "7.6" in answer.text and "overall percentage" not in answer.text, answer.text
    satisfied = quorndale.ask("Which council has the highest satisfaction with care and support?")
    assert "68.5%" in satisfied.text and "overall percentage" not in satisfied.text, satisfied.text


@pytest.mark.parametrize("question", ["How much does Quorndale spend on prevention?",
                                      "How much money does Quorndale put into prevention?",
                                      "How much did Quorndale invest in prevention?"])
def test_money_spent_put_into_or_invested_is_one_sum(quorndale, question):
    # a new user's "How much does Harrowfield spend on prevention?" was refused beside "invested £2.8 million"
    answer = _ask(quorndale, question)
    assert not answer.abstained and "£1.9 million" in answer.text, answer.text


def test_what_it_spends_is_answered_by_its_budget_when_that_is_all_the_report_gives(quorndale):
    # a recheck's "How much does Ashmoor spend on adult social care?" was refused beside "the net budget was £68.4m"
    answer = _ask(quorndale, "How much does Quorndale spend on adult social care?")
    assert not answer.abstained and "£84.2 million" in answer.citations[0].quote, answer.text


def test_a_money_question_still_needs_the_thing_it_was_spent_on(quorndale):
    answer = _ask(quorndale, "How much does Quorndale spend on home care?")
    assert answer.abstained and "£1.9 million" not in answer.text, answer.text


def test_a_question_that_is_no_text_is_a_question_error(derby_assistant):
    # a new user's pipeline passed an empty cell: a bare TypeError from inside qa
    import qa

    for bad in (None, 42):
        with pytest.raises(qa.QuestionError, match="must be text"):
            derby_assistant.ask(bad)
    with pytest.raises(qa.QuestionError, match="no report 'nowhere'"):  # as ask(report="nowhere") says it
        derby_assistant.report("nowhere")
    assert all(issubclass(getattr(qa, name), qa.QAError) for name in (
        "CorpusError", "ReportError", "QuestionError", "IndexNotFoundError", "IndexCorruptError", "ModelError"))


def test_a_figure_asked_after_a_score_is_answered_after_it(quorndale, derby_assistant):
    # a new user's "What did Kestrel Vale score for safeguarding, and how many concerns were there?" got the score
    # and, as if its shortfalls were asked, the DoLS backlog ("concerns" read as "what went wrong")
    answer = _ask(quorndale, "What did Quorndale score for supporting people to live healthier lives, and how much "
                             "did it invest in prevention?")
    assert answer.kind == "score" and answer.text.startswith("Supporting people to live healthier lives: 3"), answer.text
    assert "£1.9 million" in answer.citations[1].quote and [c.number for c in answer.citations] == [1, 2], answer.text
    # a second part the report cannot answer is said to be missing, not dropped
    unsaid = _ask(quorndale, "What did Quorndale score for supporting people to live healthier lives, and how long "
                             "do people wait for a befriender?")
    assert unsaid.text.startswith("Supporting people to live healthier lives: 3") and \
        "The report doesn't say" in unsaid.text and len(unsaid.citations) == 1, unsaid.text
    real = derby_assistant.ask("What did Derby score for safeguarding, and how many safeguarding referrals were there?")
    assert real.text.startswith("Safeguarding: 2") and "3,931" in real.text, real.text
    from qa.search.intent import reason

    assert reason("How many concerns were there?") is None and reason("What concerns did inspectors raise?")


def test_a_council_the_corpus_does_not_hold_is_named_as_missing(quorndale):
    # a new user's "What did Westbridge City Council score for safeguarding?" got "it never mentions Westbridge
    # City Council", as if the report were the only one
    answer = quorndale.ask("What did Westbridge City Council score for safeguarding?")
    assert answer.abstained and answer.text.startswith("The corpus has no report for Westbridge City Council; it "
                                                       "holds Derby City Council, Quorndale Borough Council"), answer.text
    # an English council the question sets beside one the corpus holds: said once, not twice
    beside = quorndale.ask("How does Derby compare with Nottingham City Council on safeguarding?")
    assert beside.text.count("no report for") == 1, beside.text


def test_a_survey_score_the_report_does_not_give_is_not_answered_with_another_figure(with_report, quorndale):
    # a recheck's "What was Kestrel Vale's carers' quality of life score?" (no such score in its report) got the
    # share of carers satisfied; another report's, a row of its CQC scores table
    other = with_report("quorndale", QUORNDALE.replace(
        "The carers' quality of life score was 7.6, compared with an England average of 7.3.\n", ""))
    answer = _ask(other, "What was Quorndale's carers' quality of life score?")
    assert answer.abstained and "68.5%" not in answer.text, answer.text
    given = _ask(quorndale, "What score did carers give their quality of life in Quorndale?")
    assert not given.abstained and "7.6" in given.text, given.text
    satisfied = _ask(quorndale, "What was Quorndale's satisfaction score for care and support?")
    assert not satisfied.abstained and "68.5%" in satisfied.text, satisfied.text
