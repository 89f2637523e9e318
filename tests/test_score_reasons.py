""""Why was safeguarding rated 2?" is answered with the score, then the statement's own reasons: sentences of that
statement's findings that say what fell short (what went well, for a good score), not any sentence that shares
the statement's name. On the real report and on a made-up council's report written here."""

from __future__ import annotations

import re

import pytest
from asking import ask_council

# the test's own reading of a shortfall, written apart from the code's cue list
PRAISE = re.compile(r"\b(?:strong|notable|positive\w*|good|well|success\w*|commit\w*|progress|clear|effective)\b", re.I)
SHORTFALL = re.compile(r"\b(?:lack|not|no|need to|gaps?|wait\w*|backlogs?|needed|limited|concerns?|delays?|slow|unclear|"
                       r"struggl\w*|difficult|required|draft|hard|didn't|unable|challenges?)\b", re.I)

HOLLOWAY = """# Holloway Marsh Council: local authority assessment

Assessment published: 2 April 2025

## Local authority rating and score

Holloway Marsh Council

Requires improvement

## Summary of people's experiences

Carers in Holloway Marsh told us they felt let down by slow replies from the council.

People who used home care said their care workers were kind and reliable.

## Summary of strengths, areas for development and next steps

Holloway Marsh had a long waiting list for occupational therapy assessments, with some people waiting eight months.

The council's carers strategy was still in draft and carers said support was hard to find.

Staff across Holloway Marsh spoke positively about their managers and the training on offer.

## Theme 3: Ensuring safety within the system

### Safeguarding

#### Score: 2

2 - Evidence shows some shortfalls

#### Key findings for this quality statement

The safeguarding team in Holloway Marsh answered urgent calls from the police within the same working day.

Section 42 enquiries in Holloway Marsh had a backlog of 412 cases, and some people waited five months for a decision.

Safeguarding in Holloway Marsh was a priority, with a strong commitment from leaders to reduce the safeguarding backlog and notable progress.

Safeguarding leaders held a monthly meeting with the hospital trust to share learning from incidents.

Partners said there was a lack of feedback to them once a safeguarding concern had been raised.

Carers said the safeguarding team had helped them quickly when they raised a worry about a neighbour.

### Partnerships and communities

#### Score: 3

3 - Evidence shows a good standard

#### Key findings for this quality statement

Holloway Marsh worked well with the voluntary sector, and partners described the council as an open and reliable partner.

There was a gap in joint planning with the mental health trust, which had been slow to agree a shared budget.
"""


@pytest.fixture(scope="module")
def holloway(with_report):
    return with_report("holloway-marsh", HOLLOWAY)


def _reasons(answer, statement: str):
    score, *reasons = answer.citations
    assert statement in " ".join(score.passage.section) or statement in score.quote, score
    return reasons


@pytest.mark.parametrize("question", ["Why was safeguarding in Holloway Marsh rated 2?",
                                      "Why did Holloway Marsh only get a 2 for safeguarding?",
                                      "What did Holloway Marsh score for safeguarding and why?"])  # why at the end
def test_a_low_score_is_explained_by_its_statements_shortfalls_on_a_made_up_report(holloway, question):
    answer = holloway.ask(question)
    assert answer.text.startswith("Safeguarding: 2"), answer.text
    reasons = _reasons(answer, "Safeguarding")
    assert reasons, answer.text
    for c in reasons:
        assert "Safeguarding" in c.passage.section, c  # not the other statement's gap
        assert SHORTFALL.search(c.quote), c.quote  # what fell short, not the good news
    assert any("backlog of 412 cases" in c.quote or "lack of feedback" in c.quote for c in reasons), answer.text


def test_a_good_score_named_by_its_value_is_a_score_question(holloway):
    answer = holloway.ask("Why did partnerships and communities get a 3 in Holloway Marsh?")
    assert answer.text.startswith("Partnerships and communities: 3"), answer.text
    reasons = _reasons(answer, "Partnerships and communities")
    assert any("worked well with the voluntary sector" in c.quote for c in reasons), answer.text


@pytest.mark.parametrize("question,statement", [
    ("Why was Supporting people to lead healthier lives scored 2?", "Supporting people to live healthier lives"),
    ("Why did Assessing needs only get a score of 2?", "Assessing needs"),
    ("why did learning, improvement and innovation get 2", "Learning, improvement and innovation"),
])
def test_a_low_score_is_explained_by_its_statements_shortfalls_on_the_real_report(derby_assistant, question,
                                                                                   statement):
    answer = derby_assistant.ask(question)
    assert answer.text.startswith(f"{statement}: 2"), answer.text
    reasons = _reasons(answer, statement)
    assert reasons, answer.text
    for c in reasons:
        assert SHORTFALL.search(c.quote), c.quote


@pytest.mark.parametrize("question", ["Why was safeguarding in Holloway Marsh rated 2?", None])
def test_what_fell_short_comes_before_a_sentence_that_also_praises(holloway, derby_assistant, question):
    """"a strong commitment to clearing the backlog" names a shortfall, but as progress: for a score showing
    shortfalls, sentences that only say what fell short are quoted first."""
    answer = holloway.ask(question) if question else derby_assistant.ask("Why did safeguarding score 2?")
    first = _reasons(answer, "Safeguarding")[0]
    assert SHORTFALL.search(first.quote) and not PRAISE.search(first.quote), answer.text


@pytest.mark.parametrize("question,council", [("Why was Holloway Marsh rated requires improvement?", "holloway"),
                                              ("Why was Derby rated requires improvement?", "derby")])
def test_the_overall_rating_is_explained_by_the_reports_own_summary(holloway, derby_assistant, question, council):
    """Every passage shares "the council" and "rated": the reasons for the overall rating are in the report's
    summary of strengths and areas for development (or of people's experiences), and say what fell short."""
    answer = (holloway if council == "holloway" else derby_assistant).ask(question)
    assert answer.text.split(" [1]")[0].endswith("Requires improvement"), answer.text
    reasons = answer.citations[1:]
    assert reasons, answer.text
    for c in reasons:
        assert any(re.search(r"summary of (strengths|people)", h, re.I) for h in c.passage.section), c
        assert SHORTFALL.search(c.quote), c.quote
    if council == "holloway":
        assert any("waiting list for occupational therapy" in c.quote for c in reasons), answer.text


@pytest.mark.parametrize("question,wanted", [
    ("What is Holloway Marsh good at?", PRAISE),
    ("What does Holloway Marsh need to improve?", SHORTFALL),
    ("What are the strengths of Derby City Council?", PRAISE),
    ("What are Derby's main areas for development?", SHORTFALL),
])
def test_what_went_well_or_needs_to_improve_overall_comes_from_the_summary(holloway, derby_assistant, question,
                                                                             wanted):
    """No topic named: the council as a whole, as the report's summary of strengths and areas for development
    (or of people's experiences) sums it up, in sentences that say what went well or fell short."""
    answer = (holloway if "Holloway" in question else derby_assistant).ask(question)
    assert not answer.abstained and answer.citations, answer.text
    for c in answer.citations:
        assert any(re.search(r"summary of (strengths|people)", h, re.I) for h in c.passage.section), c
        assert wanted.search(c.quote), c.quote


@pytest.mark.parametrize("question,whole", [
    ("What is the council good at?", True), ("Did Derby do well at anything?", True),
    ("What are the weaknesses of the council overall?", True),
    ("What does the council need to fix in occupational therapy?", False),
    ("What has Derby done well to reduce inequalities?", False), ("Why was safeguarding rated 2?", False),
    ("What do carers say about the council?", True), ("What do carers think of respite?", False),
    # the field itself ("adult social care"), the assessment and a reader's fillers name no topic
    ("What is Derby doing well in adult social care?", True), ("What did the inspectors find the council good at?", True),
    ("What is the council really doing well on home care?", False),
])
def test_a_reason_question_names_a_topic_or_asks_about_the_whole_council(derby_assistant, question, whole):
    assert derby_assistant.understand(question).whole is whole


@pytest.mark.parametrize("question", ["What do carers think of Holloway Marsh Council?",
                                      "What do unpaid carers think of Derby City Council?"])
def test_what_a_group_thinks_of_the_council_comes_from_the_summary_of_peoples_experiences(holloway, derby_assistant,
                                                                                          question):
    answer = (holloway if "Holloway" in question else derby_assistant).ask(question)
    assert not answer.abstained and answer.citations, answer.text
    assert all(any(re.search(r"summary of (people|strengths)", h, re.I) for h in c.passage.section)
               for c in answer.citations), answer.text
    assert re.search(r"\bcarers\b", answer.citations[0].quote, re.I), answer.text


def test_a_web_page_reports_summary_answers_what_people_think(tmp_path_factory, built_index):
    """The same rule on CQC's web-page layout (a saved summary page with the site's chrome, in a folder of pages):
    the summary of people's experiences is found by its heading there too."""
    from formats_fixtures import html_page, whole_text
    from qa.api import Assistant

    settings = built_index.copy_to(tmp_path_factory.mktemp("web-layout"))
    text = whole_text("Brackenfold Council", "Good", (3, 3, 2, 3, 3, 2, 3, 3, 3), "Assessment published: 3 March 2025",
                      None)
    (settings.corpus / "brackenfold-council.html").write_text(html_page(text, "Brackenfold"), encoding="utf-8")
    assistant = Assistant.open(corpus=settings.corpus, index=settings.index)
    answer = assistant.ask("What do people think of Brackenfold Council?")
    assert answer.citations and answer.citations[0].passage.source == "brackenfold-council.html", answer.text
    assert any("experiences" in h for h in answer.citations[0].passage.section), answer.citations[0]
    assert "told us that staff listened to them" in answer.citations[0].quote, answer.text


KESTREL = """# Kestrel Moor Council: local authority assessment

Assessment published: 9 May 2025

## Local authority rating and score

Kestrel Moor Council

Good

## Summary of people's experiences

Most people we heard from told us that their social worker listened and explained their choices.

## Summary of strengths, areas for development and next steps

The council had strong links with its hospices, and the moorland link workers were a real strength.

The council also needed to learn faster from complaints and from people's feedback about home care.

## Theme 3: How Kestrel Moor Council ensures safety within the system

### Safeguarding

#### Score: 1

1 - Evidence shows significant shortfalls

#### Key findings for this quality statement

There were 287 safeguarding concerns awaiting triage on the day of our visit, some for over 80 days.

The council could not show that people on the safeguarding waiting list were kept safe while they waited.

Staff said they rarely had time to ask people what outcome they wanted from a safeguarding enquiry.
"""


@pytest.fixture(scope="module")
def kestrel(with_report):
    return with_report("kestrel-moor", KESTREL)


def _kestrel(assistant, question):
    return ask_council(assistant, "Kestrel Moor Council", question)


def test_a_good_rating_is_explained_by_what_went_well_however_the_rating_is_capitalised(kestrel):
    answer = _kestrel(kestrel, "Why was the council rated Good?")
    assert answer.text.startswith("Kestrel Moor Council was rated overall: Good [1].")
    reasons = [c.quote for c in answer.citations[1:]]
    assert reasons and all(PRAISE.search(q) for q in reasons), reasons
    assert not any("learn faster" in q for q in reasons)  # an area for development is no reason for a Good


def test_a_score_of_1_gets_its_few_closest_shortfalls_worded_any_way(kestrel):
    answer = _kestrel(kestrel, "Why was safeguarding rated 1?")
    reasons = [c.quote for c in answer.citations[1:]]
    assert 2 <= len(reasons) <= 3 and all("Safeguarding" in " ".join(c.passage.section)
                                           for c in answer.citations[1:]), reasons


def test_what_people_say_is_their_own_feedback_not_a_finding_that_names_it(kestrel):
    answer = _kestrel(kestrel, "What did people say about the council?")
    assert not answer.abstained and answer.citations[0].quote.startswith("Most people we heard from told us")
    assert not any("learn faster" in c.quote for c in answer.citations)


GLENHOLM = """# Glenholm Council: local authority assessment

Assessment published: 5 May 2025

## Local authority rating and score

Glenholm Council

Inadequate

## Summary of people's experiences

People in Glenholm told us they struggled to reach the duty team by phone.

## Summary of strengths, areas for development and next steps

Strengths: staff were committed, and a rural home care pilot had begun with the voluntary sector.

Areas for development: almost every service needs improvement, particularly waiting lists for assessments.

## Theme 1: How Glenholm Council works with people

### Assessing needs

#### Score: 1

1 - Evidence shows significant shortfalls

People in Glenholm waited 190 days on average for a Care Act assessment.
"""


def test_a_ratings_reasons_are_the_reports_own_list_whole(with_report):
    """A new user's "Why was it rated Outstanding?" got one of the five items of its summary's "Strengths
    included:" list."""
    items = ["assessments were completed quickly, with a median wait of 9 days",
             "the home care market had capacity and nobody waited for a package",
             "safeguarding enquiries were thorough and kept people at the centre",
             "leaders were visible and the budget was balanced",
             "stable, permanent leadership"]  # an item of three words is an item (a new user's fourth of five was lost)
    report = GLENHOLM.replace("Inadequate", "Outstanding").replace(
        "Strengths: staff were committed, and a rural home care pilot had begun with the voluntary sector.",
        "Strengths included:\n\n" + "\n".join(f"- {item}" for item in items))
    answer = with_report("glenholm", report).ask("Why was Glenholm rated Outstanding?")
    assert answer.citations[0].quote == "Outstanding"
    assert [c.quote for c in answer.citations[1:]] == items, answer.text


@pytest.mark.parametrize("question,label", [("What needs to improve in Glenholm?", "Areas for development:"),
                                            ("What is Glenholm good at?", "Strengths:")])
def test_a_sentence_the_report_labels_is_of_its_labels_kind(with_report, question, label):
    """"Areas for development: ... needs improvement ..." holds a word of praise ("improvement") and one of
    shortfall: the report's own label says which it is."""
    answer = with_report("glenholm", GLENHOLM).ask(question)
    assert not answer.abstained and answer.citations[0].quote.startswith(label), answer.text
    other = "Strengths:" if label != "Strengths:" else "Areas for development:"
    assert not any(c.quote.startswith(other) for c in answer.citations), answer.text


@pytest.mark.parametrize("reason,sentence,gives", [
    ("strengths", "Staff said the team had improved its response times.", True),
    ("strengths", "Leaders accepted the need for improvement in how reviews were tracked.", False),
    ("strengths", "The duty service needed improvement and was slow to answer calls.", False),
    ("strengths", "Further improvement was expected once the new system was in place.", False),
    ("strengths", "The council had further improved its front door since 2023.", True),
    ("strengths", "There was room for improvement in how reviews were tracked.", False),
    ("improve", "Strengths & areas for development: waiting lists for assessments were too long.", True),
    ("improve", "Strengths/areas for development: waiting lists for assessments were too long.", True),
    ("improve", "The duty service needed improvement and was slow to answer calls.", True),
    # a label naming both kinds is no label: its own words decide
    ("improve", "Strengths and areas for development: waiting lists for assessments were too long.", True),
    ("strengths", "Areas for development and strengths: the reablement service was effective.", True),
    ("strengths", "Strengths: a stable workforce and a good reablement offer.", True),
    # people waiting are a shortfall however plainly put (a new user's "why 2 for assessing needs?" got none)
    ("improve", "At the time of our assessment, 812 people were waiting for a Care Act assessment.", True),
    ("improve", "The median wait was 38 days and the longest wait was 240 days.", True),
    ("improve", "Some carers had waited more than six months for a review.", True),
    ("improve", "The team answered calls promptly and kept people informed.", False),
    # "safeguarding concerns" are referrals, not worries (a new user's "why 1 for safeguarding?" quoted a count)
    ("improve", "The council received 3,100 safeguarding concerns in 2023/24.", False),
    ("improve", "Partners raised concerns about how long enquiries took.", True),
    # an improvement board or plan answers failings (a new user's "What were its strengths?" led with one)
    ("strengths", "In May 2024 the council set up an improvement board chaired by an independent adviser.", False),
    ("strengths", "The improvement plan was agreed with the regional partnership.", False),
    ("strengths", "Staff described real improvements in supervision since 2023.", True),
    ("strengths", "Leaders were open about the challenges and had a plan to meet them.", True),
])
def test_what_a_sentence_gives_as_reason(reason, sentence, gives):
    """"need for improvement" is no praise, and "Strengths and areas for development ..." no strength."""
    from qa.answer.choose import gives_reason

    assert gives_reason(reason, sentence) is gives


ASHCOMBE = """# Ashcombe Council: local authority assessment

## Local authority rating and score

Ashcombe Council

Requires improvement

## Summary of strengths, areas for development and next steps

The council had a settled leadership team and staff described a supportive culture. People no longer had to wait
for equipment, and staff did not need to chase the store.

However, there were serious concerns about reviews. At the time of our assessment 812 people were waiting for an
annual review, some for more than two years. The local authority needed to clear this list and check on the people
waiting longest.

The local authority also needed to shorten waits for occupational therapy, widen the choice of day opportunities, and
agree a clear plan for its housing with care.

## Theme 1: How Ashcombe Council works with people

### Assessing needs

#### Score: 2

2 - Evidence shows some shortfalls

Assessments in Ashcombe took 58 days on average.
"""


def test_what_needs_to_improve_overall_gives_each_thing_the_summary_says_must_be_done_in_its_order(with_report):
    """The summary's "needed to" sentences answer it, each one (a "clear plan" needed is no praise), in the report's
    own order, however far apart they score; a topic's question keeps its closest reasons."""
    answer = with_report("ashcombe", ASHCOMBE).ask("What needs to improve at Ashcombe?")
    quotes = [c.quote[:40] for c in answer.citations]
    assert not answer.abstained, answer.text
    # the last paragraph's sentence scores best (it is quoted first when the quotes are not put in order)
    assert quotes[-2:] == ["The local authority needed to clear this", "The local authority also needed to short"], \
        answer.text
    assert not any("no longer" in q or "did not need" in q for q in quotes)  # what no longer must be done


TARNWICK = """# Tarnwick Council: local authority assessment

Date of publication: 9 April 2025

## Local authority rating and score

Good

## Summary of findings

Tarnwick is a market-town district. Most residents got good advice early, and the council knew its communities well.

### Areas of strength

- A community navigator scheme linked 1,900 residents with local groups in 2024.
- The shared-lives service placed 64 people with host families.
- Hospital discharge was swift, with most people home within two days of being ready.

### Areas for development

- The wait for an occupational therapy assessment was well over four months.
- Fewer than half of unpaid carers had a carers' assessment in the year.

## Theme 1: How Tarnwick Council works with people

### Assessing needs

#### Score: 3

3 - Evidence shows a good standard

#### Key findings for this quality statement

Residents got a decision on their eligibility within 20 days on average.
"""


@pytest.mark.parametrize("layout", ["md", "html"])
def test_a_list_under_a_heading_areas_of_strength_answers_what_went_well(tmp_path_factory, built_index, layout):
    """A summary whose lists stand under "Areas of strength" and "Areas for development" headings: what went well
    is that list, not a sentence of the other ("well over four months" sounds like praise, "good advice" in the
    summary's lead shares the question's word), and what needs to improve is the other list. The same on a web
    page of the summary, whose headings are real h2/h3 elements."""
    from qa.api import Assistant

    settings = built_index.copy_to(tmp_path_factory.mktemp(f"tarnwick-{layout}"))
    if layout == "md":
        (settings.corpus / "tarnwick-council.md").write_text(TARNWICK, encoding="utf-8")
    else:
        html = _as_html(TARNWICK)
        (settings.corpus / "tarnwick-council.html").write_text(html, encoding="utf-8")
    assistant = Assistant.open(corpus=settings.corpus, index=settings.index)
    good = assistant.ask("What is Tarnwick good at?")
    assert not good.abstained and len(good.citations) >= 2, good.text
    assert all(c.passage.section[-1] == "Areas of strength" for c in good.citations), good.text
    assert "navigator" in good.text or "shared-lives" in good.text, good.text
    improve = assistant.ask("What does Tarnwick need to improve?")
    assert not improve.abstained and "occupational therapy" in improve.text, improve.text
    assert all(c.passage.section[-1] == "Areas for development" for c in improve.citations), improve.text
    # a statement's findings explain its score though none says "good" or "strong" and none shares a word with
    # the question ("why did it score 3 for assessing needs?" gave the score alone)
    score = assistant.ask("Why did Tarnwick score 3 for assessing needs?")
    assert score.kind == "score" and "within 20 days on average" in score.text, score.text
    why = assistant.ask("Why was Tarnwick rated good?")
    assert any(c.passage.section[-1] == "Areas of strength" for c in why.citations), why.text
    assert not any(c.passage.section[-1] == "Areas for development" for c in why.citations), why.text


def _as_html(markdown: str) -> str:
    """The markdown above as a plain web page: headings as h1-h4, list items as li, the rest as paragraphs."""
    from html import escape

    out = []
    for block in markdown.strip().split("\n\n"):
        lines = block.splitlines()
        if block.startswith("#"):
            level = len(block) - len(block.lstrip("#"))
            out.append(f"<h{level}>{escape(block.lstrip('# '))}</h{level}>")
        elif all(line.startswith("- ") for line in lines):
            out.append("<ul>" + "".join(f"<li>{escape(line[2:])}</li>" for line in lines) + "</ul>")
        else:
            out.append(f"<p>{escape(block)}</p>")
    return "<!DOCTYPE html><html><head><title>Tarnwick</title></head><body><main>" + "\n".join(out) + \
        "</main></body></html>"


@pytest.mark.parametrize("question,why", [
    ("What did the council score for learning, improvement and innovation?", None),
    ("What did it get for Learning improvement & innovation?", None),
    ("Why did it score 2 for learning, improvement and innovation?", "why"),
    ("What needs to improve in learning, improvement and innovation?", "improve"),
])
def test_a_statements_name_asks_no_reason(question, why):
    """"Learning, improvement and innovation" holds "improvement": its score was given with what to improve."""
    from qa.search.intent import reason

    assert reason(question) == why


LINTON = """# Linton Wold Council: local authority assessment

Date of publication: 4 April 2025

## Local authority rating and score

Linton Wold Council

Good

## Summary

### Overall summary

Linton Wold is a rural council with a fast-growing older population.

The council's adult social care was of a consistently good standard. People were assessed promptly and had real choice over how their care was arranged. Leadership was stable and ambitious for the district.

## Theme 1: Working with people

### Assessing needs

#### Score: 3

3 - Evidence shows a good standard

Assessments focused on what mattered to each person.
"""


def test_a_good_ratings_reasons_in_plain_praise_are_quoted(with_report):
    # a new user's "Why was Harrowfield rated Outstanding?" got one summary sentence: "assessed quickly, had real
    # choice" and "Leadership was stable and ambitious" beside it read as no strength
    linton = with_report("linton", LINTON)
    answer = ask_council(linton, "Linton Wold Council", "Why was Linton Wold rated Good?")
    assert answer.text.startswith("Linton Wold Council was rated overall: Good"), answer.text
    assert "assessed promptly" in answer.text and "stable and ambitious" in answer.text, answer.text
