"""Q&A sets -> metrics: how often the right passage comes first, whether answers hold the figure, and speed.

A passage is relevant when it contains one of the question's evidence strings (exact substrings of the report).
An answer is right when it contains each expected string as a whole token sequence ("2" is not found in
"2022"). Unanswerable questions score the abstention; answerable ones count false abstentions.
"""

from __future__ import annotations

import json
import math
import re
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

from qa.errors import QAError

KINDS = ("score", "number", "finding", "paraphrase", "aggregate", "national", "why", "improve", "strengths", "views", "unanswerable")
CUTOFFS = (1, 3, 5, 10)


@dataclass(frozen=True)
class Question:
    id: str
    kind: str
    question: str
    evidence: tuple[str, ...]
    answer: tuple[str, ...]


@dataclass
class Outcome:
    question: Question
    relevant_ranks: list[int]  # 1-based ranks of relevant passages among the top k
    answer_text: str = ""
    abstained: bool = False
    answer_ok: bool | None = None
    retrieve_ms: float = 0.0
    ask_ms: float = 0.0
    top_passage: str = ""


@dataclass
class Report:
    mode: str
    metrics: dict
    by_kind: dict
    outcomes: list[Outcome] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)  # questions whose evidence no passage holds (a typo?)


def load_questions(path: str | Path) -> list[Question]:
    """Read a JSON Lines Q&A set, with a one-line error naming the line for anything malformed."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise QAError(f"{path}: no such question file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise QAError(f"{path}: cannot be read ({type(exc).__name__})") from None
    out: list[Question] = []
    seen: set[str] = set()
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{path}:{n}"
        try:
            d = json.loads(line)
        except ValueError as exc:
            raise QAError(f"{where}: not JSON ({exc})") from None
        q = _question(d, where)
        if q.id in seen:
            raise QAError(f"{where}: id '{q.id}' is used twice")
        seen.add(q.id)
        out.append(q)
    if not out:
        raise QAError(f"{path}: holds no questions")
    return out


FIELDS = ("id", "kind", "question", "evidence", "answer")
_FORMAT = ('{"id": "q1", "kind": "number", "question": "...", "evidence": ["exact text of the report"], '
           '"answer": ["30.9 days"]}')


def _question(d, where: str) -> Question:
    """One line's question, or a one-line error: a misspelt field or a string where a list belongs would
    otherwise be read as no expected answer, and every answer would count as right."""
    if not isinstance(d, dict):
        raise QAError(f"{where}: not a question object; each line is like {_FORMAT}")
    unknown = sorted(set(d) - set(FIELDS))
    if unknown:
        raise QAError(f"{where}: unknown field{'s' if len(unknown) > 1 else ''} {', '.join(map(repr, unknown))} "
                      f"(the fields are {', '.join(FIELDS)})")
    missing = [f for f in ("id", "kind", "question") if f not in d]
    if missing:
        raise QAError(f"{where}: no {' or '.join(missing)}; each line is like {_FORMAT}")
    if not isinstance(d["question"], str) or not d["question"].strip():
        raise QAError(f"{where}: the question is not a non-empty string")
    if d["kind"] not in KINDS:
        raise QAError(f"{where}: unknown kind '{d['kind']}' (use one of {', '.join(KINDS)})")
    lists = {}
    for f in ("evidence", "answer"):
        v = d.get(f, [])
        if not isinstance(v, list) or not all(isinstance(x, str) and x.strip() for x in v):
            raise QAError(f"{where}: {f} must be a list of non-empty strings, e.g. [{json.dumps(str(v))}]")
        lists[f] = tuple(v)
    if d["kind"] == "unanswerable" and (lists["evidence"] or lists["answer"]):
        raise QAError(f"{where}: an unanswerable question has no evidence and no answer")
    if d["kind"] != "unanswerable" and not (lists["evidence"] or lists["answer"]):
        raise QAError(f"{where}: give the evidence (the report's exact text) or the answer to check it by, or "
                      "make its kind unanswerable")
    return Question(str(d["id"]), d["kind"], d["question"], lists["evidence"], lists["answer"])


# An answer's own citation numbers ("... pathway. [2]"): never the figure it was asked for.
_CITATION_MARK = re.compile(r"\[\d+\]")


def contains_token(text: str, expected: str) -> bool:
    """Whole-token, case-insensitive containment: "2" is in "scored 2." but not in "2022", "2.5" or the citation
    mark "[2]"."""
    pattern = r"(?<![\w.])" + re.escape(expected.lower()) + r"(?!\w|\.\d)"
    return re.search(pattern, _CITATION_MARK.sub(" ", text).lower()) is not None


def reciprocal_rank(ranks: list[int], k: int = 10) -> float:
    return 1.0 / min(ranks) if ranks and min(ranks) <= k else 0.0


def hit_at(ranks: list[int], k: int) -> float:
    return 1.0 if ranks and min(ranks) <= k else 0.0


def ndcg(ranks: list[int], n_relevant: int, k: int = 10) -> float:
    """Binary-relevance nDCG@k; the ideal ranking puts min(n_relevant, k) relevant passages first."""
    dcg = sum(1.0 / math.log2(r + 1) for r in set(ranks) if r <= k)
    ideal = sum(1.0 / math.log2(r + 1) for r in range(1, min(n_relevant, k) + 1))
    return dcg / ideal if ideal else 0.0


def relevant_ranks(hits, evidence: tuple[str, ...]) -> list[int]:
    """Ranks of hits whose passage contains an evidence string; each passage id counted once."""
    seen, ranks = set(), []
    for rank, hit in enumerate(hits, start=1):
        if hit.passage.id in seen:
            continue
        seen.add(hit.passage.id)
        if any(e in hit.passage.text for e in evidence):
            ranks.append(rank)
    return ranks


def evaluate(assistant, questions: list[Question], mode: str = "hybrid", k: int = 10, answers: bool = True) -> Report:
    outcomes = []
    n_relevant = _relevant_counts(assistant, questions)
    for q in questions:
        t0 = time.perf_counter()
        hits = assistant.retrieve(q.question, k=k, mode=mode)
        t1 = time.perf_counter()
        out = Outcome(q, relevant_ranks(hits, q.evidence) if q.evidence else [], retrieve_ms=(t1 - t0) * 1000,
                      top_passage=hits[0].passage.text[:160] if hits else "")
        if answers:
            ans = assistant.ask(q.question, mode=mode)
            out.ask_ms = (time.perf_counter() - t1) * 1000
            out.answer_text, out.abstained = ans.text, ans.abstained
            out.answer_ok = ans.abstained if q.kind == "unanswerable" else (
                not ans.abstained and all(contains_token(ans.text, a) for a in q.answer)) if q.answer or \
                q.kind == "unanswerable" else None  # evidence alone judges the retrieval, not the answer
        outcomes.append(out)
    unmatched = [q.id for q in questions if q.evidence and not n_relevant[q.id]]
    return Report(mode, _metrics(outcomes, n_relevant, k), _by_kind(outcomes, n_relevant, k), outcomes, unmatched)


def _relevant_counts(assistant, questions) -> dict[str, int]:
    texts = [p.text for p in assistant.index.passages]
    return {q.id: sum(1 for t in texts if any(e in t for e in q.evidence)) for q in questions}


def _retrieval(outcomes: list[Outcome], n_relevant: dict[str, int], k: int) -> dict:
    answerable = [o for o in outcomes if o.question.kind != "unanswerable"]
    if not answerable:
        return {}
    m = {f"hit@{c}": statistics.fmean(hit_at(o.relevant_ranks, c) for o in answerable) for c in CUTOFFS if c <= k}
    m["mrr@10"] = statistics.fmean(reciprocal_rank(o.relevant_ranks, 10) for o in answerable)
    m["ndcg@10"] = statistics.fmean(ndcg(o.relevant_ranks, n_relevant[o.question.id], 10) for o in answerable)
    return m


def _metrics(outcomes: list[Outcome], n_relevant: dict[str, int], k: int) -> dict:
    m = _retrieval(outcomes, n_relevant, k)
    m["questions"] = len(outcomes)
    judged = [o for o in outcomes if o.answer_ok is not None]
    # a question judged by its passage alone that gets "the report doesn't say" was still wrongly abstained on
    asked = [o for o in outcomes if o.answer_text and o.question.kind != "unanswerable"]
    if asked:
        m["false_abstention"] = statistics.fmean(o.abstained for o in asked)
    if judged:
        answerable = [o for o in judged if o.question.kind != "unanswerable"]
        unanswerable = [o for o in judged if o.question.kind == "unanswerable"]
        if answerable:
            m["answer_accuracy"] = statistics.fmean(o.answer_ok for o in answerable)
        if unanswerable:
            m["abstention"] = statistics.fmean(o.abstained for o in unanswerable)
        m["ask_p50_ms"], m["ask_p95_ms"] = _percentiles([o.ask_ms for o in judged])
    m["retrieve_p50_ms"], m["retrieve_p95_ms"] = _percentiles([o.retrieve_ms for o in outcomes])
    return m


def _by_kind(outcomes: list[Outcome], n_relevant: dict[str, int], k: int) -> dict:
    out = {}
    for kind in KINDS:
        group = [o for o in outcomes if o.question.kind == kind]
        if not group:
            continue
        row = {"questions": len(group), **_retrieval(group, n_relevant, k)}
        judged = [o for o in group if o.answer_ok is not None]
        if judged:
            row["answer_accuracy"] = statistics.fmean(o.answer_ok for o in judged)
        out[kind] = row
    return out


def _percentiles(values: list[float]) -> tuple[float, float]:
    if not values:
        return 0.0, 0.0
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)]
    return statistics.median(ordered), p95


def failed_on(o: Outcome) -> str:
    """What a failed question missed: its answer, its retrieval (no relevant passage first), or both."""
    parts = ["answer"] if o.answer_ok is False else []
    if o.question.evidence and o.relevant_ranks[:1] != [1]:
        parts.append("retrieval")
    return ", ".join(parts)


def failures(report: Report) -> list[Outcome]:
    return [o for o in report.outcomes if o.answer_ok is False or (o.question.evidence and not o.relevant_ranks[:1])]


def check_thresholds(metrics: dict, rules: list[str]) -> list[str]:
    """``["hit@5=0.9", ...]`` -> the rules that fail, as readable lines; a bad rule is a QAError."""
    failed = []
    for rule in rules:
        name, sep, value = rule.partition("=")
        try:
            limit = float(value)
        except ValueError:
            raise QAError(f"--fail-under expects METRIC=VALUE, e.g. hit@5=0.9; got '{rule}'") from None
        if not sep or name not in metrics:
            raise QAError(f"--fail-under: unknown metric '{name}' (known: {', '.join(sorted(metrics))})")
        if metrics[name] < limit:
            failed.append(f"{name} = {metrics[name]:.3f} is under {limit}")
    return failed
