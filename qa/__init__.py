"""qa: ask a CQC local authority assessment a question, get the answer with the exact passage it came from.

    from qa import Assistant
    assistant = Assistant.open(corpus="corpus", index="index")
    answer = assistant.ask("How long do people wait for a financial assessment?")

Names are loaded on first use, so ``import qa`` (and ``qa --help``) never imports torch, faiss or
sentence-transformers.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = [
    "Assistant", "Answer", "Citation", "Hit", "Passage", "Report", "ReportCard", "Section", "StatementScore",
    "Span", "QAError", "CorpusError", "ReportError", "QuestionError", "IndexNotFoundError", "IndexCorruptError",
    "ModelError", "parse_file", "chunk", "__version__",
]

_WHERE = {
    "Assistant": "api", "Answer": "types", "Citation": "types", "Hit": "types", "Passage": "types",
    "Report": "types", "ReportCard": "types", "Section": "types", "StatementScore": "types", "Span": "types",
    "QAError": "errors", "CorpusError": "errors", "ReportError": "errors", "QuestionError": "errors",
    "IndexNotFoundError": "errors", "IndexCorruptError": "errors", "ModelError": "errors",
    "parse_file": "ingest.report", "chunk": "ingest.chunk",
}


def __getattr__(name: str):
    if name in _WHERE:
        import importlib

        return getattr(importlib.import_module(f".{_WHERE[name]}", __name__), name)
    raise AttributeError(f"module 'qa' has no attribute {name!r}")
