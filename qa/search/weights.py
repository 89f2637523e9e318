"""A safetensors checkpoint's weights as the numpy encoder reads them: memory-mapped, widened to float32 where
stored narrower, and the word embeddings (half of MiniLM's weights) read a row per word piece asked for.

Why a memory map of our own: the safetensors package copies each tensor out of its map (``get_tensor``), 40 ms
for MiniLM's layers in every one-shot question; the format is an 8-byte little-endian header length, a JSON
header (each tensor's dtype, shape and byte range) and the raw little-endian arrays, so the same arrays as
numpy views of one ``np.memmap`` take 10 ms, pages read as the forward pass touches them. The tensors are
checked against the package's own reading in tests/test_fast_encoder.py.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

from qa.errors import ModelError

_DTYPES = {"F32": np.float32, "F16": np.float16, "F64": np.float64, "I64": np.int64, "I32": np.int32,
           "I16": np.int16, "I8": np.int8, "U8": np.uint8, "BOOL": np.bool_}


def mapped(path: str | Path) -> dict[str, np.ndarray]:
    """Every tensor of the safetensors file at ``path`` as a read-only numpy view of one memory map; a file that
    is not one, is cut short, or stores a type numpy lacks (bfloat16) is a ``ModelError`` naming it."""
    path = Path(path)
    if sys.byteorder != "little":
        raise ModelError(f"cannot read {path} on a big-endian machine")
    try:
        with open(path, "rb") as f:
            size = int.from_bytes(f.read(8), "little")
            header = json.loads(f.read(size)) if 0 < size <= 100_000_000 else None
        data = np.memmap(path, dtype=np.uint8, mode="r", offset=8 + size) if isinstance(header, dict) else None
    except (OSError, ValueError) as exc:
        raise ModelError(f"cannot read {path}: {' '.join(str(exc).split())}") from None
    if data is None:
        raise ModelError(f"cannot read {path}: not a safetensors file")
    out: dict[str, np.ndarray] = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        try:
            dtype, shape, (a, b) = np.dtype(_DTYPES[info["dtype"]]), tuple(info["shape"]), info["data_offsets"]
        except (KeyError, TypeError, ValueError):
            raise ModelError(f"cannot read {path}: tensor {name} has type {info.get('dtype')!r} or a header "
                             "numpy cannot use") from None
        if not 0 <= a <= b <= len(data) or b - a != dtype.itemsize * int(np.prod(shape, dtype=np.int64)):
            raise ModelError(f"cannot read {path}: tensor {name} lies outside the file (is it cut short?)")
        out[name] = data[a:b].view(dtype).reshape(shape)
    return out


def widened(v: np.ndarray) -> np.ndarray:
    """float16 (or any float) weights as float32; float32 ones are not copied."""
    return v.astype(np.float32, copy=False) if v.dtype.kind == "f" else v


class WordRows:
    """The word-embedding matrix of a memory-mapped checkpoint, read a row at a time for a few word pieces
    (a question) and whole, once, for many (a build): reading all 30,522 rows took 45 ms of a one-shot question
    that needs 15 of them."""

    _WHOLE = 2048  # from this many word pieces on, one read of the whole matrix is cheaper than rows

    def __init__(self, stored: np.ndarray) -> None:
        self._stored = stored
        self.shape = tuple(int(n) for n in stored.shape)
        self._whole: np.ndarray | None = None

    def __getitem__(self, ids: np.ndarray) -> np.ndarray:
        if self._whole is None and len(ids) < self._WHOLE:
            if len(ids) and (int(ids.min()) < 0 or int(ids.max()) >= self.shape[0]):
                raise IndexError(f"word-piece id outside the vocabulary of {self.shape[0]}")
            return widened(np.asarray(self._stored[ids])) if len(ids) else np.zeros((0, self.shape[1]), np.float32)
        if self._whole is None:
            self._whole = widened(np.asarray(self._stored))
        return self._whole[ids]
