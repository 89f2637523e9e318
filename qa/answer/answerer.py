"""Hits (and scores) -> ``Answer``: a score looked up, one to three cited sentences, or an honest abstention.

The answer sentences are verbatim spans of the report, chosen from the top passages by how close each is to
the question (cosine with the stored sentence vectors, plus the share of the question's words it contains).
A question that asks for a figure ("how many", "what percentage", "how long", "how much") prefers sentences
that hold a figure of that kind. When even the best sentence is far from the question, or the question rests
on words the corpus never uses, the answer says the report doesn't say, and still lists the nearest passages.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from qa.cqc import framework
from qa.cqc import scores as score_qs
from qa.tokens import tokenize
from qa.search.query import parse_query
from qa.text import contains_run
from qa.types import Answer, Citation, Hit, Span

FIGURES = {
    "percent": re.compile(r"\d+(?:\.\d+)?\s?%|\bper ?cent\b"),
    "money": re.compile(r"£\s?\d|\b\d[\d,.]*\s?(?:million|billion|m|bn)\b"),
    "duration": re.compile(r"\b(?:\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|twelve)"
                           r"(?:\s*(?:-|–|to)\s*\d+)?[\s-]*(?:working\s+)?(?:day|week|month|year|hour)'?s?\b", re.I),
    "count": re.compile(r"(?<![\d.£])\b(?!(?:19|20)\d\d\b)\d[\d,]*\b(?![.,]?\d*\s?%)"),
    "date": re.compile(r"\b(?:19|20)\d\d\b"),
}
ASKS = (
    ("percent", re.compile(r"\b(percentage|percent|proportion|share|what %|rate of|how many per ?cent)\b|%")),
    ("money", re.compile(r"\b(how much|budget|spend|spent|cost|costs|overspend|money|funding|precept|earn|earns|"
                         r"salary|salaries|wage|wages|paid)\b|£")),
    ("duration", re.compile(r"\b(how long|(?:waiting|wait) times?|how many (?:days|weeks|months|years)|how quickly|"
                            r"how soon|timescales?|longest wait|average wait|maximum wait)\b")),
    ("count", re.compile(r"\b(how many|number of|count|total)\b")),
    ("date", re.compile(r"\b(what year|what date|which year|when (?:was|were|did|will|is|does))\b")),
)

# A yes/no question ("Will the money I get be cut?") wants a yes or no, not a figure, unless it asks for one.
_YES_NO = re.compile(r"^\s*(?:is|are|was|were|do|does|did|has|have|had|will|would|can|could|should)\b")
_EXPLICIT_FIGURE = re.compile(r"\bhow (?:many|much|long|quickly|soon)\b|\bwhat (?:percentage|proportion|share|number)\b"
                              r"|%|\bper ?cent\b")


def wanted_figure(question: str) -> str | None:
    """The kind of figure a question asks for ("percent", "money", "duration", "count", "date"), or None."""
    q = question.lower()
    if _YES_NO.match(q) and not _EXPLICIT_FIGURE.search(q):
        return None
    return next((kind for kind, pattern in ASKS if pattern.search(q)), None)


_SCORE_TOKENS = frozenset(tokenize(" ".join(score_qs.SCORE_WORDS | score_qs.HIGH | score_qs.LOW | score_qs.MEAN |
                                             {"quality", "statement", "statements", "theme", "themes", "overall", "cqc",
                                              "care quality commission"})))


MIN_SENTENCE_WORDS = 5
_BULLET = re.compile(r"\s*(?:[-*+\u2022]|\d{1,2}[.)])\s+")
_EMPHASIS = re.compile(r"\*\*|__")  # markdown bold in a quote: the citation keeps it, the answer reads without
YEAR = re.compile(r"(?:19|20)\d\d(?:/\d\d)?")
_OPENERS = frozenset("what how which who whom whose when where why is are was were do does did can could has have "
                     "had will would should shall may might tell show give list please explain describe summarise "
                     "summarize compare any".split())
_FRAMEWORK_WORDS = frozenset(w for st in framework.STATEMENTS for phrase in (st.name, *st.aliases)
                             for w in re.findall(r"[a-z]+", phrase.lower()))


def _near_framework_word(word: str) -> bool:
    return bool(difflib.get_close_matches(word.lower(), _FRAMEWORK_WORDS, n=1, cutoff=0.8))


_ASK_TOKENS = frozenset(tokenize("how many much long percentage percent proportion share number total count "
                                 "when year date what which rate figure"))


@dataclass(frozen=True)
class Abstention:
    """Calibrated on the unanswerable questions of the main evaluation set (the README gives both error rates)."""

    min_confidence: float = 0.2
    min_figure_overlap: float = 0.45
    min_figure_cos: float = 0.6  # ...or a figure sentence this close in meaning (plain words share few terms)
    min_cos_alone: float = 0.5  # a question sharing no word with any candidate sentence needs this much cosine
    lexical_weight: float = 0.25
    unknown_weight: float = 0.35


@dataclass(frozen=True)
class Choosing:
    """How answer sentences are scored: cosine + overlap_weight * share of the question's words they hold
    + figure_bonus (a figure of the asked kind) + rank_bonus / the passage's rank; sentences within ``margin``
    of the best join it (three at most). Tuned on the main evaluation set's answer accuracy (see the README)."""

    overlap_weight: float = 0.3
    figure_bonus: float = 0.08
    rank_bonus: float = 0.04
    margin: float = 0.06
    passages: int = 5


class Answerer:
    def __init__(self, retriever, abstention: Abstention = Abstention(), choosing: Choosing = Choosing()) -> None:
        self.retriever = retriever
        self.index = retriever.index
        self.abstention = abstention
        self.choosing = choosing

    def ask(self, question: str, k: int = 5, report: str | None = None, mode: str = "hybrid") -> Answer:
        query = parse_query(question, self.index.cards, self.index.abbreviations, self.retriever.councils) \
            if question and question.strip() else None
        retrieval = self.retriever.search(question, k=k, mode=mode, report=report, query=query)
        query = retrieval.query
        hits = retrieval.hits
        scope = report or query.report
        no_report = f"The corpus has no report for {query.other_council}; it holds {self._council_list()}." \
            if query.other_council and not scope else None
        if no_report and not self._mentioned(query.other_council):
            return self._abstain(question, hits, no_report, scope)
        sq = query.score
        if sq is not None:
            if no_report:
                return self._abstain(question, hits, no_report, scope)
            if unknown := self._unknown_name(question, scope):
                return self._abstain(question, hits, f"The report doesn't say: it never mentions {unknown}.", scope)
            return self._score_answer(question, sq, scope, hits)
        vector = retrieval.vector if retrieval.vector is not None else self.retriever.embedder.embed_query(query.text)
        answer = self._passage_answer(question, query, vector, hits, scope)
        if no_report and not answer.abstained and not any(self._names(c.passage.text, query.other_council)
                                                          for c in answer.citations):
            # a council the corpus only mentions: answer from what a report says about it, never with another
            # council's figures
            return self._abstain(question, hits, no_report, scope)
        return answer

    # -- scores -------------------------------------------------------------------------------------------
    def _score_answer(self, question: str, sq, scope: str | None, hits) -> Answer:
        cards = [self.index.cards[scope]] if scope else list(self.index.cards.values())
        texts, citations = [], []
        for card in cards:
            composed = score_qs.compose(sq, card)
            if composed is None:
                continue
            text, spans = composed
            offset = len(citations)
            text = re.sub(r"\[(\d+)\]", lambda m: f"[{int(m.group(1)) + offset}]", text)
            for span in spans:
                citations.append(self._cite(len(citations) + 1, card.id, span))
            texts.append(text if len(cards) == 1 else f"{card.council or card.title}: {text}")
        if not texts:
            return self._abstain(question, hits, "The report does not give scores for this.", scope)
        return Answer(question, " ".join(texts), False, tuple(c for c in citations if c), hits, scope, "score")

    def _cite(self, number: int, report: str, span: Span) -> Citation | None:
        """The passage holding the span's start; a span that runs past it is cut at the passage's end."""
        n = self.retriever.passage_at(report, span.start, span.source)
        if n is None:
            return None
        p = self.index.passages[n]
        end = min(span.end, p.end)
        return Citation(number, p, span.start, end, p.text[span.start - p.start : end - p.start])

    # -- passages -----------------------------------------------------------------------------------------
    def _passage_answer(self, question: str, query, vector, hits: tuple[Hit, ...], scope) -> Answer:
        if not hits:
            return self._abstain(question, hits, "The report doesn't say: nothing in it matches the question.", scope)
        unknown = self._unknown_name(question, scope)
        if unknown:
            return self._abstain(question, hits, f"The report doesn't say: it never mentions {unknown}.", scope)
        wants = wanted_figure(question)
        core = (set(query.tokens) - _ASK_TOKENS) or set(query.tokens)
        idf = self._idf(core | set(query.expansion))
        weight = sum(idf[t] for t in core) or 1.0
        terms = core | set(query.expansion)

        def overlap(words: set[str]) -> float:
            return min(1.0, sum(idf[t] for t in terms & words) / weight)

        c = self.choosing
        candidates = []
        for hit in hits[: c.passages]:
            n = self.retriever.passage_number(hit.passage.id)
            in_passage = overlap(set(tokenize(hit.passage.text)))
            for start, end, cos in self.retriever.sentence_similarities(vector, n):
                text = hit.passage.text[start - hit.passage.start : end - hit.passage.start]
                if bullet := _BULLET.match(text):  # quote the item, not its list marker
                    start, text = start + bullet.end(), text[bullet.end():]
                if len(text.split()) < MIN_SENTENCE_WORDS:
                    continue  # "Score: 2", a list heading: not an answer to a question about findings
                own = overlap(set(tokenize(text)))
                bonus = c.figure_bonus if wants and FIGURES[wants].search(text) else 0.0
                has_figure = bool(wants) and bool(re.search(r"\d", text))
                score = cos + c.overlap_weight * own + bonus + c.rank_bonus / hit.rank
                candidates.append((score, cos, own, hit, start, end, text, has_figure, (own + in_passage) / 2))
        if not candidates:
            return self._abstain(question, hits, "The report doesn't say: nothing in it matches the question.", scope)
        candidates.sort(key=lambda c: -c[0])
        best = candidates[0]
        best_overlap = max(c[2] for c in candidates)
        confidence = self._confidence(best[1], best_overlap, query, scope)
        feat = {"cos": round(best[1], 3), "overlap": round(best_overlap, 3), "confidence": round(confidence, 3)}
        if wants:
            years = [t for t in query.tokens if YEAR.fullmatch(t)]
            with_figure = [c for c in candidates if c[7] and all(
                y in tokenize(c[3].passage.text) for y in years)]  # "in 2021/22" must be the year the report gives
            feat["figure_overlap"] = round(with_figure[0][8], 3) if with_figure else 0.0
            feat["figure_cos"] = round(max((c[1] for c in with_figure), default=0.0), 3)
            close = [c for c in with_figure if c[1] >= self.abstention.min_figure_cos]
            if not close and (not with_figure or with_figure[0][8] < self.abstention.min_figure_overlap):
                return self._abstain(question, hits, "The report doesn't say: no passage gives that figure; the closest "
                                     "passages are listed for you to check.", scope, feat)
            best = with_figure[0] if with_figure[0][8] >= self.abstention.min_figure_overlap else close[0]
        if confidence < self.abstention.min_confidence or (best_overlap == 0 and best[1] < self.abstention.min_cos_alone):
            return self._abstain(question, hits, "The report doesn't say: the closest passages are listed for you to "
                                 "check.", scope, feat)
        more = [x for x in candidates if x is not best and x[0] >= best[0] - c.margin and x[6] != best[6]
                and (x[7] or not wants)][:2]  # a figure question's extra sentences must hold figures too
        chosen = [best] + sorted(more, key=lambda x: (x[3].rank, x[4]))
        citations = tuple(Citation(i, x[3].passage, x[4], x[5], x[6]) for i, x in enumerate(chosen, start=1))
        text = self._quote(citations, label=scope is None and len(self.index.cards) > 1)
        return Answer(question, text, False, citations, hits, scope, "passage", feat)

    def _quote(self, citations: tuple[Citation, ...], label: bool) -> str:
        """The quoted sentences with their citation numbers, bold markup dropped (each citation keeps the exact
        text); with several reports and none named, each run of quotes says whose report it is from, so one
        council's figure is never read as another's."""
        parts, last = [], None
        for cite in citations:
            prefix = ""
            if label and cite.passage.report != last:
                card = self.index.cards[cite.passage.report]
                prefix, last = f"{card.council or card.title}: ", cite.passage.report
            parts.append(f"{prefix}{_EMPHASIS.sub('', cite.quote)} [{cite.number}]")
        return " ".join(parts)

    def _known(self, token: str, scope: str | None) -> bool:
        """Whether the report asked about (or, with none named, any report) uses this search token."""
        lo, hi = self.index.report_ranges[scope] if scope else (0, None)
        return self.index.bm25.occurs(token, lo, hi)

    def _names(self, text: str, council: str) -> bool:
        words = tokenize(text)
        return contains_run(words, tokenize(council))

    def _confidence(self, best_cos: float, best_overlap: float, query, scope: str | None = None) -> float:
        known = [t for t in query.tokens if self._known(t, scope)]
        unknown = 1 - len(known) / len(query.tokens) if query.tokens else 1.0
        a = self.abstention
        return best_cos + a.lexical_weight * best_overlap - a.unknown_weight * unknown

    def _unknown_name(self, question: str, scope: str | None = None) -> str | None:
        """A name in the question (a capitalised word or an acronym, not opening it) the corpus never mentions.

        Reports answer about what they name; "Ofsted", a named hospital or another council's name in a
        question the corpus never uses is a sign the question is about something the reports do not cover.
        """
        for m in re.finditer(r"\b[A-Z][A-Za-z]{2,}\b|\b[A-Z]{2,}\b", question):
            if m.start() == len(question) - len(question.lstrip()) and (
                    m.group().lower() in _OPENERS or _near_framework_word(m.group())):
                continue  # a capitalised first word, or a misspelt statement name ("Safegaurding score")
            tokens = tokenize(m.group())
            if tokens and all(not self._known(t, scope) and t not in _SCORE_TOKENS for t in tokens):
                return m.group()
        return None

    def _idf(self, tokens) -> dict[str, float]:
        bm25 = self.index.bm25
        top = max(bm25.idf.max() if len(bm25.idf) else 1.0, 1.0)
        return {t: float(bm25.idf[bm25.vocab[t]]) if t in bm25.vocab else top for t in tokens}

    def _mentioned(self, name: str) -> bool:
        return all(t in self.index.bm25.vocab for t in tokenize(name))

    def _council_list(self) -> str:
        names = sorted(c.council or c.title for c in self.index.cards.values())
        return ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")

    def _abstain(self, question: str, hits, text: str, scope, feat: dict | None = None) -> Answer:
        return Answer(question, text, True, (), tuple(hits), scope, "abstain", feat or {})
