"""National figures read from sentences written here; measures matched across wordings; every span read back."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from qa.cqc import measures
from qa.cqc.corpus_questions import classify, compose
from qa.cqc.fact_questions import fact_rows
from qa.cqc.facts import fact_from_dict, facts_in
from qa.ingest.report import parse_file
from qa.types import ReportCard

ROOT = Path(__file__).resolve().parents[1]


def _one(text: str):
    found = facts_in(text)
    assert len(found) == 1, found
    f = found[0]
    assert text[f.span.start:f.span.end] == f.span.text
    return f


def test_figure_after_of_with_national_average_and_source_first_period():
    f = _one("National data showed that 28.95% of carers could take a break from caring for 1-24hrs, this is "
             "compared to the national average of 20.08% (2021/22 SACE). Carers told us more.")
    assert (f.measure, f.value, f.unit, f.value_text) == (
        "carers could take a break from caring for 1-24hrs", 28.95, "percent", "28.95%")
    assert (f.comparison, f.compared_to, f.source, f.period, f.relation) == (
        20.08, "national average", "SACE", "2021/22", "above")
    assert f.span.text.startswith("National data showed") and f.span.text.endswith("(2021/22 SACE)")


def test_measure_before_the_figure_england_average_and_survey_in_words():
    f = _one("The proportion of people who said they were happy with their home care was 55.5%, compared to the "
             "England average of 60.1% (Adult Social Care Survey 2022/2023).")
    assert f.measure == "The proportion of people who said they were happy with their home care"
    assert (f.value, f.comparison, f.compared_to, f.source, f.period, f.relation) == (
        55.5, 60.1, "England average", "ASCS", "2022/23", "below")


def test_source_before_the_comparison_and_a_regional_average():
    f = _one("82% of people who had reablement were still at home after 91 days (ASCOF 2022/23), above the England "
             "average of 78%.")
    assert (f.value, f.comparison, f.source, f.period) == (82, 78, "ASCOF", "2022/23")
    g = _one("Some 41.0% of carers were satisfied with social services, against a regional average of 39.5% (SACE).")
    assert (g.compared_to, g.comparison, g.source, g.period) == ("regional average", 39.5, "SACE", None)


def test_comparison_in_the_next_sentence_and_two_figures_sharing_a_source():
    text = ("National data reflected that 90.5% of people who use services said those services made them feel safe. "
            "This was above the England average of 85%. 70.1% of carers said they felt safe which was below the "
            "England average of 80% (Adult Social Care Survey 2021/2022 ASCS).")
    a, b = facts_in(text)
    assert (a.value, a.comparison, a.source) == (90.5, 85, "ASCS")
    assert (b.measure, b.value, b.comparison, b.source, b.period) == ("carers said they felt safe", 70.1, 80, "ASCS",
                                                                      "2021/22")
    for f in (a, b):
        assert text[f.span.start:f.span.end] == f.span.text


def test_without_a_comparison_days_money_and_what_is_not_a_figure():
    f = _one("In 2023, 12.5% of people received direct payments (ASCOF).")
    assert (f.value, f.comparison, f.relation, f.source, f.period) == (12.5, None, None, "ASCOF", None)
    days = _one("People waited a median of 42 days for a review, compared with the England average of 28 days.")
    assert (days.unit, days.value, days.comparison) == ("days", 42, 28)
    money = _one("The council spent £1,250 per person on carers, against a national average of £980 (ASC-FR 2023/24).")
    assert (money.unit, money.value, money.comparison, money.source) == ("money", 1250, 980, "ASC-FR")
    assert facts_in("National data shows that the council is 5.66% beneath the national average here.") == ()
    assert facts_in("34% of neighbourhoods are within the most deprived 20% in England.") == ()
    assert facts_in("The council employs 412 social workers and 61% of them are qualified.") == ()


def test_above_or_below_the_average_in_words_without_its_figure():
    """"76% ..., which was below the England average." gives the side, not the average: the report says which side
    it is on, so "which councils are below the England average?" must count it (a journalist's trial missed it)."""
    text = ("Reablement was slow to start. 76% of people aged 65 and over were still at home 91 days after leaving "
            "hospital, which was below the England average.")
    f = _one(text)
    assert (f.value, f.comparison, f.relation, f.compared_to) == (76, None, "below", "England average")
    assert text[f.span.start:f.span.end] == f.span.text and f.span.text.endswith("below the England average")
    assert fact_from_dict(dataclasses.asdict(f)) == f
    up = _one("In 2024, 45% of people said they felt safe, higher than the national average.")
    assert (up.relation, up.compared_to) == ("above", "national average")
    # a difference from the average is no figure, and an average with its figure is read as before
    assert facts_in("Turnover was 5.66% below the national average.") == ()
    assert _one("National data showed 82% of people were satisfied, below the England average of 88% (ASCS)."
                ).comparison == 88


def test_nationally_and_respectively_forms():
    f = _one("48.9% of people said they were satisfied with their care, compared with 61.4% nationally (ASCS 2023/24).")
    assert (f.comparison, f.compared_to) == (61.4, "national average")
    g = _one("The number of people who no longer needed support after short term care was lower than the England "
             "average, 63.98% compared to 77.6% respectively (Adult Social Care Survey 2021/2022).")
    assert (g.value, g.comparison, g.compared_to, g.period) == (63.98, 77.6, "England average", "2021/22")
    assert g.measure == "The number of people who no longer needed support after short term care"


def test_measures_match_across_wordings_not_across_people():
    assert measures.same("carers were able to spend time doing things they value or enjoy",
                         "carers felt they could take a break from caring")
    assert measures.same("people who use services were satisfied with their care and support",
                         "Overall satisfaction of people who use services with their care and support")
    assert measures.same("The proportion of people who use services who said they feel safe in Kelby",
                         "people who use services said those services had made them feel safe", "Kelby Council")
    assert not measures.same("carers said they felt safe", "people who use services said they feel safe")
    assert not measures.same("people who use services felt they had choice over services",
                             "people who use services found it easy to find information about support")
    asked = measures.asked_key("Which councils are below the England average on carers getting a break?")
    assert asked >= {"carer", "@break"} and "council" not in asked and "england" not in asked
    assert measures.coverage(asked, measures.key("carers who had time to do things they enjoy")) == 1.0
    assert measures.coverage(asked, measures.key("carers accessing support groups")) < measures.ASKED


@pytest.fixture(scope="module")
def cards():
    return [ReportCard.of(parse_file(p)) for p in sorted((ROOT / "eval" / "councils").glob("*.md"))]


def test_every_fact_span_reads_back_and_round_trips_through_json(cards):
    reports = [ROOT / "corpus" / "derby-city-council.md", *sorted((ROOT / "eval" / "councils").glob("*.md"))]
    total = 0
    for path in reports:
        report = parse_file(path)
        text = path.read_text(encoding="utf-8")
        for f in report.facts:
            assert text[f.span.start:f.span.end] == f.span.text
            assert f.value_text in f.span.text and (f.comparison_text is None or f.comparison_text in f.span.text)
            assert fact_from_dict(json.loads(json.dumps(dataclasses.asdict(f)))) == f
            total += 1
    assert total >= 34  # Derby's 20-odd, three for each made-up council, and two rows in Kelby's and Southmere's tables
    assert {c.council.split()[0]: len(c.facts) for c in cards} == {"Eastvale": 3, "Kelby": 5, "Northmoor": 3,
                                                                   "Southmere": 5, "Westbridge": 3}


def test_facts_grouped_by_measure_across_reports(cards):
    rows = fact_rows(cards)
    assert len({r.group for r in rows}) == 5 and len(rows) == 19  # two measures only Kelby and Southmere tabulate
    kelby = next(r for r in rows if r.council.startswith("Kelby") and "carers" in r.fact.measure)
    eastvale = next(r for r in rows if r.council.startswith("Eastvale") and "carers" in r.fact.measure)
    assert kelby.fact.measure != eastvale.fact.measure and kelby.group == eastvale.group
    safe = fact_rows(cards, measure="feel safe")
    assert [r.fact.value_text for r in safe] == ["78.4%", "70.8%", "72.9%", "66.0%", "61.2%"]


def test_questions_over_the_facts_with_the_corpus_as_base(cards):
    q = classify("Which councils are below the England average on carers getting a break?")
    assert q.kind == "facts"
    text, cites = compose(q, cards)
    assert text.startswith("Of the 5 councils in this corpus") and "1 is below it: Westbridge City Council 14.05%" in text
    assert len(cites) == 5 and cites[0][0] == "westbridge-city-council" and "14.05%" in cites[0][1].text
    text, _ = compose(classify("Which council has the lowest share of people who feel safe, against the England "
                               "average?"), cards)
    assert "the lowest is Westbridge City Council 61.2%" in text
    # "does best / worst on" a measure: its highest, lowest (a new user's "Which council does best on older people
    # still at home ...?" got each council's sentence, unranked)
    worst = classify("Which council does worst on people feeling safe?")
    assert worst.kind == "facts"
    assert "the lowest is Westbridge City Council 61.2%" in compose(worst, cards)[0]
    assert "the highest is" in compose(classify("Which council does best on people feeling safe?"), cards)[0]
    # "has the highest / lowest <measure>" too (a new user's "highest take-up of direct payments" came unranked)
    most = classify("Which council has the lowest proportion of people feeling safe?")
    assert most.kind == "facts" and "the lowest is Westbridge City Council 61.2%" in compose(most, cards)[0]
    assert "the lowest is Westbridge" in compose(classify("Which council has the lowest people feeling safe figure?"),
                                                 cards)[0]
    assert classify("Which council has the highest safeguarding score?").kind == "extreme"  # a score is asked
    # a question that asks for a figure no report quotes falls back to the scores, or to nothing
    assert compose(classify("Which councils are below the England average on delayed discharges?"), cards) is None
    assert classify("Which councils scored 1 for safeguarding?").kind == "filter"


def test_qa_facts_cli_cites_every_figure_and_reads_back(councils_index):
    from typer.testing import CliRunner

    from qa.app.cli import app

    where = ["--corpus", str(councils_index.settings.corpus), "--index", str(councils_index.settings.index)]
    result = CliRunner().invoke(app, ["facts", "--council", "Westbridge", "--json", *where])
    assert result.exit_code == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["value_text"], r["relation"], r["survey"]) for r in rows] == [
        ("14.05%", "below", "SACE"), ("48.9%", "below", "ASCS"), ("61.2%", "below", "ASCOF")]
    for r in rows:
        c = r["citation"]
        text = (Path(councils_index.settings.corpus) / c["source"]).read_text(encoding="utf-8")
        assert text[c["start"]:c["end"]] == c["quote"] and text.count("\n", 0, c["start"]) + 1 == c["line"]
    table = CliRunner().invoke(app, ["facts", "--measure", "carers getting a break", *where])
    assert table.exit_code == 0 and table.stdout.count("[") >= 5 and "kelby-metropolitan-borough-council.md:" in table.stdout
    none = CliRunner().invoke(app, ["facts", "--measure", "people who own a bicycle", *where])
    assert none.exit_code == 0 and "None of these reports quotes a national figure for 'people who own a bicycle'" \
        in none.stdout
    marked = CliRunner().invoke(app, ["facts", "--measure", "carers [/b] [bold]bikes", *where])  # no markup
    assert marked.exit_code == 0 and "for 'carers [/b] [bold]bikes'" in marked.stdout
    unknown = CliRunner().invoke(app, ["facts", "--council", "Leeds", *where])
    assert unknown.exit_code == 1 and "no report for council 'Leeds'" in unknown.stderr


def test_asked_through_the_assistant_each_figure_cites_its_own_report(councils_index, qa_embedder):
    from qa.api import Assistant

    assistant = Assistant(councils_index.settings, councils_index.index, qa_embedder, councils_index.summary)
    answer = assistant.ask("Which councils fall below the national average for people feeling safe?")
    assert answer.kind == "score" and answer.extras["corpus"] == "facts"
    assert "2 are below it: Southmere District Council 66.0%" in answer.text
    assert [c.passage.report for c in answer.citations][:2] == ["southmere-district-council", "westbridge-city-council"]
    for c in answer.citations:
        text = (Path(councils_index.settings.corpus) / c.passage.source).read_text(encoding="utf-8")
        assert text[c.start:c.end] == c.quote and "69.7%" in c.quote


def test_a_measure_question_ranks_one_measure_not_another_sharing_its_words(tmp_path):
    """A new user's "Which council does worst on carers having as much social contact as they would like?" ranked
    one council's carers' satisfaction among the others' social contact figures."""
    said = {"Harwick": "11.9% of carers in Harwick said they had as much social contact as they would like, against "
                       "the England average of 28.0% (SACE 2023/24).",
            "Wenmoor": "14.2% of carers in Wenmoor said they had as much social contact as they would like, against "
                       "the England average of 28.0% (SACE 2023/24).",
            "Castley": "34.1% of carers in Castley were satisfied with social services, against the England average "
                       "of 36.0% (SACE 2023/24)."}
    cards = []
    for name, sentence in said.items():
        path = tmp_path / f"{name.lower()}.md"
        path.write_text(f"# {name} Council: local authority assessment\n\n## Local authority rating and score\n\n"
                        f"Good\n\n## Summary of people's experiences\n\n{sentence}\n\n## Theme 1: How {name} "
                        f"Council works with people\n\n### Assessing needs\n\n#### Score: 3\n\n3 - Evidence shows a "
                        f"good standard\n", encoding="utf-8")  # (a report's facts are read when it gives scores)
        cards.append(ReportCard.of(parse_file(path)))
    assert all(len(c.facts) == 1 for c in cards), [c.facts for c in cards]
    text, cites = compose(classify("Which council does worst on carers having as much social contact as they would "
                                   "like?"), cards)
    assert "the lowest is Harwick Council 11.9%" in text and "Wenmoor Council 14.2%" in text
    assert "34.1%" not in text and "Castley Council does not quote it" in text, text
    worst = compose(classify("Which council is worst for carers having as much social contact as they like?"), cards)
    assert worst is not None and "the lowest is Harwick Council 11.9%" in worst[0], worst  # however it is asked
