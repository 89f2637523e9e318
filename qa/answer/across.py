"""Answers that span reports: one per named council side by side, or one over every report's scores.

"Compare Northmoor and Eastvale on assessing needs" is answered for each council from its own report, and the
parts are joined with citation numbers running on; a council named but not in the corpus is said to be missing
by name. "Which councils scored 1 for safeguarding?" is answered from the report cards (``qa.cqc.corpus_questions``),
never from passages, so it needs no embedding.
"""

from __future__ import annotations

import re
from dataclasses import replace

from qa.answer.coverage import between_councils
from qa.answer.ranking import in_order
from qa.answer.scores import PassageAt, cite_in, passage_for
from qa.errors import IndexCorruptError
from qa.cqc.corpus_questions import CorpusQuestion, compose
from qa.cqc.score_answers import scores_of
from qa.search.query import Query
from qa.types import Answer, Citation, ReportCard


def corpus_answer(query: Query, q: CorpusQuestion, cards: list[ReportCard], passage_at: PassageAt) -> Answer | None:
    """The answer to a corpus-wide question from the cards, each figure cited; None when no report can say."""
    composed = compose(q, cards)
    if composed is None:
        return None
    text, spans = composed
    return Answer(query.question, text, "score", cite_spans(spans, passage_at), (), None, {"corpus": q.kind})


def cite_spans(spans, passage_at: PassageAt) -> tuple[Citation, ...]:
    """A citation, numbered from 1, for each (report id, span): the passage holding the span, quoted from it."""
    citations = []
    for n, (report, span) in enumerate(spans, start=1):
        cite = cite_in(n, passage_for(passage_at, report, span), span)  # a folder report: the page file it is in
        if cite is None:
            raise IndexCorruptError(f"no passage of {report} holds offset {span.start}: the index is out of step "
                                    "with its reports; run `qa index --force`")
        citations.append(cite)
    return tuple(citations)


def side_by_side(query: Query, parts: list[tuple[ReportCard, Answer]]) -> Answer:
    """One answer from each named council's own answer, labelled by council, citation numbers running on; the
    councils named that the corpus does not hold are said to be missing, by name."""
    texts, citations, hits = [], [], []
    for card, part in parts:
        offset = len(citations)
        name = card.council or card.title
        body = re.sub(r"\[(\d+)\]", lambda m: f"[{int(m.group(1)) + offset}]", part.text.removeprefix(f"{name}: "))
        texts.append(f"{name}: {body}")  # a part that names its council already (a national figure) is not named twice
        citations.extend(replace(c, number=c.number + offset) for c in part.citations)
        hits.extend(part.hits)
    if verdict := _verdict(query, [card for card, part in parts if part.kind == "score"]):
        texts.append(verdict)
    if query.other_councils:
        texts.append("The corpus has no report for " + " or ".join(query.other_councils) + ".")
    answered = [p for _, p in parts if not p.abstained]
    kind = "abstain" if not answered else ("score" if all(p.kind == "score" for p in answered) else "passage")
    return Answer(query.question, "\n".join(texts), kind, tuple(citations), tuple(hits), None,
                  {"councils": [c.id for c, _ in parts], "missing": list(query.other_councils)})


def _verdict(query: Query, cards: list[ReportCard]) -> str | None:
    """Which of the named councils scored higher on the one statement asked ("Which did better on safeguarding,
    A or B?"), from the scores quoted above it; None unless two or more of them were scored on it."""
    if query.score is None or query.score.kind != "statement" or len(query.score.statements) != 1:
        return None
    statement = query.score.statements[0]
    scored = [(card.council or card.title, s.score) for card in cards for s in scores_of(card)
              if s.statement == statement]
    if len(scored) < 2:
        return None
    top = max(v for _, v in scored)
    if all(v == top for _, v in scored):
        return f"{'Both' if len(scored) == 2 else 'All'} scored {top} for {statement}."
    best = [name for name, v in scored if v == top]
    if len(scored) == 2:
        return f"{best[0]} scored higher for {statement}: {top} against {min(v for _, v in scored)}."
    return f"Highest for {statement}: {_and(best)} ({top})."


def each_council(query: Query, parts: list[tuple[ReportCard, Answer]], reports: int) -> Answer:
    """The councils' own answers to a question that names none, side by side; the councils whose reports do not
    say are named in one line, and, when more reports were indexed than asked, how many were asked."""
    answered = [(card, a) for card, a in parts if not a.abstained]
    leader = None
    if between_councils(query.question):  # "Which council has the longest wait?": in order of their figures
        answered, leader = in_order(query.question, query.figure, answered,
                                    lambda part: " ".join(c.quote for c in part[1].citations),
                                    lambda part: part[0].council or part[0].title)
    joined = side_by_side(replace(query, other_councils=()), answered)
    lines = [joined.text] + ([leader] if leader else [])
    unsaid = [card.council or card.title for card, a in parts if a.abstained]
    if unsaid:
        # what the search did not find, not what a report lacks: a council asked by name lists its nearest passages
        lines.append("No sentence answering it was found in the report" + ("s" if len(unsaid) > 1 else "") + " of "
                     + _and(unsaid) + "; name a council to see its nearest passages.")
    if reports > len(parts):
        lines.append(f"(Asked of the {len(parts)} of {reports} reports whose passages match the question best: "
                     "name a council to ask about another.)")
    hits = tuple(h for _, a in parts for h in a.hits)
    return replace(joined, text="\n".join(lines), hits=hits,
                   extras={"councils": [c.id for c, _ in answered], "not_found": [c.id for c, a in parts if a.abstained]})


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
