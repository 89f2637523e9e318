"""Report file -> ``Report``: the section tree with exact offsets, the rating and the scores.

CQC reports come from PDFs and their markdown is uneven: a quality statement may be ``#`` or ``##``, "Score: 3"
is sometimes a heading, "Key findings" sometimes outranks the statement it belongs to. So inside the themes the
tree is built from the framework (theme > statement > part), matching headings by name, not by ``#`` count.
Anything that is not an assessment still parses: sections by heading level, no scores.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from qa.cqc import framework, overall
from qa.cqc.fact_tables import report_facts
from qa.ingest.corpus import report_id
from qa.ingest.extract import extract
from qa.ingest.outline import bare, plain_headings
from qa.ingest.summary import (LABEL, SCORE, council, council_in_rating, percentage, published, rating,
                               statement_score, summary_scores)
from qa.text import Line, heading, is_page_break, lines, normalise
from qa.types import Report, Section, Span


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
RATING_MARK = re.compile(r"local authority rating and score|overall rating", re.I)  # where a summary states it


def _lists_scores(text: str, section: Section) -> bool:
    """Whether a section's body is no more than a list of statements and their scores (a summary's list under
    theme headings): list items, table rows and score lines only."""
    body = [ln.strip() for ln in text[section.start : section.end].splitlines() if ln.strip()]
    return bool(body) and all(ln.startswith(("-", "*", "•")) or "|" in ln or SCORE.search(ln) for ln in body)


def parse_text(text: str, rid: str = "report", source: str = "report.md") -> Report:
    """Parse report text already in memory (any text: a non-assessment gets sections and no scores)."""
    all_lines = lines(text)
    heads = _without_contents(_headings(all_lines) or plain_headings(all_lines), all_lines)
    title_line = _title(all_lines, heads)
    title = next(t for ln, _, t in heads if ln is title_line) if title_line else _title_from_id(rid)
    sections, absorbed = _sections(text, heads, title_line, title)
    # the first theme with findings of its own: a theme heading over a list of scores belongs to the summary
    first_theme = next((s.heading.start for s in sections
                        if s.kind in ("theme", "statement") and not _lists_scores(text, s)), None)
    pre_end = first_theme if first_theme is not None else len(text)
    scores = tuple(sc for s in sections if s.kind == "statement" for sc in statement_score(text, s))
    # a summary page saved on its own has no theme or statement page, but says what it is
    assessment = bool(scores or first_theme is not None or ASSESSMENT.search(text, 0, pre_end))
    summary = summary_scores(text, all_lines, pre_end) if assessment else ()
    stated = bool(scores or summary or RATING_MARK.search(text, 0, pre_end))
    rated = rating(all_lines, pre_end) if stated else None
    overall_pct = percentage(text, all_lines, pre_end, rated, scores, summary) if (scores or summary) else None
    return Report(
        id=rid,
        source=source,
        text=text,
        title=title,
        council=council(title, sections, assessment) or council_in_rating(all_lines),
        published=(date := published(text[:pre_end]))[0],
        published_at=date[1],
        rating=rated,
        sections=tuple(sections),
        scores=scores,
        summary_scores=summary,
        percentage=overall_pct,
        warnings=overall.warnings(scores, summary, rated, overall_pct),
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
    """The first heading, if nothing but blank lines precedes it (or a kicker naming the kind of page, "Local
    authority assessment"): it names the document and is the tree's root."""
    for line in all_lines:
        if line.blank or (heads and line.start < heads[0][0].start and ASSESSMENT.fullmatch(bare(line.text))):
            continue
        if not heads or heads[0][0] is not line:
            return None
        name = heads[0][2]
        named = framework.statement_for_heading(name) or framework.theme_number(name)
        return None if named else line
    return None


_CONTENTS = re.compile(r"(?:table of )?contents|in this report", re.I)


def _without_contents(heads, all_lines: list[Line]) -> list:
    """The headings less a table of contents' entries: under a "Contents" heading, the run of headings with no
    body text between them names the sections, it does not open them (a PDF sets its contents like headings)."""
    at = {ln.start: n for n, ln in enumerate(all_lines)}
    out, listing = [], False
    for n, (line, level, title) in enumerate(heads):
        if listing:
            gap = all_lines[at[heads[n - 1][0].start] + 1 : at[line.start]]
            listing = all(ln.blank for ln in gap)
        # an entry names a heading that stands again further on, or a theme (a printed report may lose the
        # theme's own heading line with the running header); any other is a section of its own
        if listing and (framework.theme_number(title) is not None or
                        any(normalise(t) == normalise(title) for _, _, t in heads[n + 1 :])):
            continue
        out.append((line, level, title))
        listing = bool(_CONTENTS.fullmatch(title.strip()))
    return out


def _title_from_id(rid: str) -> str:
    return rid.replace("-", " ").title()


def _is_score_heading(title: str) -> bool:
    return bool(re.match(r"score\s*:?\s*[1-4]\b", title, re.I)) and len(title) < 60


# "Overall rating: Good" set as a heading (a PDF prints it large): the rating itself, read and cited as body text
_RATING_HEADING = re.compile(r"(?:overall|local authority|indicative) rating(?: and score)?\s*[:\-\u2013]\s*"
                             r"(?:outstanding|good|requires improvement|inadequate)\b", re.I)


# The summary's own sections: after a list of scores grouped under theme headings, they close the last theme.
_SUMMARIES = frozenset(normalise(t) for t in (
    "Overall summary", "Summary of people's experiences", "Summary of strengths, areas for development and next steps",
    "Local authority rating and score", "Quality statement scores", "Financial facts"))


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
        if (framework_mode and _is_score_heading(title)) or _RATING_HEADING.match(title):
            absorbed.append(line)
            continue
        if framework_mode and theme is not None and normalise(title) in _SUMMARIES:
            theme, statement = None, None  # the summary after a list of scores by theme: no part of Theme 4
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
