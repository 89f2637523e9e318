"""CQC's assessment framework for local authorities: 4 themes, 9 quality statements, 4 score labels.

Report headings vary ("lead healthier lives" / "live healthier lives"; "Safe systems, pathways and
transitions"), and so do readers' questions ("governance", "transitions", "safegaurding"). Both are matched
here against the framework's names and a few aliases, so the rest of ``qa`` speaks in canonical names.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from qa.text import normalise


@dataclass(frozen=True)
class Statement:
    name: str
    theme: int
    aliases: tuple[str, ...]  # normalised phrases a reader may use for it


THEMES = {
    1: "Working with people",
    2: "Providing support",
    3: "Ensuring safety within the system",
    4: "Leadership",
}

STATEMENTS: tuple[Statement, ...] = (
    Statement("Assessing needs", 1, ("assessing needs", "assessment of needs", "needs assessment", "assessing need")),
    Statement(
        "Supporting people to live healthier lives",
        1,
        ("supporting people to lead healthier lives", "healthier lives", "live healthier lives",
         "lead healthier lives", "healthy lives", "prevention", "wellbeing and prevention"),
    ),
    Statement("Equity in experience and outcomes", 1, ("equity in experience", "equity", "equity of experience",
                                                        "equality of experience", "inequalities")),
    Statement(
        "Care provision, integration and continuity",
        2,
        ("care provision", "integration and continuity", "care provision and integration", "integration",
         "continuity of care"),
    ),
    Statement("Partnerships and communities", 2, ("partnerships", "partnership", "communities",
                                                   "partnership working", "partnerships and community")),
    Statement(
        "Safe pathways, systems and transitions",
        3,
        ("safe systems pathways and transitions", "safe pathways", "safe systems", "transitions",
         "pathways systems and transitions", "safe pathways and transitions"),
    ),
    Statement("Safeguarding", 3, ("safeguarding", "adult safeguarding", "safeguarding adults")),
    Statement(
        "Governance, management and sustainability",
        4,
        ("governance", "governance and management", "management and sustainability", "sustainability"),
    ),
    Statement(
        "Learning, improvement and innovation",
        4,
        ("learning improvement and innovation", "learning and improvement", "innovation", "learning",
         "improvement and innovation"),
    ),
)

# What each statement covers, in the framework's terms and plain words: resolves "the score for keeping people
# safe when they move between services" to a statement when the question does not name one.
ABOUT = {
    "Assessing needs": (
        "assessing people's care and support needs, care planning and reviews, carers' assessments, eligibility decisions, financial assessments, independent advocacy"
    ),
    "Supporting people to live healthier lives": (
        "prevention, wellbeing, staying independent, reablement and intermediate care, equipment and home adaptations, information and advice, direct payments"
    ),
    "Equity in experience and outcomes": (
        "equity, inequalities, fairness for diverse communities, protected characteristics, inclusion and accessibility, barriers to care"
    ),
    "Care provision, integration and continuity": (
        "market shaping, commissioning care services, enough local care providers, capacity to meet demand, quality of care services, sustainable services"
    ),
    "Partnerships and communities": (
        "partnership working with the NHS, health partners, the voluntary and charity sector and communities"
    ),
    "Safe pathways, systems and transitions": (
        "safety when people move between services, transitions from children's to adult services, hospital discharge, contingency planning, safety management"
    ),
    "Safeguarding": (
        "safeguarding adults from abuse and neglect, section 42 enquiries, deprivation of liberty safeguards, keeping people safe from harm"
    ),
    "Governance, management and sustainability": (
        "governance, accountability, leadership and management, risk, performance, strategic planning, finances, information security"
    ),
    "Learning, improvement and innovation": (
        "learning culture, improvement, innovation, staff training and development, co-production, learning from feedback and complaints"
    ),
}

LABELS = {
    1: "Evidence shows significant shortfalls",
    2: "Evidence shows some shortfalls",
    3: "Evidence shows a good standard",
    4: "Evidence shows an exceptional standard",
}

RATINGS = ("Outstanding", "Good", "Requires improvement", "Inadequate")


def statement_for_heading(title: str) -> Statement | None:
    """The statement a heading names, or None.

    A heading must name the statement as a whole ("Safeguarding"), not merely mention it ("Making safeguarding
    personal"), so this compares whole names: exact, same words in another order, or a close spelling.
    """
    norm = normalise(title)
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
