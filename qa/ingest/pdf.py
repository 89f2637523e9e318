"""A PDF report -> its text page by page, with what a PDF adds taken away: running headers and footers, page
numbers, lines broken mid-sentence and words hyphenated across lines.

pypdf gives each page's text as lines, with no blank line between paragraphs and no mark of a heading. Lines
that repeat at the top or bottom of most pages (the title, "Page 3 of 30", the URL and date of printing) are
dropped. Each line's look (``pdf_layout``: font size, bold, height on the page) finds the headings: a short
line larger than the body text, or bold where the body is not, is written as a ``#`` line (the largest look
``#``, the next ``##``, ...), so the parser makes it a section as it does for markdown; a line that is a heading
by name (``outline.is_heading``) is one too; a heading too long for its line, wrapped onto the next, is one
heading. A line is joined to the one before when that one ran to the full width and no wider gap than the
document's usual line step lies between them. A sentence cut by a page break (the page's last line ran to the
full width) is made whole on the page it starts on (the words up to its end move up; the rest of its paragraph
stays). Pages are
joined by a ``---`` line, which the chunker never quotes, so no passage straddles two pages and each can name
the page it is on.
"""

from __future__ import annotations

import io
import math
import re

from qa.cqc import framework
from qa.errors import ReportError
from qa.ingest.outline import BULLET, TITLE, is_heading
from qa.ingest.summary import LABEL, SCORE
from qa.ingest.pdf_layout import PdfLine, body_look, levels, line_step, page_lines

PAGE_BREAK = "\n\n---\n\n"
_SCORE = re.compile(r"score:?\s*\d{1,3}\s*%?(?:\s*(?:/|out of)\s*\d{1,3})?|[1-4](?:\s*(?:/|out of)\s*4)?"
                    r"(?:\s*[-–:]\s*evidence shows\b.*)?", re.I)
PAGE_NUMBER = re.compile(r"^(?:page\s+)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$", re.I)
URL = re.compile(r"https?://\S+|www\.\S+", re.I)
PRINT_DATE = re.compile(r"^\d{1,2}/\d{1,2}/\d{2,4},?\s+\d{1,2}:\d{2}")
EDGE = 3  # lines at the top and at the bottom of a page where running headers and footers sit
FULL = 0.75  # a line this much of the full width ran on to the next; a shorter one ended its paragraph
GAP = 1.3  # a gap this many line steps ends a paragraph even after a full-width line
WRAPPED = 1.7  # a heading's next line sits within this many of its font sizes below it...
HEADING_FULL = 0.7  # ...after a line this much of the full width, counted in characters of the body's size
END = re.compile(r"[.!?:;][\"'’”)\]]*$")  # a paragraph that ends here ends before the page break
SENTENCE_END = re.compile(r"[.!?][\"'’”)\]]*(?=\s|$)")
FINISHED = re.compile(r"[.!?][\"'’”)\]]*\s*$")  # a line that ends a sentence


def extract(data: bytes, name: str) -> tuple[str, list[tuple[int, int]]]:
    """(text, (start, end) of each page within it), or a ReportError for an encrypted or textless PDF."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ReportError(f"{name}: the PDF is encrypted: save an unprotected copy")
        read = [page_lines(page) for page in reader.pages]
    except ReportError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as exc:
        if "encrypt" in str(exc).lower() or "decrypt" in str(exc).lower():
            raise ReportError(f"{name}: the PDF is encrypted: save an unprotected copy") from None
        raise ReportError(f"{name}: is not a readable PDF ({type(exc).__name__})") from None
    if sum(len(t.split()) for t, _ in read) < 5:
        raise ReportError(f"{name}: the PDF has no text layer (a scan?): run OCR on it or use the web page")
    pages = _drop_running([lines for _, lines in read])
    layout = _Layout(pages)
    runs_on = [bool(lines) and layout.level(lines[-1]) is None and layout.full(lines[-1]) for lines in pages]
    texts = _across_pages([_paragraphs(lines, layout) for lines in pages], runs_on, layout.words)
    out, spans, pos = [], [], 0
    for i, blocks in enumerate(texts):
        t = "\n\n".join("\n".join(b) for b in blocks if b)
        if i:
            out.append(PAGE_BREAK)
            pos += len(PAGE_BREAK)
        out.append(t)
        spans.append((pos, pos + len(t)))
        pos += len(t)
    return "".join(out) + "\n", spans


class _Layout:
    """What the whole document says about its lines: full width, body look, heading looks, line spacing."""

    def __init__(self, pages: list[list[PdfLine]]):
        self.width = _width(pages)
        self.words = _vocabulary(pages)
        self.body = body_look(pages)
        self.levels = levels([l for lines in pages for l in lines if self.could_head(l)], self.body)
        self.step = line_step(pages, self.body)

    def could_head(self, line: PdfLine) -> bool:
        t = line.text
        return len(t) < FULL * self.width and not BULLET.match(t) and not t.endswith((".", ",", ";"))

    def level(self, line: PdfLine) -> int | None:
        """The heading level of a line from its look, or by name; None for prose. The rating and a statement's
        score are values however large or bold they are set ("Outstanding", "Score: 3"): as prose they are
        quoted, and so cited, like any line."""
        if not self.could_head(line) or framework.rating_in(line.text) or _SCORE.fullmatch(line.text.strip()):
            return None
        return self.levels.get(line.look) or is_heading(line.text)

    def wraps(self, heading: PdfLine, line: PdfLine) -> bool:
        """Whether heading line ``line`` goes on with ``heading``, the line above it: the same look, no wider gap
        than between the lines of one heading, ``line`` no heading by name (a statement's, "What people expect"),
        and ``heading`` ran to the width of a line at its size (or ``line`` starts in lower case). Two headings
        that follow each other stand apart or are short."""
        if line.look != heading.look or is_heading(line.text) or heading.text.endswith(":"):
            return False  # "Assessing needs" under "Theme 1: How ... works with people" is a heading of its own
        if heading.y is not None and line.y is not None and not 0 < heading.y - line.y <= WRAPPED * line.size:
            return False
        body = self.body[0] or line.size
        ran_on = len(heading.text) * line.size / body >= HEADING_FULL * self.width
        return ran_on or line.text[:1].islower()

    def full(self, line: PdfLine) -> bool:
        """Whether a line ran to the full width: its paragraph goes on below it."""
        return len(line.text) >= FULL * self.width

    def open_after(self, before: PdfLine, line: PdfLine) -> bool:
        """Whether ``line`` continues the paragraph of ``before``: that one ran to the full width and, where
        positions are known, no wider gap than between the lines of a paragraph lies between them. A line that
        leads a list ("Areas for development included:") after a finished sentence starts a paragraph of its own,
        however close it sits (else it ends the list item above, and its list reads as that list's)."""
        if not self.full(before) or (FINISHED.search(before.text) and line.text.rstrip().endswith(":")):
            return False
        if self.step and before.y is not None and line.y is not None and before.y > line.y:
            return before.y - line.y <= GAP * self.step
        return True


def _key(line: str) -> str:
    return re.sub(r"\d+", "#", line.lower())


def _drop_running(pages: list[list[PdfLine]]) -> list[list[PdfLine]]:
    """Without lines repeated at the edges of most pages, page numbers, and printed URLs and dates. A line the
    report states something in is never a running line, however often it falls at a page's edge: a score ("Score:
    3" under each of nine statements; digits are masked, so every score line looks alike), a rating, or a heading
    by name ("Key findings for this quality statement")."""
    seen: dict[str, int] = {}
    for lines in pages:
        for key in {_key(l.text) for l in lines[:EDGE] + lines[-EDGE:] if not _states(l.text)}:
            seen[key] = seen.get(key, 0) + 1
    need = max(2, math.ceil(0.5 * len(pages)))
    running = {k for k, n in seen.items() if n >= need} if len(pages) >= 2 else set()
    out = []
    for lines in pages:
        edge = set(range(min(EDGE, len(lines)))) | set(range(max(0, len(lines) - EDGE), len(lines)))
        out.append([line for i, line in enumerate(lines) if not (i in edge and (
            _key(l := line.text) in running or PAGE_NUMBER.match(l) or PRINT_DATE.match(l) or URL.fullmatch(l)
            or URL.search(l) and len(l) < 120))])
    return out


def _states(line: str) -> bool:
    """Whether a line states a score, a score's label or a rating, or is a heading by name (not the report's
    title, which a printed page repeats at its top)."""
    return bool(SCORE.search(line) or LABEL.search(line) or framework.rating_in(line)
                or is_heading(line) and not TITLE.match(line.strip()))


def _width(pages: list[list[PdfLine]]) -> int:
    """The length of a full line: the 90th percentile of line lengths."""
    lengths = sorted(len(l.text) for lines in pages for l in lines)
    return lengths[int(0.9 * (len(lengths) - 1))] if lengths else 80


def _vocabulary(pages: list[list[PdfLine]]) -> set[str]:
    return {w.lower() for lines in pages for l in lines for w in re.findall(r"[A-Za-z][A-Za-z-]*[A-Za-z]", l.text)}


def _paragraphs(lines: list[PdfLine], layout: _Layout) -> list[list[str]]:
    """Lines rejoined into paragraphs (each a block of one line); headings and list items keep lines of their
    own; in a document whose headings have a look of their own, a heading is written as a ``#`` line."""
    blocks: list[list[str]] = []  # each: the lines of one paragraph or one list
    cur: list[str] = []  # the line being built
    prev: PdfLine | None = None  # the last line, when the next may continue it
    heading: PdfLine | None = None  # the last line, when it was a heading the next line may continue
    for line in lines:
        level = layout.level(line)
        bullet = bool(BULLET.match(line.text))
        if heading is not None and level is not None and layout.wraps(heading, line):
            blocks[-1][-1] += " " + line.text  # a heading too long for one line goes on over the next
            heading = line
            continue
        heading = line if level is not None and layout.levels else None
        if cur and prev is not None and level is None and not bullet and layout.open_after(prev, line):
            cur[-1] = _join(cur[-1], line.text, layout.words)
        elif bullet and cur and blocks and blocks[-1] is cur and BULLET.match(cur[0]):
            cur.append(line.text)  # the next item of the same list
        else:
            cur = ["#" * level + " " + line.text if level and layout.levels else line.text]
            blocks.append(cur)
        prev = None if level is not None else line
        if level is not None:
            cur = []
    return [b for b in blocks if b]


def _across_pages(pages: list[list[list[str]]], runs_on: list[bool], words: set[str]) -> list[list[list[str]]]:
    """A sentence cut by a page break is made whole on the page it starts on: the words before its end are
    moved up from the next page (the rest of the paragraph stays there), so no quote straddles the break. Only
    a page whose last line ran to the full width was cut: a short last line ended its paragraph (or was a
    subheading in body type, "Learning from feedback", which must not run into the next page's sentence)."""
    for before, after, cut in zip(pages, pages[1:], runs_on):
        if not before or not after or not after[0] or not cut:
            continue
        last, first = before[-1][-1], after[0][0]
        if last.startswith("#") or END.search(last) or first.startswith("#") or BULLET.match(first):
            continue
        m = SENTENCE_END.search(first)
        head, rest = (first[: m.end()].rstrip(), first[m.end():]) if m else (first, "")
        before[-1][-1] = _join(last, head, words)
        if rest.strip():
            after[0][0] = rest.lstrip()
        else:
            del after[0][0]
            if not after[0]:
                del after[0]
    return pages


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
