"""Lexical retrieval: one tokenizer and a postings-based BM25 index.

Why one tokenizer: BM25 only matches what the tokenizer makes equal, so index and query time must share
exactly the same function. It is tuned to how CQC reports write things: figures ("3,931", "£1,672,000",
"42.11%", "2023/24"), hyphenated compounds ("co-production") and a social-care vocabulary whose plurals and
inflections ("assessments", "assessed", "families", "waiting") should meet their base forms.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from functools import lru_cache

import numpy as np

# Function words only. Words that carry meaning in a question ("most", "first", "not", "no", "over", "under",
# "long", "many", "much", "more", "may" (a month), "between" ...) are deliberately absent.
STOP_WORDS = frozenset(
    "a an the of to in and or for is was were be been being are am by with on at as it its itself this that "
    "these those from which who whom whose what how why when where whether did do does doing done there "
    "their theirs they them we our ours us has have had having than into about also so if but i you your he "
    "she his her him me my would could should can will shall just then here while".split()
)
# Changes whenever ``tokenize`` would turn some text into different tokens: an index built with other tokens
# is stale (its BM25 terms would silently miss the question's).
TOKENIZER = "qa.search.lexical/2"
_UNITS = {"hrs": "hour", "hr": "hour", "mins": "minute", "wks": "week", "yrs": "year"}
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
    r"|(?P<word>[^\W\d_]+(?:['\u2019\-\u2010\u2011][^\W\d_]+)*)"
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
def _word_terms(word: str) -> tuple[str, ...]:
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
    return tuple(_UNITS.get(w) or stem(w) for w in out if len(w) > 1 and w not in STOP_WORDS)


def tokenize(text: str) -> list[str]:
    """THE tokenizer for index and query time: lower-cased, figures kept whole, stop words dropped, stemmed.

    Figures: "3,931" -> "3931"; "£1,672,000" -> "1672000"; "42.11%" -> "42.11" (no percent marker: "%" is so
    common in these reports that a marker would carry no weight); "17.0%" -> "17"; "67th" -> "67"; consecutive
    year pairs "2023/24", "2023/2024", "2023-24", "2023 to 2024" -> "2023/24" (other pairs such as "2019-2023"
    stay two years); ranges "6-8 months" -> "6", "8", "month". Single letters left over by splitting
    ("s" of "s117") are dropped.
    """
    text = unicodedata.normalize("NFKC", text).lower()
    out: list[str] = []
    for m in _TOKEN_RE.finditer(text):
        if m.group("y1"):
            y1, y2 = m.group("y1"), m.group("y2")
            if int(y2[-2:]) == (int(y1) + 1) % 100 and (len(y2) == 2 or int(y2) == int(y1) + 1):
                out.append(f"{y1}/{y2[-2:]}")
            else:
                out.extend([y1, y2])
        elif m.group("num"):
            out.append(_number(m.group("num"), m.group("mult") or m.group("mult1")))
        else:
            out.extend(_word_terms(m.group("word")))
    return out


class BM25Index:
    """BM25Okapi over tokenized documents, score-for-score equal to ``rank_bm25.BM25Okapi``.

    rank-bm25 scans every document for every query token; here each term has a postings list (doc ids and
    the precomputed weight idf * tf*(k1+1) / (tf + k1*(1-b+b*dl/avgdl))) so a query costs only its own
    terms' postings. Repeated query tokens count once per repetition and unknown tokens score 0, as in
    rank-bm25. idf mirrors rank-bm25 exactly: log(N-df+0.5) - log(df+0.5), and terms with negative idf get
    epsilon * (mean idf over the vocabulary).
    """

    FORMAT = "qa.search.lexical.bm25/1"

    def __init__(self, docs: list[list[str]], k1: float = 1.5, b: float = 0.75, epsilon: float = 0.25):
        if not docs:
            raise ValueError("BM25Index needs at least one document")
        self.docs, self.k1, self.b, self.epsilon = docs, k1, b, epsilon
        n = self.n = len(docs)
        vocab: dict[str, int] = {}  # ids in first-occurrence order, as rank-bm25 orders its idf dict
        ids = np.fromiter((vocab.setdefault(t, len(vocab)) for d in docs for t in d), dtype=np.int64)
        self.vocab = vocab
        self.doc_len = np.fromiter((len(d) for d in docs), dtype=np.float64, count=n)
        doc_of = np.repeat(np.arange(n, dtype=np.int64), self.doc_len.astype(np.int64))
        keys, tf = np.unique(ids * n + doc_of, return_counts=True)  # sorted by (term, doc)
        term, self.post_docs = keys // n, (keys % n).astype(np.int32)
        df = np.bincount(term, minlength=len(vocab)).astype(np.float64)
        self.offsets = np.concatenate(([0], np.cumsum(df))).astype(np.int64)
        self.avgdl = float(self.doc_len.sum()) / n
        idf = np.log(n - df + 0.5) - np.log(df + 0.5)
        self.average_idf = float(idf.sum()) / len(idf) if len(idf) else 0.0
        self.idf = np.where(idf < 0, self.epsilon * self.average_idf, idf)
        tf = tf.astype(np.float64)
        norm = k1 * (1 - b + b * self.doc_len[self.post_docs] / self.avgdl) if self.avgdl else 0.0
        self.post_weights = self.idf[term] * (tf * (k1 + 1) / (tf + norm))

    @classmethod
    def build(cls, docs: list[list[str]], k1: float = 1.5, b: float = 0.75, epsilon: float = 0.25) -> BM25Index:
        return cls([list(d) for d in docs], k1=k1, b=b, epsilon=epsilon)

    def __len__(self) -> int:
        return self.n

    def scores(self, query_tokens: list[str]) -> np.ndarray:
        """BM25 score of every document (len == number of docs), equal to rank-bm25's ``get_scores``.

        Only the postings of the query's own terms are touched; a term repeated c times adds c times its
        weight, exactly as rank-bm25's loop over the query does.
        """
        counts: dict[int, int] = {}
        for q in query_tokens:
            if (t := self.vocab.get(q)) is not None:
                counts[t] = counts.get(t, 0) + 1
        scores = np.zeros(self.n)
        for t, c in counts.items():
            lo, hi = self.offsets[t], self.offsets[t + 1]
            w = self.post_weights[lo:hi]
            scores[self.post_docs[lo:hi]] += w if c == 1 else c * w  # a term's postings hold each doc once
        return scores

    def occurs(self, term: str, lo: int = 0, hi: int | None = None) -> bool:
        """Whether ``term`` is in any document numbered ``lo`` to ``hi - 1`` (one report's passages)."""
        t = self.vocab.get(term)
        if t is None:
            return False
        docs = self.post_docs[self.offsets[t] : self.offsets[t + 1]]  # sorted: postings are built by (term, doc)
        i = int(np.searchsorted(docs, lo))
        return i < len(docs) and int(docs[i]) < (self.n if hi is None else hi)

    def top(self, query_tokens: list[str], k: int, allowed: np.ndarray | None = None) -> list[tuple[int, float]]:
        """The ``k`` best (doc id, score) pairs, best first, ties by lower doc id; only scores > 0.

        ``allowed`` is an optional boolean mask over the docs (e.g. one report's paragraphs) to search within.
        """
        if allowed is not None and np.shape(allowed) != (self.n,):
            raise ValueError(f"allowed must be a boolean mask of length {self.n}")
        if k <= 0:
            return []
        scores = self.scores(query_tokens)
        hit = scores > 0
        cand = np.flatnonzero(hit if allowed is None else hit & np.asarray(allowed, dtype=bool))
        if len(cand) > k:  # keep every doc tied with the k-th score, then order deterministically
            kth = np.partition(scores[cand], len(cand) - k)[len(cand) - k]
            cand = cand[scores[cand] >= kth]
        order = np.lexsort((cand, -scores[cand]))[:k]
        return [(int(cand[i]), float(scores[cand[i]])) for i in order]

    def to_json(self) -> dict:
        """JSON-ready dict: the tokenized corpus (BM25's input) and its parameters."""
        return {"format": self.FORMAT, "k1": self.k1, "b": self.b, "epsilon": self.epsilon, "docs": self.docs}

    def to_arrays(self) -> dict[str, np.ndarray]:
        """The built postings as plain arrays for ``np.savez`` (read back with allow_pickle=False), so opening a
        150-report index does not re-count 1.4 million tokens."""
        return {"terms": np.array(list(self.vocab), dtype=str), "offsets": self.offsets, "post_docs": self.post_docs,
                "post_weights": self.post_weights, "idf": self.idf, "doc_len": self.doc_len,
                "params": np.array([self.k1, self.b, self.epsilon, self.avgdl, self.average_idf])}

    @classmethod
    def from_arrays(cls, arrays) -> BM25Index:
        """The index ``to_arrays`` saved; ``docs`` (the tokens) stay on disk in the JSON input."""
        obj = cls.__new__(cls)
        obj.k1, obj.b, obj.epsilon, obj.avgdl, obj.average_idf = (float(x) for x in arrays["params"])
        obj.vocab = {str(t): i for i, t in enumerate(arrays["terms"].tolist())}
        obj.offsets, obj.post_docs = arrays["offsets"], arrays["post_docs"]
        obj.post_weights, obj.idf, obj.doc_len = arrays["post_weights"], arrays["idf"], arrays["doc_len"]
        obj.docs, obj.n = None, len(obj.doc_len)
        if len(obj.offsets) != len(obj.vocab) + 1 or len(obj.post_docs) != len(obj.post_weights):
            raise ValueError("BM25 arrays disagree in length")
        return obj

    @classmethod
    def from_json(cls, data: dict) -> BM25Index:
        if data.get("format") != cls.FORMAT:
            raise ValueError(f"not a {cls.FORMAT} index: format={data.get('format')!r}")
        return cls(data["docs"], k1=data["k1"], b=data["b"], epsilon=data["epsilon"])
