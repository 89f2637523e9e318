"""The plain dicts ``--json`` prints: one object per answer, per report's scores, per evaluation run.

Offsets are character offsets into the source's text as the index read it (the file decoded as UTF-8, or a
web page's or PDF's extracted text: ``qa show SOURCE``), so ``text[start:end] == quote``; ``line`` and ``page``
are 1-based and only a convenience for people (``page`` is None except for a PDF).
"""

from __future__ import annotations

import json

from qa.app.sources import Sources


def dumps(obj: dict) -> str:
    """One line of JSON. json escapes C0 controls itself; DEL, C1 controls and bidirectional overrides are written
    as ``\\u`` escapes too, so report text cannot drive a terminal, and a script decoding the line gets the
    exact text back."""
    return json.dumps(obj, ensure_ascii=False).translate(_ESCAPES)


_ESCAPES = {c: f"\\u{c:04x}" for c in (0x7F, *range(0x80, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A),
                                       0x200E, 0x200F, 0x061C)}


def passage(p) -> dict:
    return {"id": p.id, "report": p.report, "source": p.source, "section": list(p.section), "start": p.start,
            "end": p.end, "page": p.page, "text": p.text}


def hit(h) -> dict:
    return {"rank": h.rank, "score": h.score, "bm25_rank": h.bm25_rank, "vector_rank": h.vector_rank,
            "passage": passage(h.passage)}


def answer(a, sources: Sources) -> dict:
    """The answer, each citation with its file, offsets and line, and every passage retrieved with its ranks."""
    return {
        "question": a.question, "answer": a.text, "abstained": a.abstained, "kind": a.kind, "report": a.report,
        "citations": [{"number": c.number, "source": c.passage.source, "section": list(c.passage.section),
                       "start": c.start, "end": c.end, "line": sources.line(c.passage.source, c.start),
                       "page": c.passage.page, "quote": c.quote} for c in a.citations],
        "hits": [hit(h) for h in a.hits],
    }


def _citation(card, span) -> dict | None:
    if span is None:
        return None
    return {"source": span.source or card.source, "start": span.start, "end": span.end,
            "page": card.page_of(span), "quote": span.text}


def scores(card, statements) -> dict:
    pct = card.percentage
    return {
        "report": card.id, "council": card.council, "rating": card.rating.text if card.rating else None,
        "rating_citation": _citation(card, card.rating), "published": card.published,
        "percentage": None if pct is None else {
            "value": pct.shown, "stated": pct.stated, "total": pct.total, "maximum": pct.maximum,
            "statements": pct.statements, "text": pct.describe(), "citation": _citation(card, pct.span)},
        "warnings": list(card.warnings),
        "statements": [{"theme": s.theme, "statement": s.statement, "score": s.score, "label": s.label,
                        "citation": _citation(card, s.span)} for s in statements],
    }


def outcome(o) -> dict:
    q = o.question
    return {"id": q.id, "kind": q.kind, "question": q.question, "relevant_ranks": o.relevant_ranks,
            "answer": o.answer_text, "abstained": o.abstained, "answer_ok": o.answer_ok,
            "retrieve_ms": round(o.retrieve_ms, 3), "ask_ms": round(o.ask_ms, 3), "top_passage": o.top_passage}


def evaluation(report, failed, files: list[str], k: int, failed_thresholds: list[str]) -> dict:
    from qa.tools.evaluate import failed_on

    return {"files": files, "mode": report.mode, "k": k, "metrics": report.metrics, "by_kind": report.by_kind,
            "failures": [o.question.id for o in failed], "failed_on": {o.question.id: failed_on(o) for o in failed},
            "unmatched_evidence": report.unmatched, "failed_thresholds": failed_thresholds,
            "outcomes": [outcome(o) for o in report.outcomes]}


def comparison(reports: dict, files: list[str], k: int, failed_thresholds: list[str]) -> dict:
    return {"files": files, "k": k, "failed_thresholds": failed_thresholds,
            "modes": {m: {"metrics": r.metrics, "by_kind": r.by_kind} for m, r in reports.items()}}


def build_summary(s, index_dir) -> dict:
    return {"index": str(index_dir), "reports": s.reports, "passages": s.passages, "sentences": s.sentences,
            "embedded": s.embedded, "reused": s.reused, "seconds": round(s.seconds, 3), "built": s.built,
            "reason": s.reason, "skipped": [{"source": x.source, "reason": x.reason} for x in s.skipped],
            "warnings": list(s.warnings)}
