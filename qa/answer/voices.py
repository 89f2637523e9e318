"""Whose words a sentence reports: a group's own views ("Carers felt ...") or a named body's own findings
("Healthwatch reported ..."), not a sentence that only names them. A question about what carers think, or about
what Healthwatch found, is answered by such sentences first (``choose``)."""

from __future__ import annotations

import re
from functools import lru_cache


def reports_views(group: str, text: str) -> bool:
    """Whether a sentence reports what ``group`` said or felt: the group as the one who tells ("Carers felt the
    transition ...", "people we heard from told us"), or its feedback as the subject ("the feedback we received
    from carers was largely negative"); not a sentence that only names both ("learn from people's feedback")."""
    g = _ALSO.get(group.lower().rstrip("s"), rf"{re.escape(group.rstrip('s'))}s?\b")
    return bool(re.search(rf"\b{g}[^.;:]{{0,80}}?{_TELLS}|\b{_FEEDBACK}\b[^.;:]{{0,40}}?\b(?:from|of|by)\s+(?:the\s+)?"
                          rf"(?:[\w-]+\s+){{0,3}}?{g}|\b{g}['’]?s?\s+{_FEEDBACK}\s+(?:\w+\s+)?{_IS}", text, re.I))


# Who else speaks for a group: a voluntary sector leader or a charity is one of the council's partners.
_ALSO = {"partner": r"(?:partners?|voluntary (?:and community )?sector|charit(?:y|ies)|community (?:groups?|"
                    r"organisations?)|(?:NHS|health) (?:colleagues|partners))\b"}


def reports_finding(party: str, text: str) -> bool:
    """Whether a sentence reports what a named body found or said: its name as the question gives it ("the
    Safeguarding Adults Board"), its initials ("SAB", three or more, as capitals) or "the" and its last word
    ("the Board"), followed within a few words by a verb of finding or saying ("Healthwatch reported ...", "the
    Ombudsman's review concluded"), or "according to" it; not a sentence that lists it among others ("the NHS,
    Healthwatch and the voluntary sector would ..."), nor one where someone else does the finding after it."""
    pattern = _finding(party)
    return bool(pattern and pattern.search(text))


@lru_cache(maxsize=64)
def _finding(party: str) -> re.Pattern | None:
    """``reports_finding``'s pattern for one body, built once: it is asked of every candidate sentence."""
    said = re.findall(r"[\w&-]+", re.sub(r"['’]s?(?=\s|$)", "", party))
    if not said:
        return None
    names = [r"\s+".join(map(re.escape, said))]
    capitals = [w[0] for w in said if w[:1].isupper() and w.lower() not in _NAME_FILLER]
    if len(capitals) >= 3:
        names.append(f"(?-i:{''.join(capitals)})")  # "SAB" for "Safeguarding Adults Board", as capitals only
    if len(said) > 1 and len(said[-1]) > 2:
        names.append(f"the\\s+{re.escape(said[-1])}")  # "the Board" for the Safeguarding Adults Board
        if said[-1][:1].isupper() and said[-1].lower() not in _GENERIC_HEADS:  # "the Local Government and Social
            names.append(f"(?-i:{re.escape(said[-1])})")  # Care Ombudsman" for the Local Government Ombudsman
    if party.islower():  # a description, not a name ("the advocacy service"): any of its own words
        names += [re.escape(w) for w in said if w not in _NAME_FILLER and w not in _BODY_WORDS and len(w) > 3]
    who = rf"\b(?:{'|'.join(names)})(?:['’]s?)?"
    # (a person's role may stand between commas: "Jo Whitcombe, chief executive of the Carers Trust, told us")
    return re.compile(rf"{who}(?:\s*,[^,.;]{{1,80}},)?(?:\s+(?!(?:and|or|with|to|which|who|that|but)\b)[\w'’-]+){{0,4}}?"
                      rf"\s+{_FINDS}"
                      rf"|\baccording to\s+(?:the\s+)?{who}", re.I)


_NAME_FILLER = frozenset("the of and for in on at to a an".split())
_GENERIC_HEADS = frozenset("board boards trust trusts service services team teams group groups association "
                           "partnership council forum network centre centres alliance advocacy support hub project "
                           "foundation charity society agency care".split())  # heads many bodies' names share
_BODY_WORDS = frozenset("service services team teams group groups organisation organisations centre provider "
                        "providers local social care adult adults people".split())
_FINDS = (r"\b(?:found|finds|showed|shows|said|says|told|reported|reports|identified|highlighted|raised|concluded|"
          r"recommended|indicated|noted|felt|described|shared|commented|stated|suggested|judged|upheld|criticised|"
          r"praised|rated|explained|spoke|expressed|fed back|gave (?:us )?feedback|"
          r"were (?:positive|negative|mixed|critical|concerned))\b")


_TELLS = (r"\b(?:told us|tell us|said|say|says|felt|feel|feels|described|spoke|expressed|reported|identified|raised|"
          r"(?:were|was|are|is) (?:not |very |less |more )?(?:dis)?satisfied|"
          r"shared|commented|fed back|explained|highlighted|gave feedback|were (?:positive|negative|mixed|unclear|"
          r"(?:not )?aware)|agreed|praised|complained)\b")
_FEEDBACK = r"(?:feedback|views?|comments?|experiences?|voices?)"
_IS = r"(?:was|were|is|are|had|has|showed|suggested|indicated|varied|highlighted|included)\b"


# Who a sentence reports the views of, when it opens by saying so ("Partners told us", "Some staff felt").
SPEAKER = re.compile(r"\s*(?:some |many |most |other |several |local authority |frontline )?((?:the )?(?:partners?|staff|"
                      r"leaders?|providers?|carers?|people|voluntary sector|families|family members))\b[^.]{0,40}?\b"
                      r"(?:told us|said|felt|described|explained|reported|shared|fed back|spoke)\b", re.I)
