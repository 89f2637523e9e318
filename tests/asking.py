"""Asking one council's report in an index of several: the tests' made-up councils sit beside Derby."""


def ask_council(assistant, council: str, question: str):
    """The answer to ``question`` from ``council``'s report alone (the council as its report names it)."""
    rid = next(r for r, card in assistant.index.cards.items() if card.council == council)
    return assistant.ask(question, report=rid)
