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
    the passages around it, which tells ordinary words from names. A question asking who holds a post ("the
    name of the Director of Adult Social Services", "who chairs the board") needs a person's name: a
    name that is no organisation's ("the Local Government Association")."""
    asked = {w.lower().rstrip("s'’") for w in _WORD.findall(question)}
    lower = {w for w in _WORD.findall(context) if w[0].islower()}
    organisations = set()
    if asks_person(question):  # the words of a name an organisation's word is part of name no person
        for run in _CAPITALISED_RUN.finditer(sentence):  # up to its last such word ("Board", not "Chair Jane
            words = list(re.finditer(r"\S+", run.group()))  # Smith" after it), and one the report gives its
            last = max((n for n, w in enumerate(words) if w.group().lower().rstrip("s") in _ORGANISATION), default=-1)
            initials = "".join(w.group()[0] for w in words)  # initials as an acronym: "Artificial Intelligence (AI)"
            if re.match(rf"\s*\({initials}s?\)", sentence[run.end():]) and len(initials) >= 2:
                last = len(words) - 1
            if last >= 0:
                organisations.update(range(run.start(), run.start() + words[last].end()))
    for m in _WORD.finditer(sentence):
        word = m.group()
        if not word[0].isupper() or word.isupper() or m.start() == _first_word(sentence) or m.start() in organisations:
            continue  # lower case, an acronym (OT, SAB: the report's shorthand for ordinary terms), or first
        key = word.lower().rstrip("s'’")
        if key in asked or word.lower() in _NOT_NAMES or word.lower() in lower or key in lower:
            continue
        return True
    return False


_CAPITALISED_RUN = re.compile(r"[A-Z][\w'’-]*(?:[ \t]+[A-Z][\w'’-]*)*")


# "Who chairs ...?", "the name of the director", "who leads ...": a post, held by a person.
_ASKS_PERSON = re.compile(r"\b(?:who|name of)\b.*\b(?:chairs?|chaired|chairing|chair(?:man|woman|person)|directors?|"
                          r"heads?|leads?|leader|managers?|chief executive|officers?|members?|principal social worker|"
                          r"commissioner|mayor|runs)\b", re.I)
_ORGANISATION = frozenset(
    "association council board trust service partnership alliance hub team group fund care commission centre "
    "house network forum foundation society charity organisation limited ltd university college hospital "
    "authority committee department government agency programme project".split())


def asks_person(question: str) -> bool:
    """Whether a question asks who holds a post ("Who chairs the board?"), which a person's name answers."""
    return bool(_ASKS_PERSON.search(question))


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
