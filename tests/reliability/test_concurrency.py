"""Builders and readers at once: readers never wait behind a rebuild, never see a half-built index."""

from __future__ import annotations

import subprocess
import sys
import threading
import time

from qa.api import Assistant
from qa.search import index as index_mod
from tests.reliability.conftest import qa_env, run_qa

HOLD = ("import sys, time; from pathlib import Path; from qa.search import store\n"
        "with store.build_lock(Path(sys.argv[1])):\n    print('locked', flush=True); time.sleep(float(sys.argv[2]))")
APPENDED = "\n\nThe council said it would publish its waiting times for carers every month.\n"


def hold_lock(settings, seconds: float) -> subprocess.Popen:
    """Another process mid-build: it holds the real build lock for ``seconds``."""
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(settings.index), str(seconds)], stdout=subprocess.PIPE,
                            env=qa_env(settings.corpus.parent))
    assert proc.stdout.readline().strip() == b"locked"
    return proc


def test_a_reader_answers_from_the_previous_index_while_a_build_runs(tiny, tiny_clean):
    before = index_mod.load(tiny.index).passages
    with open(tiny.corpus / "tiny-borough-council.md", "a") as f:
        f.write(APPENDED)
    holder = hold_lock(tiny, 60)
    try:
        t0 = time.perf_counter()
        assistant = Assistant.open(corpus=tiny.corpus, index=tiny.index)
        assert time.perf_counter() - t0 < 10
        assert assistant.summary.refreshing and assistant.summary.reason.startswith("corpus changed")
        assert assistant.index.passages == before
        proc = run_qa(tiny.corpus.parent, "ask", "How long did Section 42 enquiries take?", "--corpus", tiny.corpus,
                      "--index", tiny.index)
        assert proc.returncode == 0, proc.stderr.decode()
        assert b"being refreshed by another qa" in proc.stderr and b"twenty working days" in proc.stdout
    finally:
        holder.kill()
        holder.wait()
    assistant = Assistant.open(corpus=tiny.corpus, index=tiny.index)  # the lock is free: now it rebuilds
    assert assistant.summary.built and any("waiting times for carers" in p.text for p in assistant.index.passages)


def test_only_a_first_build_waits_for_the_lock(tiny):
    import shutil

    shutil.rmtree(tiny.index)
    holder = hold_lock(tiny, 3)
    opened: list = []
    thread = threading.Thread(target=lambda: opened.append(Assistant.open(corpus=tiny.corpus, index=tiny.index)))
    t0 = time.perf_counter()
    thread.start()
    thread.join(timeout=1.5)
    assert thread.is_alive() and not opened  # no previous index to answer from: it waits
    thread.join(timeout=120)
    holder.wait()
    assert opened and opened[0].summary.built and time.perf_counter() - t0 >= 2.5


def test_two_builders_and_readers(tiny, tiny_clean):
    """Two ``qa index --force`` processes in a loop while two reader threads keep opening the index."""
    script = ("import sys; from pathlib import Path; from qa.api import refresh; from qa.config import Settings\n"
              "from qa.search.embed import SentenceTransformerEmbedder; e = SentenceTransformerEmbedder()\n"
              "for _ in range(4): refresh(Settings(corpus=Path(sys.argv[1]), index=Path(sys.argv[2])), e, force=True)")
    procs = [subprocess.Popen([sys.executable, "-c", script, str(tiny.corpus), str(tiny.index)],
                              stderr=subprocess.PIPE, env=qa_env(tiny.corpus.parent)) for _ in range(2)]
    clean = index_mod.load(tiny_clean.index).passages
    seen, errors = [0], []

    def read():
        while any(p.poll() is None for p in procs):
            try:
                assert Assistant.open(corpus=tiny.corpus, index=tiny.index).index.passages == clean
                seen[0] += 1
            except BaseException as exc:  # noqa: BLE001 - any failure is the finding: reported below
                errors.append(exc)
                return

    readers = [threading.Thread(target=read) for _ in range(2)]
    for r in readers:
        r.start()
    outcomes = [(p.wait(timeout=120), p.stderr.read().decode()) for p in procs]
    for r in readers:
        r.join()
    assert all(code == 0 for code, _ in outcomes), [e[-2000:] for _, e in outcomes]
    assert not errors, errors
    assert seen[0] > 0
    assert index_mod.load(tiny.index).passages == clean
    assert not list(tiny.index.glob(".tmp-*")) and not list(tiny.index.glob(".CURRENT.*"))
