"""The groups CQC reports give figures about, each with the words that name it.

"How long do carers wait for an assessment?" and "How long do people wait for an assessment?" share every word
but one, and the report may give a figure for the second only. A figure is about a group only when its sentence
(or what leads up to it) names that group in one of its words: a figure about someone else answers nothing.
"""

from __future__ import annotations

from qa.tokens import tokenize

GROUPS: dict[str, frozenset[str]] = {
    name: frozenset(tokenize(forms)) for name, forms in (
        ("carers", "carer carers unpaid"),  # ("caring" would stem to "care", which every sentence holds)
        ("children", "child children children's young childhood transition transitions"),
        ("staff", "staff workforce worker workers employee employees employed employs recruit recruitment "
                  "vacancy vacancies practitioner practitioners"),
        ("providers", "provider providers market agency agencies"),
        ("families", "family families relative relatives"),
    )
}
# Age groups, named by words of their own ("working-age" would also bring "work", and "aged 65" "age")
GROUPS["older people"] = frozenset(tokenize("older elderly pensioner pensioners 65"))
GROUPS["younger adults"] = frozenset(tokenize("younger")) | {"workingag"}
# The words that make a question about a group: its own name and its nearest forms, not every word above.
_TRIGGERS: dict[str, frozenset[str]] = {
    "carers": frozenset(tokenize("carer carers")),
    "children": frozenset(tokenize("child children children's young")),  # "young carers" are no carers
    "staff": frozenset(tokenize("staff workforce worker workers employee employees")),
    "providers": frozenset(tokenize("provider providers agency agencies")),
    "families": frozenset(tokenize("family families relatives")),
    "older people": frozenset(tokenize("older elderly pensioners")),  # a figure for older people is not one for
    "younger adults": frozenset(tokenize("younger")),  # younger adults, nor the other way round
}


def groups_asked(tokens: tuple[str, ...] | list[str]) -> list[str]:
    """The groups a question's tokens name ("carers"), in the order of GROUPS."""
    held = set(tokens)
    return [name for name, words in _TRIGGERS.items() if words & held]


def names_group(tokens: set[str], group: str) -> bool:
    return bool(GROUPS[group] & tokens)
