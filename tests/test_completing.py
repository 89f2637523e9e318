"""An answer covers what was asked: when the best sentence leaves out the question's own words and a close one
holds them, that one joins it ("Does it have a principal OT?" answered with OT resources alone, while another
sentence says there is no principal OT). On the real report and on a made-up council's report written here."""

from __future__ import annotations

from dataclasses import replace

import pytest

FERNBROOK = """# Fernbrook District Council: local authority assessment

Assessment published: 9 June 2025

## Local authority rating and score

Fernbrook District Council

Requires improvement

## Theme 1: Working with people

### Assessing needs

#### Score: 2

2 - Evidence shows some shortfalls

#### Key findings for this quality statement

Occupational therapy capacity in Fernbrook was stretched, and teams said occupational therapy assessments were slow.

Staff told us there was no lead occupational therapist, and no plan to appoint one.

The council's hoarding protocol was still awaiting sign-off by the partnership board at the time of our visit.

People described the hoarding support they had from the council's housing officers as kind and patient.
"""


@pytest.fixture(scope="module")
def fernbrook(with_report):
    return with_report("fernbrook-district", FERNBROOK)


def _without_completing(assistant):
    assistant.answerer.choosing = replace(assistant.answerer.choosing, complete_share=float("inf"))


def test_the_sentence_holding_the_asked_word_joins_the_answer_on_the_real_report(derby_assistant):
    answer = derby_assistant.ask("Has Derby got a principal OT?")
    assert not answer.abstained and "no principal OT" in answer.text, answer.text
    assert any("no principal OT" in c.quote for c in answer.citations)


@pytest.mark.parametrize("question,needle", [
    ("Does Fernbrook have a lead occupational therapist?", "no lead occupational therapist"),
    ("Has the hoarding protocol been signed off?", "still awaiting sign-off"),
])
def test_the_sentence_holding_the_asked_word_joins_the_answer_on_a_made_up_report(fernbrook, question, needle):
    answer = fernbrook.ask(question, report="fernbrook-district")  # one council's answer (unnamed: each council's)
    assert not answer.abstained and needle in answer.text, answer.text
    rid = answer.citations[0].passage.report
    assert all(c.passage.report == rid for c in answer.citations)
    text = fernbrook.text(answer.citations[0].passage.source)
    assert all(text[c.start:c.end] == c.quote for c in answer.citations)  # each quote checkable


def test_who_was_told_is_no_part_of_what_was_asked(with_report, derby_assistant):
    """"What did carers tell CQC?": the sentence saying what carers told us answers it; a sentence that only
    names CQC ("rated good by CQC") does not join it for holding the word."""
    from test_trust_rules import MARLOW

    marlow = with_report("marlow-heath", MARLOW.replace(
        "The carers' forum was led by", "Carers at the forum told us the council listened to them and acted on "
        "what they said.\n\nThe carers' forum was led by"))
    told = marlow.ask("What did carers at the forum tell CQC about Marlow Heath?")
    assert not told.abstained and "listened to them" in told.text
    assert all("rated good or outstanding" not in c.quote for c in told.citations), told.text
    derby = derby_assistant.ask("What did carers tell CQC about respite in Derby?")
    assert not derby.abstained and all("CQC" not in c.quote or "carer" in c.quote.lower() for c in derby.citations)


@pytest.mark.parametrize("question", ["Is there a principal occupational therapist in Derby?",
                                      "Does the council employ a principal occupational therapist?"])
def test_the_sentence_holding_the_asked_word_comes_before_a_third_close_one(derby_assistant, question):
    """Two sentences about OT resources close to the best filled the answer's three places before the one that
    says there is no principal OT: the sentence holding the question's own word now takes the last place."""
    answer = derby_assistant.ask(question)
    assert not answer.abstained and len(answer.citations) <= 3
    assert any("no principal OT" in c.quote for c in answer.citations), answer.text
