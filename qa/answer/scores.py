"""Score and rating answers with their citations: the looked-up answer, each cited span mapped to its passage.

Citation numbers always run 1, 2, 3 in the text: a span no passage holds (which a sound index never has) is
dropped together with its marker rather than leaving a gap.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING, Callable

from qa.cqc.score_answers import compose
from qa.cqc.score_questions import ScoreQuestion
from qa.types import Answer, Citation, Passage, ReportCard, Span

if TYPE_CHECKING:
    from qa.search.query import Query

PassageAt = Callable[[str, int, str | None], Passage | None]  # (report id, offset, page file) -> its passage


def score_answer(q: ScoreQuestion, cards: list[ReportCard], passage_at: PassageAt) -> tuple[str, tuple[Citation, ...]] | None:
    """(text, citations) answering ``q`` from each card in turn (labelled by council when there are several), or
    None when no report gives what is asked."""
    texts: list[str] = []
    citations: list[Citation] = []
    for card in cards:
        composed = compose(q, card)
        if composed is None:
            continue
        text, spans = composed
        numbers: dict[int, int] = {}
        for n, span in enumerate(spans, start=1):
            cite = cite_in(len(citations) + 1, passage_for(passage_at, card.id, span), span)
            if cite is not None:
                citations.append(cite)
                numbers[n] = cite.number
        text = re.sub(r" ?\[(\d+)\]", lambda m: f" [{numbers[int(m.group(1))]}]" if int(m.group(1)) in numbers
                      else "", text)
        texts.append(text if len(cards) == 1 else f"{card.council or card.title}: {text}")
    return (" ".join(texts), tuple(citations)) if texts else None


def cite_in(number: int, p: Passage | None, span: Span) -> Citation | None:
    """A citation of the span inside passage ``p``; a span that runs past the passage is cut at its end."""
    if p is None:
        return None
    if not p.start <= span.start < p.end:  # a heading's span ("Overall rating: Good"): the passage it leads
        return Citation(number, p, span.start, span.end, span.text)
    end = min(span.end, p.end)
    return Citation(number, p, span.start, end, p.text[span.start - p.start : end - p.start])


HEADING_REACH = 400  # characters after a span that stands in a heading line, where the passage it leads starts


def passage_for(passage_at: PassageAt, report: str, span: Span) -> Passage | None:
    """The passage holding ``span``, else (a span in a heading line, which no passage holds) the passage right
    after it: the one that heading leads, shown with the heading in its section path."""
    p = passage_at(report, span.start, span.source)
    for offset in range(span.end, span.end + HEADING_REACH):
        if p is not None:
            return p
        p = passage_at(report, offset, span.source)
    return p


def then_passages(query: Query, hits, found: tuple[str, tuple[Citation, ...]], more: Answer,
                  say_missing: bool = False) -> Answer:
    """A score answer, then a passage answer numbered on from its citations; the score alone if that abstained
    (with what the report does not say, when ``say_missing``: a second question asked is never dropped unsaid)."""
    text, cites = found
    if more.abstained:
        missing = more.text.split("; the closest passages", 1)[0].rstrip(".") + "." if say_missing else ""
        return Answer(query.question, f"{text} {missing}".strip(), "score", cites, hits, query.scope)
    shift = len(cites)
    moved = tuple(replace(c, number=c.number + shift) for c in more.citations)
    body = re.sub(r"\[(\d+)\]", lambda m: f"[{int(m.group(1)) + shift}]", more.text)
    return Answer(query.question, f"{text} {body}", "score", cites + moved, hits, query.scope, more.extras)


# "What did it score for safeguarding, and how many concerns were there?": a figure asked after the score
_THEN_FIGURE = re.compile(r"(?:,|\band)\s+(?:how (?:many|much|long)|what (?:share|percentage|proportion|number))\b",
                          re.I)


def figure_after_score(query: Query) -> bool:
    return bool(query.figure) and bool(_THEN_FIGURE.search(query.question))
