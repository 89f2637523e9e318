"""A full disk and folders qa may not read or write: one-line errors saying which, the previous index intact."""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid

import pytest

from qa.api import refresh
from qa.errors import IndexAccessError
from qa.search import index as index_mod
from tests.reliability.conftest import assert_one_line_error, run_qa

APPENDED = "\n\nThe council told us it would review how long people wait for an assessment again next year.\n"
ROOT = os.geteuid() == 0


@pytest.fixture()
def small_tmpfs(tmp_path):
    if not ROOT:
        pytest.skip("mounting a small tmpfs needs root")
    mount = tmp_path / "tmpfs"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", f"qa-{uuid.uuid4().hex[:6]}", str(mount)],
                          capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount tmpfs here: {done.stderr.decode().strip()}")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_full_disk_during_a_build_is_one_error_and_the_old_index_survives(tiny, qa_embedder, small_tmpfs):
    index = small_tmpfs / "index"
    shutil.copytree(tiny.index, index)
    settings = type(tiny)(corpus=tiny.corpus, index=index)
    before = index_mod.load(index).passages
    pointer = (index / "CURRENT").read_text()
    with open(tiny.corpus / "tiny-borough-council.md", "a") as f:
        f.write(APPENDED)
    free = os.statvfs(small_tmpfs)
    filler = small_tmpfs / "filler"
    filler.write_bytes(b"\0" * (free.f_bavail * free.f_frsize - 20_000))  # room for a file or two, not a build
    with pytest.raises(IndexAccessError, match="no space left to write the index") as caught:
        refresh(settings, qa_embedder)
    assert "\n" not in str(caught.value) and "previous index is unchanged" in str(caught.value)
    assert (index / "CURRENT").read_text() == pointer and index_mod.load(index).passages == before
    assert not list(index.glob(".tmp-*")) and not list(index.glob("vectors/*/.tmp-*"))
    filler.unlink()
    loaded, summary = refresh(settings, qa_embedder)
    assert summary.built and any(APPENDED.strip() in p.text for p in loaded.passages)


def _need_nobody() -> None:
    """Permission tests run qa as the user nobody (root reads everything); skipped when that cannot run Python."""
    import sys

    if not ROOT:
        pytest.skip("switching to another user needs root")
    try:
        subprocess.run([sys.executable, "-c", "import qa"], user="nobody", capture_output=True, check=True,
                       cwd="/", timeout=60)
    except (PermissionError, subprocess.CalledProcessError) as exc:
        pytest.skip(f"the user nobody cannot run this Python ({type(exc).__name__})")


def test_a_reader_who_cannot_read_is_told_so(tiny, tmp_path):
    _need_nobody()
    for path in (tmp_path, tiny.corpus.parent, tiny.corpus, *tiny.corpus.iterdir()):
        path.chmod(0o755 if path.is_dir() else 0o644)
    tiny.index.chmod(0o700)
    proc = run_qa(tmp_path, "ask", "safeguarding", "--corpus", tiny.corpus, "--index", tiny.index, user="nobody")
    assert_one_line_error(proc, "cannot read the index", "not readable by you")


def test_a_builder_who_cannot_write_is_told_so(tiny, tmp_path):
    _need_nobody()
    for path in (tmp_path, tiny.corpus.parent, tiny.corpus, *tiny.corpus.iterdir(), *tiny.index.rglob("*"), tiny.index):
        path.chmod(0o755 if path.is_dir() else 0o644)
    proc = run_qa(tmp_path, "index", "--force", "--corpus", tiny.corpus, "--index", tiny.index, user="nobody")
    assert_one_line_error(proc, "cannot write the index", "not writable")
