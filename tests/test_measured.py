"""A share or rate question names what it measures ("the vacancy rate", "what percentage of agencies"): a
percentage of something else does not answer it. On the real report and on a made-up council's report."""

from __future__ import annotations

import pytest

from qa.answer.things import measured_thing

ASHCOMBE = """# Ashcombe Borough Council: local authority assessment

Assessment published: 2 April 2025

## Local authority rating and score

Ashcombe Borough Council

Good

## Theme 2: Providing support

### Care provision, integration and continuity

#### Score: 3

3 - Evidence shows a good standard

#### Key findings for this quality statement

The social work vacancy rate in Ashcombe stood at 14% in March 2024, down from a year earlier.

Occupational therapists made up 9% of the council's adult social care workforce in 2024.

Of the 40 home care providers in the borough, 70% were rated good by CQC in 2024.
"""


@pytest.fixture(scope="module")
def ashcombe(with_report):
    return with_report("ashcombe-borough", ASHCOMBE)


@pytest.mark.parametrize("question,thing", [
    ("social worker vacancy rate Derby adult social care", "vacancy"),
    ("What is the staff turnover rate?", "turnover"),
    ("What percentage of home care agencies are rated good?", "agencies"),
    ("What proportion of nursing homes are rated outstanding?", "homes"),
    ("what percentage of the budget goes on adult social care", None),  # "goes" is no plural
    ("what is the hourly rate for home care", None),  # a price, said in money
    ("What share of people feel safe?", None),  # the everyday word a sentence may leave implied
])
def test_what_a_share_or_rate_question_measures(question, thing):
    assert measured_thing(question) == thing


def test_a_share_of_other_things_does_not_answer_on_the_real_report(derby_assistant):
    answer = derby_assistant.ask("What percentage of Derby's home care agencies were rated good?")
    assert answer.abstained and "agencies" in answer.text, answer.text
    assert answer.hits  # the nearest passages are still listed
    centres = derby_assistant.ask("What proportion of day centres in Derby are rated good?")
    assert centres.abstained and centres.kind == "abstain", centres.text  # day centres' ratings: not the council's


def test_a_rate_of_another_thing_does_not_answer_on_a_made_up_report(ashcombe):
    asked = ashcombe.ask("What is the social work vacancy rate in Ashcombe?")
    assert not asked.abstained and "14%" in asked.text, asked.text
    other = ashcombe.ask("What is the occupational therapist turnover rate in Ashcombe?")
    assert other.abstained and "no turnover rate" in other.text, other.text
    day = ashcombe.ask("What percentage of day centres in Ashcombe were rated good?")
    assert day.abstained, day.text  # on whichever ground: no sentence gives a figure for day centres
    homes = ashcombe.ask("What percentage of home care providers in Ashcombe were rated good?")
    assert not homes.abstained and "70%" in homes.text, homes.text


def test_a_glossary_groups_other_words_do_not_stand_for_a_rate_on_the_real_report(derby_assistant):
    # the glossary groups "workforce", "recruitment" and "vacancies"; a workforce share is no vacancy rate
    answer = derby_assistant.ask("What is the social worker vacancy rate in Derby?")
    assert answer.abstained and "vacancy" in answer.text, answer.text


def test_a_glossary_groups_other_words_do_not_stand_for_a_rate_on_a_made_up_report(with_report):
    holt = with_report("holt-vale", ASHCOMBE.replace("Ashcombe Borough", "Holt Vale").replace("Ashcombe", "Holt Vale")
                       .replace("The social work vacancy rate in Holt Vale stood at 14% in March 2024, down from a "
                                "year earlier.", "National data showed that 31% of the social care workforce in Holt Vale "
                                "had completed the Care Certificate (Skills for Care Workforce)."))
    answer = holt.ask("What is the social worker vacancy rate in Holt Vale?")
    assert answer.abstained and "vacancy" in answer.text, answer.text
