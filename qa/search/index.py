"""Corpus -> index on disk, and index on disk -> the in-memory ``Index`` that retrieval reads.

A build parses and chunks every report, embeds each passage (prefixed by where it sits in the report) and each
sentence, and writes FAISS and BM25 indexes through ``store``. Vectors are reused from the previous build for
any text whose embedding input is unchanged under the same model, so editing one report re-embeds only it.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np

from qa import __version__

from qa.search import store
from qa.ingest.chunk import chunk
from qa.config import Settings
from qa.search.embed import Embedder
from qa.errors import CorpusError, IndexCorruptError
from qa.ingest.abbreviations import mine_abbreviations
from qa.search.lexical import TOKENIZER, BM25Index, tokenize
from qa.ingest.corpus import corpus_files, corpus_state
from qa.ingest.report import parse_file
from qa.text import sentences as sentence_spans
from qa.types import Passage, ReportCard

EMBED_FORMAT = "path[-2:] › ': ' text; sentence: path[-1] ': ' sentence"
Progress = Callable[[str, int, int], None]  # (stage, done, total)


@dataclass(frozen=True)
class BuildSummary:
    reports: int
    passages: int
    sentences: int
    embedded: int  # texts embedded by the model in this build
    reused: int  # texts whose vectors came from the previous build
    seconds: float
    built: bool  # False when the index was already fresh
    reason: str  # why it was (re)built, or "up to date"


class Index:
    """A loaded build: passages, sentence spans, both FAISS indexes, BM25 and the report cards."""

    def __init__(self, manifest, passages, sentences, pindex, sindex, bm25_arrays, cards) -> None:
        self.manifest = manifest
        self.passages: list[Passage] = passages
        self.sentences: np.ndarray = sentences  # rows: passage number, start, end
        self.passage_faiss = pindex
        self.sentence_faiss = sindex
        self.bm25 = BM25Index.from_arrays(bm25_arrays)
        self.abbreviations: dict[str, str] = manifest.get("abbreviations", {})
        self.cards: dict[str, ReportCard] = {c.id: c for c in cards}
        self.report_ranges: dict[str, tuple[int, int]] = {}
        for i, p in enumerate(passages):
            a, _ = self.report_ranges.get(p.report, (i, i))
            self.report_ranges[p.report] = (a, i + 1)
        self.sentence_start = np.searchsorted(sentences[:, 0], np.arange(len(passages) + 1)) if len(sentences) else \
            np.zeros(len(passages) + 1, dtype=np.int64)

    @property
    def model_id(self) -> str:
        return self.manifest["model"]["id"]


def content_key(settings: Settings, model_id: str, state: list[dict]) -> dict:
    """Everything that determines what an index holds; any difference makes an index stale."""
    return {"format_version": store.FORMAT_VERSION, "model_id": model_id, "chunking": settings.chunking.as_dict(),
            "embed_format": EMBED_FORMAT, "tokenizer": TOKENIZER, "corpus": state}


def stale_reason(manifest: dict, key: dict) -> str | None:
    old = manifest.get("content_key", {})
    if old.get("model_id") != key["model_id"]:
        return f"model changed ({old.get('model_id')} -> {key['model_id']})"
    if old.get("chunking") != key["chunking"] or old.get("embed_format") != key["embed_format"]:
        return "chunking settings changed"
    if old.get("tokenizer") != key["tokenizer"]:
        return f"tokenizer changed ({old.get('tokenizer')} -> {key['tokenizer']})"
    before = {c["source"]: c["sha256"] for c in old.get("corpus", [])}
    now = {c["source"]: c["sha256"] for c in key["corpus"]}
    changed = sorted(s for s in now if before.get(s) != now[s]) + sorted(s for s in before if s not in now)
    return f"corpus changed ({', '.join(changed[:3])}{'…' if len(changed) > 3 else ''})" if changed else None


def passage_input(p: Passage) -> str:
    return f"{' › '.join(p.section[-2:])}: {p.text}"


def sentence_input(p: Passage, text: str) -> str:
    return f"{p.section[-1]}: {text}" if p.section else text


def build(settings: Settings, embedder: Embedder, progress: Progress | None = None,
          previous: Index | None = None, key: dict | None = None, reason: str = "no index yet") -> BuildSummary:
    """Build the index from the corpus and write it atomically (callers hold ``store.build_lock``)."""
    import faiss

    t0 = time.perf_counter()
    key = key or content_key(settings, embedder.model_id, corpus_state(settings.corpus))
    reports, passages = [], []
    files = corpus_files(settings.corpus)
    seen: dict[str, Path] = {}
    for i, path in enumerate(files):
        report = parse_file(path, source=str(path.relative_to(settings.corpus)))
        if report.id in seen:
            raise CorpusError(f"{path} and {seen[report.id]} would both be report '{report.id}': rename one")
        seen[report.id] = path
        reports.append(report)
        passages.extend(chunk(report, settings.chunking))
        if progress:
            progress("parse", i + 1, len(files))
    if not passages:
        raise CorpusError(f"the reports in {settings.corpus} hold no text to index (headings only?): "
                          "add the report's paragraphs")
    sent_rows, inputs = [], [passage_input(p) for p in passages]
    for n, p in enumerate(passages):
        for a, b in sentence_spans(p.text):
            sent_rows.append((n, p.start + a, p.start + b))
            inputs.append(sentence_input(p, p.text[a:b]))
    vectors, reused = _embed(inputs, embedder, previous, progress)
    dim = vectors.shape[1]
    pindex, sindex = faiss.IndexFlatIP(dim), faiss.IndexFlatIP(dim)
    pindex.add(vectors[: len(passages)])
    sindex.add(vectors[len(passages):])
    bm25 = BM25Index.build([tokenize(passage_input(p)) for p in passages])
    abbreviations: dict[str, str] = {}
    for r in reports:
        abbreviations.update(mine_abbreviations(r.text))
    manifest = {
        "format_version": store.FORMAT_VERSION, "qa_version": __version__,
        "model": {"id": embedder.model_id, "dimension": int(dim)},
        "chunking": settings.chunking.as_dict(), "content_key": key,
        "corpus": key["corpus"], "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "counts": {"reports": len(reports), "passages": len(passages), "sentences": len(sent_rows)},
        "abbreviations": abbreviations,
    }
    store.write_build(settings.index, manifest, passages, np.array(sent_rows, dtype=np.int64).reshape(-1, 3),
                      pindex, sindex, {"bm25": bm25.to_json()}, bm25.to_arrays(),
                      [ReportCard.of(r) for r in reports])
    return BuildSummary(len(reports), len(passages), len(sent_rows), len(inputs) - reused, reused,
                        time.perf_counter() - t0, True, reason)


def _embed(inputs: list[str], embedder: Embedder, previous: Index | None, progress) -> tuple[np.ndarray, int]:
    cache = _previous_vectors(previous, embedder.model_id)
    hashes = [hashlib.sha256(t.encode()).hexdigest() for t in inputs]
    todo = [i for i, h in enumerate(hashes) if h not in cache]
    dim = next(iter(cache.values())).shape[0] if cache else None
    fresh = None
    if todo:
        done = [0]

        def tick(n: int) -> None:
            done[0] += n
            if progress:
                progress("embed", done[0], len(todo))

        fresh = embedder.embed_documents([inputs[i] for i in todo], progress=tick)
        dim = fresh.shape[1]
    if dim is None:
        dim = embedder.dimension
    out = np.zeros((len(inputs), dim), dtype=np.float32)
    for i, h in enumerate(hashes):
        if h in cache:
            out[i] = cache[h]
    if todo:
        out[todo] = fresh
    return out, len(inputs) - len(todo)


def _previous_vectors(previous: Index | None, model_id: str) -> dict[str, np.ndarray]:
    if previous is None or previous.model_id != model_id:
        return {}
    pvecs = previous.passage_faiss.reconstruct_n(0, previous.passage_faiss.ntotal)
    svecs = previous.sentence_faiss.reconstruct_n(0, previous.sentence_faiss.ntotal)
    cache = {hashlib.sha256(passage_input(p).encode()).hexdigest(): pvecs[i] for i, p in enumerate(previous.passages)}
    for j, (n, a, b) in enumerate(previous.sentences):
        p = previous.passages[n]
        cache[hashlib.sha256(sentence_input(p, p.text[a - p.start : b - p.start]).encode()).hexdigest()] = svecs[j]
    return cache


def load(index_dir: Path) -> Index:
    """Load and verify the live build; raises IndexNotFoundError or IndexCorruptError.

    A build finishing in another process while we read may remove the folder we were reading: when CURRENT has
    moved on meanwhile, read the new build rather than report damage that is not there.
    """
    for _ in range(2):
        before = store.current_dir(index_dir)
        try:
            return _load_current(index_dir)
        except IndexCorruptError:
            if store.current_dir(index_dir) == before:
                raise
    return _load_current(index_dir)


def _load_current(index_dir: Path) -> Index:
    build_dir, manifest = store.require_current(index_dir)
    try:
        return Index(manifest, *store.read_build(build_dir, manifest))
    except (KeyError, TypeError, ValueError) as exc:
        raise IndexCorruptError(f"{build_dir} is inconsistent ({type(exc).__name__}: {str(exc)[:80]})") from None
