"""Each passage's best sentence cosine, and each passage's cosine, over many reports: read first from an 8-bit
128-dimension sketch of the vectors and then exactly for the few the sketch ranks highest.

At 150 reports the exact cosines are one matrix-vector product over 94,500 x 384 floats, 145 MB read for every
question: 11 ms of a 30 ms question on one thread. The sketch puts the vectors on their 128 principal axes and
keeps each as 128 bytes (FAISS's uniform 8-bit scalar quantizer, read with its SIMD kernels): 12 MB for the
sentences, 4 MB for the passages. A question reads it for the best ``SENTENCES`` sentences and ``PASSAGES``
passages, then scores those exactly. Each signal is min-max scaled over its best 50 only (``qa/search/fusion``),
so what matters is that those are found and scored exactly: measured (not guaranteed), a passage among the best
50 by its best sentence had that sentence among the best 2,000 by the sketch.

Over 150 synthetic reports, asked the 133 derby and 60 everyday questions, the top ten hits were the same, in the
same order, as with exact cosines for all 193 (1,000 sentences and passages: 192; 500: 180), and retrieve p50
went from 37.1 to 31.7 ms against a float32 sketch read whole (docs/speed.md, "Eleventh round"). Passages left
out get the lowest exact value found, which the signal's scaling counts as nothing, like any passage below its
depth. Built once per process on the first question over a scope that large (0.2 s), never at smaller scale.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

SKETCH_ROWS = 20_000  # a scope with at least this many sentences is read through the sketch
DIMENSION = 128
SENTENCES = 2_000  # sentences scored exactly: the best this many by the sketch
PASSAGES = 1_500  # passages scored exactly: the best this many by the sketch
SAMPLE = 5_000  # sentence vectors the principal axes are fitted on (evenly spaced)


def _quantized(rows: np.ndarray) -> Any:
    """The rows in a FAISS inner-product index that keeps each as 8-bit codes."""
    import faiss  # only over many reports: 60 ms to import

    index = faiss.IndexScalarQuantizer(rows.shape[1], faiss.ScalarQuantizer.QT_8bit_uniform,
                                       faiss.METRIC_INNER_PRODUCT)
    index.train(rows)
    index.add(rows)
    return index


def _best_rows(index: Any, query: np.ndarray, lo: int, hi: int, keep: int) -> np.ndarray:
    """Which of rows ``lo:hi`` of ``index`` have the highest inner product with ``query``, at most ``keep``."""
    import faiss

    threads = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(1)  # one question: a second thread only contends (qa/search/threads.py)
    try:
        params = faiss.SearchParameters(sel=faiss.IDSelectorRange(lo, hi))
        _, found = index.search(query[None].astype(np.float32), keep, params=params)
    finally:
        faiss.omp_set_num_threads(threads)  # a caller's own FAISS searches keep theirs
    return found[0][found[0] >= 0]


@dataclass(frozen=True)
class Sketch:
    axes: np.ndarray  # (DIMENSION, model dimension) float32
    sentences: Any  # FAISS index: every sentence vector on those axes, 8-bit
    passages: Any  # FAISS index: every passage vector on the same axes, 8-bit

    @classmethod
    def of(cls, vectors: np.ndarray, passages: np.ndarray, dimension: int = DIMENSION,
           sample: int = SAMPLE) -> "Sketch":
        """Axes fitted on the sentence ``vectors``; both they and the ``passages`` vectors put on them."""
        picked = np.asarray(vectors[np.linspace(0, len(vectors) - 1, min(sample, len(vectors))).astype(np.int64)],
                            dtype=np.float64)
        _, _, vt = np.linalg.svd(picked - picked.mean(axis=0), full_matrices=False)
        axes = np.ascontiguousarray(vt[:dimension], dtype=np.float32)
        return cls(axes, _quantized(np.ascontiguousarray(vectors @ axes.T, dtype=np.float32)),
                   _quantized(np.ascontiguousarray(passages @ axes.T, dtype=np.float32)))

    def cosines(self, passages: np.ndarray, lo: int, hi: int, vector: np.ndarray, keep: int = PASSAGES) -> np.ndarray:
        """The cosine of passages ``lo:hi`` (rows of ``passages``) to ``vector``: exact for the best ``keep`` by
        the sketch, the least of those for the rest."""
        if hi - lo <= keep:
            return passages[lo:hi] @ vector
        cand = _best_rows(self.passages, self.axes @ vector, lo, hi, keep)
        exact = passages[cand] @ vector
        out = np.full(hi - lo, exact.min(), dtype=np.float32)
        out[cand - lo] = exact
        return out

    def best(self, vectors: np.ndarray, starts: np.ndarray, vector: np.ndarray, keep: int = SENTENCES) -> np.ndarray:
        """Each passage's best sentence cosine, passage n's sentences being rows ``starts[n]:starts[n + 1]`` of
        ``vectors`` (and of the sketch), over the best ``keep`` sentences by the sketch: exact for each passage
        whose best sentence is among them, its best sentence among them for a passage with only weaker ones
        there (no more than its exact value), the least found for the rest; -1 for a passage without sentences."""
        a, b = int(starts[0]), int(starts[-1])
        out = np.full(len(starts) - 1, -1.0, dtype=np.float32)
        if b <= a:
            return out
        rows = np.arange(a, b) if b - a <= keep else _best_rows(self.sentences, self.axes @ vector, a, b, keep)
        exact = vectors[rows] @ vector
        out[starts[1:] > starts[:-1]] = exact.min()
        np.maximum.at(out, np.searchsorted(starts, rows, side="right") - 1, exact)
        return out
