"""``Assistant``: the one object the CLI, the evaluation and users' scripts call.

    >>> from qa import Assistant
    >>> assistant = Assistant.open(corpus="corpus", index="index")
    >>> hits = assistant.retrieve("How many safeguarding referrals were there?", k=5)
    >>> answer = assistant.ask("What did the council score for safeguarding?")
    >>> print(answer.text)
    Safeguarding: 2 (Evidence shows some shortfalls) [1]

Opening checks the index against the corpus and the model and builds or refreshes it when needed, so a
caller never reads an index that does not match what is on disk.
"""

from __future__ import annotations

from pathlib import Path

from qa.ingest.corpus import corpus_state
from qa.search import index as index_mod
from qa.search import store
from qa.answer.answerer import Answerer
from qa.config import Fusion, Settings
from qa.search.embed import SentenceTransformerEmbedder
from qa.errors import IndexCorruptError, IndexNotFoundError, QAError
from qa.search.index import BuildSummary, Progress
from qa.search.retrieve import Retriever
from qa.types import Answer, Hit, ReportCard


class Assistant:
    def __init__(self, settings: Settings, index: index_mod.Index, embedder, summary: BuildSummary) -> None:
        self.settings = settings
        self.index = index
        self.embedder = embedder
        self.summary = summary  # what opening did: built, rebuilt (and why) or found it up to date
        self.retriever = Retriever(index, embedder, settings.fusion)
        self.answerer = Answerer(self.retriever)

    @classmethod
    def open(cls, corpus: str | Path | None = None, index: str | Path | None = None, model: str | None = None,
             build: bool = True, progress: Progress | None = None, fusion: Fusion | None = None) -> "Assistant":
        """Load the index for ``corpus``; build it, or rebuild it if stale or damaged, unless ``build=False``."""
        settings = Settings.from_env(corpus, index, model)
        if fusion is not None:
            settings = Settings(settings.corpus, settings.index, settings.model, settings.chunking, fusion)
        embedder = SentenceTransformerEmbedder(settings.model)
        loaded, summary = refresh(settings, embedder, build=build, progress=progress)
        return cls(settings, loaded, embedder, summary)

    def retrieve(self, question: str, k: int = 10, mode: str = "hybrid", report: str | None = None) -> list[Hit]:
        """The k passages that best answer the question, best first."""
        return list(self.retriever.search(question, k=k, mode=mode, report=report).hits)

    def ask(self, question: str, k: int = 5, report: str | None = None, mode: str = "hybrid") -> Answer:
        """An answer with numbered citations, or an abstention that still shows the nearest passages."""
        return self.answerer.ask(question, k=k, report=report, mode=mode)

    def reports(self) -> list[ReportCard]:
        return list(self.index.cards.values())

    def report(self, report_id: str) -> ReportCard:
        try:
            return self.index.cards[report_id]
        except KeyError:
            raise QAError(f"no report '{report_id}' in the index: known reports are "
                          f"{', '.join(sorted(self.index.cards))}") from None


def refresh(settings: Settings, embedder, build: bool = True, force: bool = False,
            progress: Progress | None = None) -> tuple[index_mod.Index, BuildSummary]:
    """Load the index if it matches the corpus and model; otherwise (re)build it under the build lock."""
    import time

    t0 = time.perf_counter()
    key = index_mod.content_key(settings, embedder.model_id, corpus_state(settings.corpus))
    loaded, reason = _try_load(settings.index, key)
    if loaded is not None and not force:
        n = loaded.manifest["counts"]
        return loaded, BuildSummary(n["reports"], n["passages"], n["sentences"], 0, 0,
                                    time.perf_counter() - t0, False, "up to date")
    if not build:
        raise IndexNotFoundError(f"the index in {settings.index} cannot be used ({reason}): run `qa index`")
    with store.build_lock(settings.index):
        again, reason2 = _try_load(settings.index, key)  # another process may have just built it
        if again is not None and not force:
            n = again.manifest["counts"]
            return again, BuildSummary(n["reports"], n["passages"], n["sentences"], 0, 0,
                                       time.perf_counter() - t0, False, "up to date")
        previous = again or _load_any(settings.index)
        summary = index_mod.build(settings, embedder, progress, previous=previous, key=key,
                                  reason="forced" if force else (reason2 or reason))
    return index_mod.load(settings.index), summary


def _try_load(index_dir: Path, key: dict) -> tuple[index_mod.Index | None, str]:
    """(index, "") when usable as it is; (None, why not) otherwise. Damage is a reason to rebuild, not to crash."""
    try:
        build_dir, manifest = store.require_current(index_dir)
    except IndexNotFoundError:
        return None, "no index yet"
    except IndexCorruptError as exc:
        return None, f"damaged: {exc}"
    reason = index_mod.stale_reason(manifest, key)
    if reason:
        return None, reason
    try:
        return index_mod.load(index_dir), ""
    except IndexCorruptError as exc:
        return None, f"damaged: {exc}"


def _load_any(index_dir: Path) -> index_mod.Index | None:
    """The previous build even if stale, for reusing its vectors; None if it is missing or damaged."""
    try:
        return index_mod.load(index_dir)
    except QAError:
        return None
