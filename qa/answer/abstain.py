"""When to say "the report doesn't say": thresholds on the best candidate sentence, and the reasons given.

A wrong answer with a citation looks checked, so the answer stage abstains when even the best sentence is far
from the question, when a figure question finds no sentence giving a figure about the same things (or for the
year asked), and when the question rests on words or names the report never uses (``Query.unseen``,
``Query.unknown``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from qa.answer.choose import Candidate
from qa.answer.coverage import (ASK, asks_extreme, central, coverage, extreme, other_compound,
                                other_statistic, prefer_asked_figure, second_part_terms)
from qa.cqc.groups import groups_asked, names_group
from qa.answer.periods import YEAR, dated_by, missing_years, year_given
from qa.answer.things import (counted_thing, counts_other, counts_thing, measured_thing, missing_state, rating_band,
                               refers_back, spent_on, state_beside_no_count, stock_for_flow)
from qa.search.query import Query
from qa.text import BULLETS
from qa.tokens import base_forms, token_set

_OWN_GROUPS = ("carers", "children", "families", "older people", "younger adults")
_RATE = re.compile(r"\brates?\b", re.I)
_PARAGRAPH_BREAK = re.compile(rf"\n[ \t]*\n|\n(?=[ \t]*(?:[{BULLETS}]|\d{{1,2}}[.)])\s)")


@dataclass(frozen=True)
class Abstention:
    """Calibrated on the unanswerable questions of the main evaluation set (docs/evaluation.md gives both error
    rates)."""

    min_confidence: float = 0.2
    min_figure_overlap: float = 0.45
    min_figure_cos: float = 0.6  # ...or a figure sentence this close in meaning (plain words share few terms)
    min_cos_alone: float = 0.5  # a question sharing no word with any candidate sentence needs this much cosine
    max_figure_gap: float = 0.5  # a figure's sentence may leave out at most this (idf) share of what was asked
    typical_margin: float = 0.25  # an average wait this close to the best figure sentence is quoted before it
    typical_cos_margin: float = 0.15  # ...when its cosine is this close to the best's too (the same thing)
    group_margin: float = 0.25  # a figure for everyone this close comes before one for a group not asked about
    lexical_weight: float = 0.25
    unknown_weight: float = 0.35

    def confidence(self, best: Candidate, best_overlap: float, query: Query) -> float:
        return best.cosine + self.lexical_weight * best_overlap - self.unknown_weight * query.unseen

    def figure_sentence(self, query: Query, ranked: list[Candidate], feat: dict) -> Candidate | None:
        """The best sentence giving a figure about the question's subject (and its year, when it names one), or
        None when no sentence does; ``feat`` gets the figures that decided it."""
        years = [t for t in query.tokens if YEAR.fullmatch(t)]
        with_figure = [c for c in ranked if c.has_figure and all(
            year_given(y, token_set(c.hit.passage.text)) for y in years)]  # "in 2021/22": the year it gives
        if asks_extreme(query.question):  # "the longest wait": a sentence giving a maximum before an average
            with_figure.sort(key=lambda c: not extreme(c.text))
        elif central(query.question):  # "the median wait": a sentence giving only the longest after the others
            with_figure.sort(key=lambda c: extreme(c.text) and not central(c.text))
        # "how much over budget", "how much does it spend": the difference, the actual; "adult social care" against
        # the total: here everyday words decide
        with_figure = prefer_asked_figure(query.question, with_figure, set(query.tokens) - ASK, _before)
        with_figure = self._everyone_first(query, with_figure)
        if query.figure == "count" and (thing := counted_thing(query.question)):  # "11 hubs" before "5,300 people"
            with_figure.sort(key=lambda c: counts_other(thing, c.text, query) is not None)
        if query.figure in ("count", "percent"):  # "how many are still waiting?": a figure of those waiting first
            with_figure.sort(key=lambda c: missing_state(query.question, _told(c)) is not None)
        feat["figure_overlap"] = round(with_figure[0].figure_overlap, 3) if with_figure else 0.0
        feat["figure_cos"] = round(max((c.cosine for c in with_figure), default=0.0), 3)
        close = [c for c in with_figure if c.cosine >= self.min_figure_cos]
        if not close and (not with_figure or with_figure[0].figure_overlap < self.min_figure_overlap):
            return None
        return with_figure[0] if with_figure[0].figure_overlap >= self.min_figure_overlap else close[0]

    def _everyone_first(self, query: Query, with_figure: list[Candidate]) -> list[Candidate]:
        """"How long do people wait to be assessed?" names no group: a close figure for everyone ("The median wait
        was 96 days", after "3,050 people were waiting for a Care Act assessment") comes before the carers' one
        ("388 carers were waiting ... more than six months"), which answers only a question about carers."""
        if not with_figure or groups_asked(query.tokens) or not _of_group(with_figure[0].text):
            return with_figure
        first, top = with_figure[0], with_figure[0].score  # (one as close in words to the question as well)
        plain = next((c for c in with_figure if c.score >= top - self.group_margin and not _of_group(c.text) and
                      c.figure_overlap >= first.figure_overlap), None)
        return with_figure if plain is None else [plain] + [c for c in with_figure if c is not plain]

    def typical_wait(self, query: Query, ranked: list[Candidate], best: Candidate, idf: dict[str, float]) -> Candidate:
        """"How long do people wait?": a sentence giving the average wait, when one close to ``best`` covers the
        question too, before a count of those who waited longer than some threshold ("37 had waited longer than
        28 days"); ``best`` otherwise, and always when the question asks for an extreme or ``best`` is central."""
        if query.figure != "duration" or asks_extreme(query.question) or central(best.text):
            return best  # ("how many had waited longer than 42 days?" asks for a count: no duration question)
        mine = coverage(query, best.text, idf)
        held = set(mine.terms) - set(mine.missing)
        for c in ranked:
            if c.score < best.score - self.typical_margin:
                break
            # an average of the same thing: as close in meaning, and holding every word of the question it holds
            # (its subject may be the sentence before it: "412 were waiting for a Care Act assessment. The median ...")
            if c.has_figure and central(c.text) and c.cosine >= best.cosine - self.typical_cos_margin and \
                    not held & set(coverage(query, _before(c) + " " + c.text, idf).missing) and \
                    self.uncovered(query, c, idf, {}) is None:
                return c
        return best

    @staticmethod
    def subject_before(query: Query, best: Candidate, ranked: list[Candidate],
                       idf: dict[str, float]) -> Candidate | None:
        """The sentence that says what a figure measures when the figure's own sentence does not: "The median wait
        was 96 days" means nothing quoted alone; "3,050 people were waiting for a Care Act assessment." just before
        it in its paragraph names what was asked. None when the figure's sentence names all of it itself, or the
        two together still leave some of it out."""
        missing = set(coverage(query, best.text, idf).missing)
        before = [x for x in ranked if x.hit is best.hit and x.end <= best.start] if missing else []
        prev = max(before, key=lambda x: x.end, default=None)
        at = best.hit.passage.start
        if prev is None or best.hit.passage.text[prev.end - at: best.start - at].strip(" \t") not in ("", "\n"):
            return None  # (the sentence right before it, in the same paragraph)
        return None if coverage(query, prev.text + " " + best.text, idf).missing else prev  # (all it leaves out)

    def no_figure(self, query: Query, ranked: list[Candidate]) -> str:
        """Why no sentence answers a figure question: the year asked, when figures of that kind stand only for
        other years, else that no passage gives that figure."""
        years = [t for t in query.tokens if YEAR.fullmatch(t)]
        if years and any(c.has_figure for c in ranked) and not any(
                c.has_figure and all(year_given(y, token_set(c.hit.passage.text)) for y in years) for c in ranked):
            return f"it gives no figure for {' and '.join(years)}"
        return "no passage gives that figure"

    def too_far(self, confidence: float, best: Candidate, best_overlap: float) -> bool:
        return confidence < self.min_confidence or (best_overlap == 0 and best.cosine < self.min_cos_alone)

    def uncovered(self, query: Query, best: Candidate, idf: dict[str, float], feat: dict,
                  what: str = "figure") -> str | None:
        """Why the nearest figure (or name, for "who chairs...?") does not answer the question (the year asked,
        the question's words its sentence leaves out, or whose thing it is), as a clause for the reader; None when
        it covers the question."""
        paragraph = _paragraph(best)
        context = paragraph + " " + best.text
        if query.also:  # "..., and what was the median wait?": the rest of its paragraph may hold the second
            # part's own words (the first part's must be the figure's)
            rest = _PARAGRAPH_BREAK.split(best.hit.passage.text[best.end - best.hit.passage.start:], 1)[0]
            second = second_part_terms(query.question)
            context += " " + " ".join(w for w in rest.split() if token_set(w) & second)
        years = missing_years(query, dated_by(paragraph, best.text))
        if years:
            return f"it gives no {what} for {' and '.join(years)}"
        if query.figure == "money" and (thing := spent_on(query.question)) and \
                not token_set(thing) <= base_forms(token_set(context)):  # "spend on home care": no prevention sum
            return f"it gives no {what} for {thing}"
        if other := other_statistic(query.question, best.text):
            return f"it gives {other}"
        if query.figure in ("count", "percent") and (band := rating_band(query.question, best.text)):
            return f"it gives a {what} for '{band[0]}' together, not for {band[1]}"
        said = _told(best)  # "this had reduced to 252": what it counts is named earlier in its paragraph
        before = paragraph if said != best.text else _before(best)
        thing = counted_thing(query.question) if query.figure == "count" else None
        if query.figure in ("count", "percent") and (state := missing_state(query.question, said) or (
                query.figure == "count" and said == best.text and state_beside_no_count(query.question, said))):
            return f"it gives no {what} of those {state}"  # "how many are waiting?" is not "3,931 referrals"
        if query.figure == "count" and (state := stock_for_flow(query.question, best.text)):
            return f"it gives no count of those received: its figure counts those {state}"
        if thing and not counts_thing(thing, before + " " + best.text, query):
            return f"it gives no count of {thing}"
        if thing and (other := counts_other(thing, best.text, query)):
            return f"it gives no count of {thing}: its figure counts {other}"
        measured = measured_thing(query.question) if query.figure == "percent" else None
        if measured and not counts_thing(measured, best.text, query):  # a share says in itself what it is of
            return f"it gives no {what} for {measured}" if what != "figure" or not _RATE.search(query.question) \
                else f"it gives no {measured} rate"
        cov = coverage(query, context, idf, near=before + " " + best.text)
        feat["figure_gap"] = round(cov.share, 3)
        # a name belongs to one role: more than one of its words missing ("health and wellbeing" board) is another's
        if what in ("name", "place") and (cov.share > self.max_figure_gap or len(cov.missing) > 1):
            return f"it gives no {what} for that"  # the sentence that names someone is about another role
        if cov.share > self.max_figure_gap and cov.qualifier and re.search(r"['’]", cov.qualifier):  # whose
            return f"it gives no {what} for {cov.qualifier} {_after(query.question, cov.qualifier)}".strip()
        if cov.share > self.max_figure_gap:
            words = cov.missing_words(query.question).split()
            said = ", ".join(f"'{w}'" for w in words) or "what was asked"
            return f"it gives no {what} for that (the sentence with the nearest {what} says nothing of {said})"
        if compound := other_compound(query.question, best.text):  # "care homes" asked, "home care" given
            return f"it gives no {what} for {compound}"
        if cov.qualifier and re.search(r"['’]", cov.qualifier):  # whose: "children's social care"
            return f"it gives no {what} for {cov.qualifier} {_after(query.question, cov.qualifier)}".strip()
        if cov.qualifier:  # a group the sentence never names: "it gives no figure for carers"
            return f"it gives no {what} for {cov.qualifier}"
        return None


def _of_group(text: str) -> bool:
    """A sentence giving a figure for a group of people of its own (carers, children, families, an age group)."""
    words = token_set(text)
    return any(names_group(words, g) for g in _OWN_GROUPS)


def _paragraph(c: Candidate) -> str:
    """The candidate's own paragraph or list item up to its sentence (a paragraph may wrap over several lines)."""
    lead = c.hit.passage.text[: c.start - c.hit.passage.start]
    breaks = [m.end() for m in _PARAGRAPH_BREAK.finditer(lead)]
    return lead[breaks[-1] - 1 if breaks else 0:]


def _told(c: Candidate) -> str:
    """What a figure's sentence tells of what it counts: itself, with its paragraph before it when it says "this"."""
    return _paragraph(c) + " " + c.text if refers_back(c.text) else c.text


def _before(c: Candidate) -> str:
    """The sentence before a candidate's, in its passage ("" for the first)."""
    lead = c.hit.passage.text[: c.start - c.hit.passage.start].strip()
    return re.split(r"(?<=[.!?])\s+", lead)[-1] if lead else ""


def _after(question: str, word: str) -> str:
    """The words after ``word`` in the question, up to its end or a break ("children's" -> "social care")."""
    tail = question[question.find(word) + len(word):]
    return re.split(r"[?.,;!]| in | for | by | from | at | last | this ", tail)[0].strip()
