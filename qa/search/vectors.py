"""The vector store: every embedded text's vector, by model and the sha256 of the text, apart from the builds.

Layout, inside the index folder::

    vectors/<model-key>/<sha256>.npy   one segment per build: a structured array of (text sha256, vector) rows,
                                       in the build's order; the file is named by the sha256 of its own bytes

A build's manifest names its segment with its checksum, so a build is still verified end to end. But the
vectors no longer live only inside a build: when any other file of a build is damaged, the rebuild finds every
vector of unchanged text here and embeds nothing. A damaged segment is recognised by its name (content
addressing) and skipped, so only the texts it held are embedded again. Segments that no kept build names are
deleted after each build. Plain ``.npy`` read with ``allow_pickle=False``: nothing executes on load.
"""

from __future__ import annotations

import hashlib
import io
import os
from pathlib import Path

import numpy as np

from qa.errors import IndexCorruptError
from qa.search.files import kill_point, load_array, read_bytes, write_error, write_file

FOLDER = "vectors"


def text_hash(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8", errors="surrogatepass")).digest()


def model_key(model_id: str) -> str:
    return hashlib.sha256(model_id.encode()).hexdigest()[:16]


def _dtype(dim: int) -> np.dtype:
    return np.dtype([("sha256", "u1", (32,)), ("vector", "<f4", (dim,))])


def write_segment(index_dir: Path, model_id: str, hashes: list[bytes], vectors: np.ndarray) -> dict:
    """Store this build's vectors; returns the manifest entry ``{"file", "sha256", "bytes"}`` naming them."""
    kill_point("vectors")
    rows = np.zeros(len(hashes), dtype=_dtype(vectors.shape[1]))
    rows["sha256"] = np.frombuffer(b"".join(hashes), dtype=np.uint8).reshape(-1, 32) if hashes else rows["sha256"]
    rows["vector"] = vectors
    buf = io.BytesIO()
    np.save(buf, rows, allow_pickle=False)
    data = buf.getvalue()
    digest = hashlib.sha256(data).hexdigest()
    folder = index_dir / FOLDER / model_key(model_id)
    path = folder / f"{digest}.npy"
    if not (path.is_file() and _digest(path) == digest):  # the same vectors as a kept build: nothing to write
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise write_error(exc, folder) from None
        tmp = folder / f".tmp-{os.getpid()}-{digest[:12]}.npy"
        try:
            write_file(tmp, data, step="vectors file")
            os.replace(tmp, path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
    return {"file": str(path.relative_to(index_dir)), "sha256": digest, "bytes": len(data)}


def read_segment(index_dir: Path, entry: dict, dim: int) -> tuple[np.ndarray, np.ndarray]:
    """(hashes as uint8 rows, float32 vectors) of a build's segment, verified against its manifest entry."""
    path = index_dir / entry["file"]
    if Path(entry["file"]).parts[:1] != (FOLDER,) or ".." in Path(entry["file"]).parts:
        raise IndexCorruptError(f"the manifest names vectors outside {index_dir / FOLDER}: {entry['file']!r}")
    try:
        data = read_bytes(path)
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        raise IndexCorruptError(f"{path} is missing") from None
    if len(data) != entry["bytes"] or hashlib.sha256(data).hexdigest() != entry["sha256"]:
        raise IndexCorruptError(f"{path} does not match its checksum (edited or damaged)")
    rows = _rows(data, dim, path)
    return rows["sha256"], np.ascontiguousarray(rows["vector"], dtype=np.float32)


def known(index_dir: Path, model_id: str) -> dict[bytes, np.ndarray]:
    """Every intact stored vector of this model, by text hash; damaged segments are skipped (and removed)."""
    cache: dict[bytes, np.ndarray] = {}
    folder = index_dir / FOLDER / model_key(model_id)
    for path in sorted(folder.glob("*.npy")) if folder.is_dir() else ():
        if path.name.startswith("."):
            continue
        try:
            data = read_bytes(path)
            if hashlib.sha256(data).hexdigest() != path.stem:
                raise IndexCorruptError(f"{path} does not match its name")
            rows = _rows(data, None, path)
        except IndexCorruptError:
            path.unlink(missing_ok=True)  # callers hold the build lock; its texts are embedded again
            continue
        for h, v in zip(rows["sha256"], rows["vector"]):
            cache[h.tobytes()] = v
    return cache


def collect(index_dir: Path, keep: set[str]) -> None:
    """Delete segments (and leftover temporary files) that no kept build names; callers hold the build lock."""
    root = index_dir / FOLDER
    if not root.is_dir():
        return
    for path in root.glob("*/*"):
        if str(path.relative_to(index_dir)) not in keep:
            path.unlink(missing_ok=True)
    for folder in root.iterdir():
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
    kill_point("collect")


def _rows(data: bytes, dim: int | None, path: Path) -> np.ndarray:
    try:
        rows = load_array(io.BytesIO(data))
    except (ValueError, OSError, EOFError) as exc:
        raise IndexCorruptError(f"{path} is not a vector segment ({type(exc).__name__})") from None
    names = rows.dtype.names or ()
    if rows.ndim != 1 or names != ("sha256", "vector") or (dim is not None and rows.dtype["vector"].shape != (dim,)):
        raise IndexCorruptError(f"{path} is not a vector segment of dimension {dim}")
    return rows


def _digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None
