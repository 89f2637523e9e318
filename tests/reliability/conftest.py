"""Fixtures for the reliability suite: a small real index (the real model, the tiny report), copied per test.

The copy helpers and subprocess environment are here so every test damages, kills or fills only its own folder.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from qa.config import Settings

ROOT = Path(__file__).resolve().parents[2]
TINY = (ROOT / "tests" / "reliability" / "tiny-borough-council.md")


@pytest.fixture(scope="session")
def tiny_clean(tmp_path_factory, qa_embedder) -> Settings:
    """The tiny corpus and a clean build of it, made once; tests only ever copy it."""
    from qa.api import refresh

    root = tmp_path_factory.mktemp("reliability")
    (root / "corpus").mkdir()
    shutil.copy(TINY, root / "corpus" / TINY.name)
    settings = Settings(corpus=root / "corpus", index=root / "index")
    refresh(settings, qa_embedder)
    return settings


@pytest.fixture()
def tiny(tmp_path, tiny_clean) -> Settings:
    shutil.copytree(tiny_clean.corpus, tmp_path / "corpus")
    shutil.copytree(tiny_clean.index, tmp_path / "index", ignore=shutil.ignore_patterns(".lock"))
    return Settings(corpus=tmp_path / "corpus", index=tmp_path / "index")


def qa_env(tmp: Path, **extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("QA_")}
    env.update(HOME=str(tmp), PYTHONIOENCODING="utf-8", COLUMNS="100", PYTHONPATH=str(ROOT), **extra)
    return env


def run_qa(tmp: Path, *args, input: bytes | None = None, timeout: float = 120, user: str | None = None,
           **env) -> subprocess.CompletedProcess:
    """``python -m qa ARGS`` in a subprocess, bytes in and out (argv may hold bytes that are not UTF-8)."""
    argv = [sys.executable, "-m", "qa", *[a if isinstance(a, bytes) else str(a) for a in args]]
    return subprocess.run(argv, input=input, capture_output=True, timeout=timeout, cwd=tmp, env=qa_env(tmp, **env),
                          user=user)


def assert_one_line_error(proc: subprocess.CompletedProcess, *needles: str) -> str:
    err = proc.stderr.decode("utf-8", errors="replace")
    assert proc.returncode == 1, (proc.returncode, err[-2000:])
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]
