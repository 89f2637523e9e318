"""Near-misses that every word of a question can hide (issue 14): a name asked for that the report never gives, an
earlier rating, care homes' own ratings, another document's date, a figure for another group, a figure of
another kind, and plain words that only frame the question.

Each rule is tested on the real report and on a made-up council's report written here, in its own words.
"""

from __future__ import annotations

import pytest

from qa.answer.figures import FIGURES

MARLOW = """# Marlow Heath Council: local authority assessment

Assessment published: 3 March 2025

## Local authority rating and score

Marlow Heath Council

Requires improvement

## Theme 1: Working with people

### Assessing needs

#### Score: 2

2 - Evidence shows some shortfalls

#### Key findings for this quality statement

The average wait for a needs assessment in Marlow Heath was 41 days in March 2024.

Residents waited 12 weeks on average for a financial assessment, which the council said was too long.

There were 318 people on the waiting list for an occupational therapy visit at the end of 2023/24.

## Theme 3: How Marlow Heath Council ensures safety within the system

### Safeguarding

#### Score: 3

3 - Evidence shows a good standard

#### Key findings for this quality statement

The Safeguarding Adults Board was chaired by Priya Oduya, an independent chair appointed in 2022.

Independent advocacy was delivered under contract by Brightlane Advocacy across the whole county.

The council paid home care providers £24.10 an hour in 2024, after a rise agreed with the local market.

By March 2024, 64% of planned annual reviews had been completed.

Young people were referred to the transition team from the age of 17 and most had a plan before adulthood.

The carers' forum was led by Tomas Reyes, who had cared for his father for ten years.

When the council's services were last inspected under the former regime in 2016, they were previously rated Adequate.

Of the 27 care homes in the area, 85% were rated good or outstanding by CQC in 2024.
"""


@pytest.fixture(scope="module")
def derby(derby_assistant):
    return derby_assistant


@pytest.fixture(scope="module")
def marlow(with_report):
    """Derby plus the made-up report above in one index."""
    return with_report("marlow-heath", MARLOW)


def marlow_with(with_report, *edits: tuple[str, str]):
    """Derby plus the made-up report above with ``(old, new)`` replacements: a finding added where a test needs it."""
    report = MARLOW
    for old, new in edits:
        assert old in report, old
        report = report.replace(old, new)
    return with_report("marlow-heath", report)


def ask(assistant, question, report=None):
    if report is None:
        return assistant.ask(question)
    rid = next(r for r, card in assistant.index.cards.items() if card.council == report)
    return assistant.ask(question, report=rid)


def test_a_name_question_needs_a_name_the_real_report_never_gives(derby):
    chair = derby.ask("Who is the independent chair of the adults safeguarding board in Derby?")
    assert chair.abstained and "gives no name" in chair.text and chair.hits
    director = derby.ask("What is the name of the organisation that runs independent advocacy in Derby?")
    assert director.abstained and "gives no name" in director.text


def test_a_name_question_on_a_made_up_report_gets_the_name_it_gives(marlow):
    chair = ask(marlow, "Who chairs the Safeguarding Adults Board?", "Marlow Heath Council")
    assert not chair.abstained and "Priya Oduya" in chair.text
    assert chair.citations[0].quote.startswith("The Safeguarding Adults Board was chaired by")
    advocacy = ask(marlow, "Which organisation provides independent advocacy?", "Marlow Heath Council")
    assert not advocacy.abstained and "Brightlane Advocacy" in advocacy.text
    # the one name the report gives is not passed off as the answer to another role's
    other = ask(marlow, "Who chairs the health and wellbeing board?", "Marlow Heath Council")
    assert other.abstained and "Priya" not in other.text


ASHCOMBE = """# Ashcombe Borough Council: local authority assessment

## Local authority rating and score

Ashcombe Borough Council

Good

## Theme 4: Leadership

### Governance, management and sustainability

#### Score: 3

3 - Evidence shows a good standard

#### Key findings for this quality statement

Ashcombe has been a Liberal Democrat controlled borough since the 2022 local elections, with a cabinet of nine.

Senior leaders met the portfolio holder for adult care every month to review risks and spending.

The borough's carers strategy was first written in 2019 and refreshed with carers each year since.
"""


def test_which_party_runs_the_council_is_answered_by_the_party_however_asked(derby, with_report):
    labour = derby.ask("Which political party is running Derby council at the moment?")
    assert not labour.abstained and "Labour led" in labour.citations[0].quote
    ashcombe = with_report("ashcombe", ASHCOMBE)
    rid = next(r for r, card in ashcombe.index.cards.items() if card.council == "Ashcombe Borough Council")
    party = ashcombe.ask("Which party runs the council?", report=rid)
    assert not party.abstained and "Liberal Democrat controlled" in party.citations[0].quote
    # an independent chair is no party
    from qa.answer.names import names_party

    assert not names_party("The board was led by an independent chair.") and names_party("under no overall control")
    # a year the sentence does not give is not answered with today's party
    then = ashcombe.ask("Which party ran the council in 2019?", report=rid)
    assert then.abstained and "gives no name for 2019" in then.text


def test_a_yes_no_question_naming_a_party_is_not_a_name_question(derby):
    answer = derby.ask("Did the change in which party runs the council disrupt services?")
    assert not answer.abstained and "political leadership" in answer.text


def test_the_previous_rating_is_not_the_current_one_on_the_real_report(derby):
    answer = derby.ask("What was Derby's CQC rating before this assessment?")
    assert answer.abstained and "not an earlier one" in answer.text
    assert "Requires improvement" not in answer.text


def test_a_made_up_report_that_gives_an_earlier_rating_is_quoted_for_it(marlow):
    answer = ask(marlow, "What was the council previously rated?", "Marlow Heath Council")
    assert not answer.abstained and "previously rated Adequate" in answer.text
    current = ask(marlow, "What was the council rated overall?", "Marlow Heath Council")
    assert current.kind == "score" and "Requires improvement" in current.text


def test_care_homes_ratings_are_not_the_councils_score(derby, marlow):
    derby_homes = derby.ask("What share of the residential homes in Derby were rated good by CQC?")
    assert derby_homes.kind != "score" and "rated overall" not in derby_homes.text
    homes = ask(marlow, "What share of care homes are rated good or outstanding by CQC?", "Marlow Heath Council")
    assert homes.kind == "passage" and "85%" in homes.text


def test_another_documents_publication_date_is_not_the_reports(derby, marlow):
    strategy = derby.ask("When will the council's new carers strategy be published?")
    assert "16 August 2024" not in strategy.text
    own = ask(marlow, "When was the assessment published?", "Marlow Heath Council")
    assert own.kind == "score" and "3 March 2025" in own.text


def test_a_figure_for_another_group_does_not_answer_on_the_real_report(derby):
    answer = derby.ask("How long do carers have to wait for an assessment in Derby?")
    assert answer.abstained and "carers" in answer.text


def test_a_figure_for_another_group_on_a_made_up_report(marlow):
    carers = ask(marlow, "How long do carers wait for an assessment?", "Marlow Heath Council")
    assert carers.abstained and "gives no figure for carers" in carers.text
    people = ask(marlow, "How long do people wait for a needs assessment?", "Marlow Heath Council")
    assert not people.abstained and "41 days" in people.text


def test_young_carers_are_a_group_of_their_own(derby, with_report):
    """A new user's "How many young carers does the carers centre support?" got the count of all its carers."""
    young = derby.ask("How many young carers were registered with the carers organisation?")
    assert young.abstained and "no figure for young carers" in young.text, young.text
    unpaid = derby.ask("How many unpaid carers were registered with the carers organisation?")
    assert not unpaid.abstained and "2000" in unpaid.text
    marlow = marlow_with(with_report, ("for ten years.", "for ten years.\n\nThe carers' centre supported 1,250 "
                                       "registered carers in 2023/24."))
    assert ask(marlow, "How many young carers does the carers' centre support?", "Marlow Heath Council").abstained
    carers = ask(marlow, "How many carers does the carers' centre support?", "Marlow Heath Council")
    assert not carers.abstained and "1,250" in carers.text, carers.text


def test_older_people_and_younger_adults_are_groups_of_their_own(derby, with_report):
    """A new user's "What percentage of younger adults were still at home 91 days after reablement?" got the
    figure for older people."""
    younger = derby.ask("What proportion of younger adults were still at home 91 days after leaving hospital into "
                        "reablement?")
    assert younger.abstained and "no figure for younger adults" in younger.text, younger.text
    older = derby.ask("What proportion of older people were still at home 91 days after leaving hospital into "
                      "reablement?")
    assert not older.abstained and "83.64%" in older.text  # "people 65+" are older people
    marlow = marlow_with(with_report, ("for ten years.", "for ten years.\n\nFigures for 2023/24 showed that 79% of "
                                       "working-age adults with a learning disability lived in their own home."))
    older = ask(marlow, "What share of older people with a learning disability lived in their own home?",
                "Marlow Heath Council")
    assert older.abstained and "no figure for older people" in older.text, older.text
    working = ask(marlow, "What share of younger adults with a learning disability lived in their own home?",
                  "Marlow Heath Council")
    assert not working.abstained and "79%" in working.text, working.text


def test_a_count_of_those_waiting_is_not_a_count_done_beside_a_wait(with_report):
    """A new user's "How many people were waiting for a carer's assessment?" got "It completed 1,120 carers'
    assessments ..., and the average wait ... was 12 days": its count is of those completed."""
    marlow = marlow_with(with_report, ("for ten years.", "for ten years.\n\nIt completed 640 carers' assessments in "
                                       "2023/24, and the average wait for a carer's assessment was 15 days."))
    waiting = ask(marlow, "How many people were waiting for a carer's assessment?", "Marlow Heath Council")
    assert waiting.abstained and "of those waiting" in waiting.text, waiting.text
    done = ask(marlow, "How many carers' assessments were completed?", "Marlow Heath Council")
    assert not done.abstained and "640" in done.text
    visit = ask(marlow, "How many people were waiting for an occupational therapy visit?", "Marlow Heath Council")
    assert not visit.abstained and "318" in visit.text


def test_a_count_question_is_not_answered_with_a_wait(marlow):
    waiting = ask(marlow, "How many people are waiting for a financial assessment?", "Marlow Heath Council")
    assert waiting.abstained and "12 weeks" not in waiting.text
    ot = ask(marlow, "How many people were waiting for occupational therapy in 2023/24?", "Marlow Heath Council")
    assert not ot.abstained and "318" in ot.text


def test_a_count_of_those_waiting_needs_a_figure_that_says_they_wait(derby, with_report):
    """"How many are in the backlog?" is not answered by a count of everything received, though the paragraph
    around it speaks of backlogs."""
    backlog = derby.ask("How many safeguarding enquiries are waiting in the backlog?")
    assert backlog.abstained and "of those waiting" in backlog.text
    marlow = marlow_with(with_report, ("By March 2024, 64% of planned annual reviews had been completed.",
                                       "The council received 2,310 safeguarding concerns in 2023/24. Clearing the backlog "
                                       "of concerns was a priority for the team."))
    waiting = ask(marlow, "How many safeguarding concerns were in the backlog?", "Marlow Heath Council")
    assert waiting.abstained and "2,310" not in waiting.text
    received = ask(marlow, "How many safeguarding concerns did the council receive in 2023/24?", "Marlow Heath Council")
    assert not received.abstained and "2,310" in received.text
    ot = ask(marlow, "How many people were waiting for occupational therapy in 2023/24?", "Marlow Heath Council")
    assert not ot.abstained and "318" in ot.text


def test_words_that_only_frame_a_question_need_not_be_in_the_answer(derby, marlow):
    derby_lac = derby.ask("Early in 2024, how many people did the local area coordinators support?")
    assert not derby_lac.abstained and "550" in derby_lac.text
    visit = ask(marlow, "How long was someone supposed to wait for a needs assessment, say the inspectors?",
                "Marlow Heath Council")
    assert not visit.abstained and "41 days" in visit.text


def test_a_readers_hedges_and_short_forms_need_not_be_in_the_answer(derby, marlow):
    """"Roughly", "now", "like", "ppl", "wks", "Feb": how a reader types, not what the report must say."""
    derby_wait = derby.ask("Roughly how long is the wait for a community support assessment now?")
    assert not derby_wait.abstained and "30.9 days" in derby_wait.text
    marlow_wait = ask(marlow, "Roughly how many wks do ppl wait for a financial assessment?", "Marlow Heath Council")
    assert not marlow_wait.abstained and "12 weeks" in marlow_wait.text
    like = ask(marlow, "what's the wait like for a needs assessment at the moment", "Marlow Heath Council")
    assert not like.abstained and "41 days" in like.text
    month = ask(marlow, "avg wait for a needs assessment in Mar 2024?", "Marlow Heath Council")
    assert not month.abstained and "41 days" in month.text
    # a month shortened is still a month: one the report gives no figure for is not answered with another's
    feb = ask(marlow, "What was the average wait for a needs assessment in Feb 2024?", "Marlow Heath Council")
    assert feb.abstained and "41 days" not in feb.text


def test_a_four_word_sentence_can_answer(with_report):
    """"Leadership was not stable." was never a candidate (five words at least), so "Was leadership stable?" got a
    list item about leadership instead, and "Kelby has 21 wards." was refused."""
    marlow = marlow_with(with_report, ("for ten years.", "for ten years.\n\nLeadership was not stable. Three "
                                       "directors had led the service since 2022.\n\nMarlow Heath has 31 wards."))
    stable = ask(marlow, "Was leadership stable at Marlow Heath?", "Marlow Heath Council")
    assert not stable.abstained and stable.citations[0].quote == "Leadership was not stable.", stable.text
    wards = ask(marlow, "How many wards does Marlow Heath have?", "Marlow Heath Council")
    assert not wards.abstained and "31 wards" in wards.text, wards.text


def test_stuck_waiting_is_waiting(with_report):
    """A new user's "How many people are stuck waiting for care at home?" was refused over "stuck"."""
    marlow = marlow_with(with_report, ("for ten years.", "for ten years.\n\nIn January 2025, 95 people were waiting "
                                       "for a home care package."))
    stuck = ask(marlow, "How many people are stuck waiting for care at home?", "Marlow Heath Council")
    assert not stuck.abstained and "95 people" in stuck.text, stuck.text


def test_what_went_on_something_is_what_was_spent_on_it(with_report):
    """"What percentage of the budget went on adult social care?": "went" is how a reader says it, not a word
    the sentence giving the share must hold (a new user's was refused: "says nothing of 'went'")."""
    marlow = marlow_with(with_report, ("By March 2024, 64% of planned annual reviews had been completed.",
                                       "In 2023/24, 34% of the council's budget was spent on adult social care.\n\n"
                                       "By March 2024, 64% of planned annual reviews had been completed."))
    went = ask(marlow, "What percentage of Marlow Heath's budget went on adult social care?", "Marlow Heath Council")
    assert not went.abstained and "34%" in went.text, went.text


@pytest.mark.parametrize("text, counts", [
    ("The average waiting time was 30.9 days.", []),
    ("a waiting list of 6-8 months", []),
    ("the section 75 agreement and Pathway 2 beds", []),
    ("in 2023/24 the council received 1,094 applications", ["1,094"]),
    ("over 2000 registered unpaid carers in 2024", ["2000"]),
    ("42.04% of staff and 318 people", ["318"]),
    ("after the Covid-19 pandemic, in Q1", []),
    ("young people from the age of 14 and adults aged 65 or 65+", []),
    # a ratio: "one in five residents (19.8%) are aged 65" answered "What is the population?" as a count
    ("Just under one in five residents (19.8%) are aged 65 or over", []),
    ("1 in 4 carers and two in three people said so", []),
    ("services in 5 areas closed, five hubs opened and 3 in 2023", ["5", "five ", "3"]),
    ("some had been waiting for more than six weeks", []),  # a wait in words is no count
    ("4 in 10 carers and seven in ten staff said so", []),  # a review's ratios
    ("The backlog fell to 120 in 4 weeks.", ["120"]),  # a count, then the time it took
])
def test_a_count_is_a_whole_number_that_is_no_year_share_wait_or_label(text, counts):
    assert [m.group() for m in FIGURES["count"].finditer(text)] == counts


def test_the_longest_wait_is_not_an_average(derby, marlow):
    maximum = derby.ask("What was the longest wait for a financial assessment in Derby?")
    assert not maximum.abstained and "337 days" in maximum.citations[0].quote
    average = ask(marlow, "What was the longest wait for a needs assessment?", "Marlow Heath Council")
    assert average.abstained and "an average, not the longest" in average.text


def test_a_part_of_a_year_or_a_year_the_report_never_gives(derby, marlow):
    half = derby.ask("How many DoLS applications were waiting in the first quarter of 2023?")
    assert half.abstained and "the first quarter of 2023" in half.text
    never = derby.ask("How many safeguarding concerns did Derby receive in 2012?")
    assert never.abstained and "never mentions 2012" in never.text
    marlow_never = ask(marlow, "How long did people wait for a needs assessment in 2019?", "Marlow Heath Council")
    assert marlow_never.abstained and "2019" in marlow_never.text
    marlow_year = ask(marlow, "How long did people wait for a needs assessment in 2024?", "Marlow Heath Council")
    assert not marlow_year.abstained and "41 days" in marlow_year.text


def test_plain_phrases_match_whoever_they_are_said_of(derby):
    theirs = derby.ask("how long is the wait for them to work out what my mum has to pay towards her care")
    assert not theirs.abstained and "financial assessment" in theirs.citations[0].quote.lower()


def test_short_of_social_workers_is_asking_about_vacancies(with_report):
    """A new user's "Is Harrowmere short of social workers?" got a recruitment scheme, not the 21% vacancy rate."""
    marlow = marlow_with(with_report, ("for ten years.", "for ten years.\n\nThe vacancy rate in social work teams "
                                       "was 17% in March 2024. A new academy had taken on 15 newly qualified social "
                                       "workers in 2023."))
    short = ask(marlow, "Is Marlow Heath short of social workers?", "Marlow Heath Council")
    assert not short.abstained and "17%" in short.citations[0].quote, short.text


def test_what_a_group_said_gives_each_thing_it_told_the_inspectors(derby, with_report):
    """"What do carers think?" got one of the report's sentences reporting carers' feedback when several were as
    near."""
    carers = derby.ask("What do carers think of the support they get from the council?")
    told = [c.quote for c in carers.citations if c.quote.lower().startswith(("carers", "while the feedback"))]
    assert len(told) >= 2, carers.text
    marlow = marlow_with(with_report, ("for ten years.", "for ten years.\n\nPartners told us the council listened to "
                                       "them and acted on what they said about hospital discharge.\n\nVoluntary sector "
                                       "partners said funding decisions were slow and rarely explained."))
    partners = ask(marlow, "What did partners say about Marlow Heath?", "Marlow Heath Council")
    quotes = " ".join(c.quote for c in partners.citations)
    assert "listened to them" in quotes and "rarely explained" in quotes, partners.text


@pytest.mark.parametrize("question, name", [
    ("Who chairs the safeguarding board?", True),
    ("What is the name of the advocacy provider?", True),
    ("Which city do people travel to for advocacy?", True),
    ("Which organisation runs the carers' hub?", True),
    ("Who do I ring for help?", False),
    ("Which four languages are leaflets printed in?", True),
    ("Which councils scored 1 for safeguarding?", False),
    ("Did the change in which party runs the council disrupt services?", False),
    ("What trust is there in the council's leadership?", False),
    ("Who leads on transitions for young people?", False),
])
def test_name_questions_are_read_from_their_wording(question, name):
    from qa.search.intent import wants_name

    assert wants_name(question) is name


def test_a_past_form_covers_the_word_asked(derby, marlow):
    forum = ask(marlow, "Who leads the carers' forum?", "Marlow Heath Council")
    assert not forum.abstained and "Tomas Reyes" in forum.text
    party = derby.ask("Which party leads the council in Derby?")
    assert not party.abstained and "Labour" in party.text


def test_a_financial_year_is_given_by_a_period_spanning_it(derby):
    from qa.answer.periods import year_given
    from qa.tokens import tokenize

    assert year_given("2023/24", set(tokenize("between 1 April 2023 and 14 February 2024")))
    assert not year_given("2023/24", set(tokenize("in 2023")))
    answer = derby.ask("How many referrals did the equipment service get in 2023/24?")
    assert not answer.abstained and "846" in answer.text


def test_a_rate_is_a_share_or_a_price(derby, marlow):
    derby_rate = derby.ask("What hourly rate does the council pay for home care in Derby?")
    assert derby_rate.abstained
    marlow_rate = ask(marlow, "What hourly rate does the council pay home care providers?", "Marlow Heath Council")
    assert not marlow_rate.abstained and "£24.10" in marlow_rate.text


def test_a_count_of_things_is_not_a_share_nor_the_questions_own_number(derby, marlow):
    homes = derby.ask("How many residential homes does Derby have?")
    assert homes.abstained
    marlow_homes = ask(marlow, "How many care homes are there in the area?", "Marlow Heath Council")
    assert not marlow_homes.abstained and "27" in marlow_homes.text
    own = ask(marlow, "How many young people had a transition plan before they turned 17?", "Marlow Heath Council")
    assert own.abstained


@pytest.mark.parametrize("question, thing", [
    ("How many extra care housing flats are there?", "flats"),
    ("How many safeguarding referrals came in between April and December 2023?", "referrals"),
    ("How many people are waiting?", None),
    ("How many staff left?", None),
    ("HOW MANY REFERRALS WERE THERE?", "REFERRALS"),
    ("How many was it?", None),
])
def test_the_thing_a_count_question_counts(question, thing):
    from qa.answer.things import counted_thing

    assert counted_thing(question) == thing


def test_a_count_of_another_thing_does_not_answer(derby, marlow):
    posts = ask(marlow, "How many occupational therapy posts were vacant at the end of 2023/24?", "Marlow Heath Council")
    assert posts.abstained and "no count of posts" in posts.text
    sars = derby.ask("How many Safeguarding Adults Reviews were there in Derby City?")
    assert not sars.abstained and "2 SARs" in sars.text


def test_a_share_of_reviews_is_no_count_of_people(marlow):
    reviews = ask(marlow, "How many people had their annual review by March 2024?", "Marlow Heath Council")
    assert reviews.abstained and "64%" not in reviews.text


def test_a_named_thing_must_be_spoken_of(derby, marlow):
    perth = derby.ask("What does the report say about Perth House?")
    assert not perth.abstained and "Perth House" in perth.citations[0].passage.text
    rating = derby.ask("What rating has CQC given Perth House?")
    assert rating.kind != "score" and "rated overall" not in rating.text
    healthwatch = derby.ask("What has Healthwatch said about waiting lists in Derby?")
    assert healthwatch.abstained and "say nothing of Healthwatch" in healthwatch.text
    brightlane = ask(marlow, "What does the report say about Brightlane Advocacy?", "Marlow Heath Council")
    assert not brightlane.abstained and "Brightlane Advocacy" in brightlane.citations[0].quote
    outside = ask(marlow, "What did Healthwatch say about needs assessments?", "Marlow Heath Council")
    assert outside.abstained and "Healthwatch" in outside.text


def test_title_case_and_the_councils_own_scores_are_read_as_before(derby):
    title = derby.ask("What Is The Average Wait For A Financial Assessment?")
    assert not title.abstained and "65.38 days" in title.text
    past = derby.ask("What score did Derby get for learning from past safeguarding reviews?")
    assert past.kind == "score" and "Safeguarding: 2" in past.text
    providers = derby.ask("How was the council's partnership with providers rated?")
    assert providers.kind == "score" and "Partnerships and communities: 3" in providers.text


def test_a_search_box_query_ending_in_number_asks_how_many(derby, with_report):
    """"section 42 enquiries number" is typed the way a search box is: it asks for the count, not for a sentence
    about the enquiries."""
    s42 = derby.ask("section 42 enquiries number")
    assert not s42.abstained and "1866" in s42.text
    marlow = marlow_with(with_report, ("There were 318 people", "Safeguarding enquiries under section 42 were led by "
                         "the locality teams and each one was reviewed by a senior practitioner. The teams completed "
                         "742 such enquiries in 2023/24.\n\nThere were 318 people"))
    made_up = ask(marlow, "safeguarding enquiries number", "Marlow Heath Council")
    assert not made_up.abstained and "742" in made_up.text


def test_where_something_is_being_built_needs_a_place(derby, with_report):
    site = derby.ask("Where is the new site for people with complex needs being built?")
    assert site.abstained and "gives no place" in site.text
    marlow = marlow_with(with_report, ("There were 318 people", "The council was building a new extra care scheme of "
                                       "60 flats, due to open in 2026. The scheme was being built at Hollins Lane, "
                                       "near the town centre.\n\nA new day centre for autistic adults was being "
                                       "built, due to open in 2027 once the council had agreed its funding.\n\n"
                                       "There were 318 people"))
    built = ask(marlow, "Where is the new extra care scheme being built?", "Marlow Heath Council")
    assert not built.abstained and "Hollins Lane" in built.text
    unsaid = ask(marlow, "Where is the new day centre for autistic adults being built?", "Marlow Heath Council")
    assert unsaid.abstained and "gives no place" in unsaid.text


def test_a_comparisons_starting_period_dates_the_earlier_figure_not_the_next_one(derby, with_report):
    """"... a reduction from 36.1 days in September 2023. Mental health assessments took an average of 14.5 days":
    September 2023 is when the first wait was 36.1 days, not when mental health assessments took 14.5."""
    mental = derby.ask("How long did mental health assessments take on average in September 2023?")
    assert mental.abstained and "no figure for September 2023" in mental.text
    then = derby.ask("What was the average wait for community support assessments in September 2023?")
    assert not then.abstained and "36.1 days" in then.text
    marlow = marlow_with(with_report, ("was 41 days in March 2024.", "was 41 days in March 2024, down from 58 days in "
                                       "June 2023. Carers' assessments took 19 days on average."))
    carers = ask(marlow, "How long did carers' assessments take in June 2023?", "Marlow Heath Council")
    assert carers.abstained and "no figure for June 2023" in carers.text
    needs = ask(marlow, "What was the average wait for a needs assessment in June 2023?", "Marlow Heath Council")
    assert not needs.abstained and "58 days" in needs.text


def test_a_sentence_that_names_its_own_year_is_for_that_year_whatever_its_paragraph_says(derby, with_report):
    """A new user's "reablement success rate in 2023-24" was answered with "figures for 2021-22 showed 81%...",
    because another sentence of its paragraph named 2023/24."""
    marlow = marlow_with(with_report, ("was 41 days in March 2024.", "was 41 days in March 2024.\n\nIn 2023/24 the "
                                       "reablement team worked with 1,870 people. Figures for 2021-22 showed that 81% "
                                       "of older people were still at home 91 days after leaving hospital."))
    later = ask(marlow, "What was Marlow Heath's reablement success rate in 2023-24?", "Marlow Heath Council")
    assert later.abstained and "no figure for 2023/24" in later.text, later.text
    then = ask(marlow, "What was Marlow Heath's reablement success rate in 2021-22?", "Marlow Heath Council")
    assert not then.abstained and "81%" in then.text, then.text
    # the real report's budget lines: each dated by its own year
    assert derby.ask("What percentage of the budget was spent on adult social care in 2023/24?").abstained
    spent = derby.ask("What percentage of the budget was spent on adult social care in 2022/23?")
    assert not spent.abstained and "18%" in spent.text


def test_what_a_sentence_says_for_another_year_does_not_answer_a_question_about_this_one(derby, with_report):
    """A new user's "What was the DoLS backlog in 2022?" (no figure asked in so many words) got the backlog "in
    January 2024"."""
    marlow = marlow_with(with_report, ("was 41 days in March 2024.", "was 41 days in March 2024.\n\nThe Deprivation "
                                       "of Liberty Safeguards backlog stood at 640 applications in January 2024."))
    then = ask(marlow, "What was Marlow Heath's Deprivation of Liberty Safeguards backlog in 2022?", "Marlow Heath Council")
    assert then.abstained and "nothing for 2022" in then.text, then.text
    now = ask(marlow, "What was Marlow Heath's Deprivation of Liberty Safeguards backlog in 2024?", "Marlow Heath Council")
    assert not now.abstained and "640" in now.text
    september = derby.ask("What was the average community support assessment wait back in September 2023?")
    assert not september.abstained and "36.1 days" in september.citations[0].quote, september.text


@pytest.mark.parametrize("year, held, given", [("2024", {"2024/25"}, True), ("2024", {"2023/24"}, True),
                                               ("2024", {"2022/23"}, False), ("2023/24", {"2023", "2024"}, True),
                                               ("2023/24", {"2023"}, False), ("2000", {"1999/00"}, True)])
def test_a_calendar_year_is_given_by_the_financial_years_it_falls_in(year, held, given):
    from qa.answer.periods import year_given

    assert year_given(year, held) is given


def test_a_share_for_a_band_of_ratings_is_not_one_ratings_share(derby, marlow):
    """"81% of nursing homes had been rated good or outstanding" says nothing of how many are outstanding."""
    outstanding = derby.ask("What percentage of Derby's nursing homes are rated outstanding?")
    assert outstanding.abstained and "'good or outstanding' together" in outstanding.text
    band = derby.ask("What percentage of Derby's nursing homes are rated good or outstanding?")
    assert not band.abstained and "81%" in band.text
    homes = ask(marlow, "What share of care homes were rated outstanding in 2024?", "Marlow Heath Council")
    assert homes.abstained and "not for outstanding" in homes.text
    good = ask(marlow, "What share of care homes were rated good in 2024?", "Marlow Heath Council")
    assert good.abstained and "'good or outstanding' together, not for good" in good.text
    ri = derby.ask("What percentage of Derby's nursing homes are rated requires improvement?")
    assert ri.abstained and "not for requires improvement" in ri.text
    residential = derby.ask("What percentage of Derby's residential homes are rated good?")
    assert not residential.abstained and "78%" in residential.text  # given for that rating alone
    both = ask(marlow, "What share of care homes were rated good or outstanding in 2024?", "Marlow Heath Council")
    assert not both.abstained and "85%" in both.text


def test_a_question_naming_no_council_is_answered_by_each_council_it_can_be(marlow):
    """Over several reports, a question that names no council gets each council's own answer, labelled; a
    council whose report does not say is named, never silently left out."""
    wait = marlow.ask("How long do people wait for a financial assessment?")
    assert not wait.abstained and "Marlow Heath Council: " in wait.text and "Derby City Council: " in wait.text
    assert "12 weeks" in wait.text and {c.passage.report for c in wait.citations} == {"marlow-heath", "derby-city-council"}
    for c in wait.citations:
        assert marlow.text(c.passage.source)[c.start : c.end] == c.quote
    chair = marlow.ask("Who chairs the Safeguarding Adults Board?")
    assert "Priya Oduya" in chair.text and "No sentence answering it was found in the report of Derby City Council" in chair.text
    assert {c.passage.report for c in chair.citations} == {"marlow-heath"}


def test_irregular_past_forms_read_as_their_base():
    from qa.tokens import base_forms, tokenize

    assert base_forms(tokenize("upheld written fell led paid")) == set(tokenize("uphold write fall lead pay"))


def test_a_sentence_that_restates_a_chosen_quote_is_not_quoted_again(with_report):
    """A summary's sentence and the finding it sums up say the same: the answer quotes it once."""
    marlow = marlow_with(
        with_report, ("## Theme 1: Working with people", "## Summary of strengths, areas for development and next "
                      "steps\n\nSafeguarding was a concern: there was a backlog of 640 Deprivation of Liberty "
                      "Safeguards applications awaiting assessment.\n\n## Theme 1: Working with people"),
        ("The Safeguarding Adults Board was chaired", "There was a backlog of 640 Deprivation of Liberty Safeguards "
                                                      "applications waiting for assessment.\n\nThe Safeguarding "
                                                      "Adults Board was chaired"))
    dols = ask(marlow, "What is the DoLS backlog in Marlow Heath?", "Marlow Heath Council")
    assert not dols.abstained and "640" in dols.text
    assert dols.text.count("640") == 1, dols.text


SALTMARSH = """# Saltmarsh Borough Council: local authority assessment

## Overall summary

### Local authority rating and score

Saltmarsh Borough Council

Requires improvement

### Quality statement scores

- Assessing needs
  Score: 2
- Supporting people to live healthier lives
  Score: 2
- Equity in experience and outcomes
  Score: 3
- Care provision, integration and continuity
  Score: 2
- Partnerships and communities
  Score: 3
- Safe pathways, systems and transitions
  Score: 2
- Safeguarding
  Score: 1
- Governance, management and sustainability
  Score: 2
- Learning, improvement and innovation
  Score: 2

## Summary of people's experiences

People's experiences of Saltmarsh's adult social care were mixed. People who reached the right team were well
supported. But many told us it took too long to get an assessment and that nobody rang them back.

## Summary of strengths, areas for development and next steps

Saltmarsh understood its coastal communities and worked well with community groups to reach people.

However, safeguarding was a serious concern: there was a backlog of enquiries and 610 Deprivation of Liberty
Safeguards applications were waiting for assessment.

Waiting times for assessments averaged 51 days and 40% of people were overdue a review.

Leaders were open about the challenges and had an improvement plan.
"""


def test_what_needs_to_improve_is_read_from_the_summaries_not_the_rating(derby, with_report):
    """The rating and the scores are values, not reasons: "what needs to improve" is answered by the summaries'
    shortfalls, not crowded out by the passages that state "Requires improvement"."""
    salt = with_report("saltmarsh", SALTMARSH)
    improve = salt.ask("What needs to improve in Saltmarsh?", report="saltmarsh")
    assert not improve.abstained and "improvement plan" not in improve.text, improve.text
    assert any(w in improve.text for w in ("backlog", "51 days", "too long")), improve.text
    real = derby.ask("What needs to improve in Derby?")
    assert not real.abstained and all("Requires improvement" not in c.quote for c in real.citations)
    from qa.api import _in_summary

    by_section = {p.section[-1]: _in_summary(p, None) for p in salt.index.passages if p.report == "saltmarsh"}
    assert by_section["Summary of strengths, areas for development and next steps"]
    assert by_section["Summary of people's experiences"]
    assert not by_section["Local authority rating and score"] and not by_section["Quality statement scores"]


def test_a_sentence_with_other_figures_is_no_restatement():
    from types import SimpleNamespace

    from qa.answer.answerer import _restates

    chosen = [SimpleNamespace(text="There was a backlog of 915 DoLS applications awaiting assessment in March 2023.")]
    assert _restates("There was a backlog of 915 DoLS applications waiting for assessment in March 2023.", chosen)
    assert not _restates("There was a backlog of 640 DoLS applications awaiting assessment in March 2024.", chosen)


def test_a_count_of_something_else_does_not_answer_how_many(derby, with_report):
    """"How many hubs?" is not answered by "the hubs had supported 2,400 people": that figure counts people."""
    only_people = marlow_with(with_report, ("There were 318 people", "The council's community hubs supported 2,400 "
                                            "people with advice in 2023/24.\n\nThere were 318 people"))
    none = ask(only_people, "How many community hubs does Marlow Heath have?", "Marlow Heath Council")
    assert none.abstained and "2,400" not in none.text
    both = marlow_with(with_report, ("There were 318 people", "The council's community hubs supported 2,400 people "
                                     "with advice in 2023/24.\n\nThe council ran 6 community hubs across the borough, "
                                     "each open five days a week.\n\nThere were 318 people"))
    six = ask(both, "How many community hubs does Marlow Heath have?", "Marlow Heath Council")
    assert not six.abstained and six.citations[0].quote.startswith("The council ran 6 community hubs")
    sars = derby.ask("How many Safeguarding Adults Reviews have there been in Derby?")  # "2 SARs" counts them
    assert not sars.abstained and "SARs" in sars.text


def test_a_post_needs_a_persons_name_not_an_organisations(derby, with_report):
    """"What is the name of the director?" is not answered by a sentence naming the Local Government Association:
    a post is held by a person, named by two capitalised words together that no organisation's name uses."""
    marlow = marlow_with(with_report, ("By March 2024, 64% of planned annual reviews had been completed.",
                                       "The Director of Adult Social Services in Marlow Heath worked with the Local "
                                       "Government Association on an improvement plan in 2024.\n\n"
                                       "By March 2024, 64% of planned annual reviews had been completed."))
    director = ask(marlow, "What is the name of Marlow Heath's Director of Adult Social Services?", "Marlow Heath Council")
    assert director.abstained and "gives no name" in director.text, director.text
    chair = ask(marlow, "Who chairs the Safeguarding Adults Board?", "Marlow Heath Council")
    assert not chair.abstained and "Priya Oduya" in chair.text
    real = derby.ask("What is the name of Derby's Director of Adult Social Services?")
    assert real.abstained and "gives no name" in real.text, real.text


def test_a_name_never_mentioned_is_said_whole(marlow, derby):
    answer = ask(marlow, "How much was Marlow Heath's Better Care Fund in 2023/24?", "Marlow Heath Council")
    assert answer.abstained and "never mentions Better Care Fund." in answer.text, answer.text
    # ...but not with the council's own name before it
    ofsted = ask(marlow, "Is Marlow Heath Ofsted rated?", "Marlow Heath Council")
    assert ofsted.abstained and "never mentions Ofsted." in ofsted.text, ofsted.text
    real = derby.ask("Is Derby Ofsted rated?")
    assert real.abstained and "never mentions Ofsted." in real.text, real.text


def test_how_many_people_live_there_is_asked_of_the_population(derby, with_report):
    """"live" is no word of "The population of the city is 263,490": the glossary's plain words for population
    stand for it, and a share of residents is no count of those who live there."""
    real = derby.ask("How many people live in Derby?")
    assert not real.abstained and "263,490" in real.text, real.text
    marlow = marlow_with(with_report, ("By March 2024, 64% of planned annual reviews had been completed.",
                                       "Around 14% of residents in Marlow Heath were aged over 75. Marlow Heath has a "
                                       "population of about 151,200 people.\n\n"
                                       "By March 2024, 64% of planned annual reviews had been completed."))
    made_up = ask(marlow, "How many people live in Marlow Heath?", "Marlow Heath Council")
    assert not made_up.abstained and "151,200" in made_up.citations[0].quote, made_up.text
    # "What is the population of X?" asks for that count too, not a sentence about a share of the population
    shares = marlow_with(with_report, ("By March 2024, 64% of planned annual reviews had been completed.",
                                       "Marlow Heath is a rural borough with a population of around 151,200. Two "
                                       "market towns account for a third of the population.\n\n"
                                       "By March 2024, 64% of planned annual reviews had been completed."))
    what = ask(shares, "What is the population of Marlow Heath?", "Marlow Heath Council")
    assert not what.abstained and "151,200" in what.citations[0].quote, what.text


@pytest.mark.parametrize("sentence,named", [
    ("The board is chaired by Jane Smith of Age UK Trust.", True),
    ("Safeguarding Adults Board Chair Jane Smith said the board met monthly.", True),
    ("It was chaired by Jane Smith (ISAB) who joined in 2022.", True),
    ("An improvement plan began with the Local Government Association.", False),
    ("It used Artificial Intelligence (AI) for reviews.", False),
])
def test_a_persons_name_beside_an_organisations(sentence, named):
    from qa.answer.names import gives_name

    assert gives_name(sentence, "Who chairs the safeguarding adults board?", "the board met and the chair said") is named


def test_judging_councils_as_a_whole_is_answered_with_their_ratings(marlow):
    """"Is Marlow Heath better than Derby?" names no topic: each council's overall rating answers it, cited, not a
    sentence that happens to say "better"."""
    answer = marlow.ask("Is Marlow Heath better than Derby?")
    assert answer.kind == "score" and "Marlow Heath Council was rated overall: Requires improvement" in answer.text
    assert "Derby City Council was rated overall: Requires improvement" in answer.text, answer.text
    assert {c.quote for c in answer.citations} == {"Requires improvement"}
    one = marlow.ask("is marlow heath any good")
    assert one.kind == "score" and "Requires improvement" in one.text and len(one.citations) == 1, one.text


@pytest.mark.parametrize("question,count", [("What is the population of Derby?", True), ("What's the population?", True),
                                            ("What is the population health approach in Derby?", False)])
def test_the_population_asked_is_a_count_but_population_health_is_not(question, count):
    from qa.search.figure_kind import wanted_figure

    assert (wanted_figure(question) == "count") is count


def test_a_plain_word_for_a_report_term_covers_it_in_any_of_its_forms(derby, with_report):
    """"Signed up" is the glossary's plain form of "registration registered": a sentence saying "registered"
    holds it, though the report words list two forms of one word, not two words."""
    derby_carers = derby.ask("How many unpaid carers are signed up with the carers charity?")
    assert not derby_carers.abstained and "2000 registered unpaid carers" in derby_carers.text
    fenwick = marlow_with(with_report, ("The carers' forum was led", "The carers' centre had 1,240 registered carers "
                                        "in March 2024, up from 900 a year before.\n\nThe carers' forum was led"))
    signed = ask(fenwick, "How many carers are signed up with the carers centre?", "Marlow Heath Council")
    assert not signed.abstained and "1,240 registered carers" in signed.text
    # one form of one of two different words is not both: "board" alone is no "health and wellbeing board"
    from qa.answer.coverage import holds_equivalent

    assert holds_equivalent(("registration", "register"), {"register"})
    assert not holds_equivalent(("health", "wellbeing", "board"), {"board"})
    # words that only begin alike are not one word: "authority" is no DoLS "authorisation"
    assert not holds_equivalent(("dol", "authorisation", "standard"), {"authority", "standard"})
    assert not holds_equivalent(("section", "enquiry", "conversion"), {"conversation", "section"})


def test_words_that_set_councils_side_by_side_need_not_be_in_the_answer(with_report):
    """"Derby and X each", "in Derby compared with X": how the question sets councils side by side, not what
    either report must say (each council's figure was refused for "saying nothing of 'compared'")."""
    both = marlow_with(with_report, ("The carers' forum was led", "Marlow Heath received 1,204 safeguarding "
                                     "referrals in 2023/24.\n\nThe carers' forum was led"))
    each = both.ask("How many safeguarding referrals did Derby and Marlow Heath each get?")
    assert not each.abstained and "3,931" in each.text and "1,204" in each.text, each.text
    compared = both.ask("How long do people wait for a needs assessment in Marlow Heath compared with Derby?")
    assert "41 days" in compared.text and "says nothing of 'compared'" not in compared.text, compared.text


def test_a_care_home_is_no_home_care(derby, marlow):
    """"What does it pay care homes an hour?" is not answered by the hourly rate for home care (each word of the
    question is in that sentence); home care's own question still is."""
    homes = ask(marlow, "What does Marlow Heath pay care homes per hour?", "Marlow Heath Council")
    assert homes.abstained and "no figure for care homes" in homes.text, homes.text
    home_care = ask(marlow, "What does Marlow Heath pay home care providers per hour?", "Marlow Heath Council")
    assert not home_care.abstained and "£24.10" in home_care.text, home_care.text
    agencies = derby.ask("What percentage of home care agencies in Derby are rated good or outstanding?")
    assert agencies.abstained, agencies.text  # the report gives nursing and residential homes' ratings only
    # "an hour" asks for a rate as "per hour" does: the same check, not a home care figure quoted for care homes
    an_hour = ask(marlow, "What does Marlow Heath pay care homes an hour?", "Marlow Heath Council")
    assert an_hour.abstained and "no figure for care homes" in an_hour.text, an_hour.text
    home_care = ask(marlow, "What does Marlow Heath pay home care providers an hour?", "Marlow Heath Council")
    assert not home_care.abstained and "£24.10" in home_care.text, home_care.text


@pytest.mark.parametrize("question,kind", [
    ("What does the council pay care homes an hour?", "money"), ("How much does it charge a week for respite?", "money"),
    ("How do people pay for their care?", None), ("What was the median wait in December 2022?", "duration"),
    ("What is the wait for an occupational therapy assessment?", "duration"),
    ("Which council has shorter waits for assessments?", "duration"), ("What is the waiting list like?", None)])
def test_a_rate_by_the_hour_and_a_median_wait_are_figure_questions(question, kind):
    from qa.search.figure_kind import wanted_figure

    assert wanted_figure(question) == kind


def test_a_month_of_a_year_the_report_does_not_give_is_not_answered_with_other_years(derby, marlow):
    """"The median wait in December 2022" was answered with December 2024's and 2023's figures: "median" was not
    read as asking for a wait, so no year check ran."""
    median = ask(marlow, "What was the median wait for a needs assessment in Marlow Heath in March 2021?",
                 "Marlow Heath Council")
    assert median.abstained and "2021" in median.text, median.text
    given = ask(marlow, "What was the mean wait for a needs assessment in March 2024?", "Marlow Heath Council")
    assert not given.abstained and "41 days" in given.text, given.text
    derby_median = derby.ask("What was the median wait for a community support assessment in 2019?")
    assert derby_median.abstained and "2019" in derby_median.text, derby_median.text


def test_the_longest_wait_between_councils_is_each_councils_wait(with_report):
    """"Which council has the longest wait for assessments?" sets councils against each other: each council's wait
    answers, its average too (a new user's three reports: two were refused as giving "an average, not the
    longest"). Asked of one council, "the longest wait" is still no average."""
    both = with_report("marlow-heath", MARLOW)
    longest = both.ask("Which council has the longest wait for a needs assessment?")
    assert not longest.abstained and "41 days" in longest.text, longest.text
    assert "an average, not the longest" not in longest.text, longest.text
    one = ask(both, "What was the longest wait for a needs assessment?", "Marlow Heath Council")
    assert one.abstained and "an average, not the longest" in one.text, one.text


def test_the_readers_own_relative_and_already_are_no_content(derby, marlow):
    """"My dad needs a carers' assessment, how many carers are already waiting?" was refused for "saying nothing
    of 'dad', 'already'": whom the reader asks for, and when, are no part of the fact asked."""
    dad = ask(marlow, "My dad is on the list, how many people are already waiting for an occupational therapy visit "
                      "in Marlow Heath?", "Marlow Heath Council")
    assert not dad.abstained and "318" in dad.text, dad.text
    from qa.answer.coverage import content_terms

    asked = derby.understand("How many dads are unpaid carers?")
    assert any(t.startswith("dad") for t in content_terms(asked)), content_terms(asked)  # no "my": a word as any other
    mine = derby.understand("Hi, my mum is waiting - how many people are already waiting for an assessment?")
    assert not {"mum", "already", "hi"} & set(content_terms(mine)), content_terms(mine)


def test_which_council_has_lower_waits_needs_no_sentence_saying_lower(with_report):
    """"Which council has lower waiting times?" was refused for every council ("says nothing of 'lower'"): between
    councils, a comparative and the word "council" set them against each other; each council's figure answers."""
    both = with_report("marlow-heath", MARLOW)
    lower = both.ask("Which council has lower waiting times for assessments?")
    assert not lower.abstained and lower.extras["not_found"] == [], lower.text  # a wait from each council
    assert ("41 days" in lower.text or "12 weeks" in lower.text) and "30.9 days" in lower.text, lower.text
    from qa.answer.coverage import between_councils

    assert between_councils("Which council has lower waiting times?")
    assert not between_councils("Are waiting times lower in Marlow Heath?")  # one council: its words as they are
    assert not between_councils("What do councils say about hospital discharge?")
    assert not between_councils("Which area has the longest waits?")  # within one report: still the longest
    assert not between_councils("Which of the council's plans are still drafts?")
    assert between_councils("Which of the councils has the longest wait?")


@pytest.mark.parametrize("question,kind", [("How many people does the council pay to get 4 visits a day?", "count"),
                                           ("Who is in charge of safeguarding on a day-to-day basis?", None),
                                           ("What happened in the mean time?", None),
                                           ("What does the council charge a week for respite?", "money")])
def test_a_rate_by_the_hour_is_read_only_next_to_the_paying(question, kind):
    from qa.search.figure_kind import wanted_figure

    assert wanted_figure(question) == kind


def test_only_the_readers_own_relative_is_framing(derby):
    from qa.answer.coverage import content_terms

    theirs = derby.understand("How do councils share information with their partners?")
    assert any(t.startswith("partner") for t in content_terms(theirs)), content_terms(theirs)


def test_a_council_named_with_the_wrong_kind_is_still_that_council(marlow):
    """"Marlow Heath Borough Council" for Marlow Heath Council: "it never mentions Borough Council" was the
    answer; a kind of council is no topic. Another council's whole name is still said to be missing."""
    kind = marlow.ask("What did Marlow Heath Borough Council score for safeguarding?")
    assert not kind.abstained and "Safeguarding: 3" in kind.text and "never mentions" not in kind.text, kind.text
    assert kind.citations[0].passage.report == "marlow-heath"
    leeds = marlow.ask("What did Leeds City Council score for safeguarding?")
    assert "no report for Leeds" in leeds.text, leeds.text
    hospital = marlow.ask("How long do patients wait to leave County Hospital in Marlow Heath?")
    assert hospital.abstained and "County Hospital" in hospital.text, hospital.text  # a hospital's name is a topic


def test_every_figure_quoted_covers_the_question(with_report):
    """"If I ask for a carer's assessment, how long will I be waiting?" added the wait for the cared-for person's
    own assessment beside the carers' (a new user's trial): a second figure is quoted only if it too answers."""
    both = marlow_with(with_report, ("The average wait for a needs assessment in Marlow Heath was 41 days in March "
                                     "2024.", "There were 147 carers waiting for an assessment, and the average wait "
                                     "was 54 days. The median wait for an assessment was 41 days, and the longest "
                                     "wait was 96 days."))
    carers = ask(both, "If I ask Marlow Heath for a carer's assessment, how long will I be waiting?",
                 "Marlow Heath Council")
    assert not carers.abstained and "54 days" in carers.text and "96 days" not in carers.text, carers.text
    derby = both.ask("What percentage of carers in Derby were overdue a review?")  # not all cases' overdue share
    assert "47.98%" in derby.text and "42.11%" not in derby.text, derby.text
    everyone = ask(both, "What is the longest wait for an assessment in Marlow Heath?", "Marlow Heath Council")
    assert not everyone.abstained and "96 days" in everyone.citations[0].quote, everyone.text


def test_how_a_question_asks_decides_over_money_words_on_the_real_report(derby):
    # "personal budget" is a thing, not a sum asked for: "how are they expected to pay?" asks the way of it
    a = derby.ask("When people get a personal budget, how are they expected to pay for services?")
    assert not a.abstained and "prepayment card" in a.text, a.text


def test_how_a_question_asks_decides_over_money_words_on_a_made_up_report(with_report):
    marlow = marlow_with(with_report, ("By March 2024, 64%", "In March 2024, 1,204 people had a personal budget. "
                                       "Funding decisions for new care packages took 19 days on average. By March 2024, 64%"))
    count = ask(marlow, "How many people have a personal budget in Marlow Heath?", "Marlow Heath Council")
    assert not count.abstained and "1,204" in count.text, count.text
    wait = ask(marlow, "How long do people wait for funding decisions in Marlow Heath?", "Marlow Heath Council")
    assert not wait.abstained and "19 days" in wait.text, wait.text


FENMOOR = """# Fenmoor Council: local authority assessment

Date of publication: 2 June 2025

## Local authority rating and score

Fenmoor Council

Good

## Theme 4: Leadership

### Governance, management and sustainability

#### Score: 3

3 - Evidence shows a good standard

#### Key findings for this quality statement

The council's adult social care strategy, Living Better in Fenmoor 2024-2029, was co-produced with people who used services.

The Fenmoor Safeguarding Adults Board was well established. Its independent chair, Olu Bankole, told us that the council was a committed partner which challenged itself and others. Learning from reviews was shared with frontline staff.
"""


def test_who_holds_a_post_is_named_though_a_nearer_sentence_names_something_else(with_report):
    # a new user's report: the strategy's name was the nearest name and refused as no chair's; the chair's own
    # sentence says "Its independent chair", the board named in the sentence before
    fenmoor = with_report("fenmoor", FENMOOR)
    answer = ask(fenmoor, "Who chairs the Fenmoor Safeguarding Adults Board?", "Fenmoor Council")
    assert not answer.abstained and "Olu Bankole" in answer.text, answer.text
    assert "Living Better" not in answer.text  # no other post's holder nor a strategy's name beside it


def test_a_backlog_is_those_waiting_and_a_count_received_is_no_count_waiting(derby, with_report):
    # a new user's report: "the backlog" was refused as "no figure of those overdue" beside "930 ... applications
    # waiting to be assessed"; "how many concerns did it receive?" was answered with the 212 waiting for triage
    marlow = marlow_with(with_report, ("By March 2024, 64%", "There were 930 Deprivation of Liberty Safeguards "
                                       "applications waiting to be assessed, and the oldest had been waiting for 14 "
                                       "months. At the time of our assessment, 212 safeguarding concerns were "
                                       "waiting to be triaged. By March 2024, 64%"))
    backlog = ask(marlow, "How big was the Deprivation of Liberty Safeguards backlog in Marlow Heath?",
                  "Marlow Heath Council")
    assert not backlog.abstained and "930" in backlog.text, backlog.text
    received = ask(marlow, "How many safeguarding concerns did Marlow Heath receive in the year?", "Marlow Heath Council")
    assert received.abstained and "received" in received.text and "212" not in received.text, received.text
    waiting = ask(marlow, "How many safeguarding concerns were waiting to be triaged in Marlow Heath?",
                  "Marlow Heath Council")
    assert not waiting.abstained and "212" in waiting.text, waiting.text
    # a count the sentence says was received answers, on the real report
    applications = derby.ask("How many DoLS applications did Derby receive in 2023/24?")
    assert not applications.abstained and "1094" in applications.text, applications.text


def test_a_figure_given_of_this_counts_what_its_paragraph_named(derby, with_report):
    # "... by the time of our site visit this had reduced to 252": refused as "no count of applications"
    real = derby.ask("How many DoLS applications were awaiting assessment in Derby by the time of the site visit?")
    assert not real.abstained and "252" in real.text, real.text
    marlow = marlow_with(with_report, ("By March 2024, 64%", "The council had a high backlog in the number of "
                                       "Deprivation of Liberty Safeguards applications awaiting assessment. This stood "
                                       "at over 500 in 2023. Extra assessors were hired in the spring, so that by the "
                                       "time of our site visit this had reduced to 187. By March 2024, 64%"))
    made_up = ask(marlow, "How many Deprivation of Liberty Safeguards applications were awaiting assessment in Marlow "
                          "Heath by the time of the site visit?", "Marlow Heath Council")
    assert not made_up.abstained and "187" in made_up.text, made_up.text


@pytest.mark.parametrize("question, second", [
    ("How many people were waiting for an assessment, and what was the median wait?", "duration"),
    ("How many DoLS applications were waiting, and how long had the oldest waited?", "duration"),
    ("How many complaints were received and what share were upheld?", "percent"),
    ("How long do people wait and why?", None),
    ("How many people were waiting and how many were reviewed?", None),  # the same kind: one figure question
    ("What share of carers were satisfied, and how does that compare with England?", None),
])
def test_a_second_figure_asked_is_read_from_the_second_part(question, second):
    from qa.search.figure_kind import second_figure

    assert second_figure(question) == second


def test_both_figures_of_a_two_part_question_are_quoted(with_report):
    # a new user's "how many were waiting ... and what was the median wait?" got the count alone, the median in
    # the next sentence
    marlow = marlow_with(with_report, ("By March 2024, 64%", "In March 2024, 410 people were waiting for a needs "
                                       "assessment. The median wait was 38 days, and the longest 160 days.\n\n"
                                       "Reviews took 21 days on average. By March 2024, 64%"))
    answer = ask(marlow, "How many people were waiting for a needs assessment in Marlow Heath, and what was the "
                         "median wait?", "Marlow Heath Council")
    assert not answer.abstained and "410" in answer.text and "38 days" in answer.text, answer.text
    assert "21 days" not in answer.text  # another paragraph's figure is of something else


WESTBROOK = """# Westbrook Council: local authority assessment

Date of publication: 9 May 2025

## Local authority rating and score

Westbrook Council

Requires improvement

## Summary of findings

Westbrook is a coastal council with a growing older population.

Areas for development included:

- The council must shorten the queue for Care Act assessments and keep in touch with people while they wait.
- Carers' assessments were slow to arrange and carers found advice hard to locate.
- Fewer people took a direct payment than in similar areas.
- Leaders lacked timely data about the risks people faced while waiting.

Strengths included:

- The hospital discharge team worked closely with the local hospital to get people home quickly.
- Community groups were funded for three years at a time, which let them plan ahead.

## Theme 1: Working with people

### Assessing needs

#### Score: 2

2 - Evidence shows some shortfalls

People waited a long time for an assessment, and some had to chase the council for news.
"""


@pytest.mark.parametrize("lead, bullet", [("Areas for development included:", "-"),
                                          ("The main areas for development were:", "\u25cf")])
def test_a_list_led_by_its_label_answers_in_its_own_order(with_report, lead, bullet):
    # a new user's report: "Areas for development included:" then five items; "What does it need to improve?"
    # quoted three of them and dropped the first ("The council must ..." sounds like no shortfall); a review: a
    # lead that names the label later in its line, and "●" items as PDF text has them
    report = WESTBROOK.replace("Areas for development included:", lead).replace("\n- ", f"\n{bullet} ")
    westbrook = with_report("westbrook", report)
    improve = ask(westbrook, "What does Westbrook need to improve?", "Westbrook Council")
    items = ["must shorten the queue", "slow to arrange", "Fewer people took", "Leaders lacked"]
    at = [improve.text.find(item) for item in items]
    assert -1 not in at and at == sorted(at), improve.text  # every item, in the list's order
    assert "discharge team" not in improve.text and "three years" not in improve.text
    well = ask(westbrook, "What went well in Westbrook?", "Westbrook Council")
    assert "discharge team" in well.text and "three years" in well.text, well.text
    assert "must shorten" not in well.text


@pytest.mark.parametrize("text, reason", [
    ("The adult social care budget was under pressure, with an overspend of £3.1 million.", "improve"),
    ("Performance data was unreliable, so leaders could not see risks.", "improve"),
    ("It was less clear how data shaped the strategy.", "improve"),
    ("A liaison worker for Gypsy and Traveller families was an exceptional example of outreach.", "strengths"),
    ("The sign language video service was innovative and valued by Deaf residents.", "strengths"),
    # a review: a strength word denied is a shortfall; praise that "should be shared" is no thing to improve
    ("Quality assurance was not robust, and leaders were not proactive.", "improve"),
    ("Partners said it was a strong model and its approach should be shared.", "strengths"),
])
def test_inspection_words_for_a_shortfall_or_a_strength(text, reason):
    # a new user's "why was governance scored 2?" gave one reason of three: an overspend and unreliable data said
    # nothing that read as a shortfall; "why 4 for equity?" left out what the report called exceptional
    from qa.answer.choose import gives_reason

    other = {"improve": "strengths", "strengths": "improve"}[reason]
    assert gives_reason(reason, text) and not gives_reason(other, text)


@pytest.mark.parametrize("text", ["People were less isolated after joining the group.",
                                  "People with poor mental health were supported into paid work."])
def test_an_improvement_or_a_persons_circumstance_is_no_shortfall(text):
    from qa.answer.choose import gives_reason

    assert not gives_reason("improve", text)


def test_a_statements_shortfalls_in_inspection_words_explain_its_score(with_report):
    report = WESTBROOK + """
## Theme 4: Leadership

### Governance, management and sustainability

#### Score: 2

2 - Evidence shows some shortfalls

The director had been in post for a year and staff spoke well of her.

Performance data was unreliable, and waiting figures were gathered by hand each month.

The adult social care budget was under pressure, with an overspend of £3.1 million in 2024/25.
"""
    westbrook = with_report("westbrook", report)
    answer = ask(westbrook, "Why was Westbrook's governance, management and sustainability scored 2?",
                 "Westbrook Council")
    assert "unreliable" in answer.text and "overspend" in answer.text, answer.text


def test_an_equivalent_is_held_by_its_own_words_not_the_questions_other_words():
    # "the safeguarding backlog" held two of the DoLS group's words, "safeguard" and "backlog" (the question's own
    # word): a new user's "What was the DoLS backlog?" was answered with the backlog of safeguarding concerns
    from qa.answer.coverage import coverage
    from qa.answer.names import speaks_of
    from qa.search.query import parse_query

    query = parse_query("What was the DoLS backlog in Marlow Heath?", {}, {})
    other = "Partners had no clear assurance about the council's safeguarding backlog."
    own = "There were 930 Deprivation of Liberty Safeguards applications waiting to be assessed."
    assert not speaks_of(other, "DoLS", query, ()) and speaks_of(own, "DoLS", query, ())
    assert "dol" in coverage(query, other, {}).missing and "dol" not in coverage(query, own, {}).missing


@pytest.mark.parametrize("question, sentence, state", [
    ("How many concerns did it receive?", "212 safeguarding concerns were waiting to be triaged, and some had been "
                                          "waiting for more than six weeks.", "waiting"),
    # a review's and a journalist's: a count beside no state is no stock ("4,100 ... in 2023/24"; "260 ... had not
    # been screened")
    ("How many concerns did it receive?", "There were 4,100 safeguarding concerns in 2023/24, and 212 were awaiting "
                                          "triage.", None),
    ("How many concerns did it receive, and how many had not been screened?",
     "At the time of our assessment 260 safeguarding concerns had not been screened, and some had been waiting for "
     "more than three months.", None),
    ("How many complaints were made that are now overdue?", "30 complaints were overdue.", None),
])
def test_a_stock_for_a_flow_is_each_count_said_to_wait(question, sentence, state):
    from qa.answer.things import stock_for_flow

    assert stock_for_flow(question, sentence) == state


@pytest.mark.parametrize("question, kinds", [
    ("What was the overspend in 2024/25, and how many people were affected?", ("money", "count")),
    ("How many people received direct payments, and what percentage was that?", ("count", "percent")),
    ("How quickly are concerns triaged, and how many are there?", ("duration", "count")),
    ("How long do people wait?", ("duration", None)),
])
def test_a_two_part_questions_first_part_leads(question, kinds):
    # a review: the first figure was read from the whole question, so "how many ..." after "and" won over it
    from qa.search.figure_kind import figure_kinds

    assert figure_kinds(question) == kinds


@pytest.mark.parametrize("sentence", ["this figure had reduced to 187", "this had fallen to 187",
                                      "this has since reduced to 187", "this was down to 187"])
def test_a_figure_of_this_however_worded(sentence):
    from qa.answer.things import refers_back

    assert refers_back(f"Extra assessors were hired, and by the time of our site visit {sentence}.")


def test_a_second_figure_is_of_the_second_parts_own_thing(with_report):
    # a review: the first part was met by the next sentence's words, and "21 days on average" of reviews was
    # quoted as the wait for an assessment
    marlow = marlow_with(with_report, ("By March 2024, 64%", "In March 2024, 410 people were waiting for an "
                                       "occupational therapy visit. Care Act reviews took 21 days on average. "
                                       "By March 2024, 64%"))
    other = ask(marlow, "How many people were waiting for a needs assessment in Marlow Heath, and what was the "
                        "average wait?", "Marlow Heath Council")
    assert "21 days" not in other.text, other.text
    alone = ask(marlow, "How many people were waiting for a needs assessment in Marlow Heath?", "Marlow Heath Council")
    assert other.abstained == alone.abstained  # the second part's words do not widen what answers the first
