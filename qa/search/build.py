"""Corpus -> a build on disk: parse and chunk every report, embed passages and sentences, write through ``store``.

Each passage is embedded prefixed by where it sits in the report, and each sentence by its section. Vectors are
reused from the previous build for any text whose embedding input is unchanged under the same model, so editing
one report re-embeds only it.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np

from qa import __version__
from qa.config import Settings
from qa.errors import CorpusError
from qa.ingest.abbreviations import mine_abbreviations
from qa.ingest.chunk import chunk
from qa.ingest.corpus import corpus_files, corpus_state
from qa.ingest.report import parse_file
from qa.search import store, token_store
from qa.search.bm25 import BM25Index
from qa.search.embed import Embedder
from qa.search.index import Index
from qa.search.keys import content_key
from qa.text import sentences as sentence_spans
from qa.tokens import tokenize
from qa.types import Passage, ReportCard

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
    tokens, known = token_store.embed(inputs[: len(passages)], embedder, _previous_tokens(previous, embedder),
                                      settings.late.dimension, progress)  # passage vectors come with their tokens
    vectors, reused = _embed(inputs, embedder, previous, progress, known)
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
        "abbreviations": abbreviations, "late": {**settings.late.as_dict(), "tokens": len(tokens.codes)},
    }
    store.write_build(settings.index, manifest, passages, np.array(sent_rows, dtype=np.int64).reshape(-1, 3),
                      pindex, sindex, bm25,
                      [ReportCard.of(r) for r in reports], tokens)
    return BuildSummary(len(reports), len(passages), len(sent_rows), len(inputs) - reused, reused,
                        time.perf_counter() - t0, True, reason)


def _embed(inputs: list[str], embedder: Embedder, previous: Index | None, progress,
           known: dict[str, np.ndarray]) -> tuple[np.ndarray, int]:
    cache = {**_previous_vectors(previous, embedder.model_id), **known}
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
    return out, len(inputs) - len(todo) - len(known)


def _previous_tokens(previous: Index | None, embedder: Embedder):
    if previous is None or previous.model_id != embedder.model_id:
        return None
    return previous.tokens, [passage_input(p) for p in previous.passages]


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
