"""Domain knowledge that holds for every council's report: place names, and plain words for report terms.

Readers type "break from caring" where reports write "respite", "the NHS board" where they write "ICB". These
groups are social-care vocabulary, written from the sector's usage, not from any question set; acronyms a report
defines itself ("Better Care Fund (BCF)") are mined from the report at index time instead (``abbreviations``).
"""

import json
from pathlib import Path

# The councils with adult social care duties in England, as readers name them (a data file beside this module).
COUNCILS: tuple[str, ...] = tuple(
    line.strip() for line in Path(__file__).with_name("councils.txt").read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#")
)

# (the report's words, plain ways of saying it). A plain phrase in a question adds the report's words to the search.
TERMS: tuple[tuple[str, tuple[str, ...]], ...] = tuple(
    (words, tuple(plain))
    for words, plain in json.loads(Path(__file__).with_name("glossary.json").read_text(encoding="utf-8"))["terms"]
)
