"""Question -> query: the glossary adds the report's words for plain phrases, and only for phrases as written."""

from __future__ import annotations

import re

import pytest

from qa.cqc.glossary import TERMS
from qa.search.query import parse_query, words
from qa.tokens import tokenize


def expansion(question: str, abbreviations: dict[str, str] | None = None) -> tuple[str, ...]:
    return parse_query(question, {}, abbreviations or {}).expansion


def test_every_plain_phrase_brings_its_report_words():
    for term, plain in TERMS:
        for phrase in plain:
            question = f"what does the report say about {phrase} for residents"
            want = [t for t in tokenize(term) if t not in tokenize(question)]
            got = expansion(question)
            assert set(want) <= set(got), (phrase, term, got)


def test_glossary_is_well_formed():
    seen: dict[str, str] = {}
    common = {"help", "care", "money", "home", "support", "people", "council", "staff", "wait", "time", "service",
              "services", "need", "needs", "local", "family", "work"}
    for term, plain in TERMS:
        assert term and plain and all(isinstance(p, str) and p == p.lower() for p in plain), term
        for phrase in plain:
            assert phrase not in common, f"'{phrase}' would fire on almost any question"
            assert seen.setdefault(phrase, term) == term, f"'{phrase}' is in two entries"
            assert re.fullmatch(r"[a-z0-9' \-]+", phrase), phrase


def test_the_phrase_table_read_in_one_pass_is_the_phrases_read_one_by_one():
    # the table is built from one pass of ``words`` over every phrase (a one-shot question pays for it); each
    # phrase must come out as its own call would read it, with an empty phrase keeping the others in place
    from qa.search import query

    one_by_one: dict[str, list] = {}
    for entry, (_, plain) in enumerate(TERMS):
        for phrase in plain:
            if folded := query._fold(words(phrase)):
                one_by_one.setdefault(folded[0], []).append((folded, entry))
    assert query._glossary_phrases() == one_by_one
    assert sum(map(len, one_by_one.values())) == sum(len(plain) for _, plain in TERMS)


RESPITE, AMHP, RESIDENTIAL = (tokenize(w)[0] for w in ("respite", "amhp", "residential"))


def test_a_phrase_fires_only_as_written():
    # "break from caring" is a plain phrase; its words scattered over a question are not the phrase
    assert RESPITE in expansion("Can I get a break from caring for my dad?")
    assert RESPITE not in expansion("Did caring staff take a break from the backlog?")
    # function words count: a phrase of mostly function words must not fire on its one content word
    assert expansion("Which plans are still only drafts?") == ()


def test_a_phrase_said_of_one_relative_is_said_of_any():
    """"look after my mum" is in the glossary; a reader looks after a husband, a daughter or a neighbour."""
    unpaid = tokenize("unpaid")[0]
    for who in ("mum", "husband", "daughter", "neighbour", "wife"):
        query = parse_query(f"I look after my {who}: how long is the wait for a carers assessment?", {}, {})
        assert unpaid in query.expansion, who
        assert any(tokenize(who)[0] in asked for asked, _ in query.equivalents), who  # the question's own words
    assert unpaid not in expansion("I look after my garden: how long is the wait?")


def test_stemming_does_not_join_different_words():
    # "sectioning" (mental health act) is not "section 42 enquiries" (safeguarding)
    assert AMHP not in (expansion("section 42 enquiries number"))


def test_plurals_and_apostrophes_match():
    assert words("Old People's Homes") == ("old", "people", "home")
    assert RESIDENTIAL in expansion("are the old people's homes any good")
    assert RESIDENTIAL in expansion("are the old peoples homes any good")


def test_defined_acronyms_expand_both_ways():
    abbr = {"BCF": "Better Care Fund"}
    assert {"better", "fund"} <= set(expansion("How big is the BCF?", abbr))
    assert "bcf" in expansion("How big is the Better Care Fund?", abbr)


@pytest.mark.parametrize("question", ["", "   ", "?"])
def test_degenerate_questions_parse(question):
    q = parse_query(question, {}, {})
    assert q.expansion == () and q.report is None


def test_a_named_council_picks_the_report_and_leaves_a_natural_question():
    from qa.types import ReportCard

    cards = {"leeds-city-council": ReportCard("leeds-city-council", "leeds-city-council.md", "Leeds City Council",
                                              "Leeds City Council", None, None, (), ())}
    q = parse_query("How many people live in Leeds?", cards, {})
    assert q.report == "leeds-city-council"
    assert q.text == "How many people live in the area?"  # what is embedded reads as a question
    assert "leed" not in q.tokens and "area" not in q.tokens  # what BM25 searches names nobody
    q = parse_query("What did Leeds City Council score for safeguarding?", cards, {})
    assert q.text == "What did the council score for safeguarding?"
    q = parse_query("How does Leeds Direct help people?", cards, {})  # a service named after the place
    assert q.report == "leeds-city-council" and "Leeds Direct" in q.text


@pytest.mark.parametrize("official,short", [
    ("Royal Borough of Windsor and Maidenhead", "windsor and maidenhead"),
    ("London Borough of Barking and Dagenham", "barking and dagenham"),
    ("Kingston upon Hull City Council", "hull"),
    ("City of London Corporation", "city of london"),
])
def test_council_aliases_include_the_name_people_use(official, short):
    from qa.cqc.councils import council_aliases
    from qa.types import ReportCard

    aliases = council_aliases(ReportCard("x", "x.md", official, official, None, None, (), ()))
    assert short in aliases
    assert not {"city", "city of", "corporation", "london", "royal"} & set(aliases)  # none names any council
    assert "x" not in aliases  # a file not named after the council gives no name for it


def test_a_report_file_named_after_its_council_names_it_and_one_named_report_does_not():
    from qa.cqc.councils import CouncilNames, council_aliases
    from qa.types import ReportCard

    named = ReportCard("wyemarsh-2024", "wyemarsh-2024.md", "Wyemarsh Council", "Wyemarsh Council", None, None, (), ())
    generic = ReportCard("report", "report.pdf", "Brackenfold Council", "Brackenfold Council", None, None, (), ())
    untitled = ReportCard("tarnby", "tarnby.md", "Local authority assessment", None, None, None, (), ())
    assert "wyemarsh 2024" in council_aliases(named) and "wyemarsh" in council_aliases(named)
    assert "report" not in council_aliases(generic) and "brackenfold" in council_aliases(generic)
    assert "tarnby" in council_aliases(untitled)  # no council name read: the file's name is all there is
    initials = ReportCard("rbwm", "rbwm.md", "x", "Royal Borough of Windsor and Maidenhead", None, None, (), ())
    other = ReportCard("north-yorkshire", "north-yorkshire.md", "x", "North Somerset Council", None, None, (), ())
    assert "rbwm" in council_aliases(initials)  # a file named by the council's initials names it
    assert "north yorkshire" not in council_aliases(other)  # a compass word alone is no name in common
    names = CouncilNames({c.id: c for c in (named, generic, untitled)})
    assert names.named("what does the report say about waiting lists", "What does the report say about waiting "
                       "lists?") == (None, None)
    assert names.named("brackenfold safeguarding", "Brackenfold safeguarding")[0] == "report"


def test_a_council_name_that_is_a_common_word_needs_its_capital():
    assert parse_query("What does the report say about Reading?", {}, {}).other_council == "Reading"
    assert parse_query("What did the CQC say about people with reading difficulties?", {}, {}).other_council is None
    assert parse_query("reading council score", {}, {}).other_council == "Reading"  # no capitals to go by


def _cards(*names: str) -> dict:
    from qa.types import ReportCard

    cards = {}
    for name in names:
        rid = name.lower().replace(" ", "-")
        cards[rid] = ReportCard(rid, f"{rid}.md", f"{name}: local authority assessment", name, None, None, (), ())
    return cards


def test_a_council_name_that_is_no_common_word_names_it_in_lower_case():
    """A new user's "how long is the wait for DoLS in wyemarsh" was answered for every council and said the
    Wyemarsh report gives nothing: the acronym's capitals had made a lower-case name no name."""
    cards = _cards("Wyemarsh County Council", "Brackenfold Borough Council")
    assert parse_query("how long is the wait for DoLS in wyemarsh", cards, {}).reports == ("wyemarsh-county-council",)
    assert parse_query("Is Brackenfold better than wyemarsh?", cards, {}).reports == \
        ("brackenfold-borough-council", "wyemarsh-county-council")
    assert parse_query("What did Leeds CQC say about leeds?", {}, {}).other_councils == ("Leeds",)
    # an everyday word stays one: the government, not the council
    assert parse_query("What does CQC say about westminster funding for social care?", {}, {}).other_council is None


@pytest.mark.parametrize("question,overall", [
    ("Is Brackenfold better than wyemarsh?", True),  # a new user's: answered with a reablement sentence
    ("How does Wyemarsh compare with Brackenfold?", True),
    ("is wyemarsh any good", True),
    ("How did Wyemarsh do?", True),
    ("Is Wyemarsh's adult social care good?", True),
    ("Is Wyemarsh better than Brackenfold at safeguarding?", False),  # a statement's score
    ("Is Wyemarsh better at reablement than Brackenfold?", False),  # a topic: the reports' findings
    ("What is Wyemarsh good at?", False),  # its strengths, from the report's own reasons
    ("Is Perth House in Wyemarsh any good?", False),  # a service, not the council
    ("Is Wyemarsh better than Leeds?", True),  # a council the corpus does not hold is no topic
    ("What is Wyemarsh bad at?", False),  # what needs to improve, from the report's reasons
    ("Does Wyemarsh do assessments?", False),  # assessing needs is a topic
    ("How much need is there in Wyemarsh?", False),
    ("Did Wyemarsh do anything?", False),  # no word of judgement
    ("Is Wyemarsh doing better than last year?", False),  # change over time: the rating does not say
])
def test_judging_a_council_as_a_whole_is_asked_of_its_rating(question, overall):
    cards = _cards("Wyemarsh County Council", "Brackenfold Borough Council")
    score = parse_query(question, cards, {}).score
    assert (score is not None and score.kind == "overall") is overall, score


def test_every_council_named_is_carried_in_order_and_the_missing_ones_by_name():
    cards = _cards("Northmoor Borough Council", "Eastvale County Council")
    q = parse_query("Compare Eastvale and Northmoor Borough Council on assessing needs", cards, {})
    assert q.reports == ("eastvale-county-council", "northmoor-borough-council") and q.report is None and q.across
    assert "eastvale" not in q.tokens and "northmoor" not in q.tokens
    one = parse_query("Compare Northmoor and Leeds on safeguarding", cards, {})
    assert one.reports == ("northmoor-borough-council",) and one.other_councils == ("Leeds",) and one.across
    single = parse_query("What did Northmoor Borough Council score for safeguarding?", cards, {})
    assert single.reports == ("northmoor-borough-council",) and single.report == "northmoor-borough-council"
    assert not single.across and single.corpus is None
    assert parse_query("Which councils scored 1 for safeguarding?", cards, {}).corpus.kind == "filter"


def test_an_acronym_the_report_never_writes_is_known_through_the_words_it_stands_for(tmp_path):
    """A user's report wrote "Deprivation of Liberty Safeguards" and never "DoLS": "it never mentions DoLS" was
    false. A name the glossary ties to nothing the report says is still unknown."""
    from qa.api import Assistant

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "fenwick-vale-council.md").write_text(
        "# Fenwick Vale Council: local authority assessment\n\n## Safeguarding\n\nThere were 1,104 applications "
        "under the Deprivation of Liberty Safeguards waiting for an assessment in March 2024, and the council "
        "had funded extra assessors to clear them.\n", encoding="utf-8")
    assistant = Assistant.open(corpus=corpus, index=tmp_path / "index", model=None)
    assert assistant.understand("How big is the DoLS backlog?").unknown is None
    assert assistant.understand("What did Ofsted find?").unknown == "Ofsted"


@pytest.mark.parametrize("question", ["support for a child of a disabled parent", "a mother looking after a child"])
def test_kin_are_folded_only_as_ones_own(question):
    """"my husband" is any relative of the one asking; "a child of a disabled parent" keeps who cares for whom."""
    assert not {tokenize("young")[0], tokenize("unpaid")[0]} & set(expansion(question))
