"""Tests for qa.search.lexical: the shared tokenizer, BM25Index parity with rank-bm25, and acronym mining."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rank_bm25 import BM25Okapi

from qa.ingest.abbreviations import mine_abbreviations
from qa.search.bm25 import BM25Index
from qa.tokens import stem, tokenize

REPORT = Path(__file__).resolve().parents[1] / "corpus" / "derby-city-council.md"


@pytest.fixture(scope="module")
def report_text() -> str:
    if not REPORT.exists():
        pytest.skip(f"real report not available at {REPORT}")
    return REPORT.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def paragraphs(report_text: str) -> list[str]:
    return [p for p in re.split(r"\n\s*\n", report_text) if p.strip()]


# ---------------------------------------------------------------- tokenizer: figures


@pytest.mark.parametrize(
    "a, b",
    [
        ("3,931", "3931"),
        ("£1,672,000", "1672000"),
        ("£1,672,000", "£1.672m"),
        ("£1,672,000", "1.672 million"),
        ("42.11%", "42.11"),
        ("42.11 %", "42.11"),
        ("17.0%", "17"),
        ("2023/24", "2023/2024"),
        ("2023/24", "2023-24"),
        ("2023/24", "2023 – 2024"),
        ("2022/23", "2022 to 2023"),
        ("67th", "67"),
    ],
)
def test_figures_match_however_written(a: str, b: str) -> None:
    assert tokenize(a) == tokenize(b)
    assert len(tokenize(a)) == 1


def test_figures_exact_tokens() -> None:
    assert tokenize("3,931 people") == ["3931", "peopl"]
    assert tokenize("£1,672,000 more") == ["1672000", "mor"]
    assert tokenize("42.11%") == ["42.11"]
    assert tokenize("65.38 days") == ["65.38", "day"]
    assert tokenize("in 2023/24, and 2022/2023.") == ["2023/24", "2022/23"]
    assert tokenize("6-8 months") == ["6", "8", "month"]
    assert tokenize("aged 18 – 64 years") == ["ag", "18", "64", "year"]
    assert tokenize("1-24hrs") == ["1", "24", "hour"]
    # Non-consecutive year pairs are two years, not a financial year.
    assert tokenize("2019-2023") == ["2019", "2023"]
    # A sentence-ending full stop is not a decimal point; a list comma is not a thousands separator.
    assert tokenize("In 2023.") == ["2023"]
    assert tokenize("(out of 317, 1 being)") == ["out", "317", "1"]


@settings(derandomize=True)
@given(st.integers(min_value=0, max_value=10**12))
def test_thousands_separators_property(n: int) -> None:
    assert tokenize(f"{n:,}") == tokenize(str(n)) == [str(n)]
    assert tokenize(f"£{n:,}") == [str(n)]


@settings(derandomize=True)
@given(st.integers(min_value=1900, max_value=2098))
def test_financial_year_forms_property(y: int) -> None:
    want = [f"{y}/{(y + 1) % 100:02d}"]
    for sep in ("/", "-", "–", " to ", " / "):
        assert tokenize(f"{y}{sep}{(y + 1) % 100:02d}") == want
        assert tokenize(f"{y}{sep}{y + 1}") == want


# ---------------------------------------------------------------- tokenizer: words


@pytest.mark.parametrize(
    "group",
    [
        ["referral", "referrals"],
        ["assess", "assessed", "assessment", "assessments", "assessing", "assesses"],
        ["carer", "carers", "carers'"],
        ["family", "families"],
        ["wait", "waits", "waiting", "waited"],
        ["service", "services"],
        ["policy", "policies"],
        ["review", "reviews", "reviewed", "reviewing"],
        ["care", "caring", "cared"],
        ["manage", "managed", "managing", "management"],
        ["staff", "staffed", "staffing"],
        ["plan", "plans", "planned", "planning"],
        ["need", "needs", "needed"],
        ["agree", "agreed"],
        ["placement", "placements"],
        ["day", "days"],
        ["month", "months"],
        ["wellbeing", "well-being"],
        ["reablement", "re-ablement"],
        ["coproduction", "co-production"],
        # short forms a reader types for the words a report spells out
        ["minutes", "mins"],
        ["weeks", "wks", "wk"],
        ["people", "ppl"],
        ["average", "avg"],
        ["february", "Feb"],
        ["september", "Sept", "Sep"],
    ],
)
def test_inflections_meet(group: list[str]) -> None:
    stems = {tokenize(w)[-1] for w in group}
    assert len(stems) == 1, {w: tokenize(w) for w in group}


@pytest.mark.parametrize(
    "a, b", [("carer", "care"), ("placement", "place"), ("statement", "state"), ("document", "docu"), ("provider", "provide")]
)
def test_distinct_words_stay_apart(a: str, b: str) -> None:
    assert stem(a) != stem(b)


def test_words_not_mangled() -> None:
    assert stem("family") == "family" and stem("families") == "family"
    assert stem("policies") == "policy"
    assert stem("need") == "need" and stem("bring") == "bring" and stem("assess") == "assess"
    assert stem("status") == "status" and stem("analysis") == "analysis" and stem("process") == "process"
    assert stem("added") == "add" and stem("referral") == "referral"


def test_stop_words_dropped_question_words_kept() -> None:
    assert tokenize("the of and to in is was by with from which") == []
    kept = "most first part not no over under below long many much"
    assert tokenize(kept) == kept.split()
    assert tokenize("What was the most common reason?") == ["most", "common", "reason"]


def test_apostrophes_and_case() -> None:
    assert tokenize("People's experiences") == tokenize("people experiences")
    assert tokenize("Carers didn't feel heard") == ["carer", "not", "feel", "heard"]
    assert tokenize("DERBY City") == tokenize("derby city") == ["derby", "city"]
    assert tokenize("") == [] and tokenize("  ** -- ") == []


def test_real_paragraph_tokens(paragraphs: list[str]) -> None:
    text = next(p for p in paragraphs if "3,931" in p)
    toks = tokenize(text)
    assert "3931" in toks and "3,931" not in toks
    all_toks = {t for p in paragraphs for t in tokenize(p)}
    for want in ("1672000", "4655", "2023/24", "2022/23", "42.11", "65.38", "family", "assess", "carer"):
        assert want in all_toks, want
    assert not any(t in all_toks for t in ("the", "of", "and", "fami", "3,931"))
    assert all(t == t.lower() and len(t) > 1 or t.isdigit() for t in all_toks)


# ---------------------------------------------------------------- BM25Index parity with rank-bm25

QUESTIONS = [
    "How long were people waiting for a Care Act assessment?",
    "What was the total budget in 2022/23?",
    "How much did the local authority spend on adult social care in 2022/2023?",
    "How many people were accessing long-term support?",
    "How many people were accessing short-term support?",
    "What is the population of Derby?",
    "Deprivation of Liberty Safeguards waiting list",
    "DoLS applications backlog",
    "What percentage of carers received direct payments?",
    "Integrated Care Board partnership working",
    "Better Care Fund",
    "Mental Capacity Act training for staff",
    "occupational therapy waiting times",
    "What score did safeguarding get?",
    "Which quality statement scored 3?",
    "Partnerships and communities",
    "reablement 91 days after discharge from hospital",
    "3,931 people",
    "3931",
    "£1,672,000 more than estimated",
    "42.11%",
    "65.38 days",
    "6-8 months",
    "British Sign Language deaf community",
    "learning disabilities and autism provision gaps",
    "Joint Strategic Needs Assessment digital tool",
    "carers carers carers",  # repeated token
    "waiting waiting list list list",  # repeated tokens
    "zebra quantum xylophone",  # unknown only
    "zebra waiting assessment zebra",  # unknown mixed with known
    "",  # empty query
    "local authority people support care",  # very common terms (low or floored idf)
    "the of and",  # stop words only
    "co-production with people with lived experience",
    "transitions from children's services to adult services",
]


@pytest.fixture(scope="module")
def para_tokens(paragraphs: list[str]) -> list[list[str]]:
    return [tokenize(p) for p in paragraphs]


def test_scores_equal_rank_bm25_on_report(para_tokens: list[list[str]]) -> None:
    ref = BM25Okapi(para_tokens)
    idx = BM25Index.build(para_tokens)
    assert len(QUESTIONS) >= 30
    raw_queries = [tokenize(q) for q in QUESTIONS] + [["not", "not", "not"], ["car"] * 5, ["no-such-token"] * 3]
    for q in raw_queries:
        got, want = idx.scores(q), ref.get_scores(q)
        assert got.shape == (len(para_tokens),)
        np.testing.assert_allclose(got, want, rtol=0, atol=1e-6, err_msg=str(q))


def test_negative_idf_floor_on_report_text(para_tokens: list[list[str]]) -> None:
    # Terms in more than half the docs have negative raw idf; rank-bm25 replaces it with epsilon * average idf.
    docs = para_tokens + [["car", "peopl"]] * len(para_tokens)
    ref, idx = BM25Okapi(docs), BM25Index.build(docs)
    assert idx.idf[idx.vocab["car"]] == pytest.approx(ref.idf["car"]) == pytest.approx(0.25 * ref.average_idf)
    for q in (["car"], ["car", "peopl", "assess"], ["car", "car"], ["peopl", "zebra", "peopl"]):
        np.testing.assert_allclose(idx.scores(q), ref.get_scores(q), rtol=0, atol=1e-6)


VOCAB = st.sampled_from(list("abcdefg"))
CORPUS = st.lists(st.lists(VOCAB, max_size=12), min_size=1, max_size=12).filter(lambda c: any(c))
QUERY = st.lists(st.one_of(VOCAB, st.sampled_from(["zz", "unknown"])), max_size=8)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(CORPUS, QUERY)
def test_scores_equal_rank_bm25_property(corpus: list[list[str]], query: list[str]) -> None:
    np.testing.assert_allclose(
        BM25Index.build(corpus).scores(query), BM25Okapi(corpus).get_scores(query), rtol=0, atol=1e-6
    )


def test_array_round_trip_without_pickle(para_tokens: list[list[str]], tmp_path) -> None:
    """What the index stores (np.savez, read with allow_pickle=False) scores exactly as rank-bm25 does."""
    idx = BM25Index.build(para_tokens)
    np.savez(tmp_path / "bm25.npz", **idx.to_arrays())
    (tmp_path / "bm25.params.json").write_text(json.dumps(idx.params()))
    params = json.loads((tmp_path / "bm25.params.json").read_text())
    assert params["k1"] == 1.5 and params["b"] == 0.75 and params["documents"] == len(para_tokens)
    with np.load(tmp_path / "bm25.npz", allow_pickle=False) as saved:
        arrays = {name: saved[name] for name in saved.files}
    again = BM25Index.from_arrays(arrays, params)
    reference = BM25Okapi(para_tokens)
    assert len(again) == len(idx) and again.vocab == idx.vocab
    for q in QUESTIONS + ["care care care zebra"]:
        qt = tokenize(q)
        assert np.allclose(again.scores(qt), reference.get_scores(qt), atol=1e-6)
        assert np.array_equal(again.scores(qt), idx.scores(qt))
    with pytest.raises(ValueError, match="format"):
        BM25Index.from_arrays(arrays, dict(params, format="qa.lexical.bm25/1"))
    with pytest.raises(ValueError, match="disagree"):
        BM25Index.from_arrays(arrays, dict(params, documents=params["documents"] + 1))


def test_degenerate_corpora() -> None:
    with pytest.raises(ValueError):
        BM25Index.build([])
    idx = BM25Index.build([[], []])  # rank-bm25 divides by zero here; we score nothing
    assert np.array_equal(idx.scores(["a"]), np.zeros(2))


# ---------------------------------------------------------------- abbreviations


def test_abbreviations_on_real_report(report_text: str) -> None:
    abbr = mine_abbreviations(report_text)
    assert abbr["bcf"] == "better care fund"
    assert abbr["dols"] == "deprivation of liberty safeguards"
    assert abbr["icb"] == "integrated care board"
    assert abbr["mca"] == "mental capacity act"
    assert abbr["hwb"] == "health and wellbeing board"
    assert abbr["jsna"] == "joint strategic needs assessment"
    assert abbr["ot"] == "occupational therapists"
    # "(ASCOF)" and "(2021/22 SACE)" are citations, "(careline)" is not an acronym: none is invented.
    for bogus in ("ascof", "sace", "careline"):
        assert bogus not in abbr
    assert all(k.islower() and v.islower() for k, v in abbr.items())


@pytest.mark.parametrize(
    "text, want",
    [
        ("National data from the Survey of Adult Carers in England (SACE) shows", {"sace": "survey of adult carers in england"}),
        ("Adult Social Care Services (ASCS) led the work.", {"ascs": "adult social care services"}),
        ("The Better Care Fund (BCF) pays.", {"bcf": "better care fund"}),
        ("We met BCF (Better Care Fund) leads.", {"bcf": "better care fund"}),
        ("Reviews by Occupational Therapists (OTs) were late.", {"ot": "occupational therapists"}),
        ("Health & Wellbeing Board (HWB)", {"hwb": "health & wellbeing board"}),
        ("Reviews were conducted by (OT) staff.", {}),
        ("This was above the England average of 82% (ASCOF).", {}),
        ("People told us (CQC) that it was slow.", {}),
        ("The out of hours team (careline) responded.", {}),
        ("NHS (not a definition here) was there.", {}),
        ("Care Fund and (CF) money", {}),
    ],
)
def test_abbreviation_cases(text: str, want: dict[str, str]) -> None:
    assert mine_abbreviations(text) == want


def test_abbreviation_first_definition_wins_and_inverts() -> None:
    abbr = mine_abbreviations("Mental Capacity Act (MCA). Later: Mental Capacity Assessments (MCA).")
    assert abbr == {"mca": "mental capacity act"}
    assert {v: k for k, v in abbr.items()} == {"mental capacity act": "mca"}


def test_occurs_within_a_range_of_documents() -> None:
    bm = BM25Index.build([["a", "b"], ["c"], ["a"], ["d"]])
    assert bm.occurs("a") and bm.occurs("a", 2, 4) and bm.occurs("a", 0, 1)
    assert not bm.occurs("a", 1, 2) and not bm.occurs("a", 3, 4)
    assert not bm.occurs("zzz") and not bm.occurs("c", 2)
    arrays = {k: np.asarray(v) for k, v in bm.to_arrays().items()}
    assert BM25Index.from_arrays(arrays, bm.params()).occurs("d", 3, 4)


@pytest.mark.parametrize("adverb,adjective", [("actually", "actual"), ("locally", "local"), ("financially", "financial"),
                                              ("nationally", "national")])
def test_adverbs_in_ally_meet_their_adjective(adverb: str, adjective: str) -> None:
    assert tokenize(adverb) == tokenize(adjective)
    assert stem("family") == "family" and stem("really") == "really"  # not every "-ly" is an adverb of "-al"


def test_a_short_form_in_capitals_is_an_acronym_not_a_month() -> None:
    assert tokenize("Feb 2024") == tokenize("February 2024")
    assert tokenize("MAR charts")[0] != tokenize("Mar")[0] == tokenize("March")[0]
    assert tokenize("3 wks") == tokenize("3 weeks") and tokenize("ppl") == tokenize("people")
