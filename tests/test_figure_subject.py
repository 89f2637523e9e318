"""Whose figure, and of what: a figure for everyone before one for a group nobody asked about, and the sentence
that says what a figure measures quoted with it when the figure's own sentence does not ("The median wait was 96
days" after "3,050 people were waiting for a Care Act assessment").

Tested on the real report and on a made-up council's report written here, in its own words.
"""

from __future__ import annotations

import pytest

PELLHAM = """# Pellham District Council: local authority assessment

Date of publication: 11 April 2025

## Local authority rating and score

Pellham District Council

Requires improvement

## Theme 1: Working with people

### Assessing needs

#### Score: 2

2 - Evidence shows some shortfalls

#### Key findings for this quality statement

Carers' assessments were carried out by the Pellham Carers Link under a contract with the council. The Link finished 410 carers' assessments in 2024, but 212 carers were waiting, and carers said some had waited more than five months.

When we visited, 2,140 people were on the list for a Care Act assessment. The median wait was 77 days and the longest wait was 301 days. Staff phoned people on the list every six weeks.

Financial assessments took 18 days on average, and most people knew what they would pay before their care began.
"""


@pytest.fixture(scope="module")
def pellham(with_report):
    assistant = with_report("pellham", PELLHAM)
    rid = next(r for r, card in assistant.index.cards.items() if card.council == "Pellham District Council")
    return lambda question: assistant.ask(question, report=rid)


def test_a_figure_for_everyone_comes_before_a_groups_when_no_group_is_asked(pellham):
    # a new user's "How long are people waiting to be assessed?" led with the carers' wait ("more than six
    # months"), the wait for everyone second
    people = pellham("How long are people waiting to be assessed?")
    assert not people.abstained and "77 days" in people.text, people.text
    assert people.text.find("77 days") < people.text.find("five months") or "five months" not in people.text
    carers = pellham("How long do carers wait for an assessment?")
    assert not carers.abstained and "five months" in carers.citations[0].quote, carers.text
    assert "77 days" not in carers.text


def test_care_is_not_carers():
    # "caring" stemmed to "care", so every sentence about care named the carers group
    from qa.cqc.groups import names_group
    from qa.tokens import token_set

    assert not names_group(token_set("Community care financial assessments took 65 days."), "carers")
    assert names_group(token_set("Unpaid carers waited 65 days."), "carers")


def test_the_sentence_naming_what_a_figure_measures_is_quoted_before_it(pellham, derby_assistant):
    median = pellham("What is the median wait for a Care Act assessment?")
    quotes = [c.quote for c in median.citations]
    assert not median.abstained and quotes[:2] == [
        "When we visited, 2,140 people were on the list for a Care Act assessment.",
        "The median wait was 77 days and the longest wait was 301 days."], quotes
    # a figure whose own sentence names what it measures is quoted alone
    financial = pellham("How long do financial assessments take?")
    assert financial.citations[0].quote.startswith("Financial assessments took 18 days"), financial.text
    # on the real report: "1866, of these met the section 42 enquiry threshold" is of the referrals before it
    real = derby_assistant.ask("Of the safeguarding referrals, how many went on to a section 42 enquiry?")
    assert real.citations[0].quote.startswith("Derby received 3,931 safeguarding referrals"), real.text
    assert real.citations[1].quote.startswith("1866, of these met the section 42"), real.text
    for cite in real.citations:  # each quote is still exactly its place in the file
        assert cite.passage.text[cite.start - cite.passage.start: cite.end - cite.passage.start] == cite.quote
