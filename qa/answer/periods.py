"""When a figure is for: the years, months and parts of a year a question names, and whether the sentence that
gives a figure (with what leads up to it in its paragraph) gives them.

"How many referrals in 2022/23?" is not answered by a figure for 2023/24, nor "the wait in September 2023" by
a sentence whose paragraph names September 2023 only as where a fall began ("down from 36.1 days in September
2023").
"""

from __future__ import annotations

import re

from qa.search.query import Query
from qa.tokens import token_set, tokenize

YEAR = re.compile(r"(?:19|20)\d\d(?:/\d\d)?")

_MONTH = re.compile(r"\b(Jan(?:uary)?|Feb(?:ruary)?|March|Apr(?:il)?|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|"
                    r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?|(?:Mar|May)(?=\s+(?:19|20)\d\d))\b", re.I)
_PART = re.compile(r"\b(?:(?:first|second) half|(?:first|second|third|fourth|final|last) quarter|q[1-4])\b"
                   r"(?:\s+of\s+(?:19|20)\d\d(?:/\d\d)?)?", re.I)


# A period given as a comparison's starting point is the earlier figure's, not the one quoted: "14.5 days ... a
# reduction from 36.1 days in September 2023", "up 4% compared with 2022/23".
_WHEN = r"(?:(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\s+)?(?:19|20)\d\d(?:/\d\d)?"
_BASELINE = re.compile(rf"\bfrom\s+(?:£\s?)?\d[\d,.]*%?(?:\s+[a-z]+){{0,3}}?\s+(?:in|at the end of|during|by|for)\s+"
                       rf"(?:the end of\s+)?{_WHEN}|\b(?:compared (?:to|with)|than(?: in)?)\s+(?:the same "
                       rf"(?:period|time|month) (?:in|of|last year,?\s+)?\s*)?{_WHEN}", re.I)


def without_baselines(text: str) -> str:
    """Text that leads up to a quoted figure without the periods it gives as a comparison's starting point: they
    date an earlier figure, not the one quoted (unless the quote is that comparison itself)."""
    return _BASELINE.sub(" ", text)


def dated_by(paragraph: str, sentence: str) -> str:
    """What dates a quoted figure: its sentence alone when that names a year of its own, not as a comparison's
    starting point ("ASCOF data for 2022-23 showed 84.2%" is for 2022-23, whatever else its paragraph is about);
    else what leads up to it in its paragraph, without such starting points, and the sentence (whose own
    comparison may be what was asked: "a reduction from 36.1 days in September 2023")."""
    return sentence if _dates_itself(sentence) else without_baselines(paragraph) + " " + sentence


def _dates_itself(sentence: str) -> bool:
    """Whether a sentence names a year of its own, not as a comparison's starting point."""
    return any(YEAR.fullmatch(t) for t in token_set(without_baselines(sentence)))


def other_years(query: Query, sentence: str) -> tuple[str, ...]:
    """The years a question names that a sentence dating itself by other years ("The backlog stood at 1,486 in
    January 2024") does not give: what it says is for those other years. () for a sentence naming none."""
    return years_not_given(query, sentence) if _dates_itself(sentence) else ()


def years_not_given(query: Query, text: str) -> tuple[str, ...]:
    """The years a question names (not its months) that ``text`` does not give."""
    held = token_set(text)
    return tuple(t for t in query.tokens if YEAR.fullmatch(t) and not year_given(t, held))


def missing_years(query: Query, context: str) -> tuple[str, ...]:
    """The years, months and parts of a year ("first half") the question names that the figure's sentence (with
    what leads up to it in its paragraph, "for that year") does not give."""
    held = token_set(context)
    years = tuple(t for t in query.tokens if YEAR.fullmatch(t) and not year_given(t, held))
    low = context.lower()
    months = []
    for m in _MONTH.finditer(query.question):
        if tokenize(m.group())[0] in held:
            continue
        year = re.match(r"\s+((?:19|20)\d\d(?:/\d\d)?)\b", query.question[m.end():])
        if year and year.group(1) in years:  # "September 2023", as asked, not "2023 and September"
            years = tuple(y for y in years if y != year.group(1))
            months.append(f"{m.group()} {year.group(1)}")
        else:
            months.append(m.group())
    parts = tuple(_the(m.group()) for m in _PART.finditer(query.question) if m.group().split(" of ")[0].lower() not in low)
    return years + tuple(months) + parts


def _the(part: str) -> str:
    """ "first half of 2023" -> "the first half of 2023"; a month as written."""
    return f"the {part}" if re.match(r"(?:first|second|third|fourth|final|last)\b", part, re.I) else part


def year_given(year: str, held: set[str]) -> bool:
    """Whether text with tokens ``held`` gives the year asked: as written, for "2023/24" both of its years
    ("between 1 April 2023 and 14 February 2024"), for 2024 a financial year it falls in ("2024/25")."""
    if year in held:
        return True
    first, _, end = year.partition("/")
    if not end:  # a calendar year is part of the financial years it falls in: "April 2024" in "2024/25"
        y = int(year)
        return f"{y - 1}/{year[2:]}" in held or f"{year}/{(y + 1) % 100:02d}" in held
    return first in held and first[:2] + end in held
