"""Why something is so: the sentence in which a report gives the cause of what a question asks about.

Reports state a finding and its cause in two sentences as often as in one: "There was a waiting list of 6-8
months. This was due to lack of capacity." or "There was a shortage of specialist housing. This led to people
being placed out of area." A "why" question finds the finding (it shares the question's words); its answer is
the sentence beside it that says why, which shares none of them and so would never be chosen on its own.
"""

from __future__ import annotations

import re

from qa.answer.choose import BECAUSE, Candidate

_ANAPHOR = r"^\W*(?:this|these|that|those|it|which)\b(?:\s+[\w'’-]+){0,6}?\s+"
# "This was (mainly) due to ...": the sentence gives the cause of the one before it.
_CAUSE_OF_BEFORE = re.compile(_ANAPHOR + rf"(?:{BECAUSE}|(?:a |the )?results? of|"
                              r"down to(?![ \t]*(?:about |around |just )?[\d£]))\b", re.I)  # "down to 6 weeks": how far
# "This (sometimes) led to ...": the sentence before it is the cause.
_EFFECT_OF_BEFORE = re.compile(_ANAPHOR + r"(?:led|leads|leading|resulted|resulting|meant|caused|contributed)\b",
                               re.I)  # verbs only: "These results showed" is no effect


def cause_beside(best: Candidate, ranked: list[Candidate]) -> Candidate | None:
    """The sentence right after ``best`` in its passage when it gives best's cause ("This was due to ..."), or
    the one right before when ``best`` is its effect ("This led to ..."); None otherwise. Only sentences with
    nothing but space between them count: "this" must point at ``best``."""
    passage = best.hit.passage
    same = [c for c in ranked if c.hit.passage.id == passage.id and c.hit.passage.report == passage.report]

    def between(a: int, b: int) -> str:
        return passage.text[a - passage.start : b - passage.start]

    after = min((c for c in same if c.start >= best.end), key=lambda c: c.start, default=None)
    if after is not None and not between(best.end, after.start).strip() and _CAUSE_OF_BEFORE.search(after.text):
        return after
    before = max((c for c in same if c.end <= best.start), key=lambda c: c.start, default=None)
    if before is not None and not between(before.end, best.start).strip() and _EFFECT_OF_BEFORE.search(best.text):
        return before
    return None
