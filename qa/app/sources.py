"""The texts the index read (a file's text, a page's or a PDF's extracted text), to turn offsets into lines and pages.

Kept apart from the renderers so that the JSON payloads, which also give line numbers, need no terminal library.
"""

from __future__ import annotations

from qa.types import Span


class Sources:
    """Line numbers and page labels for citations, from the texts the citations index into."""

    def __init__(self, texts: dict[str, str], cards=()) -> None:
        """``cards``: the reports' cards, whose PDF pages let a span found by offset alone name its page."""
        self._texts = texts
        self._cards = {p.source: card for card in cards for p in card.pages if p.number is not None}

    @classmethod
    def of(cls, assistant) -> "Sources":
        return cls(assistant.index.texts, assistant.index.cards.values())

    def page(self, source: str, offset: int) -> int | None:
        """The PDF page an offset of ``source`` is on, or None for a file without pages."""
        card = self._cards.get(source)
        return None if card is None else card.page_of(Span(offset, offset + 1, "", source))

    def text(self, source: str) -> str | None:
        return self._texts.get(source)

    def line(self, source: str, offset: int) -> int | None:
        text = self.text(source)
        return None if text is None else text.count("\n", 0, offset) + 1

    def where(self, source: str, start: int, end: int, page: int | None = None) -> str:
        """``file.md:12``, ``file.md:12-14``, or ``report.pdf p. 7`` for a PDF's span."""
        page = page if page is not None else self.page(source, start)
        if page is not None:
            return f"{source} p. {page}"
        a, b = self.line(source, start), self.line(source, max(start, end - 1))
        if a is None:
            return f"{source}@{start}"
        return f"{source}:{a}" if a == b else f"{source}:{a}-{b}"
