"""Report file -> ``Report``: the section tree with exact offsets, the rating and the scores.

CQC reports come from PDFs and their markdown is uneven: a quality statement may be ``#`` or ``##``, "Score: 3"
is sometimes a heading, "Key findings" sometimes outranks the statement it belongs to. So inside the themes the
tree is built from the framework (theme > statement > part), matching headings by name, not by ``#`` count.
Anything that is not an assessment still parses: sections by heading level, no scores.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from qa.cqc import framework, overall
from qa.cqc.fact_tables import report_facts
from qa.ingest.corpus import report_id
from qa.ingest.extract import extract
from qa.ingest.outline import bare, plain_headings
from qa.text import Line, heading, is_page_break, lines, normalise
from qa.types import Percentage, Report, Section, Span, StatementScore

SCORE = re.compile(r"\bScore:?\s*([1-4])\b(?!\s*[.,]\d)")
LABEL = re.compile(r"(?:([1-4])\s*[-–—:]\s*)?(Evidence shows [^\n]*?)[ \t.]*$", re.M)
# "Assessment published: 16 August 2024", "Published 12 March 2025": on one line (a title ending "... local authority
# assessment" above a "Published ..." line is not part of it)
PUBLISHED = re.compile(r"(?:Assessment[ \t]+)?published:?[ \t]*(\d{1,2}[ \t]+[A-Za-z]+[ \t]+\d{4})", re.I)
# "Northmoor County Council scored 64 out of 100 overall, indicating a good standard", or "Score: 81" under the rating
PERCENT_SENTENCE = re.compile(r"[^\n]*?\bscored\s+(\d{1,3})\s+out\s+of\s+100\b[^\n]*", re.I)
PERCENT_SCORE = re.compile(r"Score:?\s*(\d{2,3})\s*(?:%|/\s*100|out of 100)?")


def parse_file(path: str | Path, source: str | None = None) -> Report:
    """Parse one report file of any supported type. ``source`` is the name citations show (defaults to the file name).

    >>> report = parse_file("corpus/a-council.md")  # doctest: +SKIP
    >>> report.rating.text, report.scores[6].statement, report.scores[6].score  # doctest: +SKIP
    ('Requires improvement', 'Safeguarding', 2)
    """
    path = Path(path)
    source = source or path.name
    text, pages = extract(path, source)
    report = parse_text(text, report_id(path), source)
    return replace(report, pages=pages) if any(p.number for p in pages) else report


ASSESSMENT = re.compile(r"local authority assessment|local authority rating and score|quality statement scores", re.I)


def parse_text(text: str, rid: str = "report", source: str = "report.md") -> Report:
    """Parse report text already in memory (any text: a non-assessment gets sections and no scores)."""
    all_lines = lines(text)
    heads = _headings(all_lines) or plain_headings(all_lines)
    title_line = _title(all_lines, heads)
    title = next(t for ln, _, t in heads if ln is title_line) if title_line else _title_from_id(rid)
    sections, absorbed = _sections(text, heads, title_line, title)
    first_theme = next((s.heading.start for s in sections if s.kind in ("theme", "statement")), None)
    pre_end = first_theme if first_theme is not None else len(text)
    scores = tuple(sc for s in sections if s.kind == "statement" for sc in _statement_score(text, s))
    # a summary page saved on its own has no theme or statement page, but says what it is
    summary = _summary_scores(text, all_lines, pre_end) \
        if scores or first_theme is not None or ASSESSMENT.search(text, 0, pre_end) else ()
    rating = _rating(all_lines, pre_end) if (scores or summary) else None
    percentage = _percentage(text, all_lines, pre_end, rating, scores, summary) if (scores or summary) else None
    return Report(
        id=rid,
        source=source,
        text=text,
        title=title,
        council=_council(title, sections) or _council_in_rating(all_lines),
        published=(published := _published(text[:pre_end]))[0],
        published_at=published[1],
        rating=rating,
        sections=tuple(sections),
        scores=scores,
        summary_scores=summary,
        percentage=percentage,
        warnings=overall.warnings(scores, summary, rating, percentage),
        facts=report_facts(text) if (scores or summary) else (),
    )


def _headings(all_lines: list[Line]) -> list[tuple[Line, int, str]]:
    out, fenced = [], False
    for line in all_lines:
        if line.text.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        elif not fenced and (h := heading(line)):
            out.append((line, h[0], h[1]))
    return out


def _title(all_lines: list[Line], heads) -> Line | None:
    """The first heading, if nothing but blank lines precedes it: it names the document and is the tree's root."""
    for line in all_lines:
        if line.blank:
            continue
        if not heads or heads[0][0] is not line:
            return None
        name = heads[0][2]
        named = framework.statement_for_heading(name) or framework.theme_number(name)
        return None if named else line
    return None


def _title_from_id(rid: str) -> str:
    return rid.replace("-", " ").title()


def _is_score_heading(title: str) -> bool:
    return bool(re.match(r"score\s*:?\s*[1-4]\b", title, re.I)) and len(title) < 60


def _sections(text: str, heads, title_line: Line | None, doc_title: str) -> tuple[list[Section], list[Line]]:
    """Walk the headings once, placing each in the tree; score lines and summary entries are absorbed as body.

    Text before the first heading (or a file with no headings at all) becomes a root section named ``doc_title``
    with an empty heading span, so no text of the report is left out of every passage.
    """
    framework_mode = any(framework.theme_number(t) for _, _, t in heads) or (
        sum(1 for _, _, t in heads if framework.statement_for_heading(t)) >= 3
    )
    opened: list[tuple[Line, str, tuple[str, ...], str]] = []  # (line, title, path, kind)
    absorbed: list[Line] = []
    stack: list[tuple[int, str]] = []  # generic mode: (markdown level, title)
    theme: tuple[int | None, str] | None = None
    statement: str | None = None
    for line, level, title in heads:
        if line is title_line:
            opened.append((line, title, (title,), "title"))
            continue
        if framework_mode and _is_score_heading(title):
            absorbed.append(line)
            continue
        number = framework.theme_number(title) if framework_mode else None
        st = framework.statement_for_heading(title) if framework_mode else None
        if number is not None:
            theme, statement = (number, title), None
            opened.append((line, title, (title,), "theme"))
        elif st is not None and theme is None and not _opens_statement_page(text, line, heads):
            absorbed.append(line)  # a summary entry ("## Safeguarding" above "Score: 2"), not a section
        elif st is not None and theme is None:  # a statement's own web page: its theme is the framework's
            theme, statement = (st.theme, framework.canonical_theme(st.theme)), title
            opened.append((line, title, (theme[1], title), "statement"))
        elif st is not None:
            theme_title = theme[1] if theme[0] in (None, st.theme) else framework.canonical_theme(st.theme)
            statement = title
            opened.append((line, title, (theme_title, title), "statement"))
        elif theme is not None:
            theme_title = theme[1]
            if statement and theme[0] not in (None, framework.statement_for_heading(statement).theme):
                theme_title = framework.canonical_theme(framework.statement_for_heading(statement).theme)
            path = (theme_title, statement, title) if statement else (theme_title, title)
            opened.append((line, title, path, "part"))
        else:
            while stack and stack[-1][0] >= level:
                stack.pop()
            path = tuple(t for _, t in stack) + (title,)
            stack.append((level, title))
            opened.append((line, title, path, "section"))
    first = opened[0][0].start if opened else len(text)
    if text[:first].strip():
        opened.insert(0, (Line(0, 0, ""), doc_title, (doc_title,), "title"))
    sections = []
    for i, (line, title, path, kind) in enumerate(opened):
        end = opened[i + 1][0].start if i + 1 < len(opened) else len(text)
        sections.append(Section(title, path, len(path), kind, Span(line.start, line.end, line.text), line.end, end))
    return sections, absorbed


def _opens_statement_page(text: str, line: Line, heads) -> bool:
    """A statement name followed by "Score: N" and "N - Evidence shows ..." heads that statement's page; in the
    summary's list of scores it is followed by its score alone."""
    later = [h[0].start for h in heads if h[0].start > line.start]
    body = text[line.end : later[0] if later else len(text)]
    m = SCORE.search(body)
    return bool(m and LABEL.search(body, m.end(), m.end() + 200))


def _statement_score(text: str, section: Section) -> list[StatementScore]:
    body = text[section.start : section.end]
    m = SCORE.search(body)
    if not m:
        return []
    score = int(m.group(1))
    start, end = section.start + m.start(), section.start + m.end()
    label = framework.LABELS[score]
    lm = LABEL.search(body, m.end(), min(len(body), m.end() + 200))
    if lm and (lm.group(1) is None or int(lm.group(1)) == score):
        label = lm.group(2).strip()
        end = section.start + lm.end(2)
    st = framework.statement_for_heading(section.title)
    return [StatementScore(section.path[0], st.name, score, label, Span(start, end, text[start:end]))]


def _summary_scores(text: str, all_lines: list[Line], pre_end: int) -> tuple[StatementScore, ...]:
    """Scores listed near the top: a statement's name (heading or plain line) followed by its "Score: N"."""
    out: dict[str, StatementScore] = {}
    pending: tuple[framework.Statement, int] | None = None
    for line in all_lines:
        if line.start >= pre_end:
            break
        if line.blank or is_page_break(line):
            continue
        name = heading(line)[1] if heading(line) else bare(line.text)
        st = framework.statement_for_heading(name) if len(name) < 80 else None
        if st is not None:
            pending = (st, line.start + line.text.index(name))
            continue
        m = SCORE.fullmatch(name) or (SCORE.match(name) if pending else None)
        if m and pending and pending[0].name not in out:
            st, start = pending
            end = line.start + line.text.index(name) + m.end()
            out[st.name] = StatementScore(
                framework.canonical_theme(st.theme), st.name, int(m.group(1)), framework.LABELS[int(m.group(1))],
                Span(start, end, text[start:end]),
            )
        pending = None
    return tuple(out.values())


def _rating(all_lines: list[Line], pre_end: int) -> Span | None:
    for line in all_lines:
        if line.start >= pre_end:
            break
        words = heading(line)[1] if heading(line) else bare(line.text)
        # "**Good**" and "Overall rating: Good" state it too; the span quotes the rating words alone
        words = re.sub(r"^(?:overall\s+)?rating\s*[:\-\u2013]\s*", "", words, flags=re.I).strip("*_ ")
        if words and framework.rating_in(words):
            start = line.start + line.text.index(words)
            return Span(start, start + len(words), words)
    return None


def _percentage(text: str, all_lines: list[Line], pre_end: int, rating: Span | None, own, summary
                ) -> Percentage | None:
    """The overall percentage the summary states ("... scored 64 out of 100 overall ...", or "Score: 81" just
    under the rating), else the one the scores give by CQC's rule, marked as computed."""
    merged = list({s.statement: s for s in (*summary, *own)}.values())  # a statement's own page wins
    m = PERCENT_SENTENCE.search(text, 0, pre_end)
    if m and 25 <= int(m.group(1)) <= 100:
        raw = m.group(0)
        start = m.start() + len(raw) - len(raw.lstrip(" \t•·*-"))
        end = m.start() + len(raw.rstrip())
        return overall.stated(int(m.group(1)), Span(start, end, text[start:end]), merged)
    if rating is not None:
        after = [ln for ln in all_lines if rating.end <= ln.start < pre_end and not ln.blank][:2]
        for line in after:
            sm = PERCENT_SCORE.fullmatch(bare(line.text))
            if sm and 25 <= int(sm.group(1)) <= 100:
                start = line.start + line.text.index(bare(line.text))
                end = start + sm.end()
                return overall.stated(int(sm.group(1)), Span(start, end, text[start:end]), merged)
    return overall.computed(merged)


def _council(title: str, sections: list[Section]) -> str | None:
    """The council a report is about: from "<Council>: local authority assessment", which a page copied from a
    browser may carry below a line of site chrome ("Skip to main content"), else from "About <Council>"."""
    for candidate in (title, *(s.title for s in sections)):
        m = re.match(r"(.+?):\s*local authority assessment", candidate, re.I)
        if m:
            return m.group(1).strip()
    for s in sections:
        m = re.fullmatch(r"About (.+)", s.title)
        if m:
            return m.group(1).strip()
    return None


def _council_in_rating(all_lines: list[Line]) -> str | None:
    """The council named in the summary's "Local authority rating and score" item, for a report whose title line
    is lost (a PDF's title repeats on every page, as its running header, and is dropped with it)."""
    texts = [bare(ln.text) for ln in all_lines if not ln.blank]
    for i, t in enumerate(texts[:-1]):
        if normalise(t) == "local authority rating and score":
            name = texts[i + 1].lstrip("#").strip()
            return name if name and not framework.rating_in(name) and len(name) < 80 else None
    return None


def _published(text: str) -> tuple[str | None, Span | None]:
    """(ISO date, the span that states it) of "Assessment published: 16 August 2024"."""
    m = PUBLISHED.search(text)
    if not m:
        return None, None
    for fmt in ("%d %B %Y", "%d %b %Y"):
        try:
            iso = datetime.strptime(m.group(1), fmt).date().isoformat()
        except ValueError:
            continue
        return iso, Span(m.start(), m.end(), m.group(0))
    return None, None
