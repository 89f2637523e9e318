"""The index directory: plain files with a manifest, written atomically, verified on every load.

Layout of ``index/``::

    CURRENT            the name of the live build, replaced atomically (os.replace) when a build finishes
    .lock              held (flock) while a build writes, so two builds never interleave
    vectors/           the vector store (``vectors``): unit vectors by model and text sha256, one segment a build
    v-<hash>/          one complete build, named by the first 12 hex digits of its manifest's sha256:
        manifest.json  format and qa versions, model id and dimension, chunking, every corpus file's sha256,
                       counts, build time, the sha256 and size of every file below and of its vector segment
        manifest.sha256  the manifest's own sha256: an edited manifest is damage, like any other file
        passages.jsonl one passage per line (id, report, source, section, start, end, text, page, kind)
        sentences.npy  int64 rows (passage number, start, end) of every sentence (allow_pickle=False)
        bm25.npz       BM25 postings (numpy arrays, read with allow_pickle=False)
        bm25.params.json  BM25's parameters by name (k1, b, epsilon, avgdl, ...) and its format version
        reports.json   rating, scores, percentage, date and warnings of every report, with their spans
        token*.npy     passages' token vectors for late interaction (int8, PCA-reduced), offsets, ids, idf, PCA
        texts.jsonl    every source's text as read (a web page's or a PDF's extracted text): what offsets index

A build is written to a temporary folder and renamed into place before CURRENT points at it, so an interrupted
build leaves the previous index as it was; the build it replaces is kept until the next one, for readers that
were loading it. Nothing executes on load: JSON and numpy arrays read with allow_pickle=False; the vectors
are searched as numpy arrays (a FAISS ``IndexFlatIP`` is built from them only for a caller that asks for one). Every write goes through ``files.write_file`` (one
``QAError`` for a full disk or a permission problem, and the kill points the reliability tests use).
"""

from __future__ import annotations

import contextlib
import dataclasses
import fcntl
import hashlib
import io
import json
import os
import re
import shutil
import tempfile
from pathlib import Path

import numpy as np

from qa.search import token_store
from qa.errors import IndexAccessError, IndexCorruptError, IndexNotFoundError
from qa.search import vectors as vector_store
from qa.search.files import kill_point, npy_bytes, read_bytes, read_error, write_error, write_file
from qa.cqc.facts import fact_from_dict
from qa.types import Page, Passage, Percentage, ReportCard, Span, StatementScore

FORMAT_VERSION = 8  # 6: passages carry their kind; 7: token vectors; 8: token rows without the heading
FILES = ("passages.jsonl", "sentences.npy", "bm25.npz", "bm25.params.json", "reports.json", "texts.jsonl") + \
    token_store.FILES  # token vectors for late interaction: see token_store
DIGEST = "manifest.sha256"
BUILD_NAME = re.compile(r"v-([0-9a-f]{12})(-\d+)?")


@contextlib.contextmanager
def build_lock(index_dir: Path, wait: bool = True):
    """Exclusive lock for writers; a second build waits, then finds the index fresh and does nothing.

    With ``wait=False`` it yields False at once when another build holds the lock (a reader can then answer from
    the previous index), True when it got it. The index folder is created here, so only by a writer.
    """
    if index_dir.exists() and not index_dir.is_dir():
        raise IndexNotFoundError(f"cannot use {index_dir} as the index folder (it is a file): give a folder with "
                                 "--index or QA_INDEX")
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        handle = open(index_dir / ".lock", "a+")
    except OSError as exc:
        raise write_error(exc, index_dir / ".lock") from None
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def clean_leftovers(index_dir: Path) -> None:
    """Remove what killed builds left (``.tmp-*`` folders, ``.CURRENT.<pid>`` files); the caller holds the lock,
    so no live build owns any of them."""
    for old in (*index_dir.glob(".tmp-*"), *index_dir.glob(".CURRENT.*")):
        if old.is_dir():
            shutil.rmtree(old, ignore_errors=True)
        else:
            old.unlink(missing_ok=True)


def current_dir(index_dir: Path) -> Path | None:
    pointer = index_dir / "CURRENT"
    try:
        name = pointer.read_text(encoding="utf-8").strip()
    except (FileNotFoundError, NotADirectoryError):
        return None
    except PermissionError as exc:
        raise read_error(exc, pointer) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise IndexCorruptError(f"{pointer} cannot be read ({exc})") from None
    if not BUILD_NAME.fullmatch(name):
        raise IndexCorruptError(f"{pointer} does not name a build (found {name[:40]!r})")
    return index_dir / name


def write_build(index_dir: Path, manifest: dict, passages: list[Passage], sentences: np.ndarray,
                hashes: list[bytes], vectors: np.ndarray, bm25, cards: list[ReportCard],
                texts: dict[str, str], tokens) -> Path:
    """Write every file into a fresh folder, checksum it, rename it into place and point CURRENT at it.

    ``vectors`` (one row per passage, then per sentence, with their text ``hashes``) go to the vector store.
    """
    clean_leftovers(index_dir)
    try:
        tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=index_dir))
    except OSError as exc:
        raise write_error(exc, index_dir) from None
    pointer_tmp = index_dir / f".CURRENT.{os.getpid()}"
    try:
        write_file(tmp / "passages.jsonl", "".join(json.dumps(dataclasses.asdict(p), ensure_ascii=False) + "\n"
                                                   for p in passages).encode("utf-8"))
        write_file(tmp / "sentences.npy", npy_bytes(sentences.astype(np.int64)))
        buf = io.BytesIO()
        np.savez(buf, **bm25.to_arrays())
        write_file(tmp / "bm25.npz", buf.getvalue())
        write_file(tmp / "bm25.params.json", json.dumps(bm25.params(), sort_keys=True).encode("utf-8"))
        write_file(tmp / "reports.json", json.dumps([dataclasses.asdict(c) for c in cards],
                                                    ensure_ascii=False).encode("utf-8"))
        write_file(tmp / "texts.jsonl", "".join(json.dumps({"source": source, "text": text}, ensure_ascii=False) + "\n"
                                                for source, text in texts.items()).encode("utf-8"))
        token_store.write(tmp, tokens)
        segment = vector_store.write_segment(index_dir, manifest["model"]["id"], hashes, vectors)
        manifest = dict(manifest, vectors=segment,
                        files={n: {"sha256": _sha256(tmp / n), "bytes": (tmp / n).stat().st_size} for n in FILES})
        body = json.dumps(manifest, indent=2, sort_keys=True).encode("utf-8")
        digest = hashlib.sha256(body).hexdigest()
        write_file(tmp / "manifest.json", body)
        write_file(tmp / DIGEST, (digest + "\n").encode())
        final, n = index_dir / f"v-{digest[:12]}", 1
        while final.exists():  # the same build again within a second: never replace a folder readers may be in
            final, n = index_dir / f"v-{digest[:12]}-{n}", n + 1
        kill_point("rename")
        os.rename(tmp, final)
        try:
            replaced = current_dir(index_dir)
        except (IndexCorruptError, IndexAccessError):
            replaced = None
        write_file(pointer_tmp, (final.name + "\n").encode(), step="CURRENT")
        kill_point("replace CURRENT")
        os.replace(pointer_tmp, index_dir / "CURRENT")
    except OSError as exc:  # rename or replace: the writes themselves raise IndexAccessError already
        raise write_error(exc, index_dir) from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)  # gone after the rename; a failed build's half-written folder
        pointer_tmp.unlink(missing_ok=True)
    # Keep the build just replaced: a reader that read CURRENT a moment ago may still be loading it. Older
    # builds, their vector segments, and temporary folders of builds that were killed, go (the caller holds the
    # build lock).
    kill_point("cleanup")
    keep = {segment["file"]}
    for old in index_dir.glob("v-*"):
        if old not in (final, replaced):
            shutil.rmtree(old, ignore_errors=True)
        elif old == replaced:
            with contextlib.suppress(OSError, ValueError, KeyError, TypeError, IndexCorruptError):
                keep.add(json.loads((old / "manifest.json").read_text(encoding="utf-8"))["vectors"]["file"])
    vector_store.collect(index_dir, keep)
    return final


def _sha256(path: Path) -> str:
    return hashlib.sha256(read_bytes(path)).hexdigest()


def read_manifest(build: Path) -> dict:
    """The build's manifest, checked against its own digest and the folder's name before anything is read."""
    path = build / "manifest.json"
    try:
        body = read_bytes(path)
        recorded = read_bytes(build / DIGEST).decode("ascii", errors="replace").strip()
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError) as exc:
        raise IndexCorruptError(f"{exc.filename or path} is missing") from None
    digest = hashlib.sha256(body).hexdigest()
    named = BUILD_NAME.fullmatch(build.name)
    if digest != recorded:
        raise IndexCorruptError(f"{path} does not match its digest in {DIGEST} (edited or damaged)")
    if named is None or named.group(1) != digest[:12]:
        raise IndexCorruptError(f"{path} does not match the build folder's name {build.name} (edited or moved)")
    try:
        manifest = json.loads(body.decode("utf-8"))
    except ValueError as exc:
        raise IndexCorruptError(f"{path} is not valid JSON ({type(exc).__name__})") from None
    if not isinstance(manifest, dict) or manifest.get("format_version") != FORMAT_VERSION:
        raise IndexCorruptError(f"{path} has format {manifest.get('format_version') if isinstance(manifest, dict) else '?'}, "
                                f"this qa reads format {FORMAT_VERSION}")
    if not _well_formed(manifest):
        raise IndexCorruptError(f"{path} is not a qa manifest (a field is missing or has the wrong type)")
    return manifest


def _well_formed(m: dict) -> bool:
    """The fields later code reads, of the types it expects: a hand-edited manifest is damage, not a crash."""
    model, files, counts, key, vecs = (m.get(k) for k in ("model", "files", "counts", "content_key", "vectors"))
    corpus = key.get("corpus") if isinstance(key, dict) else None
    return (isinstance(vecs, dict) and isinstance(vecs.get("file"), str) and isinstance(vecs.get("sha256"), str)
            and type(vecs.get("bytes")) is int and isinstance(model, dict) and isinstance(model.get("id"), str) and type(model.get("dimension")) is int
            and isinstance(files, dict) and all(isinstance(f, dict) for f in files.values())
            and isinstance(counts, dict) and all(type(counts.get(k)) is int for k in ("reports", "passages", "sentences"))
            and isinstance(corpus, list)
            and all(isinstance(c, dict) and isinstance(c.get("source"), str) and isinstance(c.get("sha256"), str)
                    for c in corpus))


def verify(build: Path, manifest: dict) -> None:
    """Every file present, of the recorded size and checksum: a truncated or edited file is never used."""
    files = manifest.get("files") or {}
    for name in FILES:
        path = build / name
        meta = files.get(name)
        if meta is None:
            raise IndexCorruptError(f"{build / 'manifest.json'} does not list {name}")
        if not path.is_file():
            raise IndexCorruptError(f"{path} is missing")
        if path.stat().st_size != meta.get("bytes"):
            raise IndexCorruptError(f"{path} has {path.stat().st_size} bytes, the manifest says {meta.get('bytes')}")
        if _sha256(path) != meta.get("sha256"):
            raise IndexCorruptError(f"{path} does not match its checksum (edited or damaged)")


def require_current(index_dir: Path) -> tuple[Path, dict]:
    build = current_dir(index_dir)
    if build is None:
        raise IndexNotFoundError(f"no qa index in {index_dir}: build one with `qa index`")
    if not build.is_dir():
        raise IndexCorruptError(f"{index_dir / 'CURRENT'} names {build.name}, which is missing")
    return build, read_manifest(build)


def _passage(d: dict) -> Passage:
    return Passage(d["id"], d["report"], d["source"], tuple(d["section"]), d["start"], d["end"], d["text"],
                   d.get("page"), d.get("kind", "finding"))


def _span(d: dict | None) -> Span | None:
    return Span(d["start"], d["end"], d["text"], d.get("source")) if d else None


def _percentage(d: dict | None) -> Percentage | None:
    if not d:
        return None
    return Percentage(d["value"], d["stated"], d["total"], d["maximum"], d["statements"], _span(d.get("span")))


def _score(d: dict) -> StatementScore:
    return StatementScore(d["theme"], d["statement"], d["score"], d["label"], _span(d["span"]))


def _card(d: dict) -> ReportCard:
    return ReportCard(
        d["id"], d["source"], d["title"], d["council"], d["published"], _span(d["rating"]),
        tuple(_score(s) for s in d["scores"]), tuple(_score(s) for s in d["summary_scores"]),
        _span(d.get("published_at")), _percentage(d.get("percentage")), tuple(d.get("warnings", ())),
        tuple(Page(p["source"], p["start"], p["end"], p["number"]) for p in d.get("pages", ())),
        tuple(fact_from_dict(f) for f in d.get("facts", ())),
    )
