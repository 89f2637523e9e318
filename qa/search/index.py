"""The index on disk -> the in-memory ``Index`` that retrieval reads: passages, vectors, BM25, report cards.

An ``Index`` opens cards-first: the manifest, the report cards and every file's size are checked on open; the
rest (passages, sentences, BM25, vectors, token vectors, texts) is read and verified on first use, from the
build that was opened (``opened``). ``load(..., lazy=False)`` reads and verifies everything at once, as a caller
that must know now whether the whole build is sound (a refresh deciding whether to rebuild) needs.

    >>> index = load(Path("index"), lazy=True)  # doctest: +SKIP
    >>> index.cards["derby-city-council"].rating.text  # the vectors are still unread  # doctest: +SKIP
    'Requires improvement'
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

from qa.errors import IndexCorruptError
from qa.search import opened, store
from qa.search.rows import PassageRows
from qa.types import ReportCard

_PARTS = ("passages", "sentences", "bm25", "vectors", "tokens", "texts")


class Index:
    """A build: its report cards at once; passages, sentence spans, the vectors, BM25, source texts and
    token vectors read on first use (one thread at a time; each file verified before it is used)."""

    def __init__(self, build: opened.OpenedBuild) -> None:
        self._build = build
        self._lock = threading.RLock()
        self._parts: dict[str, object] = {}
        self.manifest = build.manifest
        self.abbreviations: dict[str, str] = build.manifest.get("abbreviations", {})
        self.cards: dict[str, ReportCard] = {c.id: c for c in opened.cards(build)}

    def load_all(self) -> "Index":
        """Read and verify every part now; raises IndexCorruptError naming the first damaged file."""
        for name in _PARTS:
            self._part(name, wrap=False)
        return self

    def _part(self, name: str, wrap: bool = True):
        with self._lock:
            if name not in self._parts:
                try:
                    self._parts[name] = self._read(name)
                except IndexCorruptError as exc:
                    if not wrap:
                        raise
                    raise IndexCorruptError(f"the index in {self._build.folder.parent} cannot be used (damaged: "
                                            f"{exc}): run `qa index` to rebuild it") from None
            return self._parts[name]

    def _read(self, name: str):
        if name == "vectors":
            vectors, n = opened.vectors(self._build), self.manifest["counts"]["passages"]
            return vectors[:n], vectors[n:]
        if name == "faiss":
            import faiss  # only for a caller that asks for FAISS itself: retrieval multiplies the arrays

            dim = self.manifest["model"]["dimension"]
            pindex, sindex = faiss.IndexFlatIP(dim), faiss.IndexFlatIP(dim)
            pindex.add(self.passage_vectors)
            sindex.add(self.sentence_vectors)
            return pindex, sindex
        if name == "ranges":
            return _ranges(self.passages.reports, self.cards)
        if name == "sentence_start":
            rows, n = self.sentences, self.manifest["counts"]["passages"]
            return np.searchsorted(rows[:, 0], np.arange(n + 1)) if len(rows) else np.zeros(n + 1, dtype=np.int64)
        read = {"passages": opened.passages, "sentences": opened.sentences, "bm25": opened.bm25,
                "tokens": opened.tokens, "texts": opened.texts}[name]
        return read(self._build)

    @property
    def passages(self) -> PassageRows:
        """Every passage in file order (a ``Sequence``, each parsed on first use; equal to a list of them)."""
        return self._part("passages")

    @property
    def sentences(self) -> np.ndarray:
        """Rows of (passage number, start, end), one per sentence, passages in order."""
        return self._part("sentences")

    @property
    def bm25(self):
        return self._part("bm25")

    @property
    def passage_vectors(self) -> np.ndarray:
        """One unit vector per passage, in passage order (float32)."""
        return self._part("vectors")[0]

    @property
    def sentence_vectors(self) -> np.ndarray:
        """One unit vector per sentence, in the order of ``sentences``."""
        return self._part("vectors")[1]

    @property
    def passage_faiss(self):
        """The passage vectors in a FAISS ``IndexFlatIP``, built on first use (the same exact search)."""
        return self._part("faiss")[0]

    @property
    def sentence_faiss(self):
        return self._part("faiss")[1]

    @property
    def tokens(self):
        """token_store.TokenStore: passages' token vectors for late interaction."""
        return self._part("tokens")

    @property
    def texts(self) -> Mapping[str, str]:
        """Each source's text as read: what passage offsets point into."""
        return self._part("texts")

    @property
    def report_ranges(self) -> dict[str, tuple[int, int]]:
        """Each report's passage numbers [a, b); a report of headings only has an empty range."""
        return self._part("ranges")

    @property
    def sentence_start(self) -> np.ndarray:
        """Passage n's sentences are rows sentence_start[n]:sentence_start[n + 1] of ``sentences``."""
        return self._part("sentence_start")

    def passage_at(self, report: str, offset: int, source: str | None = None) -> int | None:
        """The number of the passage of ``report`` that holds ``offset`` (passages are in file order).

        ``source`` names the page file when a report is a folder of pages: offsets restart in each file."""
        a, b = self.report_ranges[report]
        rows = self.passages  # their offsets and sources, without parsing a passage
        if source is not None:
            return next((n for n in range(a, b) if rows.sources[n] == source
                         and rows.starts[n] <= offset < rows.ends[n]), None)
        n = a + int(np.searchsorted(rows.starts[a:b], offset, side="right")) - 1
        if a <= n < b and rows.starts[n] <= offset < rows.ends[n]:
            return n
        return None

    @property
    def model_id(self) -> str:
        return self.manifest["model"]["id"]


def _ranges(reports: Sequence[str], cards: dict[str, ReportCard]) -> dict[str, tuple[int, int]]:
    """Each report's passage numbers [a, b) (a report's passages are together, in file order)."""
    ranges: dict[str, tuple[int, int]] = {}
    for i, report in enumerate(reports):
        a, _ = ranges.get(report, (i, i))
        ranges[report] = (a, i + 1)
    for report in cards:
        ranges.setdefault(report, (len(reports), len(reports)))
    return ranges


def _vectors_of(index: Index) -> np.ndarray:
    """Every stored vector of a loaded index, passages then sentences (what its vector segment holds)."""
    return np.concatenate([index.passage_vectors, index.sentence_vectors])


def load(index_dir: Path, lazy: bool = False) -> Index:
    """Open the live build; raises IndexNotFoundError or IndexCorruptError. ``lazy``: check the manifest, the
    cards and every file's size now, the rest on first use; otherwise read and verify everything now.

    A build finishing in another process while we open may remove the folder we were opening: when CURRENT has
    moved on meanwhile, open the new build rather than report damage that is not there.
    """
    for _ in range(2):
        before = store.current_dir(index_dir)
        try:
            return _load_current(index_dir, lazy)
        except IndexCorruptError:
            if store.current_dir(index_dir) == before:
                raise
    return _load_current(index_dir, lazy)


def _load_current(index_dir: Path, lazy: bool) -> Index:
    build_dir, manifest = store.require_current(index_dir)
    try:
        index = Index(opened.OpenedBuild(build_dir, manifest))
        return index if lazy else index.load_all()
    except (KeyError, TypeError, ValueError) as exc:
        raise IndexCorruptError(f"{build_dir} is inconsistent ({type(exc).__name__}: {str(exc)[:80]})") from None
