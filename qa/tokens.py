"""The one tokenizer: words and figures as every stage of ``qa`` compares them.

Why one: BM25 only matches what the tokenizer makes equal, so index and query time must share
exactly the same function. It is tuned to how CQC reports write things: figures ("3,931", "£1,672,000",
"42.11%", "2023/24"), hyphenated compounds ("co-production") and a social-care vocabulary whose plurals and
inflections ("assessments", "assessed", "families", "waiting") should meet their base forms.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from qa.text import normalise

# Function words only. Words that carry meaning in a question ("most", "first", "not", "no", "over", "under",
# "long", "many", "much", "more", "may" (a month), "between" ...) are deliberately absent.
STOP_WORDS = frozenset(
    "a an the of to in and or for is was were be been being are am by with on at as it its itself this that "
    "these those from which who whom whose what how why when where whether did do does doing done there "
    "their theirs they them we our ours us has have had having than into about also so if but i you your he "
    "she his her him me my would could should can will shall must might just then here while".split()
)
# Changes whenever ``tokenize`` would turn some text into different tokens: an index built with other tokens
# is stale (its BM25 terms would silently miss the question's).
TOKENIZER = "qa.search.lexical/5"
# Short forms people type for words reports spell out ("wks", "ppl", "Feb"): each is read as its full word.
_SHORT_FORMS = {"hrs": "hours", "hr": "hour", "mins": "minutes", "wk": "week", "wks": "weeks", "yr": "year",
                "yrs": "years", "mth": "month", "mths": "months", "mnth": "month", "mnths": "months",
                "ppl": "people", "avg": "average", "approx": "approximately", "govt": "government",
                "dept": "department", "info": "information", "jan": "january", "feb": "february", "mar": "march",
                "apr": "april", "jun": "june", "jul": "july", "aug": "august", "sep": "september",
                "sept": "september", "oct": "october", "nov": "november", "dec": "december"}
_SHORT_FORM = re.compile(r"\b(?:" + "|".join(_SHORT_FORMS) + r")\b(?!\.\w)", re.I)


def spelled_out(text: str) -> str:
    """``text`` with the short forms a reader types written out ("how many wks" -> "how many weeks"), so what a
    question asks for is read from its words, not from how they were typed."""
    def full(m: re.Match) -> str:
        short = m.group()
        if len(short) > 2 and short.isupper():
            return short  # an acronym ("MAR charts", "SEP"), not a short form
        word = _SHORT_FORMS[short.lower()]
        return word.capitalize() if short[0].isupper() else word
    return _SHORT_FORM.sub(full, text)


_MULT = {"m": 10**6, "million": 10**6, "bn": 10**9, "billion": 10**9, "k": 10**3, "thousand": 10**3}
# Words that merely end in "ment" (or whose "-ment" stem would collide with a different word, e.g. placement/place).
_KEEP_MENT = frozenset(
    "comment document element segment implement supplement complement compliment experiment sentiment "
    "instrument argument augment fragment pigment garment torment lament ferment ornament tournament "
    "parliament testament apartment department placement statement regiment filament".split()
)
_TOKEN_RE = re.compile(
    r"(?<![\d.,])(?P<y1>(?:19|20)\d\d)\s*(?:[/\-\u2010-\u2015]|\bto\b)\s*(?P<y2>\d{4}|\d{2})(?![\d%])"
    r"|(?P<num>\d{1,3}(?:,\d{3})+(?![\d,])(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:(?P<ord>st|nd|rd|th)(?![^\W\d_])|\s*(?P<mult>million|billion|thousand)\b|(?P<mult1>m|bn|k)(?![^\W\d_]))?"
    r"|(?P<word>[^\W\d_]+(?:['\u2019\-\u2010\u2011][^\W\d_]+)*)",
    re.I,  # text is not lower-cased first: a word's case tells an acronym ("MAR") from a short form ("Mar")
)
_VOWEL_RE = re.compile(r"[aeiouy]")


def _number(num: str, mult: str | None) -> str:
    """Canonical figure: no thousands commas, no trailing decimal zeros ("17.0" == "17"), multipliers applied
    ("£1.2m" == "£1,200,000") so one figure matches however the report or the question writes it."""
    num = num.replace(",", "")
    if mult:
        try:
            val = Decimal(num) * _MULT[mult]
            if val == val.to_integral_value():
                return str(int(val))
        except InvalidOperation:  # pragma: no cover - regex only yields valid decimals
            pass
    if "." in num:
        num = num.rstrip("0").rstrip(".") or "0"
    return num


def stem(word: str) -> str:
    """Conservative suffix stripper (a subset of Porter step 1 plus "-ment"), deterministic and readable.

    Plurals ("-s", "-ies" -> "-y", "-sses" -> "-ss"), "-ment(s)", "-ed"/"-ied"/"-ing" (undoing a doubled final
    consonant: "planned" -> "plan", but not for f/l/s/z: "staffed" -> "staff") and finally a silent "e" (so
    "care"/"caring"/"cared" and "manage"/"managing"/"management" meet). It never shortens a word below two
    letters or to a vowel-less stem, so "family(ies)" -> "family", "need" -> "need", "bring" -> "bring".
    Full Porter is avoided because it mangles words ("family" -> "famili") and merges too aggressively.
    """
    w = word
    if len(w) <= 2 or not w.isalpha():
        return w
    if w.endswith("sses"):
        w = w[:-2]
    elif w.endswith("ies"):
        w = w[:-3] + "y" if len(w) > 4 else w[:-1]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    if w.endswith("ment") and len(w) >= 7 and w not in _KEEP_MENT:
        w = w[:-4]
    elif w.endswith("ied") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith(("ed", "ing")) and not w.endswith("eed"):
        base = w[:-2] if w.endswith("ed") else w[:-3]
        if len(base) >= 2 and _VOWEL_RE.search(base):
            w = base
            if len(w) >= 4 and w[-1] == w[-2] and w[-1] in "bdgmnprt":
                w = w[:-1]
    if w.endswith("eed") and _VOWEL_RE.search(w[:-3]):
        w = w[:-1]  # "agreed" -> "agree"; "need", "speed" have no vowel before "eed" and stay
    if w.endswith("e") and not w.endswith("ee") and len(w) >= 3:
        w = w[:-1]
    return w[:-2] if w.endswith("ally") and len(w) >= 7 else w  # "actually" -> "actual", "locally" -> "local"


@lru_cache(maxsize=1 << 16)
def _word_terms(word: str, acronym: bool = False) -> tuple[str, ...]:
    """Index terms of one lower-cased word (cached: report vocabulary repeats a lot).

    Apostrophes and hyphens: "people's" -> "people"; "don't" -> "do", "not" (negation matters in questions);
    "co-production" -> "co", "production" and the joined "coproduction", so the hyphenated and solid
    spellings ("well-being"/"wellbeing", "re-ablement"/"reablement") meet. Then stop words and single
    letters are dropped and the rest stemmed.
    """
    out: list[str] = []
    parts = re.split(r"[\-\u2010\u2011]", word)
    for i, part in enumerate(parts):
        part = part.replace("\u2019", "'")
        if "'" in part:
            head, _, tail = part.partition("'")
            if tail == "t" and head.endswith("n"):
                head = {"can": "can", "won": "will", "shan": "shall"}.get(head, head[:-1])
                out.extend([head, "not"])
                parts[i] = head + "not"
                continue
            part = head if tail in ("s", "re", "ve", "ll", "d", "m") else head + tail.replace("'", "")
            parts[i] = part
        out.append(part)
    if len(parts) > 1:
        out.append("".join(parts))
    return tuple(stem(w if acronym else _SHORT_FORMS.get(w, w)) for w in out if len(w) > 1 and w not in STOP_WORDS)


def tokenize(text: str) -> list[str]:
    """THE tokenizer for index and query time: lower-cased, figures kept whole, stop words dropped, stemmed.

    Figures: "3,931" -> "3931"; "£1,672,000" -> "1672000"; "42.11%" -> "42.11" (no percent marker: "%" is so
    common in these reports that a marker would carry no weight); "17.0%" -> "17"; "67th" -> "67"; consecutive
    year pairs "2023/24", "2023/2024", "2023-24", "2023 to 2024" -> "2023/24" (other pairs such as "2019-2023"
    stay two years); ranges "6-8 months" -> "6", "8", "month". Single letters left over by splitting
    ("s" of "s117") are dropped.
    """
    text = unicodedata.normalize("NFKC", text)
    out: list[str] = []
    for m in _TOKEN_RE.finditer(text):
        if m.group("y1"):
            y1, y2 = m.group("y1"), m.group("y2")
            if int(y2[-2:]) == (int(y1) + 1) % 100 and (len(y2) == 2 or int(y2) == int(y1) + 1):
                out.append(f"{y1}/{y2[-2:]}")
            else:
                out.extend([y1, y2])
        elif m.group("num"):
            mult = m.group("mult") or m.group("mult1")
            out.append(_number(m.group("num"), mult.lower() if mult else None))
        else:
            word = m.group("word")  # an acronym ("MAR charts") is never read as a short form ("Mar")
            out.extend(_word_terms(word.lower(), len(word) > 2 and word.isupper()))
    return out


@lru_cache(maxsize=8192)
def words(text: str) -> tuple[str, ...]:
    """Every word, singular, stop words kept: a plain phrase must stand in the question as written.

    Matching glossary phrases on search tokens let "what I can still do" fire on any question holding "still"
    (function words gone) and "sectioning" on "section 42" (stemmed); kept words and plural-only folding make a
    phrase mean what it says.
    """
    return tuple(singular(w) for w in normalise(text).split())


def singular(word: str) -> str:
    """Plural folding alone ("services" -> "service", "families" -> "family"), for phrases that must match as
    written; ``stem`` goes further ("caring" -> "car") and is for search terms."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@lru_cache(maxsize=8192)
def token_set(text: str) -> frozenset[str]:
    """``set(tokenize(text))``, cached: the answer stage asks it of the same passages and sentences many times in
    one question (every candidate sentence's passage, the sentence before it, its coverage) and again in the next."""
    return frozenset(tokenize(text))


@lru_cache(maxsize=8192)
def token_run(text: str) -> tuple[str, ...]:
    """``tuple(tokenize(text))``, cached like :func:`token_set`, for the checks that read tokens in order."""
    return tuple(tokenize(text))



# English past forms the stemmer cannot fold ("led" for "leads", "upheld" for "uphold"): the answer stage reads
# a sentence's words as their base forms when it checks what a question asked is there. (Search keeps them apart:
# "told us" stands in nearly every finding, "tell" in many questions.)
IRREGULAR: dict[str, str] = {}
for _past, _base_word in (
    ("led", "lead"), ("ran", "run"), ("held", "hold"), ("upheld", "uphold"), ("withheld", "withhold"),
    ("felt", "feel"), ("paid", "pay"), ("took", "take"), ("taken", "take"), ("made", "make"), ("gave", "give"),
    ("given", "give"), ("got", "get"), ("bought", "buy"), ("brought", "bring"), ("kept", "keep"), ("told", "tell"),
    ("said", "say"), ("saw", "see"), ("seen", "see"), ("spent", "spend"), ("met", "meet"), ("found", "find"),
    ("sought", "seek"), ("began", "begin"), ("begun", "begin"), ("chose", "choose"), ("chosen", "choose"),
    ("left", "leave"), ("lost", "lose"), ("thought", "think"), ("went", "go"), ("gone", "go"), ("heard", "hear"),
    ("understood", "understand"), ("wrote", "write"), ("written", "write"), ("fell", "fall"), ("fallen", "fall"),
    ("rose", "rise"), ("risen", "rise"), ("grew", "grow"), ("grown", "grow"), ("sent", "send"), ("built", "build"),
    ("won", "win"), ("dealt", "deal"), ("meant", "mean"), ("sold", "sell"), ("stood", "stand"), ("spoke", "speak"),
    ("spoken", "speak"), ("knew", "know"), ("known", "know"), ("broke", "break"), ("broken", "break"),
    ("came", "come"), ("taught", "teach"), ("caught", "catch"), ("fought", "fight"), ("drew", "draw"),
    ("drawn", "draw"), ("shown", "show"), ("overseen", "oversee"), ("oversaw", "oversee"), ("undertook", "undertake"),
    ("undertaken", "undertake"), ("overspent", "overspend"), ("underspent", "underspend"),
):
    IRREGULAR[tokenize(_past)[0]] = tokenize(_base_word)[0]
PAST_FORMS: dict[str, tuple[str, ...]] = {}  # the other way: a question's "underspend" is a report's "underspent"
for _past, _base_word in IRREGULAR.items():
    PAST_FORMS[_base_word] = PAST_FORMS.get(_base_word, ()) + (_past,)


def base_forms(tokens) -> set[str]:
    """Search tokens with irregular past forms as their base ("upheld" -> "uphold")."""
    return {IRREGULAR.get(t, t) for t in tokens}
