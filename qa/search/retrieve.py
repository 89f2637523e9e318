"""Query -> ranked ``Hit``s: BM25, cosine over passages, cosine over sentences, fused into one ranking.

Passage-level cosine blurs a passage's one relevant sentence with the rest of it; scoring each passage by its
best sentence as well (a third signal) is what moved the right passage to the top most often. The signals are
combined as scaled scores (``fusion.combine``) by default: a passage far ahead on one signal keeps its lead,
where reciprocal rank fusion (``fusion.fuse``, still available) would count it one rank ahead.

The answer stage gets the hits and an ``Evidence``: the cosines of the top passages' sentences and the weight of
each question word, never the retriever or the index.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from qa.config import Fusion
from qa.errors import QuestionError
from qa.cqc.score_answers import cited
from qa.search.fusion import combine, fuse, ranking, scale
from qa.search.index import Index
from qa.search.late import maxsim, project
from qa.search.query import Query
from qa.search.sketch import PASSAGES, SENTENCES, SKETCH_ROWS, Sketch
from qa.types import Hit

EXPANSION_WEIGHT = 0.5


@dataclass(frozen=True)
class SentenceMatch:
    """One sentence of a retrieved passage: its offsets in the report and its cosine to the question."""

    start: int
    end: int
    cosine: float


@dataclass(frozen=True)
class Evidence:
    """What the answer stage needs beyond the hits: each top hit's sentences with their cosines (in hit order),
    and the BM25 weight (idf) of each of the question's search terms."""

    sentences: tuple[tuple[SentenceMatch, ...], ...]
    idf: dict[str, float]


class Retriever:
    def __init__(self, index: Index, fusion: Fusion = Fusion(), sketch_rows: int = SKETCH_ROWS,
                 sketch_keep: tuple[int, int] = (SENTENCES, PASSAGES)) -> None:
        self.index = index
        self.fusion = fusion
        self.sketch_rows = sketch_rows  # sentences in scope from which the sketch is read first (qa/search/sketch.py)
        self.sketch_keep = sketch_keep  # sentences and passages the sketch's best then scored exactly
        self._sketch: Sketch | None = None
        self._numbers: dict[str, int] | None = None  # read on first use, like the index's passages and vectors:
        # a question answered from the report cards never loads them
        # the word pieces that end a sentence, where MaxSim cuts passages (an index built before had none)
        self._ends = tuple(index.manifest.get("late", {}).get("sentence_ends", ()))
        self._cited: dict[tuple, list[int]] = {}  # a score question's cited passages: every report's card read once

    @property
    def _by_id(self) -> dict[str, int]:
        if self._numbers is None:
            self._numbers = {pid: n for n, pid in enumerate(self.index.passages.ids)}
        return self._numbers

    @property
    def _pvecs(self) -> np.ndarray:
        """Cosines are one matrix-vector product over these rows: the same exact search as a FAISS
        ``IndexFlatIP`` (tests/test_retrieve.py checks the two agree), 5.6 ms over 94,500 sentence vectors against
        11-14 ms for FAISS's own search, a range of rows limits it to one report, and a question never pays
        FAISS's import (about 0.09 s of a one-shot question)."""
        return self.index.passage_vectors

    @property
    def _svecs(self) -> np.ndarray:
        return self.index.sentence_vectors

    def wants_tokens(self, mode: str) -> bool:
        """Whether :meth:`search` in ``mode`` reads the question's token vectors."""
        return mode == "late" or (mode == "hybrid" and self.fusion.method == "convex" and self.fusion.late > 0)

    def search(self, query: Query, vector: np.ndarray | None, k: int = 10, mode: str = "hybrid",
               tokens: tuple[np.ndarray, np.ndarray] | None = None) -> tuple[Hit, ...]:
        """The k best passages of ``query.scope`` (or of every report), best first; ``vector`` is the embedded
        ``query.text``, needed unless ``mode`` is "bm25"; ``tokens`` its unit token vectors and word-piece ids
        (``embed_query_tokens``), needed when :meth:`wants_tokens`."""
        if tokens is None and self.wants_tokens(mode):
            raise QuestionError("this ranking reads the question's token vectors: pass tokens= (the embedder's "
                                "embed_query_tokens), or set Fusion.late to 0")
        scope = query.scope
        lo, hi = self.index.report_ranges[scope] if scope else (0, len(self.index.passages))
        depth = max(self.fusion.depth, k)
        w_bm25, w_passage, w_sentence = self.fusion.weights()
        signals: list[np.ndarray] = []
        weights: list[float] = []
        bm25_rank: dict[int, int] = {}
        dense_rank: dict[int, int] = {}
        if mode in ("hybrid", "bm25"):
            signals.append(self._bm25(query, lo, hi))
            weights.append(w_bm25)
        if mode in ("hybrid", "dense"):
            signals += [self._passage_cosines(vector, lo, hi), self._best_sentences(vector, lo, hi)]
            weights += [w_passage, w_sentence]
        if mode == "late":
            signals.append(self._maxsim(tokens, lo, np.arange(hi - lo)))
            weights.append(1.0)
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
            if self.wants_tokens(mode) and mode != "late":
                total = self._with_late(total, tokens, lo, hi)
            for rank, n in enumerate(cited, start=1):
                total[n - lo] += self.fusion.scores / rank
            order = ranking(total, k, positive=True) or ranking(total, k)
            fused = [(lo + i, float(total[i])) for i in order]
        return tuple(Hit(self.index.passages[i], s, r, bm25_rank.get(i), dense_rank.get(i))
                     for r, (i, s) in enumerate(fused, start=1))

    def evidence(self, query: Query, hits: tuple[Hit, ...], vector: np.ndarray, passages: int) -> Evidence:
        """The sentences of the first ``passages`` hits with their cosines, and the idf of the query's terms."""
        out = []
        for hit in hits[:passages]:
            n = self._by_id[hit.passage.id]
            a, b = self.index.sentence_start[n], self.index.sentence_start[n + 1]
            sims = self._svecs[a:b] @ vector
            out.append(tuple(SentenceMatch(int(s), int(e), float(c))
                             for (_, s, e), c in zip(self.index.sentences[a:b], sims)))
        bm25 = self.index.bm25
        top = max(bm25.idf.max() if len(bm25.idf) else 1.0, 1.0)
        idf = {t: float(bm25.idf[bm25.vocab[t]]) if t in bm25.vocab else top for t in {*query.tokens, *query.expansion}}
        return Evidence(tuple(out), idf)

    def _with_late(self, total: np.ndarray, tokens, lo: int, hi: int) -> np.ndarray:
        """``total`` x (1 - late) + late x MaxSim min-max scaled over the fused ranking's ``late_depth`` best (or
        every passage in scope when there are no more than that); passages not rescored get 0 from it."""
        depth = self.fusion.late_depth
        cand = np.arange(hi - lo) if hi - lo <= depth else np.array(ranking(total, depth), dtype=np.int64)
        late = np.full(hi - lo, -2.0)  # below any cosine: scaled to 0
        late[cand] = self._maxsim(tokens, lo, cand)
        return (1.0 - self.fusion.late) * total + self.fusion.late * scale(late, len(cand))

    def _maxsim(self, tokens, lo: int, cand: np.ndarray) -> np.ndarray:
        store = self.index.tokens
        vecs, ids = tokens
        return maxsim(project(vecs, store.pca), store.weights(ids), store.codes, store.offsets, lo + cand,
                      store.ids, self._ends, self.fusion.late_sentence)

    def _score_passages(self, query: Query, lo: int, hi: int) -> list[int]:
        """The passages an answer to this score question cites (the rating, the highest-scoring statements, ...),
        in the order it cites them: the report's own answer, ranked first. Over 150 reports this reads 150 cards
        (2-5 ms), so a session asking the same kind of score question again reads them once."""
        key = (query.score, lo, hi)
        if key not in self._cited:
            if len(self._cited) >= 256:
                self._cited.clear()
            self._cited[key] = self._cited_passages(query, lo, hi)
        return list(self._cited[key])

    def _cited_passages(self, query: Query, lo: int, hi: int) -> list[int]:
        out: list[int] = []
        for card in self.index.cards.values():
            a, b = self.index.report_ranges[card.id]
            if b <= lo or a >= hi:
                continue
            for span in cited(query.score, card) or ():
                n = self.index.passage_at(card.id, span.start, span.source)
                if n is not None and n not in out:
                    out.append(n)
        return out

    def _bm25(self, query: Query, lo: int, hi: int) -> np.ndarray:
        bm25 = self.index.bm25
        scores = bm25.scores(list(query.tokens))
        if query.expansion:
            scores = scores + EXPANSION_WEIGHT * bm25.scores(list(query.expansion))
        return scores[lo:hi]

    def _sketched(self, lo: int, hi: int) -> Sketch | None:
        """The sketch of the vectors (fitted on first use), when passages ``lo:hi`` hold enough sentences to read
        through it (qa/search/sketch.py)."""
        starts = self.index.sentence_start
        if int(starts[hi]) - int(starts[lo]) < self.sketch_rows:
            return None
        if self._sketch is None:
            self._sketch = Sketch.of(self._svecs, self._pvecs)
        return self._sketch

    def _passage_cosines(self, vector: np.ndarray, lo: int, hi: int) -> np.ndarray:
        if (sketch := self._sketched(lo, hi)) is None:
            return self._pvecs[lo:hi] @ vector
        return sketch.cosines(self._pvecs, lo, hi, vector, self.sketch_keep[1])

    def _best_sentences(self, vector: np.ndarray, lo: int, hi: int) -> np.ndarray:
        """Each passage's best sentence cosine (sentences are stored grouped by passage, in passage order)."""
        starts = self.index.sentence_start[lo : hi + 1]
        a, b = int(starts[0]), int(starts[-1])
        if (sketch := self._sketched(lo, hi)) is not None:
            return sketch.best(self._svecs, starts, vector, self.sketch_keep[0])
        best = np.full(hi - lo, -1.0, dtype=np.float32)
        if b > a:
            sims = self._svecs[a:b] @ vector
            has = starts[1:] > starts[:-1]
            best[has] = np.maximum.reduceat(sims, (starts[:-1] - a)[has])
        return best

