"""An index opened cards-first (``qa ask``, ``qa compare``: ``Assistant.open(lazy=True)``) and read on first need.

What lazy loading could open up, each tried: damage that opening no longer sees is still refused, in one line,
the first time the damaged file is needed; a question answered from the report cards reads no vectors and loads
no model; the build that was opened is the one read later, even once newer builds have removed its folder; and
threads that need the same file at once share one verified copy.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from qa.api import Assistant, refresh
from qa.config import Settings
from qa.errors import IndexCorruptError
from qa.search import index as index_mod
from tests.reliability.conftest import TINY, assert_one_line_error, qa_env, run_qa

CARDS_QUESTION = "Which councils scored 1 for safeguarding?"  # answered from the two report cards
PASSAGE_QUESTION = "How long did Section 42 enquiries take?"
PROBE = ("import atexit, runpy, sys\n"
         "atexit.register(lambda: print('loaded:', sorted(m for m in ('torch', 'sentence_transformers', "
         "'transformers', 'faiss') if m in sys.modules), file=sys.stderr))\n"
         "sys.argv = ['qa', *sys.argv[1:]]\nrunpy.run_module('qa', run_name='__main__')")


@pytest.fixture(scope="module")
def two_clean(tmp_path_factory, tiny_clean, qa_embedder) -> Settings:
    """The tiny report and a second council's (safeguarding scored 1), built once from the tiny index's vectors."""
    root = tmp_path_factory.mktemp("lazy")
    shutil.copytree(tiny_clean.corpus, root / "corpus")
    shutil.copytree(tiny_clean.index, root / "index", ignore=shutil.ignore_patterns(".lock"))
    text = TINY.read_text(encoding="utf-8").replace("Tiny Borough", "Northmoor Borough")
    (root / "corpus" / "northmoor-borough-council.md").write_text(text.replace("Score: 3", "Score: 1", 1),
                                                                  encoding="utf-8")
    settings = Settings(corpus=root / "corpus", index=root / "index")
    refresh(settings, qa_embedder)
    return settings


@pytest.fixture()
def two(tmp_path, two_clean) -> Settings:
    shutil.copytree(two_clean.corpus, tmp_path / "corpus")
    shutil.copytree(two_clean.index, tmp_path / "index", ignore=shutil.ignore_patterns(".lock"))
    return Settings(corpus=tmp_path / "corpus", index=tmp_path / "index")


def build_files(index: Path) -> dict[str, Path]:
    build = index / (index / "CURRENT").read_text().strip()
    manifest = json.loads((build / "manifest.json").read_text())
    return {**{p.name: p for p in build.iterdir()}, "vector segment": index / manifest["vectors"]["file"]}


def flip(path: Path) -> None:
    """One byte changed, the size kept: only the checksum can tell."""
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


def ask(settings: Settings, *args) -> list:
    return ["--corpus", settings.corpus, "--index", settings.index, *args]


def run_qa_probe(settings: Settings, *args) -> subprocess.CompletedProcess:
    """``qa ARGS`` as ``run_qa`` runs it, printing on stderr at exit which heavy libraries it imported."""
    argv = [sys.executable, "-c", PROBE, *map(str, args), *map(str, ask(settings))]
    return subprocess.run(argv, capture_output=True, timeout=120, cwd=settings.corpus.parent,
                          env=qa_env(settings.corpus.parent))


def test_a_cards_question_reads_no_vectors_and_a_passage_question_still_refuses_them(two):
    files = build_files(two.index)
    for name in ("vector segment", "tokens.npy", "sentences.npy"):
        flip(files[name])
    where = two.corpus.parent
    proc = run_qa(where, "ask", CARDS_QUESTION, "--json", *ask(two))
    assert proc.returncode == 0, proc.stderr.decode()
    assert "Northmoor Borough Council (1)" in json.loads(proc.stdout)["answer"]
    proc = run_qa(where, "compare", "--csv", *ask(two))
    assert proc.returncode == 0 and b"Northmoor Borough Council" in proc.stdout, proc.stderr.decode()

    line = assert_one_line_error(run_qa(where, "ask", PASSAGE_QUESTION, *ask(two)), "damaged", "run `qa index`")
    assert any(str(files[n]) in line for n in ("vector segment", "sentences.npy")), line
    proc = run_qa(where, "index", *ask(two))  # what the message says to do: it verifies every file and rebuilds
    assert proc.returncode == 0 and b"damaged" in proc.stdout + proc.stderr, proc.stderr.decode()
    proc = run_qa(where, "ask", PASSAGE_QUESTION, *ask(two))
    assert proc.returncode == 0 and b"twenty working days" in proc.stdout, proc.stderr.decode()


def test_no_question_loads_torch_or_faiss(two):
    for args, needle in ((("ask", CARDS_QUESTION, "--json"), b"Northmoor"), (("compare", "--csv"), b"Northmoor"),
                         (("ask", PASSAGE_QUESTION), b"twenty working days")):
        proc = run_qa_probe(two, *args)
        assert proc.returncode == 0 and needle in proc.stdout, proc.stderr.decode()
        loaded = proc.stderr.decode().strip().splitlines()[-1]
        # the passage question reads the vectors as numpy arrays and embeds with numpy: neither torch nor FAISS
        assert loaded == "loaded: []", loaded


def test_damaged_passages_are_found_on_the_first_question_that_needs_them(two):
    flip(build_files(two.index)["passages.jsonl"])
    assistant = Assistant.open(corpus=two.corpus, index=two.index, build=False, lazy=True)
    assert not assistant.summary.built  # opening checks sizes and the cards: this damage is not visible yet
    with pytest.raises(IndexCorruptError, match=r"cannot be used \(damaged: .*passages.jsonl does not match its "
                                                r"checksum .*run `qa index`") as caught:
        assistant.ask(PASSAGE_QUESTION)
    assert "\n" not in str(caught.value)
    with pytest.raises(IndexCorruptError, match="passages.jsonl"):  # and again: a damaged file is never used
        assistant.ask(CARDS_QUESTION)  # its citations are passages
    assert_one_line_error(run_qa(two.corpus.parent, "ask", CARDS_QUESTION, *ask(two)), "passages.jsonl", "damaged")


def test_a_file_of_the_wrong_size_is_still_rebuilt_on_a_lazy_open(two):
    path = build_files(two.index)["bm25.npz"]
    path.write_bytes(path.read_bytes()[:-10])
    assistant = Assistant.open(corpus=two.corpus, index=two.index, lazy=True)
    assert assistant.summary.built and "bm25.npz has" in assistant.summary.reason
    assert assistant.ask(PASSAGE_QUESTION).citations


def test_a_lazy_index_reads_the_build_it_opened_after_newer_builds_removed_it(two, qa_embedder):
    clean = index_mod.load(two.index)
    opened = index_mod.load(two.index, lazy=True)
    folder = opened._build.folder
    for _ in range(2):  # the second build removes the first one's predecessor: the build opened above
        refresh(two, qa_embedder, force=True)
    assert not folder.exists() and index_mod.load(two.index).manifest != opened.manifest
    assert opened.passages == clean.passages and (opened.sentences == clean.sentences).all()
    assert (index_mod._vectors_of(opened) == index_mod._vectors_of(clean)).all()
    assert (opened.tokens.codes == clean.tokens.codes).all() and dict(opened.texts) == dict(clean.texts)


def test_threads_needing_the_same_file_share_one_verified_copy(two):
    index = index_mod.load(two.index, lazy=True)
    start, seen, errors = threading.Barrier(8), [], []

    def need() -> None:
        try:
            start.wait()
            seen.append((index.passages, index.passage_vectors, index.bm25, index.tokens))
        except BaseException as exc:  # noqa: BLE001 - any failure is the finding
            errors.append(exc)

    threads = [threading.Thread(target=need) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and len(seen) == 8
    assert all(all(a is b for a, b in zip(s, seen[0])) for s in seen)
