"""Each passage's best sentence cosine over many reports, read first from a 128-dimension sketch of the sentence
vectors and then exactly for the passages the sketch ranks highest.

At 150 reports the exact cosines are one matrix-vector product over 94,500 x 384 floats, 145 MB read for every
question: 11 ms of a 30 ms question on one thread. The sketch (the vectors projected on their 128 principal axes)
is a third of that to read; the best ``keep`` passages by it are then scored exactly. Asked the 133 derby questions
over 150 synthetic reports, the top ten hits were the same as with exact cosines for all 133 (keep 1,500; 500 left
4 changed), the sentence signal taking 6.0 ms instead of 11.0 (docs/speed.md). Passages the sketch leaves out get
the lowest exact value found, which the signal's scaling counts as nothing, like any passage below its depth.
Fitted once per process on the first question over a scope that large (0.14 s), never at smaller scale.

The passage vectors are read the same way over such a scope (29,700 x 384 floats at 150 reports, 5 ms a question):
their sketch on the same axes first, then the best ``keep`` passages exactly. Over 150 synthetic reports, asked
the 133 derby and 60 everyday questions, the top ten hits were the same, in the same order, for all 193, and
retrieve p50 went from 30.3 to 25.7 ms (docs/speed.md, "Tenth round").
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from qa.search.late import span_rows

SKETCH_ROWS = 20_000  # a scope with at least this many sentences is read through the sketch
DIMENSION = 128
KEEP = 1_500  # passages scored exactly: the best this many by the sketch
SAMPLE = 5_000  # sentence vectors the principal axes are fitted on (evenly spaced)


@dataclass(frozen=True)
class Sketch:
    axes: np.ndarray  # (DIMENSION, model dimension) float32
    rows: np.ndarray  # (sentences, DIMENSION) float32: every sentence vector on those axes
    passage_rows: np.ndarray  # (passages, DIMENSION) float32: every passage vector on the same axes

    @classmethod
    def of(cls, vectors: np.ndarray, passages: np.ndarray, dimension: int = DIMENSION,
           sample: int = SAMPLE) -> "Sketch":
        """Axes fitted on the sentence ``vectors``; both they and the ``passages`` vectors put on them."""
        picked = np.asarray(vectors[np.linspace(0, len(vectors) - 1, min(sample, len(vectors))).astype(np.int64)],
                            dtype=np.float64)
        _, _, vt = np.linalg.svd(picked - picked.mean(axis=0), full_matrices=False)
        axes = np.ascontiguousarray(vt[:dimension], dtype=np.float32)
        return cls(axes, np.ascontiguousarray(vectors @ axes.T, dtype=np.float32),
                   np.ascontiguousarray(passages @ axes.T, dtype=np.float32))

    def cosines(self, passages: np.ndarray, lo: int, hi: int, vector: np.ndarray, keep: int = KEEP) -> np.ndarray:
        """The cosine of passages ``lo:hi`` (rows of ``passages``) to ``vector``: exact for the best ``keep`` by
        the sketch, the least of those for the rest."""
        if hi - lo <= keep:
            return passages[lo:hi] @ vector
        rough = self.passage_rows[lo:hi] @ (self.axes @ vector)
        cand = np.argpartition(-rough, keep - 1)[:keep]
        exact = passages[lo + cand] @ vector
        out = np.full(hi - lo, exact.min(), dtype=np.float32)
        out[cand] = exact
        return out

    def best(self, vectors: np.ndarray, starts: np.ndarray, vector: np.ndarray, keep: int = KEEP) -> np.ndarray:
        """Each passage's best sentence cosine, passage n's sentences being rows ``starts[n]:starts[n + 1]`` of
        ``vectors`` (and of the sketch); -1 for a passage without sentences."""
        n = len(starts) - 1
        a, b = int(starts[0]), int(starts[-1])
        out = np.full(n, -1.0, dtype=np.float32)
        has = starts[1:] > starts[:-1]
        if b <= a:
            return out
        rough = np.full(n, -np.inf, dtype=np.float32)
        rough[has] = np.maximum.reduceat(self.rows[a:b] @ (self.axes @ vector), (starts[:-1] - a)[has])
        cand = np.flatnonzero(has)
        if len(cand) > keep:
            cand = cand[np.argpartition(-rough[cand], keep - 1)[:keep]]
        rows, firsts = span_rows(starts[cand], starts[cand + 1] - starts[cand])
        exact = np.maximum.reduceat(vectors[rows] @ vector, firsts)
        out[has] = exact.min()  # left out by the sketch: no more than the least of those scored
        out[cand] = exact
        return out
