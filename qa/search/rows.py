"""JSON-lines files of a build read row by row: passages and source texts parsed only when they are used.

An answer from the report cards cites 35 or 150 passages of 29,700, and needs the text of those reports only:
parsing all of ``passages.jsonl`` (0.3 s at 150 reports) and ``texts.jsonl`` (0.08 s) was most of a one-shot
answer's time once the vectors were no longer read. What every passage must answer for at once (its id, report,
source and offsets, for ``Index.passage_at`` and the retriever) is read in one pass over the file's bytes from
the leading fields the writer puts first in every row (``store.write_build``: id, report, source, section,
start, end, then the text). A row that pass cannot read (a heading holding a quote, say: an escaped character)
is parsed in full instead, so the fast path never decides what a row says. The bytes were verified against
the manifest before they reach here.

    >>> rows = PassageRows(data, path)  # doctest: +SKIP
    >>> rows.reports[0], rows[0].text[:20]  # one row parsed  # doctest: +SKIP
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

import numpy as np

from qa.errors import IndexCorruptError
from qa.search import store
from qa.types import Passage

_STRING = rb'"([^"\\]*)"'  # a JSON string without escapes: its bytes are its UTF-8 text
_PASSAGE = re.compile(rb'\{"id": ' + _STRING + rb', "report": ' + _STRING + rb', "source": ' + _STRING +
                      rb', "section": \[(?:"[^"\\]*"(?:, )?)*\], "start": (\d+), "end": (\d+), ')
_TEXT = re.compile(rb'\{"source": ' + _STRING + rb', "text": ')


def _lines(data: bytes) -> np.ndarray:
    """Rows (start, end) of every row's bytes: a raw newline only ever ends a row (JSON escapes it in strings).
    Found with ``bytes.find`` (memchr): comparing the whole file as a numpy array allocated a byte per byte."""
    bounds, start, find = [], 0, data.find
    while start < len(data):
        end = find(b"\n", start)
        end = len(data) if end < 0 else end
        bounds.append((start, end))
        start = end + 1
    return np.array(bounds, dtype=np.int64).reshape(-1, 2)


class PassageRows(Sequence):
    """The passages of a build, each parsed on first use; ``ids``, ``reports``, ``sources``, ``starts`` and
    ``ends`` hold every passage's fields that finding a passage needs. Compares equal to the list it stands for."""

    def __init__(self, data: bytes, path: Path) -> None:
        self._data, self._path = data, path
        self._bounds = _lines(data)
        self._rows: list[Passage | None] = [None] * len(self._bounds)
        found = _PASSAGE.findall(data)  # '{"id": "' begins rows only (a quote inside a string is escaped)
        if len(found) != len(self._bounds):  # some row holds an escaped character before its text: row by row
            found = [self._fields(n) for n in range(len(self._bounds))]
        ids, reports, sources, starts, ends = zip(*found) if found else ((),) * 5
        starts, ends = (np.array(column, dtype=np.bytes_).astype(np.int64) for column in (starts, ends))
        ids, reports, sources = (tuple(v.decode() for v in column) for column in (ids, reports, sources))
        self.ids: tuple[str, ...] = ids
        self.reports: tuple[str, ...] = reports
        self.sources: tuple[str, ...] = sources
        self.starts: np.ndarray = starts
        self.ends: np.ndarray = ends

    def _fields(self, n: int) -> tuple[bytes, ...]:
        """Row n's (id, report, source, start, end) as the pattern gives them, from the parsed row if need be."""
        m = _PASSAGE.match(self._data, int(self._bounds[n, 0]))
        if m is not None:
            return m.groups()
        p = self[n]
        return p.id.encode(), p.report.encode(), p.source.encode(), str(p.start).encode(), str(p.end).encode()

    def __len__(self) -> int:
        return len(self._rows)

    def __getitem__(self, n):
        if isinstance(n, slice):
            return [self[i] for i in range(*n.indices(len(self)))]
        row = self._rows[n]
        if row is None:
            a, b = self._bounds[n].tolist()
            row = self._rows[n] = _parse(self._data[a:b], self._path, store._passage)
        return row

    def __iter__(self) -> Iterator[Passage]:
        if any(r is None for r in self._rows):  # every row wanted: one parse of the file is 4x quicker than by row
            whole = b"[" + self._data.rstrip(b"\n").replace(b"\n", b",") + b"]"
            self._rows = [store._passage(d) for d in _parse(whole, self._path, list)]
        return iter(self._rows)

    def __eq__(self, other) -> bool:
        return isinstance(other, Sequence) and not isinstance(other, (str, bytes)) and list(self) == list(other)

    __hash__ = None


class TextRows(Mapping):
    """Each source's text as the build read it, by source name; a text is parsed when first asked for."""

    def __init__(self, data: bytes, path: Path) -> None:
        self._data, self._path = data, path
        self._at: dict[str, tuple[int, int]] = {}
        self._texts: dict[str, str] = {}
        for a, b in _lines(data).tolist():
            m = _TEXT.match(data, a)
            if m is not None:
                self._at[m[1].decode()] = (a, b)
            else:
                row = _parse(data[a:b], path, dict)
                self._texts[row["source"]] = row["text"]
                self._at[row["source"]] = (a, b)

    def __getitem__(self, source: str) -> str:
        text = self._texts.get(source)
        if text is None:
            a, b = self._at[source]  # KeyError for a source the build never read, as a dict would
            text = self._texts[source] = _parse(self._data[a:b], self._path, dict)["text"]
        return text

    def __iter__(self) -> Iterator[str]:
        return iter(self._at)

    def __len__(self) -> int:
        return len(self._at)


def _parse(row: bytes, path: Path, make):
    try:
        return make(json.loads(row))
    except (ValueError, KeyError, TypeError) as exc:
        raise IndexCorruptError(f"{path} cannot be read ({type(exc).__name__}: {str(exc)[:80]})") from None
