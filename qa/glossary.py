"""Domain knowledge that holds for every council's report: place names, and plain words for report terms.

Readers type "break from caring" where reports write "respite", "the NHS board" where they write "ICB". These
groups are social-care vocabulary, written from the sector's usage, not from any question set; acronyms a report
defines itself ("Better Care Fund (BCF)") are mined from the report at index time instead (``abbreviations``).
"""

from pathlib import Path

# The councils with adult social care duties in England, as readers name them (a data file beside this module).
COUNCILS: tuple[str, ...] = tuple(
    line.strip() for line in Path(__file__).with_name("councils.txt").read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#")
)

# (the report's term, plain ways of saying it). A plain phrase in a question adds the report's term to the search.
TERMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("reablement rehabilitation intermediate care", ("back on their feet", "back on my feet", "back on your feet",
                                                     "recover at home", "regain independence", "recovery after hospital")),
    ("respite break from caring", ("short break", "time off", "a break", "rest from caring")),
    ("unpaid carers", ("family carer", "look after a relative", "looks after a relative", "caring for a relative",
                       "look after a family member", "caring for family", "care for a loved one")),
    ("direct payments personal budgets", ("cash", "money to arrange", "pay for their own care", "buy their own care",
                                          "prepaid card", "prepayment")),
    ("safeguarding", ("abuse", "neglect", "protect from harm", "kept safe from harm")),
    ("deprivation of liberty safeguards", ("liberty", "restrictions on freedom", "deprived of liberty")),
    ("section 42 enquiries", ("s42", "safeguarding investigation", "safeguarding inquiries")),
    ("occupational therapy", ("home adaptations", "adaptations", "aids and equipment", "grab rails")),
    ("advocacy advocate", ("speak up for", "someone to speak", "represent them")),
    ("co-production", ("involving people who use services", "design services with", "designing services with",
                       "people with lived experience involved")),
    ("integrated care board", ("nhs board", "local nhs", "health board", "clinical commissioning")),
    ("mental capacity act", ("mental capacity law", "capacity to decide", "capacity law")),
    ("transition preparing for adulthood", ("turning 18", "children's to adult", "childrens to adult",
                                            "young people moving", "leaving children's services")),
    ("hospital discharge", ("leaving hospital", "going home from hospital", "out of hospital", "discharged")),
    ("deaf british sign language", ("hearing impaired", "hearing loss", "sign language", "bsl")),
    ("commissioning providers market", ("buying care", "buying services", "care companies", "care firms")),
    ("workforce staff recruitment", ("staffing", "recruiting", "vacancies", "job vacancies")),
    ("complaints", ("complain", "unhappy with", "grievances")),
    ("waiting list backlog waiting time", ("queue", "how long do people wait", "delays")),
    ("financial assessment charging", ("means test", "means-tested", "how much people pay", "pay towards")),
    ("extra care supported living specialist housing", ("sheltered housing", "supported housing", "housing with care")),
    ("signpost information and advice", ("pointed to", "referred elsewhere", "directed to other")),
    ("prevent delay reduce needs prevention", ("early help", "stop needs getting worse", "staying well", "early intervention")),
    ("seldom heard groups", ("hard to reach", "minority communities", "marginalised")),
    ("learning disabilities autism", ("learning disability", "autistic")),
    ("annual complaints report upheld", ("complaints upheld",)),
    ("carers assessment", ("assessment for carers", "carer's assessment")),
    ("principal social worker", ("psw",)),
    ("care certificate", ("care worker training", "induction training")),
    ("interpreter translation languages", ("interpreting", "translate", "english not first language",
                                           "other languages")),
)
