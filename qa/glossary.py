"""Domain knowledge that holds for every council's report: place names, and plain words for report terms.

Readers type "break from caring" where reports write "respite", "the NHS board" where they write "ICB". These
groups are social-care vocabulary, written from the sector's usage, not from any question set; acronyms a report
defines itself ("Better Care Fund (BCF)") are mined from the report at index time instead (``lexical``).
"""

# The councils with adult social care duties in England (CQC assesses each), as readers name them.
COUNCILS = (
    "Barking and Dagenham", "Barnet", "Barnsley", "Bath and North East Somerset", "Bedford", "Bexley",
    "Birmingham", "Blackburn with Darwen", "Blackpool", "Bolton", "Bournemouth", "Bracknell Forest", "Bradford",
    "Brent", "Brighton and Hove", "Bristol", "Bromley", "Buckinghamshire", "Bury", "Calderdale", "Cambridgeshire",
    "Camden", "Central Bedfordshire", "Cheshire East", "Cheshire West and Chester", "City of London", "Cornwall",
    "Coventry", "Croydon", "Cumberland", "Darlington", "Derby", "Derbyshire", "Devon", "Doncaster", "Dorset",
    "Dudley", "Durham", "Ealing", "East Riding of Yorkshire", "East Sussex", "Enfield", "Essex", "Gateshead",
    "Gloucestershire", "Greenwich", "Hackney", "Halton", "Hammersmith and Fulham", "Hampshire", "Haringey",
    "Harrow", "Hartlepool", "Havering", "Herefordshire", "Hertfordshire", "Hillingdon", "Hounslow", "Hull",
    "Isle of Wight", "Isles of Scilly", "Islington", "Kensington and Chelsea", "Kent", "Kingston upon Thames",
    "Kirklees", "Knowsley", "Lambeth", "Lancashire", "Leeds", "Leicester", "Leicestershire", "Lewisham",
    "Lincolnshire", "Liverpool", "Luton", "Manchester", "Medway", "Merton", "Middlesbrough", "Milton Keynes",
    "Newcastle", "Newham", "Norfolk", "North East Lincolnshire", "North Lincolnshire", "North Northamptonshire",
    "North Somerset", "North Tyneside", "North Yorkshire", "Northumberland", "Nottingham", "Nottinghamshire",
    "Oldham", "Oxfordshire", "Peterborough", "Plymouth", "Portsmouth", "Reading", "Redbridge",
    "Redcar and Cleveland", "Richmond upon Thames", "Rochdale", "Rotherham", "Rutland", "Salford", "Sandwell",
    "Sefton", "Sheffield", "Shropshire", "Slough", "Solihull", "Somerset", "South Gloucestershire",
    "South Tyneside", "Southampton", "Southend", "Southwark", "St Helens", "Staffordshire", "Stockport",
    "Stockton-on-Tees", "Stoke-on-Trent", "Suffolk", "Sunderland", "Surrey", "Sutton", "Swindon", "Tameside",
    "Telford and Wrekin", "Thurrock", "Torbay", "Tower Hamlets", "Trafford", "Wakefield", "Walsall",
    "Waltham Forest", "Wandsworth", "Warrington", "Warwickshire", "West Berkshire", "West Northamptonshire",
    "Westmorland and Furness", "Westminster", "Wigan", "Wiltshire", "Windsor and Maidenhead", "Wirral",
    "Wokingham", "Wolverhampton", "Worcestershire", "York",
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
