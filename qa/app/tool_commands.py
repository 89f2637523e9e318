"""Commands for measuring qa: eval (quality on question sets) and bench (speed)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from qa.app.base import Corpus, IndexDir, Json, Late, Mode, ModeOpt, Model, _open, command
from qa.errors import QAError


@command("eval")
def evaluate(files: Annotated[Optional[list[Path]], typer.Argument(help="Question files (JSON Lines)")] = None,
         mode: ModeOpt = Mode.hybrid,
         compare: Annotated[bool, typer.Option("--compare", help="Run bm25, dense, late and hybrid side by side")] = False,
         k: Annotated[int, typer.Option("-k", min=1, help="Passages retrieved per question")] = 10,
         fail_under: Annotated[Optional[list[str]], typer.Option(
             "--fail-under", metavar="METRIC=VALUE", help="Exit 1 if METRIC is below VALUE (repeatable)")] = None,
         late: Late = None, corpus: Corpus = None, index: IndexDir = None, model: Model = None,
         json: Json = False) -> None:
    """Score retrieval and answers on question files: hit@k, MRR, nDCG, answer accuracy, abstention, latency.

    Examples:

    * `qa eval`  (every eval/*.jsonl over ./corpus, except sets with their own corpus folder beside them)
    * `qa eval eval/councils.jsonl --corpus eval/councils --index /tmp/councils-index`  (such a set, on its corpus)
    * `qa eval eval/holdout.jsonl --compare`
    * `qa eval --fail-under hit@5=0.9 --json`
    * `qa eval eval/derby.jsonl --late 0`  (late interaction off; the default share is 0.85)

    A question file has one JSON object a line: `{"id": "q1", "kind": "number", "question": "How long is the wait?",
    "evidence": ["exact text of the report"], "answer": ["30.9 days"]}`. A passage holding an evidence string is
    relevant; an answer is right when it holds every answer string as a whole token. Kinds: score, number,
    finding, paraphrase, aggregate, national, why, improve, strengths, views, unanswerable (no evidence, no
    answer: right when qa says the report doesn't say).
    """
    from dataclasses import replace

    from qa.app import payload, render, render_eval
    from qa.tools.evaluate import check_thresholds, evaluate, failures, load_questions

    paths = files or [p for p in sorted(Path("eval").glob("*.jsonl")) if not p.with_suffix("").is_dir()]
    if not paths:
        raise QAError("no question files given and none in ./eval: name one, e.g. qa eval questions.jsonl")
    questions = [q if len(paths) == 1 else replace(q, id=f"{p.stem}:{q.id}")  # ids are unique within a file
                 for p in paths for q in load_questions(p)]
    names = [str(p) for p in paths]
    assistant = _open(corpus, index, model, late)
    rules = fail_under or []
    if compare:
        with render.working(f"evaluating {len(questions)} questions in {len(Mode)} modes…"):
            runs = {m.value: evaluate(assistant, questions, m.value, k, answers=False) for m in Mode}
        failed = [f"{m}: {line}" for m, r in runs.items() for line in check_thresholds(r.metrics, rules)]
        if json:
            print(payload.dumps(payload.comparison(runs, names, k, failed)))
        else:
            render_eval.comparison(runs, names)
    else:
        with render.working(f"evaluating {len(questions)} questions…"):
            run = evaluate(assistant, questions, mode.value, k)
        failed = check_thresholds(run.metrics, rules)
        if json:
            print(payload.dumps(payload.evaluation(run, failures(run), names, k, failed)))
        else:
            render_eval.evaluation(run, failures(run), names)
    if failed:
        render_eval.threshold_failures(failed)
        raise typer.Exit(1)


@command()
def bench(reports: Annotated[Optional[list[int]], typer.Option(
              "--reports", help="Scale-corpus sizes to time, in reports (repeatable) [default: 10]")] = None,
          out: Annotated[Path, typer.Option("--out", help="Where to write the results (JSON)")] = Path("bench.json"),
          questions: Annotated[Optional[Path], typer.Option("--questions", help="Questions to time (JSON Lines) "
                                                            "[default: the checkout's main evaluation set]")] = None,
          corpus: Corpus = None, index: IndexDir = None, json: Json = False) -> None:
    """Time index builds, reopening and questions, and how they grow with more reports; write JSON to --out.

    `--index` copies an existing index of the corpus instead of timing a build from nothing.

    Examples:

    * `qa bench`
    * `qa bench --reports 10 --reports 50 --out /tmp/bench.json --json`
    """
    from qa.app import payload, render
    from qa.app.progress import progress
    from qa.config import Settings
    from qa.tools.bench import run_bench

    with progress() as tick:
        result = run_bench(Settings.from_env(corpus).corpus, index, list(reports or [10]), out, questions, progress=tick)
    if json:
        print(payload.dumps(result))
    else:
        render.bench(result)
        render.note(f"results written to {out}")
