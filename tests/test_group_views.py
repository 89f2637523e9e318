"""A question about a group's views in everyday words ("what do parents say", "do local charities feel heard")
asks for the feedback of the group the report names ("carers", "the voluntary sector"). On the real report and
on a made-up council's report written here."""

from __future__ import annotations

import pytest

from qa.search.intent import views_of

HOLLIN = """# Hollin Vale Council: local authority assessment

Assessment published: 7 July 2025

## Local authority rating and score

Hollin Vale Council

Good

## Theme 1: Working with people

### Supporting people to live healthier lives

#### Score: 3

3 - Evidence shows a good standard

#### Key findings for this quality statement

Staff said the short breaks service had been redesigned in 2024 around a single booking line.

Carers told us the short breaks service was hard to book and that places went within hours.

The short breaks service offered 40 places a week across two centres.
"""


@pytest.fixture(scope="module")
def hollin(with_report):
    return with_report("hollin-vale", HOLLIN)


@pytest.mark.parametrize("question,group", [
    ("What do parents say about their son moving to adult services?", "carers"),
    ("How do relatives find the respite service?", "carers"),
    ("Do local charities feel the council listens?", "voluntary sector"),
    ("What do carers say about respite?", "carers"),
    ("What do staff think of the new system?", "staff"),
    ("How do I find a care home?", None),
    ("How did carers find moving their son to adult services?", "carers"),  # asked of the past
    ("How have relatives found the respite service?", "carers"),
    ("How did the council find the money?", None),
])
def test_the_group_whose_views_are_asked(question, group):
    assert views_of(question) == group


def test_parents_views_are_carers_feedback_on_the_real_report(derby_assistant):
    answer = derby_assistant.ask("How do parents find the move from children's services to adult care?")
    assert not answer.abstained and any(c.quote.startswith("Carers") for c in answer.citations), answer.text


def test_how_a_group_found_something_is_its_feedback_on_both_reports(derby_assistant, hollin):
    derby = derby_assistant.ask("How did carers find the move from children's to adult services?")
    assert not derby.abstained and derby.citations[0].quote.startswith("Carers felt"), derby.text
    made_up = hollin.ask("How have carers found booking short breaks?", report="hollin-vale")
    assert not made_up.abstained and made_up.citations[0].quote.startswith("Carers told us"), made_up.text


def test_parents_views_are_carers_feedback_on_a_made_up_report(hollin):
    answer = hollin.ask("What do parents say about the short breaks service?", report="hollin-vale")
    assert not answer.abstained and answer.citations[0].quote.startswith("Carers told us"), answer.text


# A named body's own findings: a sentence that lists it among partners says nothing it found.
RIDGEWAY = """# Ridgeway Moor Council: local authority assessment

Assessment published: 2 June 2025

## Local authority rating and score

Ridgeway Moor Council

Good

## Theme 2: Providing support

### Partnerships and communities

#### Score: 3

3 - Evidence shows a good standard

#### Key findings for this quality statement

The council, the hospital trust, Fernbrook Advocacy and Oakhurst Trust met each quarter to plan winter services.

Fernbrook Advocacy took part in the winter planning group alongside the council and two housing providers.

The Oakhurst Trust reported that 3 in 10 carers had waited over six months for a break.

Home care visits were arranged through a single brokerage team from 2024.

Lanthorn Advocacy told us that referrals for advocacy reached them too late to help people at reviews.
"""


@pytest.fixture(scope="module")
def ridgeway(with_report):
    return with_report("ridgeway-moor", RIDGEWAY)


@pytest.mark.parametrize("question,party", [
    ("What did Healthwatch Derby find about people's experiences?", "Healthwatch"),
    ("What does the Ombudsman say about complaints?", "Ombudsman"),
    ("What did the Local Government Association find?", "Local Government Association"),
    ("What did the Local Government Association peer review find?", None),  # a document, no owner's "'s"
    ("What did carers say about respite?", None),  # a group: views_of
    ("What did the inspectors find about waiting lists?", None),
    ("What did Derby City Council say about its budget?", None),  # the council itself
    ("What did the council's own survey find?", None),
    ("What did the care companies say about the council?", None),  # people of a kind, not one body
    ("What did the Ombudsman's report say?", "Ombudsman"),  # a body's document: the body
    ("what did healthwatch derby's latest report say about social care", "healthwatch"),
    ("What did the national survey find?", None),  # a document of no one named
    ("What did the annual report say?", None),
    ("What did the inspection team find?", None),  # CQC itself
    ("What did the inspectors' report find?", None),
    ("What does the council do to identify carers?", None),  # a verb phrase, not a name
    ("What does the council have to say about waiting?", None),
    ("What did the council do after the Ombudsman found fault?", None),
])
def test_the_named_body_whose_findings_are_asked(question, party):
    from qa.search.intent import party_asked

    assert party_asked(question, frozenset({"derby"})) == party


@pytest.mark.parametrize("party,sentence,reports", [
    ("Healthwatch", "Healthwatch Derby told us people waited too long for a review.", True),
    ("Healthwatch", "According to Healthwatch, people waited too long.", True),
    ("Safeguarding Adults Board", "The SAB's annual report highlighted gaps in training.", True),
    ("Safeguarding Adults Board", "The Board reported an increase in referrals.", True),
    ("Ombudsman", "The Ombudsman's review concluded that the council had acted fairly.", True),
    # listed among others, someone else doing the finding, "find" in its plain sense, another body's words
    ("Healthwatch", "The plan set out how the council, the NHS, Healthwatch and local charities would work.", False),
    ("Healthwatch", "The council worked with Healthwatch and the voluntary sector, and staff told us it helped.", False),
    ("Healthwatch", "Healthwatch helps people find information about care.", False),
    ("Safeguarding Adults Board", "Staff said they had training for their safeguarding duties and felt positive.", False),
    ("Mental Health Trust", "The Mental Health Team shared concerns about waits.", False),
    ("Oakhurst Trust", "Occupational Therapists (OT) highlighted the waiting list in feedback.", False),
    ("Fernbrook Advocacy", "Lanthorn Advocacy told us that referrals came late.", False),  # another advocacy body
    ("Local Government Ombudsman", "The Local Government and Social Care Ombudsman upheld 5 complaints.", True),
    ("advocacy service", "Lanthorn Advocacy told us that referrals came late.", True),  # described, not named
    ("Ombudsman", "There was 1 complaint upheld from the Local Government and Social Care Ombudsman.", False),
])
def test_a_sentence_reports_a_named_body_s_finding(party, sentence, reports):
    from qa.answer.voices import reports_finding

    assert reports_finding(party, sentence) is reports


def test_a_body_listed_among_partners_found_nothing_on_the_real_report(derby_assistant):
    answer = derby_assistant.ask("What did Healthwatch Derby find about people's experiences of adult social care?")
    assert answer.abstained and "what Healthwatch found" in answer.text, answer.text


def test_a_body_listed_among_partners_found_nothing_on_a_made_up_report(ridgeway):
    answer = ridgeway.ask("What did Fernbrook Advocacy find about winter services?", report="ridgeway-moor")
    assert answer.abstained and "what Fernbrook Advocacy found" in answer.text, answer.text


def test_a_body_described_in_plain_words_is_found_by_its_words(ridgeway):
    """"what did the advocacy service say" describes a body rather than naming it: a sentence in which an
    advocacy body tells its own finding answers it (a new user's was refused); another body's words do not
    answer a question naming Fernbrook Advocacy."""
    answer = ridgeway.ask("what did the advocacy service say about referrals", report="ridgeway-moor")
    assert not answer.abstained and answer.citations[0].quote.startswith("Lanthorn Advocacy told us"), answer.text
    named = ridgeway.ask("What did Fernbrook Advocacy say about referrals?", report="ridgeway-moor")
    assert named.abstained and "Fernbrook Advocacy" in named.text, named.text


def test_a_body_that_reports_a_finding_is_quoted_on_a_made_up_report(ridgeway):
    answer = ridgeway.ask("What did the Oakhurst Trust find about breaks?", report="ridgeway-moor")
    assert not answer.abstained and answer.citations[0].quote.startswith("The Oakhurst Trust reported"), \
        answer.text


def test_a_named_persons_words_with_their_role_between_commas(with_report):
    # a journalist's "What did Jo Whitcombe say about ...?" was refused: her role stood between her name and
    # "told us"
    from qa.answer.voices import reports_finding

    said = "Ola Mensah, chief executive of the Fenmoor Carers Trust, told us that the council listened to carers."
    assert reports_finding("Ola Mensah", said)
    assert not reports_finding("Healthwatch", "The NHS, Healthwatch and the voluntary sector, said the council, "
                                              "would work together.")
    report = ("# Fenmoor Council: local authority assessment\n\n## Local authority rating and score\n\nGood\n\n"
              "## Theme 2: Providing support\n\n### Partnerships and communities\n\n#### Score: 3\n\n"
              "3 - Evidence shows a good standard\n\nThe council worked with many charities across the county. "
              f"{said} Grants were agreed for three years at a time.\n")
    fenmoor = with_report("fenmoor", report)
    rid = next(r for r, c in fenmoor.index.cards.items() if c.council == "Fenmoor Council")
    answer = fenmoor.ask("What did Ola Mensah say about Fenmoor Council?", report=rid)
    assert not answer.abstained and "listened to carers" in answer.text, answer.text


FENBROOK = """# Fenbrook Council: local authority assessment

Date of publication: 8 January 2025

## Local authority rating and score

Fenbrook Council

Good

## Theme 2: Providing support

### Partnerships and communities

#### Score: 3

3 - Evidence shows a good standard

#### Key findings for this quality statement

Partners described the council as open and quick to act. A voluntary sector leader said, "We are asked what we think before decisions are made, not after."

Staff said the duty team was well run and that managers listened.
"""


@pytest.mark.parametrize("sentence, speaks", [
    ('A voluntary sector leader said, "We are asked first."', True),
    ("A local charity told us referrals were slow.", True),
    ("The voluntary sector was funded for three years.", False),  # named, not speaking
])
def test_the_voluntary_sector_speaks_for_partners(sentence, speaks):
    from qa.answer.voices import reports_views

    assert reports_views("partners", sentence) is speaks


def test_what_partners_said_includes_the_words_said_right_after(with_report):
    # a new user's "What did partners say about Harrowfield?" quoted "Partners described the council as ..."
    # without the voluntary sector leader's own words in the next sentence
    fenbrook = with_report("fenbrook", FENBROOK)
    rid = next(r for r, card in fenbrook.index.cards.items() if card.council == "Fenbrook Council")
    answer = fenbrook.ask("What did partners say about Fenbrook?", report=rid)
    quotes = [c.quote for c in answer.citations]
    assert quotes[:2] == ["Partners described the council as open and quick to act.",
                          'A voluntary sector leader said, "We are asked what we think before decisions are made, '
                          'not after."'], answer.text
    assert "duty team" not in answer.text  # staff are not partners


@pytest.mark.parametrize("sentence, speaks", [
    ("Only 29.5% of carers were satisfied with support, against an England average of 36.3%.", True),
    ("Most carers were not satisfied with the breaks on offer.", True),
    ("Carers' assessments were completed within 21 days.", False),
])
def test_a_survey_of_a_groups_satisfaction_is_its_view(sentence, speaks):
    # a recheck's "What did carers say about Kestrel Vale?" quoted one carer and left out the survey beside it
    from qa.answer.voices import reports_views

    assert reports_views("carers", sentence) is speaks
