"""Where an offset of a report's text lies: which page, which page file, and the offset within that file's text.

A report read from several page files (a folder of web pages) is parsed as one text, the pages joined by page
breaks; every record that quotes it is then re-based to the page file it comes from, so that
``text(source)[start:end]`` holds for that file's own text. A PDF's pages share one source and keep offsets into
the whole extracted text; they only add the page number.
"""

from __future__ import annotations

import bisect
from dataclasses import replace

from qa.types import Page, Report, Span


def page_at(pages: tuple[Page, ...], offset: int) -> Page:
    """The page holding ``offset`` (the last page starting at or before it)."""
    i = bisect.bisect_right([p.start for p in pages], offset) - 1
    return pages[max(0, i)]


def base(pages: tuple[Page, ...], source: str) -> int:
    """Where ``source``'s own text starts in the report's text: its first page's start."""
    return min(p.start for p in pages if p.source == source)


def texts(report: Report) -> dict[str, str]:
    """Each source's own text, the one its records' offsets point into."""
    if not report.pages:
        return {report.source: report.text}
    out = {}
    for source in dict.fromkeys(p.source for p in report.pages):
        ends = [p.end for p in report.pages if p.source == source]
        out[source] = report.text[base(report.pages, source) : max(ends)]
    return out


def several_files(report: Report) -> bool:
    return len({p.source for p in report.pages}) > 1


def rebase_span(report: Report, span: Span | None) -> Span | None:
    """The span re-based into its page file's text, naming that file (reports of one file keep theirs)."""
    if span is None or not several_files(report):
        return span
    page = page_at(report.pages, span.start)
    b = base(report.pages, page.source)
    return Span(span.start - b, span.end - b, span.text, page.source)


def rebase_report(report: Report) -> Report:
    """The report with every span of its scores, rating, date, percentage and facts re-based to its page file."""
    if not several_files(report):
        return report
    scores = tuple(replace(s, span=rebase_span(report, s.span)) for s in report.scores)
    summary = tuple(replace(s, span=rebase_span(report, s.span)) for s in report.summary_scores)
    pct = report.percentage
    if pct is not None and pct.span is not None:
        pct = replace(pct, span=rebase_span(report, pct.span))
    facts = tuple(replace(f, span=rebase_span(report, f.span)) for f in report.facts)
    return replace(report, scores=scores, summary_scores=summary, rating=rebase_span(report, report.rating),
                   published_at=rebase_span(report, report.published_at), percentage=pct, facts=facts)
