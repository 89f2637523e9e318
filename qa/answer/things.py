"""What a count or share question is about, and whether a sentence's figure is of it.

"How many extra care flats?" counts flats, so a sentence must name them and its figure must count them, not the
5,300 people the flats housed; "the vacancy rate" measures vacancies; "rated outstanding" is not answered by a
share of homes rated "good or outstanding".
"""

from __future__ import annotations

import re

from qa.answer.coverage import FRAME, GENERIC, initial_runs
from qa.answer.figures import FIGURES
from qa.search.query import Query
from qa.tokens import base_forms, token_set, tokenize


# "How many extra care housing flats are there?": the thing counted is the last plural before the verb.
_HOW_MANY = re.compile(r"\bhow many ((?:[\w'’-]+\s+){0,5}?[\w'’-]+?)(?=\s+(?:are|is|were|was|have|has|had|do|does|did|"
                       r"will|would|can|could|get|got|in|of|for|on|at|with|by|from|per|each|there|that|who|which|"
                       r"receive[ds]?|been|being)\b|\s*[?.!]|\s*$)", re.I)


_NOT_PLURALS = frozenset("was is has does this its us yes his hers ours yours".split())
_VERBS_IN_S = frozenset("goes gets spends takes receives needs uses says means makes gives".split())
_COUNT_WORDS = frozenset(tokenize("many number total count times"))


def counted_thing(question: str) -> str | None:
    """The word for what a "how many" question counts ("flats"), unless it is one of the domain's everyday words
    ("people"), which a sentence may leave implied."""
    m = _HOW_MANY.search(question)
    if not m:
        return None
    return _last_plural(m.group(1))


def _last_plural(words: str) -> str | None:
    """The last plural noun of a question's span ("referrals", not "came", "was" or "goes"), unless it is one of the
    domain's everyday words ("people"), which a sentence may leave implied."""
    plurals = [w for w in words.split() if re.fullmatch(r"[a-z-]*[^s'’]s", w.lower()) and
               w.lower() not in _NOT_PLURALS | _VERBS_IN_S]
    if not plurals:
        return None
    tokens = tokenize(plurals[-1])
    return plurals[-1] if tokens and not set(tokens) <= GENERIC | FRAME | _COUNT_WORDS else None


# CQC's ratings, which reports often give as a band: "81% of nursing homes were rated good or outstanding".
_RATINGS = r"outstanding|good|requires improvement|inadequate"
_BAND = re.compile(rf"\b(?:{_RATINGS})(?:,\s*(?:{_RATINGS}))*,?\s+(?:or|and(?:/or)?)\s+(?:{_RATINGS})\b", re.I)
_RATED = re.compile(r"\b(?:rated|ratings?|judged)\b", re.I)


def rating_band(question: str, text: str) -> tuple[str, str] | None:
    """(the band, the rating asked) when a question asks about a rating ("rated outstanding", "rated good") and
    the sentence gives a figure only for a band of ratings that is not the one asked ("good or outstanding"):
    that share says nothing of how many are outstanding, or good. A rating the sentence also gives alone ("78%
    ... were rated good") answers."""
    asked = {r.lower() for r in re.findall(_RATINGS, question, re.I)} if _RATED.search(question) else set()
    if not asked:
        return None
    bands = list(_BAND.finditer(text))
    rest = _BAND.sub(" ", text)
    for m in bands:
        members = {r.lower() for r in re.findall(_RATINGS, m.group(), re.I)}
        if members != asked and not any(re.search(rf"\b{r}\b", rest, re.I) for r in asked):
            return m.group(), " or ".join(sorted(asked))
    return None


# "the vacancy rate", "what percentage of home care agencies are...": what a share or rate question measures.
_RATE_OF = re.compile(r"\b([a-z][\w'’-]*)\s+rates?\b", re.I)
_SHARE_OF = re.compile(r"\b(?:percentage|proportion|share|per ?cent|%)\s+of\s+((?:[\w'’-]+\s+){0,5}?[\w'’-]+?)(?=\s+(?:are|is|"
                       r"were|was|have|has|had|do|does|did|will|would|can|could|get|got|in|of|for|on|at|with|by|from|"
                       r"who|which|that|been|being|rated)\b|\s*[?.!]|\s*$)", re.I)
_NOT_MEASURES = frozenset(tokenize("what which the a an this that its their our overall current national england "
                                   "average local highest lowest best worst good latest"))


def measured_thing(question: str) -> str | None:
    """The word for what a share or rate question measures: the word before "rate" ("vacancy"; not "hourly" nor
    "the"), else the last plural after "percentage of" ("agencies"); None for the domain's everyday words."""
    m = _RATE_OF.search(question)
    if m and not m.group(1).lower().endswith("ly"):
        word = m.group(1)
        tokens = tokenize(word)
        if tokens and not set(tokens) <= GENERIC | FRAME | _COUNT_WORDS | _NOT_MEASURES:
            return word
    m = _SHARE_OF.search(question)
    return _last_plural(m.group(1)) if m else None


def spent_on(question: str) -> str | None:
    """What a money question asks was spent on ("home care" in "How much does it spend on home care in 2024?"),
    whose every word a sum's sentence or paragraph must say: "care" is in every report, "home" carries little, and
    "invested £1.9 million in prevention" is no spending on home care."""
    m = _SPENT_ON.search(question)
    if not m:
        return None
    thing = re.sub(r"^(?:the|its|their|our|a|an)\s+", "", m.group(1).strip(), flags=re.I)
    return thing if tokenize(thing) else None


_SPENT_ON = re.compile(r"\b(?:spen[dt]s?|spending|invest(?:s|ed|ing)?|put(?:s|ting)?|fund(?:s|ed|ing)?|"
                       r"allocat(?:e|es|ed|ing))\b(?:\s+[\w'’]+){0,2}?\s+(?:on|in|into|for)\s+([\w'’ -]+?)"
                       r"(?=\s+(?:in|during|for|last|this|next|each|per|a|every|since|between|from|by|over|and|or)\b|"
                       r"[?.,;!]|$)", re.I)


_AFTER_COUNT = re.compile(r"[ \t]+((?:[A-Za-z][\w'’-]*[ \t]+){0,5}[A-Za-z][\w'’-]*)")
_PLURAL_OTHERS = frozenset("people staff children men women".split())


def counts_other(word: str, text: str, query: Query) -> str | None:
    """What a sentence's count figures count, when none counts ``word``: "the hubs had supported 5,300 people"
    gives no count of hubs. Every count must be followed by its own plural noun ("5,300 people"); a count that
    names nothing after it ("1866, of these ...") leaves the question open (None), as does one followed within
    six words by the thing asked ("915 Deprivation of Liberty Safeguards applications", "2 SARs")."""
    others = []
    for m in FIGURES["count"].finditer(text):
        after = _AFTER_COUNT.match(text, m.end())
        if not after:
            return None
        words = after.group(1).split()
        if counts_thing(word, " ".join(words), query):  # its words, another form, an acronym ("2 SARs")
            return None
        first = words[0].lower()
        if not (first in _PLURAL_OTHERS or re.fullmatch(r"[a-z-]*[^s'’]s", first)):
            return None
        others.append(first)
    return others[0] if others else None


def counts_thing(word: str, text: str, query: Query) -> bool:
    """Whether ``text`` names the counted thing, as written, in another form of the word ("completion",
    "completed": the same first seven letters) or through an equivalent the question fired."""
    mine = set(tokenize(word))
    held = base_forms(token_set(text))
    if mine & held or any(len(w) >= 7 and any(h[:7] == w[:7] for h in held) for w in mine):
        return True
    for acronym in re.findall(r"\b[A-Z]{2,6}(?=s?\b)", text):  # "2 SARs" counts "Safeguarding Adults Reviews"
        if any(mine & run for run in initial_runs(query.question, acronym)):
            return True
    # a group's other report words are its topic, not synonyms of one of them: "vacancy" is not met by "workforce"
    return any(mine & set(asked) and not mine & set(said) and set(said) & held for asked, said in query.equivalents)


# "How many are waiting?", "the backlog", "how many reviews are overdue": a count of those in a state. A count of
# the same things that does not say they wait ("3,931 referrals") or says another state is no answer to it.
_STATES = (("waiting", frozenset(tokenize("wait waits waiting waited await awaits awaiting backlog backlogs queue queues "
                                          "queuing queueing outstanding pending"))),
           ("overdue", frozenset(tokenize("overdue backlog backlogs outstanding late"))))


def missing_state(question: str, text: str) -> str | None:
    """The state a count or share question asks about ("waiting", "overdue") when ``text`` (the figure's own
    sentence: the one before may tell of waiting in general) says no word of it; None when it does or the
    question asks none."""
    asked, held = token_set(question), token_set(text)
    return next((state for state, met in _asked_states(asked) if not held & met), None)


def _asked_states(asked: set[str]):
    """(state, the words that meet it) for each state a question's tokens ask about; a word of several states is
    met by any of them: "the backlog" by "930 applications waiting to be assessed"."""
    for state, words in _STATES:
        if mine := asked & words:
            yield state, frozenset().union(*(other for _, other in _STATES if other & mine))


# Where a sentence's clauses part: "It completed 1,120 assessments in 2023/24, and the average wait was 12 days".
_CLAUSE = re.compile(r",\s*(?:and|but|while|whereas)\b|;|\s[-–—]\s")


def state_beside_no_count(question: str, text: str) -> str | None:
    """The state a count question asks about ("waiting") when ``text`` names it, but not in the clause of any of its
    counts: "It completed 1,120 carers' assessments, and the average wait was 12 days" counts none waiting."""
    clauses = [token_set(c) for c in _CLAUSE.split(text) if FIGURES["count"].search(c)]
    return next((state for state, met in _asked_states(token_set(question))
                 if clauses and not any(c & met for c in clauses)), None)


# "How many concerns did it receive?": a flow over a period. A count of those waiting at one time ("212 concerns
# were waiting to be triaged") is a stock, no answer to it, unless the sentence says they were received too.
_FLOWS = frozenset(tokenize("receive receives received receiving made raised referred reported submitted"))


def stock_for_flow(question: str, text: str) -> str | None:
    """"waiting" when a count question asks how many were received (made, raised, referred) and the figure's
    sentence counts only those in a state ("waiting"); None otherwise."""
    asked, held = token_set(question), token_set(text)
    if not asked & _FLOWS or held & _FLOWS or asked & _ANY_STATE:
        return None
    states = []
    for m in FIGURES["count"].finditer(text):  # every count in the sentence says its state beside it
        near = token_set(" ".join(text[m.end():].split()[:6]))
        state = next((state for state, words in _STATES if near & words), None)
        if state is None:
            return None  # "4,100 concerns in 2023/24", "260 concerns had not been screened": not a stock alone
        states.append(state)
    return states[0] if states else None


_ANY_STATE = frozenset().union(*(words for _, words in _STATES))


# "... so that by the time of our site visit this had reduced to 252": a figure whose sentence says what it counts
# only by a pronoun, its paragraph having named it ("a high backlog in the number of DoLS applications awaiting
# assessment. This stood at over 600 ...").
_REFERS_BACK = re.compile(r"\b(?:this|these|it|they|which)(?:\s+(?:figure|number|total|backlog|list))?\s+"
                          r"(?:had\s+|has\s+|have\s+)?(?:since\s+)?(?:stood|fell|fallen|rose|risen|reduced|increased|"
                          r"decreased|dropped|grew|grown|gone|come|been|reached|totalled|was (?:down|up)|is now)\b", re.I)


def refers_back(text: str) -> bool:
    """Whether a sentence gives its figure of something named before it ("this had reduced to 252")."""
    return bool(_REFERS_BACK.search(text))
