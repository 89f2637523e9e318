"""The records that pass between stages.

Every record is a frozen dataclass holding plain values, so a stage can be read, tested and serialised on its
own. Offsets are character offsets into the report's text as decoded from UTF-8 (Python ``str`` indices), so
``report.text[start:end]`` gives back exactly what a record quotes.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Span:
    """An exact, checkable stretch of a report's text: ``text == report.text[start:end]``."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Section:
    """One heading and the body it governs, placed in the report's normalised tree.

    ``path`` is the chain of headings from the top of the tree down to this one (the document title is the
    tree's root and is not repeated in every path). ``heading`` is the heading line's span; ``start``/``end``
    bound the body, which runs to the next heading that opens a section.
    """

    title: str
    path: tuple[str, ...]
    level: int
    kind: str  # "title", "theme", "statement", "part" (inside a statement or theme) or "section"
    heading: Span
    start: int
    end: int


@dataclass(frozen=True)
class StatementScore:
    """A quality statement's score, as the report states it (``span`` quotes the statement of the score)."""

    theme: str
    statement: str
    score: int
    label: str
    span: Span


@dataclass(frozen=True)
class Report:
    """A parsed report: its text, its section tree and, for a CQC assessment, its ratings and scores."""

    id: str
    source: str
    text: str
    title: str
    council: str | None
    published: str | None  # ISO date
    rating: Span | None  # overall rating as written ("Requires improvement")
    sections: tuple[Section, ...]
    scores: tuple[StatementScore, ...]  # from each statement's own section
    summary_scores: tuple[StatementScore, ...]  # from the scores summary near the top
    published_at: Span | None = None  # where the report states its publication date

    @property
    def is_assessment(self) -> bool:
        return bool(self.scores or self.summary_scores or self.rating)


@dataclass(frozen=True)
class Passage:
    """The unit we index and cite: a paragraph or a few short ones from one section.

    ``text == source_text[start:end]``, always. ``id`` derives from the content, so an unchanged passage keeps
    its id (and its cached embedding) across rebuilds. ``kind`` is "finding" (what the report found about the
    council) or "framework" (CQC's standard wording that every report repeats; ``qa.ingest.kinds``).
    """

    id: str
    report: str
    source: str
    section: tuple[str, ...]
    start: int
    end: int
    text: str
    kind: str = "finding"


@dataclass(frozen=True)
class Hit:
    """A retrieved passage and why: its fused score and rank, and its rank on each side (None if absent)."""

    passage: Passage
    score: float
    rank: int
    bm25_rank: int | None
    vector_rank: int | None


@dataclass(frozen=True)
class Citation:
    """A numbered, verbatim quote: ``quote == source_text[start:end]`` within ``passage``."""

    number: int
    passage: Passage
    start: int
    end: int
    quote: str


@dataclass(frozen=True)
class Answer:
    """What a reader gets back: the answer text, the citations it rests on, and the passages retrieved.

    ``kind`` says where the answer came from: "score" (looked up in the parsed scores), "passage" (quoted
    sentences) or "abstain" (the report doesn't say; ``hits`` are the nearest passages, for the reader to check).
    """

    question: str
    text: str
    kind: str
    citations: tuple[Citation, ...] = ()
    hits: tuple[Hit, ...] = ()
    report: str | None = None
    extras: dict = field(default_factory=dict, compare=False)

    @property
    def abstained(self) -> bool:
        return self.kind == "abstain"


@dataclass(frozen=True)
class ReportCard:
    """What the index keeps of a report besides its passages: enough to answer score questions and cite them."""

    id: str
    source: str
    title: str
    council: str | None
    published: str | None
    rating: Span | None
    scores: tuple[StatementScore, ...]
    summary_scores: tuple[StatementScore, ...]
    published_at: Span | None = None

    @classmethod
    def of(cls, report: Report) -> "ReportCard":
        return cls(report.id, report.source, report.title, report.council, report.published, report.rating,
                   report.scores, report.summary_scores, report.published_at)
