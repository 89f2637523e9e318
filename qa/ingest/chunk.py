"""``Report`` -> ``Passage``s: what a reader wants to see, and what the model can read whole.

A passage is a paragraph, or a few short ones, from one section. Short paragraphs ("Score: 2", one-line
expectations) join a neighbour in the same section so they are never stranded; paragraphs longer than the
model's input are cut at sentence boundaries into near-equal parts (between words, when one sentence is
itself too long). Merging ordinary paragraphs into bigger blocks measured worse, so it is not done. A page
break (``---``) is never quoted, so paragraphs on either side of one are not joined.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
import re

from qa.config import ChunkSettings
from qa.ingest.pages import base, page_at
from qa.text import paragraphs, sentences, word_count
from qa.ingest.kinds import is_standard_heading, passage_kind
from qa.types import Passage, Report


def chunk(report: Report, settings: ChunkSettings = ChunkSettings()) -> list[Passage]:
    """Cut every section's body into passages, in document order.

    >>> passages = chunk(parse_file("corpus/a-council.md"))  # doctest: +SKIP
    >>> p = passages[0]; texts(report)[p.source][p.start:p.end] == p.text  # doctest: +SKIP
    True
    """
    text = report.text
    spans: list[tuple[tuple[str, ...], int, int, bool]] = []
    for section in report.sections:
        standard_end = _standard_end(text, section) if is_standard_heading(section.title) else section.start
        for start, end in _section_spans(text, section.start, section.end, settings, standard_end):
            spans.append((section.path, start, end, start < standard_end))
    seen: dict[str, int] = {}
    out = []
    for path, start, end, standard in spans:
        body = text[start:end]
        key = "\x1f".join((report.id, *path, body))
        n = seen.get(key, 0)
        seen[key] = n + 1
        pid = hashlib.sha256(f"{key}\x1f{n}".encode()).hexdigest()[:16]
        out.append(_placed(report, Passage(pid, report.id, report.source, path, start, end, body,
                                                   kind=passage_kind(path, body, standard))))
    return out


def _placed(report: Report, p: Passage) -> Passage:
    """The passage named by the page file it is on, offsets into that file's text, and its PDF page number.

    Pages are joined by page breaks, which no passage crosses, so a passage lies on one page."""
    if not report.pages:
        return p
    page = page_at(report.pages, p.start)
    b = base(report.pages, page.source)
    return replace(p, source=page.source, start=p.start - b, end=p.end - b, page=page.number)


def _standard_end(text: str, section) -> int:
    """Where CQC's standard wording under "What people expect" / "The local authority commitment" ends: at the
    first paragraph after the first that is not one of its "I ..." / "We ..." statements. In a page copied from a
    browser the council's findings can follow with no heading of their own."""
    paras = paragraphs(text, section.start, section.end)
    return next((a for a, _, _ in paras[1:] if not _STATEMENT.match(text, a)), section.end)


_STATEMENT = re.compile(r"(?:[-*\u2022]\s+)?(?:I|We)\b")


def _section_spans(text: str, start: int, end: int, settings: ChunkSettings,
                   standard_end: int | None = None) -> list[tuple[int, int]]:
    """Passages of one section; none spans ``standard_end`` (the end of CQC's standard wording, see
    ``_standard_end``), so the council's findings are never folded into the standard text."""
    paras = paragraphs(text, start, end)
    paras = [(a, b, broke or a == standard_end) for a, b, broke in paras]
    groups = _group_short(text, paras, settings)
    out: list[tuple[int, int]] = []
    for a, b in groups:
        if word_count(text[a:b]) > settings.max_words:
            out.extend(_split_long(text, a, b, settings.max_words))
        else:
            out.append((a, b))
    return out


def _group_short(text: str, paras: list[tuple[int, int, bool]], settings: ChunkSettings) -> list[tuple[int, int]]:
    """Join each short paragraph to the next (or else the previous) one, never across a page break."""
    groups: list[list[int]] = []  # [start, end, words, joinable_to_next]
    for i, (a, b, after_break) in enumerate(paras):
        words = word_count(text[a:b])
        prev = groups[-1] if groups else None
        prev_short = prev is not None and prev[2] < settings.min_words
        fits = prev is not None and prev[2] + words <= settings.max_words
        if prev is not None and not after_break and fits and (prev_short or words < settings.min_words):
            if not prev_short and words < settings.min_words and _next_takes(text, paras, i, settings):
                groups.append([a, b, words])  # better joined forward, to the paragraph it introduces
                continue
            prev[1], prev[2] = b, prev[2] + words
        else:
            groups.append([a, b, words])
    return [(g[0], g[1]) for g in groups]


def _next_takes(text: str, paras, i: int, settings: ChunkSettings) -> bool:
    """A short paragraph that ends with ':' or opens a run introduces what follows rather than ending what precedes."""
    if i + 1 >= len(paras) or paras[i + 1][2]:
        return False
    a, b, _ = paras[i]
    nxt = word_count(text[paras[i + 1][0] : paras[i + 1][1]])
    return text[a:b].rstrip().endswith(":") and word_count(text[a:b]) + nxt <= settings.max_words


def _split_long(text: str, start: int, end: int, max_words: int) -> list[tuple[int, int]]:
    """Cut at sentence ends into the fewest near-equal parts that each fit ``max_words``."""
    sents = [piece for a, b in sentences(text, start, end) for piece in _cut_words(text, a, b, max_words)]
    counts = [word_count(text[a:b]) for a, b in sents]
    total = sum(counts)
    parts = -(-total // max_words)
    target = total / parts
    out: list[tuple[int, int]] = []
    cur_start, cur_words = None, 0
    for (a, b), n in zip(sents, counts):
        if cur_start is not None and cur_words + n > max_words or (
            cur_start is not None and cur_words >= target and len(out) < parts - 1
        ):
            out.append((cur_start, prev_end))
            cur_start, cur_words = None, 0
        if cur_start is None:
            cur_start = a
        cur_words += n
        prev_end = b
    if cur_start is not None:
        out.append((cur_start, prev_end))
    return out


def _cut_words(text: str, start: int, end: int, max_words: int) -> list[tuple[int, int]]:
    """A "sentence" longer than ``max_words`` (a run-on list, a table flattened to one line) is cut between
    words into near-equal parts; otherwise the passage would overflow the model and its tail go unembedded."""
    words = [m.span() for m in re.finditer(r"\S+", text[start:end])]
    if len(words) <= max_words:
        return [(start, end)]
    parts = -(-len(words) // max_words)
    size = -(-len(words) // parts)
    return [(start + words[i][0], start + words[min(i + size, len(words)) - 1][1]) for i in range(0, len(words), size)]
