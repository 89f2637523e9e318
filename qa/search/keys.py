"""What an index was built from, and why an index on disk no longer matches: the content key.

Anything that changes what a build stores is in the key, so a stale index is never read: the model, the
chunking settings, every corpus file's sha256, and a fingerprint of the code that turns files into stored
passages, tokens and embedding inputs. The fingerprint hashes those modules' bytes, so changing the parser,
the chunker, the tokenizer or the embedding input makes old indexes stale with no version to remember to bump
(vectors of unchanged text are still reused).
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from qa.config import Settings
from qa.search import store

# Package-relative paths whose code decides what a build stores (folders: every file in them).
CONTENT_CODE = ("text.py", "tokens.py", "ingest", "cqc/framework.py", "cqc/framework.json", "cqc/overall.py", "cqc/facts.py",
                "cqc/fact_tables.py", "search/bm25.py", "search/build.py", "search/store.py", "search/vectors.py",
                "search/token_store.py", "search/late.py")
PACKAGE = Path(__file__).resolve().parents[1]


@lru_cache(maxsize=4)
def code_fingerprint(package: Path = PACKAGE) -> str:
    """sha256 over the content-shaping modules' paths and bytes (about 0.5 ms; once per process)."""
    h = hashlib.sha256()
    for name in CONTENT_CODE:
        path = package / name
        files = sorted(p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts) \
            if path.is_dir() else [path]
        for f in files:
            h.update(str(f.relative_to(package)).encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()[:16]


def content_key(settings: Settings, model_id: str, state: list[dict]) -> dict:
    """Everything that determines what an index holds; any difference makes an index stale."""
    return {"format_version": store.FORMAT_VERSION, "model_id": model_id, "chunking": settings.chunking.as_dict(),
            "code": code_fingerprint(), "corpus": state, "max_report_mb": settings.max_report_mb,
            "late": settings.late.as_dict()}


def stale_reason(manifest: dict, key: dict) -> str | None:
    old = manifest.get("content_key", {})
    if old.get("model_id") != key["model_id"]:
        return f"model changed ({old.get('model_id')} -> {key['model_id']})"
    if old.get("format_version") != key["format_version"]:
        return f"index format changed ({old.get('format_version')} -> {key['format_version']})"
    if old.get("chunking") != key["chunking"]:
        return "chunking settings changed"
    if old.get("max_report_mb") != key["max_report_mb"]:
        return f"size limit changed ({old.get('max_report_mb')} MB -> {key['max_report_mb']} MB)"
    if old.get("late") != key["late"]:
        return "late-interaction settings changed"
    if old.get("code") != key["code"]:
        return "qa's parser, tokenizer or embedding input changed since the index was built"
    before = {c["source"]: c["sha256"] for c in old.get("corpus", [])}
    now = {c["source"]: c["sha256"] for c in key["corpus"]}
    changed = sorted(s for s in now if before.get(s) != now[s]) + sorted(s for s in before if s not in now)
    return f"corpus changed ({', '.join(changed[:3])}{'…' if len(changed) > 3 else ''})" if changed else None
