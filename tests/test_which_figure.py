"""The figure asked for, where a passage gives several (issue 14): what was spent, not the estimate; the
difference, for "how much over budget"; adult social care's, not the whole budget's. On the real report and on
a made-up council's report written here."""

from __future__ import annotations

import pytest

from qa.answer.coverage import asks_actual, asks_difference, gives_difference

# One line a paragraph, as CQC's reports are written (a paragraph wrapped over lines is split at each line)
WESTLEIGH = """# Westleigh City Council: local authority assessment

Assessment published: 5 May 2025

## Local authority rating and score

Westleigh City Council

Good

## Theme 4: Leadership

### Governance, management and sustainability

#### Score: 3

3 - Evidence shows a good standard

#### Key findings for this quality statement

The council estimated that in 2023/24 its total budget would be £512,000,000. Its actual spend for that year was £498,300,000, which was £13,700,000 less than estimated.

The council estimated that it would spend £120,400,000 of its total budget on adult social care in 2023/24. Its actual spend was £123,900,000, which is £3,500,000 more than estimated.
"""


@pytest.fixture(scope="module")
def westleigh(with_report):
    return with_report("westleigh-city", WESTLEIGH)


def test_which_questions_ask_for_a_difference_or_the_actual():
    assert asks_difference("By how much did the council overspend?") and asks_difference("How much more than planned?")
    assert asks_difference("Did spending exceed the budget?") and not asks_difference("How much did it spend?")
    assert gives_difference("which is **£1,672,000 more** than estimated") and not gives_difference("It spent £2m.")
    assert asks_actual("How much does the council spend on adult social care?")
    assert not asks_actual("How much did the council plan to spend?") and not asks_actual("What is the budget?")


def test_what_was_spent_and_by_how_much_on_the_real_report(derby_assistant):
    spent = derby_assistant.ask("How much does the council spend on adult social care?")
    assert not spent.abstained and spent.citations[0].quote.startswith("Its actual spend was"), spent.text
    over = derby_assistant.ask("By how much did Derby overspend on adult social care in 2022/23?")
    assert not over.abstained and "£1,672,000" in over.citations[0].quote, over.text
    planned = derby_assistant.ask("How much did Derby estimate it would spend on adult social care?")
    assert not planned.abstained and "estimated that it would spend" in planned.citations[0].quote, planned.text


def test_what_was_spent_and_by_how_much_on_a_made_up_report(westleigh):
    rid = "westleigh-city"
    spent = westleigh.ask("How much does Westleigh spend on adult social care?", report=rid)
    assert not spent.abstained and "£123,900,000" in spent.citations[0].quote, spent.text
    under = westleigh.ask("By how much was Westleigh's total spending under budget in 2023/24?", report=rid)
    assert not under.abstained and "£13,700,000" in under.citations[0].quote, under.text
    more = westleigh.ask("How much more than planned did Westleigh spend on adult social care?", report=rid)
    assert not more.abstained and "£3,500,000" in more.citations[0].quote, more.text
    text = westleigh.text(spent.citations[0].passage.source)
    assert all(text[c.start:c.end] == c.quote for a in (spent, under, more) for c in a.citations)
