"""Does the answer sentence cover what was asked? The check that stops a cited near-miss.

Every word of "How long do carers wait for an assessment?" may be in the report while its fact is not: the
nearest sentence gives the wait for community support assessments. So before a figure is quoted, the sentence
that holds it must itself name the thing asked about: the question's content words (not its ask words, "how
many", nor the domain's everyday words, "council", "people", "care"), as written, or through an acronym the report
defines or a glossary equivalent (``Query.equivalents``). When too much of it is missing, the answer abstains and
says which part of the question the report gives no figure for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from qa.answer.periods import YEAR
from qa.cqc.groups import GROUPS, groups_asked, names_group
from qa.search.figure_kind import YES_NO, two_parts
from qa.search.query import KIN, Query
from qa.tokens import IRREGULAR, base_forms, token_set, tokenize

# How a question asks, and the words of the domain every passage of every report is about.
ASK = frozenset(tokenize("how many much long percentage percent proportion share number total count when year "
                         "date what which rate figure average typical usually often get got give given "
                         "who name named called organisation organisations organization company charity firm party "
                         "ward city town longest shortest maximum minimum max min quickest fastest slowest big large"))
GENERIC = frozenset(tokenize("council councils local authority authorities people person adult adults social care "
                             "service services area city county borough residents"))
# How a question sets councils side by side ("Derby and Kestrelford each", "compared with"): no content either way.
SIDE_BY_SIDE = frozenset(tokenize("each both respectively compare compared comparison versus vs"))
# Words that say who in general, when or how, not what: a sentence need not repeat them ("someone", "by the time
# the inspectors visited", "in early 2024": the year decides), nor a reader's hedges and fillers ("roughly how many
# ... now", "what's the wait like", "did they go over").
FRAME = frozenset(tokenize("someone somebody anyone anybody everyone everybody something anything supposed still "
                           "time after before during quickly soon early late mid spring summer autumn winter "
                           "inspector inspectors cqc roughly approximately around about nearly almost exactly "
                           "actually really currently now nowadays today presently moment like go goes going went gone "
                           "already yet hi hello hey please thanks thank cheers say says according stuck"
                           )) | SIDE_BY_SIDE


@dataclass(frozen=True)
class Coverage:
    """What of the question a sentence leaves out: its content terms, the missing ones, and their idf share."""

    terms: tuple[str, ...]
    missing: tuple[str, ...]
    share: float  # idf-weighted share of the content terms the sentence does not hold
    qualifier: str | None = None  # a missing word that narrows a word the sentence holds ("children's" care)

    def missing_words(self, question: str) -> str:
        """The question's own words for the missing terms, in its order ("carers assessment")."""
        out = [w for w in re.findall(r"[\w'’-]+", question) if set(tokenize(w)) & set(self.missing)]
        return " ".join(dict.fromkeys(out))


def content_terms(query: Query) -> tuple[str, ...]:
    frame = FRAME | between_councils(query.question) | _whose(query.question)
    if query.figure == "money":  # "how much money does it put into ...": a sum of money is the figure asked
        frame |= MONEY_FRAME
    return tuple(t for t in dict.fromkeys(query.tokens)
                 if t not in ASK and t not in GENERIC and t not in frame and not YEAR.fullmatch(t))


# "Which council has lower waiting times?": each council's figure answers; none need say "lower", nor "council".
_BETWEEN_COUNCILS = re.compile(r"\bwhich (?:of the )?(?:councils?|local authorit(?:y|ies))\b(?!['’])", re.I)  # not
# "which of the council's plans"
_COMPARATIVE = frozenset(tokenize("lower higher shorter longer better worse more less fewer bigger smaller faster "
                                  "slower quicker lowest highest shortest longest best worst most least fewest biggest "
                                  "smallest fastest slowest quickest council councils local authority authorities"))


# "My dad needs a carers' assessment": the reader's own relative is who they ask for, which no report names.
_MY_KIN = re.compile(r"\b(?:my|our)\s+((?:" + "|".join(sorted(KIN)) + r")s?)\b", re.I)  # not "their partners"


def _whose(question: str) -> frozenset[str]:
    return frozenset(t for m in _MY_KIN.finditer(question) for t in tokenize(m.group(1)))


# "... in each council?", "across all the councils": every council asked for, which none need say
_EVERY_COUNCIL = re.compile(r"\b(?:each|every|all)\s+(?:of\s+)?(?:the\s+)?(?:\w+\s+)?(?:councils?|"
                            r"local authorit(?:y|ies)|reports?)\b(?!['’])|"
                            r"\bacross (?:the )?(?:councils|local authorities|reports)\b|\b(?:by|per) council\b", re.I)
_EVERY_WORDS = frozenset(tokenize("each every all across per council councils local authority authorities report "
                                  "reports"))


def between_councils(question: str) -> frozenset[str]:
    """The words that only set councils against each other in a question asking which council, or ask of every
    council (none else)."""
    return (_COMPARATIVE if _BETWEEN_COUNCILS.search(question) else frozenset()) | (
        _EVERY_WORDS if _EVERY_COUNCIL.search(question) else frozenset())


# "How much more than planned did it spend?", "By how much did spending exceed the budget?": a difference, which a
# report gives as "£1,672,000 more than estimated" in the sentence after the estimate.
_DIFFERENCE_ASKED = re.compile(r"\bhow much (?:more|less|over|under|higher|lower)\b|\bby how much\b|\b(?:over|under) ?spen[dt]|"
                               r"\b(?:over|under|above|below) (?:the |its )?budget\b|\bexceed", re.I)
_DIFFERENCE_GIVEN = re.compile(r"\b(?:more|less|higher|lower|greater|fewer)\W{0,4}\s+than\b|\b(?:over|under) ?spen[dt]",
                               re.I)  # "£1,672,000 more** than": bold markup in a markdown report
_DIFFERENCE_WORDS = frozenset(tokenize("more less over under exceed exceeded overspend overspent underspend underspent "
                                       "planned plan budget budgeted estimate estimated higher lower"))


# One sum of money spent, however it is said to go on something: spent on, invested in, funded.
SPENT = frozenset(tokenize("spend spends spent spending invest invests invested investing investment fund funds funded "
                           "funding budget budgets budgeted"))  # (a budget is what it plans to spend: quoted as such)
MONEY_FRAME = frozenset(tokenize("money put puts"))  # ("how much money does it put into ...?")
# "How much does the council spend?": what it spent, not what it estimated it would (unless an estimate is asked).
_SPEND_ASKED = re.compile(r"\b(?:spend|spends|spent|spending|expenditure|costs?)\b", re.I)
_ESTIMATE_ASKED = re.compile(r"\b(?:estimat\w*|plan\w*|expect\w*|budget\w*|forecast\w*|predict\w*|intend\w*|would)\b",
                             re.I)
_ACTUAL_GIVEN = re.compile(r"\bactual(?:ly)?\b|\bout-?turn\b", re.I)
_POUNDS = re.compile(r"£\s?\d")


def asks_actual(question: str) -> bool:
    return bool(_SPEND_ASKED.search(question)) and not _ESTIMATE_ASKED.search(question)


def prefer_asked_figure(question: str, candidates: list, terms: set[str], before) -> list:
    """Figure sentences reordered for a question that asks for a difference ("how much over budget": "£1.6m more
    than estimated") or for what was spent (the actual, not the estimate); of two such, the one whose sentence
    and the one before it (``before(candidate)``) hold more of ``terms`` ("adult social care" against the total);
    pounds before shares for spending. Other questions keep their order."""
    difference, actual = asks_difference(question), asks_actual(question)
    if not difference and not actual:
        return candidates
    gives = gives_difference if difference else (lambda text: bool(_ACTUAL_GIVEN.search(text)))
    way = _direction(question)
    return sorted(candidates, key=lambda c: (not gives(c.text), bool(way) and _direction(c.text) == -way,
                                             actual and not _POUNDS.search(c.text),
                                             -len(terms & set(tokenize(before(c) + " " + c.text)))))


_MORE = re.compile(r"\b(?:more|over|exceed\w*|higher|greater|above|overspen[dt]\w*)\b", re.I)
_LESS = re.compile(r"\b(?:less|under|lower|fewer|below|underspen[dt]\w*)\b", re.I)


def _direction(text: str) -> int:
    """+1 for a text that speaks of more ("over budget"), -1 of less ("under budget"), 0 for neither or both."""
    return int(bool(_MORE.search(text))) - int(bool(_LESS.search(text)))


_OVER = re.compile(r"\boverspen[dt]\w*|\bover(?:[ -]the)? budget\b|\bover ?ran\b", re.I)
_UNDER = re.compile(r"\bunderspen[dt]\w*|\bunder(?:[ -]the)? budget\b", re.I)


def spend_way(text: str, question: bool = False) -> int:
    """+1 for an overspend, -1 for an underspend, 0 for neither; of a question, 0 for a yes-or-no one too ("Did it
    overspend?" an underspend answers: no), so that a sentence of the other way (-``way``) does not answer it."""
    if question and YES_NO.match(text.lower()):
        return 0
    return int(bool(_OVER.search(text))) - int(bool(_UNDER.search(text)))


def asks_difference(question: str) -> bool:
    return bool(_DIFFERENCE_ASKED.search(question))


def gives_difference(text: str) -> bool:
    return bool(_DIFFERENCE_GIVEN.search(text))


def holds_equivalent(said, held) -> bool:
    """Whether text with tokens ``held`` holds the report's words for a question's phrase: two of their distinct
    words at least, or all of them when they are fewer ("board" alone is no "health and wellbeing board"). Forms
    of one word are one word: "registration registered" lists two ways to say it, and "registered" alone says it.

    >>> holds_equivalent(("registration", "register"), {"over", "register", "carer"})
    True
    >>> holds_equivalent(("health", "wellbeing", "board"), {"board", "meet"})
    False
    >>> holds_equivalent(("dols", "authorisation", "granted"), {"authority", "granted"})
    False
    """
    words: dict[str, set[str]] = {}  # the report's forms of one word together: their first six letters
    for t in set(said) - GENERIC:
        words.setdefault(t[:6], set()).add(t)
    # a sentence holds a word when it holds one of those forms itself ("authority" is no "authorisation")
    return bool(words) and sum(bool(forms & held) for forms in words.values()) >= min(2, len(words))


def coverage(query: Query, sentence: str, idf: dict[str, float], near: str | None = None) -> Coverage:
    """How much of what ``query`` asks about ``sentence`` names itself (an expansion term of the question counts
    for the term it stands in for when the sentence holds it). The group asked about ("carers") must be named in
    ``near`` (the sentence and the one before it: a paragraph that speaks of carers first may give a figure for
    everyone after), default ``sentence``."""
    terms = content_terms(query)
    held = base_forms(token_set(sentence))
    if asks_difference(query.question) and gives_difference(sentence):  # "more than estimated" covers "exceed"
        held |= _DIFFERENCE_WORDS
    if held & SPENT:  # "invested £2.8 million in prevention" is what it spends on prevention
        held |= SPENT
    for asked, said in query.equivalents:  # "SARs" in the sentence covers "Safeguarding Adults Reviews"
        if holds_equivalent(tuple(t for t in said if t not in asked), held):  # its own words, not the question's
            held |= set(asked)
    missing = tuple(t for t in terms if IRREGULAR.get(t, t) not in held and t not in held)
    for acronym in re.findall(r"\b[A-Z]{2,6}(?=s?\b)", sentence):  # "SARs" for "Safeguarding Adults Reviews"
        for run in initial_runs(query.question, acronym):
            missing = tuple(t for t in missing if t not in run)
    total = sum(idf.get(t, 1.0) for t in terms) or 1.0
    near_held = held if near is None else token_set(near)
    other = next((g for g in groups_asked(query.tokens) if not names_group(near_held, g)), None)
    return Coverage(terms, missing, sum(idf.get(t, 1.0) for t in missing) / total,
                    _qualifier(query.question, set(missing), held) or _group_word(query.question, other))


# Words that make different things: a care home is no home care (residential and nursing care are in care homes),
# nor a nursing home's fee a residential one. (asked, what says it, the other, the question's word)
_CARE_HOME, _HOME_CARE, _NURSING, _RESIDENTIAL, _IN_HOMES = (re.compile(rf"\b(?:{w})\b", re.I) for w in (
    r"care[ -]?homes?", r"home[ -]?care", "nursing", "residential", r"care[ -]?homes?|residential|nursing"))
_COMPOUNDS = ((_CARE_HOME, _IN_HOMES, _HOME_CARE, "care homes"), (_HOME_CARE, _HOME_CARE, _CARE_HOME, "home care"),
              (_NURSING, _NURSING, _RESIDENTIAL, "nursing care"), (_RESIDENTIAL, _RESIDENTIAL, _NURSING, "residential"))


def other_compound(question: str, sentence: str) -> str | None:
    """The question's "care homes" when the sentence speaks only of home care (or the other way round)."""
    return next((said for asked, says, other, said in _COMPOUNDS
                 if asked.search(question) and not says.search(sentence) and other.search(sentence)), None)


_PEOPLE = frozenset("people adults adult residents persons men women population".split())


def _group_word(question: str, group: str | None) -> str | None:
    """The question's own word for a group the sentence never names ("carers"), to say what has no figure."""
    if group is None:
        return None
    words = re.findall(r"[\w'’-]+", question)
    for n, w in enumerate(words):
        if names_group(set(tokenize(w)), group):
            after = words[n + 1] if n + 1 < len(words) else ""  # "young carers", "younger adults": who they are
            named = after.lower() in _PEOPLE or any(names_group(set(tokenize(after)), g) for g in GROUPS)
            return f"{w} {after}" if after and named else w
    return group


def _qualifier(question: str, missing: set[str], held: set[str]) -> str | None:
    """A missing possessive: it says whose thing is asked about ("children's social care", "carers' assessments"),
    and a sentence without it is about someone else's. (Any missing word before a held one was tried: "felt safe"
    against "feel safe" made it abstain on answerable questions.)"""
    for word in re.findall(r"[A-Za-z][\w-]*(?:['’]s\b|s['’])", question):
        mine = tokenize(word)
        if mine and set(mine) <= missing:
            return word
    return None


# How long at most, against the average a report gives: "the longest wait" is not "the average wait".
_EXTREME = re.compile(r"\b(longest|maximum|max|shortest|minimum|quickest|fastest|slowest)\b", re.I)
_CENTRAL = re.compile(r"\b(?:average|mean|median|typical)\b", re.I)
_MEAN = re.compile(r"\b(?:average|mean)\b", re.I)


def central(text: str) -> bool:
    """Whether a sentence gives an average, mean, median or typical figure."""
    return bool(_CENTRAL.search(text))


def extreme(text: str) -> bool:
    """Whether a question asks for, or a sentence gives, a longest, shortest, maximum or minimum."""
    return bool(_EXTREME.search(text))


def asks_extreme(question: str) -> bool:
    """Whether a question asks for a longest, shortest, maximum or minimum; "Which council has the longest wait?"
    sets councils against each other, and each council's wait (its average, as a report gives it) answers."""
    return extreme(question) and not _BETWEEN_COUNCILS.search(question)


def other_statistic(question: str, context: str) -> str | None:
    """What the sentence gives instead of the statistic asked: "an average, not the longest"; "the longest, not the
    median" (612 waiting "and the longest had been waiting 14 months" is no median wait); "the average, not the
    median"; else None."""
    asked = _EXTREME.search(question) if asks_extreme(question) else None
    if asked and not _EXTREME.search(context) and _CENTRAL.search(context):
        return f"an average, not the {asked.group().lower()}"
    asked, given, mean = _CENTRAL.search(question), _EXTREME.search(context), _MEAN.search(context)
    if asked and given and not _CENTRAL.search(context) and not _BETWEEN_COUNCILS.search(question):
        return f"the {given.group().lower()}, not the {asked.group().lower()}"
    median = re.search(r"\bmedian\b", question, re.I) and not re.search(r"\bmedian\b", context, re.I)
    return f"the {mean.group().lower()}, not the median" if median and mean else None


def initial_runs(question: str, acronym: str) -> list[set[str]]:
    """Runs of the question's words whose initials spell ``acronym`` (the tokens of each run)."""
    words = re.findall(r"[A-Za-z][\w'’-]*", question)
    n = len(acronym)
    return [set(tokenize(" ".join(words[i : i + n]))) for i in range(len(words) - n + 1)
            if "".join(w[0] for w in words[i : i + n]).upper() == acronym]


def second_part_terms(question: str) -> frozenset[str]:
    """The search tokens a two-part question's second part asks about that its first does not ("median", "wait"
    of "How many were waiting, and what was the median wait?"): what the second figure's sentence must hold."""
    parts = two_parts(question)
    return frozenset(token_set(parts[1]) - token_set(parts[0]) - ASK - FRAME - GENERIC) if parts else frozenset()
