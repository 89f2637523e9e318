"""The kind of figure a question asks for, read from its wording alone.

"How long do people wait?" wants a duration and "What share of carers..." a percentage; the answer stage then
prefers sentences holding that kind of figure, and abstains when no passage gives one.
"""

from __future__ import annotations

import re

ASKS = (
    # a rate is a share ("the vacancy rate") unless it is paid by the hour or day
    ("percent", re.compile(r"\b(percentage|percent|proportion|share|what %|(?<!hourly )(?<!daily )(?<!weekly )rates?|"
                           r"how many per ?cent)\b|%")),
    ("money", re.compile(r"\b(how much|budget|spend|spent|cost|costs|overspend|money|funding|precept|earn|earns|"
                         r"salary|salaries|wage|wages|paid|fees?|prices?|(?:hourly|daily|weekly) rates?|per hour)\b|£")),
    ("duration", re.compile(r"\b(how long|(?:waiting|wait) times?|how many (?:days|weeks|months|years|hours)|how quickly|"
                            r"how soon|timescales?|(?:longest|shortest|longer|shorter|average|maximum|typical) (?:waits?|waiting times?|time)|"
                            r"(?:mean|median) (?:waits?|waiting times?)|"
                            r"waited|(?:what|how long) (?:is|was|'s) the (?:\w+ )?wait)\b")),
    # "the carers' quality of life score": a survey's score, a number of its own (not CQC's score of the council)
    # (a satisfaction "score" is a share satisfied, as the surveys give it)
    ("number", re.compile(r"\bquality of life scores?\b|\bscores? (?:for|of|on|did|do|does) [\w'’ ]{0,40}?quality of "
                          r"life\b")),
    ("count", re.compile(r"\b(how many|numbers? of|count|total|size of|how big|how large|"
                         r"what(?:'s| is| was) the (?:total |estimated |current )?population(?=\s+(?:of|in|size)\b|\W*$))\b")),
    ("date", re.compile(r"\b(what year|what date|which year|when (?:was|were|did|will|is|does))\b")),
    # "What does it pay care homes an hour?": a rate by the hour, week or day, a few words after the paying (not
    # "how many ... 4 visits a day", read as a count above, nor "in charge ... day-to-day")
    ("money", re.compile(r"(?<!\bin )\b(?:pay|pays|paying|charge|charges|charging)\b(?:\s+[\w'’£.-]+){0,4}?\s+"
                         r"(?:an|a|per|each|every)\s+(?:hour|day|week|month|night)\b(?!-)")),
)

# A yes/no question ("Will the money I get be cut?") wants a yes or no, not a figure, unless it asks for one.
YES_NO = re.compile(r"^\s*(?:is|are|was|were|do|does|did|has|have|had|will|would|can|could|should)\b")
_EXPLICIT_FIGURE = re.compile(r"\bhow (?:many|much|long|quickly|soon)\b|\bwhat (?:percentage|proportion|share|number)\b"
                              r"|%|\bper ?cent\b")


# "section 42 enquiries number": a search box's way of asking how many; not "the helpline number", "my NHS
# number", a number that names something.
_LAST_NUMBER = re.compile(r"(?:^|\b(\w+)\s+)numbers?\W*$")
_IDENTIFIERS = frozenset("phone telephone mobile contact helpline freephone fax reference case nhs account "
                         "registration charity company house flat room ward serial pin id".split())


# How a question asks for a figure in so many words. The first such phrase decides over the words of its topic:
# "How many people have a personal budget?" wants a count, "How long do people wait for funding decisions?" a
# wait, though a budget and funding are money.
_ASKED = (("duration", re.compile(r"\bhow (?:long|quickly|soon)\b|\bhow many (?:days|weeks|months|years|hours)\b|"
                                  r"\bhow much (?:time|longer)\b")),
          ("count", re.compile(r"\bhow many\b|\bthe number of\b")),
          ("money", re.compile(r"\bhow much\b")))
# "How are direct payments paid?", "how is the budget pressure managed?": the way of it, not a sum of money, when
# the question asks for none in so many words
_MANNER = re.compile(r"\bhow (?:is|are|was|were|do|does|did|will|would|can|could|should|has|have)\b")
_COMPARED = re.compile(r"\bcompar")  # "how does its spend per head compare?" asks for the figures


def wanted_figure(question: str) -> str | None:
    """The kind of figure a question asks for ("percent", "money", "duration", "number", "count", "date"), or None."""
    q = question.lower()
    if YES_NO.match(q) and not _EXPLICIT_FIGURE.search(q):
        return None
    asked = min(((m.start(), n, kind) for n, (kind, pattern) in enumerate(_ASKED) if (m := pattern.search(q))),
                default=None)  # ("how many days": a wait, though "how many" starts there too)
    if asked and not ASKS[0][1].search(q):  # (a share is asked in its own words: "how many per cent", "what %")
        kind = asked[2]
    else:
        kind = next((kind for kind, pattern in ASKS if pattern.search(q)), None)
        if kind == "money" and _MANNER.search(q) and not _COMPARED.search(q):
            return None  # (money words name things, "direct payments", "the budget"; a wait is asked as such)
    if kind is None and (last := _LAST_NUMBER.search(q)) and last.group(1) not in _IDENTIFIERS:
        return "count"
    if kind == "duration" and _HOW_MANY_THINGS.search(q):
        return "count"  # "how many people had waited longer than 42 days?": a count of people, not a wait
    return kind


# "How many were waiting, and what was the median wait?": a second question joined to the first
_AND_ASKS = re.compile(r"(?:,\s*|\s+)and\s+(?=(?:how|what|which|when)\b)", re.I)


def second_figure(question: str) -> str | None:
    """The kind of figure a question's second part asks for when it differs from its first's ("duration" for
    "How many people were waiting, and what was the median wait?"), else None."""
    return figure_kinds(question)[1]


def figure_kinds(question: str) -> tuple[str | None, str | None]:
    """(the kind of figure asked, a second kind asked after "and"): the first part's kind leads a two-part
    question ("What was the overspend, and how many people were affected?" wants money first)."""
    if parts := two_parts(question):
        first, second = wanted_figure(parts[0]), wanted_figure(parts[1])
        if first and second and second != first:
            return first, second
    return wanted_figure(question), None


def two_parts(question: str) -> tuple[str, str] | None:
    """A question's two parts, split where a second question is joined on ("..., and what was the median
    wait?"), or None."""
    m = _AND_ASKS.search(question)
    return (question[: m.start()], question[m.end():]) if m else None


_HOW_MANY_THINGS = re.compile(r"\b(?:how many|number of) (?!(?:\w+ )?(?:days|weeks|months|years|hours)\b)")
