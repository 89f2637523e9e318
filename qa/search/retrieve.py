"""Question -> ranked ``Hit``s: BM25, cosine over passages, cosine over sentences, fused into one ranking.

Passage-level cosine blurs a passage's one relevant sentence with the rest of it; scoring each passage by its
best sentence as well (a third signal) is what moved the right passage to the top most often. The signals are
combined as scaled scores (``combine``) by default: a passage far ahead on one signal keeps its lead, where
reciprocal rank fusion (``fuse``, still available) would count it one rank ahead.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from qa.config import Fusion
from qa.errors import QuestionError
from qa.search.index import Index
from qa.search.query import CouncilNames, Query, parse_query
from qa.cqc.scores import compose
from qa.types import Hit

MODES = ("hybrid", "bm25", "dense")
EXPANSION_WEIGHT = 0.5


def fuse(rankings: Sequence[Sequence[int]], weights: Sequence[float], k: int = 60) -> list[tuple[int, float]]:
    """Weighted reciprocal rank fusion: each list adds ``weight / (k + rank)`` to an item, ranks from 1.

    >>> fuse([[7, 3], [3]], [1.0, 1.0], k=60)
    [(3, 0.03252247488101534), (7, 0.01639344262295082)]
    """
    scores: dict[int, float] = {}
    for ranking, weight in zip(rankings, weights):
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + weight / (k + rank)
    return sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))


def scale(scores: np.ndarray, depth: int, order: Sequence[int] | None = None) -> np.ndarray:
    """Min-max scaling over the ``depth`` highest scores: the best is 1, the depth-th best and anything lower 0.

    Scaling against the top of the list, not the whole corpus, keeps one weak outlier from squeezing every
    useful score together. All-equal scores (BM25 with no query word in the report) carry no signal: all 0.
    ``order`` is ``ranking(scores, depth)`` when the caller has it already (one partial sort, not two).

    >>> scale(np.array([3.0, 1.0, 2.0, 0.0]), depth=3).tolist()
    [1.0, 0.0, 0.5, 0.0]
    """
    if len(scores) == 0:
        return scores.astype(np.float64)
    order = ranking(scores, depth) if order is None else order
    top, floor = float(scores[order[0]]), float(scores[order[-1]])
    if top <= floor:
        return np.zeros(len(scores))
    return np.clip((scores - floor) / (top - floor), 0.0, None)


def combine(signals: Sequence[np.ndarray], weights: Sequence[float], depth: int,
            orders: Sequence[Sequence[int]] | None = None) -> np.ndarray:
    """Convex combination of scaled signals: ``sum(weight * scale(signal))``.

    >>> combine([np.array([2.0, 1.0, 0.0]), np.array([0.0, 1.0, 0.5])], [0.25, 0.75], depth=3).tolist()
    [0.25, 0.875, 0.375]
    """
    total = np.zeros(len(signals[0]) if signals else 0)
    for n, (signal, weight) in enumerate(zip(signals, weights)):
        total += weight * scale(signal, depth, orders[n] if orders else None)
    return total


def ranking(scores: np.ndarray, depth: int, positive: bool = False) -> list[int]:
    """Positions of the ``depth`` highest scores, best first; ties go to the lower position."""
    n = min(depth, int((scores > 0).sum()) if positive else len(scores))
    if n <= 0:
        return []
    top = np.argpartition(-scores, n - 1)[:n] if n < len(scores) else np.arange(len(scores))
    return top[np.lexsort((top, -scores[top]))].tolist()


@dataclass(frozen=True)
class Retrieval:
    """The hits and what produced them, which the answer stage reuses (the question's vector, its tokens)."""

    query: Query
    vector: np.ndarray | None
    hits: tuple[Hit, ...]


class Retriever:
    def __init__(self, index: Index, embedder, fusion: Fusion = Fusion()) -> None:
        self.index = index
        self.embedder = embedder
        self.fusion = fusion
        self.councils = CouncilNames(index.cards)
        self._starts = np.array([p.start for p in index.passages], dtype=np.int64)
        self._by_id = {p.id: n for n, p in enumerate(index.passages)}
        self._pvecs = _vectors(index.passage_faiss)
        self._svecs = _vectors(index.sentence_faiss)

    def search(self, question: str, k: int = 10, mode: str = "hybrid", report: str | None = None,
               query: Query | None = None) -> Retrieval:
        if not question or not question.strip():
            raise QuestionError("the question is empty: ask something, e.g. qa ask \"What did the council score for safeguarding?\"")
        if k < 1:
            raise QuestionError(f"k must be at least 1, got {k}")
        if mode not in MODES:
            raise QuestionError(f"unknown mode '{mode}': use one of {', '.join(MODES)}")
        if report is not None and report not in self.index.report_ranges:
            raise QuestionError(f"no report '{report}' in the index: known reports are {', '.join(sorted(self.index.report_ranges))}")
        query = query or parse_query(question, self.index.cards, self.index.abbreviations, self.councils)
        if report and query.report and query.report != report:
            named = self.index.cards[query.report]
            raise QuestionError(f"the question names {named.council or named.title} (report '{query.report}') but "
                                f"the search is limited to report '{report}': drop the limit or the name")
        scope = report or query.report
        lo, hi = self.index.report_ranges[scope] if scope else (0, len(self.index.passages))
        depth = max(self.fusion.depth, k)
        w_bm25, w_passage, w_sentence = self.fusion.weights()
        signals: list[np.ndarray] = []
        weights: list[float] = []
        bm25_rank: dict[int, int] = {}
        dense_rank: dict[int, int] = {}
        vector = None
        if mode in ("hybrid", "bm25"):
            signals.append(self._bm25(query, lo, hi))
            weights.append(w_bm25)
        if mode in ("hybrid", "dense"):
            vector = self.embedder.embed_query(query.text)
            signals += [self._pvecs[lo:hi] @ vector, self._best_sentences(vector, lo, hi)]
            weights += [w_passage, w_sentence]
        orders = [ranking(signal, depth) for signal in signals]
        # each signal's ranked list; BM25's holds only passages that share a word with the question
        lists = [[i for i in order if signal[i] > 0] if n == 0 and mode != "dense" else order
                 for n, (signal, order) in enumerate(zip(signals, orders))]
        for n, ranked in enumerate(lists):
            ranks = bm25_rank if n == 0 and mode != "dense" else dense_rank
            for r, i in enumerate(ranked, start=1):
                ranks[lo + i] = min(r, ranks.get(lo + i, r))
        cited = self._score_passages(query, lo, hi) if query.score is not None else []
        if self.fusion.method == "rrf":
            fused = fuse([[lo + i for i in ranked] for ranked in lists] + [cited], weights + [self.fusion.scores],
                         self.fusion.k)[:k]
        else:
            total = combine(signals, weights, depth, orders)
            for rank, n in enumerate(cited, start=1):
                total[n - lo] += self.fusion.scores / rank
            order = ranking(total, k, positive=True) or ranking(total, k)
            fused = [(lo + i, float(total[i])) for i in order]
        hits = tuple(Hit(self.index.passages[i], s, r, bm25_rank.get(i), dense_rank.get(i))
                     for r, (i, s) in enumerate(fused, start=1))
        return Retrieval(query, vector, hits)

    def sentence_similarities(self, vector: np.ndarray, passage_number: int) -> list[tuple[int, int, float]]:
        """(start, end, cosine) of each sentence of one passage, for picking the answer sentence."""
        a, b = self.index.sentence_start[passage_number], self.index.sentence_start[passage_number + 1]
        sims = self._svecs[a:b] @ vector
        return [(int(s), int(e), float(c)) for (_, s, e), c in zip(self.index.sentences[a:b], sims)]

    def passage_number(self, passage_id: str) -> int:
        return self._by_id[passage_id]

    def _score_passages(self, query: Query, lo: int, hi: int) -> list[int]:
        """The passages an answer to this score question cites (the rating, the highest-scoring statements, ...),
        in the order it cites them: the report's own answer, ranked first."""
        out: list[int] = []
        for card in self.index.cards.values():
            a, b = self.index.report_ranges[card.id]
            if b <= lo or a >= hi:
                continue
            composed = compose(query.score, card)
            for span in composed[1] if composed else ():
                n = self.passage_at(card.id, span.start, span.source)
                if n is not None and n not in out:
                    out.append(n)
        return out

    def passage_at(self, report: str, offset: int, source: str | None = None) -> int | None:
        """The passage of ``report`` that holds ``offset`` (passages are in file order within a report).

        ``source`` names the page file when a report is a folder of pages: offsets restart in each file."""
        a, b = self.index.report_ranges[report]
        if source is not None:
            return next((n for n in range(a, b) if self.index.passages[n].source == source
                         and self.index.passages[n].start <= offset < self.index.passages[n].end), None)
        n = a + int(np.searchsorted(self._starts[a:b], offset, side="right")) - 1
        if a <= n < b and self.index.passages[n].start <= offset < self.index.passages[n].end:
            return n
        return None

    def _bm25(self, query: Query, lo: int, hi: int) -> np.ndarray:
        bm25 = self.index.bm25
        scores = bm25.scores(list(query.tokens))
        if query.expansion:
            scores = scores + EXPANSION_WEIGHT * bm25.scores(list(query.expansion))
        return scores[lo:hi]

    def _best_sentences(self, vector: np.ndarray, lo: int, hi: int) -> np.ndarray:
        """Each passage's best sentence cosine (sentences are stored grouped by passage, in passage order)."""
        starts = self.index.sentence_start[lo : hi + 1]
        a, b = int(starts[0]), int(starts[-1])
        best = np.full(hi - lo, -1.0, dtype=np.float32)
        if b > a:
            sims = self._svecs[a:b] @ vector
            has = starts[1:] > starts[:-1]
            best[has] = np.maximum.reduceat(sims, (starts[:-1] - a)[has])
        return best


def _vectors(faiss_index) -> np.ndarray:
    """A zero-copy view of an IndexFlat's stored vectors.

    Cosines are then one matrix-vector product, the same exact search as the FAISS ``IndexFlatIP`` the vectors
    are stored in (tests/test_retrieve.py checks the two agree): for a single question that measured 5.6 ms over
    94,500 sentence vectors against 11-14 ms for FAISS's own search, and a range of rows limits it to one report.
    """
    import faiss

    n, d = faiss_index.ntotal, faiss_index.d
    if n == 0:
        return np.zeros((0, d), dtype=np.float32)
    return faiss.rev_swig_ptr(faiss_index.get_xb(), n * d).reshape(n, d)
