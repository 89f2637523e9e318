"""Figures as they stand in a report's sentences, by kind: the answer stage's half of figure questions.

A question's wanted kind (``qa.search.figure_kind``) is matched against these: "42.11%" is a percent, "£1.2m"
money, "6-8 months" a duration, "3,931" a count, "2023" a date.
"""

from __future__ import annotations

import re

from qa.tokens import token_set

FIGURES = {
    "percent": re.compile(r"\d+(?:\.\d+)?\s?%|\bper ?cent\b|\bper\s+(?:1,?000|10,?000|100,?000)\b"),
    "money": re.compile(r"£\s?\d|\b\d[\d,.]*\s?(?:million|billion|m|bn)\b"),
    "duration": re.compile(r"\b(?:\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen|fifteen|"
                           r"eighteen|twenty|thirty|forty|sixty|ninety)"
                           r"(?:\s*(?:-|–|to)\s*\d+)?[\s-]*(?:working\s+)?(?:day|week|month|year|hour|hr)'?s?\b", re.I),
    # A count: a whole number that is none of these, each seen standing where a count would in CQC reports:
    "count": re.compile(
        r"(?<![\w.,£/\-])"  # part of a name or code ("Covid-19", "Q1"), a decimal's tail, a sum of money
        r"(?<!section )(?<!pathway )(?<!phase )(?<!level )(?<!tier )(?<!stage )(?<!step )"  # a label ("section 75")
        r"(?<!age of )(?<!aged )(?<!ages of )(?<!over-)"  # an age ("from the age of 14")
        r"(?<!one in )(?<!two in )(?<!three in )(?<!\d in )(?<!\d\d in )"  # a ratio ("one in five residents", "4 in 10")
        r"\b(?!(?:19\d\d|20[1-9]\d)\b(?!\s+[a-z]+s\b))"  # a year, unless things follow ("2015 referrals")
        r"(?:\d{1,3}(?:,\d{3})+|\d+)(?![\d,.]*\d)"
        r"(?![.,]?\d*\s?%)(?!\+|\s*years? old)"  # a share, an age ("65+")
        r"(?!\s*(?:-|–|to)?\s*\d*\s*(?:working\s+)?(?:days?|weeks?|months?|years?|hours?|hrs?)\b)"  # a wait
        r"(?!\s+in\s+(?:\d{1,2}|two|three|four|five|six|seven|eight|nine|ten)\b"  # the first of a ratio ("1 in 4"),
        r"(?!\s*(?:working\s+)?(?:days?|weeks?|months?|years?|hours?)\b))"  # not "fell to 120 in 4 weeks"
        r"|(?<!one in )(?<!two in )(?<!three in )(?<!four in )(?<!five in )(?<!six in )(?<!seven in )(?<!eight in )"
        r"(?<!nine in )(?<!\d in )(?<!\d\d in )"
        r"\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty)\s+(?=[a-z]+s\b)"  # in words
        r"(?!(?:working\s+)?(?:days|weeks|months|years|hours)\b)",  # (not a wait: "six weeks")
        re.I),
    "number": re.compile(r"(?<![\d£.,])\d+(?:\.\d+)?(?![\d.,]*\s?%)(?![\d,]*\s?(?:million|billion|m|bn)\b)"),  # a score
    "date": re.compile(r"\b(?:19|20)\d\d\b"),
}

_YEAR = r"(?:(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+)?" \
        r"(?:19|20)\d\d(?:/\d\d(?:\d\d)?)?"
PERIOD = re.compile(rf"\b(?:between\s+{_YEAR}\s+and\s+{_YEAR}|from\s+{_YEAR}\s+to\s+{_YEAR}|{_YEAR}(?:\s*(?:-|–|to)\s*{_YEAR})?)")


def latest_period(text: str) -> str | None:
    """The latest period a sentence gives a figure for, as written ("2023/24", "between April 2023 and December
    2023"), or None: what "last year" or "recently" means in the report."""
    found = [(max(int(y) for y in re.findall(r"(?:19|20)\d\d", m.group())), m.group()) for m in PERIOD.finditer(text)]
    return max(found, key=lambda x: x[0])[1] if found else None


def second_figure_beside(best, ranked: list, kind: str, asked: frozenset[str] = frozenset()):
    """"How many were waiting, and what was the median wait?": the sentence of ``best``'s paragraph nearest it
    (the next ones first) that gives a figure of the second ``kind`` asked and holds the second part's own words
    (``asked``, search tokens: "median", "wait"), when ``best`` gives none; else None. Only its own paragraph: a
    figure elsewhere is of something else ("Reviews took 21 days on average" is no wait for an assessment)."""
    if FIGURES[kind].search(best.text):
        return None
    text, offset = best.hit.passage.text, best.hit.passage.start
    same = [x for x in ranked if x.hit is best.hit and x.text != best.text and FIGURES[kind].search(x.text) and
            asked <= token_set(x.text) and
            not re.search(r"\n[ \t]*\n", text[min(x.end, best.end) - offset : max(x.start, best.start) - offset])]
    return min(same, key=lambda x: (x.start < best.start, abs(x.start - best.start)), default=None)
