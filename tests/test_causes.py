""""Why ...?" about a finding: reports give a finding and its cause in two sentences ("There was a waiting list.
This was due to lack of capacity."), and the answer quotes the cause beside the finding, in reading order. On the
real report and on a made-up council's report written here."""

from __future__ import annotations

import pytest

FENWICK = """# Fenwick Dale Council: local authority assessment

Assessment published: 14 May 2025

## Local authority rating and score

Fenwick Dale Council

Requires improvement

## Theme 2: Providing support

### Care provision, integration and continuity

#### Score: 2

2 - Evidence shows some shortfalls

#### Key findings for this quality statement

Fenwick Dale had a waiting list of 140 people for a mobility aids assessment at the end of 2024. This was mainly due to two assessor posts being vacant for most of the year.

The council closed both day centres in the north of the borough in 2023. This meant some people travelled over an hour to reach the nearest centre.

Home care visits in the hill villages were often shorter than planned. This was raised by carers at every forum we attended.

Partners described the council's brokerage team as helpful and quick to respond.
"""


@pytest.fixture(scope="module")
def fenwick(with_report):
    return with_report("fenwick-dale", FENWICK)


def _quotes(answer):
    assert not answer.abstained, answer.text
    return [c.quote for c in answer.citations]


def test_the_cause_after_a_finding_is_quoted_with_it_on_the_real_report(derby_assistant):
    quotes = _quotes(derby_assistant.ask("Why is there such a long wait for visual impairment rehabilitation?"))
    assert quotes[0].startswith("There was a waiting list of 6-8 months"), quotes
    assert quotes[1] == "This was due to lack of capacity.", quotes


def test_the_cause_before_its_effect_is_quoted_first_on_the_real_report(derby_assistant):
    quotes = _quotes(derby_assistant.ask("Why are some people with complex needs placed outside the area?"))
    at = next(i for i, q in enumerate(quotes) if q.startswith("This sometimes led to people being placed outside"))
    assert at > 0 and quotes[at - 1].startswith("There was also a shortage of specialist housing"), quotes


def test_the_cause_after_a_finding_is_quoted_with_it_on_a_made_up_report(fenwick):
    answer = fenwick.ask("Why is there a waiting list for mobility aids assessments in Fenwick Dale?")
    quotes = _quotes(answer)
    assert quotes[0].startswith("Fenwick Dale had a waiting list of 140 people"), quotes
    assert quotes[1].startswith("This was mainly due to two assessor posts being vacant"), quotes
    assert all(c.passage.report == "fenwick-dale" for c in answer.citations)


def test_the_cause_before_its_effect_is_quoted_first_on_a_made_up_report(fenwick):
    quotes = _quotes(fenwick.ask("Why do people in Fenwick Dale travel over an hour to a day centre?"))
    at = next(i for i, q in enumerate(quotes) if q.startswith("This meant some people travelled"))
    assert at > 0 and quotes[at - 1].startswith("The council closed both day centres"), quotes


def test_a_sentence_beside_that_gives_no_cause_is_not_quoted_as_one(fenwick):
    """"This was raised by carers" points at the finding but says who raised it, not why: no reason is made up."""
    quotes = _quotes(fenwick.ask("Why were home care visits in the hill villages in Fenwick Dale shorter than planned?"))
    assert quotes[0].startswith("Home care visits in the hill villages"), quotes
    assert not any(q.startswith("This was raised by carers") for q in quotes[1:2]), quotes


def test_a_question_that_asks_no_why_gets_no_cause_added(fenwick):
    quotes = _quotes(fenwick.ask("How many people were on the waiting list for a mobility aids assessment in Fenwick Dale?"))
    assert "140" in quotes[0] and len(quotes) == 1, quotes


@pytest.mark.parametrize("sentence,cause", [
    ("This was due to lack of capacity.", True), ("This was mainly down to staff vacancies.", True),
    ("This was down to 6 weeks by March 2024.", False),  # how far it fell, not why
    ("This was raised by carers at every forum.", False),
])
def test_what_gives_the_cause_of_the_sentence_before(sentence, cause):
    from qa.answer.causes import _CAUSE_OF_BEFORE

    assert bool(_CAUSE_OF_BEFORE.search(sentence)) is cause


@pytest.mark.parametrize("sentence,effect", [
    ("This sometimes led to people being placed out of area.", True), ("This meant people travelled further.", True),
    ("These results showed 80% were satisfied.", False),  # "results" is a noun here
])
def test_what_is_the_effect_of_the_sentence_before(sentence, effect):
    from qa.answer.causes import _EFFECT_OF_BEFORE

    assert bool(_EFFECT_OF_BEFORE.search(sentence)) is effect
