"""A ``Document`` (a report file, or a folder of one report's pages) -> one ``Report``, or why it cannot be read.

A folder's pages are read each on its own, put in the order the report has (summary first, then the quality
statements in framework order, the About page last, whatever the files are called: CQC has numbered them,
suffixed them and foldered them over the years), and joined by page breaks into one text to parse. Every record
is then re-based to the page file it quotes (``pages``).
"""

from __future__ import annotations

from dataclasses import replace

from qa.cqc import framework
from qa.errors import ReportError
from qa.ingest.corpus import Document, Skipped
from qa.ingest.extract import extract
from qa.ingest.outline import TITLE, bare
from qa.ingest.pages import rebase_report
from qa.ingest.pdf import PAGE_BREAK
from qa.ingest.report import parse_text
from qa.text import normalise
from qa.types import Page, Report

SUMMARY_MARKS = ("local authority rating and score", "quality statement scores", "overall summary", "overall rating")


def read(doc: Document) -> tuple[Report | None, list[Skipped]]:
    """The report and the page files that could not be read (a file that cannot be read: None and its reason)."""
    parts, skipped = [], []
    for path, name in zip(doc.pages, doc.names):
        try:
            parts.append((name, *extract(path, name)))
        except ReportError as exc:
            skipped.append(Skipped(name, _reason(exc, path)))
    if not parts:
        return None, skipped
    if len(doc.pages) > 1 or doc.names[0] != doc.source:
        parts.sort(key=lambda part: (_rank(part[1]), part[0]))
    text, pages = _join(parts)
    report = parse_text(text, doc.id, doc.source)
    if not _assessment(report):
        return None, [*skipped, Skipped(doc.source, NOT_ASSESSMENT)]
    single_unpaged = len(pages) == 1 and pages[0].number is None
    report = rebase_report(replace(report, pages=() if single_unpaged else pages))
    return report, skipped


NOT_ASSESSMENT = ("not a CQC local authority assessment: no rating, score, quality statement, theme or "
                  "'local authority assessment' title found")


def _assessment(report: Report) -> bool:
    """Whether a file is an assessment at all: a rating or a score, a theme's or statement's heading, or a title
    saying so. A cookie notice or a README saved into the corpus folder would otherwise answer as a council."""
    if report.is_assessment:
        return True
    return any("local authority assessment" in normalise(t) or framework.theme_number(t) is not None
               or framework.statement_for_heading(t) for t in (report.title, *(s.title for s in report.sections)))


def _reason(exc: ReportError, path) -> str:
    message = str(exc)
    return message[len(str(path)) + 2 :] if message.startswith(f"{path}: ") else message


def _join(parts) -> tuple[str, tuple[Page, ...]]:
    chunks, pages, pos = [], [], 0
    for i, (_, text, own) in enumerate(parts):
        if i:
            chunks.append(PAGE_BREAK)
            pos += len(PAGE_BREAK)
        chunks.append(text)
        pages.extend(Page(p.source, p.start + pos, p.end + pos, p.number) for p in own)
        pos += len(text)
    return "".join(chunks), tuple(pages)


def _rank(text: str) -> tuple:
    """Where a page stands in its report: (0,) summary, (1, n) the page of statement n, (2,) other, (3,) About.

    CQC repeats the report's title ("<Council>: local authority assessment") at the top of every sub-page, so the
    title alone says only that a page belongs to the report: what the page is comes from its own headings."""
    heads = [normalise(bare(line.lstrip("#"))) for line in text.splitlines() if line.strip()][:15]
    if any(h in SUMMARY_MARKS for h in heads):
        return (0, 0)
    own = [h for h in heads if not h.endswith("local authority assessment")][:6]  # below the repeated title
    names = [st.name for st in framework.STATEMENTS]
    for h in own:
        if (st := framework.statement_for_heading(h)) is not None:
            return (1, names.index(st.name))
    for h in own:
        if (n := framework.theme_number(h)) is not None:
            return (1, min(i for i, s in enumerate(framework.STATEMENTS) if s.theme == n) - 0.5)
    if any(h.startswith("about ") or h in ("demographics", "financial facts") for h in heads):
        return (3, 0)
    if any(TITLE.match(bare(line.lstrip("#"))) for line in text.splitlines()[:5]):
        return (0, 1)  # a main page with the title and no sections of its own
    return (2, 0)
