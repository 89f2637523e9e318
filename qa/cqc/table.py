"""The comparison table: councils x statements, plus rating, percentage and publication date; every cell cited.

A cell keeps the spans its value rests on (a score line, the rating line, the publication line; every score
line for the computed percentage), so a table printed for a newspaper can be checked line by line.

    >>> table = comparison(cards, statements=("Safeguarding",), sort="safeguarding")  # doctest: +SKIP
    >>> [row.council for row in table.rows]  # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass

from qa.cqc import aggregate, framework
from qa.cqc.councils import CouncilNames, misspelt_council
from qa.cqc.score_answers import scores_of
from qa.cqc.score_questions import statements_named
from qa.errors import QuestionError
from qa.text import normalise
from qa.types import ReportCard, Span

FIXED = ("council", "rating", "percentage", "published")


@dataclass(frozen=True)
class Cell:
    value: str | int | float | None
    spans: tuple[Span, ...] = ()
    computed: bool = False  # the value is worked out from the cited spans, not stated by the report


@dataclass(frozen=True)
class Row:
    report: str
    source: str
    council: str
    cells: dict[str, Cell]


@dataclass(frozen=True)
class Comparison:
    columns: tuple[str, ...]
    rows: tuple[Row, ...]

    def records(self) -> list[dict[str, str | int | float | None]]:
        """One dict per council, column -> value, for a DataFrame or a CSV writer; each cell's spans (what the
        value rests on) stay in ``rows``."""
        return [{c: row.cells[c].value for c in self.columns} for row in self.rows]

    def __str__(self) -> str:
        """The table as tab-separated lines, headed by its columns (a blank for a value the report lacks)."""
        return "\n".join("\t".join("" if v is None else str(v) for v in line)
                         for line in [self.columns, *(r.values() for r in self.records())])


def comparison(cards: list[ReportCard], statements: tuple[str, ...] = (), councils: tuple[str, ...] = (),
               sort: str | None = None) -> Comparison:
    """The table for ``cards``: only the ``statements`` and ``councils`` named (as readers write them), sorted by
    the column ``sort`` (highest score or percentage and newest date first; names and ratings A-Z)."""
    chosen = _statements(statements) if statements else tuple(st.name for st in framework.STATEMENTS)
    kept = councils_named(cards, councils) if councils else sorted(cards, key=lambda c: (c.council or c.title))
    columns = ("council", "rating", *chosen, "percentage", "published")
    rows = tuple(_row(c, chosen) for c in kept)
    if sort:
        rows = _sorted(rows, _column(sort, columns))
    return Comparison(columns, rows)


def _row(card: ReportCard, statements: tuple[str, ...]) -> Row:
    by = {s.statement: s for s in scores_of(card)}
    cells = {"council": Cell(card.council or card.title),
             "rating": Cell(card.rating.text, (card.rating,)) if card.rating else Cell(None)}
    for name in statements:
        s = by.get(name)
        cells[name] = Cell(s.score, (s.span,)) if s else Cell(None)
    pct = aggregate.percentage(card)
    cells["percentage"] = Cell(round(pct.value, 1), pct.spans, computed=not pct.stated) if pct else Cell(None)
    cells["published"] = Cell(card.published, (card.published_at,) if card.published_at else ())
    return Row(card.id, card.source, card.council or card.title, cells)


def _statements(asked: tuple[str, ...]) -> tuple[str, ...]:
    out: list[str] = []
    for text in asked:
        found = statements_named(text)
        if not found:
            raise QuestionError(f"no quality statement called '{text}': use one of "
                                f"{', '.join(st.name for st in framework.STATEMENTS)}")
        out.extend(n for n in found if n not in out)
    return tuple(out)


def councils_named(cards: list[ReportCard], asked: tuple[str, ...]) -> list[ReportCard]:
    """The cards of the councils asked for, by name as readers write it or by report id; an unknown one is an error."""
    names = CouncilNames({c.id: c for c in cards})
    by_id = {c.id: c for c in cards}
    out: list[ReportCard] = []
    for text in asked:
        found = ((text, text),) if text in by_id else names.every(normalise(text), text)
        if not found:
            names_held = sorted(c.council or c.title for c in cards)
            near = misspelt_council(text.split()[0], names_held) if text.split() else None
            hint = f" (did you mean {near}?)" if near else ""
            raise QuestionError(f"no report for council '{text}' in the corpus{hint}: it holds "
                                f"{', '.join(names_held[:10])}"
                                + (f" and {len(names_held) - 10} more" if len(names_held) > 10 else ""))
        out.extend(by_id[rid] for rid, _ in found if by_id[rid] not in out)
    return out


def _column(sort: str, columns: tuple[str, ...]) -> str:
    norm = normalise(sort)
    for col in columns:
        if norm == normalise(col):
            return col
    named = [n for n in statements_named(sort) if n in columns]
    if named:
        return named[0]
    raise QuestionError(f"cannot sort by '{sort}': use one of {', '.join(columns)}")


def _sorted(rows: tuple[Row, ...], column: str) -> tuple[Row, ...]:
    if column in ("council", "rating"):
        return tuple(sorted(rows, key=lambda r: (r.cells[column].value is None, str(r.cells[column].value), r.council)))
    present = sorted((r for r in rows if r.cells[column].value is not None),
                     key=lambda r: (_neg(r.cells[column].value), r.council))  # ties A-Z by name
    return tuple(present + [r for r in rows if r.cells[column].value is None])


def _neg(value):
    """A sort key putting larger numbers and later ISO dates first."""
    if isinstance(value, str):
        return tuple(-ord(ch) for ch in value)
    return -value
