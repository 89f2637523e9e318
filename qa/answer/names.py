"""Does a sentence give a name? The check behind "who chairs the board?" and "which organisation runs it?".

Every word of "Who chairs the Safeguarding Adults Board?" can be in a report that never names the chair: the
nearest sentence is about the board. A sentence answers a name question only when it holds a proper name the
question does not already give: a capitalised word that is not the sentence's first word, not a month or day,
and not an ordinary word written with a capital for a title ("The Care Strategic Director ..."): a word the
surrounding passages also write in lower case is an ordinary word.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from qa.answer.coverage import holds_equivalent
from qa.text import contains_run
from qa.tokens import token_run, token_set, tokenize

if TYPE_CHECKING:
    from qa.search.query import Query
    from qa.types import Hit

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
        if not word[0].isupper() or word.isupper() or m.start() == _first_word(sentence) or m.start() in organisations \
                or _NUMBERED.match(sentence, m.end()):
            continue  # lower case, an acronym (OT, SAB: the report's shorthand for ordinary terms), first, or a
            # numbered term of the law or a scale ("Section 42", "Part 1", "Tier 2"): no one's name
        key = word.lower().rstrip("s'’")
        if key in asked or word.lower() in _NOT_NAMES or word.lower() in lower or key in lower:
            continue
        return True
    return False


_NUMBERED = re.compile(r"[ \t]+\d")
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


# Whether the passages speak of what a question names ("What did Healthwatch find?").

def names_text(text: str, council: str) -> bool:
    """Whether ``text`` holds ``council``'s words as a run of its tokens."""
    return contains_run(token_run(text), token_run(council))


def ordinary_words(name: str, hits: tuple[Hit, ...]) -> bool:
    """Whether every word of a capitalised run stands in lower case in the passages found too ("Carers
    Strategy"); read only for a question that names something, not on every question's path."""
    lower = set(re.findall(r"[a-z][\w'’-]*", " ".join(h.passage.text for h in hits)))
    return all(w.lower() in lower for w in name.split())


def speaks_of(text: str, name: str, query: Query, councils: tuple[str, ...]) -> bool:
    """Whether ``text`` names ``name``: as written, by its initials ("SARs" for "Safeguarding Adults Reviews") or by
    the report's own words for it (an acronym the report defines, a glossary equivalent)."""
    words = name.split()
    if names_text(text, name) or any(names_text(text, " ".join(words[n:])) and any(
            names_text(card_name, " ".join(words[:n])) for card_name in councils)
            for n in range(1, min(len(words), 4))):
        return True  # "the Derby Safeguarding Adults Board" (or "Ashby Vale ...") in that council's report is its
        # "Safeguarding Adults Board"
    initials = "".join(w[0] for w in name.split()).upper()
    if len(initials) >= 2 and re.search(rf"\b{initials}s?\b", text):
        return True
    mine = tokenize(name)
    held = token_set(text)  # the report's words for it, as coverage reads them (a glossary group is several terms)
    return any(contains_run(list(asked), mine) or contains_run(mine, list(asked))
               for asked, said in query.equivalents
               if holds_equivalent(tuple(t for t in said if t not in asked), held))  # its own words, not the question's


def a_name(party: str, hits: tuple[Hit, ...]) -> bool:
    """Whether the question names a body ("Healthwatch", "the Ombudsman") rather than describes one ("the
    advocacy service"): written with a capital, or, in a question typed all in lower case, a word the passages
    found always write with one ("healthwatch")."""
    if not party.islower():
        return True
    text = " ".join(h.passage.text for h in hits)
    for word in (w for w in party.split() if len(w) > 3):
        seen = [m.group() for m in re.finditer(rf"\b{re.escape(word)}\b", text, re.I)]
        if seen and all(w[0].isupper() for w in seen):
            return True
    return False


def never_mentions(name: str, cards: dict) -> str:
    """Why a name the question holds gets no answer: no report mentions it (and the council it may be a
    misspelling of: "Harowfeld"), or, for a council's name ("Westbridge City Council"), the corpus has no report
    for it and which it holds. (An English council's, "Nottingham City Council", is one the question is answered
    beside: that answer says the corpus has no report for it.)"""
    from qa.cqc.councils import english_council, misspelt_council

    near = misspelt_council(name, [c.council for c in cards.values() if c.council]) if " " not in name else None
    if _COUNCIL_NAME.search(name) and not english_council(name):
        said = f"The corpus has no report for {name}; it holds {council_list(cards)}."
    else:
        said = f"The report doesn't say: it never mentions {name}."
    return f"{said} Did you mean {near}?" if near else said


def council_list(cards: dict) -> str:
    """The councils the corpus holds, for a message: the first five by name, then how many more."""
    names = sorted(c.council or c.title for c in cards.values())
    return ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")


_COUNCIL_NAME = re.compile(r"\b(?:Council|Borough|County|District|Metropolitan)$")
