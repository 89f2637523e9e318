"""A PDF page's lines with how they look: where each sits on the page, its font size and whether it is bold.

pypdf's ``extract_text(visitor_text=...)`` hands over every piece of text it outputs with its text and
transformation matrices and its font; the pieces put together are exactly the page's extracted text, so the
lines built here are the same lines ``extract_text`` gives, each with its look. A PDF has no headings, only
larger or bold text; ``levels`` turns the looks a document gives its short lines into heading levels, and
``line_step`` measures the usual distance between lines, so that a wider gap can end a paragraph.
"""

from __future__ import annotations

import math
import re
import statistics
from collections import Counter
from dataclasses import dataclass

BOLD = re.compile(r"bold|black|heavy|semibold|demi", re.I)
LARGER = 1.15  # a line this much larger than the body text is a heading


@dataclass(frozen=True)
class PdfLine:
    text: str
    y: float | None  # the baseline's height on the page (PDF units, up is larger), None when unknown
    size: float  # the smallest font size on the line, in PDF units
    bold: bool  # every piece of the line is in a bold font

    @property
    def look(self) -> tuple[float, bool]:
        return round(self.size, 1), self.bold


def page_lines(page) -> tuple[str, list[PdfLine]]:
    """(pypdf's text of the page, its non-blank lines with their look)."""
    lines: list[PdfLine] = []
    cur: list[str] = []
    looks: list[tuple[float, float, bool]] = []  # (y, size, bold) of each non-blank piece of the current line

    def flush():
        text = " ".join("".join(cur).split())
        if text:
            ys = [y for y, _, _ in looks]
            lines.append(PdfLine(text, ys[0] if ys else None, min((s for _, s, _ in looks), default=0.0),
                                 bool(looks) and all(b for _, _, b in looks)))
        cur.clear()
        looks.clear()

    def visit(text, cm, tm, font, size):
        for i, part in enumerate(re.split(r"\r\n|\r|\n", text or "")):
            if i:
                flush()
            cur.append(part)
            if part.strip():
                m = _times(tm, cm)
                scale = math.sqrt(abs(m[0] * m[3] - m[1] * m[2])) or 1.0
                name = str(font.get("/BaseFont", "")) if font else ""
                looks.append((m[5], float(size or 0) * scale, bool(BOLD.search(name))))

    raw = page.extract_text(visitor_text=visit) or ""
    flush()
    return raw, lines


def _times(a, b) -> tuple[float, ...]:
    """The PDF matrix product a x b of two [a b c d e f] matrices."""
    a = [float(x) for x in a]
    b = [float(x) for x in b]
    return (a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3], a[2] * b[0] + a[3] * b[2],
            a[2] * b[1] + a[3] * b[3], a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5])


def body_look(pages: list[list[PdfLine]]) -> tuple[float, bool]:
    """The look most of the document's characters have."""
    seen: Counter = Counter()
    for lines in pages:
        for line in lines:
            seen[line.look] += len(line.text)
    return seen.most_common(1)[0][0] if seen else (0.0, False)


def levels(candidates: list[PdfLine], body: tuple[float, bool]) -> dict[tuple[float, bool], int]:
    """Heading level of each look that stands out from the body: larger first, then bold at the same size."""
    size = body[0]
    looks = {c.look for c in candidates if size and (c.size >= LARGER * size or (c.bold and not body[1]))}
    ordered = sorted(looks, key=lambda k: (-k[0], not k[1]))
    return {k: min(i + 1, 6) for i, k in enumerate(ordered)}


def line_step(pages: list[list[PdfLine]], body: tuple[float, bool]) -> float | None:
    """The usual distance from one body line to the next (the median), None without positions."""
    gaps = [a.y - b.y for lines in pages for a, b in zip(lines, lines[1:])
            if a.y is not None and b.y is not None and a.look == b.look == body and a.y > b.y]
    return statistics.median(gaps) if len(gaps) >= 3 else None
