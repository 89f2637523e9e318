"""``clean_question``: the one place a question is decoded, normalised and bounded."""

from __future__ import annotations

import pytest

from qa.errors import QuestionError
from qa.question import MAX_QUESTION_CHARS, clean_question


def test_invalid_utf8_as_bytes_and_as_surrogates_clean_alike():
    assert clean_question(b"safe\xff\xfeguarding") == clean_question("safe\udcff\udcfeguarding") == \
        "safe\ufffd\ufffdguarding"


def test_nfkc_and_controls():
    assert clean_question("Ｓafeguarding ﬁnance\x1b]0;pwned\x07\u200b\tscore?\r\n") == \
        "Safeguarding finance]0;pwned score?"


@pytest.mark.parametrize("raw", ["", "   ", "\x00\x1b", b"\x07\n"])
def test_empty_once_cleaned(raw):
    with pytest.raises(QuestionError, match="the question is empty"):
        clean_question(raw)


@pytest.mark.parametrize("raw", ["?", " ... ", "?!", "--"])
def test_a_question_without_words_is_refused(raw):
    with pytest.raises(QuestionError, match="the question has no words"):
        clean_question(raw)
    assert clean_question("Q1?") == "Q1?" and clean_question("2?") == "2?"  # one letter or figure is enough


def test_too_long_names_the_limit():
    assert clean_question("a" * MAX_QUESTION_CHARS) == "a" * MAX_QUESTION_CHARS
    with pytest.raises(QuestionError, match="at most 2,000"):
        clean_question("a" * (MAX_QUESTION_CHARS + 1))


def test_a_lone_high_surrogate_cleans_to_the_replacement_character():
    """Found by fuzzing: '\ud800' is no surrogateescape'd byte, and encoding it raised UnicodeEncodeError."""
    assert clean_question("safe\ud800guarding score") == "safe\ufffdguarding score"
    assert clean_question("caf\udcc3\udca9 score") == "café score"
