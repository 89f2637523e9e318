"""Rules across reports on hand-computed tables: filters, ties, averages, rankings, the computed percentage."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from qa.cqc import aggregate
from qa.cqc.corpus_questions import classify, compose
from qa.cqc.framework import LABELS, STATEMENTS, canonical_theme
from qa.types import ReportCard, Span, StatementScore

NAMES = [st.name for st in STATEMENTS]


def card(name: str, scores: list[int], rating: str, published: str) -> ReportCard:
    """A card whose spans are fake offsets into no text: the rules read values, the spans only travel along."""
    table = tuple(StatementScore(canonical_theme(st.theme), st.name, v, LABELS[v], Span(10 * i, 10 * i + 8, f"Score: {v}"))
                  for i, (st, v) in enumerate(zip(STATEMENTS, scores)))
    rid = name.lower().replace(" ", "-")
    return ReportCard(rid, f"{rid}.md", f"{name}: local authority assessment", name, published,
                      Span(500, 500 + len(rating), rating), table, (), Span(600, 630, f"Assessment published: {published}"))


# Hand-computed: sums 18, 27, 18, 9 of 36 -> 50%, 75%, 50%, 25%; safeguarding (7th) 2, 4, 4, 1.
A = card("Alder Council", [2, 2, 2, 2, 2, 2, 2, 2, 2], "Requires improvement", "2024-05-01")
B = card("Birch Council", [3, 3, 3, 3, 3, 3, 4, 3, 2], "Good", "2025-02-10")
C = card("Cedar Council", [1, 2, 3, 2, 2, 2, 4, 1, 1], "Requires improvement", "2025-02-10")
D = card("Damson Council", [1, 1, 1, 1, 1, 1, 1, 1, 1], "Inadequate", "2023-12-31")
CARDS = [A, B, C, D]


def names(figures) -> list[str]:
    return [f.name for f in figures]


def test_percentage_is_sum_over_four_per_statement():
    assert [round(aggregate.percentage(c).value, 3) for c in CARDS] == [50.0, 75.0, 50.0, 25.0]
    assert len(aggregate.percentage(B).spans) == 9


def test_highest_names_every_council_sharing_it():
    safeguarding = aggregate.measure(("Safeguarding",), CARDS)
    assert [f.value for f in safeguarding] == [2, 4, 4, 1]
    assert names(aggregate.extreme(safeguarding)) == ["Birch Council", "Cedar Council"]
    assert names(aggregate.extreme(safeguarding, best=False)) == ["Damson Council"]


def test_filters_by_operator():
    safeguarding = aggregate.measure(("Safeguarding",), CARDS)
    assert names(aggregate.matching(safeguarding, "ge", 2)) == ["Alder Council", "Birch Council", "Cedar Council"]
    assert names(aggregate.matching(safeguarding, "lt", 2)) == ["Damson Council"]
    assert names(aggregate.matching(safeguarding, "eq", 3)) == []
    ones = aggregate.any_statement(CARDS, "eq", 1)
    assert names(ones) == ["Cedar Council", "Damson Council"] and [f.value for f in ones] == [3, 9]


def test_theme_average_and_mean_over_councils():
    leadership = tuple(st.name for st in STATEMENTS if st.theme == 4)
    figures = aggregate.measure(leadership, CARDS)
    assert [f.value for f in figures] == [2.0, 2.5, 1.0, 1.0]
    assert aggregate.mean(figures) == pytest.approx(6.5 / 4)


def test_ranking_shares_places_on_ties():
    places = aggregate.ranked([aggregate.percentage(c) for c in CARDS])
    assert [(p, f.name) for p, f in places] == [(1, "Birch Council"), (2, "Alder Council"), (2, "Cedar Council"),
                                                (4, "Damson Council")]


def test_ratings_and_dates_with_ties():
    assert names(aggregate.rated(CARDS, "requires improvement")) == ["Alder Council", "Cedar Council"]
    assert names(aggregate.rated(CARDS, "Outstanding")) == []
    assert names(aggregate.dated(CARDS)) == ["Birch Council", "Cedar Council"]
    assert names(aggregate.dated(CARDS, newest=False)) == ["Damson Council"]


@pytest.mark.parametrize("question,kind,statements,op,value", [
    ("Which councils scored 1 for safeguarding?", "filter", ("Safeguarding",), "eq", 1),
    ("Which councils scored at least 3 for assessing needs?", "filter", ("Assessing needs",), "ge", 3),
    ("Which authorities scored below 2 on safeguarding?", "filter", ("Safeguarding",), "lt", 2),
    ("Which councils scored 1 for any statement?", "any", (), "eq", 1),
    ("Which council scored highest for safeguarding?", "extreme", ("Safeguarding",), "eq", None),
    ("Rank the councils by their overall percentage", "rank", (), "eq", None),
    ("What is the average safeguarding score across the councils?", "average", ("Safeguarding",), "eq", None),
])
def test_classify_score_questions(question, kind, statements, op, value):
    q = classify(question)
    assert (q.kind, q.statements, q.op, q.value) == (kind, statements, op, value)


def test_classify_leaves_single_report_and_passage_questions_alone():
    assert classify("What did the council score for safeguarding?") is None
    assert classify("How do councils work with carers?") is None
    assert classify("What did Birch score for safeguarding?", named="birch-council") is None
    assert classify("Where does Birch rank among the councils?", named="birch-council").report == "birch-council"


@pytest.mark.parametrize("question", ["Which council pays home care providers the most per hour?",
                                      "Which council has the most DoLS applications waiting?",
                                      "Which council has the lowest social worker vacancy rate?"])
def test_the_most_of_another_figure_is_no_score_question(question):
    assert classify(question) is None  # answered from each council's passages, not by the highest percentage


@pytest.mark.parametrize("question", ["Which council did best?", "Which council performed worst overall?",
                                      "Which councils came top?", "Which council did best in 2024?",
                                      "Which council did best this year?", "Which council came out best?",
                                      "Which council got the best CQC assessment?",
                                      "Which council did worst in its assessment?",
                                      "Which council did best at working with people?",
                                      "Which council is strongest on leadership?"])
def test_the_best_council_alone_is_a_score_question(question):
    assert classify(question).kind == "extreme"


@pytest.mark.parametrize("question,best", [("Which council did better on safeguarding?", True),
                                           ("Which council did worse on safeguarding?", False),
                                           ("Which of the councils is stronger on partnerships and communities?", True),
                                           ("Which council was weaker at safeguarding?", False)])
def test_between_councils_a_comparative_asks_who_is_best(question, best):
    q = classify(question)
    assert q.kind == "extreme" and q.best is best and q.statements, q


@pytest.mark.parametrize("question", ["Which councils scored 4 for anything?", "Did any council score 1 on anything?",
                                      "Which councils scored 1 somewhere?", "Did any council score 4 on any statement?"])
def test_a_score_for_anything_is_a_score_for_any_statement(question):
    """"Which councils scored 4 for anything?" answered "none averaged 4" (read as the mean of all nine)."""
    q = classify(question)
    assert q.kind == "any" and q.value in (1, 4), q
    text, _ = compose(q, CARDS)
    assert "for at least one quality statement" in text, text


def test_the_worst_rating_is_named_in_cqc_order_not_by_percentage():
    """"Which council got the worst overall rating?" named the lowest percentage; a rating is read in CQC's order
    (Outstanding to Inadequate), named, and cited on its rating line."""
    worst = classify("Which council got the worst overall rating?")
    assert worst.kind == "rating extreme" and not worst.best
    text, cites = compose(worst, CARDS)
    assert text.startswith("Of the 4 councils in this corpus, the lowest overall rating is Inadequate: Damson Council [1].")
    assert "The others: Alder Council, Requires improvement [2]; Cedar Council, Requires improvement [3]; " \
           "Birch Council, Good [4]." in text, text
    assert [rid for rid, _ in cites] == ["damson-council", "alder-council", "cedar-council", "birch-council"]
    assert cites[0][1] == D.rating
    best, _ = compose(classify("Which council has the best rating?"), CARDS)
    assert "the highest overall rating is Good: Birch Council [1]" in best, best
    shared, _ = compose(classify("Which council was rated lowest?"), [A, B, C])
    assert "the lowest overall rating is Requires improvement: Alder Council [1] and Cedar Council [2]" in shared
    assert classify("Which council has the highest overall percentage?").kind == "extreme"  # a percentage stays one


def test_the_best_council_is_shown_beside_the_others_when_there_are_few():
    text, cites = compose(classify("Which council did better on safeguarding?"), [A, D])
    assert text == "Of the 2 councils in this corpus, one has the highest Safeguarding score, 2: Alder Council [1]. " \
                   "The other: Damson Council 1 [2].", text
    theme, _ = compose(classify("Which council scored highest on the leadership theme?"), CARDS)
    assert "the highest Theme 4: Leadership average, 2.50: Birch Council [1–2]" in theme, theme


def test_composed_answers_say_their_base_and_cite_each_figure():
    text, cites = compose(classify("Which council scored highest for safeguarding?"), CARDS)
    assert text.startswith("Of the 4 councils in this corpus, 2 share the highest")
    assert "Birch Council [1]" in text and "Cedar Council [2]" in text
    assert [rid for rid, _ in cites] == ["birch-council", "cedar-council", "alder-council", "damson-council"]
    text, cites = compose(classify("Rank the councils by their overall percentage"), CARDS)
    assert "1. Birch Council 75.0% (computed) [1–9]" in text and "2. Cedar Council 50.0% (computed)" in text
    assert len(cites) == 36
    text, cites = compose(classify("Which councils were rated Outstanding?"), CARDS)
    assert text == "Of the 4 councils in this corpus, none was rated Outstanding." and cites == ()
    text, _ = compose(classify("Which council was assessed most recently?"), CARDS)
    assert "Birch Council's, published 2025-02-10 [1] and Cedar Council's, published 2025-02-10 [2]" in text


def test_a_stated_percentage_is_used_as_stated_and_cited_where_the_report_states_it():
    """A report that says "scored 81 out of 100" is ranked by its own figure (labelled stated), not by ours."""
    from dataclasses import replace

    from qa.types import Percentage

    said = Span(700, 740, "Elm Council scored 81 out of 100 overall")
    elm = replace(card("Elm Council", [3, 3, 3, 3, 3, 3, 3, 3, 3], "Good", "2025-04-01"),
                  percentage=Percentage(81, True, 27, 36, 9, said))
    figure = aggregate.percentage(elm)
    assert figure.value == 81.0 and figure.stated and figure.spans == (said,)
    text, cites = compose(classify("Rank the councils by their overall percentage"), [A, elm])
    assert text.index("Elm Council 81% (stated)") < text.index("Alder Council 50.0% (computed)")
    assert cites[0] == ("elm-council", said)


def test_a_stated_whole_percent_ties_with_a_computed_one_that_rounds_to_it():
    """CQC states "72%"; 26 of 36 computed is 72.2%: the same score, so the same place, not a difference."""
    from dataclasses import replace

    from qa.types import Percentage

    said = Span(700, 730, "Overall score: 72%")
    fir = replace(card("Fir Council", [3, 3, 3, 3, 3, 3, 3, 3, 2], "Good", "2025-04-01"),
                  percentage=Percentage(72, True, 26, 36, 9, said))
    gorse = card("Gorse Council", [3, 3, 3, 3, 3, 3, 3, 2, 3], "Good", "2025-04-01")  # 26 of 36: 72.2% computed
    text, _ = compose(classify("Rank the councils by their overall percentage"), [gorse, fir, A])
    assert "1. Fir Council 72% (stated)" in text and "1. Gorse Council 72.2% (computed)" in text, text
    assert "3. Alder Council 50.0% (computed)" in text and "compared in whole percents" in text, text
    best, _ = compose(classify("Which council has the highest overall percentage?"), [gorse, fir, A])
    assert "2 share the highest overall percentage" in best, best
    computed, _ = compose(classify("Rank the councils by their overall percentage"), [gorse, A])
    assert "(computed: sum of scores / (4 × statements))" in computed  # none stated: compared as computed


def test_half_a_percent_rounds_up_as_a_percentage_is_written():
    from qa.cqc.aggregate import _rounded

    assert _rounded(62.5, 0) == 63 and _rounded(72.2, 0) == 72 and _rounded(50.0, 6) == 50.0


@pytest.mark.parametrize("question,kind", [("Which council handles safeguarding best?", "extreme"),
                                           ("Which council is best at safeguarding people from abuse?", "extreme"),
                                           ("Are any council-run care homes rated Inadequate?", None),
                                           ("Did any council score 4 on anything?", "any")])
def test_a_statement_named_is_a_score_question_unless_something_else_is_counted(question, kind):
    q = classify(question)
    assert (q.kind if q else None) == kind, q


def test_the_most_of_a_statements_figures_is_no_score_question():
    """"Which council had the most safeguarding concerns?" names a statement but counts concerns: it was answered
    with the councils' safeguarding scores."""
    assert classify("Which council had the most safeguarding concerns?") is None
    assert classify("Which council received the highest number of safeguarding referrals?") is None
    assert classify("Which council had the highest safeguarding score?").kind == "extreme"
    assert classify("Which council did best on safeguarding?").kind == "extreme"


def test_a_council_named_by_the_first_word_of_its_name_alone():
    """"Kestrel" is Kestrel Bay when no other council begins so; "Cheshire" is two councils, "North" none."""
    from qa.cqc.councils import CouncilNames
    from qa.text import normalise

    cards = [card(n, [2] * 9, "Good", "2025-01-01") for n in (
        "Kestrel Bay Metropolitan Borough Council", "Thornbury Vale Borough Council", "Cheshire East Council",
        "Cheshire West and Chester Council", "Brighton and Hove City Council", "North Yorkshire Council",
        "Kingston upon Thames Council")]
    names = CouncilNames({c.id: c for c in cards})

    def named(question, among=names):
        return among.named(normalise(re.sub(r"['’]s\b", "", question)), question)[0]

    assert named("What did Kestrel score for safeguarding?") == "kestrel-bay-metropolitan-borough-council"
    assert named("Thornbury's waiting times") == "thornbury-vale-borough-council"
    assert named("What did Brighton score?") == "brighton-and-hove-city-council"
    assert named("What did Cheshire score?") is None  # Cheshire East or Cheshire West and Chester
    assert named("What did North score?") is None
    twice = [card("Kestrel Bay Metropolitan Borough Council", [2] * 9, "Good", "2025-01-01"),
             replace(card("Kestrel Bay Metropolitan Borough Council", [2] * 9, "Good", "2025-01-01"), id="kestrel-pdf")]
    assert named("What did Kestrel score?", CouncilNames({c.id: c for c in twice})) is not None  # one council
    east = CouncilNames({c.id: c for c in cards if c.id == "cheshire-east-council"})
    assert named("What did Cheshire score?", east) is None  # the country has Cheshire West and Chester too
    assert named("how do carers find kestrel?") == "kestrel-bay-metropolitan-borough-council"  # no capitals at all
    assert named("Do CQC reports say a kestrel nests here?") is None  # lower case where the question has capitals


@pytest.mark.parametrize("question,theme", [("What did the council score for leadership?", 4),
                                            ("How did it do on providing support?", 2),
                                            ("What did it score for working with people?", 1)])
def test_a_theme_named_without_the_word_theme_is_that_theme(question, theme):
    """"What did Derby score for leadership?" was answered with the overall rating; "leadership" names Theme 4
    (no statement is called so), as "the leadership theme" does."""
    from qa.cqc.framework import STATEMENTS
    from qa.cqc.score_questions import classify as classify_score

    q = classify_score(question)
    assert q is not None and set(q.statements) == {st.name for st in STATEMENTS if st.theme == theme}, q
    assert classify_score("What do staff think of the leadership?") is None  # no score asked
    strongest = classify("Which council is strongest on leadership?")
    assert strongest.kind == "extreme" and set(strongest.statements) == {st.name for st in STATEMENTS if st.theme == 4}
