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
    source: str | None = None  # the page file it is in, when a report is a folder of pages; else the report's


@dataclass(frozen=True)
class Page:
    """One page of a report's extracted text: ``text[start:end]``, read from ``source``.

    A PDF's pages share one source and keep their offsets into the whole document (``number`` is 1-based); a
    folder's pages are each their own source, so a passage on one is re-based to that page's own text.
    """

    source: str
    start: int
    end: int
    number: int | None = None  # PDF page number; None for a web page or a markdown file


@dataclass(frozen=True)
class Percentage:
    """The overall percentage: as the report states it (``span``), or computed by CQC's rule when it does not.

    CQC weighs every assessed statement the same: ``total`` of the scores over ``maximum`` (4 x statements).
    """

    value: int
    stated: bool
    total: int
    maximum: int
    statements: int
    span: Span | None = None

    @property
    def shown(self) -> int | float:
        """The value as every output gives it: a stated one as the report states it, a computed one to one decimal
        (19 of 36 is 52.8, not the 53 ``value`` keeps)."""
        return self.value if self.stated else round(100 * self.total / self.maximum, 1)

    def describe(self) -> str:
        if self.stated:
            return f"{self.value}%"
        return f"{self.shown}%, computed from the {_COUNT.get(self.statements, str(self.statements))} scores: " \
               f"{self.total} of {self.maximum}"


_COUNT = {n: w for n, w in enumerate("zero one two three four five six seven eight nine ten".split())}


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
class Fact:
    """A national figure the report quotes: "28.95% of carers ... compared to the national average of 20.08%
    (2021/22 SACE)". ``measure`` is the phrase the figure is about, as written; ``span`` quotes the figure, its
    comparison and its source (``qa.cqc.facts`` reads them; ``qa.cqc.measures`` matches measures across reports).
    """

    measure: str
    value: float
    unit: str  # "percent", "count", "money" or "days"
    span: Span
    value_text: str = ""  # as written: "28.95%"
    comparison: float | None = None
    compared_to: str | None = None  # "England average", "national average", "regional average", ...
    comparison_text: str | None = None
    source: str | None = None  # "ASCOF", "ASCS", "SACE", "Skills for Care", ...
    period: str | None = None  # "2021/22"
    stated_relation: str | None = None  # "above" or "below" the average, in words, when no figure is given for it

    @property
    def relation(self) -> str | None:
        """"above", "below" or "level with" its comparison, or as the report says it without the average's figure
        ("76%, which was below the England average"); None without either."""
        if self.comparison is None:
            return self.stated_relation
        return "above" if self.value > self.comparison else "below" if self.value < self.comparison else "level with"


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
    percentage: Percentage | None = None
    warnings: tuple[str, ...] = ()  # scores that disagree with each other, a rating outside its band
    pages: tuple[Page, ...] = ()  # empty: one page, the report's own source, offsets as they are
    facts: tuple[Fact, ...] = ()  # the national figures it quotes

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
    page: int | None = None  # 1-based PDF page the passage is on; None for other files
    kind: str = "finding"  # "framework": CQC's standard text (qa.ingest.kinds), never evidence about a council


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
    percentage: Percentage | None = None
    warnings: tuple[str, ...] = ()
    pages: tuple[Page, ...] = ()  # a PDF's pages, so a score's citation can name its page
    facts: tuple[Fact, ...] = ()  # the national figures the report quotes, each with its span

    @classmethod
    def of(cls, report: Report) -> "ReportCard":
        pdf_pages = tuple(p for p in report.pages if p.number is not None)
        return cls(report.id, report.source, report.title, report.council, report.published, report.rating,
                   report.scores, report.summary_scores, report.published_at, report.percentage, report.warnings,
                   pdf_pages, report.facts)

    def page_of(self, span: Span) -> int | None:
        """The PDF page a span of this report is on, or None."""
        return next((p.number for p in self.pages if p.source == (span.source or self.source)
                     and p.start <= span.start < max(p.end, p.start + 1)), None)
