"""The index directory: plain files with a manifest, written atomically, verified on every load.

Layout of ``index/``::

    CURRENT            the name of the live build, replaced atomically (os.replace) when a build finishes
    .lock              held (flock) while a build writes, so two builds never interleave
    v-<hash>/          one complete build:
        manifest.json  format and qa versions, model id and dimension, chunking, every corpus file's sha256,
                       counts, build time, and the sha256 and size of every file below
        passages.jsonl one passage per line (id, report, source, section, start, end, text)
        sentences.npy  int64 rows (passage number, start, end) of every sentence (allow_pickle=False)
        passages.faiss faiss.write_index of an IndexFlatIP over unit vectors (exact cosine)
        sentences.faiss the same over sentences
        bm25.npz       BM25 postings (numpy arrays, read with allow_pickle=False)
        bm25.params.json  BM25's parameters by name (k1, b, epsilon, avgdl, ...) and its format version
        reports.json   rating, scores and key figures of every report, with their spans

A build is written to a temporary folder and renamed into place before CURRENT points at it, so an interrupted
build leaves the previous index as it was; the build it replaces is kept until the next one, for readers that
were loading it. Nothing executes on load: JSON, numpy arrays read with allow_pickle=False, FAISS's own format.
"""

from __future__ import annotations

import contextlib
import dataclasses
import fcntl
import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

import numpy as np

from qa.errors import IndexCorruptError, IndexNotFoundError
from qa.ingest.corpus import sha256_file
from qa.search import token_store
from qa.search.bm25 import BM25Index
from qa.types import Passage, ReportCard, Span, StatementScore

FORMAT_VERSION = 5
FILES = ("passages.jsonl", "sentences.npy", "passages.faiss", "sentences.faiss", "bm25.npz", "bm25.params.json",
         "reports.json") + token_store.FILES  # token vectors for late interaction: see token_store


@contextlib.contextmanager
def build_lock(index_dir: Path):
    """Exclusive lock for writers; a second build waits, then finds the index fresh and does nothing."""
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        handle = open(index_dir / ".lock", "a+")
    except OSError as exc:
        raise IndexNotFoundError(f"cannot use {index_dir} as the index folder ({exc.strerror}): "
                                 "give a folder qa can write with --index or QA_INDEX") from None
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def current_dir(index_dir: Path) -> Path | None:
    pointer = index_dir / "CURRENT"
    try:
        name = pointer.read_text(encoding="utf-8").strip()
    except (FileNotFoundError, NotADirectoryError):
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise IndexCorruptError(f"{pointer} cannot be read ({exc})") from None
    if not name.startswith("v-") or "/" in name:
        raise IndexCorruptError(f"{pointer} does not name a build (found {name[:40]!r})")
    return index_dir / name


def write_build(index_dir: Path, manifest: dict, passages: list[Passage], sentences: np.ndarray,
                passage_index, sentence_index, bm25, cards: list[ReportCard], tokens) -> Path:
    """Write every file into a fresh folder, checksum it, rename it into place and point CURRENT at it."""
    import faiss

    index_dir.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=index_dir))
    try:
        with open(tmp / "passages.jsonl", "w", encoding="utf-8") as f:
            for p in passages:
                f.write(json.dumps(dataclasses.asdict(p), ensure_ascii=False) + "\n")
        np.save(tmp / "sentences.npy", sentences.astype(np.int64), allow_pickle=False)
        faiss.write_index(passage_index, str(tmp / "passages.faiss"))
        faiss.write_index(sentence_index, str(tmp / "sentences.faiss"))
        np.savez(tmp / "bm25.npz", **bm25.to_arrays())
        (tmp / "bm25.params.json").write_text(json.dumps(bm25.params(), sort_keys=True), encoding="utf-8")
        (tmp / "reports.json").write_text(
            json.dumps([dataclasses.asdict(c) for c in cards], ensure_ascii=False), encoding="utf-8")
        token_store.write(tmp, tokens)
        manifest = dict(manifest, files={n: {"sha256": sha256_file(tmp / n), "bytes": (tmp / n).stat().st_size}
                                         for n in FILES})
        body = json.dumps(manifest, indent=2, sort_keys=True)
        (tmp / "manifest.json").write_text(body, encoding="utf-8")
        for name in (*FILES, "manifest.json"):
            with open(tmp / name, "rb") as f:
                os.fsync(f.fileno())
        digest = hashlib.sha256(body.encode()).hexdigest()[:12]
        final, n = index_dir / f"v-{digest}", 1
        while final.exists():  # the same build again within a second: never replace a folder readers may be in
            final, n = index_dir / f"v-{digest}-{n}", n + 1
        os.rename(tmp, final)
        try:
            replaced = current_dir(index_dir)
        except IndexCorruptError:
            replaced = None
        pointer_tmp = index_dir / f".CURRENT.{os.getpid()}"
        pointer_tmp.write_text(final.name + "\n", encoding="utf-8")
        os.replace(pointer_tmp, index_dir / "CURRENT")
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    # Keep the build just replaced: a reader that read CURRENT a moment ago may still be loading it. Older
    # builds, and temporary folders of builds that were killed, go (the caller holds the build lock).
    for old in (*index_dir.glob("v-*"), *index_dir.glob(".tmp-*")):
        if old not in (final, replaced):
            shutil.rmtree(old, ignore_errors=True)
    return final


def read_manifest(build: Path) -> dict:
    path = build / "manifest.json"
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise IndexCorruptError(f"{path} is missing") from None
    except (OSError, ValueError) as exc:
        raise IndexCorruptError(f"{path} is not valid JSON ({type(exc).__name__})") from None
    if not isinstance(manifest, dict) or manifest.get("format_version") != FORMAT_VERSION:
        raise IndexCorruptError(f"{path} has format {manifest.get('format_version') if isinstance(manifest, dict) else '?'}, "
                                f"this qa reads format {FORMAT_VERSION}")
    if not _well_formed(manifest):
        raise IndexCorruptError(f"{path} is not a qa manifest (a field is missing or has the wrong type)")
    return manifest


def _well_formed(m: dict) -> bool:
    """The fields later code reads, of the types it expects: a hand-edited manifest is damage, not a crash."""
    model, files, counts, key = (m.get(k) for k in ("model", "files", "counts", "content_key"))
    corpus = key.get("corpus") if isinstance(key, dict) else None
    return (isinstance(model, dict) and isinstance(model.get("id"), str) and type(model.get("dimension")) is int
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
        if sha256_file(path) != meta.get("sha256"):
            raise IndexCorruptError(f"{path} does not match its checksum (edited or damaged)")


def read_build(build: Path, manifest: dict):
    """(passages, sentences, passage faiss index, sentence faiss index, BM25 index, report cards, token store)."""
    import faiss

    verify(build, manifest)
    try:
        with open(build / "passages.jsonl", encoding="utf-8") as f:
            passages = [_passage(json.loads(line)) for line in f]
        sentences = np.load(build / "sentences.npy", allow_pickle=False)
        pindex = faiss.read_index(str(build / "passages.faiss"))
        sindex = faiss.read_index(str(build / "sentences.faiss"))
        with np.load(build / "bm25.npz", allow_pickle=False) as saved:
            arrays = {name: saved[name] for name in saved.files}
        bm25 = BM25Index.from_arrays(arrays, json.loads((build / "bm25.params.json").read_text(encoding="utf-8")))
        cards = [_card(c) for c in json.loads((build / "reports.json").read_text(encoding="utf-8"))]
    except (OSError, ValueError, KeyError, TypeError, RuntimeError) as exc:
        raise IndexCorruptError(f"{build} cannot be read ({type(exc).__name__}: {str(exc)[:80]})") from None
    dim = manifest["model"]["dimension"]
    if pindex.d != dim or sindex.d != dim:
        raise IndexCorruptError(f"{build}: vectors have dimension {pindex.d}, the manifest's model has {dim}")
    if pindex.ntotal != len(passages) or sindex.ntotal != len(sentences) or len(passages) != manifest["counts"]["passages"]:
        raise IndexCorruptError(f"{build}: passage and vector counts disagree")
    return passages, sentences, pindex, sindex, bm25, cards, token_store.read(build, len(passages))


def require_current(index_dir: Path) -> tuple[Path, dict]:
    build = current_dir(index_dir)
    if build is None:
        raise IndexNotFoundError(f"no qa index in {index_dir}: build one with `qa index`")
    if not build.is_dir():
        raise IndexCorruptError(f"{index_dir / 'CURRENT'} names {build.name}, which is missing")
    return build, read_manifest(build)


def _passage(d: dict) -> Passage:
    return Passage(d["id"], d["report"], d["source"], tuple(d["section"]), d["start"], d["end"], d["text"])


def _span(d: dict | None) -> Span | None:
    return Span(d["start"], d["end"], d["text"]) if d else None


def _score(d: dict) -> StatementScore:
    return StatementScore(d["theme"], d["statement"], d["score"], d["label"], _span(d["span"]))


def _card(d: dict) -> ReportCard:
    return ReportCard(
        d["id"], d["source"], d["title"], d["council"], d["published"], _span(d["rating"]),
        tuple(_score(s) for s in d["scores"]), tuple(_score(s) for s in d["summary_scores"]),
        _span(d.get("published_at")),
    )
