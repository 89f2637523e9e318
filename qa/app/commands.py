"""Commands over reports and questions: index, ask, chat, scores, show, compare, facts."""

from __future__ import annotations

import sys
from typing import Annotated, Optional

import typer

from qa.app.base import Corpus, IndexDir, Json, Late, Mode, ModeOpt, Model, Report, _open, _question, command
from qa.app.sources import Sources
from qa.errors import QAError, QuestionError


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
    from qa.app import payload, render
    from qa.app.progress import progress

    with progress() as tick:
        where, summary = build_index(corpus, index, model, force=force, progress=tick, max_report_mb=max_report_mb,
                                     max_texts=max_texts)
    if json:
        print(payload.dumps(payload.build_summary(summary, where)))
    else:
        render.build_summary(summary, where)


@command()
def ask(question: Annotated[str, typer.Argument(help="The question, in quotes")],
        k: Annotated[int, typer.Option("-k", min=1, help="Passages to retrieve")] = 5,
        mode: ModeOpt = Mode.hybrid, report: Report = None, late: Late = None, corpus: Corpus = None,
        index: IndexDir = None, model: Model = None, json: Json = False) -> None:
    """Answer one question, citing the exact passages (or say the report doesn't say).

    Examples:

    * `qa ask "How long do people wait for a financial assessment?"`
    * `qa ask "What did the council score for safeguarding?" --json`
    * `qa ask "carers respite" --mode bm25 -k 10`
    * `qa ask "Is there any help to get me back on my feet after hospital?" --late 0`  (late interaction off)
    """
    from qa.app import payload

    question = _question(question)
    assistant = _open(corpus, index, model, late)
    answer = assistant.ask(question, k=k, report=report, mode=mode.value)
    sources = Sources.of(assistant)
    if json:
        print(payload.dumps(payload.answer(answer, sources)))
    else:
        from qa.app import render  # rich: 40-80 ms a JSON answer never needs

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
    from qa.app import payload, render

    assistant = _open(corpus, index, model)
    cards = [assistant.report(report)] if report else sorted(assistant.reports(), key=lambda c: c.id)
    sources = Sources.of(assistant)
    for card in cards:
        if json:
            print(payload.dumps(payload.scores(card, assistant.statement_scores(card.id))))
        else:
            render.scores(card, assistant.statement_scores(card.id), sources)


@command()
def show(source: Annotated[str, typer.Argument(metavar="SOURCE[:START-END]",
                                               help="A source as citations name it, optionally with a range")],
         lines: Annotated[bool, typer.Option("--lines/--chars", help="Read START-END as the line numbers a "
                                             "citation prints (file.md:565-567), or as character offsets "
                                             "(`--json`'s start and end)")] = True,
         corpus: Corpus = None, index: IndexDir = None, model: Model = None) -> None:
    """Print a source's text exactly as the index read it (a web page's or PDF's extracted text), or a part.

    A citation's place as `qa ask` prints it (`kent.md:565-567`: lines) prints those lines back; with `--chars`,
    its character offsets (`--json`: start, end) print exactly the quote.

    Examples:

    * `qa show kent.pdf`
    * `qa show kent.md:565-567`
    * `qa show kent/summary.html:1204-1388 --chars`
    """
    import re

    from qa.app import render

    assistant = _open(corpus, index, model)
    m = re.fullmatch(r"(.+):(\d+)(?:-(\d+))?", source)
    name = source if m is None or source in assistant.index.texts else m.group(1)
    text = assistant.text(name)
    if m is not None and name != source:
        start, end = int(m.group(2)), int(m.group(3) or m.group(2))
        if start > end:
            raise QAError(f"START ({start}) is after END ({end}): give START-END with START <= END")
        if lines:
            rows = re.findall(r"[^\n]*\n|[^\n]+$", text)  # lines as Sources counts them: \n ends a line
            if not 1 <= start <= end <= len(rows):
                raise QAError(f"{name} has {len(rows)} lines: give START-END with 1 <= START <= END <= {len(rows)}")
            text = "".join(rows[start - 1 : end])
        else:
            if not 0 <= start < end <= len(text):
                raise QAError(f"{name} has {len(text)} characters: give START-END with 0 <= START < END <= "
                              f"{len(text)} (or leave out --chars for line numbers)")
            text = text[start:end]
    render.source_text(text)


@command()
def compare(statement: Annotated[Optional[list[str]], typer.Option(
                "--statement", help="Only this quality statement, as you would write it (repeatable)")] = None,
            council: Annotated[Optional[list[str]], typer.Option(
                "--council", help="Only this council, by name or report id (repeatable)")] = None,
            sort: Annotated[Optional[str], typer.Option(
                "--sort", help="Sort by a column: council, rating, percentage, published or a statement "
                "(highest score and newest first)")] = None,
            csv: Annotated[bool, typer.Option("--csv", help="Print CSV instead of a table")] = False,
            corpus: Corpus = None, index: IndexDir = None, model: Model = None, json: Json = False) -> None:
    """Councils side by side: rating, each statement's score, the overall percentage (computed: sum of scores /
    (4 x statements)) and publication date; every cell cited (`--json` gives each cell's source, start/end, line
    and quote). Answered from the reports' parsed scores, so it needs no embedding.

    Examples:

    * `qa compare --corpus eval/councils --index /tmp/councils-index`
    * `qa compare --statement safeguarding --statement "assessing needs" --sort safeguarding`
    * `qa compare --council Eastvale --council Westbridge --json`
    * `qa compare --sort percentage --csv > councils.csv`
    """
    from qa.app import compare as shown
    from qa.app import payload

    if csv and json:
        raise QuestionError("choose one of --csv and --json")
    assistant = _open(corpus, index, model)
    table = assistant.compare(tuple(statement or ()), tuple(council or ()), sort)
    if csv:  # cells and quotes only: no line numbers, so the source texts are never read
        sys.stdout.write(shown.csv_text(table))
    elif json:
        for row in shown.rows_json(table, Sources.of(assistant)):
            print(payload.dumps(row))
    else:
        shown.table(table, Sources.of(assistant))


@command()
def facts(council: Annotated[Optional[list[str]], typer.Option(
              "--council", help="Only this council, by name or report id (repeatable)")] = None,
          measure: Annotated[Optional[str], typer.Option(
              "--measure", help="Only figures about this, as you would write it ('carers getting a break')")] = None,
          corpus: Corpus = None, index: IndexDir = None, model: Model = None, json: Json = False) -> None:
    """The national figures each report quotes, against the England (or national) average, every figure cited
    (source, line and quote). One measure's figures stand together however each report words it.

    Examples:

    * `qa facts --corpus eval/councils --index /tmp/councils-index`
    * `qa facts --council Westbridge`
    * `qa facts --measure "feel safe" --json`
    """
    from qa.app import facts as shown
    from qa.app import payload

    assistant = _open(corpus, index, model)
    rows = assistant.facts(tuple(council or ()), measure)
    sources = Sources.of(assistant)
    if json:
        for row in shown.rows_json(rows, sources):
            print(payload.dumps(row))
    else:
        shown.table(rows, sources, measure)
