"""The corpus folder -> the reports in it (a file, or a folder of one report's pages) and the files left out.

Finding the files, naming their reports and saying why a file is not read is one job: every later stage
(reading, indexing, checking an index against the corpus) starts from this list.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from qa.errors import CorpusError, ReportError


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def read_bytes(path: Path) -> bytes:
    """The file's bytes, or a ReportError naming the file and what is wrong with it (missing, a folder, empty)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ReportError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ReportError(f"{path}: is a directory, not a report file") from None
    except OSError as exc:
        raise ReportError(f"{path}: cannot be read ({exc.strerror})") from None
    if not data.strip():
        raise ReportError(f"{path}: the file is empty")
    return data


def _utf16(head: bytes) -> bool:
    """A byte-order mark, or a zero in almost every other byte: text saved as UTF-16 (Notepad's "Unicode")."""
    halves = (head[0::2], head[1::2])
    return head[:2] in (b"\xff\xfe", b"\xfe\xff") or (len(head) >= 8 and any(h.count(0) > 0.9 * len(h) for h in halves))


def read_text(path: Path) -> str:
    """The file's text, or a ReportError naming the file and what is wrong with it."""
    data = read_bytes(path)
    if _utf16(data[:400]):
        raise ReportError(f"{path}: is UTF-16 text, not UTF-8; save it as UTF-8")  # (Notepad's "Unicode")
    if b"\x00" in data[:8192]:
        raise ReportError(f"{path}: looks like a binary file, not a markdown or text report")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ReportError(f"{path}: is not UTF-8 text (bad byte at offset {exc.start}); convert it to UTF-8") from None


def report_id(path: Path) -> str:
    name = path.name if path.is_dir() else path.stem
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "report"


SUPPORTED = (".md", ".txt", ".html", ".htm", ".pdf")
PAGE_TYPES = (".html", ".htm", ".txt", ".md")  # what a folder of one report's web pages may hold
DEFAULT_MAX_MB = 20.0


@dataclass(frozen=True)
class Skipped:
    """A corpus file left out of the index, and why, so nothing is skipped in silence."""

    source: str
    reason: str


@dataclass(frozen=True)
class Document:
    """One report on disk: a file, or a folder holding the pages of one report (``pages`` in file-name order;
    ``document`` orders them by their content)."""

    id: str
    source: str  # relative to the corpus: "kent.pdf", or the folder "kent"
    pages: tuple[Path, ...]
    names: tuple[str, ...]  # each page's source, relative to the corpus: "kent/summary.html"


def scan(corpus: Path, max_mb: float = DEFAULT_MAX_MB) -> tuple[list[Document], list[Skipped]]:
    """The reports in ``corpus`` and the files left out (unsupported, outside the corpus, too large).

    A file at the top is one report; a folder at the top is one report made of the page files inside it.
    Hidden files and folders are ignored. Reading a file can fail later too (``document.read``): those are
    added to the skipped list by the caller.
    """
    _check_folder(corpus)
    root = corpus.resolve()
    docs: list[Document] = []
    skipped: list[Skipped] = []
    for entry in sorted(corpus.iterdir()):
        if entry.name.startswith("."):
            continue
        if entry.is_dir() and _inside(entry, root):
            pages, names = [], []
            for p in _files(entry):
                name = str(p.relative_to(corpus))
                reason = _refuse(p, root, max_mb, PAGE_TYPES)
                if reason:
                    skipped.append(Skipped(name, reason))
                else:
                    pages.append(p)
                    names.append(name)
            if pages:
                docs.append(Document(report_id(entry), entry.name, tuple(pages), tuple(names)))
            continue
        reason = _refuse(entry, root, max_mb, SUPPORTED)
        if reason:
            skipped.append(Skipped(entry.name, reason))
        else:
            docs.append(Document(report_id(entry), entry.name, (entry,), (entry.name,)))
    return docs, skipped


def _check_folder(corpus: Path) -> None:
    if corpus.exists() and not corpus.is_dir():
        raise CorpusError(f"{corpus} is a file: give the folder that holds the report files (--corpus or QA_CORPUS)")
    if not corpus.is_dir():
        raise CorpusError(f"corpus folder {corpus} does not exist: create it and put report files "
                          f"({', '.join(SUPPORTED)}) in it")


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if not p.is_dir()
                  and not any(part.startswith(".") for part in p.relative_to(folder).parts))


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root)
        return True
    except (ValueError, OSError):
        return False


def _refuse(path: Path, root: Path, max_mb: float, types: tuple[str, ...]) -> str | None:
    """Why this file is not read at all, or None."""
    if not _inside(path, root):
        return "a symlink or path resolving outside the corpus folder"
    if not path.is_file():
        return "not a regular file"
    if path.suffix.lower() not in types:
        what = f"type {path.suffix.lower()}" if path.suffix else "type (no extension)"
        return f"unsupported file {what}: qa reads {', '.join(types)}"
    size = path.stat().st_size
    if size > max_mb * 1024 * 1024:
        return f"larger than {max_mb:g} MB ({size / 1024 / 1024:.1f} MB): raise --max-report-mb to read it"
    return None


def corpus_state(corpus: Path, max_mb: float = DEFAULT_MAX_MB) -> list[dict]:
    """Every file that makes the corpus what it is, read or skipped: changing any makes the index stale."""
    _check_folder(corpus)
    root = corpus.resolve()
    out = []
    for p in _files(corpus):
        entry = {"source": str(p.relative_to(corpus))}
        if not _inside(p, root) or not p.is_file():
            entry.update(sha256="outside", bytes=0)
        elif p.stat().st_size > max_mb * 1024 * 1024:
            entry.update(sha256=f"size-{p.stat().st_size}-{p.stat().st_mtime_ns}", bytes=p.stat().st_size)
        else:
            entry.update(sha256=sha256_file(p), bytes=p.stat().st_size)
        out.append(entry)
    return out


def corpus_files(corpus: Path) -> list[Path]:
    """Every page file of every report, in report order (the benchmark copies and edits these)."""
    return [p for d in scan(corpus)[0] for p in d.pages]
