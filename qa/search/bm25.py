"""BM25 over tokenized passages, with postings so a question touches only its own terms' documents."""

from __future__ import annotations

import numpy as np


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
        self.k1, self.b, self.epsilon = k1, b, epsilon
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

    def to_arrays(self) -> dict[str, np.ndarray]:
        """The built postings as plain arrays for ``np.savez`` (read back with allow_pickle=False), so opening a
        150-report index does not re-count 1.4 million tokens."""
        return {"terms": np.array(list(self.vocab), dtype=str), "offsets": self.offsets, "post_docs": self.post_docs,
                "post_weights": self.post_weights, "idf": self.idf, "doc_len": self.doc_len}

    def params(self) -> dict:
        """The parameters by name, with the format they belong to (saved as JSON beside the arrays)."""
        return {"format": self.FORMAT, "k1": self.k1, "b": self.b, "epsilon": self.epsilon, "avgdl": self.avgdl,
                "average_idf": self.average_idf, "documents": self.n, "terms": len(self.vocab)}

    @classmethod
    def from_arrays(cls, arrays, params: dict) -> BM25Index:
        """The index that ``to_arrays`` and ``params`` saved."""
        if params.get("format") != cls.FORMAT:
            raise ValueError(f"not a {cls.FORMAT} index: format={params.get('format')!r}")
        obj = cls.__new__(cls)
        obj.k1, obj.b, obj.epsilon = float(params["k1"]), float(params["b"]), float(params["epsilon"])
        obj.avgdl, obj.average_idf = float(params["avgdl"]), float(params["average_idf"])
        obj.vocab = {str(t): i for i, t in enumerate(arrays["terms"].tolist())}
        obj.offsets, obj.post_docs = arrays["offsets"], arrays["post_docs"]
        obj.post_weights, obj.idf, obj.doc_len = arrays["post_weights"], arrays["idf"], arrays["doc_len"]
        obj.n = len(obj.doc_len)
        if len(obj.offsets) != len(obj.vocab) + 1 or len(obj.post_docs) != len(obj.post_weights) \
                or obj.n != params["documents"] or len(obj.vocab) != params["terms"]:
            raise ValueError("BM25 arrays disagree in length")
        return obj
