"""A PDF report -> its text page by page, with what a PDF adds taken away: running headers and footers, page
numbers, lines broken mid-sentence and words hyphenated across lines.

pypdf gives each page's text as lines, with no blank line between paragraphs and no mark of a heading. Lines
that repeat at the top or bottom of most pages (the title, "Page 3 of 30", the URL and date of printing) are
dropped; a line is joined to the one before unless that one stopped short of the page's width (the last line
of a paragraph) or is a heading by name (``outline.is_heading``). Pages are joined by a ``---`` line, which the
chunker never quotes, so no passage straddles two pages and each can name the page it is on.
"""

from __future__ import annotations

import io
import math
import re

from qa.errors import ReportError
from qa.ingest.outline import BULLET, is_heading

PAGE_BREAK = "\n\n---\n\n"
PAGE_NUMBER = re.compile(r"^(?:page\s+)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$", re.I)
URL = re.compile(r"https?://\S+|www\.\S+", re.I)
PRINT_DATE = re.compile(r"^\d{1,2}/\d{1,2}/\d{2,4},?\s+\d{1,2}:\d{2}")
EDGE = 3  # lines at the top and at the bottom of a page where running headers and footers sit
FULL = 0.75  # a line this much of the full width ran on to the next; a shorter one ended its paragraph


def extract(data: bytes, name: str) -> tuple[str, list[tuple[int, int]]]:
    """(text, (start, end) of each page within it), or a ReportError for an encrypted or textless PDF."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ReportError(f"{name}: the PDF is encrypted: save an unprotected copy")
        raw = [page.extract_text() or "" for page in reader.pages]
    except ReportError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as exc:
        if "encrypt" in str(exc).lower() or "decrypt" in str(exc).lower():
            raise ReportError(f"{name}: the PDF is encrypted: save an unprotected copy") from None
        raise ReportError(f"{name}: is not a readable PDF ({type(exc).__name__})") from None
    if sum(len(t.split()) for t in raw) < 5:
        raise ReportError(f"{name}: the PDF has no text layer (a scan?): run OCR on it or use the web page")
    pages = _drop_running(_page_lines(t) for t in raw)
    width = _width(pages)
    words = _vocabulary(pages)
    texts = [_paragraphs(lines, width, words) for lines in pages]
    out, spans, pos = [], [], 0
    for i, t in enumerate(texts):
        if i:
            out.append(PAGE_BREAK)
            pos += len(PAGE_BREAK)
        out.append(t)
        spans.append((pos, pos + len(t)))
        pos += len(t)
    return "".join(out) + "\n", spans


def _page_lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in re.split(r"\r\n|\r|\n", text) if line.strip()]


def _key(line: str) -> str:
    return re.sub(r"\d+", "#", line.lower())


def _drop_running(pages) -> list[list[str]]:
    """Without lines repeated at the edges of most pages, page numbers, and printed URLs and dates."""
    pages = list(pages)
    seen: dict[str, int] = {}
    for lines in pages:
        for key in {_key(l) for l in lines[:EDGE] + lines[-EDGE:]}:
            seen[key] = seen.get(key, 0) + 1
    need = max(2, math.ceil(0.5 * len(pages)))
    running = {k for k, n in seen.items() if n >= need} if len(pages) >= 2 else set()
    out = []
    for lines in pages:
        edge = set(range(min(EDGE, len(lines)))) | set(range(max(0, len(lines) - EDGE), len(lines)))
        out.append([l for i, l in enumerate(lines) if not (
            _key(l) in running or (i in edge and (PAGE_NUMBER.match(l) or PRINT_DATE.match(l)
                                                  or URL.fullmatch(l) or URL.search(l) and len(l) < 120)))])
    return out


def _width(pages: list[list[str]]) -> int:
    """The length of a full line: the 90th percentile of line lengths."""
    lengths = sorted(len(l) for lines in pages for l in lines)
    return lengths[int(0.9 * (len(lengths) - 1))] if lengths else 80


def _vocabulary(pages: list[list[str]]) -> set[str]:
    return {w.lower() for lines in pages for l in lines for w in re.findall(r"[A-Za-z][A-Za-z-]*[A-Za-z]", l)}


def _paragraphs(lines: list[str], width: int, words: set[str]) -> str:
    """Lines rejoined into paragraphs (blank-line separated); headings and list items keep lines of their own."""
    blocks: list[list[str]] = []  # each: the lines of one paragraph or one list
    cur: list[str] = []  # the line being built
    open_ = False  # whether the last line may continue on the next
    for line in lines:
        heading = len(line) < FULL * width and is_heading(line) is not None  # a full-width line is prose
        bullet = bool(BULLET.match(line))
        if cur and open_ and not heading and not bullet:
            cur[-1] = _join(cur[-1], line, words)
        elif bullet and cur and blocks and blocks[-1] is cur and BULLET.match(cur[0]):
            cur.append(line)  # the next item of the same list
        else:
            cur = [line]
            blocks.append(cur)
        open_ = not heading and len(line) >= FULL * width
        if heading:
            cur = []
    return "\n\n".join("\n".join(b) for b in blocks if b)


def _join(before: str, after: str, words: set[str]) -> str:
    """Join a line to the next; a word hyphenated across the break is made whole unless the document writes it
    with its hyphen elsewhere ("well-" + "being" stays "well-being")."""
    m = re.search(r"([A-Za-z]+)-$", before)
    n = re.match(r"([a-z][A-Za-z]*)", after)
    if m and n:
        whole = (m.group(1) + n.group(1)).lower()
        hyphened = f"{m.group(1)}-{n.group(1)}".lower()
        if hyphened in words and whole not in words:
            return before + after
        return before[:-1] + after
    return f"{before} {after}"
