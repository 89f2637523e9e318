"""Score and rating questions answered from the parsed scores, never from passages.

The report states each score once, so the answer is looked up and cites the line that states it. Choosing what
to cite (``cited``) is kept apart from phrasing the answer (``compose``): retrieval ranks the cited passages
first without building any text.
"""

from __future__ import annotations

import operator
import re

from qa.cqc import framework
from qa.cqc.score_questions import ScoreQuestion
from qa.types import Percentage, ReportCard, Span, StatementScore


OPS = {"eq": operator.eq, "ge": operator.ge, "gt": operator.gt, "le": operator.le, "lt": operator.lt}
_OP_WORDS = {"eq": "scored", "ge": "scored at least", "gt": "scored more than", "le": "scored at most",
             "lt": "scored below"}


def scores_of(card: ReportCard) -> list[StatementScore]:
    """Each statement's own score; the summary near the top stands in for any statement without one."""
    own = {s.statement: s for s in card.scores}
    for s in card.summary_scores:
        own.setdefault(s.statement, s)
    return sorted(own.values(), key=lambda s: _ORDER[s.statement])


_ORDER = {st.name: n for n, st in enumerate(framework.STATEMENTS)}  # the framework's order of statements


def cited(q: ScoreQuestion, card: ReportCard) -> tuple[Span, ...] | None:
    """The spans an answer to ``q`` cites, in citing order; None when the report lacks what is asked."""
    if q.kind == "published":
        return (card.published_at,) if card.published_at else None
    if q.kind == "overall":
        if card.rating is None:
            return None
        if _stated(card):
            return card.rating, _stated(card).span
        return (card.rating, *(s.span for s in _computed(q, card)))
    if (stated := _stated_percent(q, card)) is not None:
        return (stated.span,)
    chosen = _chosen(q, scores_of(card))
    return None if chosen is None else tuple(s.span for s in chosen)


def _computed(q: ScoreQuestion, card: ReportCard) -> list[StatementScore]:
    """The nine scores an "overall score" question's percentage is computed from, when the report states none and
    gives all nine ([] otherwise: a rating question, or a percentage that would rest on fewer)."""
    scores = scores_of(card) if q.scored and not _stated(card) else []
    return scores if len(scores) == len(framework.STATEMENTS) else []


def _stated(card: ReportCard) -> Percentage | None:
    """The overall percentage the report itself states, if it states one."""
    p = card.percentage
    return p if p is not None and p.stated and p.span is not None else None


def _stated_percent(q: ScoreQuestion, card: ReportCard) -> Percentage | None:
    """The stated percentage a question about the whole report's percentage is answered with (one about some
    statements only is computed from them)."""
    return _stated(card) if q.kind == "percent" and not q.within and not q.excluded else None


def _asked(q: ScoreQuestion, scores: list[StatementScore]) -> list[StatementScore]:
    """The scores the question is about: a theme's when it names one, less any it excludes."""
    return [s for s in scores if s.statement not in q.excluded and (not q.within or s.statement in q.within)]


def _chosen(q: ScoreQuestion, scores: list[StatementScore]) -> list[StatementScore] | None:
    """The statement scores an answer to ``q`` is about (possibly none), or None when it cannot be answered."""
    if q.kind != "statement":
        scores = _asked(q, scores)
    if not scores:
        return None
    if q.kind == "statement":
        return [s for n in q.statements for s in scores if s.statement == n] or None
    if q.kind in ("highest", "lowest"):
        best = (max if q.kind == "highest" else min)(s.score for s in scores)
        return [s for s in scores if s.score == best]
    if q.kind == "label":
        return [s for s in scores if s.score in q.levels]
    if q.kind == "count":
        return [s for s in scores if OPS[q.op](s.score, q.value)]
    if q.kind == "theme":
        means = _theme_means(scores)
        pick = (max if q.best else min)(means.values())
        return [s for s in scores if means[s.theme] == pick]
    return scores  # "average", "all"


def _theme_means(scores: list[StatementScore]) -> dict[str, float]:
    themes: dict[str, list[int]] = {}
    for s in scores:
        themes.setdefault(s.theme, []).append(s.score)
    return {t: sum(v) / len(v) for t, v in themes.items()}


def compose(q: ScoreQuestion, card: ReportCard) -> tuple[str, tuple[Span, ...]] | None:
    """(answer text with [n] markers, the spans cited in order), or None when the report lacks what is asked."""
    spans = cited(q, card)
    if spans is None:
        return None
    council = card.council or card.title
    if q.kind == "published":
        day = re.search(r"\d{1,2}\s+[A-Za-z]+\s+\d{4}", card.published_at.text)  # the date as the report writes it
        return f"The assessment of {council} was published on {day.group() if day else card.published} " \
               f"({card.published}) [1].", spans
    if q.kind == "overall":
        pct = f", an overall score of {_stated(card).value}% [2]" if _stated(card) else ""
        rated = f"{council} was rated overall: {card.rating.text} [1]{pct}."
        if scores := _computed(q, card):
            total = sum(s.score for s in scores)
            listed = " ".join(f"{s.statement}: {s.score} [{i}]." for i, s in enumerate(scores, start=2))
            rated += f" Its overall score is {100 * total / 36:.1f}% (computed: {total} points of a possible 36, " \
                     f"the sum of its nine statement scores over 4 each; the report states no percentage): {listed}"
        return rated, spans
    if (stated := _stated_percent(q, card)) is not None:
        return f"{council}'s overall percentage is {stated.value}%, as the report states it [1].", spans
    scores = scores_of(card) if q.kind == "statement" else _asked(q, scores_of(card))
    chosen = _chosen(q, scores)
    of = _of(q, len(scores))
    if q.kind in ("sum", "percent"):
        total = sum(s.score for s in scores)
        pct = 100 * total / (4 * len(scores))
        if q.kind == "sum":
            return f"The scores of {of} add up to {total} (of a possible {4 * len(scores)}): " + _list(scores), spans
        return f"Overall percentage {pct:.1f}% (computed: {total} points of a possible {4 * len(scores)}, " \
               f"the sum of the scores of {of} over 4 each; the report states no percentage): " + _list(scores), spans
    if q.kind in ("highest", "lowest"):
        best = chosen[0].score
        rest = "" if len(chosen) == len(scores) else f" The other {len(scores) - len(chosen)} scored " \
            f"{'/'.join(str(v) for v in sorted({s.score for s in scores} - {best}))}."
        over = of if q.within or q.excluded else f"{len(scores)} statements"
        head = f"{q.kind.capitalize()} score: {best} ({framework.LABELS[best]}), for {len(chosen)} of {over}: "
        return head + _names(chosen) + "." + rest, spans
    if q.kind == "label":
        quoted = " or ".join(f"'{framework.LABELS[v]}'" for v in q.levels)
        if not chosen:
            return f"None of the {len(scores)} quality statements was scored {quoted}.", spans
        return f"{len(chosen)} of the {len(scores)} quality statements were scored {quoted}: " + _list(chosen), spans
    if q.kind == "count":
        verb = _OP_WORDS[q.op]
        if not chosen:
            return f"None of {of} {verb} {q.value}.", spans
        return f"{len(chosen)} of {of} {verb} {q.value}: {_names(chosen)}.", spans
    if q.kind == "average":
        total = sum(s.score for s in scores)
        mean = total / len(scores)
        return f"The average score of {of} is {mean:.1f} ({total} points over {len(scores)} statements, " \
               f"{mean:.2f}): " + _list(scores), spans
    if q.kind == "theme":
        means = _theme_means(scores)
        pick = means[chosen[0].theme]
        best = [t for t, m in means.items() if m == pick]
        parts = "; ".join(f"{t}: {m:.1f}" for t, m in means.items())
        return f"{'Best' if q.best else 'Weakest'} theme by average score: {' and '.join(best)} ({pick:.1f}). " \
               f"Theme averages: {parts}. " + _list(chosen), spans
    return _list(chosen), spans


def _of(q: ScoreQuestion, n: int) -> str:
    """What the figures are over: "the 9 quality statements", "the 2 statements of Theme 4: Leadership", "the 8
    quality statements other than Safeguarding"."""
    themes = {st.theme for st in framework.STATEMENTS if st.name in q.within}
    what = f"the {n} statements of {framework.canonical_theme(themes.pop())}" if len(themes) == 1 else \
        f"the {n} quality statements"
    if q.excluded:
        what += " other than " + " and ".join(q.excluded)
    return what


def _list(scores: list[StatementScore]) -> str:
    return " ".join(f"{s.statement}: {s.score} ({s.label}) [{i}]." for i, s in enumerate(scores, start=1))


def _names(scores: list[StatementScore]) -> str:
    return ", ".join(f"{s.statement} [{i}]" for i, s in enumerate(scores, start=1))
