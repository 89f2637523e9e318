"""Hybrid retrieval on the real report with the real model: the right passage comes first, each side works alone."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from qa.errors import QuestionError
from qa.search.fusion import combine, fuse, ranking, scale


@pytest.fixture(scope="module")
def assistant(built_index, qa_embedder):
    from qa.api import Assistant

    return Assistant(built_index.settings, built_index.index, qa_embedder, built_index.summary)


def test_fusion_on_hand_computed_values():
    fused = dict(fuse([[1, 2], [2, 3]], [1.0, 1.0], k=60))
    assert fused[2] == pytest.approx(1 / 62 + 1 / 61)
    assert fused[1] == pytest.approx(1 / 61)
    assert fused[3] == pytest.approx(1 / 62)
    assert [i for i, _ in fuse([[1, 2], [2, 3]], [1.0, 1.0], k=60)] == [2, 1, 3]


def test_fusion_weights_and_ties():
    assert fuse([[5], [6]], [2.0, 1.0], k=1) == [(5, 1.0), (6, 0.5)]
    assert [i for i, _ in fuse([[9], [4]], [1.0, 1.0], k=60)] == [4, 9]  # a tie goes to the lower id
    assert fuse([], [], k=60) == []


def test_scaling_on_hand_computed_values():
    # depth 3 of [4, 1, 2, 3]: floor is the third best (2), top 4; below the floor counts 0
    assert scale(np.array([4.0, 1.0, 2.0, 3.0]), depth=3).tolist() == [1.0, 0.0, 0.0, 0.5]
    assert scale(np.array([4.0, 1.0, 2.0, 3.0]), depth=10).tolist() == pytest.approx([1.0, 0.0, 1 / 3, 2 / 3])
    assert scale(np.zeros(4), depth=2).tolist() == [0.0] * 4  # BM25 with no query word in the report
    assert scale(np.array([]), depth=5).tolist() == []


def test_convex_combination_on_hand_computed_values():
    bm25, cosine = np.array([6.0, 0.0, 3.0]), np.array([0.2, 0.8, 0.5])
    total = combine([bm25, cosine], [0.25, 0.75], depth=3)
    assert total.tolist() == pytest.approx([0.25 * 1.0 + 0.75 * 0.0, 0.25 * 0.0 + 0.75 * 1.0, 0.25 * 0.5 + 0.75 * 0.5])
    assert ranking(total, 3) == [1, 2, 0]
    assert ranking(np.array([0.0, 2.0, 0.0]), 3, positive=True) == [1]
    assert ranking(np.array([1.0, 1.0]), 2) == [0, 1]  # a tie goes to the lower position


# Questions written for this test, each with a phrase only its answering passage holds.
QUESTIONS = [
    ("What is the population of the city?", "The population of the city is 263,490"),
    ("How many overdue reviews were there?", "1454 overdue reviews"),
    ("average wait for community support assessments", "30.9 days at the end of March 2024"),
    ("How long did mental health assessments take?", "Mental health assessments took an average of 14.5 days"),
    ("maximum wait for a financial assessment", "The maximum wait for financial assessments was 337 days"),
    ("How many referrals did the equipment service get?", "846 referrals to the equipment service"),
    ("people supported by local area coordinators", "550 people were being supported"),
    ("percentage of staff who completed MCA DoLS training", "59.5% of staff completed MCA DoLS training"),
    ("How many complaints were upheld by the Ombudsman?", "There was 1 complaint upheld"),
    ("What did the Safeguarding Adults Board say about the council?", "'promoting a culture of openness'"),
    ("How were interpreters provided for people who don't speak English?", "commissioned an interpreter service"),
    ("What happened to the occupational therapy team's vacant posts?", "vacant posts that had not been recruited"),
    ("DoLS backlog at the time of the site visit", "this had reduced to 252"),
]


@pytest.mark.parametrize("question,evidence", QUESTIONS)
def test_question_finds_its_passage_in_the_top_three(assistant, question, evidence):
    hits = assistant.retrieve(question, k=3)
    assert any(evidence in h.passage.text for h in hits), [h.passage.text[:80] for h in hits]


def test_vector_search_equals_faiss_search(assistant):
    """Our cosines read the vectors FAISS stores and must rank exactly as FAISS's IndexFlatIP search does."""
    import numpy as np

    from qa.search.fusion import ranking

    def top_cosine(vectors, vector, lo, hi, depth):
        return [lo + i for i in ranking(vectors[lo:hi] @ vector, depth)]

    index = assistant.index
    for question in ("How long do people wait for a financial assessment?", "carers and respite", "DoLS"):
        vector = assistant.embedder.embed_query(question)
        for faiss_index, vectors in ((index.passage_faiss, index.passage_vectors),
                                     (index.sentence_faiss, index.sentence_vectors)):
            scores, ids = faiss_index.search(vector.reshape(1, -1).astype(np.float32), 20)
            ours = top_cosine(vectors, vector, 0, faiss_index.ntotal, 20)
            # same cosines rank by rank; ids may only differ where two cosines tie to float rounding
            np.testing.assert_allclose(vectors[ours] @ vector, scores[0], atol=1e-5)
            for mine, theirs in zip(ours, ids[0].tolist()):
                assert mine == theirs or abs(float(vectors[mine] @ vector - vectors[theirs] @ vector)) < 1e-5
        lo, hi = 10, 60  # a range, as when one report is searched
        _, ids = index.passage_faiss.search(vector.reshape(1, -1), 50)
        in_range = [i for i in ids[0].tolist() if lo <= i < hi][:5]
        mine = top_cosine(index.passage_vectors, vector, lo, hi, 5)
        assert all(lo <= i < hi for i in mine) and len(set(mine) ^ set(in_range)) <= 2


def test_best_sentence_signal_equals_brute_force(assistant):
    r = assistant.retriever
    index = assistant.index
    vector = assistant.embedder.embed_query("How long do people wait for an occupational therapist?")
    best = r._best_sentences(vector, 0, len(index.passages))
    for n in range(len(index.passages)):
        a, b = index.sentence_start[n], index.sentence_start[n + 1]
        want = max((float(r._svecs[i] @ vector) for i in range(a, b)), default=-1.0)
        assert best[n] == pytest.approx(want, abs=1e-6)
    lo, hi = 20, 45
    assert np.allclose(r._best_sentences(vector, lo, hi), best[lo:hi])


def test_reciprocal_rank_fusion_remains_available(assistant):
    from qa.config import Fusion
    from qa.search.retrieve import Retriever

    rrf = Retriever(assistant.index, Fusion(method="rrf"))
    for question, evidence in QUESTIONS[:6]:
        query = assistant.understand(question)
        hits = rrf.search(query, assistant.embedder.embed_query(query.text), k=5)
        assert any(evidence in h.passage.text for h in hits), question
        assert all(a.score >= b.score for a, b in zip(hits, hits[1:]))


def test_hits_explain_themselves(assistant):
    hits = assistant.retrieve("How many safeguarding referrals were there?", k=10)
    assert [h.rank for h in hits] == list(range(1, 11))
    assert all(a.score >= b.score for a, b in zip(hits, hits[1:]))
    assert len({h.passage.id for h in hits}) == len(hits)
    assert any(h.bm25_rank is not None and h.vector_rank is not None for h in hits)


def test_bm25_alone(assistant):
    hits = assistant.retrieve("section 42 enquiry threshold referrals", k=3, mode="bm25")
    assert any("1866, of these met the section 42 enquiry threshold" in h.passage.text for h in hits)
    assert all(h.vector_rank is None and h.bm25_rank is not None for h in hits)


def test_dense_alone_finds_an_everyday_wording(assistant):
    hits = assistant.retrieve("people who cannot hear well and sign language", k=3, mode="dense")
    assert any("deaf" in h.passage.text.lower() for h in hits)
    assert all(h.bm25_rank is None and h.vector_rank is not None for h in hits)


def test_score_question_puts_the_score_passage_first(assistant):
    hit = assistant.retrieve("What did the council score for safeguarding?", k=5)[0]
    assert "Safeguarding" in hit.passage.section and "Score: 2" in hit.passage.text


def test_naming_the_council_does_not_pull_passages_that_merely_mention_it(assistant):
    with_name = assistant.retrieve("How long do people in Derby wait for a financial assessment?", k=3)
    assert any("65.38 days" in h.passage.text for h in with_name)


@pytest.mark.parametrize("kwargs,message", [
    ({"question": ""}, "empty"),
    ({"question": "   "}, "empty"),
    ({"question": "care", "k": 0}, "k must be at least 1"),
    ({"question": "care", "mode": "fuzzy"}, "unknown mode 'fuzzy'"),
    ({"question": "care", "report": "nowhere-council"}, "no report 'nowhere-council'"),
])
def test_bad_options_raise_question_error(assistant, kwargs, message):
    with pytest.raises(QuestionError, match=message):
        assistant.retrieve(**kwargs)


def test_import_qa_does_not_load_heavy_libraries():
    code = ("import sys, qa; from qa import Assistant, Answer; "
            "heavy = [m for m in ('torch', 'sentence_transformers', 'faiss', 'transformers') if m in sys.modules]; "
            "print(heavy); sys.exit(1 if heavy else 0)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_answering_a_question_does_not_load_torch(built_index):
    """The one-shot path: open an existing index and ask, embedding the question without torch."""
    code = (
        "import sys; from qa import Assistant; "
        f"a = Assistant.open(corpus={str(built_index.settings.corpus)!r}, index={str(built_index.settings.index)!r}); "
        "ans = a.ask('How long do people wait for a financial assessment?'); "
        "assert '65.38' in ans.text or '337' in ans.text, ans.text; "
        "sys.exit(1 if 'torch' in sys.modules else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr[-2000:]


def test_numpy_question_encoder_gives_sentence_transformers_vectors_and_results(assistant, qa_embedder):
    """The torch-free question encoder must change nothing a reader sees: same vectors, same result lists."""
    import numpy as np

    from qa.tools.evaluate import load_questions

    model = qa_embedder._model()
    questions = [q.question for q in load_questions(Path(__file__).resolve().parents[1] / "eval" / "derby.jsonl")]
    ours = np.stack([qa_embedder.embed_query(q) for q in questions])
    theirs = model.encode(questions, normalize_embeddings=True, convert_to_numpy=True)
    assert float(np.min(np.sum(ours * theirs, axis=1))) >= 0.9999

    from qa.search.late import content_pieces

    for q in questions:
        query = assistant.understand(q)
        reference = model.encode([query.text], normalize_embeddings=True, convert_to_numpy=True)[0]
        _, [(pieces, ids)] = qa_embedder.embed_documents_with_tokens([query.text])  # sentence-transformers' pass
        keep = content_pieces(qa_embedder.piece_names(ids))
        found = assistant.retriever.search(query, reference, k=10, tokens=(pieces[keep], ids[keep]))
        assert [h.passage.id for h in found] == \
               [h.id for h in (h.passage for h in assistant.retrieve(q, k=10))], q


def test_a_question_runs_on_one_blas_thread_and_leaves_the_setting_as_it_was(assistant):
    """Two BLAS threads on small matrices only contend with whatever else runs (qa/search/threads.py)."""
    from threadpoolctl import threadpool_info

    from qa.search.threads import one_blas_thread

    def blas_threads():
        # numpy's own BLAS, the one its matrix products use (scipy, loaded later by other tests, brings another)
        return [lib["num_threads"] for lib in threadpool_info()
                if lib["user_api"] == "blas" and "numpy" in lib["filepath"]]

    before = blas_threads()
    assert before, "numpy's BLAS is loaded"
    with one_blas_thread():
        assert set(blas_threads()) == {1}
    assert blas_threads() == before
    assistant.ask("How long do people wait for a financial assessment?")
    assert blas_threads() == before


def test_the_sketch_scores_exactly_the_passages_it_keeps_and_ranks_them_as_exact_cosines_do(assistant):
    """Over many reports the vectors are read from an 8-bit 128-dimension sketch first, then exactly for the
    sentences and passages it ranks highest (qa/search/sketch.py); here on the real report's 630 sentences,
    keeping 200 of them and 60 of its 198 passages."""
    from qa.search.sketch import Sketch

    vectors = np.asarray(assistant.index.sentence_vectors)
    passages = np.asarray(assistant.index.passage_vectors)
    starts = np.asarray(assistant.index.sentence_start)
    sketch = Sketch.of(vectors, passages)
    assert (sketch.sentences.ntotal, sketch.passages.ntotal) == (len(vectors), len(passages))
    assert sketch.sentences.d == 128 and np.allclose(sketch.axes @ sketch.axes.T, np.eye(128), atol=1e-4)
    for question in ("How long do people wait for a financial assessment?", "What did carers say about respite?",
                     "How many safeguarding referrals were there?"):
        vector = assistant.embedder.embed_query(question)
        exact = np.array([(vectors[a:b] @ vector).max() if b > a else -1.0 for a, b in zip(starts[:-1], starts[1:])])
        got = sketch.best(vectors, starts, vector, keep=200)
        kept = got > got[starts[1:] > starts[:-1]].min()
        assert np.allclose(got[kept], exact[kept], atol=1e-5)  # what it keeps is scored exactly
        assert kept.sum() >= 40  # every passage whose best sentence is among the 200
        assert list(np.argsort(-got)[:10]) == list(np.argsort(-exact)[:10])  # the best ten as exact cosines give
        assert np.allclose(sketch.best(vectors, starts, vector, keep=630), exact, atol=1e-6)  # all kept: exact
        # a report's range of sentences alone, in the middle of the index: passages 20 to 150
        part = starts[20:151]
        got = sketch.best(vectors, part, vector, keep=150)
        assert len(got) == 130 and list(np.argsort(-got)[:10]) == list(np.argsort(-exact[20:150])[:10])
        # the passage vectors alike, over any range of them: all, the passages after the first 20, 20 to 150
        for lo, hi in ((0, len(passages)), (20, len(passages)), (20, 150)):
            exact = passages[lo:hi] @ vector
            got = sketch.cosines(passages, lo, hi, vector, keep=60)
            kept = got > got.min()
            assert len(got) == hi - lo and np.allclose(got[kept], exact[kept], atol=1e-5) and kept.sum() >= 58
            assert list(np.argsort(-got)[:10]) == list(np.argsort(-exact)[:10])
        assert np.array_equal(sketch.cosines(passages, 5, 50, vector, keep=60), passages[5:50] @ vector)  # few: exact


def test_a_retriever_reads_through_the_sketch_only_over_many_sentences(assistant):
    from qa.search.retrieve import Retriever

    question = "How long do people wait for a financial assessment?"
    query = assistant.understand(question)
    vector = assistant.embedder.embed_query(query.text)
    small = Retriever(assistant.index, assistant.retriever.fusion.__class__(late=0))
    forced = Retriever(assistant.index, small.fusion, sketch_rows=100, sketch_keep=(400, 150))  # FAISS read first
    assert [h.passage.id for h in small.search(query, vector)] == [h.passage.id for h in forced.search(query, vector)]
    assert small._sketch is None and forced._sketch is not None
    import faiss

    before = faiss.omp_get_max_threads()
    forced.search(query, vector)
    assert faiss.omp_get_max_threads() == before  # one thread for the sketch's search only
