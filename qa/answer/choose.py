"""Answer sentences: every sentence of the top passages scored for how well it answers the question.

A sentence scores by its cosine to the question, plus the share of the question's words it holds (weighted by
idf, so rare words count most), plus a bonus for holding a figure of the kind asked for and for a high-ranked
passage. Figures and the share of words also decide abstention (``abstain``), so each candidate keeps them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from qa.answer.coverage import FRAME, MONEY_FRAME, SIDE_BY_SIDE, SPENT, between_councils, spend_way
from qa.answer.figures import FIGURES
from qa.answer.voices import SPEAKER, reports_finding, reports_views
from qa.ingest.kinds import FRAMEWORK, standard_sentence, states_expectation
from qa.search.query import Query
from qa.search.retrieve import Evidence
from qa.text import BULLETS
from qa.tokens import IRREGULAR, base_forms, token_set, tokenize
from qa.types import Hit

MIN_SENTENCE_WORDS = 5
MIN_ITEM_WORDS = 3  # a list's item says in few words what a sentence would not ("Establishing stable leadership.")
_WORDS_END = re.compile(r"[a-z][.!?]\s*$")  # a sentence of words, one word shorter: "Leadership was not stable."
_BULLET = re.compile(rf"\s*(?:[{BULLETS}]|\d{{1,2}}[.)])\s+")
# A label and its value, as a list item or a table row of a report's facts ("Population: 187,400", "Political
# control | Conservative"): short, and a whole answer.
_LABELLED = re.compile(r"[A-Za-z][^|:\n]{0,60}?\s*[:|]\s*\S[^\n]*")
# Words that say what kind of answer is wanted, not what it is about: they do not count towards a sentence's share.
# "How many people..." may be answered with a share of them; "how many care homes" needs a number of homes.
_OF_PEOPLE = re.compile(r"\bhow many (?:of )?(?:\w+ ){0,2}(?:people|persons|adults|carers|residents|users|staff|workers|"
                        r"clients|individuals|families|households|patients|employees|social workers|of them|of those)\b",
                        re.I)
_PEOPLE = re.compile(r"\b(?:people|persons|adults|carers|residents|users|staff|workers|clients|individuals|families|"
                     r"households|patients|employees|those)\b", re.I)
_ASK_TOKENS = frozenset(tokenize("how many much long percentage percent proportion share number total count "
                                 "when year date what which rate figure")) | SIDE_BY_SIDE


@dataclass(frozen=True)
class Choosing:
    """How answer sentences are scored: cosine + overlap_weight * share of the question's words they hold
    + figure_bonus (a figure of the asked kind) + rank_bonus / the passage's rank; sentences within ``margin``
    of the best join it (three at most). Tuned on the main evaluation set's answer accuracy (docs/evaluation.md)."""

    overlap_weight: float = 0.3
    figure_bonus: float = 0.08
    rank_bonus: float = 0.04
    margin: float = 0.06
    passages: int = 5
    reason_bonus: float = 0.08  # a "why / improve / went well" question: a sentence in the report's own reasons
    cue_only: bool = False  # ...only sentences that say what fell short (or went well), when any does
    reason_margin: float = 0.2  # ...and those this close to the best join it (three at most)
    findings: bool = False  # the passages are a scored statement's own findings: each is a reason for its score
    rating: bool = False  # the passages are the summary's, read for the overall rating's reasons
    views_bonus: float = 0.1  # a question about a group's views: a sentence reporting that group's feedback
    views_margin: float = 0.15  # ...is quoted first when this close to the best (chosen on derby + everyday)
    # a sentence this close to the best that holds this share of the question's words the others miss joins them
    complete_margin: float = 0.35
    complete_share: float = 0.1
    naming: int = 3  # "who chairs it?": the naming sentences tried, best first, for one that covers the question


@dataclass(frozen=True)
class Candidate:
    """One sentence that might answer: where it is, how it scored, and what abstention checks need."""

    score: float
    cosine: float
    overlap: float  # share of the question's words (idf-weighted) in the sentence
    hit: Hit
    start: int
    end: int
    text: str
    has_figure: bool  # holds a figure of the kind a figure question asks for
    figure_overlap: float  # the mean of the sentence's and its passage's share of the question's words
    lead: str = ""  # the line leading the list it is an item of ("Areas for development included:"): reasons only


def _spent(words: frozenset[str]) -> frozenset[str]:
    """A text's words ("underspent" as "underspend"), every way of saying money went on something if one is."""
    words = words | {IRREGULAR[t] for t in words if t.endswith("spent") and t in IRREGULAR}
    return words | SPENT if words & SPENT else words


def candidates(query: Query, hits: tuple[Hit, ...], evidence: Evidence, c: Choosing) -> list[Candidate]:
    """Every sentence of the top ``c.passages`` hits long enough to answer, best first."""
    wants = query.figure
    core = (set(query.tokens) - _ASK_TOKENS - between_councils(query.question) -
            (MONEY_FRAME if wants == "money" else set())) or set(query.tokens)  # ("how much money does it put")
    terms = core | set(query.expansion)
    weight = sum(evidence.idf[t] for t in core) or 1.0

    def overlap(words: set[str]) -> float:
        return min(1.0, sum(evidence.idf[t] for t in terms & words) / weight)

    numbers = sorted(set(re.findall(r"\d[\d,.]*\d|\d", query.question)), key=len, reverse=True)
    given = re.compile(r"(?<![\d.,])(?:" + "|".join(map(re.escape, numbers)) + r")(?![\d]|[.,]\d)") if numbers else None
    share_answers = wants == "money" or (wants == "count" and bool(_OF_PEOPLE.search(query.question)))
    against = spend_way(query.question, question=True)  # "which councils overspent?": an underspend does not answer
    out = []
    standard = query.framework and any(states_expectation(h.passage.section) for h in hits[: c.passages])
    for hit, sentences in zip(hits[: c.passages], evidence.sentences):
        if hit.passage.kind == FRAMEWORK and not query.framework:
            continue  # CQC's standard wording, the same in every report: no evidence about this council
        if standard and not states_expectation(hit.passage.section):
            continue  # a question about what the standard expects: the standard's own words answer it
        in_passage = overlap(_spent(token_set(hit.passage.text)))
        for s in sentences:
            start = s.start
            text = hit.passage.text[start - hit.passage.start : s.end - hit.passage.start]
            if bullet := _BULLET.match(text):  # quote the item, not its list marker
                start, text = start + bullet.end(), text[bullet.end():]
            least = 2 if _LABELLED.fullmatch(text.strip()) else MIN_ITEM_WORDS if bullet else \
                MIN_SENTENCE_WORDS - bool(_WORDS_END.search(text))
            if len(text.split()) < least or text.startswith("#"):  # (a four-word sentence: "Leadership was not stable.")
                continue  # "Score: 2", a list heading, a heading line: not an answer to a question about findings
            if (standard_sentence(text) and not query.framework) or (against and spend_way(text) == -against):
                continue  # CQC's note on the figures ("No two care packages are the same"); an underspend
            own = overlap(_spent(token_set(text)))
            figures = given.sub(" ", text) if given else text  # "before turning 18": the 18 is the question's
            kind = bool(wants) and bool(FIGURES[wants].search(figures))
            bonus = c.figure_bonus if kind else 0.0
            # a figure of the kind asked; "how many people" may be answered by a share of people ("63.98%"), and
            # "how much" by a share
            has_figure = kind or (share_answers and bool(FIGURES["percent"].search(figures))
                                  and (wants == "money" or bool(_PEOPLE.search(text))))
            score = s.cosine + c.overlap_weight * own + bonus + c.rank_bonus / hit.rank + _intent_bonus(query, hit, text, c)
            lead = _list_lead(hit.passage.text[: start - hit.passage.start], text) if query.reason else ""
            out.append(Candidate(score, s.cosine, own, hit, start, s.end, text, has_figure, (own + in_passage) / 2,
                                 lead))
    out.sort(key=lambda x: -x.score)
    if c.cue_only:  # reasons from their own sections: what fell short (went well), else what says both, else any
        cued = [x for x in out if gives_reason(query.reason, x.text, x.hit.passage.section, x.lead)]
        # the report's own list ("Areas of strength") answers before any sentence that only sounds like one
        found = [x for x in cued if c.rating and x.hit.passage.section and  # a rating's reasons: the summary's
                 SUMMARY_FINDINGS.search(x.hit.passage.section[-1])]  # findings first, then its list of what to do
        cued = found + [x for x in cued if labelled_kind(x.text, x.hit.passage.section, x.lead)] or cued
        other = _OTHER_REASON.get(query.reason or "")
        need = query.reason == "improve" and query.whole  # "what needs to improve?" about the whole council
        # what a report says must be done is no praise, whatever its words ("develop a clear plan")
        out = [x for x in cued if x in found or not gives_reason(other, x.text, x.hit.passage.section, x.lead) or
               (need and states_need(x.text))] or cued or out
        if need and cued:  # what it says must be done first (never among sentences that say nothing fell short)
            out = [x for x in out if states_need(x.text)] + [x for x in out if not states_need(x.text)]
    if (query.views or query.party) and out:  # "what do carers think": what carers told the inspectors comes first,
        floor = out[0].score - c.views_margin  # if close enough; "what did Healthwatch find": what Healthwatch found
        theirs = [x for x in out if x.score >= floor and (reports_views(query.views, x.text) if query.views
                                                           else reports_finding(query.party, x.text))]
        out = theirs + [x for x in out if x not in theirs]
    return out


SUMMARY_FINDINGS = re.compile(r"summary of findings|overall summary", re.I)  # where a rating's reasons stand
# Where a report gives its reasons, and how its sentences say that something falls short or goes well.
_REASON_SECTIONS = re.compile(r"key findings|strengths?\b|areas? for (?:development|improvement)|summary of people|"
                              r"what \w+(?: \w+)? told us", re.I)
_SHORTFALL = re.compile(r"\b(?:not always|no (?!longer\b)|lack|gaps?|challenges?\b|challenging (?:to|for)\b|backlogs?|"
                        r"waiting lists?|(?:were|was|people|adults|carers) waiting|waited (?:over|more than|longer)|"
                        r"longest waits?|more work|needed|"
                        r"(?<!not )(?<!n.t )(?<!no longer )need(?:s|ed)? to|delays?|shortfalls?|limited|negative|(?<!safeguarding )concerns?|unclear|inconsistent|too long|slow|"
                        r"too few|not enough|hard to|struggl|awaiting|could not|cannot|unable|only \d|"
                        r"did not(?! need)|didn't(?! need)|difficult|required|draft|unreliable|overspen[dt]|deficit|"
                        r"under (?:\w+ )?pressure|shortages?|insufficient|poor(?:ly)?(?! (?:mental|physical) health)|weak(?:ness|nesses)?|fragile|"
                        r"unstable|instability|patchy|not (?:yet|consistently|routinely|reliabl|timely|robust|proactive|effective|"
                        r"sufficient|adequate|strong|good)|less (?:clear|well|consistent|effective|developed|robust|"
                        r"visible|mature|timely|responsive|confident|assured|able))", re.I)
# What a report says must be done: "the local authority needed to reduce", "should ensure", "must improve".
_NEEDED = re.compile(r"(?<!\bnot )(?<!n't )(?<!\bno longer )(?<!\bnever )\b(?:needs?|needed|will need) to\b|"
                     r"\b(?:should|must)\b(?!\s+not\b)", re.I)


def states_need(text: str) -> bool:
    """Whether a sentence says what must be done ("the council needed to reduce the backlog"), not what no longer
    must ("people no longer needed to repeat their story").

    >>> states_need("The council needed to reduce the backlog."), states_need("People did not need to wait.")
    (True, False)
    >>> states_need("Leaders should" + chr(10) + "not wait."), states_need("Staff should notify the duty team.")
    (False, True)
    """
    return bool(_NEEDED.search(text))


def in_labelled_list(query: Query, x: Candidate) -> bool:
    """"What is it good at?" about the whole council: an item of the report's own list of that kind (under
    "Areas of strength", or labelled "Strengths: ..."). Each one may join the answer (five quotes at most),
    however far below the best it scores: the list is the report's answer, not the sentences nearest the
    question's words."""
    return query.whole and query.reason is not None and \
        labelled_kind(x.text, x.hit.passage.section, x.lead) == query.reason


def needed_in_summary(query: Query, x: Candidate) -> bool:
    """"What needs to improve?" about the whole council: a sentence of the report's own summary of what fell short
    that says what must be done. Each one joins the answer, however far below the best it scores."""
    return query.reason == "improve" and query.whole and states_need(x.text) and \
        gives_reason("improve", x.text, x.hit.passage.section) \
        and any(_REASON_SECTIONS.search(h) for h in x.hit.passage.section)

# ("an improvement board", "an improvement plan" answer failings: no strength)
_STRENGTH = re.compile(r"\b(?:positive(?:ly)?|good|strong|well|success(?:ful)?|effective|"
                       r"(?<!needs )(?<!need )(?<!needed )(?<!need for )(?<!needing )(?<!requires )(?<!required )"
                       r"(?<!requiring )(?<!room for )(?:improved|(?<!further )improvements?(?! (?:board|plans?|programmes?|notice)\b))|"
                       r"(?<!less )(?<!not )(?<!not very )clear|notable|high|strengths?(?![-\s]based)|"
                       r"(?<!not )(?<!never )(?<!less )(?<!not yet )(?:exceptional|excellent|innovative|valued|praised|"
                       r"proactive(?:ly)?|robust|impressive|creative|best practice|open about|honest about|"
                       r"quick(?:ly)?|prompt(?:ly)?|stable|ambitious|responsive|real choice))\b", re.I)


# A sentence that gives a cause, wherever it stands ("delays were due to staff vacancies"): a "why" question's answer.
BECAUSE = r"due to|because|caused by|owing to|attributed to|driven by|explained by"  # words that give a cause
CAUSE = re.compile(rf"\b(?:{BECAUSE}|as a result|result(?:ed|s|ing)? (?:of|from|in)|down to|led to|"
                   r"lead(?:s|ing)? to|contribut(?:ed|ing|es) to|reasons? (?:for|why|was|were|is|are))\b", re.I)
_OTHER_REASON = {"improve": "strengths", "strengths": "improve"}


def gives_reason(reason: str | None, text: str, section: tuple[str, ...] = (), lead: str = "") -> bool:
    """Whether a sentence says what fell short (``reason`` "improve") or what went well ("strengths"); one the
    report labels so ("Areas for development: ...", "Strengths: ...", under a heading "Areas of strength", or an
    item of a list led by "Areas for development included:") is of its label's kind whatever its words ("less
    well planned" under "Areas for development" is no strength); what must be done is a thing to improve."""
    labelled = labelled_kind(text, section, lead)
    if labelled:
        return labelled == reason
    cue = {"improve": _SHORTFALL, "strengths": _STRENGTH}.get(reason or "")
    # what must be done is a thing to improve, unless it is praise ("a strong model that should be shared")
    return bool(cue and cue.search(text)) or (reason == "improve" and states_need(text) and not _STRENGTH.search(text))


def labelled_kind(text: str, section: tuple[str, ...] = (), lead: str = "") -> str | None:
    """"improve" or "strengths" for a sentence the report itself labels so, by its own words, its heading or the
    line that leads the list it is an item of (``lead``, ``Candidate.lead``)."""
    return next((kind for kind, label in _LABELS.items() if label.match(text)), None) or \
        next((kind for kind, label in _LABELS.items() if section and label.match(section[-1])), None) or \
        next((kind for kind, label in _LABELS.items() if lead and label.search(lead)), None)  # "The main areas
    # for development were:"


def _list_lead(lead: str, text: str) -> str:
    """The line that leads the list a sentence is an item of ("Areas for development included:"), or "";
    ``lead`` is its passage's text before it."""
    before = lead.split("\n")
    if not _BULLET.match(before[-1] + text):
        return ""  # the sentence does not open a list item's line
    return next((line.strip() for line in reversed(before[:-1]) if line.strip() and not _BULLET.match(line)), "")


# a label that names both kinds ("Strengths and areas for development ...") labels neither
_LABELS = {"improve": re.compile(r"\W*(?:areas? for (?:development|improvement)|weaknesses|what needs to improve)\b"
                                 r"(?!,?\s*(?:and\b|&|/))", re.I),
           "strengths": re.compile(r"\W*(?:(?:key |main )?strengths|areas? of strength|what went well|what works well)"
                                   r"\b(?![-\s]based)"
                                   r"(?!,?\s*(?:and\b|&|/))", re.I)}


def _intent_bonus(query: Query, hit: Hit, text: str, c: Choosing) -> float:
    """A sentence that gives the report's own reasons for a "why / improve / went well" question, or a group's
    own feedback for a question about its views."""
    bonus = 0.0
    if query.reason:
        cue = {"improve": _SHORTFALL, "strengths": _STRENGTH, "why": CAUSE}.get(query.reason)
        in_reasons = any(_REASON_SECTIONS.search(h) for h in hit.passage.section)
        if in_reasons or (cue and cue.search(text)):
            bonus += c.reason_bonus / (1 if in_reasons and (cue is None or cue.search(text)) else 2)
    if query.party and reports_finding(query.party, text):
        bonus += c.views_bonus
    if query.views:
        group = query.views.rstrip("s")
        if reports_views(query.views, text):
            bonus += c.views_bonus
        elif (speaker := SPEAKER.match(text)) and not re.fullmatch(rf"(?:the )?{group}s?", speaker.group(1), re.I):
            bonus -= c.views_bonus  # "Partners told us ..." is not what carers think
    return bonus


def completing(query: Query, chosen: list[Candidate], ranked: list[Candidate], idf: dict[str, float],
               c: Choosing) -> Candidate | None:
    """A sentence that holds what the chosen ones leave out of the question ("Does it have a *principal* OT?"
    answered by a sentence about OT resources, while another says there is "no principal OT"), when one close
    enough holds at least ``complete_share`` of the question's words (idf-weighted) that they miss."""
    core = set(query.tokens) - _ASK_TOKENS - FRAME  # "tell CQC": who is told is no part of what was asked
    weight = sum(idf.get(t, 0.0) for t in core) or 1.0
    held = base_forms(set().union(*(token_set(x.text) for x in chosen)))  # "tell" is held by "told"
    missing = {t for t in core if t not in held and IRREGULAR.get(t, t) not in held}
    if not missing:
        return None
    floor = chosen[0].score - c.complete_margin
    texts = {x.text for x in chosen}
    best, gain = None, c.complete_share * weight
    for x in ranked:
        if x.score < floor:
            break
        if x.text in texts:
            continue
        got = sum(idf.get(t, 0.0) for t in missing & token_set(x.text))
        if got >= gain and (best is None or got > gain):
            best, gain = x, got
    return best
