"""A question understood once, against the index: its words (``parse_query``) plus what only the corpus knows.

Which report it is about, which of its words and names the report never uses: the retriever and the answer
stage both read these from the ``Query`` instead of each asking the index again.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import replace

from qa.cqc import framework, score_questions
from qa.cqc.councils import COUNCIL_KINDS, CouncilNames, misspelt_in
from qa.errors import QuestionError
from qa.search.index import Index
from qa.search.query import Query, parse_query
from qa.tokens import PAST_FORMS, tokenize

# Words that open a question with a capital but name nothing ("What", "Tell"), and score words that a report
# need not use for a score question to make sense ("rating", "CQC").
_OPENERS = frozenset("what how which who whom whose when where why is are was were do does did can could has have "
                     "had will would should shall may might tell show give list please explain describe summarise "
                     "summarize compare any rank sort order name apart other except excluding besides aside so ok okay hi "
                     "hey about around approx overall quick".split())
_SCORE_TOKENS = frozenset(tokenize(" ".join(
    score_questions.SCORE_WORDS | score_questions.HIGH | score_questions.LOW | score_questions.MEAN |
    {"quality", "statement", "statements", "theme", "themes", "overall", "cqc", "care quality commission",
     "outstanding", "good", "requires improvement", "inadequate"})))  # a rating no report was given is still one
_FRAMEWORK_WORDS = frozenset(w for st in framework.STATEMENTS for phrase in (st.name, *st.aliases)
                             for w in re.findall(r"[a-z]+", phrase.lower()))


_YEAR = re.compile(r"(?:19|20)\d\d(?:/\d\d)?")


def understand(question: str, index: Index, councils: CouncilNames, report: str | None = None) -> Query:
    """The question's ``Query``, scoped to ``report`` (a --report limit) or to the council the question names.
    ``question`` is already cleaned (``qa.question.clean_question``: decoded, normalised, not empty).

    >>> query = understand("What did Leeds score for safeguarding?", index, councils)  # doctest: +SKIP
    >>> query.scope, query.score.kind  # doctest: +SKIP
    ('leeds-city-council', 'statement')
    """
    if report is not None and report not in index.report_ranges:
        raise QuestionError(f"no report '{report}' in the index: known reports are {', '.join(sorted(index.report_ranges))}")
    query = parse_query(question, index.cards, index.abbreviations, councils)
    if report and query.report and query.report != report:
        named = index.cards[query.report]
        raise QuestionError(f"the question names {named.council or named.title} (report '{query.report}') but "
                            f"the search is limited to report '{report}': drop the limit or the name")
    scope = report or query.report
    lo, hi = index.report_ranges[scope] if scope else (0, None)

    def used(token: str) -> bool:  # (in a past form the stemmer cannot fold: "underspend" by "underspent")
        return index.bm25.occurs(token, lo, hi) or any(index.bm25.occurs(p, lo, hi) for p in PAST_FORMS.get(token, ()))

    def known(token: str) -> bool:
        """Used by the report(s), or standing in the question for words they use (two of them at least): "DoLS"
        is known to a report that writes "Deprivation of Liberty Safeguards" and never the acronym (the glossary
        pairs them)."""
        return used(token) or any(token in asked and sum(map(used, said)) >= min(2, len(said))
                                  for asked, said in query.equivalents if said)

    seen = sum(1 for t in query.tokens if used(t))
    return replace(
        query, scope=scope, unknown=_unknown_name(question, known, _council_words(index, query.reports))
        or _unknown_year(query.tokens, index, used)
        or (None if query.reports else misspelt_in(question, councils.names)),
        unseen=1 - seen / len(query.tokens) if query.tokens else 1.0,
        other_mentioned=bool(query.other_council) and all(t in index.bm25.vocab for t in tokenize(query.other_council)),
    )


def _unknown_year(tokens: tuple[str, ...], index: Index, used) -> str | None:
    """A year the question names that the report(s) never mention, alone or in a span ("2015" against a report
    that speaks of 2022/23 to 2024/25): what it asks of that year the report cannot say."""
    for token in tokens:
        if not _YEAR.fullmatch(token) or used(token):
            continue
        first = token.split("/")[0]
        spans = _spans(index).get(first, ())
        if not used(first) and not any(used(v) for v in spans):
            return token
    return None


_SPANS: dict[int, dict[str, tuple[str, ...]]] = {}


def _spans(index: Index) -> dict[str, tuple[str, ...]]:
    """The vocabulary's year spans ("2023/24") under each year they cover ("2023", "2024"), once per index."""
    key = id(index.bm25.vocab)
    if key not in _SPANS:
        out: dict[str, list[str]] = {}
        for v in index.bm25.vocab:
            if "/" in v and _YEAR.fullmatch(v):
                start, end = v.split("/")
                for year in (start, start[:2] + end[-2:]):
                    out.setdefault(year, []).append(v)
        _SPANS.clear()  # one index at a time: a refreshed index has a new vocabulary
        _SPANS[key] = {y: tuple(vs) for y, vs in out.items()}
    return _SPANS[key]


def _council_words(index: Index, reports: tuple[str, ...]) -> frozenset[str]:
    """The words of the councils' names the question names ("derby", "city", "council")."""
    return frozenset(w for rid in reports for w in re.findall(r"[a-z]+", (index.cards[rid].council or "").lower()))


def _unknown_name(question: str, known, council: frozenset[str] = frozenset()) -> str | None:
    """A name in the question (a capitalised word or an acronym, not opening it) the report(s) never mention.

    Reports answer about what they name; "Ofsted", a named hospital or another council's name in a
    question the corpus never uses is a sign the question is about something the reports do not cover.
    """
    for m in re.finditer(r"\b[A-Z][A-Za-z]{2,}\b|\b[A-Z]{2,}\b", question):
        if m.start() == len(question) - len(question.lstrip()) and (
                m.group().lower() in _OPENERS or _near_framework_word(m.group()) or _ADVERB.fullmatch(m.group())):
            continue  # a capitalised first word ("Roughly how many..."), or a misspelt statement name ("Safegaurding")
        if m.group().lower() in COUNCIL_KINDS and _IN_COUNCIL_NAME.match(question, m.end()):
            continue  # "Brackenford Borough Council" for Brackenford City Council: a kind of council is no topic
            # the report must speak of ("County Hospital", "Metropolitan Police" still are)
        tokens = tokenize(m.group())
        if tokens and all(not known(t) and t not in _SCORE_TOKENS for t in tokens):
            return _whole_name(question, m.start(), m.end(), council)
    return None


_IN_COUNCIL_NAME = re.compile(r"(?:[ \t]+(?:Borough|City|County|District|Metropolitan|Unitary))*[ \t]+Councils?\b|"
                              r"(?<=Council)(?![ \t]+[A-Z])|(?<=Councils)(?![ \t]+[A-Z])")


_NAME_GOES_ON = re.compile(r"(?:[ \t]+(?:[A-Z][\w'’-]*|\d{1,3}[A-Za-z]?)(?![\w'’]))*")


def _whole_name(question: str, start: int, end: int, council: frozenset[str] = frozenset()) -> str:
    """The whole name a word stands in: "Better Care Fund", "Section 42", "Liberty Protection Safeguards",
    "Nottingham City Council" (not "Better", "Protection" or "Council's"); not the name of the council the
    question is about ("Is Derby Ofsted rated?": Ofsted)."""
    end += len(_NAME_GOES_ON.match(question, end).group())
    words = list(re.finditer(r"\S+", question[:start]))
    while len(words) > 1 and re.fullmatch(r"[A-Z][\w-]*", words[-1].group()) and \
            words[-1].group().lower() not in _OPENERS and words[-1].group().lower() not in council and \
            not question[words[-1].end() : start].strip():
        start = words.pop().start()  # (the question's first word is how it asks, not part of a name)
    return re.sub(r"['’]s$", "", question[start:end].strip())


_ADVERB = re.compile(r"[A-Z][a-z]{3,}ly")


def _near_framework_word(word: str) -> bool:
    return bool(difflib.get_close_matches(word.lower(), _FRAMEWORK_WORDS, n=1, cutoff=0.8))
