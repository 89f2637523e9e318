"""How long reading each report takes, by file type: the library's extraction, then our parse on top.

Reading a saved page or a PDF should cost what the markdown parse costs plus the library's own extraction;
these figures, one row per report in the corpus, let ``qa bench`` show whether it does.
"""

from __future__ import annotations

import time
from pathlib import Path

from qa.errors import QAError
from qa.ingest.corpus import scan
from qa.ingest.document import read
from qa.ingest.extract import extract


def reading(corpus: Path) -> list[dict]:
    """One row per readable report: its type, pages, extraction seconds and whole read (extract + parse) seconds."""
    rows = []
    for doc in scan(corpus)[0]:
        try:
            t0 = time.perf_counter()
            for path, name in zip(doc.pages, doc.names):
                extract(path, name)
            t1 = time.perf_counter()
            report, _ = read(doc)
            t2 = time.perf_counter()
        except QAError:
            continue
        if report is None:
            continue
        kind = "folder" if len(doc.pages) > 1 or doc.names[0] != doc.source else doc.pages[0].suffix.lstrip(".")
        rows.append({"source": doc.source, "type": kind, "pages": max(1, len(report.pages)),
                     "extract_s": round(t1 - t0, 4), "read_s": round(t2 - t1, 4),
                     "parse_s": round(max(0.0, (t2 - t1) - (t1 - t0)), 4)})
    return rows
