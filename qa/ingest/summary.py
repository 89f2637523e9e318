"""What a report states of itself: its score lines, the scores its summary lists, its rating, overall
percentage, publication date and council, in each of the forms CQC's pages and PDFs have used.

A score is "Score: 3" under the statement, "Quality statement score 3/4", "3 out of 4" in a table cell, or only
its label "3 - Evidence shows a good standard"; the summary lists them as lines, list items ("Assessing needs
Score: 2") or table rows ("Working with people | Assessing needs | 3 out of 4"). The rating stands alone under
"Local authority rating and score" or "Overall rating", or follows "Overall rating:" on its line.
"""

from __future__ import annotations

import re
from datetime import datetime

from qa.cqc import framework, overall
from qa.ingest.outline import bare
from qa.text import Line, heading, is_page_break, normalise
from qa.types import Percentage, Section, Span, StatementScore

SCORE = re.compile(
    r"\bScore:?[ \t]*([1-4])\b(?![ \t]*[.,]\d)(?:[ \t]*(?:/|out of)[ \t]*4\b)?"  # "Score: 3", "Score 3/4"
    r"|\b(?i:score):?[ \t]*([1-4])[ \t]*(?:/|out of)[ \t]*4\b"  # "Quality statement score 3 /4"
    r"|(?:^|(?<=\|))[ \t]*([1-4])[ \t]*(?:/|out of)[ \t]*4[ \t]*(?=\||$)", re.M)  # a line or table cell: "3 out of 4"
LABEL = re.compile(r"(?:([1-4])\s*[-–—:]\s*)?(Evidence shows [^\n]*?)[ \t.]*$", re.M)
# "1 - Evidence shows significant shortfalls" on a line of its own states the score (not the scale, all four on one)
_NUMBERED_LABEL = re.compile(r"^[ \t]*([1-4])[ \t]*[-–—:][ \t]*Evidence shows\b(?![^\n]*Evidence shows)[^\n]*$", re.M)
# "Assessment published: 16 August 2024", "Published 12 March 2025" on one line, or "Published" alone on a line
# above its date; never a date that wraps under prose ("... guidance was published" / "12 March 2014 ...")
# ("Date of publication: 22 January 2025", "Publication date", "Published on" alike, as a line's label only:
# "Healthwatch's report, published on 4 June 2023" dates no assessment)
_PUBLISHED_LEAD = r"(?:Assessment[ \t]+|Report[ \t]+)?published"
# (a label may follow a sentence on its line, and its date wrap, as PDF text has it: "... Act 2022. Date of
# publication: 14" / "March 2025")
_LABEL_LEAD = r"(?:^[ \t]*\|?[ \t]*|(?<=[.!?] ))(?:Assessment[ \t]+|Report[ \t]+)?(?:published[ \t]+on|" \
    r"date[ \t]+(?:of[ \t]+)?publication|publication[ \t]+date|date[ \t]+published)"
_WRAPPING = r"(?:[ \t]+|[ \t]*\n[ \t]*)"
_HEAD = 2000  # a label after a sentence dates the report only this near its top (not a document cited later)
_SEP = r"[ \t]*[:|]?[ \t]*"  # "Published: 3 May 2024", or a table row's cells: "Date of publication | 3 May 2024"
PUBLISHED = re.compile(rf"\b{_PUBLISHED_LEAD}{_SEP}(\d{{1,2}}{_WRAPPING}[A-Za-z]+{_WRAPPING}\d{{4}})"
                       rf"|^[ \t]*{_PUBLISHED_LEAD}{_SEP}\n(?:[ \t]*\n)?[ \t]*"
                       r"(\d{1,2}[ \t]+[A-Za-z]+[ \t]+\d{4})[ \t]*$"
                       rf"|{_LABEL_LEAD}{_SEP}(?:\n(?:[ \t]*\n)?[ \t]*)?(\d{{1,2}}{_WRAPPING}[A-Za-z]+{_WRAPPING}\d{{4}})",
                       re.I | re.M)
# "Northmoor County Council scored 64 out of 100 overall, indicating a good standard", or "Score: 81" under the rating
PERCENT_SENTENCE = re.compile(r"[^\n]*?\bscored\s+(\d{1,3})\s+out\s+of\s+100\b[^\n]*", re.I)
PERCENT_SCORE = re.compile(r"(?:Overall[ \t]+)?(?:Score|percentage):?\s*(\d{2,3})\s*(?:%|/\s*100|out of 100)?", re.I)
# "Overall rating: Good", and a pilot assessment's "Indicative rating: Good" or "Good (indicative)"
_RATING_LEAD = re.compile(r"^(?:(?:overall|indicative)\s+)*rating\b\s*[:\-\u2013]?\s*", re.I)
_RATING_TAIL = re.compile(r"\s*(?:\(\s*indicative(?: rating)?\s*\)|[:\-\u2013]\s*indicative(?: rating)?)$", re.I)
_COUNCIL_TITLE = re.compile(r"(.+?)\s*(?::|\s[-–—|])\s*local authority assessment", re.I)
_COUNCIL_SECTION = re.compile(r"(.+?):\s*local authority assessment", re.I)
_COUNCIL_NAME = re.compile(r"(?:[A-Z][\w'’.&-]*[ \t]+)+(?:Council|Borough|County)", re.U)


def score_number(m: re.Match) -> int:
    """The score a ``SCORE`` match states (its one group that matched)."""
    return int(next(g for g in m.groups() if g))


def statement_score(text: str, section: Section) -> list[StatementScore]:
    """A statement section's own score: its first score line, or its numbered label alone, with the label."""
    body = text[section.start : section.end]
    found = [m for m in (SCORE.search(body), _NUMBERED_LABEL.search(body)) if m]
    if not found:
        return []
    m = min(found, key=lambda x: x.start())  # the score under the heading, not a "2/4" in a later table
    score = score_number(m)
    start, end = section.start + m.start(), section.start + m.end()
    if m.re is _NUMBERED_LABEL:
        start += len(m.group(0)) - len(m.group(0).lstrip())
    label = framework.LABELS[score]
    lm = LABEL.search(body, m.start(), min(len(body), m.end() + 200))
    if lm and (lm.group(1) is None or int(lm.group(1)) == score):
        label = lm.group(2).strip()
        end = max(end, section.start + lm.end(2))
    st = framework.statement_for_heading(section.title)
    return [StatementScore(section.path[0], st.name, score, label, Span(start, end, text[start:end]))]


def summary_scores(text: str, all_lines: list[Line], pre_end: int) -> tuple[StatementScore, ...]:
    """Scores listed near the top: a statement's name (heading or plain line) followed by its score line, or both
    on one line: a list item ("Assessing needs Score: 2") or a table row ("Theme | Assessing needs | 3 out of 4")."""
    out: dict[str, StatementScore] = {}
    pending: tuple[framework.Statement, int] | None = None

    def add(st: framework.Statement, start: int, end: int, score: int) -> None:
        if st.name not in out:
            out[st.name] = StatementScore(framework.canonical_theme(st.theme), st.name, score,
                                          framework.LABELS[score], Span(start, end, text[start:end]))

    for line in all_lines:
        if line.start >= pre_end:
            break
        if line.blank or is_page_break(line):
            continue
        name = heading(line)[1] if heading(line) else bare(line.text)
        at = line.start + line.text.index(name) if name else line.start
        st = framework.statement_for_heading(name) if len(name) < 80 else None
        if st is not None:
            pending = (st, at)
            continue
        m = SCORE.fullmatch(name) or _NUMBERED_LABEL.fullmatch(name) or (SCORE.match(name) if pending else None)
        if m and pending:
            add(pending[0], pending[1], at + m.end(), score_number(m))
        elif (inline := _inline(name)) is not None:
            st, a, b, score = inline
            add(st, at + a, at + b, score)
        pending = None
    return tuple(out.values())


def _inline(name: str) -> tuple[framework.Statement, int, int, int] | None:
    """(statement, start, end, score) of a line naming a statement and its score; None for any other line."""
    if "|" in name:
        cells, pos = [], 0
        for cell in name.split("|"):
            cells.append((cell.strip(), pos + len(cell) - len(cell.lstrip())))
            pos += len(cell) + 1
        named = [(framework.statement_for_heading(c), at) for c, at in cells if c and len(c) < 80]
        named = [(st, at) for st, at in named if st is not None]
        scored = [(SCORE.fullmatch(c) or _NUMBERED_LABEL.fullmatch(c), at, c) for c, at in cells]
        scored = [(m, at, c) for m, at, c in scored if m]
        if len(named) == 1 and len(scored) == 1 and scored[0][1] > named[0][1]:
            m, at, c = scored[0]
            return named[0][0], named[0][1], at + len(c), score_number(m)
        return None
    m = SCORE.search(name) or _NUMBERED_LABEL.search(name)
    lead = name[: m.start()].strip(" \t:-–—") if m else ""
    st = framework.statement_for_heading(lead) if lead and len(lead) < 80 else None
    return (st, 0, m.end(), score_number(m)) if st is not None else None


def rating(all_lines: list[Line], pre_end: int) -> Span | None:
    for line in all_lines:
        if line.start >= pre_end:
            break
        words = heading(line)[1] if heading(line) else bare(line.text)
        # "**Good**", "Overall rating: Good" and "Overall rating Good" state it too; the span quotes the rating alone
        words = _RATING_TAIL.sub("", _RATING_LEAD.sub("", words).strip("*_ ")).strip("*_ ")
        if words and framework.rating_in(words):
            start = line.start + line.text.index(words)
            return Span(start, start + len(words), words)
    return None


def percentage(text: str, all_lines: list[Line], pre_end: int, rated: Span | None, own, summary
               ) -> Percentage | None:
    """The overall percentage the summary states ("... scored 64 out of 100 overall ...", or "Score: 81" or
    "Overall score: 75%" just under the rating), else the one the scores give by CQC's rule, marked as computed."""
    merged = list({s.statement: s for s in (*summary, *own)}.values())  # a statement's own page wins
    m = PERCENT_SENTENCE.search(text, 0, pre_end)
    if m and 25 <= int(m.group(1)) <= 100:
        raw = m.group(0)
        start = m.start() + len(raw) - len(raw.lstrip(" \t•·*-"))
        end = m.start() + len(raw.rstrip())
        return overall.stated(int(m.group(1)), Span(start, end, text[start:end]), merged)
    if rated is not None:
        after = [ln for ln in all_lines if rated.end <= ln.start < pre_end and not ln.blank][:2]
        for line in after:
            sm = PERCENT_SCORE.fullmatch(bare(line.text))
            if sm and 25 <= int(sm.group(1)) <= 100:
                start = line.start + line.text.index(bare(line.text))
                end = start + sm.end()
                return overall.stated(int(sm.group(1)), Span(start, end, text[start:end]), merged)
    return overall.computed(merged)


def council(title: str, sections: list[Section], assessment: bool) -> str | None:
    """The council a report is about: from "<Council>: local authority assessment" (or "<Council> - Local
    authority assessment - ...", a saved page's title), which a page copied from a browser may carry below a line
    of site chrome ("Skip to main content"), else, in an assessment, from a title
    that is a council's name ("Wexmoor County Council"), else from "About <Council>"."""
    m = _COUNCIL_TITLE.match(title)  # "<Council> - Local authority assessment - ...": a saved page's title
    if m:
        return m.group(1).strip()
    for candidate in (s.title for s in sections):
        m = _COUNCIL_SECTION.match(candidate)
        if m:
            return m.group(1).strip()
    if assessment and _COUNCIL_NAME.fullmatch(title.strip()):
        return title.strip()  # "Hallowmere County Council" over its "About Hallowmere" section
    for s in sections:
        m = re.fullmatch(r"About (.+)", s.title)
        if m:  # "About Hallowmere" under the title "Hallowmere County Council": the title names it in full
            full = title.strip() if title.startswith(m.group(1).strip()) and _COUNCIL_NAME.fullmatch(title.strip()) else None
            return full or m.group(1).strip()
    return None


def council_in_rating(all_lines: list[Line]) -> str | None:
    """The council named in the summary's "Local authority rating and score" item, for a report whose title line
    is lost (a PDF's title repeats on every page, as its running header, and is dropped with it)."""
    texts = [bare(ln.text) for ln in all_lines if not ln.blank]
    for i, t in enumerate(texts[:-1]):
        if normalise(t) == "local authority rating and score":
            name = texts[i + 1].lstrip("#").strip()
            if framework.rating_in(_RATING_TAIL.sub("", _RATING_LEAD.sub("", name).strip("*_ "))):
                return None  # "Overall rating: Inadequate" names no council
            return name if name and not framework.rating_in(name) and len(name) < 80 else None
    return None


def published(text: str) -> tuple[str | None, Span | None]:
    """(ISO date, the span that states it) of "Assessment published: 16 August 2024"."""
    # a label (the third form) after a sentence on its line counts only near the top
    m = next((m for m in PUBLISHED.finditer(text) if m.group(3) is None or m.start() < _HEAD or
              text[m.start() - 1 : m.start()] in ("", "\n")), None)
    if not m:
        return None, None
    for fmt in ("%d %B %Y", "%d %b %Y"):
        try:
            iso = datetime.strptime(" ".join((m.group(1) or m.group(2) or m.group(3)).split()), fmt).date().isoformat()
        except ValueError:
            continue
        return iso, Span(m.start(), m.end(), m.group(0))
    return None, None
