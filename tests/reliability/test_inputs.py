"""Questions, report text and file names that try to break qa: fuzzed, undecodable, controls, too long, headings only."""

from __future__ import annotations

import shutil

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from qa.api import Assistant
from qa.errors import QuestionError
from qa.question import MAX_QUESTION_CHARS, clean_question
from tests.reliability.conftest import assert_one_line_error, run_qa

CONTROLS = st.characters(min_codepoint=0, max_codepoint=0x9F) | st.sampled_from("\u202e\u200b\u2066\ufeff\ufffd")
QUESTION = st.text(CONTROLS | st.characters(), max_size=300) | st.binary(max_size=300)


@pytest.fixture(scope="module")
def assistant(tiny_clean):
    return Assistant.open(corpus=tiny_clean.corpus, index=tiny_clean.index, build=False)


@settings(max_examples=150, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=QUESTION)
def test_any_question_is_answered_or_refused_in_one_line(assistant, raw):
    try:
        text = clean_question(raw)
    except QuestionError as exc:
        assert "\n" not in str(exc)
        return
    assert text == " ".join(text.split()) and not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in text)
    answer = assistant.ask(raw if isinstance(raw, str) else text, k=3)
    assert answer.text


@settings(max_examples=30, deadline=None)
@given(n=st.integers(min_value=MAX_QUESTION_CHARS + 1, max_value=200_000))
def test_too_long_questions_are_refused_with_the_limit(n):
    with pytest.raises(QuestionError, match="at most 2,000"):
        clean_question("safeguarding " * (n // 13 + 1))


@pytest.mark.parametrize("args", [[], ["--json"], ["--mode", "bm25"]], ids=["plain", "json", "bm25"])
def test_invalid_utf8_on_the_command_line_is_answered(tiny_clean, tmp_path, args):
    proc = run_qa(tmp_path, "ask", b"safe\xff\xfeguarding enquiries", *args, "--corpus", tiny_clean.corpus,
                  "--index", tiny_clean.index)
    assert proc.returncode == 0, proc.stderr.decode()[-2000:]
    assert b"Traceback" not in proc.stderr and b"Section 42" in proc.stdout


def test_invalid_utf8_on_chat_input_keeps_the_session(tiny_clean, tmp_path):
    proc = run_qa(tmp_path, "chat", "--corpus", tiny_clean.corpus, "--index", tiny_clean.index,
                  input=b"safe\xff\xfeguarding?\n" + b"x" * 3000 + b"\nSection 42 enquiries\n/quit\n")
    assert proc.returncode == 0, proc.stderr.decode()[-2000:]
    assert b"Traceback" not in proc.stderr and b"at most 2,000" in proc.stderr
    assert proc.stdout.count(b"Section 42") >= 1 and b"qa> Section 42 enquiries" in proc.stdout


def test_too_long_question_on_the_command_line(tiny_clean, tmp_path):
    proc = run_qa(tmp_path, "ask", "a" * 120_000, "--corpus", tiny_clean.corpus, "--index", tiny_clean.index)
    assert_one_line_error(proc, "120,000 characters", "at most 2,000")


def test_terminal_controls_in_report_text_and_file_names_are_shown_not_obeyed(tiny_clean, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = (tiny_clean.corpus / "tiny-borough-council.md").read_text()
    text = text.replace("The lighthouse team", "The \x1b]0;pwned\x07lighthouse \x1b[2J\x9bteam")
    (corpus / "evil\x1b[31mname.md").write_text(text)
    proc = run_qa(tmp_path, "ask", "lighthouse team screened concern", "--corpus", corpus, "--index", tmp_path / "i")
    assert proc.returncode == 0, proc.stderr.decode()[-2000:]
    for raw in (b"\x1b", b"\x07", "\x9b".encode()):
        assert raw not in proc.stdout and raw not in proc.stderr
    assert "␛]0;pwned␇lighthouse ␛[2J".encode() in proc.stdout and "evil␛[31mname.md".encode() in proc.stdout
    proc = run_qa(tmp_path, "ask", "lighthouse team screened concern", "--json", "--corpus", corpus,
                  "--index", tmp_path / "i")
    assert b"\x1b" not in proc.stdout and b"\\u001b]0;pwned" in proc.stdout and b"\\u009b" in proc.stdout


def test_a_headings_only_file_beside_a_real_report_keeps_score_questions_working(tiny_clean, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(tiny_clean.corpus, corpus)
    (corpus / "heads.md").write_text("# Heads Council\n\n## Overall summary\n\n### Safeguarding\n")
    shutil.copytree(tiny_clean.index, tmp_path / "index", ignore=shutil.ignore_patterns(".lock"))
    assistant = Assistant.open(corpus=corpus, index=tmp_path / "index")
    assert assistant.summary.built and assistant.summary.embedded == 0
    for question in ("What did the council score for safeguarding?", "Which statement scored highest?",
                     "What did Heads score for safeguarding?"):
        assert assistant.ask(question).text
    assert "3" in assistant.ask("What did Tiny Borough score for safeguarding?").text
    assert assistant.ask("What did the council score for safeguarding?", report="heads").abstained


TAGS = st.sampled_from(["main", "article", "div", "nav", "footer", "script", "style", "h1", "h2", "h3", "p", "ul",
                        "li", "table", "td", "span", "b", "br", "header", "aside"])
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40) | st.sampled_from(
    ["Safeguarding", "Score: 2", "2 - Evidence shows some shortfalls", "Good", "Northmoor Council: local authority "
     "assessment", "Published: 3 March 2025", "What people expect", "&amp;", "<!--", "]]>", "\u202e"])


@st.composite
def html_pages(draw, depth: int = 0):
    parts = []
    for _ in range(draw(st.integers(0, 6))):
        if depth < 3 and draw(st.booleans()):
            tag = draw(TAGS)
            parts.append(f"<{tag}>{draw(html_pages(depth + 1))}" + (f"</{tag}>" if draw(st.booleans()) else ""))
        else:
            parts.append(draw(TEXT))
    return "".join(parts)


@settings(max_examples=120, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(page=html_pages(), raw=st.binary(max_size=200))
def test_any_html_page_is_read_or_refused_and_its_passages_quote_it_exactly(tmp_path_factory, page, raw):
    """Random markup (unclosed tags, chrome only, bidi controls, bytes that are not UTF-8) never escapes as a
    traceback: the page is read, every passage quoting its text exactly, or refused with a ReportError."""
    from qa.errors import ReportError
    from qa.ingest.chunk import chunk
    from qa.ingest.pages import texts
    from qa.ingest.report import parse_file

    folder = tmp_path_factory.mktemp("html")
    for name, data in (("page.html", page.encode("utf-8")), ("bytes.html", raw), ("mixed.htm", page.encode() + raw)):
        (folder / name).write_bytes(data)
        try:
            report = parse_file(folder / name)
        except ReportError as exc:
            assert "\n" not in str(exc)
            continue
        by_source = texts(report)
        for p in chunk(report):
            assert by_source[p.source][p.start : p.end] == p.text
