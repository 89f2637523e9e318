"""The command line's frame: the typer app, the shared options, and ``command``, which every command runs inside.

Each command parses its options, calls ``qa.api`` and hands the result to ``render``; the commands live in
``commands`` (reports and questions) and ``tool_commands`` (evaluation and benchmark).

The library is imported inside the commands, so ``qa --help`` never loads torch. Every command runs inside
``command``, the one place a ``QAError`` becomes ``error: <message>`` on stderr and exit code 1.
"""

from __future__ import annotations

import functools
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from qa import __version__
from qa.errors import QAError

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  rich_markup_mode="markdown",
                  help="Ask CQC local authority assessment reports questions; get answers with exact citations.")

class Mode(str, Enum):
    hybrid = "hybrid"
    bm25 = "bm25"
    dense = "dense"
    late = "late"


# readable=False: typer would otherwise refuse an unreadable folder as a usage error (exit 2) before qa can say
# whether it could not read or could not write, and what to do (one line, exit 1)
Corpus = Annotated[Optional[Path], typer.Option("--corpus", readable=False,
                                                help="Folder of report files [env QA_CORPUS; default ./corpus]")]
IndexDir = Annotated[Optional[Path], typer.Option("--index", readable=False,
                                                  help="Index folder [env QA_INDEX; default ./index]")]
Model = Annotated[Optional[str], typer.Option("--model", help="Embedding model name or local folder [env QA_MODEL]")]
Json = Annotated[bool, typer.Option("--json", help="Print JSON for scripts instead of tables")]
ModeOpt = Annotated[Mode, typer.Option("--mode", help="Retrieval: hybrid (BM25 + vectors), bm25, dense or late (token MaxSim)")]
Report = Annotated[Optional[str], typer.Option("--report", help="Only this report id (see `qa scores`)")]
Late = Annotated[Optional[float], typer.Option(
    "--late", min=0.0, max=1.0, metavar="WEIGHT",
    help="Share of late interaction (token MaxSim) in the hybrid ranking, 0 (off) to 1 [env QA_LATE; default 0.85]")]


def command(name: str | None = None):
    """Register a command whose QAErrors end as one red line on stderr and exit code 1 (usage errors keep 2)."""

    def register(fn):
        @functools.wraps(fn)
        def run(*args, **kwargs):
            try:
                return fn(*args, **kwargs)
            except QAError as exc:
                from qa.app import render

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

    for name in ("transformers", "sentence_transformers", "huggingface_hub", "torch", "pypdf"):
        logging.getLogger(name).setLevel(logging.ERROR)
        warnings.filterwarnings("ignore", module=rf"{name}(\.|$)")


def _open(corpus, index, model, late: float | None = None):
    """The assistant, building or refreshing the index first (progress on stderr) when it needs it; ``late``
    (``--late``) overrides the share of late interaction in the ranking. Opened cards-first (``lazy``): a
    one-shot question reads only the files its answer needs."""
    from qa.api import Assistant
    from qa.app.progress import progress

    with progress() as tick:
        assistant = Assistant.open(corpus, index, model, progress=tick, late=late, lazy=True)
    if assistant.summary.built or assistant.summary.refreshing:
        from qa.app import render  # only here: a JSON answer from an up-to-date index never loads rich

        if assistant.summary.built:
            render.build_summary(assistant.summary, assistant.settings.index, console=render.err)
        else:
            render.note(f"the index in {assistant.settings.index} is being refreshed by another qa "
                        f"({assistant.summary.reason}): answering from the previous complete index")
    return assistant


def _question(text: str) -> str:
    """The question cleaned (``qa.question``) before the index is opened, so a bad one fails fast."""
    from qa.question import clean_question

    return clean_question(text)
