"""Does a sentence give a name? The check behind "who chairs the board?" and "which organisation runs it?".

Every word of "Who chairs the Safeguarding Adults Board?" can be in a report that never names the chair: the
nearest sentence is about the board. A sentence answers a name question only when it holds a proper name the
question does not already give: a capitalised word that is not the sentence's first word, not a month or day,
and not an ordinary word written with a capital for a title ("The Care Strategic Director ..."): a word the
surrounding passages also write in lower case is an ordinary word.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*")
_NOT_NAMES = frozenset(
    "january february march april may june july august september october november december monday tuesday "
    "wednesday thursday friday saturday sunday england english i".split())


def gives_name(sentence: str, question: str, context: str) -> bool:
    """Whether ``sentence`` names someone or something that ``question`` does not; ``context`` is the text of
    the passages around it, which tells ordinary words from names."""
    asked = {w.lower().rstrip("s'’") for w in _WORD.findall(question)}
    lower = {w for w in _WORD.findall(context) if w[0].islower()}
    for m in _WORD.finditer(sentence):
        word = m.group()
        if not word[0].isupper() or word.isupper() or m.start() == _first_word(sentence):
            continue  # lower case, an acronym (OT, SAB: the report's shorthand for ordinary terms), or first
        key = word.lower().rstrip("s'’")
        if key in asked or word.lower() in _NOT_NAMES or word.lower() in lower or key in lower:
            continue
        return True
    return False


def _first_word(sentence: str) -> int:
    m = _WORD.search(sentence)
    return m.start() if m else -1


# "Which party runs the council?": a party's name answers it however the report says the party holds power
# ("a minority Labour led local authority", "under no overall control"); the question's "runs", "political",
# "at the moment" are how it asks, not words the answer must repeat.
_PARTY_ASKED = re.compile(r"\b(?:which|what)\s+(?:political\s+)?part(?:y|ies)\b|\bpolitical\s+(?:control|leadership)\b"
                          r"|\bpart(?:y|ies)\s+(?:runs?|running|leads?|leading|controls?|in (?:charge|control|power))\b",
                          re.I)
_PARTY = re.compile(r"\b(?:Labour|Conservatives?|Liberal Democrats?|Lib Dems?|Green Party|Greens|Reform UK|"
                    r"Independents?|Plaid Cymru)\b|\b(?i:no overall control)\b")  # names as written: "an independent chair" is none
_IN_POWER = re.compile(r"\b(?:led|leads?|leadership|run|runs|ran|control(?:led|s)?|administration|majority|minority|"
                       r"in power|governed|cabinet)\b", re.I)


def asks_party(question: str) -> bool:
    return bool(_PARTY_ASKED.search(question))


def names_party(sentence: str) -> bool:
    """Whether a sentence says which party holds power ("Labour led", "no overall control")."""
    party = _PARTY.search(sentence)
    return bool(party) and (party.group().lower() == "no overall control" or bool(_IN_POWER.search(sentence)))
