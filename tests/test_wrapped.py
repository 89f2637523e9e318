"""A report saved with hard-wrapped lines (a text export, a paragraph broken at 70 columns) is quoted a sentence
at a time, not a line at a time; list items and "Score: 2" lines stay sentences of their own."""

from __future__ import annotations

import textwrap

import pytest

from qa.text import sentences


def _cut(text: str) -> list[str]:
    return [text[a:b] for a, b in sentences(text)]


def test_a_line_that_runs_on_joins_the_next():
    text = "Waiting lists were reviewed weekly.\nThe council had\n  identified that reviews\nwere late. Then more."
    assert _cut(text) == ["Waiting lists were reviewed weekly.", "The council had\n  identified that reviews\nwere late.",
                          "Then more."]


@pytest.mark.parametrize("text,expected", [
    ("- first item\n- second item runs\n  on here", ["- first item", "- second item runs\n  on here"]),
    ("Assessing needs\nScore: 2\n2 - Evidence shows some shortfalls", ["Assessing needs", "Score: 2",
                                                                       "2 - Evidence shows some shortfalls"]),
    ("Contact the team:\nby phone or online", ["Contact the team:", "by phone or online"]),  # a colon ends a line
    ("Ashby Vale Council\nRequires improvement", ["Ashby Vale Council", "Requires improvement"]),
])
def test_list_items_score_lines_and_capitalised_lines_stay_apart(text, expected):
    assert _cut(text) == expected


_FINDING = ("Carers in Ashby Vale waited an average of 47 days for a carer's assessment in March 2024, and the "
            "council had set a target of 28 days for the year ahead.")
ASHBY = f"""# Ashby Vale Council: local authority assessment

## Theme 1: Working with people

### Assessing needs

#### Score: 2

2 - Evidence shows some shortfalls

#### Key findings for this quality statement

{textwrap.fill(_FINDING, 60)}

{textwrap.fill("The council's reablement service helped most people return home within six weeks, and "
               "staff described the service as well led and well staffed.", 60)}
"""


@pytest.fixture(scope="module")
def ashby(with_report):
    return with_report("ashby-vale", ASHBY)


def test_a_hard_wrapped_report_is_quoted_by_the_whole_sentence(ashby):
    assert "\n" in textwrap.fill(_FINDING, 60)  # the finding really is wrapped over lines
    answer = ashby.ask("How long do carers in Ashby Vale wait for a carer's assessment?")
    assert not answer.abstained and "47 days" in answer.text, answer.text
    cite = answer.citations[0]
    assert " ".join(cite.quote.split()) == _FINDING  # the whole sentence, across its line breaks
    assert ashby.text(cite.passage.source)[cite.start:cite.end] == cite.quote  # and checkable as ever
    assert _FINDING in answer.text  # the answer reads it as one line


def test_a_wrapped_line_that_breaks_before_a_name_runs_on():
    prose = ("People in the north of the borough told us that the Oakridge Community Hub was the first place they "
             "went for advice, and partners said the Hub had a long waiting list in the winter months.")
    wrapped = textwrap.fill(prose, 60)  # "Community Hub" opens the second line
    assert any(line[:1].isupper() for line in wrapped.split("\n")[1:])  # a line of it starts with a capital
    assert [" ".join(s.split()) for s in _cut(wrapped + "\nScore: 2")] == [prose, "Score: 2"]
