"""Late interaction (ColBERT's MaxSim) over MiniLM's own last-layer token vectors: a fourth retrieval signal.

A passage's score is, for each question word piece, its best cosine over the passage's word pieces, averaged
with the word pieces' idf as weights. A whole-passage vector blurs the one phrase that answers a question with
the rest of the passage; MaxSim keeps every word piece apart, so a paraphrase that matches one phrase still
scores. Token vectors are stored as int8 (unit vectors times 127) and turned back into float32 only for the few
candidate passages a question reads.

    >>> q = np.array([[1.0, 0.0], [0.0, 1.0]], dtype=np.float32)
    >>> p = quantize(np.array([[1.0, 0.0], [0.6, 0.8], [0.0, 1.0]], dtype=np.float32))
    >>> [round(float(s), 3) for s in maxsim(q, np.array([1.0, 3.0]), p, np.array([0, 2, 3]), [0, 1])]
    [0.852, 0.75]
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from qa.tokens import STOP_WORDS

SCALE = 127.0  # int8 = round(unit vector component * 127): within 1/254 of the float per component


def unit_tokens(tokens: np.ndarray, ids: np.ndarray, special: frozenset[int]) -> tuple[np.ndarray, np.ndarray]:
    """A text's token vectors without its special tokens ([CLS], [SEP], ...), each L2-normalised, and their ids."""
    keep = ~np.isin(ids, list(special))
    vecs = np.asarray(tokens, dtype=np.float32)[keep]
    vecs = vecs / np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), np.float32(1e-12))
    return vecs.astype(np.float32, copy=False), ids[keep].astype(np.int32)


def content_pieces(pieces: Sequence[str]) -> np.ndarray:
    """Which of a question's word pieces MaxSim scores: not punctuation, not a piece of a stop word (BM25's list,
    ``qa.tokens.STOP_WORDS``). Weighted by their idf over the passages, "?" and "what" would weigh most, as the
    report's prose seldom holds them; their best match says nothing about the passage (docs/late-interaction.md).

    >>> content_pieces(["how", "many", "care", "##rs", "?"]).tolist()
    [False, True, True, True, False]
    """
    keep = np.zeros(len(pieces), dtype=bool)
    start = 0
    for n, piece in enumerate(list(pieces) + ["[END]"]):
        if n < len(pieces) and piece.startswith("##") and n > start:
            continue  # a word's later pieces go with its first
        if n > start:
            word = "".join(p.removeprefix("##") for p in pieces[start:n]).lower()
            keep[start:n] = [word not in STOP_WORDS and any(c.isalnum() for c in p) for p in pieces[start:n]]
        start = n
    return keep


def quantize(vecs: np.ndarray) -> np.ndarray:
    """Unit float vectors -> int8 (scale 127)."""
    return np.clip(np.rint(vecs * SCALE), -127, 127).astype(np.int8)


def dequantize(codes: np.ndarray) -> np.ndarray:
    return codes.astype(np.float32) * np.float32(1.0 / SCALE)


def idf(ids: np.ndarray, offsets: np.ndarray, vocab: int) -> np.ndarray:
    """Smoothed idf, ln(1 + (N - df + 0.5) / (df + 0.5)), of every word piece over N passages (df: passages
    holding it); word pieces no passage holds get the highest value."""
    n = len(offsets) - 1
    passage = np.repeat(np.arange(n), np.diff(offsets))
    pairs = np.unique(passage.astype(np.int64) * vocab + ids.astype(np.int64))
    df = np.bincount((pairs % vocab).astype(np.int64), minlength=vocab)[:vocab]
    return np.log1p((n - df + 0.5) / (df + 0.5)).astype(np.float32)


def maxsim(question: np.ndarray, weights: np.ndarray, codes: np.ndarray, offsets: np.ndarray,
           candidates: Sequence[int], ids: np.ndarray | None = None, ends: Sequence[int] = (),
           sentence: float = 0.0) -> np.ndarray:
    """Each candidate passage's idf-weighted mean, over the question's token vectors (unit rows), of its best
    cosine with the passage's token vectors (``codes[offsets[n]:offsets[n + 1]]``, int8); 0 for a passage
    without tokens.

    With ``sentence`` above 0, that share of the score is the same mean over the passage's best sentence alone:
    its rows cut after each word piece in ``ends`` (the ids of ".", "?", "!"; ``ids`` gives every row's). Over a
    whole passage each question word finds its best match anywhere, so a passage whose words are spread over
    several sentences scores as well as one sentence that answers; the best sentence keeps them together, as the
    best-sentence cosine does for the passage vectors.
    """
    out = np.zeros(len(candidates), dtype=np.float32)
    if not len(candidates) or not len(question):
        return out
    cand = np.asarray(candidates, dtype=np.int64)
    starts, ends_at = offsets[cand], offsets[cand + 1]
    lengths = ends_at - starts
    has = lengths > 0
    if not has.any():
        return out
    rows, firsts = span_rows(starts[has], lengths[has])
    # int8 codes times the question scaled by 1/127 (not the codes dequantized: one pass over them fewer), tall
    # by wide: a third faster than question @ codes.T
    sims = codes[rows].astype(np.float32) @ (question * np.float32(1.0 / SCALE)).T  # (candidate tokens, question)
    w = np.asarray(weights, dtype=np.float32)
    total = max(float(w.sum()), 1e-12)
    if sentence <= 0 or ids is None or not len(ends):
        out[has] = (np.maximum.reduceat(sims, firsts, axis=0) @ w) / total
        return out
    heads = sentence_starts(ids[rows], firsts, ends)
    best = np.maximum.reduceat(sims, heads, axis=0)  # (sentences, question tokens)
    first_sentence = np.searchsorted(heads, firsts)  # each passage's first sentence (a passage starts one)
    whole = (np.maximum.reduceat(best, first_sentence, axis=0) @ w) / total
    alone = np.maximum.reduceat((best @ w) / total, first_sentence)
    out[has] = (1.0 - sentence) * whole + sentence * alone
    return out


def sentence_starts(ids: np.ndarray, firsts: np.ndarray, ends: Sequence[int]) -> np.ndarray:
    """Where each sentence of the spans starting at ``firsts`` begins: every span's first row, and the row after
    each sentence end (``ends``) that is not its span's last.

    >>> sentence_starts(np.array([5, 1012, 7, 8, 1012, 9, 1012]), np.array([0, 5]), [1012]).tolist()
    [0, 2, 5]
    """
    start = np.zeros(len(ids), dtype=bool)
    start[firsts] = True
    last = np.zeros(len(ids), dtype=bool)
    last[np.append(firsts[1:], len(ids)) - 1] = True
    start[1:] |= (np.isin(ids, np.asarray(ends, dtype=ids.dtype)) & ~last)[:-1]
    return np.flatnonzero(start)


def span_rows(starts: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The rows ``starts[i] : starts[i] + counts[i]`` of every span (counts above 0) in one array, and where each
    span begins in it: the ``reduceat`` offsets of a per-span maximum.

    >>> [a.tolist() for a in span_rows(np.array([5, 0]), np.array([2, 3]))]
    [[5, 6, 0, 1, 2], [0, 2]]
    """
    firsts = np.cumsum(counts) - counts
    return np.arange(int(counts.sum())) + np.repeat(starts - firsts, counts), firsts


def project(vecs: np.ndarray, pca: np.ndarray) -> np.ndarray:
    """Unit vectors -> their reduced, re-normalised form; ``pca`` is (1 + k, d): the mean, then k components.
    An empty ``pca`` (shape (0, d)) keeps the full dimension."""
    if not len(pca):
        return vecs
    out = (vecs - pca[0]) @ pca[1:].T
    return (out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), np.float32(1e-12))).astype(np.float32)


def fit_pca(vecs: np.ndarray, k: int, sample: int = 200_000) -> np.ndarray:
    """(1 + k, d) float32: the mean and the top-k principal axes of (an evenly spaced sample of) ``vecs``."""
    step = max(1, len(vecs) // sample)
    x = vecs[::step].astype(np.float64)
    mean = x.mean(axis=0)
    _, vectors = np.linalg.eigh(np.cov(x - mean, rowvar=False))
    axes = vectors[:, ::-1][:, :k].T
    axes *= np.where(axes[np.arange(k), np.abs(axes).argmax(axis=1)] < 0, -1.0, 1.0)[:, None]  # a fixed sign
    return np.vstack([mean, axes]).astype(np.float32)
