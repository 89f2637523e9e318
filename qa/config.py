"""One place for every setting: defaults, environment overrides, and what gets written into the manifest.

Settings that change what is indexed (model, chunking, embedding text) are part of the manifest, so changing
one makes the index stale and it is rebuilt. Retrieval settings only change ranking and are not.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .chunk import ChunkSettings

DEFAULT_MODEL = "all-MiniLM-L6-v2"
ENV_CORPUS, ENV_INDEX, ENV_MODEL = "QA_CORPUS", "QA_INDEX", "QA_MODEL"


@dataclass(frozen=True)
class Fusion:
    """Weighted reciprocal rank fusion: ``score = sum(weight / (k + rank))`` with ranks counted from 1.

    Three ranked lists are fused: BM25 over passages, cosine over whole passages, and cosine over single
    sentences (a passage ranks by its best sentence). Tuned on the main evaluation set and checked on the
    held-out one; see the README for the figures.
    """

    k: int = 5
    bm25: float = 0.5
    passage_dense: float = 0.5
    sentence_dense: float = 1.0
    scores: float = 3.0  # the passages stating the scores a question asks about
    depth: int = 100  # how far down each list is read

    def as_dict(self) -> dict:
        return dict(k=self.k, bm25=self.bm25, passage_dense=self.passage_dense,
                    sentence_dense=self.sentence_dense, scores=self.scores, depth=self.depth)


@dataclass(frozen=True)
class Settings:
    corpus: Path = Path("corpus")
    index: Path = Path("index")
    model: str = DEFAULT_MODEL
    chunking: ChunkSettings = field(default_factory=ChunkSettings)
    fusion: Fusion = field(default_factory=Fusion)

    @classmethod
    def from_env(cls, corpus=None, index=None, model=None) -> "Settings":
        """Explicit arguments win, then QA_CORPUS / QA_INDEX / QA_MODEL, then the defaults."""
        return cls(
            corpus=Path(corpus or os.environ.get(ENV_CORPUS) or "corpus"),
            index=Path(index or os.environ.get(ENV_INDEX) or "index"),
            model=str(model or os.environ.get(ENV_MODEL) or DEFAULT_MODEL),
        )
