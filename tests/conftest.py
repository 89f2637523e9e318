"""Shared fixtures: the real Derby report, the real embedding model and one index built from them per session.

Everything is written under pytest's temporary folders; the checkout's corpus is only ever copied from.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DERBY = ROOT / "corpus" / "derby-city-council.md"


@dataclass(frozen=True)
class BuiltIndex:
    """The session's index: its settings (corpus and index folders under tmp), the loaded Index and the summary."""

    settings: object
    index: object
    summary: object

    def copy_to(self, where: Path):
        """A private copy of corpus and index for a test that edits or damages them; returns its Settings."""
        from qa.config import Settings

        corpus, index = where / "corpus", where / "index"
        shutil.copytree(self.settings.corpus, corpus)
        shutil.copytree(self.settings.index, index, ignore=shutil.ignore_patterns(".lock"))
        return Settings(corpus=corpus, index=index, model=self.settings.model)


@pytest.fixture(scope="session")
def derby_path() -> Path:
    """The real Derby report in the checkout (read only)."""
    if not DERBY.exists():
        pytest.skip(f"real report not available at {DERBY}")
    return DERBY


@pytest.fixture(scope="session")
def derby_report(derby_path):
    from qa.ingest.report import parse_file

    return parse_file(derby_path)


@pytest.fixture(scope="session")
def derby_corpus(tmp_path_factory, derby_path) -> Path:
    """A temporary copy of the checkout's corpus folder."""
    corpus = tmp_path_factory.mktemp("derby") / "corpus"
    shutil.copytree(derby_path.parent, corpus)
    return corpus


@pytest.fixture(scope="session")
def qa_embedder():
    """The real all-MiniLM-L6-v2 embedder, loaded once per session."""
    from qa.search.embed import SentenceTransformerEmbedder

    return SentenceTransformerEmbedder()


@pytest.fixture(scope="session")
def built_index(tmp_path_factory, derby_corpus, qa_embedder) -> BuiltIndex:
    """One index over the Derby corpus copy, built into a temporary folder with the real model."""
    from qa.config import Settings
    from qa.search.lifecycle import refresh

    settings = Settings(corpus=derby_corpus, index=tmp_path_factory.mktemp("derby-index") / "index")
    index, summary = refresh(settings, qa_embedder)
    return BuiltIndex(settings, index, summary)


@pytest.fixture(scope="session")
def councils_index(tmp_path_factory, qa_embedder) -> BuiltIndex:
    """One index over eval/councils (five made-up councils), read in place and built into a temporary folder."""
    from qa.api import refresh
    from qa.config import Settings

    settings = Settings(corpus=ROOT / "eval" / "councils", index=tmp_path_factory.mktemp("councils") / "index")
    index, summary = refresh(settings, qa_embedder)
    return BuiltIndex(settings, index, summary)


def pytest_configure(config):
    """Hypothesis caches examples and unicode tables in ./.hypothesis: keep them out of the checkout."""
    import tempfile

    from hypothesis import configuration

    config._qa_hypothesis_home = tempfile.mkdtemp(prefix="qa-hypothesis-")
    configuration.set_hypothesis_home_dir(config._qa_hypothesis_home)


@pytest.fixture(scope="session")
def derby_assistant(built_index, qa_embedder):
    """An Assistant over the session's Derby index (read only)."""
    from qa.api import Assistant

    return Assistant(built_index.settings, built_index.index, qa_embedder, built_index.summary)


@pytest.fixture(scope="module")
def with_report(tmp_path_factory, built_index):
    """Derby plus one made-up report the test writes, in a private copy of the index: ``with_report(name, text)``."""
    from qa.api import Assistant

    def make(name: str, text: str):
        settings = built_index.copy_to(tmp_path_factory.mktemp(name))
        (settings.corpus / f"{name}.md").write_text(text, encoding="utf-8")
        return Assistant.open(corpus=settings.corpus, index=settings.index)

    return make


def pytest_unconfigure(config):
    home = getattr(config, "_qa_hypothesis_home", None)
    if home:
        shutil.rmtree(home, ignore_errors=True)
