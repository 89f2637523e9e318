"""A safetensors checkpoint's weights as the numpy encoder reads them: widened to float32 once, and the word
embeddings (half of MiniLM's weights) read a row per word piece asked for, from the memory-mapped file."""

from __future__ import annotations

import numpy as np


def widened(v: np.ndarray) -> np.ndarray:
    """float16 (or any float) weights as float32; float32 ones are not copied."""
    return v.astype(np.float32, copy=False) if v.dtype.kind == "f" else v


class WordRows:
    """The word-embedding matrix of a memory-mapped safetensors file, read a row at a time for a few word pieces
    (a question) and whole, once, for many (a build): reading all 30,522 rows took 45 ms of a one-shot question
    that needs 15 of them."""

    _WHOLE = 2048  # from this many word pieces on, one read of the whole matrix is cheaper than rows

    def __init__(self, stored_slice) -> None:
        self._slice = stored_slice
        self.shape = tuple(int(n) for n in stored_slice.get_shape())
        self._whole: np.ndarray | None = None

    def __getitem__(self, ids: np.ndarray) -> np.ndarray:
        if self._whole is None and len(ids) < self._WHOLE:
            if len(ids) and (int(ids.min()) < 0 or int(ids.max()) >= self.shape[0]):
                raise IndexError(f"word-piece id outside the vocabulary of {self.shape[0]}")
            rows = {i: widened(self._slice[i:i + 1])[0] for i in set(ids.tolist())}
            return np.stack([rows[i] for i in ids.tolist()]) if len(ids) else np.zeros((0, self.shape[1]), np.float32)
        if self._whole is None:
            self._whole = widened(self._slice[:])
        return self._whole[ids]
