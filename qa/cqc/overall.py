"""The overall percentage and rating by CQC's rule, and the inconsistencies a report can hold.

CQC weighs every assessed quality statement the same: the percentage is the sum of the scores over
4 x the number of statements, and the rating is the band the percentage falls in. A report states both; when it
omits the percentage we compute it and say so, and when what it states disagrees with itself (a summary score
that is not the statement page's, a rating outside its percentage's band) we warn rather than pick one.
"""

from __future__ import annotations

from qa.types import Percentage, Span, StatementScore

# (lowest percentage, rating), highest band first: 25-38 Inadequate, 39-62 Requires improvement, 63-87 Good,
# 88 and above Outstanding.
BANDS = ((88, "Outstanding"), (63, "Good"), (39, "Requires improvement"), (25, "Inadequate"))


def band(percentage: int) -> str | None:
    """The rating CQC gives a percentage (None below 25, which the rule cannot produce).

    >>> band(64), band(62), band(88)
    ('Good', 'Requires improvement', 'Outstanding')
    """
    return next((rating for low, rating in BANDS if percentage >= low), None)


def computed(scores: list[StatementScore]) -> Percentage | None:
    """The percentage the scores give, marked as computed (None with no scores).

    >>> computed(scores_of_nine).describe()  # doctest: +SKIP
    '52.8%, computed from the nine scores: 19 of 36'
    """
    if not scores:
        return None
    total, maximum = sum(s.score for s in scores), 4 * len(scores)
    return Percentage(round(100 * total / maximum), False, total, maximum, len(scores))


def stated(value: int, span: Span, scores: list[StatementScore]) -> Percentage:
    total = sum(s.score for s in scores)
    return Percentage(value, True, total, 4 * len(scores), len(scores), span)


def warnings(own: tuple[StatementScore, ...], summary: tuple[StatementScore, ...], rating: Span | None,
             percentage: Percentage | None) -> tuple[str, ...]:
    """Every place the report disagrees with itself, in words a reader can check."""
    out: list[str] = []
    pages = {s.statement: s for s in own}
    for s in summary:
        page = pages.get(s.statement)
        if page is not None and page.score != s.score:
            out.append(f"{s.statement}: the summary says {s.score} but the statement's own page says {page.score}; "
                       f"answers use the page's score")
    if percentage is not None:
        if percentage.stated and percentage.statements:
            rule = round(100 * percentage.total / percentage.maximum)
            if abs(rule - percentage.value) > 1:
                out.append(f"the report states {percentage.value}% but its {percentage.statements} scores give "
                           f"{rule}% ({percentage.total} of {percentage.maximum})")
        expected = band(percentage.value)
        if rating is not None and expected is not None and expected.lower() != rating.text.lower():
            how = "stated" if percentage.stated else "computed"
            out.append(f"the rating '{rating.text}' is outside the band of the {how} {percentage.value}% "
                       f"({expected})")
    return tuple(out)
