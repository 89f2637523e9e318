"""One place for every setting: defaults, environment overrides, and what gets written into the manifest.

Settings that change what is indexed (model, chunking, embedding text) are part of the manifest, so changing
one makes the index stale and it is rebuilt. Retrieval settings only change ranking and are not.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from qa.errors import QAError

DEFAULT_MODEL = "all-MiniLM-L6-v2"
MODES = ("hybrid", "bm25", "dense", "late")  # retrieval: BM25 + vectors fused, or one signal alone (late: MaxSim)
ENV_CORPUS, ENV_INDEX, ENV_MODEL, ENV_MAX_MB = "QA_CORPUS", "QA_INDEX", "QA_MODEL", "QA_MAX_REPORT_MB"
ENV_LATE = "QA_LATE"  # share of late interaction in the ranking (Fusion.late), 0 to 1
DEFAULT_MAX_REPORT_MB = 20.0  # a report is a few MB even as a PDF; far bigger is a wrong file, not a report
MAX_TEXTS_ENV = "QA_MAX_TEXTS"
# Passages and sentences one build may embed and hold: one report is about 4,000, a hundred about 400,000;
# the limit stops a runaway corpus (a folder of logs) from embedding for hours. Raise it with --max-texts.
MAX_TEXTS = 1_000_000


@dataclass(frozen=True)
class ChunkSettings:
    """``max_words`` keeps passage + section path inside all-MiniLM-L6-v2's 256 word pieces (about 1.3 a word)."""

    max_words: int = 150
    min_words: int = 25

    def as_dict(self) -> dict:
        return {"max_words": self.max_words, "min_words": self.min_words}


@dataclass(frozen=True)
class LateSettings:
    """How passages' token vectors are stored for late interaction: ``dimension`` 0 keeps the model's full size,
    otherwise they are reduced by PCA fitted at build time (docs/late-interaction.md measures both)."""

    dimension: int = 128  # the same quality as full size on every set, a third of the disk (docs/late-interaction.md)

    def as_dict(self) -> dict:
        return {"dimension": self.dimension}


@dataclass(frozen=True)
class Fusion:
    """How the three signals (BM25 over passages, cosine over whole passages, cosine of a passage's best
    sentence) become one ranking.

    ``convex`` (default): each signal is min-max scaled over its ``depth`` best passages (anything lower counts
    0), then ``score = bm25 * s_bm25 + passage_dense * s_passage + sentence_dense * s_sentence``. ``rrf``:
    ``score = sum(weight / (k + rank))`` over each signal's ``depth`` best, ranks counted from 1, with the
    ``rrf_*`` weights. Convex scores keep how far ahead a passage is, which ranks throw away; it measured better
    on all three question sets (README). Passages a score answer cites get ``scores / rank`` on top, either way.
    """

    method: str = "convex"
    bm25: float = 0.2
    passage_dense: float = 0.4
    sentence_dense: float = 0.4
    k: int = 5  # rrf only
    rrf_bm25: float = 0.5
    rrf_passage_dense: float = 0.5
    rrf_sentence_dense: float = 1.0
    scores: float = 2.0  # the passages stating the scores a question asks about
    depth: int = 100  # how far down each signal is read
    # share of MaxSim (qa.search.late) in the convex score; the other weights are x (1 - late). 0.85 was chosen on
    # derby; on the unseen eval/fresh.jsonl it raised MRR@10 0.773 -> 0.831 (docs/late-interaction.md). --late /
    # QA_LATE set it (0 turns it off)
    late: float = 0.85
    late_depth: int = 50  # MaxSim rescores this many of the fused ranking's best (all of a smaller scope)
    # share of a passage's MaxSim taken from its best sentence alone (qa.search.late.maxsim): 0.4 and 0.5 tied on
    # seven pooled sets (MRR@10 0.8734 -> 0.8847), 0.4 the nearer to none; everyday 0.719 -> 0.751, read after
    # (docs/late-interaction.md)
    late_sentence: float = 0.4

    def weights(self) -> tuple[float, float, float]:
        if self.method == "rrf":
            return self.rrf_bm25, self.rrf_passage_dense, self.rrf_sentence_dense
        return self.bm25, self.passage_dense, self.sentence_dense

    def as_dict(self) -> dict:
        return dict(method=self.method, bm25=self.bm25, passage_dense=self.passage_dense,
                    sentence_dense=self.sentence_dense, k=self.k, rrf_bm25=self.rrf_bm25,
                    rrf_passage_dense=self.rrf_passage_dense, rrf_sentence_dense=self.rrf_sentence_dense,
                    scores=self.scores, depth=self.depth, late=self.late, late_depth=self.late_depth)


@dataclass(frozen=True)
class Settings:
    corpus: Path = Path("corpus")
    index: Path = Path("index")
    model: str = DEFAULT_MODEL
    chunking: ChunkSettings = field(default_factory=ChunkSettings)
    fusion: Fusion = field(default_factory=Fusion)
    max_report_mb: float = DEFAULT_MAX_REPORT_MB  # larger files are listed as skipped, not read
    max_texts: int = MAX_TEXTS  # passages + sentences per build
    late: LateSettings = field(default_factory=LateSettings)

    @classmethod
    def from_env(cls, corpus=None, index=None, model=None, max_report_mb=None, max_texts=None,
                 late=None) -> "Settings":
        """Explicit arguments win, then QA_CORPUS / QA_INDEX / QA_MODEL / QA_MAX_REPORT_MB / QA_MAX_TEXTS /
        QA_LATE, then the defaults."""
        raw = max_report_mb if max_report_mb is not None else os.environ.get(ENV_MAX_MB) or DEFAULT_MAX_REPORT_MB
        try:
            limit = float(raw)
        except ValueError:
            raise QAError(f"{ENV_MAX_MB}={raw!r} is not a number of megabytes, e.g. 20") from None
        if limit <= 0:
            raise QAError(f"the report size limit must be above 0 MB (got {raw})")
        return cls(
            corpus=Path(corpus or os.environ.get(ENV_CORPUS) or "corpus"),
            index=Path(index or os.environ.get(ENV_INDEX) or "index"),
            model=str(model or os.environ.get(ENV_MODEL) or DEFAULT_MODEL),
            max_report_mb=limit,
            max_texts=int(max_texts or _env_int(MAX_TEXTS_ENV) or MAX_TEXTS),
            fusion=Fusion(late=_late(late)),
        )


def _late(value) -> float:
    """The share of late interaction: the argument, else QA_LATE, else the default; between 0 and 1."""
    raw = value if value is not None else os.environ.get(ENV_LATE, "").strip() or Fusion.late
    try:
        late = float(raw)
    except ValueError:
        raise QAError(f"{ENV_LATE}={raw!r} is not a number: give the share of late interaction, e.g. 0.85") from None
    if not 0.0 <= late <= 1.0:
        raise QAError(f"the share of late interaction must be between 0 and 1 (got {raw})")
    return late


def _env_int(name: str) -> int | None:
    value = os.environ.get(name, "").strip().replace(",", "").replace("_", "")
    if not value:
        return None
    if not value.isdigit() or int(value) < 1:
        raise QAError(f"{name} must be a whole number of at least 1, got {os.environ[name]!r}")
    return int(value)
