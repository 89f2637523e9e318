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

import dataclasses
from pathlib import Path

from qa.answer.answerer import Answerer
from qa.config import Fusion, Settings
from qa.errors import QAError
from qa.question import clean_question
from qa.search.build import BuildSummary, Progress
from qa.search.embed import SentenceTransformerEmbedder
from qa.search.index import Index
from qa.search.lifecycle import refresh
from qa.search.retrieve import Retriever
from qa.types import Answer, Hit, ReportCard


class Assistant:
    def __init__(self, settings: Settings, index: Index, embedder, summary: BuildSummary) -> None:
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
            settings = dataclasses.replace(settings, fusion=fusion)
        embedder = SentenceTransformerEmbedder(settings.model)
        loaded, summary = refresh(settings, embedder, build=build, progress=progress, wait=False)
        return cls(settings, loaded, embedder, summary)

    def retrieve(self, question: str, k: int = 10, mode: str = "hybrid", report: str | None = None) -> list[Hit]:
        """The k passages that best answer the question, best first (the question cleaned as ``clean_question``)."""
        question = clean_question(question)
        return list(self.retriever.search(question, k=k, mode=mode, report=report).hits)

    def ask(self, question: str, k: int = 5, report: str | None = None, mode: str = "hybrid") -> Answer:
        """An answer with numbered citations, or an abstention that still shows the nearest passages."""
        question = clean_question(question)
        return self.answerer.ask(question, k=k, report=report, mode=mode)

    def reports(self) -> list[ReportCard]:
        return list(self.index.cards.values())

    def report(self, report_id: str) -> ReportCard:
        try:
            return self.index.cards[report_id]
        except KeyError:
            raise QAError(f"no report '{report_id}' in the index: known reports are "
                          f"{', '.join(sorted(self.index.cards))}") from None
