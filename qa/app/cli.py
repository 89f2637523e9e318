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
from qa.errors import QAError

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  rich_markup_mode="markdown",
                  help="Ask CQC local authority assessment reports questions; get answers with exact citations.")

class Mode(str, Enum):
    hybrid = "hybrid"
    bm25 = "bm25"
    dense = "dense"


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
    elif assistant.summary.refreshing:
        render.note(f"the index in {assistant.settings.index} is being refreshed by another qa "
                    f"({assistant.summary.reason}): answering from the previous complete index")
    return assistant


def _question(text: str) -> str:
    """The question cleaned (``qa.question``) before the index is opened, so a bad one fails fast."""
    from qa.question import clean_question

    return clean_question(text)


@command()
def index(corpus: Corpus = None, index: IndexDir = None, model: Model = None,
          force: Annotated[bool, typer.Option("--force", help="Rebuild even if the index is up to date")] = False,
          max_report_mb: Annotated[Optional[float], typer.Option(
              "--max-report-mb", help="Skip report files larger than this [env QA_MAX_REPORT_MB; default 20]")] = None,
          max_texts: Annotated[Optional[int], typer.Option(
              "--max-texts", min=1, help="Most passages + sentences one build may embed [env QA_MAX_TEXTS]")] = None,
          json: Json = False) -> None:
    """Build the index, or refresh it after reports changed (unchanged text is never embedded twice).

    Reads .md, .txt, .html, .htm and .pdf files, and folders holding the pages of one report. Files it cannot
    read are listed with the reason and left out; the rest are indexed.

    Examples:

    * `qa index`
    * `qa index --corpus reports/ --index /tmp/idx`
    * `qa index --force --max-report-mb 50`
    """
    from qa.api import build_index
    from qa.app import payload

    with render.progress() as tick:
        where, summary = build_index(corpus, index, model, force=force, progress=tick, max_report_mb=max_report_mb,
                                     max_texts=max_texts)
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

    question = _question(question)
    assistant = _open(corpus, index, model)
    answer = assistant.ask(question, k=k, report=report, mode=mode.value)
    sources = Sources(assistant.index.texts)
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
    sources = Sources(assistant.index.texts)
    for card in cards:
        if json:
            print(payload.dumps(payload.scores(card, assistant.statement_scores(card.id))))
        else:
            render.scores(card, assistant.statement_scores(card.id), sources)


@command()
def show(source: Annotated[str, typer.Argument(metavar="SOURCE[:START-END]",
                                               help="A source as citations name it, optionally with offsets")],
         corpus: Corpus = None, index: IndexDir = None, model: Model = None) -> None:
    """Print a source's text exactly as the index read it (a web page's or PDF's extracted text), or a slice.

    Citations' offsets point into this text, so `qa show SOURCE:START-END` prints the quote back.

    Examples:

    * `qa show kent.pdf`
    * `qa show kent/summary.html:120-184`
    """
    import re

    assistant = _open(corpus, index, model)
    m = re.fullmatch(r"(.+):(\d+)-(\d+)", source)
    name = source if m is None or source in assistant.index.texts else m.group(1)
    text = assistant.text(name)
    if m is not None and name != source:
        start, end = int(m.group(2)), int(m.group(3))
        if not 0 <= start <= end <= len(text):
            raise QAError(f"{name} has {len(text)} characters: give START-END with 0 <= START <= END <= {len(text)}")
        text = text[start:end]
    render.source_text(text)


@command("eval")
def evaluate(files: Annotated[Optional[list[Path]], typer.Argument(help="Question files (JSON Lines)")] = None,
         mode: ModeOpt = Mode.hybrid,
         compare: Annotated[bool, typer.Option("--compare", help="Run bm25, dense and hybrid side by side")] = False,
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
        with render.working(f"evaluating {len(questions)} questions in 3 modes…"):
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
