"""CQC's assessment framework for local authorities: 4 themes, 9 quality statements, 4 score labels.

Report headings vary ("lead healthier lives" / "live healthier lives"; "Safe systems, pathways and
transitions"), and so do readers' questions ("governance", "transitions", "safegaurding"). Both are matched
here against the framework's names and a few aliases, so the rest of ``qa`` speaks in canonical names.
"""

from __future__ import annotations

import difflib
import re
import json
from dataclasses import dataclass
from pathlib import Path

from qa.text import normalise


@dataclass(frozen=True)
class Statement:
    name: str
    theme: int
    aliases: tuple[str, ...]  # normalised phrases a reader may use for it


def _load() -> dict:
    """framework.json beside this module: the names are data, kept in one file that tests load and check."""
    return json.loads(Path(__file__).with_name("framework.json").read_text(encoding="utf-8"))


_DATA = _load()
THEMES: dict[int, str] = {int(k): v for k, v in _DATA["themes"].items()}
STATEMENTS: tuple[Statement, ...] = tuple(Statement(s["name"], s["theme"], tuple(s["aliases"]))
                                          for s in _DATA["statements"])
# What each statement covers: resolves "the score for keeping people safe when they move between services" to a
# statement when the question does not name one.
ABOUT: dict[str, str] = {s["name"]: s["about"] for s in _DATA["statements"]}
LABELS: dict[int, str] = {int(k): v for k, v in _DATA["labels"].items()}
RATINGS: tuple[str, ...] = tuple(_DATA["ratings"])


# A statement's name numbered as some pages and guides write it: "Quality statement 7: Safeguarding", "QS7 -
# Safeguarding", "Quality statement seven: Safeguarding".
_NUMBERED = re.compile(r"^\s*(?:quality\s+statement|qs)\s*(?:(?:[1-9]|one|two|three|four|five|six|seven|eight|nine)"
                       r"\s*[:.\-\u2013\u2014]?|[:.\-\u2013\u2014])\s*(?=\S)", re.I)


def statement_for_heading(title: str) -> Statement | None:
    """The statement a heading names, or None.

    A heading must name the statement as a whole ("Safeguarding"), not merely mention it ("Making safeguarding
    personal"), so this compares whole names: exact, same words in another order, or a close spelling.
    """
    norm = normalise(_NUMBERED.sub("", title, count=1))  # "Quality statement 7: Safeguarding"
    if not norm:
        return None
    words = set(norm.split())
    best, best_ratio = None, 0.0
    for st in STATEMENTS:
        for cand in (normalise(st.name), *st.aliases[:1]):
            cwords = set(cand.split())
            if norm == cand or (words == cwords and len(words) > 1):
                return st
            ratio = difflib.SequenceMatcher(None, norm, cand).ratio()
            if ratio > best_ratio:
                best, best_ratio = st, ratio
        # word-order variants with one word swapped ("safe systems, pathways and transitions")
        name_words = set(normalise(st.name).split())
        if len(name_words) >= 3 and len(words ^ name_words) <= 2 and len(words & name_words) >= len(name_words) - 1:
            return st
    return best if best_ratio >= 0.88 else None


def theme_number(title: str) -> int | None:
    """The number of a theme heading ("Theme 3: How X ensures safety..." -> 3), else None."""
    norm = normalise(title)
    parts = norm.split()
    if len(parts) >= 2 and parts[0] == "theme" and parts[1].isdigit() and 1 <= int(parts[1]) <= 4:
        return int(parts[1])
    for number, name in THEMES.items():  # a web page heads a theme with its name alone
        if norm == normalise(name):
            return number
    return None


def canonical_theme(number: int) -> str:
    return f"Theme {number}: {THEMES[number]}"


def rating_in(line: str) -> str | None:
    """The overall rating a whole line states ("Requires improvement"), else None."""
    norm = normalise(line)
    for rating in RATINGS:
        if norm == normalise(rating):
            return rating
    return None
