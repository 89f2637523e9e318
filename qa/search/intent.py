"""What a question asks for, read from its wording alone: a reason, a group's views, a name, an earlier or the
latest period, the framework's own standard, or the council as a whole (the kind of figure: ``qa.search.figure_kind``).
"""

from __future__ import annotations

import re

from qa.cqc import framework
from qa.search.figure_kind import YES_NO
from qa.tokens import singular as _singular
from qa.tokens import tokenize as _tokenize

# A question about the standard itself ("What does CQC expect on safeguarding?"), which the framework's own
# wording answers; any other question is about the council, and framework text is no evidence about it.
_FRAMEWORK_ASK = re.compile(r"\b(?:expects?|expected|expectations?|commitments?|framework|standards? (?:say|is|are|for)|"
                            r"what (?:is|are) the (?:standard|quality statement)s?|i statements?|"
                            r"what should (?:a|the) (?:council|local authority)|should (?:councils|local authorities))\b")


def asks_framework(question: str) -> bool:
    """Whether the question asks what CQC's framework expects, rather than what the report found."""
    return bool(_FRAMEWORK_ASK.search(question.lower()))


# "last year", "this year", "recently", "latest": the latest period the report gives. Not "previous" or "before",
# which ask for an earlier period than the report's.
RELATIVE_TIME = re.compile(r"\b(?:(?:in |during |over |for )?(?:the )?(?:last|this|past|latest|most recent|current)"
                           r" (?:year|12 months|twelve months|financial year|period|figures?)(?:['’]s)?|"
                           r"recently|(?:the )?latest|(?:the )?most recent|currently|(?:right )?now|at the moment|at present|presently|"
                           r"these days|nowadays)\b",
                           re.I)


def relative_time(question: str) -> bool:
    """Whether the question dates what it asks by "now" ("last year", "recently") rather than by a year."""
    return bool(RELATIVE_TIME.search(question))


# "Why was it rated 2?", "What needs to improve?", "What went well?": answered from the report's own reasons.
_REASONS = (
    ("improve", re.compile(r"\b(?:improve|improvement|areas? for development|fix|wrong|weak(?:ness|nesses|est)?|"
                           r"bad at|worst at|poor at|badly|"
                           r"holding (?:\w+ )?back|problems?|shortfalls?|(?<!many )(?<!of )(?<!safeguarding )concerns?|"
                           r"worse|fall short|lacking)\b")),  # (not "how many concerns", "safeguarding concerns")
    ("strengths", re.compile(r"\b(?:good at|do(?:ne|es|ing)? well|did well|went well|going well|works? well|"
                             r"strengths?|positives?|progress|best at|succeed(?:ed)?|successes)\b")),
    ("why", re.compile(r"^\s*why\b|\bwhy (?:was|were|did|does|is|has)\b|\breasons?\b|\bhow come\b|"
                       r"(?:\band|,)\s+why\W*$")),  # "... safeguarding score and why?"
)
# Words that leave a "what went well / what to improve / what do carers think" question about the council as a
# whole
_WHOLE = frozenset(_tokenize(  # as the question's tokens are: "care" is "car" there
    "council authority local adult social care overall main key biggest most all general anything everything thing "
    "things area areas need needs service services unpaid generally "
    # the assessment itself and a reader's fillers name no topic ("what did the inspectors find it good at?")
    "actually really inspector inspectors cqc assessment assessed inspection inspected look looked find found "
    "according report reports say says said"))  # ("... according to the inspectors?", "... says the report?")


def about_everything(question: str, tokens: tuple[str, ...], kind: str | None, group: str | None) -> bool:
    """Whether a "what is it good at / what needs to improve / what do carers think of it" question names no
    topic ("What are Derby's strengths?", not "What does it need to fix in occupational therapy?"): ``tokens``
    are its search terms (the council's name taken out); the words of the reason's own phrase ("good at", "areas
    for development"), of the group and its views ("carers think"), and of the council as a whole do not count.
    ``kind`` and ``group`` are the question's ``reason`` and ``views_of``. Such a question is answered from the
    report's summary."""
    q = question.lower()
    if kind in ("improve", "strengths"):
        cue = " ".join(m.group() for m in dict(_REASONS)[kind].finditer(q))
    elif kind is None and group:
        words = dict(_GROUP_WORDS).get(group)
        cue = " ".join([group] + [m.group() for m in _VIEWS.finditer(q)] +
                       ([m.group() for m in re.finditer(rf"\b(?:{words})\b", q)] if words else []))
    else:
        return False
    said = set(_tokenize(cue))
    return not [t for t in tokens if t not in said and t not in _WHOLE and not t.startswith(("improv", "develop",
                                                                                           "strength", "well"))]


# A group whose views a question asks about ("what do carers say", "what did partners think").
GROUPS = ("carers", "partners", "staff", "providers", "people", "voluntary sector", "leaders", "families")
_VIEWS = re.compile(r"\b(?:say|said|think|thought|feel|felt|views?|describe[ds]?|opinions?|feedback|told|"
                    r"experiences?|tell|make of)\b")


# "Is Brackenfold better than Derby?", "is wyemarsh any good", "Compare Derby and Leeds", "How did Derby do?":
# a judgement of the council as a whole, which the report gives as its rating; no topic is named.
_JUDGING = frozenset(_tokenize(
    "good bad better worse best worst compare compared comparison comparing versus vs against perform performs "
    "performing performance fare fares fared stack stacks rated rating rate overall well poor okay ok decent great "
    "terrible awful"))
_JUDGED_TOO = frozenset(_tokenize(  # words that may stand beside a judgement without naming a topic
    "doing do does did any much how up council authority local adult social care cqc inspection inspected "
    "inspector inspectors service services"))


def judges_whole(question: str, tokens: tuple[str, ...]) -> bool:
    """Whether a question only judges or compares the council as a whole: its search terms (the councils' names
    taken out) hold a word of judgement and no topic ("Is Derby good at assessments?" names one), or none at all
    after "how" ("How did Derby do?"); not one about change over time ("Is Derby doing better than last year?")."""
    if relative_time(question) or asks_earlier(question):
        return False
    if not tokens:
        return bool(re.match(r"\s*how\b", question, re.I))
    return any(t in _JUDGING for t in tokens) and all(t in _JUDGING or t in _JUDGED_TOO for t in tokens)


def reason(question: str) -> str | None:
    """"why", "improve" or "strengths" for a question the report answers with its own reasons, else None. A
    statement's name is no reason asked ("What did it score for learning, improvement and innovation?")."""
    q = _STATEMENT_NAMES.sub(" ", question.lower())
    return next((kind for kind, pattern in _REASONS if pattern.search(q)), None)


_STATEMENT_NAMES = re.compile("|".join(r"\b" + r"[\s,]+".join("(?:and|&)" if w == "and" else re.escape(w)
                                                                for w in name.lower().replace(",", " ").split())
                                       + r"\b" for st in framework.STATEMENTS for name in (st.name, *st.aliases)))


# Everyday words for the groups whose feedback reports give: parents and relatives who look after someone are
# "carers" in a report, local charities "the voluntary sector", residents "people".
_GROUP_WORDS = (("carers", r"parents?|mums?|dads?|relatives?|family carers|family members"),
                ("voluntary sector", r"charit(?:y|ies)|voluntary (?:groups?|organisations?)|community groups?"),
                ("people", r"residents?|service users?|users of services"),
                ("staff", r"social workers?|frontline workers?|employees?"))


def views_of(question: str) -> str | None:
    """The group whose views the question asks about ("carers"), or None."""
    q = question.lower()
    # "How do carers find ...?", and asked of the past: "How did / have carers found ...?"
    if not _VIEWS.search(q) and not re.search(r"\bhow (?:do|does|did|have|has) (?:\w+ ){1,3}f(?:i|ou)nd\b", q):
        return None
    named = next((g for g in GROUPS if re.search(rf"\b{g.rstrip('s')}s?\b", q)), None)
    return named or next((g for g, words in _GROUP_WORDS if re.search(rf"\b(?:{words})\b", q)), None)


# "Who chairs the board?", "What is the name of the provider?", "Which organisation runs advocacy?": the answer is a
# name, so a sentence that names no one (a sentence *about* the board) does not answer it.
_NAME_ASK = re.compile(
    r"^\s*who\s+(?:chairs?|heads?)\b"  # "Who chairs the board?"
    r"|\bwho(?:'s|\s+is|\s+was)\s+(?:the|\w+['’]s)\s"  # "Who is the director of ...?"
    r"|\bnames?\s+of\b|\b(?:is|are|was|were)\s+(?:it\s+|they\s+)?called\b|\bname\s*\??$"
    r"|\bwhich\s+(?:two|three|four|five|six|\d+)\s+\w+"  # "Which four languages ...?"
    r"|^\s*where\s+(?:is|are|was|were|will)\b.*\b(?:built|located|based|sited|situated|opening|opened)\b"  # a place
    r"|\b(?:what|which)\s+(?:[\w-]+\s+)?(?:organi[sz]ations?|compan(?:y|ies)|charit(?:y|ies)|firms?|party|wards?|city|"
    r"town|village|trusts?(?!\s+(?:in|is|do|should)\b))\b", re.I)  # not "what trust is there in ..."


def wants_name(question: str) -> bool:
    """Whether the question asks for a name (a person, an organisation, a place), which its answer must give."""
    return bool(_NAME_ASK.search(question)) and not YES_NO.match(question.lower())  # "Did the party change?"


# "the previous rating", "last time CQC looked", "before this assessment": an earlier period than the report's own.
_EARLIER = re.compile(r"\b(?:previous(?:ly)?|prior|former|earlier|last)\s+(?:[\w-]+\s+){0,4}?(?:ratings?|rated|"
                      r"assessments?|inspections?|reports?|scores?|scored)\b|\blast time\b|"
                      r"\bbefore (?:this|that|the (?:current|latest|new)) (?:assessment|report|inspection|rating)|"
                      r"\bused to (?:be )?(?:rated|scored?)", re.I)


def asks_earlier(question: str) -> bool:
    """Whether the question asks about a time before the assessment the report gives."""
    return bool(_EARLIER.search(question))


# Capitalised words that name no particular thing in a question about a council's report.
_COMMON_CAPITALS = frozenset(
    "cqc care quality commission england english i outstanding good requires improvement inadequate overall "
    "council local authority adult adults social the what which who how when where why was were is are did does do "
    "has have can could will would should please tell list give show compare rank january february march april "
    "may june july august september october november december".split())


_OPENERS = frozenset("the what which who how when where why was were is are did does do has have can could will would "
                     "should please tell list give show compare rank i".split())


def proper_names(text: str) -> tuple[str, ...]:
    """Runs of capitalised words in a question that name a particular thing ("Perth House", "Healthwatch"): not
    acronyms, not the words every report uses with a capital, and not a capitalised first word alone."""
    words = re.findall(r"[A-Za-z][\w'’-]*", text)
    capitals = sum(w[0].isupper() for w in words)
    if capitals >= 4 and capitals > 2 * len(words) / 3:
        return ()  # "What Is The Average Wait?": Title Case says nothing of names
    out = []
    for m in re.finditer(r"\b[A-Z][a-z][\w'’-]*(?:\s+[A-Z][a-z][\w'’-]*)*", text):
        run = m.group().split()
        while run and run[0].lower() in _OPENERS:
            run = run[1:]  # "Is Perth House rated": the name is "Perth House"
        if not run or (m.start() == len(text) - len(text.lstrip()) and len(m.group().split()) == 1):
            continue  # a capitalised first word alone is just a first word
        if any(w.lower() not in _COMMON_CAPITALS and w.lower().rstrip("'’s") not in _COMMON_CAPITALS
               for w in run):  # "Council's" is "council", and "Requires" is "requires" (not "require")
            out.append(" ".join(run))
    return tuple(dict.fromkeys(out))


# "What did Healthwatch Derby find?", "What does the Ombudsman say about complaints?": what one named body found or
# said. A sentence that only lists it among partners says nothing it found, so the answer must report its own.
# ("report" is no verb before another: "What did the annual report say?")
_PARTY = re.compile(r"\b(?:what|how)\s+(?:did|do|does|has|have)\s+"
                    r"(?P<who>(?:the\s+)?[\w'’&-]+(?:\s+[\w'’&-]+){0,4}?)\s+"
                    r"(?:find|found|say|said|think|report(?!\s+(?:say|said|find|found|show|conclude|tell))|"
                    r"reported|tell|conclude|recommend|highlight|make of|identify|raise|feel)\b")
# Words that make the run before the verb no body's name: a verb phrase ("the council do to identify carers"),
# CQC itself ("the inspection team"), the council, a document with no body's name ("the national survey"), people.
_NOT_NAME = frozenset((
    "do does did done doing have has had need needs plan plans want wants to after before when if since with about "
    "for while going try tried "
    "cqc inspectors inspector inspection assessors assessor assessment team teams regulator care quality commission "
    "council councils authority la we they it you i he she this that these those there".split()))
_NOT_PARTY = frozenset((
    "the a an local city county borough district metropolitan royal of and own its their "
    "people person someone anyone others everyone residents users ppl folk folks".split()))
_DOCUMENT = frozenset("report reports survey surveys data figures strategy plan plans audit research study review "
                      "reviews self-assessment results".split())


def _is_group(who: str) -> bool:
    return any(re.search(rf"\b{g.rstrip('s')}s?\b", who) for g in GROUPS) or \
        any(re.search(rf"\b(?:{words})\b", who) for _, words in _GROUP_WORDS)


def _bare(word: str) -> str:
    return re.sub(r"['’]s?$", "", word.lower())  # "Ombudsman's", "inspectors'": the word itself


def party_asked(question: str, council_words: frozenset[str] = frozenset()) -> str | None:
    """The named body whose own findings or words the question asks for ("Healthwatch Derby" -> "Healthwatch"),
    as the question writes it less the council's name (``council_words``); None when it asks about a group
    (``views_of``), the council, CQC, a document ("the national survey"), or no one in particular."""
    m = _PARTY.search(question.lower())
    if not m or _is_group(m.group("who")):
        return None
    start, end = m.span("who")
    said = re.sub(r"^the\s+", "", question[start:end], flags=re.I).split()
    if any(_bare(w) in _NOT_NAME for w in said):
        return None
    if _bare(said[-1]) in _DOCUMENT:  # "the Ombudsman's report": the Ombudsman; "the national survey": no one
        owner = [i for i, w in enumerate(said) if re.search(r"['’]s?$", w)]
        if not owner:
            return None
        said = said[: owner[-1] + 1]
    # "Healthwatch Derby's": Healthwatch
    who = [re.sub(r"['’]s?$", "", w) for w in said if _bare(w) not in council_words]
    if not [w for w in who if _bare(w) not in _NOT_PARTY]:
        return None
    if who[-1].islower() and _singular(_bare(who[-1])) != _bare(who[-1]):
        return None  # "the care companies": people of a kind, whose views a group's rule reads
    return " ".join(who)
