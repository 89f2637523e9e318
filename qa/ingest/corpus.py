"""The corpus folder -> the report files in it, each read as text, or a ``ReportError`` that says why not.

Finding the files, naming their reports and reading their text is one job: every later stage (parsing,
indexing, checking an index against the corpus) starts from this list.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from qa.errors import CorpusError, ReportError


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def read_text(path: Path) -> str:
    """The file's text, or a ReportError naming the file and what is wrong with it."""
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
    if b"\x00" in data[:8192]:
        raise ReportError(f"{path}: looks like a binary file, not a markdown or text report")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ReportError(f"{path}: is not UTF-8 text (bad byte at offset {exc.start}); convert it to UTF-8") from None


def report_id(path: Path) -> str:
    return re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-") or "report"


def corpus_files(corpus: Path) -> list[Path]:
    if corpus.exists() and not corpus.is_dir():
        raise CorpusError(f"{corpus} is a file: give the folder that holds the report files (--corpus or QA_CORPUS)")
    if not corpus.is_dir():
        raise CorpusError(f"corpus folder {corpus} does not exist: create it and put report files (.md, .txt) in it")
    files = sorted(p for p in corpus.rglob("*") if p.is_file() and p.suffix.lower() in (".md", ".txt")
                   and not any(part.startswith(".") for part in p.relative_to(corpus).parts))
    if not files:
        raise CorpusError(f"corpus folder {corpus} holds no report files (.md or .txt)")
    return files


def corpus_state(corpus: Path) -> list[dict]:
    return [{"source": str(p.relative_to(corpus)), "sha256": sha256_file(p), "bytes": p.stat().st_size}
            for p in corpus_files(corpus)]
