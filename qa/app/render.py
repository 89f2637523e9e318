"""Everything ``qa`` shows on a terminal: answers with their cited passages, scores, evaluation tables.

Results go to stdout, progress and status to stderr, so ``qa ask ... > answer.txt`` keeps only the answer.
The JSON that ``--json`` prints is shaped in ``qa.app.payload``; line numbers for both come from ``Sources``.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from rich import box
from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

out = Console(highlight=False)
err = Console(stderr=True, highlight=False)

SCORE_STYLE = {1: "bold red", 2: "yellow", 3: "green", 4: "bold green"}
from qa.app.sources import Sources

RETRIEVAL = ("hit@1", "hit@3", "hit@5", "hit@10", "mrr@10", "ndcg@10")


# -- status -------------------------------------------------------------------------------------------------
def printable(text: str) -> str:
    """``text`` with every character a terminal would act on made visible, one character for one.

    Report text, file names and questions reach the terminal, and an escape sequence in any of them could retitle
    it, clear it or move the cursor. C0 controls become their Unicode control pictures (ESC -> ␛, CR -> ␍),
    DEL -> ␡, C1 controls, bidirectional overrides and lone surrogates (undecodable input) -> U+FFFD; newlines and tabs stay. Lengths are kept, so
    citation offsets into a passage still land on the same characters.

    >>> printable("a\\x1b[2Jb\\r\\n")
    'a␛[2Jb␍\\n'
    """
    return text.translate(_PICTURES)


_PICTURES = {c: 0x2400 + c for c in range(0x20) if c not in (0x09, 0x0A)}
_PICTURES.update({0x7F: 0x2421, **{c: 0xFFFD for c in (*range(0x80, 0xA0), *range(0x202A, 0x202F),
                                                       *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C,
                                                       *range(0xD800, 0xE000))}})  # lone surrogates: unprintable


def _t(text: str, style: str = "") -> Text:
    """A rich ``Text`` of outside text (never read as markup), made ``printable``."""
    return Text(printable(str(text)), style=style)


def error(message: str) -> None:
    err.print(_t(f"error: {message}", style="red"), soft_wrap=True)


def note(message: str) -> None:
    err.print(_t(message, style="dim"), soft_wrap=True)


@contextmanager
def working(message: str) -> Iterator[None]:
    with err.status(message, spinner="dots"):
        yield


def build_summary(s, index_dir: Path, console: Console = out) -> None:
    """One line for the build, then every file left out with its reason and every warning, so none is silent."""
    counts = f"{s.reports} report{'s' * (s.reports != 1)}, {s.passages} passages, {s.sentences} sentences"
    if not s.built:
        console.print(Text.assemble(("✓", "green"), _t(f" index in {index_dir} is up to date: {counts}")),
                      soft_wrap=True)
    else:
        console.print(Text.assemble(("✓", "green"), _t(f" built index in {index_dir} ({s.reason}): {counts}; "
                      f"{s.embedded} texts embedded, {s.reused} reused, {s.seconds:.1f} s")), soft_wrap=True)
    if s.skipped:
        console.print(Text(f"skipped {len(s.skipped)} file{'s' * (len(s.skipped) != 1)}:", style="yellow"))
        for item in s.skipped:
            console.print(_t(f"  {item.source}: {item.reason}", "yellow"), soft_wrap=True)
    for w in s.warnings:
        console.print(_t(f"warning: {w}", "yellow"), soft_wrap=True)


# -- answers ------------------------------------------------------------------------------------------------
def answer(a, sources: Sources) -> None:
    """The answer in a panel, then the passages it cites with the quoted spans highlighted."""
    body = _t(a.text)
    body.highlight_regex(r"\[\d+\]", "bold cyan")
    scope = f"report: {a.report}" if a.report else "all reports"
    if a.abstained:
        out.print(Panel(body, title="Not in the report", title_align="left", border_style="yellow",
                        subtitle=f"[dim]{scope}[/]", subtitle_align="right"))
        nearest(a.hits, sources)
        return
    out.print(Panel(body, title="Answer", title_align="left", border_style="green",
                    subtitle=f"[dim]{a.kind} · {scope}[/]", subtitle_align="right"))
    cited(a.citations, sources)
    web_lines([c.passage for c in a.citations])


def web_lines(passages) -> None:
    """A web page's citation lines count lines of its text, not of its HTML (an editor shows markup there): said
    once, under the passages, when any is from a web page."""
    web_note(p.source for p in passages if p.page is None)


def web_note(sources) -> None:
    """The note of :func:`web_lines` for the cited ``sources`` (file names) that are web pages."""
    pages = sorted({s for s in sources if s.lower().endswith((".html", ".htm"))})
    if pages:
        out.print()
        out.print(Text(f"Lines of web pages are lines of their text, as `qa show {pages[0]}` prints it, not of the "
                       "HTML file.", style="dim"))


def cited(citations, sources: Sources) -> None:
    """Each cited passage once, headed by its citation numbers, with every quote in it highlighted."""
    groups: dict[str, list] = {}
    for c in citations:
        groups.setdefault(c.passage.id, []).append(c)
    for group in groups.values():
        p = group[0].passage
        marks = "".join(f"[{c.number}]" for c in group)
        text = _t(p.text)
        for c in group:  # (a heading's span, "Overall rating: Good", stands before its passage: its path shows it)
            if p.start <= c.start and c.end <= p.end:
                text.stylize("bold black on yellow", c.start - p.start, c.end - p.start)
        _passage(Text(marks, style="bold cyan"), p, sources, text)


def nearest(hits, sources: Sources, limit: int = 5) -> None:
    if not hits:
        return
    out.print(Text("Nearest passages, for you to check:", style="dim"))
    for h in hits[:limit]:
        _passage(Text(f"#{h.rank}", style="bold"), h.passage, sources, _t(_clip(h.passage.text, 400)),
                 extra=f"score {h.score:.4f}")
    web_lines([h.passage for h in hits[:limit]])


def _passage(mark: Text, p, sources: Sources, text: Text, extra: str = "") -> None:
    head = Text.assemble(mark, " ", _t(" › ".join(p.section) or p.report, "bold"))
    where = Text.assemble(_t(sources.where(p.source, p.start, p.end, p.page), "blue"),
                          (f"  {extra}" if extra else "", "dim"))
    out.print()
    out.print(head)
    out.print(where)
    out.print(_indent(text), soft_wrap=True)


def _indent(text: Text, by: int = 2) -> Text:
    """Wrapped to the terminal, indented, without the trailing spaces that padding would add."""
    result = Text()
    for line in text.wrap(out, max(20, out.width - by)):
        line.rstrip()
        result.append(" " * by)
        result.append(line)
        result.append("\n")
    result.rstrip()
    return result


def source_text(text: str) -> None:
    """A source's text, or a slice of it, exactly as stored (no markup read into it); on a terminal its control
    characters are made visible, as everywhere else."""
    text = printable(text) if out.is_terminal else text
    out.file.write(text if text.endswith("\n") else text + "\n")


def sources_of(a, sources: Sources) -> None:
    """The full text of the passages the last answer cited (chat's /sources)."""
    if a is None:
        note("no answer yet: ask a question first")
    elif not a.citations:
        note("the last answer cites nothing; its nearest passages were:")
        nearest(a.hits, sources, limit=len(a.hits))
    else:
        cited(a.citations, sources)


def _clip(text: str, n: int, flat: bool = False) -> str:
    text = " ".join(text.split()) if flat else text
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


# -- scores -------------------------------------------------------------------------------------------------
def scores(card, statements, sources: Sources) -> None:
    """A report's rating and its nine quality statement scores, grouped by theme, each with its citation."""
    head = _t(card.council or card.title, style="bold")
    if card.published:
        head.append(printable(f"  published {card.published}"), style="dim")
    head.append("  overall: ")
    if card.rating:
        head.append(printable(card.rating.text), style="bold")
        head.append(printable(f"  ({_cite(card, card.rating, sources)})"), style="blue")
    else:
        head.append("no rating stated", style="dim")
    if card.percentage:
        head.append(f"  {card.percentage.describe()}")
        if card.percentage.span:
            head.append(f"  ({_cite(card, card.percentage.span, sources)})", style="blue")
    out.print(head, soft_wrap=True)
    for w in card.warnings:
        out.print(_t(f"  warning: {w}", "yellow"), soft_wrap=True)
    if not statements:
        out.print(Text("  no quality statement scores in this report", style="dim"))
        return
    cites = [_cite(card, s.span, sources) for s in statements]
    room = out.width - 5 - 11  # less the score column, cell padding and separators
    longest_label = max(len(s.label) for s in statements)
    if room - max(len(c) for c in cites) - min(longest_label, 16) < 22 and all(":" in c for c in cites) \
            and len({s.span.source for s in statements}) == 1:
        # a long file name: cite line numbers under one note of the file rather than squeeze the names out
        out.print(_t(f"  citations are lines of {card.source}", style="dim"))
        cites = [f"line {c.rsplit(':', 1)[1]}" for c in cites]
    folder = card.source.rstrip("/") + "/"
    if room - max(len(c) for c in cites) - min(longest_label, 16) < 22 and all(c.startswith(folder) for c in cites):
        out.print(_t(f"  citations are in {folder}", style="dim"))  # a folder's pages: their names, under one note
        cites = [c[len(folder):] for c in cites]
    cite_w = max(len(c) for c in cites)
    fold = room - cite_w - min(longest_label, 16) < 22  # still too long: the citations wrap, the names stay
    if fold:
        cite_w = max(12, room - 22 - min(longest_label, 16))
    label_w = min(longest_label, max(16, room - cite_w - 24))  # labels wrap last
    statement_w = room - cite_w - label_w
    widths = (statement_w, 5, label_w, cite_w)
    groups: dict[str, list] = {}
    for s, c in zip(statements, cites):
        groups.setdefault(s.theme, []).append((s, c))
    for i, (theme, rows) in enumerate(groups.items()):
        table = Table(box=box.SIMPLE_HEAD, show_header=i == 0, show_edge=False,
                      title=_t(theme, style="bold"), title_justify="left")
        for name, width in zip(("Statement", "Score", "Label", "Citation"), widths):
            table.add_column(name, width=width, justify="center" if name == "Score" else "left",
                             style="blue" if name == "Citation" else "", no_wrap=name == "Citation" and not fold,
                             overflow="fold" if name == "Citation" else "ellipsis")
        for s, cite in rows:
            table.add_row(_t(s.statement), Text(str(s.score), SCORE_STYLE.get(s.score, "")), _t(s.label), _t(cite))
        out.print(table)
    web_note(s.span.source or card.source for s in statements)
    out.print()


def _cite(card, span, sources: Sources) -> str:
    """Where a card's span is: its page file when the report is a folder of pages, its PDF page if any."""
    source = span.source or card.source
    return sources.where(source, span.start, span.start + 1, card.page_of(span))


# -- bench and chat -----------------------------------------------------------------------------------------
def bench(result: dict) -> None:
    from qa.app.bench_table import render_bench

    out.print(render_bench(result))


def chat_help(text: str) -> None:
    out.print(_t(text))


def chat_banner(reports: list, summary, index_dir: Path) -> None:
    names = ", ".join(f"{c.council or c.title} ({c.id})" for c in reports)
    note(f"qa chat · {names} · index {index_dir}{' (just built)' if summary.built else ''} · /help for commands")


def echo(line: str) -> None:
    out.print(_t(line, style="bold"))
