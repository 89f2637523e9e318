"""What kind of text a passage is: the council's own findings, or CQC's standard framework wording.

Every CQC assessment repeats the same framework text: each quality statement's "What people expect" ("I feel
safe and am supported to understand and manage any risks") and "The local authority commitment" ("We work with
people to understand what being safe means to them..."), the scoring scale ("2 - Evidence shows some
shortfalls"), the theme lists and "How we assess" notes, and the disclaimer under the financial data. Quoted as
an answer, it reads like evidence about the council when it is the same in every report. It is known by its place
in the report's structure (the section it stands in), and for the few boilerplate lines with no heading of their
own, by their standard wording.

>>> passage_kind(("Theme 3", "Safeguarding", "What people expect"), "I feel safe and am supported ...")
'framework'
>>> passage_kind(("Theme 3", "Safeguarding", "Making safeguarding personal"), "The local authority had ...")
'finding'
"""

from __future__ import annotations

import re

FRAMEWORK = "framework"
FINDING = "finding"

# Headings whose whole body is the framework's standard text.
_FRAMEWORK_HEADINGS = re.compile(r"^(?:what people expect|the local authority commitment|our commitment|"
                                 r"how we assess(?: local authorities)?|about (?:this|the) assessment framework|"
                                 r"how we score|our scoring|scoring)\b", re.I)
# Standard lines that stand under a finding's heading: a body made only of these is framework text.
_BOILERPLATE = re.compile(
    r"^\s*(?:#+\s*)?(?:"
    r"score:\s*\d|\d\s*-\s*evidence shows\b|"
    r"\[?how we assess\b|assessment published:|"
    r"this theme includes these quality statements|we may not always review all quality statements|"
    r"[-*]\s|"  # the list of statements under "This theme includes..."
    r"this data is reproduced at the request of|it has not been factored into our assessment|"
    r"(?:this|the) data (?:is|are) presented for information purposes only"
    r")", re.I)


# CQC's notes beside the financial data in every report's "About" section, standing among the council's figures in
# one list: true of every council, so never a finding about this one.
_STANDARD_SENTENCE = re.compile(
    r"^\W*(?:local authorities spend money on a range of adult social care services|no two care packages are the same|"
    r"please note that the amount raised through (?:the )?adult social care precept varies|"
    r"this data is reproduced at the request of|it has not been factored into our assessment)", re.I)


def standard_sentence(text: str) -> bool:
    """Whether a sentence is one of CQC's standard notes that stand inside a passage of findings."""
    return bool(_STANDARD_SENTENCE.match(text))


_EXPECTATIONS = re.compile(r"^(?:what people expect|the local authority commitment|our commitment)\b", re.I)


def states_expectation(section: tuple[str, ...]) -> bool:
    """Whether a passage is the framework's statement of what people expect or what councils commit to: the
    text that answers "what does CQC expect...?" (the scoring scale and notes do not)."""
    return bool(section) and bool(_EXPECTATIONS.match(section[-1].strip()))


def is_standard_heading(title: str) -> bool:
    """Whether a section under this heading opens with the framework's standard text."""
    return bool(_FRAMEWORK_HEADINGS.match(title.strip()))


def passage_kind(section: tuple[str, ...], text: str, standard: bool = True) -> str:
    """"framework" for CQC's standard wording (under its heading, before the findings that may follow it with no
    heading between: ``standard``, which the chunker works out), or a body of standard lines only; else
    "finding"."""
    if section and standard and is_standard_heading(section[-1]):
        return FRAMEWORK
    lines = [ln for ln in text.splitlines() if ln.strip()]
    if lines and all(_BOILERPLATE.match(ln) for ln in lines) and any(not ln.lstrip().startswith(("-", "*"))
                                                                     for ln in lines):
        return FRAMEWORK
    return FINDING
