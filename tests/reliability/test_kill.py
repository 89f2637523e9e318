"""SIGKILL at every write step of a build (``QA_TEST_KILL_AT``, checked in ``qa.search.files.kill_point``).

A forced rebuild of the tiny index reuses every stored vector, so each killed ``qa index`` subprocess costs about
a second and loads no model. After each kill the previous index must still load and verify, and the next build
must finish and leave no leftovers behind.
"""

from __future__ import annotations

import signal

import pytest

from qa.api import refresh
from qa.search import index as index_mod
from qa.search import store
from tests.reliability.conftest import run_qa

STEPS = (*store.FILES, "vectors", "manifest.json", store.DIGEST, "rename", "CURRENT", "replace CURRENT",
         "cleanup", "collect")
BEFORE_CURRENT = STEPS[: STEPS.index("replace CURRENT") + 1]


@pytest.mark.parametrize("step", STEPS)
def test_a_build_killed_at_each_step_leaves_a_usable_index(tiny, tiny_clean, qa_embedder, step):
    clean = index_mod.load(tiny_clean.index)
    pointer = (tiny.index / "CURRENT").read_text()
    proc = run_qa(tiny.corpus.parent, "index", "--force", "--corpus", tiny.corpus, "--index", tiny.index,
                  QA_TEST_KILL_AT=step)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.decode()[-2000:]
    if step in BEFORE_CURRENT:
        assert (tiny.index / "CURRENT").read_text() == pointer  # the previous index, untouched
    loaded, summary = refresh(tiny, qa_embedder, build=False)  # still current and verified, whichever it is
    assert loaded.passages == clean.passages and not summary.built
    _, summary = refresh(tiny, qa_embedder, force=True)  # the next build cleans up after the killed one
    assert summary.embedded == 0
    assert not list(tiny.index.glob(".tmp-*")) and not list(tiny.index.glob(".CURRENT.*"))
    assert not list(tiny.index.glob("vectors/*/.tmp-*"))
    assert len(list(tiny.index.glob("v-*"))) <= 2 and len(list(tiny.index.glob("vectors/*/*.npy"))) <= 2
