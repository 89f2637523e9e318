"""``Assistant``: the one object the CLI, the evaluation and users' scripts call.

    >>> from qa import Assistant
    >>> assistant = Assistant.open(corpus="corpus", index="index")
    >>> hits = assistant.retrieve("How many safeguarding referrals were there?", k=5)
    >>> answer = assistant.ask("What did the council score for safeguarding?")
    >>> print(answer.text)
    Safeguarding: 2 (Evidence shows some shortfalls) [1]

Opening checks the index against the corpus and the model and builds or refreshes it when needed, so a
caller never reads an index that does not match what is on disk.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from qa.answer.across import corpus_answer, each_council, side_by_side
from qa.answer.answerer import Answerer
from qa.answer.choose import SUMMARY_FINDINGS, labelled_kind
from qa.answer.scores import figure_after_score
from qa.answer.voices import reports_views
from qa.answer.coverage import between_councils
from qa.answer.national import the_card, versus_answer, without_comparison
from qa.config import MODES, Fusion, Settings
from qa.cqc import framework
from qa.cqc.councils import CouncilNames, corrected, one_per_council
from qa.cqc.fact_questions import FactRow, fact_rows
from qa.cqc.score_answers import scores_of
from qa.cqc.table import Comparison, comparison, councils_named
from qa.errors import QAError, QuestionError
from qa.question import clean_question
from qa.text import normalise
from qa.search.build import BuildSummary, Progress
from qa.search.embed import SentenceTransformerEmbedder
from qa.search.index import Index
from qa.search.late import content_pieces
from qa.search.lifecycle import refresh
from qa.search.query import Query
from qa.search.retrieve import Retriever
from qa.search.threads import one_blas_thread
from qa.search.understand import understand
from qa.types import Answer, Hit, ReportCard, StatementScore


class Assistant:
    def __init__(self, settings: Settings, index: Index, embedder, summary: BuildSummary) -> None:
        self.settings = settings
        self.index = index
        self.embedder = embedder
        self.summary = summary  # what opening did: built, rebuilt (and why) or found it up to date
        self.retriever = Retriever(index, settings.fusion)
        self.answerer = Answerer(index.cards, self._passage_at)
        self.councils = CouncilNames(index.cards)  # built once per index: 45 ms a question at 150 reports
        self.counted = {c.id for c in one_per_council(index.cards.values())}  # a council saved twice: once

    @classmethod
    def open(cls, corpus: str | Path | None = None, index: str | Path | None = None, model: str | None = None,
             build: bool = True, progress: Progress | None = None, fusion: Fusion | None = None,
             late: float | None = None, lazy: bool = False) -> "Assistant":
        """Load the index for ``corpus``; build it, or rebuild it if stale or damaged, unless ``build=False``.
        ``late`` sets the share of late interaction in the ranking (``Fusion.late``; QA_LATE otherwise).

        ``lazy``: open it cards-first and read each other file when a question first needs it (a question
        answered from the report cards then reads no passage vectors); a file found damaged then is an
        ``IndexCorruptError`` saying to run ``qa index``, which rebuilds it. Otherwise every file is verified
        now, and a damaged one rebuilt."""
        settings = Settings.from_env(corpus, index, model, late=late)
        if fusion is not None:
            settings = replace(settings, fusion=fusion)
        embedder = SentenceTransformerEmbedder(settings.model)
        loaded, summary = refresh(settings, embedder, build=build, progress=progress, wait=False, lazy=lazy)
        return cls(settings, loaded, embedder, summary)

    def understand(self, question: str, report: str | None = None) -> Query:
        """Everything ``qa`` reads from the question (cleaned first: ``clean_question``): its search terms, the
        report it is about, what it asks for."""
        report = None if report is None else self.report(report).id
        return understand(clean_question(question), self.index, self.councils, report)

    def retrieve(self, question: str, k: int = 10, mode: str = "hybrid", report: str | None = None) -> list[Hit]:
        """The k passages that best answer the question, best first (the question cleaned as ``clean_question``)."""
        _check(k, mode)
        with one_blas_thread():  # small matrices: a second thread only contends (qa/search/threads.py)
            query = self.understand(question, report)
            vector, tokens = self._embed(query.text, mode, mode != "bm25")
            return list(self.retriever.search(query, vector, k=k, mode=mode, tokens=tokens))

    def ask(self, question: str, k: int = 5, report: str | None = None, mode: str = "hybrid") -> Answer:
        """An answer with numbered citations, or an abstention that still shows the nearest passages."""
        _check(k, mode)
        with one_blas_thread():  # small matrices: a second thread only contends (qa/search/threads.py)
            return self._answer(question, k, report, mode)

    def _answer(self, question: str, k: int, report: str | None, mode: str) -> Answer:
        fixed, taken = corrected(clean_question(question), self.councils.names)
        if taken:  # "Ashcomb": Ashcombe Borough Council, and said so
            answer = self._answer(fixed, k, report, mode)
            return replace(answer, question=question, text=f"(Taking {taken}.) {answer.text}")
        query = self.understand(question, report)
        if query.corpus is not None and (not query.unknown or query.corpus.kind == "facts") and (
                report is None or query.corpus.report):
            found = corpus_answer(query, query.corpus, [c for c in self.reports() if c.id in self.counted],
                                  self._passage_at)
            if found is not None:
                return found
        if query.across and report is None:
            missing = query.unknown and any(query.unknown.lower() in o.lower() for o in query.other_councils)
            each = replace(query, reports=(), other_councils=(), other_council=None,
                           unknown=None if missing else query.unknown)
            vectors: dict = {}  # the question is embedded once, not once per council
            parts = [(self.index.cards[rid], self._ask(replace(each, scope=rid, report=rid), k, mode, vectors))
                     for rid in query.reports]
            return side_by_side(query, parts)
        if report is None and query.scope is None and query.score is None and not query.other_council \
                and len(self.index.cards) > 1:
            return self._each_council(query, k, mode)
        if report is None and query.scope is None and (rated := self._rated_as_asked(query)):
            if len(rated) == 1:  # "Why did we get requires improvement?": the one council rated so
                return self._ask(replace(query, scope=rated[0], report=rated[0]), k, mode)
            parts = [(self.index.cards[rid], self._ask(replace(query, scope=rid, report=rid), k, mode)) for rid in rated]
            return side_by_side(query, parts)
        return self._ask(query, k, mode)

    def _rated_as_asked(self, query: Query) -> list[str]:
        """The reports rated as an overall-rating question naming no council says ("Why did we get requires
        improvement?"): those councils' ratings and reasons, not every council's; [] for any other question."""
        if query.score is None or query.score.kind != "overall" or len(self.index.cards) < 2:
            return []
        said = next((r.lower() for r in framework.RATINGS if re.search(rf"\b{re.escape(r)}\b", query.question, re.I)),
                    None)
        return [rid for rid, card in self.index.cards.items()
                if said and card.rating is not None and card.rating.text.lower() == said]

    def _each_council(self, query: Query, k: int, mode: str) -> Answer:
        """A question naming no council, over several reports: each council's own answer, for the councils whose
        passages match it best (``EACH_COUNCILS`` at most; ``BETWEEN_COUNCILS`` for "which council ...?"), so no
        council's figure stands in for the others' and none is left out in silence; the reports that do not say are
        named, and so is what was not searched."""
        vector, tokens = self._embed(query.text, mode, True)
        vectors = {query.text: (vector, tokens)}  # embedded once for every council's part
        ranked = self.retriever.search(query, vector, k=EACH_DEPTH, mode=mode, tokens=tokens)
        counted = self.counted
        order = [rid for rid in dict.fromkeys(h.passage.report for h in ranked) if rid in counted]
        between = bool(between_councils(query.question))
        if between:  # "Which council has the longest wait?", "... in each council?": the leader may match less
            # well than five others, and every council is asked for
            order += [rid for rid in self.index.cards if rid not in order and rid in counted]
        order = order[:BETWEEN_COUNCILS if between else EACH_COUNCILS]
        parts = [(self.index.cards[rid], self._ask(replace(query, scope=rid, report=rid), k, mode, vectors))
                 for rid in order]
        if not any(not a.abstained for _, a in parts):
            return self._ask(query, k, mode, vectors)
        return each_council(query, parts, len(counted))

    def _ask(self, query: Query, k: int, mode: str, vectors: dict | None = None) -> Answer:
        card = the_card(query, self.index.cards) if query.versus is not None and query.score is None else None
        if card is not None:  # one council against the country: from its facts, not passages, if it quotes one
            found = versus_answer(query, card, self._passage_at)
            if found is not None:
                return found
        answer = self._passage_ask(query, k, mode, vectors)
        return without_comparison(query, answer) if card is not None else answer

    def _passage_ask(self, query: Query, k: int, mode: str, vectors: dict | None = None) -> Answer:
        # "why 2?": the score and its reasons; "the previous rating": what the report says of an earlier one
        then = query.score is not None and figure_after_score(query)  # "... and how many concerns were there?"
        wants_sentences = query.score is None or query.reason is not None or query.earlier or then
        vectors = {} if vectors is None else vectors
        if query.text not in vectors:
            vectors[query.text] = self._embed(query.text, mode, mode != "bm25" or wants_sentences)
        vector, tokens = vectors[query.text]
        # a score's reasons are found as any finding is, not by the score's own passages
        searched = replace(query, score=None) if query.score is not None and (query.reason or query.earlier or then) \
            else query
        if query.score is not None and query.reason and query.score.statements:
            hits = self._in_sections(searched, vector, k, mode, tokens,
                                     lambda p: any(st in p.section for st in query.score.statements))
        elif query.whole or (query.reason and query.score is not None and query.score.kind == "overall"):
            hits = self._in_sections(searched, vector, k, mode, tokens, lambda p: _in_summary(p, query.views),
                                     first="rating" if query.score else query.reason)
        else:
            hits = self.retriever.search(searched, vector, k=k, mode=mode, tokens=tokens)
        evidence = self.retriever.evidence(searched, hits, vector, self.answerer.choosing.passages) \
            if wants_sentences else None
        return self.answerer.answer(query, hits, evidence)

    def _in_sections(self, query: Query, vector, k: int, mode: str, tokens, inside_of, first: str | None = None):
        """"Why was safeguarding rated 2?": the question's words are the statement's name, which every passage of
        that statement shares, so its reasons are looked for among the statement's own passages (the best
        ``REASON_DEPTH`` hits of the report whose passage ``inside_of`` accepts; all hits when none does);
        "why was it rated requires improvement?" among the report's summaries of strengths, areas for development
        and people's experiences."""
        wide = self.retriever.search(query, vector, k=max(k, REASON_DEPTH), mode=mode, tokens=tokens)
        inside = [h for h in wide if inside_of(h.passage)]
        if first:  # "what went well?": the report's own list of strengths first (a rating's reasons: its findings)
            inside.sort(key=lambda h: not (h.passage.section and (
                SUMMARY_FINDINGS.search(h.passage.section[-1]) if first == "rating" else
                labelled_kind("", h.passage.section) == first)))
        return tuple(inside[:k] or wide[:k])  # another statement's shortfall is no reason for this one's score

    def compare(self, statements: tuple[str, ...] = (), councils: tuple[str, ...] = (),
                sort: str | None = None) -> Comparison:
        """Councils x statements (plus rating, computed percentage, publication date), each cell with its spans."""
        return comparison(self.reports(), statements, councils, sort)

    def facts(self, councils: tuple[str, ...] = (), measure: str | None = None) -> list[FactRow]:
        """The national figures the reports quote (only the ``councils`` named, only the ``measure`` asked, as a
        reader writes it), each against its average and with its span; one measure's rows together, A-Z."""
        cards = councils_named(self.reports(), councils) if councils else self.reports()
        return fact_rows(cards, measure)

    def _embed(self, text: str, mode: str, vector: bool):
        """(question vector or None, (token vectors, word-piece ids) or None): one forward pass for both."""
        if self.retriever.wants_tokens(mode):
            vec, tokens, ids = self.embedder.embed_query_tokens(text)
            keep = content_pieces(self.embedder.piece_names(ids))  # MaxSim reads the question's content words
            return vec, (tokens[keep], ids[keep])
        return (self.embedder.embed_query(text) if vector else None), None

    def statement_scores(self, report_id: str) -> list[StatementScore]:
        """A report's quality statement scores in framework order, each from its own section where it has one."""
        return scores_of(self.report(report_id))

    def _passage_at(self, report: str, offset: int, source: str | None = None):
        n = self.index.passage_at(report, offset, source)
        return None if n is None else self.index.passages[n]

    def reports(self) -> list[ReportCard]:
        return list(self.index.cards.values())

    def text(self, source: str) -> str:
        """The text of a source as the index read it, the one every offset points into:
        ``assistant.text(p.source)[p.start:p.end] == p.text`` for every passage and citation.

        For .md and .txt it is the file decoded as UTF-8 with line ends kept; for a web page or a PDF, its
        extracted text. ``source`` is the name a passage or citation gives ("kent/summary.html").
        """
        try:
            return self.index.texts[source]
        except KeyError:
            known = sorted(self.index.texts)
            raise QAError(f"no source '{source}' in the index: known sources are {', '.join(known[:8])}"
                          f"{'…' if len(known) > 8 else ''}") from None

    def report(self, report_id: str) -> ReportCard:
        """A report by its id, or by the start of its id or its council's name when one report alone has it
        ("brindle" for a saved page's long id, "Brindle District")."""
        cards = self.index.cards
        if report_id in cards:
            return cards[report_id]
        key = normalise(report_id)
        found = [rid for rid in cards if key and normalise(rid).startswith(key)] or [
            rid for rid, card in cards.items() if key and normalise(card.council or "").startswith(key)]
        if len(found) == 1:
            return cards[found[0]]
        raise QuestionError(f"'{report_id}' names several reports: {', '.join(sorted(found))}" if found else
                            f"no report '{report_id}' in the index: known reports are {', '.join(sorted(cards))}")


REASON_DEPTH = 40  # hits searched for a statement's reasons
EACH_DEPTH = 30  # hits whose reports are asked in turn, for a question naming no council
EACH_COUNCILS = 8  # ...at most this many of them
BETWEEN_COUNCILS = 20  # ...or this many, best matching first, for a question asking which council
# where a report gives the reasons for its overall rating (CQC's headings in every published layout)
SUMMARY_SECTIONS = re.compile(r"summary of (?:strengths|people|findings)|areas? for (?:development|improvement)|"
                              r"(?:key )?strengths$|areas? of strength|overall summary|next steps|"
                              r"what (?:people|(?:unpaid )?carers|partners|staff|leaders) told us", re.I)


SCORE_SECTIONS = re.compile(r"rating and score|quality statement scores", re.I)


def _in_summary(passage, views: str | None) -> bool:
    """A passage of the report's summaries, not the rating's or the scores' own (values, no reasons); for a
    group's views, one that reports them ("Partners said ...")."""
    return any(SUMMARY_SECTIONS.search(h) for h in passage.section) and not (
        passage.section and SCORE_SECTIONS.search(passage.section[-1])) and (
        views is None or reports_views(views, passage.text))


def _check(k: int, mode: str) -> None:
    if k < 1:
        raise QuestionError(f"k must be at least 1, got {k}")
    if mode not in MODES:
        raise QuestionError(f"unknown mode '{mode}': use one of {', '.join(MODES)}")


def build_index(corpus: str | Path | None = None, index: str | Path | None = None, model: str | None = None,
                force: bool = False, progress: Progress | None = None,
                max_report_mb: float | None = None, max_texts: int | None = None) -> tuple[Path, BuildSummary]:
    """Build or refresh the index of ``corpus`` (``force``: rebuild even when up to date); (index folder, summary)."""
    settings = Settings.from_env(corpus, index, model, max_report_mb, max_texts)
    _, summary = refresh(settings, SentenceTransformerEmbedder(settings.model), force=force, progress=progress)
    return settings.index, summary
