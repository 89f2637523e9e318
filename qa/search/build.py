"""Corpus -> a build on disk: parse and chunk every report, embed passages and sentences, write through ``store``.

Each passage is embedded prefixed by where it sits in the report, and each sentence by its section. Vectors are
reused from the vector store (``vectors``) for any text whose embedding input is unchanged under the same model,
so editing one report re-embeds only it, and damage to a build's other files re-embeds nothing.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np

from qa import __version__
from qa.config import MAX_TEXTS_ENV, Settings
from qa.cqc.councils import twice_named
from qa.errors import CorpusError
from qa.ingest.abbreviations import mine_abbreviations
from qa.ingest.chunk import chunk
from qa.ingest.corpus import Skipped, corpus_state, scan
from qa.ingest.pages import texts as source_texts
from qa.search import store
from qa.search import token_store
from qa.search import vectors as vector_store
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
    skipped: tuple[Skipped, ...] = ()  # corpus files left out, each with the reason
    warnings: tuple[str, ...] = ()  # "<report>: <what disagrees>", from every report card
    refreshing: bool = False  # another process is rebuilding it; this is the previous complete index


def passage_input(p: Passage) -> str:
    return f"{passage_head(p)} {p.text}"


def passage_head(p: Passage) -> str:
    """The section path a passage is embedded after ("Safeguarding › Making safeguarding personal:")."""
    return f"{' › '.join(p.section[-2:])}:"


def sentence_input(p: Passage, text: str) -> str:
    return f"{p.section[-1]}: {text}" if p.section else text


def build(settings: Settings, embedder: Embedder, progress: Progress | None = None,
          key: dict | None = None, reason: str = "no index yet", previous: Index | None = None) -> BuildSummary:
    """Build the index from the corpus and write it atomically (callers hold ``store.build_lock``).

    ``previous`` (the last build, even if stale) lends its passages' token vectors; every other vector comes
    from the vector store."""
    t0 = time.perf_counter()
    key = key or content_key(settings, embedder.model_id, corpus_state(settings.corpus, settings.max_report_mb))
    from qa.ingest.document import read as read_document  # the readers of every format: only a build needs them

    reports, passages = [], []
    docs, skipped = scan(settings.corpus, settings.max_report_mb)
    seen: dict[str, str] = {}
    for i, doc in enumerate(docs):
        if doc.id in seen:
            raise CorpusError(f"{settings.corpus / doc.source} and {settings.corpus / seen[doc.id]} would both be "
                              f"report '{doc.id}': rename one")
        seen[doc.id] = doc.source
        report, unread = read_document(doc)
        skipped.extend(unread)
        if report is not None:
            reports.append(report)
            passages.extend(chunk(report, settings.chunking))
        if progress:
            progress("parse", i + 1, len(docs))
    if not reports:
        why = "; ".join(f"{s.source}: {s.reason}" for s in skipped[:5]) or "none found"
        raise CorpusError(f"corpus folder {settings.corpus} holds no report qa can read ({why})")
    if not passages:
        raise CorpusError(f"the reports in {settings.corpus} hold no text to index (headings only?): "
                          "add the report's paragraphs")
    sent_rows, inputs = [], [passage_input(p) for p in passages]
    for n, p in enumerate(passages):
        for a, b in sentence_spans(p.text):
            sent_rows.append((n, p.start + a, p.start + b))
            inputs.append(sentence_input(p, p.text[a:b]))
    if len(inputs) > settings.max_texts:
        raise CorpusError(f"the corpus holds {len(inputs):,} texts to embed (passages and sentences), more than "
                          f"the {settings.max_texts:,} a build may hold: raise the limit with --max-texts or "
                          f"{MAX_TEXTS_ENV}, or index fewer reports")
    hashes = [vector_store.text_hash(t) for t in inputs]
    tokens, known = token_store.embed(inputs[: len(passages)], [passage_head(p) for p in passages], embedder,
                                      _previous_tokens(previous, embedder), settings.late.dimension,
                                      progress)  # passage vectors come with their tokens
    known = {bytes.fromhex(h): v for h, v in known.items()}
    vectors, reused, fresh = _embed(inputs, hashes, embedder, settings.index, progress, known)
    dim = vectors.shape[1]
    bm25 = BM25Index.build([tokenize(passage_input(p)) for p in passages])
    abbreviations: dict[str, str] = {}
    for r in reports:
        abbreviations.update(mine_abbreviations(r.text))
    cards = [ReportCard.of(r) for r in reports]
    manifest = {
        "format_version": store.FORMAT_VERSION, "qa_version": __version__,
        "model": {"id": embedder.model_id, "dimension": int(dim)},
        "chunking": settings.chunking.as_dict(), "content_key": key,
        "corpus": key["corpus"], "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "counts": {"reports": len(reports), "passages": len(passages), "sentences": len(sent_rows)},
        "abbreviations": abbreviations, "late": {**settings.late.as_dict(), "tokens": len(tokens.codes),
                                                 "sentence_ends": sentence_ends(embedder)},
        "skipped": [{"source": s.source, "reason": s.reason} for s in sorted(skipped, key=lambda s: s.source)],
        "warnings": [f"{r.id}: {w}" for r in reports for w in r.warnings] + twice_named(cards),
    }
    texts = {source: text for r in reports for source, text in source_texts(r).items()}
    store.write_build(settings.index, manifest, passages, np.array(sent_rows, dtype=np.int64).reshape(-1, 3),
                      hashes, vectors, bm25, cards, texts, tokens)
    return BuildSummary(len(reports), len(passages), len(sent_rows), len(known) + fresh, reused,
                        time.perf_counter() - t0, True, reason, *noted(manifest))


def noted(manifest: dict) -> tuple[tuple[Skipped, ...], tuple[str, ...]]:
    """The skipped files and warnings a build recorded, for the summary of a build or of an index up to date."""
    skipped = tuple(Skipped(d["source"], d["reason"]) for d in manifest.get("skipped", ()))
    return skipped, tuple(manifest.get("warnings", ()))


def _embed(inputs: list[str], hashes: list[bytes], embedder: Embedder, index_dir: Path,
           progress, known: dict[bytes, np.ndarray]) -> tuple[np.ndarray, int, int]:
    """Every input's vector, and how many came from the vector store: a stored vector wins over the token pass's
    (``known``), so a rebuild gives the same bytes; inputs in neither are embedded now."""
    stored = vector_store.known(index_dir, embedder.model_id)
    cache = {**known, **stored}
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
    # (vectors, texts whose vector came from the store and not through the model, texts embedded here)
    return out, sum(1 for h in hashes if h in stored and h not in known), len(todo)


def sentence_ends(embedder: Embedder) -> list[int]:
    """The model's word pieces that end a sentence (".", "?", "!"), where late interaction cuts a passage's token
    rows into sentences; none when the tokenizer gives them no piece of their own (MaxSim is then per passage)."""
    return sorted({int(p[0]) for p in embedder.word_pieces([".", "?", "!"]) if len(p) == 1})


def _previous_tokens(previous: Index | None, embedder: Embedder):
    if previous is None or previous.model_id != embedder.model_id:
        return None
    return previous.tokens, [passage_input(p) for p in previous.passages]
