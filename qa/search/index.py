"""The index on disk -> the in-memory ``Index`` that retrieval reads: passages, vectors, BM25, report cards."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from qa.errors import IndexCorruptError
from qa.search import store
from qa.types import Passage, ReportCard


class Index:
    """A loaded build: passages, sentence spans, both FAISS indexes, BM25, the report cards, source texts and
    token vectors."""

    def __init__(self, manifest, passages, sentences, pindex, sindex, bm25, cards, texts, tokens) -> None:
        self.manifest = manifest
        self.passages: list[Passage] = passages
        self.sentences: np.ndarray = sentences  # rows: passage number, start, end
        self.passage_faiss = pindex
        self.sentence_faiss = sindex
        self.bm25 = bm25
        self.tokens = tokens  # token_store.TokenStore: passages' token vectors for late interaction
        self.abbreviations: dict[str, str] = manifest.get("abbreviations", {})
        self.cards: dict[str, ReportCard] = {c.id: c for c in cards}
        self.texts: dict[str, str] = texts  # each source's text as read: what passage offsets point into
        self.report_ranges: dict[str, tuple[int, int]] = {}
        for i, p in enumerate(passages):
            a, _ = self.report_ranges.get(p.report, (i, i))
            self.report_ranges[p.report] = (a, i + 1)
        self._starts = np.array([p.start for p in passages], dtype=np.int64)
        for report in self.cards:  # a report of headings only has a card but no passages: an empty range
            self.report_ranges.setdefault(report, (len(passages), len(passages)))
        self.sentence_start = np.searchsorted(sentences[:, 0], np.arange(len(passages) + 1)) if len(sentences) else \
            np.zeros(len(passages) + 1, dtype=np.int64)

    def passage_at(self, report: str, offset: int, source: str | None = None) -> int | None:
        """The number of the passage of ``report`` that holds ``offset`` (passages are in file order).

        ``source`` names the page file when a report is a folder of pages: offsets restart in each file."""
        a, b = self.report_ranges[report]
        if source is not None:
            return next((n for n in range(a, b) if self.passages[n].source == source
                         and self.passages[n].start <= offset < self.passages[n].end), None)
        n = a + int(np.searchsorted(self._starts[a:b], offset, side="right")) - 1
        if a <= n < b and self.passages[n].start <= offset < self.passages[n].end:
            return n
        return None

    @property
    def model_id(self) -> str:
        return self.manifest["model"]["id"]


def _vectors_of(index: Index) -> np.ndarray:
    """Every stored vector of a loaded index, passages then sentences (what its vector segment holds)."""
    return np.concatenate([index.passage_faiss.reconstruct_n(0, index.passage_faiss.ntotal),
                           index.sentence_faiss.reconstruct_n(0, index.sentence_faiss.ntotal)])


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
