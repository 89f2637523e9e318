"""Several ranked signals -> one ranking: convex combination of scaled scores, or reciprocal rank fusion.

Pure functions over score arrays, tested on hand-computed values; the retriever decides what to feed them.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np


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
