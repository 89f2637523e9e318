"""One build opened for reading: a handle on each of its files at once, each file verified when first read.

Opening checks what costs nothing: that every file the manifest lists is there with its recorded size (the
manifest itself is checked against its digest and the folder's name by ``store.read_manifest``). A file's
sha256 is checked when the file is first read, before any of it is used: a question answered from the report
cards never reads the vectors, the token vectors or the passages, and a damaged file is still never used.

The files are opened together, so what is read later is the build that was opened, even after newer builds
replaced it and removed its folder (an open file outlives its name); never a newer CURRENT's files.

    >>> build = OpenedBuild(folder, store.read_manifest(folder))  # doctest: +SKIP
    >>> cards(build)  # reads and verifies reports.json only  # doctest: +SKIP
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import weakref
from pathlib import Path

import numpy as np

from qa.errors import IndexCorruptError
from qa.search import store
from qa.search import vectors as vector_store
from qa.search.bm25 import BM25Index
from qa.search.files import load_array, map_array, read_error
from qa.search.rows import PassageRows, TextRows
from qa.search import token_store
from qa.search.token_store import FILES as TOKEN_FILES, TokenStore
from qa.types import ReportCard

SEGMENT = "vector segment"  # the build's vectors, which live in the vector store (vectors/), not in the folder
_UNREADABLE = (OSError, ValueError, KeyError, TypeError, RuntimeError, EOFError)  # a verified file that is not
# what its name says is damage too (only an index written by another program could hold one)


class OpenedBuild:
    """A build folder and its manifest, with every file open; ``read`` returns a file's verified bytes."""

    def __init__(self, folder: Path, manifest: dict) -> None:
        self.folder, self.manifest = folder, manifest
        self._handles: dict[str, object] = {}
        self._paths: dict[str, Path] = {}
        self._meta: dict[str, dict] = {}
        self._closer = weakref.finalize(self, _close_all, self._handles)
        try:
            for name in store.FILES:
                self._open(name, folder / name, manifest["files"].get(name))
            self._open(SEGMENT, _segment_path(folder.parent, manifest["vectors"]), manifest["vectors"])
        except BaseException:
            self._closer()
            raise

    def _open(self, name: str, path: Path, meta: dict | None) -> None:
        if meta is None:
            raise IndexCorruptError(f"{self.folder / 'manifest.json'} does not list {name}")
        try:
            handle = open(path, "rb")
        except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
            raise IndexCorruptError(f"{path} is missing") from None
        except OSError as exc:
            raise read_error(exc, path) from None
        self._handles[name], self._paths[name], self._meta[name] = handle, path, meta
        size = os.fstat(handle.fileno()).st_size
        if size != meta.get("bytes"):
            raise IndexCorruptError(f"{path} has {size} bytes, the manifest says {meta.get('bytes')}")

    def path(self, name: str) -> Path:
        return self._paths[name]

    def read(self, name: str) -> bytes:
        """The file's bytes, checked against the manifest's size and sha256 before they are returned. A file is
        read once (its handle is closed then); a damaged one may be read again, and is refused again."""
        handle = self._handles[name]
        try:
            handle.seek(0)
            data = handle.read()
        except OSError as exc:
            raise read_error(exc, self._paths[name]) from None
        self._check(name, len(data), hashlib.sha256(data).hexdigest())
        self._handles.pop(name).close()
        return data

    def mapped(self, name: str) -> np.ndarray:
        """An .npy file memory-mapped (page cache, not process memory), checked like ``read`` first."""
        handle = self._handles[name]
        try:
            handle.seek(0)
            digest = hashlib.file_digest(handle, "sha256").hexdigest()
            size = handle.tell()
            self._check(name, size, digest)
            array = map_array(handle)
        except OSError as exc:
            raise read_error(exc, self._paths[name]) from None
        except ValueError as exc:
            raise IndexCorruptError(f"{self._paths[name]} cannot be read ({str(exc)[:80]})") from None
        self._handles.pop(name).close()
        return array

    def _check(self, name: str, size: int, digest: str) -> None:
        meta = self._meta[name]
        if size != meta.get("bytes") or digest != meta.get("sha256"):
            raise IndexCorruptError(f"{self._paths[name]} does not match its checksum (edited or damaged)")


def _close_all(handles: dict) -> None:
    for handle in handles.values():
        handle.close()
    handles.clear()


def _segment_path(index_dir: Path, entry: dict) -> Path:
    parts = Path(entry["file"]).parts
    if parts[:1] != (vector_store.FOLDER,) or ".." in parts:
        raise IndexCorruptError(f"the manifest names vectors outside {index_dir / vector_store.FOLDER}: "
                                f"{entry['file']!r}")
    return index_dir / entry["file"]


# --- the parts of a build, each from its own files --------------------------------------------------------------

def cards(build: OpenedBuild) -> list[ReportCard]:
    data = build.read("reports.json")
    with _readable(build, "reports.json"):
        return [store._card(c) for c in json.loads(data.decode("utf-8"))]


def passages(build: OpenedBuild) -> PassageRows:
    """Every passage, each parsed when first used (``rows``)."""
    out = PassageRows(build.read("passages.jsonl"), build.path("passages.jsonl"))
    _count(build, "passages.jsonl", len(out), build.manifest["counts"]["passages"])
    return out


def sentences(build: OpenedBuild) -> np.ndarray:
    data = build.read("sentences.npy")
    with _readable(build, "sentences.npy"):
        rows = load_array(io.BytesIO(data))
        if rows.ndim != 2 or rows.shape[1] != 3:
            raise ValueError(f"sentence rows of shape {rows.shape}")
    _count(build, "sentences.npy", len(rows), build.manifest["counts"]["sentences"])
    return rows


def bm25(build: OpenedBuild) -> BM25Index:
    arrays, params = build.read("bm25.npz"), build.read("bm25.params.json")
    with _readable(build, "bm25.npz"):
        return BM25Index.from_arrays(load_array(io.BytesIO(arrays)), json.loads(params.decode("utf-8")))


def texts(build: OpenedBuild) -> TextRows:
    """Each source's text by name, parsed when first asked for (``rows``)."""
    return TextRows(build.read("texts.jsonl"), build.path("texts.jsonl"))


def vectors(build: OpenedBuild) -> np.ndarray:
    """Every vector of the build, passages then sentences (float32, one row each)."""
    data = build.read(SEGMENT)
    rows = vector_store._rows(data, build.manifest["model"]["dimension"], build.path(SEGMENT))
    counts = build.manifest["counts"]
    _count(build, SEGMENT, len(rows), counts["passages"] + counts["sentences"])
    return np.ascontiguousarray(rows["vector"], dtype=np.float32)


def tokens(build: OpenedBuild) -> TokenStore:
    """The passages' token vectors (``token_store``), the int8 rows memory-mapped."""
    codes = build.mapped(TOKEN_FILES[0])
    data = [build.read(name) for name in TOKEN_FILES[1:]]
    with _readable(build, TOKEN_FILES[1]):
        offsets, ids, idf, pca = (load_array(io.BytesIO(d)) for d in data)
    n = build.manifest["counts"]["passages"]
    if not token_store.fits(codes, offsets, ids, pca, n):
        raise IndexCorruptError(f"{build.folder}: the token vectors, their offsets and the passages disagree")
    return TokenStore(codes, offsets, ids, idf, pca)


@contextlib.contextmanager
def _readable(build: OpenedBuild, name: str):
    """Inside it, a file that passed its checksum but cannot be parsed is one ``IndexCorruptError`` line."""
    try:
        yield
    except _UNREADABLE as exc:
        raise IndexCorruptError(f"{build.path(name)} cannot be read ({type(exc).__name__}: {str(exc)[:80]})") from None


def _count(build: OpenedBuild, name: str, found: int, expected: int) -> None:
    if found != expected:
        raise IndexCorruptError(f"{build.path(name)} holds {found} rows, the manifest counts {expected}")
