"""Line, paragraph and sentence spans over a report's text.

Parser, chunker and answerer all cut the same text; doing it in one place keeps their offsets in agreement.
Every function returns spans into the string it was given, never rewritten text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A UTF-8 byte order mark may open the file; it is kept in the text (offsets stay exact) but must not hide
# the title.
HEADING = re.compile(r"^\ufeff?(#{1,6})[ \t]+(.*?)[ \t#]*$")
PAGE_BREAK = re.compile(r"^[ \t]*(?:-[ \t]*){3,}$|^[ \t]*(?:\*[ \t]*){3,}$|^[ \t]*(?:_[ \t]*){3,}$")
FENCE = re.compile(r"^[ \t]*(```|~~~)")

# A sentence ends at . ! ? (optionally followed by a closing quote or bracket) before whitespace and a capital,
# a digit, a quote or a bracket. Abbreviations that would fool this are listed rather than guessed.
_SENTENCE_END = re.compile(r"""[.!?]['"’”)\]]*(?=\s+['"“‘(\[]?[A-Z0-9£])""")
_ENDS_LINE = re.compile(r"[.!?:;]['\")\]*]*\s*$")  # a line that ends a sentence, a lead-in or an item
BULLETS = "-*+\u2022\u25cf\u25aa\u25e6\u2023"  # list markers as reports and PDF text have them: - * + • ● ▪ ◦ ‣
_STARTS_ITEM = re.compile(rf"\s*(?:[{BULLETS}#>|]|\d{{1,2}}[.)]\s)")
WRAPPED = 0.8  # a line this share of the text's longest (of 50 characters or more) was wrapped, as a PDF's is
_ABBREVIATIONS = ("e.g.", "i.e.", "etc.", "Dr.", "Mr.", "Mrs.", "Ms.", "No.", "St.", "vs.", "approx.", "Cllr.")


@dataclass(frozen=True)
class Line:
    start: int  # offset of the first character
    end: int  # offset just past the last character, line break excluded
    text: str

    @property
    def blank(self) -> bool:
        return not self.text.strip()


_LINE_END = re.compile(r"\r\n|\r|\n")


def lines(text: str) -> list[Line]:
    """Split into lines keeping offsets.

    Only \\n, \\r\\n and \\r end a line, as in markdown. ``str.splitlines`` also breaks at form feeds, \\x1c-\\x1e,
    \\x85 and \\u2028, which PDF conversions leave inside paragraphs: it made them paragraph breaks (or page
    breaks) that no reader sees, and left the character in the line before it.
    """
    out: list[Line] = []
    pos = 0
    for m in _LINE_END.finditer(text):
        out.append(Line(pos, m.start(), text[pos : m.start()]))
        pos = m.end()
    if pos < len(text):
        out.append(Line(pos, len(text), text[pos:]))
    return out


def heading(line: Line) -> tuple[int, str] | None:
    """(level, title) for an ATX heading line, else None."""
    m = HEADING.match(line.text)
    if not m:
        return None
    title = m.group(2).strip()
    return (len(m.group(1)), title) if title else None


def is_page_break(line: Line) -> bool:
    return bool(PAGE_BREAK.match(line.text))


def paragraphs(text: str, start: int, end: int) -> list[tuple[int, int, bool]]:
    """Paragraph spans ``(start, end, after_break)`` in ``text[start:end]``.

    Paragraphs are separated by blank lines; page-break lines (``---``) separate them too and are never part of
    one. ``after_break`` says a page break stood between this paragraph and the previous one, so the chunker
    knows it cannot join the two without quoting the break.
    """
    out: list[tuple[int, int, bool]] = []
    cur_start = cur_end = None
    broke = False
    for line in lines(text[start:end]):
        s, e = line.start + start, line.end + start
        if line.blank or is_page_break(line):
            if cur_start is not None:
                out.append((cur_start, cur_end, broke))
                cur_start = None
                broke = False
            if is_page_break(line):
                broke = True
            continue
        if cur_start is None:
            cur_start = s + (len(line.text) - len(line.text.lstrip()))
        cur_end = s + len(line.text.rstrip())
    if cur_start is not None:
        out.append((cur_start, cur_end, broke))
    return out


def sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans in ``text[start:end]``, whitespace trimmed, covering every non-space character."""
    end = len(text) if end is None else end
    chunk = text[start:end]
    cuts = [0]
    for m in _SENTENCE_END.finditer(chunk):
        before = chunk[max(0, m.start() - 8) : m.end()]
        if any(before.endswith(a) for a in _ABBREVIATIONS) or _inside_quote(chunk, m.end()):
            continue
        cuts.append(m.end())
    cuts.append(len(chunk))
    # A paragraph's line breaks are sentence breaks too (list items, "Score: 2" lines), except where a hard-wrapped
    # line runs on (``_runs_on``).
    longest = max((len(x) for x in re.findall(r"[^\r\n]+", chunk)), default=0)
    spans: list[tuple[int, int]] = []
    for a, b in zip(cuts, cuts[1:]):
        for s, e in _line_runs(chunk, a, b, longest):
            raw = chunk[s:e]
            lead = len(raw) - len(raw.lstrip())
            trail = len(raw.rstrip())
            if trail > lead:
                spans.append((start + s + lead, start + s + trail))
    return spans


def _inside_quote(text: str, at: int) -> bool:
    """Whether ``at`` stands inside a double-quoted passage that closes later on its line: a person's words
    ("The council is the partner we go to first. They listen.") are quoted whole, not cut at their own stops."""
    start = text.rfind("\n", 0, at) + 1
    end = len(text) if (end := text.find("\n", at)) == -1 else end
    seg = text[start:at]
    if seg.count('"') % 2:
        return '"' in text[at:end]
    return seg.count("\u201c") > seg.count("\u201d") and "\u201d" in text[at:end]


def _line_runs(text: str, a: int, b: int, longest: int) -> list[tuple[int, int]]:
    """``text[a:b]``'s lines as (start, end), a line that runs on into the next joined with it."""
    out: list[tuple[int, int]] = []
    for m in re.finditer(r"[^\r\n]+", text[a:b]):
        s, e = a + m.start(), a + m.end()
        if out and _runs_on(text[out[-1][0]:out[-1][1]].rsplit("\n", 1)[-1], text[s:e], longest):
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def _runs_on(line: str, after: str, longest: int) -> bool:
    """Whether a hard-wrapped ``line`` goes on in the line ``after`` it: it ends no sentence, the next is no list
    item or heading, and the next starts in lower case, or this line is as long as the text's wrapped lines are."""
    if _ENDS_LINE.search(line) or _STARTS_ITEM.match(after) or not line.strip():
        return False
    return after.lstrip()[:1].islower() or after.lstrip()[:1] == "(" or (
        longest >= 50 and len(line.rstrip()) >= WRAPPED * longest)


def word_count(text: str) -> int:
    return len(text.split())


def normalise(text: str) -> str:
    """Lower-case, '&' as 'and', punctuation dropped, spaces collapsed: for matching names, not for display."""
    text = text.lower().replace("&", " and ").replace("’", "'")
    text = re.sub(r"[^a-z0-9']+", " ", text).replace("'", "")
    return " ".join(text.split())


def contains_run(seq, sub) -> bool:
    """Whether ``sub`` stands in ``seq`` as a consecutive run: a phrase's tokens among a text's tokens.

    >>> contains_run(["a", "b", "c"], ["b", "c"]), contains_run(["a", "b", "c"], ["a", "c"])
    (True, False)
    """
    sub, seq = tuple(sub), tuple(seq)
    n = len(sub)
    if n == 0 or sub[0] not in seq:  # most questions' phrases: their first word is nowhere in the text
        return False
    return any(seq[i : i + n] == sub for i in range(len(seq) - n + 1) if seq[i] == sub[0])
