"""Metrics on hand-computed values, the Q&A sets' own integrity, and the quality gate CI holds us to."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pytest

from qa.errors import QAError
from qa.tools.evaluate import (
    KINDS,
    check_thresholds,
    contains_token,
    evaluate,
    hit_at,
    load_questions,
    ndcg,
    reciprocal_rank,
    relevant_ranks,
)
from qa.types import Hit, Passage

ROOT = Path(__file__).resolve().parents[1]
SETS = sorted((ROOT / "eval").glob("*.jsonl"))


def _hit(pid: str, text: str, rank: int) -> Hit:
    return Hit(Passage(pid, "r", "r.md", ("S",), 0, len(text), text), 1.0 / rank, rank, None, None)


def test_rank_metrics_by_hand():
    assert reciprocal_rank([3, 5]) == pytest.approx(1 / 3)
    assert reciprocal_rank([]) == 0.0
    assert reciprocal_rank([11], k=10) == 0.0
    assert hit_at([3], 3) == 1.0 and hit_at([4], 3) == 0.0 and hit_at([], 10) == 0.0
    # relevant at ranks 1 and 3 of 2 relevant passages: (1 + 1/log2(4)) / (1 + 1/log2(3))
    assert ndcg([1, 3], 2) == pytest.approx((1 + 0.5) / (1 + 1 / math.log2(3)))
    assert ndcg([1], 1) == 1.0 and ndcg([], 3) == 0.0


def test_relevance_counts_each_passage_once():
    hits = [_hit("a", "the 65.38 days wait", 1), _hit("a", "the 65.38 days wait", 2), _hit("b", "other", 3),
            _hit("c", "maximum 337 days", 4)]
    assert relevant_ranks(hits, ("65.38 days", "337 days")) == [1, 4]
    assert relevant_ranks(hits, ("nowhere",)) == []
    ranks = relevant_ranks(hits, ("days",))
    assert ndcg(ranks, 2) <= 1.0 and hit_at(ranks, 1) == 1.0


def test_answers_must_hold_figures_as_whole_tokens():
    assert contains_token("Safeguarding: 2 (Evidence shows some shortfalls)", "2")
    assert not contains_token("in 2022/23 the budget", "2")
    assert not contains_token("averaged 2.5", "2")
    assert contains_token("an average of 65.38 days.", "65.38 days")
    assert contains_token("It was 3,931 referrals", "3,931")
    assert not contains_token("13,931 referrals", "3,931")
    assert contains_token("Requires improvement [1].", "requires improvement")
    assert not contains_token("a small equipment pathway. [2]", "2")  # the answer's citation mark is no figure
    assert contains_token("scored 2 [1]", "2")


def test_thresholds():
    assert check_thresholds({"hit@5": 0.95}, ["hit@5=0.9"]) == []
    assert check_thresholds({"hit@5": 0.85}, ["hit@5=0.9"]) == ["hit@5 = 0.850 is under 0.9"]
    with pytest.raises(QAError, match="unknown metric 'hit@7'"):
        check_thresholds({"hit@5": 0.85}, ["hit@7=0.9"])
    with pytest.raises(QAError, match="METRIC=VALUE"):
        check_thresholds({"hit@5": 0.85}, ["hit@5=high"])


@pytest.mark.parametrize("path", SETS, ids=lambda p: p.name)
def test_question_sets_are_well_formed_and_their_evidence_is_verbatim(path):
    own = path.with_suffix("")  # a set with a folder of the same name beside it is asked of that corpus
    corpus = "\n".join(p.read_text(encoding="utf-8") for p in ((own if own.is_dir() else ROOT / "corpus").glob("*.md")))
    questions = load_questions(path)
    assert len({q.id for q in questions}) == len(questions)
    for q in questions:
        assert q.kind in KINDS
        if q.kind == "unanswerable":
            assert not q.evidence and not q.answer, q.id
            continue
        assert q.evidence, q.id  # the passage judges retrieval; an answer string, where given, judges the answer
        for e in q.evidence:
            assert e in corpus, (q.id, e)


def test_the_main_set_is_big_and_varied():
    questions = load_questions(ROOT / "eval" / "derby.jsonl")
    assert len(questions) >= 120
    assert {q.kind for q in questions} == {"score", "number", "finding", "paraphrase", "aggregate", "unanswerable"}


def test_bad_question_files(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "kind": "score"}\n', encoding="utf-8")
    with pytest.raises(QAError, match="bad.jsonl:1"):
        load_questions(bad)
    bad.write_text('{"id": "x", "kind": "guess", "question": "q"}\n', encoding="utf-8")
    with pytest.raises(QAError, match="unknown kind 'guess'"):
        load_questions(bad)
    with pytest.raises(QAError, match="no such question file"):
        load_questions(tmp_path / "missing.jsonl")


@pytest.mark.parametrize("line,message", [
    ('{"id": "x", "kind": "number", "question": "q?", "answers": ["99999"]}', "unknown field 'answers'"),
    ('{"id": "x", "kind": "number", "question": "q?", "relevant": ["a"], "answer": ["1"]}', "unknown field 'relevant'"),
    ('{"id": "x", "kind": "number", "question": "q?", "answer": "915"}', "answer must be a list of non-empty strings"),
    ('{"id": "x", "kind": "number", "question": "q?"}', "give the evidence"),
    ('{"id": "x", "kind": "unanswerable", "question": "q?", "answer": ["1"]}', "has no evidence and no answer"),
    ('{"id": "x", "kind": "number", "question": " ", "answer": ["1"]}', "not a non-empty string"),
    ('["x"]', "not a question object"),
    ('{"id": "x", "kind": "number", "question": "q?", "answer": ["1"]}\n'
     '{"id": "x", "kind": "number", "question": "r?", "answer": ["2"]}', "bad.jsonl:2: id 'x' is used twice"),
])
def test_a_question_file_that_would_judge_wrongly_is_refused(tmp_path, line, message):
    """A misspelt field or a string for a list would leave a question no expected answer, and so count every
    answer as right: refused, naming the line."""
    bad = tmp_path / "bad.jsonl"
    bad.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(QAError, match=re.escape(message)):
        load_questions(bad)


def test_a_question_with_evidence_alone_judges_retrieval_not_the_answer(tmp_path, derby_assistant):
    path = tmp_path / "evidence.jsonl"
    path.write_text('{"id": "e1", "kind": "number", "question": "How long do people wait for a financial assessment?", '
                    '"evidence": ["financial assessment"]}\n', encoding="utf-8")
    run = evaluate(derby_assistant, load_questions(path))
    assert run.outcomes[0].answer_ok is None and "answer_accuracy" not in run.metrics
    assert run.outcomes[0].relevant_ranks


def test_a_question_with_evidence_alone_still_counts_a_wrong_abstention(tmp_path, derby_assistant):
    path = tmp_path / "evidence.jsonl"
    path.write_text('{"id": "e1", "kind": "number", "question": "How many safeguarding enquiries are waiting in the '
                    'backlog?", "evidence": ["backlog for safeguarding enquires"]}\n'
                    '{"id": "e2", "kind": "score", "question": "What did Derby score for safeguarding?", '
                    '"evidence": ["Safeguarding"], "answer": ["2"]}\n', encoding="utf-8")
    run = evaluate(derby_assistant, load_questions(path))
    assert run.outcomes[0].abstained and not run.outcomes[1].abstained
    assert run.metrics["false_abstention"] == 0.5 and run.metrics["answer_accuracy"] == 1.0


def test_a_failed_question_says_what_it_failed_on_and_evidence_found_nowhere_is_reported(tmp_path, derby_assistant):
    # a new user's: a right answer listed under "Failed questions" with no reason; an evidence string with a typo
    # in it accepted in silence
    from qa.tools.evaluate import failed_on, failures

    path = tmp_path / "mine.jsonl"
    path.write_text('{"id": "t1", "kind": "number", "question": "How long do people wait for a financial assessment?", '
                    '"evidence": ["The maximum wiat for financial assessments"], "answer": ["337 days"]}\n'
                    '{"id": "t2", "kind": "number", "question": "How long do people wait for a financial assessment?", '
                    '"evidence": ["The maximum wait for financial assessments"], "answer": ["12 fortnights"]}\n',
                    encoding="utf-8")
    run = evaluate(derby_assistant, load_questions(path))
    assert run.unmatched == ["t1"]
    assert {o.question.id: failed_on(o) for o in failures(run)} == {"t1": "retrieval", "t2": "answer"}


# Today's figures on eval/derby.jsonl, less a small margin: a change that loses quality fails CI. (abstention
# 0.55 -> 0.7 after the coverage check measured 0.75; answer accuracy 0.82 -> 0.84 and abstention 0.7 -> 0.9 after
# the near-miss rules measured 0.858 and 0.95: docs/evaluation-trust.md; retrieval raised with late interaction on
# by default, measured hit@1 0.867, hit@5 0.965, MRR@10 0.906, and accuracy after the completing sentence, 0.903;
# 0.88 -> 0.91 in the seventh round, measured 0.929)
GATE = {"hit@1": 0.85, "hit@5": 0.95, "mrr@10": 0.89, "answer_accuracy": 0.91, "abstention": 0.9}
MAX_FALSE_ABSTENTION = 0.05


def test_quality_gate_on_the_main_set(built_index):
    """What CI holds us to, run as a user would: ``qa eval eval/derby.jsonl --fail-under ...``."""
    from typer.testing import CliRunner

    from qa.app.cli import app

    where = ["--corpus", str(built_index.settings.corpus), "--index", str(built_index.settings.index)]
    rules = [x for k, v in GATE.items() for x in ("--fail-under", f"{k}={v}")]
    result = CliRunner().invoke(app, ["eval", str(ROOT / "eval" / "derby.jsonl"), *where, "--json", *rules])
    assert result.exit_code == 0, result.stderr[-2000:]
    payload = json.loads(result.stdout)
    metrics = payload["metrics"] if "metrics" in payload else payload["runs"][0]["metrics"]
    print(json.dumps({k: round(v, 3) for k, v in metrics.items()}))
    assert metrics["false_abstention"] <= MAX_FALSE_ABSTENTION
    answerable = [o for o in payload["outcomes"] if o["kind"] != "unanswerable"]
    mrr = sum(1 / min(o["relevant_ranks"]) if o["relevant_ranks"] else 0.0 for o in answerable) / len(answerable)
    assert metrics["mrr@10"] == pytest.approx(mrr, abs=1e-12)  # the figure the gate reads is the per-question mean
    hit5 = sum(1 for o in answerable if o["relevant_ranks"] and min(o["relevant_ranks"]) <= 5) / len(answerable)
    assert metrics["hit@5"] == pytest.approx(hit5, abs=1e-12)


def test_quality_gate_on_the_unseen_trust_sets(built_index, qa_embedder):
    """Near-misses the answer must not pass off (eval/unanswerable.jsonl: measured 0.929) and the held-out sets,
    answerable and not (measured: public abstention 0.933, no wrong abstention, accuracy 0.756; fresh abstention
    0.864, wrong abstention 0.026, accuracy 0.744, MRR@10 0.831; desk, written unseen in the seventh round,
    abstention 0.85, wrong abstention 0.06, accuracy 0.72, MRR@10 0.858; phone, written unseen in the eighth,
    abstention 0.875, wrong abstention 0.172, accuracy 0.547, MRR@10 0.755; 0.786 with a passage's best
    sentence in MaxSim)."""
    from qa.api import Assistant
    from qa.tools.evaluate import evaluate

    assistant = Assistant(built_index.settings, built_index.index, qa_embedder, built_index.summary)
    near = evaluate(assistant, load_questions(ROOT / "eval" / "unanswerable.jsonl"))
    assert near.metrics["abstention"] >= 0.9
    public = evaluate(assistant, load_questions(ROOT / "eval" / "public.jsonl"))
    assert public.metrics["abstention"] >= 0.91
    assert public.metrics["false_abstention"] <= 0.05
    assert public.metrics["answer_accuracy"] >= 0.73
    fresh = evaluate(assistant, load_questions(ROOT / "eval" / "fresh.jsonl"))
    assert fresh.metrics["abstention"] >= 0.84 and fresh.metrics["false_abstention"] <= 0.08
    assert fresh.metrics["answer_accuracy"] >= 0.69 and fresh.metrics["mrr@10"] >= 0.81
    plain = evaluate(assistant, load_questions(ROOT / "eval" / "plain.jsonl"))  # measured 0.95, 0.117, 0.783, 0.918
    assert plain.metrics["abstention"] >= 0.85 and plain.metrics["false_abstention"] <= 0.14
    assert plain.metrics["answer_accuracy"] >= 0.75 and plain.metrics["mrr@10"] >= 0.89
    # measured 0.733; 0.700 with a passage's best sentence in MaxSim (one score's third reason changed)
    why = evaluate(assistant, load_questions(ROOT / "eval" / "why.jsonl"))
    assert why.metrics["answer_accuracy"] >= 0.66
    desk = evaluate(assistant, load_questions(ROOT / "eval" / "desk.jsonl"))
    assert desk.metrics["abstention"] >= 0.8 and desk.metrics["false_abstention"] <= 0.1
    assert desk.metrics["answer_accuracy"] >= 0.68 and desk.metrics["mrr@10"] >= 0.83
    phone = evaluate(assistant, load_questions(ROOT / "eval" / "phone.jsonl"))
    assert phone.metrics["abstention"] >= 0.8 and phone.metrics["false_abstention"] <= 0.25
    assert phone.metrics["answer_accuracy"] >= 0.5 and phone.metrics["mrr@10"] >= 0.76
    # readers' own words: MRR@10 0.719 -> 0.751 with a passage's best sentence in MaxSim (issue 16's target 0.74)
    everyday = evaluate(assistant, load_questions(ROOT / "eval" / "everyday.jsonl"))
    assert everyday.metrics["mrr@10"] >= 0.74


# Today's figures on eval/councils.jsonl over its own made-up corpus (docs/councils.md), less a small margin.
COUNCILS_GATE = {"answer_accuracy": 0.95, "abstention": 0.95}


@pytest.fixture(scope="module")
def councils_assistant(councils_index, qa_embedder):
    from qa.api import Assistant

    built = councils_index
    return Assistant(built.settings, built.index, qa_embedder, built.summary)


def test_quality_gate_on_the_councils_set(councils_assistant):
    from qa.tools.evaluate import evaluate

    run = evaluate(councils_assistant, load_questions(ROOT / "eval" / "councils.jsonl"))
    print(json.dumps({k: round(v, 3) for k, v in run.metrics.items()}))
    assert check_thresholds(run.metrics, [f"{k}={v}" for k, v in COUNCILS_GATE.items()]) == []
    assert run.by_kind["aggregate"]["answer_accuracy"] >= 0.95
    assert run.by_kind["national"]["answer_accuracy"] >= 0.95  # measured 1.000 (9 of 9)
    assert run.metrics["false_abstention"] <= 0.05


def test_the_councils_set_holds_with_its_reports_in_the_published_layouts(councils_index, qa_embedder, tmp_path):
    """The same five councils as CQC publishes them: one as a saved web page, one as a PDF with a running header,
    one as text copied from a browser (no #, "•" bullets, a site line above the title), two as markdown."""
    import re
    import shutil
    import sys

    from qa.api import Assistant
    from qa.config import Settings
    from qa.search.lifecycle import refresh
    from qa.tools.evaluate import evaluate

    sys.path.insert(0, str(ROOT / "tests"))
    import formats_fixtures as F

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for path in sorted((ROOT / "eval" / "councils").glob("*.md")):
        md = path.read_text(encoding="utf-8")
        if path.name.startswith("northmoor"):
            (corpus / f"{path.stem}.html").write_text(F.md_to_html(md), encoding="utf-8")
        elif path.name.startswith("eastvale"):
            F.write_pdf(corpus / f"{path.stem}.pdf", F.md_blocks(md), header=md.splitlines()[0].lstrip("# ").strip())
        elif path.name.startswith("westbridge"):
            copied = [re.sub(r"^#+\s*", "", re.sub(r"^- ", "\u2022 ", ln)).replace("**", "") for ln in md.splitlines()]
            (corpus / f"{path.stem}.txt").write_text("Skip to main content\n" + "\n".join(copied), encoding="utf-8")
        else:
            shutil.copy(path, corpus)
    index_dir = tmp_path / "index"
    shutil.copytree(councils_index.settings.index, index_dir, ignore=shutil.ignore_patterns(".lock"))  # vectors
    settings = Settings(corpus=corpus, index=index_dir)
    index, summary = refresh(settings, qa_embedder)
    assert summary.skipped == () and len(index.cards) == 5
    assistant = Assistant(settings, index, qa_embedder, summary)
    assert {c.council for c in index.cards.values()} == {c.council for c in councils_index.index.cards.values()}
    run = evaluate(assistant, load_questions(ROOT / "eval" / "councils.jsonl"))
    print(json.dumps({k: round(v, 3) for k, v in run.metrics.items()}))  # measured 0.983 as in markdown
    assert check_thresholds(run.metrics, [f"{k}={v}" for k, v in COUNCILS_GATE.items()]) == []
    assert run.by_kind["aggregate"]["answer_accuracy"] >= 0.95 and run.by_kind["national"]["answer_accuracy"] >= 0.95


def test_corpus_answers_cite_their_own_reports_read_back(councils_assistant):
    corpus = ROOT / "eval" / "councils"
    answer = councils_assistant.ask("Which council had the lowest safeguarding score?")
    assert answer.kind == "score" and len(answer.citations) == 5  # the two lowest, then the others beside them
    assert {c.passage.report for c in answer.citations[:2]} == {"westbridge-city-council", "southmere-district-council"}
    for c in answer.citations:
        assert (corpus / c.passage.source).read_text(encoding="utf-8")[c.start : c.end] == c.quote
    assert all(c.quote.startswith("Score: 1") for c in answer.citations[:2])
    assert not any(c.quote.startswith("Score: 1") for c in answer.citations[2:])
    both = councils_assistant.ask("Compare Northmoor and Eastvale on safeguarding scores")
    assert [c.passage.report for c in both.citations] == ["northmoor-borough-council", "eastvale-county-council"]
    missing = councils_assistant.ask("Compare Eastvale and Leeds on safeguarding score")
    assert "no report for Leeds" in missing.text and "Safeguarding: 4" in missing.text


def test_which_of_two_named_councils_did_better_is_answered_from_their_scores(councils_assistant):
    """A new user's "Which council did better on safeguarding, A or B?" got each council's count of concerns."""
    better = councils_assistant.ask("Which council did better on safeguarding, Northmoor or Kelby?")
    assert better.kind == "score" and [c.passage.report for c in better.citations] == [
        "northmoor-borough-council", "kelby-metropolitan-borough-council"], better.text
    assert better.text.endswith("Northmoor Borough Council scored higher for Safeguarding: 3 against 2.")
    same = councils_assistant.ask("Is Northmoor better than Kelby at assessing needs?")
    assert same.kind == "score" and same.text.endswith("Both scored 3 for Assessing needs."), same.text
    three = councils_assistant.ask("Compare Eastvale, Kelby and Westbridge on safeguarding")
    assert three.text.endswith("Highest for Safeguarding: Eastvale County Council (4)."), three.text
    counted = councils_assistant.ask("Which had more safeguarding concerns, Northmoor or Kelby?")
    assert counted.kind != "score"  # a count of concerns, not the statement's score


def test_a_rating_asked_of_no_council_is_the_councils_rated_so(councils_assistant):
    """A new user's "Why did we get requires improvement?" (a corpus of three) was answered for every council, a
    score table's rows quoted as its reasons; "Why did X get inadequate?" was no rating question at all."""
    ours = councils_assistant.ask("Why did we get requires improvement?")
    assert ours.kind == "score" and ours.text.startswith("Southmere District Council was rated overall: Requires "
                                                         "improvement [1]"), ours.text
    assert {c.passage.report for c in ours.citations} == {"southmere-district-council"}
    good = councils_assistant.ask("Why was the council rated good?")
    assert {c.passage.report for c in good.citations} == {"kelby-metropolitan-borough-council",
                                                          "northmoor-borough-council"}, good.text
    got = councils_assistant.ask("Why did Westbridge get inadequate?")
    assert got.kind == "score" and got.text.startswith("Westbridge City Council was rated overall: Inadequate [1]")
    assert len(got.citations) > 1 and not any(c.quote.startswith("|") for c in got.citations), got.text


def test_a_misspelt_council_is_answered_for_when_close_and_suggested_when_less_so(councils_assistant):
    """A new user's "What did Harowfeld score for safeguarding?" said only that no report mentions Harowfeld; a
    researcher's "Ashcomb" and "Falowfield" wanted the answer, not only the name."""
    typo = councils_assistant.ask("What did Westbrige score for safeguarding?")
    assert typo.text.startswith("(Taking 'Westbrige' as Westbridge City Council.) Safeguarding: "), typo.text
    assert {c.passage.report for c in typo.citations} == {"westbridge-city-council"}
    far = councils_assistant.ask("What did Westbrd score for safeguarding?")  # less alike: only suggested
    assert far.abstained and far.text.endswith("never mentions Westbrd. Did you mean Westbridge City Council?")
    other = councils_assistant.ask("What did Hartlepool score for safeguarding?")
    assert other.abstained and "Did you mean" not in other.text, other.text


def test_three_councils_named_in_a_list_are_each_answered(councils_assistant):
    """"A, B and C": the council after the first comma was dropped (its name read as a search word instead)."""
    three = councils_assistant.ask("What did Eastvale, Kelby and Northmoor score for safeguarding?")
    assert {c.passage.report for c in three.citations} == {"eastvale-county-council", "kelby-metropolitan-borough-council",
                                                          "northmoor-borough-council"}, three.text
    learning = councils_assistant.ask("What did Eastvale and Westbridge score for learning, improvement and innovation?")
    assert len(learning.citations) == 2 and all(c.quote.startswith("Score:") for c in learning.citations), learning.text
    # the statement's name asks no reason: its score, not what to improve


def test_which_council_asks_every_council(councils_assistant, monkeypatch):
    """"Which council has the longest wait?": the leader may match the question less well than five others, so
    every council is asked (``BETWEEN_COUNCILS`` at most), not the five best matching."""
    import qa.api

    monkeypatch.setattr(qa.api, "EACH_COUNCILS", 2)
    between = councils_assistant.ask("Which council has the longest wait for an assessment?")
    asked = between.extras["councils"] + between.extras["not_found"]
    assert len(asked) == 5 and "(Asked of" not in between.text, between.text
    monkeypatch.setattr(qa.api, "BETWEEN_COUNCILS", 3)
    capped = councils_assistant.ask("Which council has the longest wait for an assessment?")
    assert "(Asked of the 3 of 5 reports" in capped.text, capped.text


def test_a_question_naming_no_council_says_how_many_reports_it_asked(councils_assistant, monkeypatch):
    import qa.api

    every = councils_assistant.ask("How long do people wait for an assessment?")
    assert not every.abstained and "(Asked of" not in every.text
    assert len({c.passage.report for c in every.citations}) >= 3  # one council's wait does not stand for all
    monkeypatch.setattr(qa.api, "EACH_COUNCILS", 2)
    two = councils_assistant.ask("How long do people wait for an assessment?")
    assert "(Asked of the 2 of 5 reports whose passages match the question best" in two.text
    assert len({c.passage.report for c in two.citations}) <= 2
