"""A full disk and folders qa may not read or write: one-line errors saying which, the previous index intact."""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest

from qa.api import refresh
from qa.errors import IndexAccessError
from qa.search import index as index_mod

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


def _as_nobody(args: list[str]) -> tuple[int, str]:
    """``qa ARGS`` run in a forked child that has dropped to the user nobody: (exit code, stderr).

    The child keeps the modules this process imported, so no Python has to start as that user (on machines
    where nobody may not run the interpreter, that was the only reason these tests could not run)."""
    import json
    import pwd

    from typer.testing import CliRunner

    from qa.app.cli import app

    nobody = pwd.getpwnam("nobody")
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code, err = 99, ""
        try:
            os.close(read_end)
            os.setgroups([])
            os.setgid(nobody.pw_gid)
            os.setuid(nobody.pw_uid)
            result = CliRunner().invoke(app, args)
            code, err = result.exit_code, result.stderr
        except BaseException as exc:  # noqa: BLE001 - reported to the parent, which fails the test
            err = f"child failed: {type(exc).__name__}: {exc}"
        finally:
            os.write(write_end, json.dumps([code, err]).encode())
            os._exit(0)
    os.close(write_end)
    chunks = []
    while chunk := os.read(read_end, 1 << 16):
        chunks.append(chunk)
    os.close(read_end)
    os.waitpid(pid, 0)
    code, err = json.loads(b"".join(chunks))
    return code, err


def _one_line_error(code: int, err: str, *needles: str) -> None:
    assert code == 1 and "Traceback" not in err, (code, err)
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    for needle in needles:
        assert needle in lines[0], lines[0]


@pytest.fixture()
def shared(tiny):
    """The tiny corpus and index copied where the user nobody can reach them (pytest's tmp folders are root's)."""
    if not ROOT:
        pytest.skip("switching to another user needs root")
    import tempfile

    top = Path(tempfile.mkdtemp(prefix="qa-perm-", dir="/tmp"))
    top.chmod(0o755)
    shutil.copytree(tiny.corpus, top / "corpus")
    shutil.copytree(tiny.index, top / "index")
    for path in (top / "corpus", *(top / "corpus").rglob("*"), top / "index", *(top / "index").rglob("*")):
        path.chmod(0o755 if path.is_dir() else 0o644)
    yield top
    shutil.rmtree(top, ignore_errors=True)


def test_a_reader_who_cannot_read_is_told_so(shared):
    (shared / "index").chmod(0o700)
    code, err = _as_nobody(["ask", "safeguarding", "--corpus", str(shared / "corpus"), "--index", str(shared / "index")])
    _one_line_error(code, err, "cannot read the index", "not readable by you")


def test_a_builder_who_cannot_write_is_told_so(shared):
    code, err = _as_nobody(["index", "--force", "--corpus", str(shared / "corpus"), "--index", str(shared / "index")])
    _one_line_error(code, err, "cannot write the index", "not writable")
