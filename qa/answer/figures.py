"""Figures as they stand in a report's sentences, by kind: the answer stage's half of figure questions.

A question's wanted kind (``qa.search.intent``) is matched against these: "42.11%" is a percent, "£1.2m"
money, "6-8 months" a duration, "3,931" a count, "2023" a date.
"""

from __future__ import annotations

import re

FIGURES = {
    "percent": re.compile(r"\d+(?:\.\d+)?\s?%|\bper ?cent\b"),
    "money": re.compile(r"£\s?\d|\b\d[\d,.]*\s?(?:million|billion|m|bn)\b"),
    "duration": re.compile(r"\b(?:\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|twelve)"
                           r"(?:\s*(?:-|–|to)\s*\d+)?[\s-]*(?:working\s+)?(?:day|week|month|year|hour)'?s?\b", re.I),
    "count": re.compile(r"(?<![\d.£])\b(?!(?:19|20)\d\d\b)\d[\d,]*\b(?![.,]?\d*\s?%)"),
    "date": re.compile(r"\b(?:19|20)\d\d\b"),
}
