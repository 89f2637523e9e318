"""Hits -> ``Answer``: a score looked up, one to three cited sentences, or an honest abstention.

The answer sentences are verbatim spans of the report, chosen from the top passages (``choose``). A question
that asks for a figure prefers sentences that hold a figure of that kind. When even the best sentence is far
from the question, or the question rests on words the corpus never uses, the answer says the report doesn't
say, and still lists the nearest passages (``abstain``).
"""

from __future__ import annotations

import re
from dataclasses import replace

from qa.answer.abstain import Abstention
from qa.answer.causes import cause_beside
from qa.answer.choose import Choosing, candidates, completing, gives_reason, in_labelled_list, needed_in_summary
from qa.answer.coverage import second_part_terms
from qa.answer.figures import latest_period, second_figure_beside
from qa.answer.periods import missing_years, other_years, years_not_given
from qa.answer.names import (a_name, asks_party, asks_person, council_list, gives_name, names_party, names_text,
                             never_mentions, ordinary_words, speaks_of)
from qa.answer.scores import PassageAt, figure_after_score, score_answer, then_passages
from qa.answer.voices import reports_finding, reports_views
from qa.search.query import Query
from qa.search.retrieve import Evidence
from qa.tokens import token_set
from qa.types import Answer, Citation, Hit, ReportCard

_EMPHASIS = re.compile(r"\*\*|__")  # markdown bold in a quote: the citation keeps it, the answer reads without
# A report that speaks of an earlier CQC rating ("previously rated Good"), which a "previous rating" question may
# quote; "previously assessed as eligible" is about a person's care, not the council's rating.
EARLIER_RATING = re.compile(r"\b(?:previously|last)\s+(?:been\s+)?rated\s+(?:as\s+)?(?:outstanding|good|adequate|"
                            r"requires improvement|inadequate|poor|excellent)\b|\bprevious\s+(?:cqc\s+)?"
                            r"(?:ratings?|inspections?)\b", re.I)


# What a score or rating says of itself: shortfalls ("2 - Evidence shows some shortfalls", "Requires improvement",
# "Inadequate") are explained by what fell short, a good standard ("Good", "Outstanding") by what went well.
_FALLS_SHORT = re.compile(r"shortfall|requires improvement|inadequate", re.I)
_GOES_WELL = re.compile(r"good|exceptional|outstanding", re.I)


class Answerer:
    """Turns a understood question, its hits and their evidence into an answer; knows the reports' cards and how
    to find the passage that holds a cited span, nothing else of the index."""

    def __init__(self, cards: dict[str, ReportCard], passage_at: PassageAt, abstention: Abstention = Abstention(),
                 choosing: Choosing = Choosing()) -> None:
        self.cards = cards
        self.passage_at = passage_at
        self.abstention = abstention
        self.choosing = choosing
        self._councils = tuple(c.council for c in cards.values() if c.council)

    def answer(self, query: Query, hits: tuple[Hit, ...], evidence: Evidence | None) -> Answer:
        """``evidence`` may be None only for a score question (it is looked up, not read from sentences)."""
        question, scope = query.question, query.scope
        no_report = f"The corpus has no report for {query.other_council}; it holds {council_list(self.cards)}." \
            if query.other_council and not scope else None
        if no_report and not query.other_mentioned:
            return _abstain(query, hits, no_report)
        if query.score is not None:
            if no_report:
                return _abstain(query, hits, no_report)
            if query.unknown:
                return _abstain(query, hits, never_mentions(query.unknown, self.cards))
            if query.earlier:  # the report's scores are this assessment's: an earlier one only as its text gives it
                if evidence is not None and any(EARLIER_RATING.search(h.passage.text) for h in hits):
                    return self._passage_answer(replace(query, score=None), hits, evidence)
                return _abstain(query, hits, "The report doesn't say: it gives this assessment's scores and rating "
                                "only, not an earlier one.")
            cards = [self.cards[scope]] if scope else list(self.cards.values())
            found = score_answer(query.score, cards, self.passage_at)
            if found is None:
                return _abstain(query, hits, "The report does not state when it was published."
                                if query.score.kind == "published" else "The report does not give scores for this.")
            if query.reason and evidence is not None and found[1]:
                return self._with_reasons(query, hits, evidence, found)
            if evidence is not None and found[1] and figure_after_score(query):
                figure = self._passage_answer(replace(query, score=None), hits, evidence)
                return then_passages(query, hits, found, figure, say_missing=True)
            return Answer(question, found[0], "score", found[1], hits, scope)
        # "what is it good at?": the summary's sentences that say what went well (or fell short), however worded
        answer = self._passage_answer(query, hits, evidence, replace(self.choosing, cue_only=True)
                                      if query.whole and query.reason else None)
        if no_report and (answer.abstained or not any(names_text(c.passage.text, query.other_council)
                                                      for c in answer.citations)):
            # a council the corpus only mentions: answer from what a report says about it, never with another
            # council's figures
            return _abstain(query, hits, no_report)
        return answer

    def _passage_answer(self, query: Query, hits: tuple[Hit, ...], evidence: Evidence,
                        choosing: Choosing | None = None) -> Answer:
        how = choosing or self.choosing
        if not hits:
            return _abstain(query, hits, "The report doesn't say: nothing in it matches the question.")
        if query.unknown:
            return _abstain(query, hits, never_mentions(query.unknown, self.cards))
        ranked = candidates(query, hits, evidence, how)
        names = [n for n in query.names if not ordinary_words(n, hits)]  # "the Waiting List" is no name
        if names and ranked:  # "What did Healthwatch find?": only passages that speak of Healthwatch answer
            ranked = [c for c in ranked if all(speaks_of(c.hit.passage.text + " " + " ".join(c.hit.passage.section),
                                                          n, query, self._councils) for n in names)]
            if not ranked:
                said = " or ".join(names)
                return _abstain(query, hits, f"The report doesn't say: the passages nearest the question say nothing "
                                f"of {said}; they are listed for you to check.")
        if query.party and ranked and a_name(query.party, hits):  # "What did Healthwatch find?": a sentence that
            ranked = [c for c in ranked if reports_finding(query.party, c.text)]  # lists it among partners does not
            if not ranked:  # say what it found (a description, "the advocacy service", is only preferred: choose)
                return _abstain(query, hits, f"The report doesn't say what {query.party} found or said: the passages "
                                "nearest the question give nothing of theirs; they are listed for you to check.")
        if not ranked:
            return _abstain(query, hits, "The report doesn't say: nothing in it matches the question.")
        if not query.figure and not query.name and (years := other_years(query, ranked[0].text)):
            # "the backlog in 2022" is not the backlog "in January 2024": a sentence giving 2022 answers, or none
            # (a figure question's year is checked with its figure)
            ranked = [c for c in ranked if not years_not_given(query, c.text)]
            if not ranked:
                return _abstain(query, hits, f"The report doesn't say: it gives nothing for {' and '.join(years)}; "
                                "the closest passages are listed for you to check.")
        a = self.abstention
        best = ranked[0]
        best_overlap = max(c.overlap for c in ranked)
        confidence = a.confidence(best, best_overlap, query)
        feat = {"cos": round(best.cosine, 3), "overlap": round(best_overlap, 3), "confidence": round(confidence, 3)}
        if query.figure:
            best = a.figure_sentence(query, ranked, feat)
            if best is None:
                return _abstain(query, hits, f"The report doesn't say: {a.no_figure(query, ranked)}; the closest "
                                "passages are listed for you to check.", feat)
            gap = a.uncovered(query, best, evidence.idf, feat)
            if not gap:
                best = a.typical_wait(query, ranked, best, evidence.idf)
            if gap:
                return _abstain(query, hits, f"The report doesn't say: {gap}; the closest passages are listed "
                                "for you to check.", feat)
        if query.name:  # "who chairs the board?": a sentence about the board that names no one does not answer
            context = " ".join(h.passage.text for h in hits[: how.passages])
            party = asks_party(query.question)  # "which party runs it?": the party in power, however said
            naming = [c for c in ranked if (names_party(c.text) if party else
                                            gives_name(c.text, query.question, context))]
            best = naming[0] if naming else None
            named = "place" if _WHERE.match(query.question) else "name"  # "Where is it being built?"
            if best is None:
                return _abstain(query, hits, f"The report doesn't say: it gives no {named} for that; the closest "
                                "passages are listed for you to check.", feat)
            years = missing_years(query, best.text) if party else ()
            if party:
                feat["figure_gap"] = 0.0  # the party in power is all such a question asks
            gap = f"it gives no name for {' and '.join(years)}" if years else None if party else \
                a.uncovered(query, best, evidence.idf, feat, what=named)
            if gap and asks_person(query.question):  # the nearest sentence naming something names no holder of
                # the post ("Living Well in Brackenfold", a strategy); a later one may, its paragraph naming the
                # post ("The Board was well established. Its independent chair, Margaret Okonjo, ...")
                for other in naming[1:how.naming]:
                    tried = dict(feat)
                    if a.uncovered(query, other, evidence.idf, tried, what=named) is None:
                        best, gap = other, None
                        feat.update(tried)
                        break
            if gap:
                return _abstain(query, hits, f"The report doesn't say: {gap}; the closest passages are listed "
                                "for you to check.", feat)
            # it names someone and holds what was asked (its past forms too: "led" for "leads"): that is its overlap
            best_overlap = max(best.overlap, 1 - feat.get("figure_gap", 1.0))
            confidence = a.confidence(best, best_overlap, query)
        # a score's reasons: its statement's own findings, though they share no word with "why did it score 4?";
        # sentences that say what fell short or went well, however worded; what a group thinks of the whole
        # council: a sentence reporting that group's own feedback, however worded
        if a.too_far(confidence, best, best_overlap) and not how.findings and \
                not (how.cue_only and gives_reason(query.reason, best.text, best.hit.passage.section, best.lead)) \
                and not (query.whole and query.views and reports_views(query.views, best.text)):
            return _abstain(query, hits, "The report doesn't say: the closest passages are listed for you to "
                            "check.", feat)
        margin = how.reason_margin if how.cue_only else how.margin  # a score's reasons: the few closest
        person = bool(query.name) and asks_person(query.question)  # "Who chairs the board?"
        more: list = []
        listed = how.cue_only and in_labelled_list(query, best)  # the report's own list: up to eight of its items
        after = _said_after(best, ranked) if query.views or (how.cue_only and query.whole) else []  # paragraph's rest
        for x in ranked:  # figure questions: figures; none that only restates a quote already chosen
            # "what needs to improve?": each thing the summary says must be done; a rating's: its paragraph's rest
            close = x.score >= best.score - margin or (how.cue_only and (needed_in_summary(query, x) or
                                                                          in_labelled_list(query, x))) or \
                (how.cue_only and query.whole and x in after and _SUMMARY.search(" ".join(x.hit.passage.section))) or \
                (query.views and reports_views(query.views, x.text) and (
                    x.score >= best.score - how.views_margin or x in after[:1]))  # what partners said: near, next
            if len(more) < (7 if listed else 2) and x is not best and close and x.text != best.text and \
                    (x.has_figure or not query.figure) and not _restates(x.text, [best, *more]) and \
                    (not query.figure or a.uncovered(query, x, evidence.idf, {}) is None) and \
                    not person:  # who holds a post: the name alone (not another post's holder)
                more.append(x)  # every figure quoted covers the question: no other group's wait beside the carers
        if person and _ANAPHOR.match(best.text):  # "Its independent chair, ...": the sentence
            before = [x for x in ranked if x.hit is best.hit and x.end <= best.start]  # before says whose
            more = [max(before, key=lambda x: x.end)] if before else []
        if not query.figure and not query.name and (len(more) < 2 or not how.cue_only):
            kept = more if how.cue_only else more[:1]  # the question's words the quotes leave out, before a third
            extra = completing(query, [best, *kept], ranked, evidence.idf, how)  # quote that only scored close
            if extra is not None and extra not in more:
                more = kept + [extra]
        chosen = [best] + sorted(more, key=lambda x: (x.hit.rank, x.start))
        if person:
            chosen.sort(key=lambda x: x.start)  # the board, then "Its independent chair, ...": in reading order
        if query.figure and query.also and \
                (second := second_figure_beside(best, ranked, query.also, second_part_terms(query.question))) and \
                second.text not in {x.text for x in chosen}:  # "..., and what was the median wait?"
            chosen.insert(1, second)
        if query.figure and (lead := a.subject_before(query, best, ranked, evidence.idf)):  # what it measures
            chosen = [x for x in chosen if x.text != lead.text]  # ("612 were waiting for ...": "The median was ...")
            chosen.insert(chosen.index(best), lead)
        if how.cue_only and query.whole and (query.reason == "improve" or listed) and \
                len({x.hit.passage.source for x in chosen}) == 1:
            chosen.sort(key=lambda x: x.start)  # in the summary's own order: "a backlog of 430 ..." first, then "the
            # council needed to reduce this backlog" (quotes from several files keep the best first)
        if query.reason == "why" and (cause := cause_beside(best, ranked)):  # "This was due to ...": the reason
            rest = [x for x in more if x.text != cause.text][:1]
            chosen = ([cause, best] if cause.start < best.start else [best, cause]) + rest  # in reading order
        citations = tuple(Citation(i, x.hit.passage, x.start, x.end, x.text) for i, x in enumerate(chosen, start=1))
        text = self._quote(citations, label=query.scope is None and len(self.cards) > 1)
        if query.relative and (period := latest_period(best.text)):
            text += f" ({period}: the latest period the report gives for it.)"  # what "last year" means here
        return Answer(query.question, text, "passage", citations, hits, query.scope, feat)

    def _with_reasons(self, query: Query, hits: tuple[Hit, ...], evidence: Evidence,
                      found: tuple[str, tuple[Citation, ...]]) -> Answer:
        """"Why was safeguarding rated 2?": the score first, then the report's own reasons from that statement's
        findings (numbered on from the score's citations), whatever their words: a statement's findings are what
        its score rests on; the score alone when the statement has no findings apart from its score."""
        text, cites = found
        statements = query.score.statements
        inside = tuple(h for h in hits if not statements or any(st in h.passage.section for st in statements))
        # "3 - Evidence shows a good standard" is the score, not a reason; the findings after it in its passage are
        def unscored(n: int, h: Hit) -> tuple:
            return tuple(s for s in evidence.sentences[n] if not any(
                c.passage.id == h.passage.id and c.start < s.end and s.start < c.end for c in cites))

        kept = [(n, unscored(n, h)) for n, h in enumerate(hits[: self.choosing.passages]) if h in inside]
        keep = [n for n, sentences in kept if sentences]
        if not keep:
            return Answer(query.question, text, "score", cites, hits, query.scope)
        sub = Evidence(tuple(sentences for _, sentences in kept if sentences), evidence.idf)
        # a score that shows shortfalls is explained by them; a good one by what went well
        why = "improve" if _FALLS_SHORT.search(text) else "strengths" if _GOES_WELL.search(text) else query.reason
        # every sentence of the statement shares its name: a score's reasons are those that say what fell short
        # (or went well), when any does; a rating that falls short, the summary's findings, then its list of actions
        reasons = self._passage_answer(replace(query, score=None, reason=why, figure=None,
                                               whole=query.whole or not statements),
                                       tuple(hits[n] for n in keep), sub,
                                       replace(self.choosing, cue_only=True, findings=bool(statements),
                                               rating=not statements and why == "improve"))
        return then_passages(query, hits, found, reasons)

    def _quote(self, citations: tuple[Citation, ...], label: bool) -> str:
        """The quoted sentences with their citation numbers, bold markup dropped (each citation keeps the exact
        text); with several reports and none named, each run of quotes says whose report it is from, so one
        council's figure is never read as another's."""
        parts, last = [], None
        for cite in citations:
            prefix = ""
            if label and cite.passage.report != last:
                card = self.cards[cite.passage.report]
                prefix, last = f"{card.council or card.title}: ", cite.passage.report
            quote = " ".join(_EMPHASIS.sub("", cite.quote).split())  # a hard-wrapped sentence reads as one line
            if parts and not _ENDS.search(parts[-1].rsplit(" [", 1)[0]):
                parts[-1] += ";"  # list items ("reducing the backlog of ...") read as a list, not one run
            parts.append(f"{prefix}{quote} [{cite.number}]")
        return " ".join(parts)


_WHERE = re.compile(r"\s*where\b", re.I)
_SUMMARY = re.compile(r"\bsummary\b", re.I)
_ENDS = re.compile(r"[.!?:;\"'’”)]\s*$")
_ANAPHOR = re.compile(r"\W*(?:its|their|his|her|the board's|the partnership's)\b", re.I)
RESTATES = 0.75  # a sentence whose words are this much in the quotes already chosen adds nothing to them


def _said_after(best, ranked: list) -> list:
    """The candidates that follow ``best`` one after another in its paragraph (none between, no paragraph break)."""
    run, end = [], best.end
    for x in sorted((x for x in ranked if x.hit is best.hit and x.start >= best.end), key=lambda x: x.start):
        if x.start - end > 2:
            break
        run.append(x)
        end = x.end
    return run


def _restates(text: str, chosen) -> bool:
    """Whether a sentence says again what the chosen quotes say (a summary's sentence and the finding it sums up:
    "a backlog of 915 DoLS applications" twice): its words mostly theirs, and every figure and year of it theirs
    too ("640 in March 2024" against "915 in March 2023" is news)."""
    own = token_set(text)
    held = set().union(*(token_set(c.text) for c in chosen))
    figures = {t for t in own if any(ch.isdigit() for ch in t)}
    return bool(own) and figures <= held and len(own & held) >= RESTATES * len(own)


def _abstain(query: Query, hits, text: str, feat: dict | None = None) -> Answer:
    return Answer(query.question, text, "abstain", (), tuple(hits), query.scope, feat or {})
