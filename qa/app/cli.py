"""``qa``: the command line. Each command parses its options, calls ``qa.api`` and hands the result to ``render``.

The library is imported inside the commands, so ``qa --help`` never loads torch. Every command runs inside
``command``, the one place a ``QAError`` becomes ``error: <message>`` on stderr and exit code 1.
"""

from __future__ import annotations

import functools
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from qa import __version__
from qa.app import render
from qa.app.sources import Sources
from qa.errors import QAError, QuestionError

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  rich_markup_mode="markdown",
                  help="Ask CQC local authority assessment reports questions; get answers with exact citations.")

class Mode(str, Enum):
    hybrid = "hybrid"
    bm25 = "bm25"
    dense = "dense"
    late = "late"


Corpus = Annotated[Optional[Path], typer.Option("--corpus", help="Folder of report files [env QA_CORPUS; default ./corpus]")]
IndexDir = Annotated[Optional[Path], typer.Option("--index", help="Index folder [env QA_INDEX; default ./index]")]
Model = Annotated[Optional[str], typer.Option("--model", help="Embedding model name or local folder [env QA_MODEL]")]
Json = Annotated[bool, typer.Option("--json", help="Print JSON for scripts instead of tables")]
ModeOpt = Annotated[Mode, typer.Option("--mode", help="Retrieval: hybrid (BM25 + vectors), bm25 or dense")]
Report = Annotated[Optional[str], typer.Option("--report", help="Only this report id (see `qa scores`)")]


def command(name: str | None = None):
    """Register a command whose QAErrors end as one red line on stderr and exit code 1 (usage errors keep 2)."""

    def register(fn):
        @functools.wraps(fn)
        def run(*args, **kwargs):
            try:
                return fn(*args, **kwargs)
            except QAError as exc:
                render.error(str(exc))
                raise typer.Exit(1) from None

        return app.command(name)(run)

    return register


def _version(value: bool) -> None:
    if value:
        typer.echo(f"qa {__version__}")
        raise typer.Exit()


@app.callback()
def _main(version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                                help="Show the version and exit")] = False) -> None:
    import logging
    import warnings

    for name in ("transformers", "sentence_transformers", "huggingface_hub", "torch"):
        logging.getLogger(name).setLevel(logging.ERROR)
        warnings.filterwarnings("ignore", module=rf"{name}(\.|$)")


def _open(corpus, index, model):
    """The assistant, building or refreshing the index first (progress on stderr) when it needs it."""
    from qa.api import Assistant

    with render.progress() as tick:
        assistant = Assistant.open(corpus, index, model, progress=tick)
    if assistant.summary.built:
        render.build_summary(assistant.summary, assistant.settings.index, console=render.err)
    return assistant


def _question(text: str) -> str:
    if not text.strip():
        raise QuestionError('the question is empty: ask something, e.g. qa ask "What did the council score for safeguarding?"')
    return text


@command()
def index(corpus: Corpus = None, index: IndexDir = None, model: Model = None,
          force: Annotated[bool, typer.Option("--force", help="Rebuild even if the index is up to date")] = False,
          json: Json = False) -> None:
    """Build the index, or refresh it after reports changed (unchanged text is never embedded twice).

    Examples:

    * `qa index`
    * `qa index --corpus reports/ --index /tmp/idx`
    * `qa index --force`
    """
    from qa.api import build_index
    from qa.app import payload

    with render.progress() as tick:
        where, summary = build_index(corpus, index, model, force=force, progress=tick)
    if json:
        print(payload.dumps(payload.build_summary(summary, where)))
    else:
        render.build_summary(summary, where)


@command()
def ask(question: Annotated[str, typer.Argument(help="The question, in quotes")],
        k: Annotated[int, typer.Option("-k", min=1, help="Passages to retrieve")] = 5,
        mode: ModeOpt = Mode.hybrid, report: Report = None, corpus: Corpus = None, index: IndexDir = None,
        model: Model = None, json: Json = False) -> None:
    """Answer one question, citing the exact passages (or say the report doesn't say).

    Examples:

    * `qa ask "How long do people wait for a financial assessment?"`
    * `qa ask "What did the council score for safeguarding?" --json`
    * `qa ask "carers respite" --mode bm25 -k 10`
    """
    from qa.app import payload

    _question(question)
    assistant = _open(corpus, index, model)
    answer = assistant.ask(question, k=k, report=report, mode=mode.value)
    sources = Sources(assistant.settings.corpus)
    if json:
        print(payload.dumps(payload.answer(answer, sources)))
    else:
        render.answer(answer, sources)


@command()
def chat(k: Annotated[int, typer.Option("-k", min=1, help="Passages to retrieve")] = 5,
         mode: ModeOpt = Mode.hybrid, report: Report = None, corpus: Corpus = None, index: IndexDir = None,
         model: Model = None) -> None:
    """Ask questions one after another; the index is loaded once. Type /help for commands.

    Examples:

    * `qa chat`
    * `qa chat --report REPORT_ID`  (the report file's name without its extension)
    * `printf 'safeguarding score?\\n' | qa chat`
    """
    from qa.app.chat import Chat

    assistant = _open(corpus, index, model)
    if report is not None:
        assistant.report(report)
    Chat(assistant, k=k, mode=mode.value, report=report).run()


@command()
def scores(report: Report = None, corpus: Corpus = None, index: IndexDir = None, model: Model = None,
           json: Json = False) -> None:
    """Each report's overall rating and its nine quality statement scores, each cited to its line.

    Examples:

    * `qa scores`
    * `qa scores --report REPORT_ID --json`
    """
    from qa.app import payload

    assistant = _open(corpus, index, model)
    cards = [assistant.report(report)] if report else sorted(assistant.reports(), key=lambda c: c.id)
    sources = Sources(assistant.settings.corpus)
    for card in cards:
        if json:
            print(payload.dumps(payload.scores(card, assistant.statement_scores(card.id))))
        else:
            render.scores(card, assistant.statement_scores(card.id), sources)


@command("eval")
def evaluate(files: Annotated[Optional[list[Path]], typer.Argument(help="Question files (JSON Lines)")] = None,
         mode: ModeOpt = Mode.hybrid,
         compare: Annotated[bool, typer.Option("--compare", help="Run bm25, dense, late and hybrid side by side")] = False,
         k: Annotated[int, typer.Option("-k", min=1, help="Passages retrieved per question")] = 10,
         fail_under: Annotated[Optional[list[str]], typer.Option(
             "--fail-under", metavar="METRIC=VALUE", help="Exit 1 if METRIC is below VALUE (repeatable)")] = None,
         corpus: Corpus = None, index: IndexDir = None, model: Model = None, json: Json = False) -> None:
    """Score retrieval and answers on question files: hit@k, MRR, nDCG, answer accuracy, abstention, latency.

    Examples:

    * `qa eval`
    * `qa eval eval/holdout.jsonl --compare`
    * `qa eval --fail-under hit@5=0.9 --json`
    """
    from dataclasses import replace

    from qa.app import payload
    from qa.tools.evaluate import check_thresholds, evaluate, failures, load_questions

    paths = files or sorted(Path("eval").glob("*.jsonl"))
    if not paths:
        raise QAError("no question files given and none in ./eval: name one, e.g. qa eval questions.jsonl")
    questions = [q if len(paths) == 1 else replace(q, id=f"{p.stem}:{q.id}")  # ids are unique within a file
                 for p in paths for q in load_questions(p)]
    names = [str(p) for p in paths]
    assistant = _open(corpus, index, model)
    rules = fail_under or []
    if compare:
        with render.working(f"evaluating {len(questions)} questions in {len(Mode)} modes…"):
            runs = {m.value: evaluate(assistant, questions, m.value, k, answers=False) for m in Mode}
        failed = [f"{m}: {line}" for m, r in runs.items() for line in check_thresholds(r.metrics, rules)]
        if json:
            print(payload.dumps(payload.comparison(runs, names, k, failed)))
        else:
            render.comparison(runs, names)
    else:
        with render.working(f"evaluating {len(questions)} questions…"):
            run = evaluate(assistant, questions, mode.value, k)
        failed = check_thresholds(run.metrics, rules)
        if json:
            print(payload.dumps(payload.evaluation(run, failures(run), names, k, failed)))
        else:
            render.evaluation(run, failures(run), names)
    if failed:
        render.threshold_failures(failed)
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
    from qa.app import payload
    from qa.config import Settings
    from qa.tools.bench import run_bench

    with render.progress() as tick:
        result = run_bench(Settings.from_env(corpus).corpus, index, list(reports or [10]), out, questions, progress=tick)
    if json:
        print(payload.dumps(result))
    else:
        render.bench(result)
        render.note(f"results written to {out}")


def main() -> None:
    app(prog_name="qa")


if __name__ == "__main__":
    sys.exit(main())
