"""Corruption matrix: every file of an index truncated, flipped, deleted, and the manifest edited.

Each damage must be caught (refusing to use the index without building is a one-line QAError) and opening the
index must rebuild it into one equal to a clean build, embedding nothing that the vector store still holds.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from qa.api import refresh
from qa.errors import IndexNotFoundError, QAError
from qa.search import index as index_mod
from qa.search import store


def build_dir(index: Path) -> Path:
    return index / (index / "CURRENT").read_text().strip()


def targets(index: Path) -> dict[str, Path]:
    """Every file the live build reads, by a name that does not depend on hashes."""
    build = build_dir(index)
    manifest = json.loads((build / "manifest.json").read_text())
    files = {name: build / name for name in (*store.FILES, "manifest.json", store.DIGEST)}
    files["vector segment"] = index / manifest["vectors"]["file"]
    files["CURRENT"] = index / "CURRENT"
    return files


def truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def flip(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


def delete(path: Path) -> None:
    path.unlink()


NAMES = (*store.FILES, "manifest.json", store.DIGEST, "vector segment", "CURRENT")


@pytest.mark.parametrize("damage", [truncate, flip, delete], ids=lambda f: f.__name__)
@pytest.mark.parametrize("name", NAMES)
def test_damaged_file_is_caught_then_rebuilt_equal_to_a_clean_build(tiny, tiny_clean, qa_embedder, name, damage):
    clean = index_mod.load(tiny_clean.index)
    damage(targets(tiny.index)[name])
    if name == "CURRENT" and damage is delete:  # no pointer is no index: it is built, not refused as damage
        with pytest.raises(IndexNotFoundError, match="no index yet"):
            refresh(tiny, qa_embedder, build=False)
    else:
        with pytest.raises(QAError) as caught:
            refresh(tiny, qa_embedder, build=False)
        assert "\n" not in str(caught.value) and "damaged" in str(caught.value)
    loaded, summary = refresh(tiny, qa_embedder)
    assert summary.built
    assert loaded.passages == clean.passages and loaded.abbreviations == clean.abbreviations
    assert (loaded.sentences == clean.sentences).all()
    assert (index_mod._vectors_of(loaded) == index_mod._vectors_of(clean)).all()
    # only the vector segment holds vectors: any other damage re-embeds no vector, though the passages are run
    # through the model again for their token vectors (late interaction), which live in the damaged build
    if name == "vector segment":  # every text is embedded again (a sentence that reads as its passage, once)
        assert summary.reused == 0 and summary.embedded > summary.passages
    else:
        assert summary.embedded == summary.passages
    refresh(tiny, qa_embedder, build=False)  # and the rebuilt index is used as it is


def resign(index: Path, manifest: dict) -> None:
    """An editor who also rewrote the digest file: only the folder's name still tells."""
    build = build_dir(index)
    body = json.dumps(manifest, indent=2, sort_keys=True).encode()
    (build / "manifest.json").write_bytes(body)
    (build / store.DIGEST).write_text(hashlib.sha256(body).hexdigest() + "\n")


EDITS = {
    "acronym list": lambda m: m["abbreviations"].update(asc="a stolen credential"),
    "passage text and its sha256": lambda m: m["files"]["passages.jsonl"].update(sha256="0" * 64),
    "model dimension": lambda m: m["model"].update(dimension=768),
    "vector segment path": lambda m: m["vectors"].update(file="../../etc/passwd"),
}


@pytest.mark.parametrize("edit", EDITS.values(), ids=EDITS.keys())
@pytest.mark.parametrize("signed", [False, True], ids=["digest-stale", "digest-rewritten"])
def test_an_edited_manifest_is_damage(tiny, tiny_clean, qa_embedder, edit, signed):
    path = build_dir(tiny.index) / "manifest.json"
    manifest = json.loads(path.read_text())
    edit(manifest)
    if signed:
        resign(tiny.index, manifest)
    else:
        path.write_text(json.dumps(manifest, indent=2, sort_keys=True))
    needle = "folder's name" if signed else "does not match its digest"
    with pytest.raises(IndexNotFoundError, match=needle):
        refresh(tiny, qa_embedder, build=False)
    loaded, summary = refresh(tiny, qa_embedder)
    assert summary.built and summary.embedded == summary.passages  # token vectors only: no vector re-embedded
    assert loaded.passages == index_mod.load(tiny_clean.index).passages
    assert "asc" not in loaded.abbreviations or loaded.abbreviations["asc"] != "a stolen credential"
