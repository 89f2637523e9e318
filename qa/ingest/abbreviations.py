"""Acronyms a report defines itself: "Better Care Fund (BCF)" -> {"bcf": "better care fund"}.

Readers type either form; mined from each report at index time, these let a question in one form find text in
the other, for any council's report, with no list to maintain.
"""

from __future__ import annotations

import re

_SMALL = frozenset("of and the for in on to with & at by".split())
_WORD_RE = re.compile(r"[A-Za-z]+|&")


def _initials_match(acronym: str, words: list[str], whole: bool) -> int | None:
    """Index of the first word of the shortest tail of ``words`` whose initials spell ``acronym`` (small words
    like "of"/"and" may be skipped or may supply a letter, as "o" in DoLS). With ``whole`` all words must be
    used, from the first. None when there is no match."""
    letters = acronym.lower()

    def walk(i: int, j: int) -> int | None:
        if i == 0:
            return j if not whole or j == 0 else None
        if j == 0:
            return None
        w = words[j - 1].lower()
        if w[0] == letters[i - 1] and (hit := walk(i - 1, j - 1)) is not None:
            return hit
        return walk(i, j - 1) if w in _SMALL and i < len(letters) else None  # never end on a skipped word

    return walk(len(letters), len(words))


def mine_abbreviations(text: str) -> dict[str, str]:
    """Acronyms a report defines for itself, as ``{acronym: expansion}``, both lower-case, e.g.
    ``{"bcf": "better care fund", "dols": "deprivation of liberty safeguards"}``.

    Finds "Better Care Fund (BCF)" and the reverse "BCF (Better Care Fund)"; the acronym's letters must spell
    the initials of the adjacent words, so "(ASCOF)" after "82%" (a citation, not a definition) is ignored.
    A plural "(OTs)" is keyed as "ot". The first definition of an acronym wins. The caller wanting the reverse
    direction (expansion -> acronym, to expand queries either way) can invert it: ``{v: k for k, v in d.items()}``.
    """
    found: dict[str, str] = {}
    for m in re.finditer(r"\(([A-Z][A-Za-z]{1,9})\)", text):
        acr = m.group(1)
        if sum(c.isupper() for c in acr) < 2:
            continue
        line_start = max(text.rfind(c, 0, m.start()) for c in ".\n(;:") + 1
        spans = [w for w in _WORD_RE.finditer(text, line_start, m.start())][-(2 * len(acr) + 4):]
        for cand in (acr, acr[:-1] if acr.endswith("s") and len(acr) > 2 else None):
            start = _initials_match(cand, [w.group() for w in spans], whole=False) if cand else None
            if start is not None and start < len(spans):
                expansion = " ".join(text[spans[start].start(): spans[-1].end()].split()).lower()
                found.setdefault(cand.lower(), expansion)
                break
    for m in re.finditer(r"\b([A-Z][A-Za-z]{1,9})\s*\(([A-Za-z&][A-Za-z&\s\-]{2,80})\)", text):
        acr, body = m.group(1), m.group(2)
        if sum(c.isupper() for c in acr) < 2:
            continue
        words = _WORD_RE.findall(body)
        if words and _initials_match(acr, words, whole=True) == 0:
            found.setdefault(acr.lower(), " ".join(body.split()).lower())
    return found
