"""Open the index for a corpus: load it when it matches, otherwise (re)build it under the build lock.

A caller never reads an index that does not match what is on disk: the content key (``keys``) says whether the
live build still fits the corpus, the model and the code; a stale or damaged build is rebuilt, reusing the
vectors of every unchanged text.

A reader (``wait=False``) never queues behind a build in another process: while one runs, it answers from the
previous complete index and says so (``BuildSummary.refreshing``). Only when there is no usable index at all
does it wait for the build.
"""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path

from qa.config import Settings
from qa.errors import IndexCorruptError, IndexNotFoundError, QAError
from qa.ingest.corpus import corpus_state
from qa.search import build as builder
from qa.search import store
from qa.search.build import BuildSummary, Progress
from qa.search.index import Index, load
from qa.search.keys import content_key, stale_reason


def refresh(settings: Settings, embedder, build: bool = True, force: bool = False,
            progress: Progress | None = None, wait: bool = True, lazy: bool = False) -> tuple[Index, BuildSummary]:
    """Load the index if it matches the corpus and model; otherwise (re)build it under the build lock.

    ``wait=False``: if another process is building, return the previous complete index (``refreshing=True``).
    ``lazy``: verify the manifest, the report cards and every file's size now, and each other file when it is
    first used (``index.load``): damage found then is an ``IndexCorruptError``, not a rebuild.
    """
    t0 = time.perf_counter()
    key = content_key(settings, embedder.model_id, corpus_state(settings.corpus, settings.max_report_mb))
    loaded, reason = _try_load(settings.index, key, lazy)
    if loaded is not None and not force:
        return loaded, _fresh(loaded, t0)
    if not build:
        raise IndexNotFoundError(f"the index in {settings.index} cannot be used ({reason}): run `qa index`")
    _ = embedder.dimension  # a model that cannot load fails here, before any folder is made
    if not wait:
        with store.build_lock(settings.index, wait=False) as got:
            if got:
                return _build(settings, embedder, key, force, progress, reason, t0, lazy)
        previous = _load_any(settings.index, lazy)
        if previous is not None:
            return previous, dataclasses.replace(_fresh(previous, t0), reason=reason, refreshing=True)
    with store.build_lock(settings.index):
        return _build(settings, embedder, key, force, progress, reason, t0, lazy)


def _build(settings, embedder, key, force, progress, reason, t0, lazy) -> tuple[Index, BuildSummary]:
    """Build unless another process just did (the caller holds the build lock). The previous build, which lends
    its token vectors, is read and verified whole: a damaged one lends nothing."""
    again, reason2 = _try_load(settings.index, key, lazy=False)
    if again is not None and not force:
        return again, _fresh(again, t0)
    summary = builder.build(settings, embedder, progress, key=key, reason="forced" if force else (reason2 or reason),
                            previous=again or _load_any(settings.index, lazy=False))
    return load(settings.index, lazy), summary


def _fresh(index: Index, t0: float) -> BuildSummary:
    n = index.manifest["counts"]
    return BuildSummary(n["reports"], n["passages"], n["sentences"], 0, 0, time.perf_counter() - t0, False,
                        "up to date", *builder.noted(index.manifest))


def _try_load(index_dir: Path, key: dict, lazy: bool) -> tuple[Index | None, str]:
    """(index, "") when usable as it is; (None, why not) otherwise. Damage is a reason to rebuild, not to crash."""
    try:
        build_dir, manifest = store.require_current(index_dir)
    except IndexNotFoundError:
        return None, "no index yet"
    except IndexCorruptError as exc:
        return None, f"damaged: {exc}"
    reason = stale_reason(manifest, key)
    if reason:
        return None, reason
    try:
        return load(index_dir, lazy), ""
    except IndexCorruptError as exc:
        return None, f"damaged: {exc}"


def _load_any(index_dir: Path, lazy: bool) -> Index | None:
    """The previous build even if stale, for reusing its vectors; None if it is missing or damaged."""
    try:
        return load(index_dir, lazy)
    except QAError:
        return None
