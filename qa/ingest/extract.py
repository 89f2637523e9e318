"""A report file of any supported type -> the text ``qa`` reads and cites, and its pages.

Markdown and plain text are their own text (decoded as UTF-8, line ends kept), so citations index the file.
A saved web page or a PDF is extracted first (``html``, ``pdf``); that extracted text is what passages quote
and what the index stores, so citations stay checkable against it.
"""

from __future__ import annotations

from pathlib import Path

from qa.errors import ReportError
from qa.ingest import html, pdf
from qa.ingest.corpus import read_bytes, read_text
from qa.types import Page


def extract(path: Path, source: str) -> tuple[str, tuple[Page, ...]]:
    """(text, pages): pages are the PDF's (numbered from 1); a single page otherwise, numbered None."""
    suffix = path.suffix.lower()
    if suffix in (".md", ".txt"):
        text = read_text(path)
        return text, (Page(source, 0, len(text)),)
    data = read_bytes(path)
    if suffix in (".html", ".htm"):
        text = html.extract(data, str(path))
        return text, (Page(source, 0, len(text)),)
    if suffix == ".pdf":
        text, spans = pdf.extract(data, str(path))
        return text, tuple(Page(source, a, b, n) for n, (a, b) in enumerate(spans, start=1))
    raise ReportError(f"{path}: unsupported file type {suffix or '(no extension)'}")
