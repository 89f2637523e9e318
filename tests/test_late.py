"""Late interaction: MaxSim on hand-computed vectors, the int8 round trip, and the token store on disk (offsets
after an incremental rebuild, damage detected)."""

from __future__ import annotations

import numpy as np
import pytest

from qa.errors import IndexNotFoundError
from qa.search import store
from qa.search.build import passage_head, passage_input
from qa.search.late import (content_pieces, dequantize, fit_pca, idf, maxsim, project, quantize, sentence_starts,
                            unit_tokens)
from qa.search.lifecycle import refresh
from qa.search.token_store import _without_head


def test_maxsim_on_hand_computed_vectors():
    q = np.array([[1.0, 0.0], [0.0, 1.0]], dtype=np.float32)
    s = np.sqrt(0.5)
    passages = np.array([[1.0, 0.0], [s, s], [0.0, 1.0], [-1.0, 0.0]], dtype=np.float32)
    codes, offsets = quantize(passages), np.array([0, 2, 2, 4])  # passage 1 has no tokens
    # passage 0: q1 best 1.0, q2 best s; passage 2: q1 best 0.0 (not -1), q2 best 1.0; weights 1 and 3
    expected = [(1.0 + 3 * s) / 4, 0.0, (0.0 + 3 * 1.0) / 4]
    np.testing.assert_allclose(maxsim(q, np.array([1.0, 3.0]), codes, offsets, [0, 1, 2]), expected, atol=1e-2)
    np.testing.assert_allclose(maxsim(q, np.array([1.0, 3.0]), codes, offsets, [2]), expected[2:], atol=1e-2)


def test_maxsim_of_the_best_sentence_on_hand_computed_vectors():
    """Passage 0 answers each question word in a different sentence, passage 1 both in one sentence (half as
    well): over whole passages 0 wins, over best sentences 1 does; ``sentence`` is the share of the latter."""
    q = np.array([[1.0, 0.0], [0.0, 1.0]], dtype=np.float32)
    s, stop = np.sqrt(0.5), [-1.0, 0.0]
    rows = np.array([[1.0, 0.0], stop, [0.0, 1.0], stop, [s, s], stop], dtype=np.float32)
    ids = np.array([10, 1012, 11, 1012, 12, 1012], dtype=np.int32)
    codes, offsets, w = quantize(rows), np.array([0, 4, 6]), np.array([1.0, 1.0])
    whole = maxsim(q, w, codes, offsets, [0, 1])
    np.testing.assert_allclose(whole, [1.0, s], atol=1e-2)  # no sentence ends given: per passage, as before
    np.testing.assert_allclose(maxsim(q, w, codes, offsets, [0, 1], ids, [1012], 0.0), whole)
    alone = maxsim(q, w, codes, offsets, [0, 1], ids, [1012], 1.0)
    np.testing.assert_allclose(alone, [0.5, s], atol=1e-2)  # each sentence of passage 0 holds one word of two
    mixed = maxsim(q, w, codes, offsets, [1, 0], ids, [1012], 0.4)
    np.testing.assert_allclose(mixed, [s, 0.6 * 1.0 + 0.4 * 0.5], atol=1e-2)
    assert maxsim(q, w, codes, offsets, [0], ids, [999], 1.0)[0] == pytest.approx(1.0, abs=1e-2)  # no end: one sentence


def test_sentences_start_after_each_end_within_their_passage():
    ids = np.array([5, 1012, 7, 1029, 8, 1012, 9, 10])
    assert sentence_starts(ids, np.array([0, 6]), [1012, 1029]).tolist() == [0, 2, 4, 6]
    assert sentence_starts(ids, np.array([0, 6]), []).tolist() == [0, 6]
    assert sentence_starts(ids[:2], np.array([0]), [1012]).tolist() == [0]  # an end that closes its passage


def test_an_index_records_the_models_sentence_ends(built_index):
    from qa.search.retrieve import Retriever

    assert built_index.index.manifest["late"]["sentence_ends"] == [999, 1012, 1029]  # "!", ".", "?" in MiniLM
    assert Retriever(built_index.index)._ends == (999, 1012, 1029)


def test_int8_round_trip_within_tolerance():
    rng = np.random.default_rng(7)
    vecs = rng.normal(size=(500, 384)).astype(np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    back = dequantize(quantize(vecs))
    assert quantize(vecs).dtype == np.int8
    assert np.abs(back - vecs).max() <= 0.5 / 127 + 1e-7
    cos = np.sum(back * vecs, axis=1) / np.linalg.norm(back, axis=1)
    assert cos.min() > 0.998  # random unit vectors: components ~0.05, so 1/254 rounding costs ~1e-3


def test_unit_tokens_drop_specials_and_normalise():
    tokens = np.array([[3.0, 4.0], [0.0, 2.0], [1.0, 1.0]], dtype=np.float32)
    vecs, ids = unit_tokens(tokens, np.array([101, 7592, 102]), frozenset({101, 102}))
    assert ids.tolist() == [7592] and vecs.tolist() == [[0.0, 1.0]]


def test_the_question_pieces_maxsim_reads_are_its_content_words():
    pieces = ["what", "percentage", "of", "care", "##rs", "were", "over", "##due", "a", "review", "?"]
    kept = [p for p, keep in zip(pieces, content_pieces(pieces)) if keep]
    assert kept == ["percentage", "care", "##rs", "over", "##due", "review"]  # "over" is no stop word here
    assert content_pieces(["what", "is", "it", "?"]).tolist() == [False] * 4 and len(content_pieces([])) == 0
    assert content_pieces(["3", ",", "93", "##1", "%"]).tolist() == [True, False, True, True, False]


def test_a_passages_stored_rows_start_after_its_heading():
    vecs, ids = np.arange(10.0).reshape(5, 2), np.array([7, 8, 1, 2, 3])
    rows, kept = _without_head(vecs, ids, np.array([7, 8]))
    assert kept.tolist() == [1, 2, 3] and rows.tolist() == vecs[2:].tolist()
    assert _without_head(vecs, ids, np.array([7, 9]))[1].tolist() == ids.tolist()  # not its heading: all kept


def test_real_question_pieces(qa_embedder):
    _, _, ids = qa_embedder.embed_query_tokens("How many carers were assessed?")
    names = qa_embedder.piece_names(ids)
    assert [n for n, k in zip(names, content_pieces(names)) if k] == ["many", "care", "##rs", "assessed"]


def test_idf_counts_passages_not_occurrences():
    ids, offsets = np.array([5, 5, 6, 5]), np.array([0, 3, 4])  # 5 in both passages (three times), 6 in one
    got = idf(ids, offsets, 8)
    assert got[5] == pytest.approx(np.log1p(0.5 / 2.5)) and got[6] == pytest.approx(np.log1p(1.5 / 1.5))
    assert got[0] == got.max()  # a word piece no passage holds weighs most


def test_pca_keeps_the_main_axes():
    rng = np.random.default_rng(3)
    x = (rng.normal(size=(2000, 2)) * [5.0, 0.1]) @ np.array([[0.6, 0.8], [-0.8, 0.6]])
    pca = fit_pca(x.astype(np.float32), 1)
    assert pca.shape == (2, 2) and abs(abs(float(pca[1] @ [0.6, 0.8])) - 1) < 1e-3
    assert project(x[:3].astype(np.float32), np.zeros((0, 2), np.float32)).shape == (3, 2)


def test_token_store_lines_up_with_passages_after_an_incremental_rebuild(built_index, qa_embedder, tmp_path):
    """A second report is added: Derby's token rows are reused, and every passage's rows are still its own."""
    settings = built_index.copy_to(tmp_path)
    derby = built_index.index
    (settings.corpus / "tiny-borough-council.md").write_text(
        "# Tiny Borough Council: local authority assessment\n\n## Overall summary\n\nTiny Borough Council\n\nGood\n\n"
        "## Safeguarding\n\nThe lighthouse team screened every safeguarding concern on the day it arrived, and "
        "families said the team kept them informed about what would happen next.\n", encoding="utf-8")
    loaded, summary = refresh(settings, qa_embedder)
    assert summary.built and summary.reused >= len(derby.passages)
    tokens = loaded.tokens
    assert len(tokens.offsets) == len(loaded.passages) + 1 and tokens.offsets[-1] == len(tokens.codes)
    assert isinstance(tokens.codes, np.memmap)
    old = {p.id: n for n, p in enumerate(derby.passages)}
    for n, p in enumerate(loaded.passages):
        codes, ids = tokens.passage(n)
        if p.id in old:
            before_codes, before_ids = derby.tokens.passage(old[p.id])
            assert np.array_equal(codes, before_codes) and np.array_equal(ids, before_ids), p.id
        else:
            vecs, fresh_ids = qa_embedder.embed_documents_with_tokens([passage_input(p)])[1][0]
            head = len(qa_embedder.word_pieces([passage_head(p)])[0])  # the heading's pieces are not stored
            assert head > 0 and len(fresh_ids) == head + len(ids)
            want = project(vecs[head:], tokens.pca)  # the store keeps them reduced by its PCA (LateSettings.dimension)
            assert np.array_equal(ids, fresh_ids[head:]) and np.abs(dequantize(codes) - want).max() < 0.01
    assert any(p.report == "tiny-borough-council" for p in loaded.passages)


@pytest.mark.parametrize("name", ["tokens.npy", "token_offsets.npy"])
def test_a_damaged_token_file_is_detected(built_index, qa_embedder, tmp_path, name):
    settings = built_index.copy_to(tmp_path)
    build = settings.index / (settings.index / "CURRENT").read_text(encoding="utf-8").strip()
    data = bytearray((build / name).read_bytes())
    data[-1] ^= 0xFF
    (build / name).write_bytes(bytes(data))
    with pytest.raises(IndexNotFoundError, match=rf"cannot be used \(damaged: .*{name}"):
        refresh(settings, qa_embedder, build=False)
    assert name in store.FILES


def test_heading_pieces_are_those_of_the_embedding_pass(qa_embedder):
    """word_pieces (numpy encoder's tokenizer) gives the pieces sentence-transformers' tokenizer gives."""
    head = "Theme 1: How Derby works with people › Assessing needs:"
    tokenizer = qa_embedder._model().tokenizer
    special = set(tokenizer.all_special_ids)
    want = [i for i in tokenizer(head, add_special_tokens=False)["input_ids"] if i not in special]
    assert qa_embedder.word_pieces([head])[0].tolist() == want
    assert qa_embedder.piece_names(want)[-1] == ":"
