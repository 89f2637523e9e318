"""Headings in text that has none marked: a CQC web page as a browser copies it, or a PDF's extracted text.

Such text has no ``#``; its structure is in lines that are exactly a name the reports use: the title
("<Council>: local authority assessment"), a theme, a quality statement, or a known sub-heading ("What people
expect", "Key findings", "About <Council>"). Recognising them by name, not by looks, keeps a findings sentence
that mentions safeguarding from becoming a section. The PDF reader asks ``is_heading`` too, so it never joins
such a line into the paragraph below it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from qa.cqc import framework
from qa.text import Line, normalise

BULLET = re.compile(r"^[ \t]*(?:[•·▪‣◦*]|-(?=[ \t]))[ \t]*")
SCORE_LINE = re.compile(r"^[ \t]*(?:[•·▪‣◦*-][ \t]*)?Score:?[ \t]*\d{1,3}\b")
TITLE = re.compile(r".+:\s*local authority assessment$", re.I)
# Sub-headings of the summary, the statement pages and the About page, at the level they sit.
KNOWN = {normalise(k): level for k, level in (
    ("Overall summary", 1), ("Summary", 1), ("Summary of people's experiences", 1), ("Financial facts", 2),
    ("Summary of strengths, areas for development and next steps", 2), ("Local authority rating and score", 2),
    ("Quality statement scores", 2), ("Demographics", 3), ("What people expect", 3),
    ("The local authority commitment", 3), ("Key findings for this quality statement", 2), ("Key findings", 2),
    ("Contents", 2), ("Summary of findings", 2), ("Strengths", 3), ("Key strengths", 3), ("Areas of strength", 3),
    ("Areas for development", 3), ("Areas for improvement", 3), ("Next steps", 3), ("What people told us", 3),
    ("What carers told us", 3), ("What unpaid carers told us", 3), ("What partners told us", 3),
    ("What staff told us", 3), ("What leaders told us", 3),
)}


def bare(text: str) -> str:
    """The line without its list bullet and surrounding spaces."""
    return BULLET.sub("", text).strip()


@lru_cache(maxsize=4096)
def is_heading(text: str) -> int | None:
    """The level of a line that is a heading by name alone (title 1, theme 1, statement 2, sub-heading), else None.

    >>> is_heading("What people expect"), is_heading("We found that safeguarding was good.")
    (3, None)
    """
    b = bare(text)
    if not b or len(b) > 120 or b.endswith((".", ",", ";")) or b != text.strip():
        return None
    if TITLE.match(b):
        return 1
    if framework.theme_number(b) is not None:
        return 1
    norm = normalise(b)
    if norm in KNOWN:
        return KNOWN[norm]
    if re.fullmatch(r"about (?!the\b|this\b|us\b)[a-z].{2,60}", norm) and b[6:7].isupper():
        return 1
    if len(b) < 80 and framework.statement_for_heading(b) is not None:
        return 2
    return None


def plain_headings(all_lines: list[Line]) -> list[tuple[Line, int, str]]:
    """(line, level, title) for every heading line of unmarked text, in order.

    The first line is the title unless it is itself a statement or theme name (a statement page on its own).
    A bulleted statement name is a heading only when its "Score: N" follows: that is the summary's list of
    scores, which the parser absorbs; other bulleted lines are list items.
    """
    out: list[tuple[Line, int, str]] = []
    texts = [ln for ln in all_lines if not ln.blank]
    for i, line in enumerate(texts):
        b = bare(line.text)
        bulleted = b != line.text.strip()
        nxt = texts[i + 1].text if i + 1 < len(texts) else ""
        if bulleted:
            if len(b) < 80 and framework.statement_for_heading(b) and SCORE_LINE.match(nxt):
                out.append((line, 2, b))
            continue
        level = is_heading(line.text)
        if level is None and i == 0 and len(b) < 120 and not b.endswith("."):
            level = 1
        if level is not None:
            out.append((line, level, b))
    return out
