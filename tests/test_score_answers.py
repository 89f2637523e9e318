"""Score questions within one report on a hand-computed table: counts with conditions, sums, the computed
percentage, exclusions and theme-level questions."""

from __future__ import annotations

import pytest

from qa.cqc.framework import LABELS, STATEMENTS, canonical_theme
from qa.cqc.score_answers import compose
from qa.cqc.score_questions import classify, condition, exclusions
from qa.types import ReportCard, Span, StatementScore

# Scores 3 2 1 | 4 3 | 2 1 | 3 4: total 23 of 36 = 63.9%; theme means 2.0, 3.5, 1.5, 3.5.
SCORES = [3, 2, 1, 4, 3, 2, 1, 3, 4]
CARD = ReportCard("alder", "alder.md", "Alder Council: local authority assessment", "Alder Council", "2025-01-01",
                  Span(0, 4, "Good"), tuple(StatementScore(canonical_theme(st.theme), st.name, v, LABELS[v],
                                                           Span(10 * i, 10 * i + 8, f"Score: {v}"))
                                            for i, (st, v) in enumerate(zip(STATEMENTS, SCORES))), ())


def answer(question: str) -> tuple[str, int]:
    text, spans = compose(classify(question), CARD)
    return text, len(spans)


def test_conditions_and_exclusion_clauses():
    assert condition("how many statements scored at least 3") == ("ge", 3)
    assert condition("how many scored 2 or below") == ("le", 2)
    assert condition("how many scored below 2") == ("lt", 2)
    assert condition("which council scored 4") == ("eq", 4)
    assert condition("what is the score") is None
    rest, out = exclusions("Apart from safeguarding, which statement scored lowest?")
    assert out == ("Safeguarding",) and "safeguarding" not in rest.lower()
    assert exclusions("Other than assessing needs and equity, what was the highest score?")[1] == \
        ("Assessing needs", "Equity in experience and outcomes")
    assert exclusions("What did the council score for safeguarding?")[1] == ()


@pytest.mark.parametrize("question,expected,cited", [
    ("How many statements scored 3 or more?", "5 of the 9 quality statements scored at least 3", 5),
    ("How many statements scored below 2?", "2 of the 9 quality statements scored below 2", 2),
    ("What is the total of the scores?", "add up to 23 (of a possible 36)", 9),
    ("What is the overall percentage?", "Overall percentage 63.9% (computed", 9),
    ("Apart from safeguarding, which statement scored lowest?", "Lowest score: 1 (Evidence shows significant "
     "shortfalls), for 1 of the 8 quality statements other than Safeguarding: Equity in experience", 1),
    ("Excluding equity, what is the average score?", "22 points over 8 statements, 2.75", 8),
    ("What was the average score for the safety theme?", "of the 2 statements of Theme 3: Ensuring safety "
     "within the system is 1.5", 2),
    ("Which statement in the leadership theme scored highest?", "Highest score: 4", 1),
    ("Which theme did worst?", "Weakest theme by average score: Theme 3: Ensuring safety within the system (1.5)", 2),
])
def test_within_one_report(question, expected, cited):
    text, n = answer(question)
    assert expected in text, text
    assert n == cited


@pytest.mark.parametrize("question,statement", [
    ("What did Alder get for learning, improvement and innovation?", "Learning, improvement and innovation"),
    ("what did they get on safeguarding", "Safeguarding"),
])
def test_what_a_statement_got_is_its_score(question, statement):
    found = classify(question)
    assert found is not None and found.kind == "statement" and found.statements == (statement,)
    assert f"{statement}: " in answer(question)[0]


@pytest.mark.parametrize("question", ["What funding did Alder get for safeguarding?",
                                      "How much money did the council get for partnerships and communities?",
                                      "What support do carers get for their needs?"])
def test_what_was_got_for_a_figure_is_no_score(question):
    assert classify(question) is None


def test_a_themes_own_name_gives_its_statements_scores_on_the_real_report(derby_assistant):
    answer = derby_assistant.ask("What did Derby score for leadership?")
    assert answer.kind == "score" and "Governance, management and sustainability: 2" in answer.text, answer.text
    assert "Learning, improvement and innovation: 2" in answer.text and "rated overall" not in answer.text
