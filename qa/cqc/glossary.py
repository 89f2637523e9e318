"""Plain words for report terms: social-care vocabulary that holds for every council's report.

Readers type "break from caring" where reports write "respite", "the NHS board" where they write "ICB". These
groups are social-care vocabulary, written from the sector's usage, not from any question set; acronyms a report
defines itself ("Better Care Fund (BCF)") are mined from the report at index time instead (``abbreviations``).
"""

import json
from pathlib import Path

# (the report's words, plain ways of saying it). A plain phrase in a question adds the report's words to the search.
TERMS: tuple[tuple[str, tuple[str, ...]], ...] = tuple(
    (words, tuple(plain))
    for words, plain in json.loads(Path(__file__).with_name("glossary.json").read_text(encoding="utf-8"))["terms"]
)
