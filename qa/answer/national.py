"""One council's national figure against the country's, answered from its facts (``qa.cqc.council_facts``).

"Is Westbridge below the England average on people feeling safe?" names one report (or the search is limited to
one, or the corpus holds one): the answer is that report's fact for the measure, its value, the average it is set
against and what that average is, the survey and period, cited to the span that states them. When the report
quotes no national figure for the measure, the usual answer (quoted sentences, or the abstention) is given after
saying so, so a reader never takes a passage's figure for a national comparison the report does not make.
"""

from __future__ import annotations

from dataclasses import replace

from qa.answer.across import cite_spans
from qa.answer.scores import PassageAt
from qa.cqc.council_facts import compose_council, no_comparison
from qa.search.query import Query
from qa.types import Answer, ReportCard


def the_card(query: Query, cards: dict[str, ReportCard]) -> ReportCard | None:
    """The one report a comparison question is about: the one it names or is limited to, or the corpus's only one;
    None when the question names a council or a thing no report covers (the usual answer says so)."""
    if query.unknown or (query.other_council and not query.scope):
        return None
    if query.scope:
        return cards.get(query.scope)
    return next(iter(cards.values())) if len(cards) == 1 else None


def versus_answer(query: Query, card: ReportCard, passage_at: PassageAt) -> Answer | None:
    """The council's figure against the country's, cited; None when none of its facts is the measure asked."""
    composed = compose_council(query.versus, card)
    if composed is None:
        return None
    text, spans = composed
    return Answer(query.question, text, "score", cite_spans(spans, passage_at), (), card.id, {"facts": card.id})


def without_comparison(query: Query, answer: Answer) -> Answer:
    """``answer`` (from passages) after saying that the report gives no national comparison for the measure."""
    said = no_comparison(query.versus)
    if answer.abstained:
        return replace(answer, text=f"{said} {answer.text}")
    return replace(answer, text=f"{said} The nearest it comes: {answer.text}", extras={**answer.extras, "facts": None})
