"""Hits (and scores) -> ``Answer``: a score looked up, one to three cited sentences, or an honest abstention.

The answer sentences are verbatim spans of the report, chosen from the top passages by how close each is to
the question (cosine with the stored sentence vectors, plus the share of the question's words it contains).
A question that asks for a figure ("how many", "what percentage", "how long", "how much") prefers sentences
that hold a figure of that kind. When even the best sentence is far from the question, or the question rests
on words the corpus never uses, the answer says the report doesn't say, and still lists the nearest passages.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from . import scores as score_qs
from .lexical import tokenize
from .query import parse_query
from .types import Answer, Citation, Hit, Passage, Span

FIGURES = {
    "percent": re.compile(r"\d+(?:\.\d+)?\s?%|\bper ?cent\b"),
    "money": re.compile(r"£\s?\d|\b\d[\d,.]*\s?(?:million|billion|m|bn)\b"),
    "duration": re.compile(r"\b(?:\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|twelve)"
                           r"(?:\s*(?:-|–|to)\s*\d+)?[\s-]*(?:working\s+)?(?:day|week|month|year|hour)'?s?\b", re.I),
    "count": re.compile(r"(?<![\d.£])\b(?!(?:19|20)\d\d\b)\d[\d,]*\b(?![.,]?\d*\s?%)"),
    "date": re.compile(r"\b(?:19|20)\d\d\b"),
}
ASKS = (
    ("percent", re.compile(r"\b(percentage|percent|proportion|share|what %|rate of|how many per ?cent)\b|%")),
    ("money", re.compile(r"\b(how much|budget|spend|spent|cost|costs|overspend|money|funding|precept)\b|£")),
    ("duration", re.compile(r"\b(how long|wait|waits|waiting|days|weeks|months|how quickly|how soon|timescale)\b")),
    ("count", re.compile(r"\b(how many|number of|count|total)\b")),
    ("date", re.compile(r"\b(when|what year|what date|which year)\b")),
)


@dataclass(frozen=True)
class Abstention:
    """Calibrated on the unanswerable questions of eval/derby.jsonl (see the README for both error rates)."""

    min_confidence: float = 0.42
    lexical_weight: float = 0.25
    unknown_weight: float = 0.35


class Answerer:
    def __init__(self, retriever, abstention: Abstention = Abstention()) -> None:
        self.retriever = retriever
        self.index = retriever.index
        self.abstention = abstention

    def ask(self, question: str, k: int = 5, report: str | None = None, mode: str = "hybrid") -> Answer:
        query = parse_query(question or "", self.index.cards, self.index.abbreviations) if question and question.strip() else None
        retrieval = self.retriever.search(question, k=k, mode=mode, report=report, query=query)
        query = retrieval.query
        hits = retrieval.hits
        scope = report or query.report
        if query.other_council and not scope and not self._mentioned(query.other_council):
            return self._abstain(question, hits, f"The corpus has no report for {query.other_council}; "
                                 f"it holds {self._council_list()}.", scope)
        sq = score_qs.classify(question)
        if sq is not None:
            if query.other_council and not scope:
                return self._abstain(question, hits, f"The corpus has no report for {query.other_council}; "
                                     f"it holds {self._council_list()}.", scope)
            return self._score_answer(question, sq, scope, hits)
        vector = retrieval.vector if retrieval.vector is not None else self.retriever.embedder.embed_query(query.text)
        return self._passage_answer(question, query, vector, hits, scope)

    # -- scores -------------------------------------------------------------------------------------------
    def _score_answer(self, question: str, sq, scope: str | None, hits) -> Answer:
        cards = [self.index.cards[scope]] if scope else list(self.index.cards.values())
        texts, citations = [], []
        for card in cards:
            composed = score_qs.compose(sq, card)
            if composed is None:
                continue
            text, spans = composed
            offset = len(citations)
            text = re.sub(r"\[(\d+)\]", lambda m: f"[{int(m.group(1)) + offset}]", text)
            for span in spans:
                citations.append(self._cite(len(citations) + 1, card.id, span))
            texts.append(text if len(cards) == 1 else f"{card.council or card.title}: {text}")
        if not texts:
            return self._abstain(question, hits, "The report does not give scores for this.", scope)
        return Answer(question, " ".join(texts), False, tuple(c for c in citations if c), hits, scope, "score")

    def _cite(self, number: int, report: str, span: Span) -> Citation | None:
        lo, hi = self.index.report_ranges[report]
        for p in self.index.passages[lo:hi]:
            if p.start <= span.start and span.end <= p.end:
                return Citation(number, p, span.start, span.end, span.text)
        for p in self.index.passages[lo:hi]:  # a span that straddles passages is cut to the first one
            if p.start <= span.start < p.end:
                end = min(span.end, p.end)
                return Citation(number, p, span.start, end, p.text[span.start - p.start : end - p.start])
        return None

    # -- passages -----------------------------------------------------------------------------------------
    def _passage_answer(self, question: str, query, vector, hits: tuple[Hit, ...], scope) -> Answer:
        if not hits:
            return self._abstain(question, hits, "The report doesn't say: nothing in it matches the question.", scope)
        wants = [kind for kind, pattern in ASKS if pattern.search(question.lower())]
        qtokens = set(query.tokens) | set(query.expansion)
        idf = self._idf(qtokens)
        candidates = []
        for hit in hits[:5]:
            n = self.retriever.passage_number(hit.passage.id)
            for start, end, cos in self.retriever.sentence_similarities(vector, n):
                text = hit.passage.text[start - hit.passage.start : end - hit.passage.start]
                overlap = sum(idf[t] for t in qtokens & set(tokenize(text))) / (sum(idf.values()) or 1.0)
                figure = 0.08 if wants and any(FIGURES[w].search(text) for w in wants[:1]) else 0.0
                score = cos + 0.3 * overlap + figure + 0.04 / hit.rank
                candidates.append((score, cos, overlap, hit, start, end, text))
        candidates.sort(key=lambda c: -c[0])
        best = candidates[0]
        confidence = self._confidence(best[1], max(c[2] for c in candidates), query)
        if confidence < self.abstention.min_confidence:
            return self._abstain(question, hits, "The report doesn't say: the closest passages are listed for you to "
                                 "check.", scope, confidence)
        chosen = [best] + [c for c in candidates[1:] if c[0] >= best[0] - 0.06 and c[6] != best[6]][:2]
        chosen.sort(key=lambda c: (c[3].rank, c[4]))
        citations = tuple(Citation(i, c[3].passage, c[4], c[5], c[6]) for i, c in enumerate(chosen, start=1))
        text = " ".join(f"{c.quote} [{c.number}]" for c in citations)
        return Answer(question, text, False, citations, hits, scope, "passage", {"confidence": round(confidence, 3)})

    def _confidence(self, best_cos: float, best_overlap: float, query) -> float:
        known = [t for t in query.tokens if t in self.index.bm25.vocab]
        unknown = 1 - len(known) / len(query.tokens) if query.tokens else 1.0
        a = self.abstention
        return best_cos + a.lexical_weight * best_overlap - a.unknown_weight * unknown

    def _idf(self, tokens) -> dict[str, float]:
        bm25 = self.index.bm25
        top = max(bm25.idf.max() if len(bm25.idf) else 1.0, 1.0)
        return {t: float(bm25.idf[bm25.vocab[t]]) if t in bm25.vocab else top for t in tokens}

    def _mentioned(self, name: str) -> bool:
        return all(t in self.index.bm25.vocab for t in tokenize(name))

    def _council_list(self) -> str:
        names = sorted(c.council or c.title for c in self.index.cards.values())
        return ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")

    def _abstain(self, question: str, hits, text: str, scope, confidence: float | None = None) -> Answer:
        extras = {} if confidence is None else {"confidence": round(confidence, 3)}
        return Answer(question, text, True, (), tuple(hits), scope, "abstain", extras)
