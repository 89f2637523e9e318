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
import math
import sys
from pathlib import Path

import numpy as np

from qa.errors import ModelError

_DTYPES = {"F32": np.float32, "F16": np.float16, "F64": np.float64, "I64": np.int64, "I32": np.int32,
           "I16": np.int16, "I8": np.int8, "U8": np.uint8, "BOOL": np.bool_}


def mapped(path: str | Path) -> dict[str, np.ndarray]:
    """Every tensor of the safetensors file at ``path`` as a read-only numpy view of one memory map; a file that
    is not one, is cut short, or stores a type numpy has no exact match for (bfloat16, unsigned 16-64 bits) is a
    ``ModelError`` naming it."""
    path = Path(path)
    if sys.byteorder != "little":
        raise ModelError(f"cannot read {path} on a big-endian machine")
    try:
        with open(path, "rb") as f:
            size = int.from_bytes(f.read(8), "little")
            header = json.loads(f.read(size)) if 0 < size <= 100_000_000 else None
        if not isinstance(header, dict):
            raise ValueError("not a safetensors file")
        data = np.memmap(path, dtype=np.uint8, mode="r", offset=8 + size)
        return {name: _tensor(data, name, info) for name, info in header.items() if name != "__metadata__"}
    except (OSError, ValueError, RecursionError) as exc:  # json's errors are ValueErrors
        raise ModelError(f"cannot read {path}: {' '.join(str(exc).split())}") from None


def _tensor(data: np.ndarray, name: str, info) -> np.ndarray:
    """One tensor of the header, checked: a known type, a shape and a byte range of plain non-negative integers
    whose sizes agree and lie inside the file."""
    if not isinstance(info, dict) or info.get("dtype") not in _DTYPES:
        raise ValueError(f"tensor {name} has a type or header numpy cannot use")
    shape, offsets = info.get("shape"), info.get("data_offsets")
    if not (isinstance(shape, list) and isinstance(offsets, list) and len(offsets) == 2 and
            all(type(n) is int and n >= 0 for n in [*shape, *offsets])):
        raise ValueError(f"tensor {name} has a shape or byte range that is not plain counts")
    dtype, (a, b) = np.dtype(_DTYPES[info["dtype"]]), offsets
    if not a <= b <= len(data) or b - a != dtype.itemsize * math.prod(shape):
        raise ValueError(f"tensor {name} lies outside the file (is it cut short?)")
    return data[a:b].view(dtype).reshape(shape)


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
