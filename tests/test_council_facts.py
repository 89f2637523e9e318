"""One council's figure against the country: which questions ask it, the answer from the council's facts on the
real Derby report, on the made-up councils and on a report with its figures in a table, every citation read back."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.cqc.council_facts import asks_versus, compose_council, no_comparison
from qa.types import ReportCard


def test_questions_that_set_a_council_against_the_country():
    ask = asks_versus("How does the area compare with the England average on carers getting a break?")
    assert (ask.measure, ask.op) == ("carers getting a break", None)
    ask = asks_versus("Is the council above the national average for people feeling safe?")
    assert (ask.measure, ask.op) == ("people feeling safe", "gt")
    ask = asks_versus("What share of carers in the area are satisfied, against England?")
    assert (ask.measure, ask.op) == ("carers are satisfied", None)
    assert asks_versus("How does the council compare nationally on direct payments?").measure == "direct payments"
    assert asks_versus("Is the area below the regional average for people feeling safe?").op == "lt"
    # a figure asked for without a comparison, a score, a ranking, an average wait: not these questions
    for question in ("What percentage of carers in the area could take a break?", "average wait for a carers "
                     "assessment Derby", "Where does Derby rank for deprivation nationally?",
                     "How does Derby's safeguarding score compare with the national average?",
                     "Is the council rated above the national average?"):
        assert asks_versus(question) is None, question


def test_derby_against_the_country_from_its_facts(derby_report, derby_path):
    card = ReportCard.of(derby_report)
    text = derby_path.read_text(encoding="utf-8")
    found = compose_council(asks_versus("How does the area compare with the England average on carers getting a "
                                        "break?"), card)
    answer, cites = found
    assert answer.startswith("Derby City Council: 28.95% for “carers felt they could access support")
    assert "above the national average of 20.08% (SACE 2021/22) [1]" in answer and len(cites) == 1
    report, span = cites[0]
    assert report == card.id and text[span.start:span.end] == span.text and "28.95%" in span.text
    assert "20.08%" in span.text and "SACE" in span.text
    answer, _ = compose_council(asks_versus("Is the council below the England average for people feeling safe?"), card)
    assert answer.startswith("Derby City Council: No. 89.11%") and "above the England average of 85%" in answer
    assert "72.73%" not in answer  # carers feeling safe is another measure
    answer, cites = compose_council(asks_versus("Is the area below the England average for carers finding "
                                                "information and advice?"), card)
    assert answer.startswith("Derby City Council: Yes. 73.91%") and "44.64%" in answer and len(cites) == 2


def test_no_fact_for_the_measure_says_the_report_gives_no_comparison(derby_report):
    card = ReportCard.of(derby_report)
    for question in ("What share of carers in the area are satisfied, against England?",
                     "How does the council compare with the England average on carers having enough social contact?"):
        ask = asks_versus(question)
        assert compose_council(ask, card) is None, question
    assert no_comparison(ask) == "The report gives no national comparison for carers having enough social contact."


@pytest.fixture(scope="module")
def derby(built_index, qa_embedder):
    from qa.api import Assistant

    return Assistant(built_index.settings, built_index.index, qa_embedder, built_index.summary)


def _read_back(assistant, answer) -> None:
    assert answer.citations
    for c in answer.citations:
        assert assistant.text(c.passage.source)[c.start:c.end] == c.quote


def test_asked_of_the_one_report_in_the_corpus(derby):
    answer = derby.ask("How does Derby compare with the England average on carers getting a break?")
    assert answer.kind == "score" and answer.extras["facts"] == "derby-city-council"
    assert "28.95%" in answer.text and "national average of 20.08%" in answer.text and "SACE 2021/22" in answer.text
    _read_back(derby, answer)
    assert "28.95%" in answer.citations[0].quote and "20.08%" in answer.citations[0].quote
    plain = derby.ask("What percentage of carers in Derby said they felt safe?")  # no comparison asked: passages
    assert plain.kind == "passage" and "facts" not in plain.extras and "72.73%" in plain.text
    none = derby.ask("What share of carers in Derby are satisfied, against England?")
    assert none.text.startswith("The report gives no national comparison for carers are satisfied.")
    other = derby.ask("Is Testshire above the national average for people feeling safe?")  # not in the corpus
    assert other.abstained and "Testshire" in other.text and "89.11%" not in other.text


def test_one_council_of_several_and_each_of_two_side_by_side(councils_index, qa_embedder):
    from qa.api import Assistant

    assistant = Assistant(councils_index.settings, councils_index.index, qa_embedder, councils_index.summary)
    answer = assistant.ask("Is Westbridge above the national average for people feeling safe?")
    assert answer.text.startswith("Westbridge City Council: No. 61.2%") and "England average of 69.7%" in answer.text
    assert [c.passage.report for c in answer.citations] == ["westbridge-city-council"]
    _read_back(assistant, answer)
    kelby = assistant.ask("How does Kelby compare with the England average on carers getting a break?")
    assert kelby.text.startswith("Kelby Metropolitan Borough Council: 25.93%") and "20.08%" in kelby.text
    both = assistant.ask("How do Eastvale and Southmere compare with the England average on people feeling safe?")
    assert "Eastvale County Council: Eastvale County Council: 78.4%" not in both.text
    assert "78.4%" in both.text and "66.0%" in both.text and len(both.citations) == 2
    _read_back(assistant, both)
    limited = assistant.ask("How does the council compare with the England average on people feeling safe?",
                            report="southmere-district-council")
    assert "66.0%" in limited.text and limited.citations[0].passage.report == "southmere-district-council"


def test_a_figure_given_in_a_table_answers_the_question(tmp_path, qa_embedder):
    from test_fact_tables import COUNCIL, _markdown_table, _report_text

    from qa.api import Assistant
    from qa.config import Settings
    from qa.search.lifecycle import refresh

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "harbridge-borough-council.md").write_text(_report_text() + "\n" + _markdown_table() + "\n",
                                                         encoding="utf-8")
    settings = Settings(corpus=corpus, index=tmp_path / "index")
    index, summary = refresh(settings, qa_embedder)
    assistant = Assistant(settings, index, qa_embedder, summary)
    answer = assistant.ask("Is Harbridge above the England average on people who feel safe?")
    assert answer.text == (f"{COUNCIL}: No. 66.2% for “People who use services who feel safe”, below the England "
                           "average of 69.7% (ASCOF 2023/24) [1].")
    assert answer.citations[0].quote == "| People who use services who feel safe | 66.2% | 69.7% | ASCOF 2023/24 |"
    _read_back(assistant, answer)
    source = Path(settings.corpus) / answer.citations[0].passage.source
    c = answer.citations[0]
    assert source.read_text(encoding="utf-8")[c.start:c.end] == c.quote


def test_a_side_of_the_average_in_words_answers_above_or_below(tmp_path, qa_embedder):
    """A report that says "below the England average" without the average's figure: "Is it below?" is "Yes", with
    no claim that the report gives no comparison, and the corpus question counts it among those below."""
    from qa.api import Assistant
    from qa.config import Settings
    from qa.search.lifecycle import refresh

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    report = ("# Fenwold Council: local authority assessment\n\n## Local authority rating and score\n\nGood\n\n"
              "## Summary of people's experiences\n\nIn Fenwold, 61% of carers said they were satisfied with "
              "social services, which was below the England average.\n\n## Theme 1: How Fenwold Council works with people\n\n"
              "### Assessing needs\n\n#### Score: 3\n\n3 - Evidence shows a good standard\n")
    (corpus / "fenwold-council.md").write_text(report, encoding="utf-8")
    settings = Settings(corpus=corpus, index=tmp_path / "index")
    index, summary = refresh(settings, qa_embedder)
    assistant = Assistant(settings, index, qa_embedder, summary)
    answer = assistant.ask("Is Fenwold below the England average on carers satisfied with social services?")
    assert answer.text.startswith("Fenwold Council: Yes. 61%") and "no national comparison" not in answer.text, \
        answer.text
    assert "below the England average (its figure not given)" in answer.text
    c = answer.citations[0]
    assert (corpus / c.passage.source).read_text(encoding="utf-8")[c.start:c.end] == c.quote

