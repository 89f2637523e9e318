"""Report text read on demand, as the index read it, to turn character offsets into line numbers.

Kept apart from the renderers so that the JSON payloads, which also give line numbers, need no terminal library.
"""

from __future__ import annotations

from pathlib import Path


class Sources:
    """Corpus files read on demand (as the index read them), to turn character offsets into line numbers."""

    def __init__(self, corpus: Path) -> None:
        self.corpus = Path(corpus)
        self._texts: dict[str, str | None] = {}

    def text(self, source: str) -> str | None:
        if source not in self._texts:
            try:
                self._texts[source] = (self.corpus / source).read_bytes().decode("utf-8")
            except (OSError, UnicodeDecodeError):
                self._texts[source] = None  # line numbers are a convenience; the offsets still stand
        return self._texts[source]

    def line(self, source: str, offset: int) -> int | None:
        text = self.text(source)
        return None if text is None else text.count("\n", 0, offset) + 1

    def where(self, source: str, start: int, end: int) -> str:
        """``file.md:12`` or ``file.md:12-14`` for a span."""
        a, b = self.line(source, start), self.line(source, max(start, end - 1))
        if a is None:
            return f"{source}@{start}"
        return f"{source}:{a}" if a == b else f"{source}:{a}-{b}"
