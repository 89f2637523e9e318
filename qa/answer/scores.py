"""Score and rating answers with their citations: the looked-up answer, each cited span mapped to its passage.

Citation numbers always run 1, 2, 3 in the text: a span no passage holds (which a sound index never has) is
dropped together with its marker rather than leaving a gap.
"""

from __future__ import annotations

import re
from typing import Callable

from qa.cqc.score_answers import compose
from qa.cqc.score_questions import ScoreQuestion
from qa.types import Citation, Passage, ReportCard, Span

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
            cite = _cite(len(citations) + 1, passage_at(card.id, span.start, span.source), span)
            if cite is not None:
                citations.append(cite)
                numbers[n] = cite.number
        text = re.sub(r" ?\[(\d+)\]", lambda m: f" [{numbers[int(m.group(1))]}]" if int(m.group(1)) in numbers
                      else "", text)
        texts.append(text if len(cards) == 1 else f"{card.council or card.title}: {text}")
    return (" ".join(texts), tuple(citations)) if texts else None


def _cite(number: int, p: Passage | None, span: Span) -> Citation | None:
    """A citation of the span inside passage ``p``; a span that runs past the passage is cut at its end."""
    if p is None:
        return None
    end = min(span.end, p.end)
    return Citation(number, p, span.start, end, p.text[span.start - p.start : end - p.start])
