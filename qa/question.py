"""A question as typed -> the one text every later stage reads: decoded, normalised, bounded.

Questions arrive from argv, from chat's standard input and from users' scripts, and any of them may hold bytes
that are not UTF-8 (argv and stdin carry them as lone surrogates), compatibility forms (full-width letters,
ligatures) or control characters pasted from a terminal. The tokenizers downstream reject surrogates with a
TypeError, so the question is cleaned here, once, before anything else sees it: the CLI, chat and ``Assistant``
all call ``clean_question``.
"""

from __future__ import annotations

import unicodedata

from qa.errors import QuestionError

MAX_QUESTION_CHARS = 2000  # a long paragraph; a CQC question needs a sentence or two
EXAMPLE = '"What did the council score for safeguarding?"'  # (from the terminal, from chat and from Python)


def clean_question(raw: str | bytes) -> str:
    """The question decoded (invalid UTF-8 becomes U+FFFD), NFKC-normalised, controls removed, spaces collapsed.

    Raises ``QuestionError`` for a question that is empty once cleaned or longer than ``MAX_QUESTION_CHARS``.

    >>> clean_question(b"safe\\xff guarding\\x1b[2J  score?")
    'safe\\ufffd guarding[2J score?'
    """
    if not isinstance(raw, (str, bytes)):  # None from a script's empty cell: a QAError like every bad question
        raise QuestionError(f"the question must be text, not {type(raw).__name__}: ask something, e.g. {EXAMPLE}")
    if isinstance(raw, bytes):
        text = raw.decode("utf-8", errors="replace")
    else:
        # lone surrogates are how Python carries undecodable argv/stdin bytes (surrogateescape): back to bytes,
        # then decode with replacement, so 'caf\udcc3' and b'caf\xc3' clean to the same text
        text = _escaped_bytes(raw).decode("utf-8", errors="replace") if _has_surrogates(raw) else raw
    text = unicodedata.normalize("NFKC", text)
    text = "".join(" " if ch in "\t\n\r\v\f" else ch for ch in text if ch in "\t\n\r\v\f" or not _control(ch))
    text = " ".join(text.split())
    if not text:
        raise QuestionError(f"the question is empty: ask something, e.g. {EXAMPLE}")
    if not any(ch.isalnum() for ch in text):  # "?", "...": nothing to look for
        raise QuestionError(f"the question has no words: ask something, e.g. {EXAMPLE}")
    if len(text) > MAX_QUESTION_CHARS:
        raise QuestionError(f"the question is {len(text):,} characters long; questions may be at most "
                            f"{MAX_QUESTION_CHARS:,}: ask about one thing at a time")
    return text


def _escaped_bytes(text: str) -> bytes:
    """``text`` as bytes, each surrogateescape'd byte (U+DC80-U+DCFF) back to itself and any other lone
    surrogate (which no decoder produces, but a caller's string may hold) as U+FFFD."""
    out = bytearray()
    for ch in text:
        code = ord(ch)
        if 0xDC80 <= code <= 0xDCFF:
            out.append(code - 0xDC00)
        else:
            out += ("\ufffd" if 0xD800 <= code <= 0xDFFF else ch).encode("utf-8")
    return bytes(out)


def _has_surrogates(text: str) -> bool:
    return any("\ud800" <= ch <= "\udfff" for ch in text)


def _control(ch: str) -> bool:
    """C0/C1 controls, format characters (zero-width, bidi overrides) and any surrogate that survived."""
    return unicodedata.category(ch) in ("Cc", "Cf", "Cs")
