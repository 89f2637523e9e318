"""Answers on the real report: scores from the parsed scores, figures in cited sentences, honest abstentions."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qa.tools.evaluate import contains_token

PARTNERSHIPS = "Partnerships and communities"


@pytest.fixture(scope="module")
def assistant(built_index, qa_embedder):
    from qa.api import Assistant

    return Assistant(built_index.settings, built_index.index, qa_embedder, built_index.summary)


@pytest.fixture(scope="module")
def source(built_index):
    """Read a cited file back from disk, as a reader checking a citation would."""
    return lambda name: (built_index.settings.corpus / name).read_text(encoding="utf-8")


def assert_citations_read_back(answer, source):
    for c in answer.citations:
        assert source(c.passage.source)[c.start : c.end] == c.quote
        assert c.passage.start <= c.start < c.end <= c.passage.end


STATEMENTS = [
    ("Assessing needs", "What did the council score for assessing needs?", "needs assessment rating"),
    ("Supporting people to live healthier lives", "score for supporting people to live healthier lives",
     "How did Derby do on healthier lives?"),
    ("Equity in experience and outcomes", "equity in experience and outcomes score", "What was the equity rating?"),
    ("Care provision, integration and continuity", "How was care provision, integration and continuity scored?",
     "care provision score"),
    (PARTNERSHIPS, "What did Derby score for partnerships and communities?", "partnerships score"),
    ("Safe pathways, systems and transitions", "Safe systems, pathways and transitions score", "transitions rating"),
    ("Safeguarding", "What did Derby score for safeguarding?", "safegaurding score"),
    ("Governance, management and sustainability", "governance score", "How was governance and management rated?"),
    ("Learning, improvement and innovation", "learning, improvement and innovation score",
     "What score did the council get for innovation?"),
]


@pytest.mark.parametrize("statement,first,second", STATEMENTS)
def test_each_statement_score_asked_two_ways(assistant, source, statement, first, second):
    expected = 3 if statement == PARTNERSHIPS else 2
    label = "Evidence shows a good standard" if expected == 3 else "Evidence shows some shortfalls"
    for question in (first, second):
        answer = assistant.ask(question)
        assert not answer.abstained and answer.kind == "score", (question, answer.text)
        assert f"{statement}: {expected} ({label})" in answer.text, (question, answer.text)
        assert answer.citations and f"Score: {expected}" in answer.citations[0].quote
        assert statement.split(",")[0].split()[0] in " ".join(answer.citations[0].passage.section)
        assert_citations_read_back(answer, source)


@pytest.mark.parametrize("question", ["How was the council rated overall?", "What is Derby's overall rating?"])
def test_overall_rating(assistant, source, question):
    answer = assistant.ask(question)
    assert "Requires improvement" in answer.text and not answer.abstained
    assert answer.citations[0].quote == "Requires improvement"
    assert_citations_read_back(answer, source)


def test_an_overall_score_is_the_rating_and_its_percentage(assistant, source, with_report):
    """A new user's "What was X's overall score?" got the rating alone, though `qa scores` shows the percentage."""
    answer = assistant.ask("What was Derby's overall score?")
    assert answer.text.startswith("Derby City Council was rated overall: Requires improvement [1]. Its overall score "
                                  "is 52.8% (computed: 19 points of a possible 36"), answer.text
    assert len(answer.citations) == 10 and all(c.quote.startswith("Score:") for c in answer.citations[1:])
    assert_citations_read_back(answer, source)
    assert "%" not in assistant.ask("What was Derby's overall rating?").text  # a rating asked: the rating
    import formats_fixtures as F  # a made-up report that states its percentage: that one, not a computed one

    scores = (3, 2, 3, 3, 3, 2, 3, 3, 4)
    stated = with_report("fenmoor", F.whole_text("Fenmoor Council", "Good", scores, "Published: 9 May 2025", "sentence"))
    rid = next(r for r, c in stated.index.cards.items() if c.council == "Fenmoor Council")
    told = stated.ask("What was Fenmoor's overall score?", report=rid)
    assert f"an overall score of {round(100 * sum(scores) / 36)}% [2]" in told.text and "computed" not in told.text, \
        told.text


@pytest.mark.parametrize("question,expected", [
    ("Which quality statement scored highest?", [PARTNERSHIPS, "3"]),
    ("Which statements scored lowest?", ["2", "8 of 9"]),
    ("How many quality statements scored 2?", ["8"]),
    ("How many statements scored 4?", ["None"]),
    ("What is the average score across the quality statements?", ["2.1"]),
    ("Which theme did best?", ["Theme 2: Providing support", "2.5"]),
    ("List all the scores", ["Assessing needs: 2", PARTNERSHIPS + ": 3", "Learning, improvement and innovation: 2"]),
    ("Was any quality statement judged to show a good standard?", [PARTNERSHIPS]),
])
def test_aggregate_score_questions(assistant, source, question, expected):
    answer = assistant.ask(question)
    assert not answer.abstained and answer.kind == "score", answer.text
    for part in expected:
        assert part in answer.text, (part, answer.text)
    assert_citations_read_back(answer, source)


FIGURES = [
    ("What is the population of Derby?", "263,490"),
    ("How many overdue reviews were there?", "1454"),
    ("What was the average wait for community support assessments in March 2024?", "30.9 days"),
    ("How long did mental health assessments take on average?", "14.5 days"),
    ("How many safeguarding referrals were received between April and December 2023?", "3,931"),
    ("How many of the safeguarding referrals met the section 42 threshold?", "1866"),
    ("What percentage of people who use services said services made them feel safe?", "89.11%"),
    ("How many complaints were received in the 2023 annual complaints report?", "106"),
    ("What was the maximum wait for a financial assessment?", "337 days"),
    ("How many people were supported through the local area coordinators project?", "550"),
]


@pytest.mark.parametrize("question,figure", FIGURES)
def test_figure_questions_quote_the_figure(assistant, source, question, figure):
    answer = assistant.ask(question)
    assert not answer.abstained and contains_token(answer.text, figure), answer.text
    assert any(figure in c.quote for c in answer.citations)
    assert_citations_read_back(answer, source)


UNANSWERABLE = [
    "What did Ofsted rate Derby's children's services?",
    "How many beds does Royal Derby Hospital have?",
    "What did Leeds score for safeguarding?",
    "How many people are living with dementia in the city?",
    "How many self-funders are there in the city?",
]


@pytest.mark.parametrize("question", UNANSWERABLE)
def test_unanswerable_questions_abstain_and_still_show_passages(assistant, question):
    answer = assistant.ask(question)
    assert answer.abstained, answer.text
    assert "doesn't say" in answer.text or "no report" in answer.text
    assert not answer.citations
    assert answer.hits, "the nearest passages are still returned for the reader to check"


ANSWERABLE = [
    ("What did carers say about respite?", "respite"),
    ("How does Derby Direct help people?", "Derby Direct"),
    ("What is the Home First project?", "Home First"),
    ("Were there gaps in provision for the deaf community?", "deaf"),
    ("What did partners say about prepayment cards?", "prepayment cards"),
    # yes/no questions that name money want a finding, not a figure
    ("Is the council cutting the money people get to pay their own carers?", "direct payments"),
    ("Has the council had complaints upheld by the ombudsman about charging?", "Ombudsman"),
]


@pytest.mark.parametrize("question,kind", [
    ("How much did the council spend?", "money"),
    ("adult social care budget", "money"),
    ("Do people feel safe - what percentage?", "percent"),
    ("Is there a long wait - how many days?", "duration"),
    ("How long have people waited for an assessment?", "duration"),
    ("How many people had waited longer than 42 days?", "count"),
    ("the number of people who had waited longer than 6 months", "count"),
    ("how many weeks had they waited?", "duration"),
    ("Will the money I get to pay my carers be cut?", None),
    ("Does the council have any funding for carers?", None),
    ("What did carers say about respite?", None),
    ("section 42 enquiries number", "count"),
    ("numbers of carers assessed", "count"),
    ("safeguarding team phone number", None),
    ("the safeguarding helpline number", None),
    ("what is my NHS number", None),
    # how a question asks decides over the words of its topic: budgets, funding and pay are things too
    ("How many people have a personal budget?", "count"),
    ("How many carers were paid a carers grant?", "count"),
    ("How long do people wait for funding decisions?", "duration"),
    ("How many days do people wait?", "duration"),
    ("How much time do people wait for a review?", "duration"),
    ("How are direct payments paid?", None),
    ("When people get a personal budget, how are they expected to pay for services?", None),
    ("How does the spend per head compare with England?", "money"),
    ("how do the waiting times compare with Leeds?", "duration"),
    ("What does the council pay care homes an hour?", "money"),
])
def test_the_kind_of_figure_a_question_asks_for(question, kind):
    from qa.search.figure_kind import wanted_figure

    assert wanted_figure(question) == kind


@pytest.mark.parametrize("question,phrase", ANSWERABLE)
def test_answerable_questions_are_answered_from_the_report(assistant, source, question, phrase):
    answer = assistant.ask(question)
    assert not answer.abstained, answer.extras
    assert 1 <= len(answer.citations) <= 3
    assert phrase.lower() in answer.text.lower(), answer.text
    for c in answer.citations:
        assert f"[{c.number}]" in answer.text
    assert_citations_read_back(answer, source)


def _assessment(council: str, place: str, scores: list[int], rating: str) -> str:
    """Another council's report in the same format, with its own scores and heading levels."""
    from qa.cqc.framework import LABELS, STATEMENTS, THEMES

    parts = [f"# {council}: local authority assessment\n\nAssessment published: 3 March 2025\n",
             f"## Local authority rating and score\n\n{council}\n\n{rating}\n"]
    theme = 0
    for st, score in zip(STATEMENTS, scores):
        if st.theme != theme:
            theme = st.theme
            parts.append(f"## Theme {theme}: {THEMES[theme]}\n")
        parts.append(f"### {st.name}\n\n#### Score: {score}\n\n{score} - {LABELS[score]}\n\n"
                     f"#### Key findings for this quality statement\n\n"
                     f"In {place}, inspectors found that {st.name.lower()} work had {score * 11} named leads "
                     f"and a waiting list of {score * 7} people for this area of adult social care.\n")
    return "\n".join(parts)


def test_a_second_report_gets_its_own_scores(tmp_path, built_index):
    from qa.api import Assistant

    settings = built_index.copy_to(tmp_path)  # Derby's vectors are reused; only the new report is embedded
    scores = [3, 4, 1, 2, 4, 3, 1, 2, 3]
    (settings.corpus / "eastmoor.md").write_text(_assessment("Eastmoor County Council", "Eastmoor", scores, "Good"),
                                                 encoding="utf-8")
    assistant = Assistant.open(corpus=settings.corpus, index=settings.index)
    assert assistant.summary.built and assistant.summary.reused > 0
    answer = assistant.ask("What did Eastmoor score for safeguarding?")
    assert "Safeguarding: 1 (Evidence shows significant shortfalls)" in answer.text
    assert answer.report == "eastmoor"
    assert all(c.passage.report == "eastmoor" for c in answer.citations)
    assert "Good" in assistant.ask("How was Eastmoor rated overall?").text
    assert "Requires improvement" in assistant.ask("How was Derby rated overall?").text
    highest = assistant.ask("Which quality statement in Eastmoor scored highest?")
    assert "Supporting people to live healthier lives" in highest.text and "Partnerships and communities" in highest.text
    both = assistant.ask("What was the safeguarding score?")  # no council named: one answer per report
    assert "Eastmoor County Council" in both.text and "Derby City Council" in both.text
    assert assistant.ask("What did Leeds score for safeguarding?").abstained
    hits = assistant.retrieve("waiting list of people", k=5, report="eastmoor")
    assert hits and all(h.passage.report == "eastmoor" for h in hits)


@pytest.mark.parametrize("question", ["When was the assessment published?", "publication date of the report"])
def test_publication_date_is_answered_from_the_report_and_cited(assistant, source, question):
    answer = assistant.ask(question)
    assert not answer.abstained and "16 August 2024" in answer.text
    assert answer.citations[0].quote == "Assessment published: 16 August 2024"
    assert_citations_read_back(answer, source)


def test_two_reports_never_pass_one_councils_facts_off_as_anothers(tmp_path, built_index):
    from qa.api import Assistant

    settings = built_index.copy_to(tmp_path)
    council = "Royal Borough of Kensington and Chelsea"
    text = _assessment(council, "Kensington", [3, 3, 2, 3, 4, 3, 1, 3, 2], "Good") + (
        "\nThe borough shares its safeguarding board with Slough Borough Council. The Wexham discharge hub "
        "opened in 2024 and had 14 beds for people leaving hospital who were not yet ready to go home.\n")
    (settings.corpus / "kensington.md").write_text(text, encoding="utf-8")
    assistant = Assistant.open(corpus=settings.corpus, index=settings.index)

    # the name people use, however it is written, picks the report
    for question in ("What was Kensington and Chelsea's safeguarding score?", "Kensington & Chelsea safeguarding score"):
        answer = assistant.ask(question)
        assert answer.report == "kensington" and "Safeguarding: 1" in answer.text, (question, answer.text)
    # a council that only one report mentions in passing: never answered with another council's figures
    slough = assistant.ask("How long do people wait for an assessment in Slough?")
    assert slough.abstained and "no report for Slough" in slough.text
    # what one report never mentions is unknown for that report, whatever the other report says
    wexham = assistant.ask("How is the Wexham discharge hub working in Derby?")
    assert wexham.abstained and "never mentions Wexham" in wexham.text
    # no council named: the answer says whose report each quote is from
    beds = assistant.ask("How many beds does the Wexham discharge hub have?")
    assert not beds.abstained and beds.text.startswith(f"{council}: ") and "14 beds" in beds.text
    # a common word that is also a council's name is not that council unless written as one
    reading = assistant.ask("What did Kensington and Chelsea score for information for people with reading difficulties?")
    assert "no report for Reading" not in reading.text and reading.report == "kensington"


def test_windows_line_endings_cite_exact_offsets(tmp_path, built_index):
    """Offsets are into the file as it is; read it without newline translation and every quote is found."""
    from qa.api import Assistant

    settings = built_index.copy_to(tmp_path)
    text = _assessment("Eastmoor County Council", "Eastmoor", [3, 4, 1, 2, 4, 3, 1, 2, 3], "Good")
    path = settings.corpus / "eastmoor.md"
    path.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    assistant = Assistant.open(corpus=settings.corpus, index=settings.index)
    for question in ("What did Eastmoor score for safeguarding?", "How many named leads did Eastmoor's safeguarding work have?"):
        answer = assistant.ask(question, report="eastmoor")
        assert not answer.abstained and answer.citations, answer.text
        with open(path, encoding="utf-8", newline="") as f:
            raw = f.read()
        for c in answer.citations:
            assert raw[c.start : c.end] == c.quote


@pytest.mark.parametrize("question,statement", [
    ("learning score", "Learning, improvement and innovation"),
    ("communities score", "Partnerships and communities"),
    ("score for support for people with learning disabilities", None),
    ("How did the council score for people from ethnic minority communities?", None),
])
def test_statement_aliases_do_not_swallow_other_phrases(question, statement):
    from qa.cqc.score_questions import statements_named

    assert statements_named(question) == ((statement,) if statement else ())


def _phrase_words() -> list[str]:
    from qa.cqc.score_questions import _PHRASES

    return sorted({w for _, said in _PHRASES for p in said for w in p.split()})


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_phrase_words()) | st.text("abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=9),
                min_size=1, max_size=8),
       st.lists(st.tuples(st.integers(0, 60), st.sampled_from("abcdefghijklmnopqrstuvwxyz ")), max_size=3))
def test_typo_bound_finds_what_difflib_finds(words, edits):
    """The letter-count bound skips only windows difflib would reject: the statements found within a typo are
    those a window-by-window difflib comparison finds."""
    import difflib

    from qa.cqc.score_questions import _PHRASES, _TYPOS

    text = " ".join(words)
    for at, letter in edits:  # typos: letters replaced
        at %= len(text)
        text = text[:at] + letter + text[at + 1 :]
    words = text.split()
    want = {name for name, said in _PHRASES for p in said if len(p) >= 7 and any(
        difflib.SequenceMatcher(None, " ".join(words[i : i + len(p.split())]), p).ratio() >= 0.85
        for i in range(len(words) - len(p.split()) + 1))}
    assert _TYPOS.near(words, exclude=set()) == want


def test_a_report_limit_that_contradicts_the_question_is_an_error(tmp_path, built_index):
    from qa.api import Assistant
    from qa.errors import QuestionError

    settings = built_index.copy_to(tmp_path)
    (settings.corpus / "eastmoor.md").write_text(
        _assessment("Eastmoor County Council", "Eastmoor", [3, 4, 1, 2, 4, 3, 1, 2, 3], "Good"), encoding="utf-8")
    assistant = Assistant.open(corpus=settings.corpus, index=settings.index)
    with pytest.raises(QuestionError, match="names Derby City Council"):
        assistant.ask("What did Derby score for safeguarding?", report="eastmoor")
    assert "Safeguarding: 1" in assistant.ask("What did Eastmoor score for safeguarding?", report="eastmoor").text


def test_a_quoted_list_item_drops_its_marker_and_the_answer_its_bold(assistant, source):
    answer = assistant.ask("How much did the local authority estimate it would spend on adult social care?")
    assert "£74,372,000" in answer.text and "**" not in answer.text and not answer.text.startswith("-")
    cited = [c for c in answer.citations if "74,372,000" in c.quote]
    assert cited and not cited[0].quote.startswith(("-", " ")) and "**£74,372,000**" in cited[0].quote
    assert_citations_read_back(answer, source)


def test_a_heading_line_is_never_quoted_as_an_answer(assistant):
    """The scores summary's "## Learning, improvement and innovation" line was quoted as a finding."""
    answer = assistant.ask("Why did learning, improvement and innovation get 2?")
    assert not any(c.quote.lstrip().startswith("#") for c in answer.citations if answer.kind == "passage")
    assert "##" not in answer.text


def test_a_span_in_a_heading_line_is_cited_with_the_passage_that_heading_leads(assistant):
    # a journalist's PDF set "Overall rating: Good" as a heading: no passage held the rating's span, and the
    # question ended in a traceback ("the index is out of step"); such a span is cited exactly, with its passage
    from qa.answer.across import cite_spans
    from qa.types import Span

    led = next(p for p in assistant.index.passages if p.section[-1] == "Safeguarding")
    text = assistant.text(led.source)
    at = text.rindex("Safeguarding", 0, led.start)  # the heading over the statement's first passage
    assert assistant._passage_at(led.report, at, led.source) is None  # no passage holds a heading's text
    heading = Span(at, at + len("Safeguarding"), "Safeguarding", led.source)
    (cite,) = cite_spans([(led.report, heading)], assistant._passage_at)
    assert text[cite.start : cite.end] == cite.quote == "Safeguarding"
    assert cite.passage == led and cite.passage.start > cite.end


ORWELL = """# Orwell Dene Council: local authority assessment

## Local authority rating and score

Orwell Dene Council

Requires improvement

## Summary of findings

Areas for development included:

- shortening the queue for occupational therapy visits across the district
- making the direct payments offer simpler for people to take up
- keeping people informed while they wait for a review

## Theme 1: Working with people

### Assessing needs

#### Score: 2

2 - Evidence shows some shortfalls

People waited too long for occupational therapy, and some bought their own equipment.
"""


def test_list_items_quoted_together_read_as_a_list(with_report):
    # a new user's "What does Ashmoor need to improve?" read as one run of lower-case fragments
    orwell = with_report("orwell", ORWELL)
    rid = next(r for r, card in orwell.index.cards.items() if card.council == "Orwell Dene Council")
    answer = orwell.ask("What does Orwell Dene need to improve?", report=rid)
    assert "across the district [1]; making the direct payments" in answer.text, answer.text
    assert answer.citations[0].quote.endswith("across the district")  # the citation keeps the item as written
