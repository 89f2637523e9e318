"""How fast questions across reports and ``qa compare`` are at 150 reports, on report cards alone.

Corpus questions and the comparison table are answered from the report cards (scores, ratings, dates, national
figures), never from passages, so their cost grows with the number of cards, not with the index. The cards of
the made-up councils (``eval/councils``) are copied to ``n`` reports under new ids; the warm figures time the
rules in this process (medians of ``RUNS``), the one-shot figure a fresh Python process that imports qa, reads
the 150 cards from a reports.json as an index stores them, answers a question and makes the table. It does not
open an index; ``qa bench`` times the real commands over each scale corpus's index too (``bench._scale``).

    >>> figures = corpus_figures(Path("eval/councils"), Path("/tmp"))  # doctest: +SKIP
    >>> figures["compare_ms"] < 50  # doctest: +SKIP
"""

from __future__ import annotations

import dataclasses
import json
import statistics
import sys
import time
from pathlib import Path

from qa.cqc.corpus_questions import classify, compose
from qa.cqc.fact_questions import fact_rows
from qa.cqc.table import comparison
from qa.ingest.corpus import corpus_files
from qa.ingest.report import parse_file
from qa.tools import probe
from qa.types import ReportCard

QUESTIONS = ("Which councils scored 1 for safeguarding?", "Rank the councils by their overall percentage",
             "Which councils are below the England average on carers getting a break?")
RUNS, ONESHOT_RUNS = 20, 3
SCRIPT = ("import json, sys\nfrom qa.search.store import _card\nfrom qa.cqc.corpus_questions import classify, compose\n"
          "from qa.cqc.table import comparison\ncards = [_card(d) for d in json.load(open(sys.argv[1]))]\n"
          "assert compose(classify(sys.argv[2]), cards)\nprint(len(comparison(cards).rows))")


def copies(cards: list[ReportCard], n: int) -> list[ReportCard]:
    """``n`` cards made by repeating ``cards`` under new ids and council names ("Eastvale County Council 7")."""
    return [dataclasses.replace(c, id=f"{c.id}-{i}", council=f"{c.council} {i}")
            for i in range(n // len(cards) + 1) for c in cards][:n]


def corpus_figures(corpus: Path, tmp: Path, n: int = 150) -> dict:
    """Warm medians (ms) of each corpus question, of ``qa compare``'s table and of ``qa facts``' rows over ``n``
    cards, and the median one-shot process time (s) of one question and the table."""
    cards = copies([ReportCard.of(parse_file(p)) for p in corpus_files(corpus)], n)
    questions = {}
    for q in QUESTIONS:
        asked = classify(q)
        if asked is None or compose(asked, cards) is None:
            raise AssertionError(f"bench question not answered from the cards: {q}")
        questions[q] = _median_ms(lambda: compose(classify(q), cards))
    stored = tmp / "reports-150.json"
    stored.write_text(json.dumps([dataclasses.asdict(c) for c in cards], ensure_ascii=False), encoding="utf-8")
    runs = [probe.child([sys.executable, "-c", SCRIPT, str(stored), QUESTIONS[-1]], tmp) for _ in range(ONESHOT_RUNS)]
    ok = [r["seconds"] for r in runs if r["returncode"] == 0]
    return {"reports": len(cards), "corpus": str(corpus), "question_ms": questions,
            "question_p50_ms": statistics.median(questions.values()),
            "compare_ms": _median_ms(lambda: comparison(cards)), "facts_ms": _median_ms(lambda: fact_rows(cards)),
            "oneshot_s": statistics.median(ok) if ok else None,
            "oneshot_error": next((r["error"] for r in runs if r["returncode"]), None)}


def _median_ms(fn) -> float:
    fn()
    times = []
    for _ in range(RUNS):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)
