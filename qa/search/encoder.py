"""Encode queries with a BERT sentence-transformers model in plain numpy, without importing torch.

Why: a one-shot CLI query only needs to embed one short question, but importing sentence-transformers (and so
torch and transformers) costs about 6 s. A six-layer MiniLM forward pass is a few small matrix products, so
numpy does it in milliseconds, and importing numpy + tokenizers and mapping the weights takes
about 0.15 s. The vectors match sentence-transformers to cosine > 0.9999 (tests/test_fast_encoder.py).

Only the architecture we can reproduce exactly is accepted: a BERT encoder (absolute positions, exact GELU)
followed by mean pooling and an optional Normalize module. Anything else raises ``ModelError`` so the caller
can fall back to sentence-transformers rather than silently produce different vectors.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from qa.errors import ModelError
from qa.search.gelu import gelu_
from qa.search.threads import one_blas_thread
from qa.search.weights import WordRows, mapped, widened


_TOKENS = 8192  # tokens per forward pass: bounds memory (about 60 MB of activations) for long inputs
_ROWS = 256  # rows per feed-forward block: keeps the 1536-wide GELU input in cache (1.7x faster than whole)

def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    """LayerNorm over the last axis with the biased variance, as torch.nn.LayerNorm."""
    x = x - x.mean(axis=-1, keepdims=True)
    var = np.mean(x * x, axis=-1, keepdims=True)
    x /= np.sqrt(var + np.float32(eps))
    x *= weight
    x += bias
    return x


def _one_line(exc: Exception) -> str:
    """An exception's message squeezed onto one line (ModelError messages are shown as a single line)."""
    return " ".join(str(exc).split()) or type(exc).__name__


def _read_json(path: Path, kind: type = dict):
    """Parsed JSON from ``path``; a missing or malformed file (or not a ``kind``) is a ModelError naming it."""
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(f"cannot read {path}: {_one_line(exc)}") from None
    if not isinstance(value, kind):
        raise ModelError(f"cannot read {path}: expected a JSON {kind.__name__}")
    return value


@dataclass(frozen=True)
class TokenEncoding:
    """One text's embedding (unit length), its last-layer token vectors (tokens, dimension) and word-piece ids."""

    vector: np.ndarray
    tokens: np.ndarray
    ids: np.ndarray


class NumpyEncoder:
    """A BERT sentence-transformers model (Transformer -> mean Pooling -> Normalize) run in numpy.

    Build it with :meth:`from_path`; :meth:`encode` returns float32 rows of unit length, like
    ``SentenceTransformer.encode(texts, normalize_embeddings=True)``.
    """

    def __init__(self, tokenizer, w: dict[str, np.ndarray], config: dict, lowercase: bool) -> None:
        """Arrange checked weights ``w`` (names without any "bert." prefix) for :meth:`_forward`."""
        self._tokenizer = tokenizer
        self._lowercase = lowercase
        self._heads = int(config["num_attention_heads"])
        self._eps = float(config.get("layer_norm_eps", 1e-12))
        self._word = w["embeddings.word_embeddings.weight"]
        self._pos = w["embeddings.position_embeddings.weight"]
        self._type0 = w["embeddings.token_type_embeddings.weight"][0]  # one segment: token_type_id 0
        self._emb_ln = (w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        self._layers = []
        for i in range(int(config["num_hidden_layers"])):
            p = f"encoder.layer.{i}."
            a = p + "attention.self."
            qkv = np.concatenate([w[a + n + ".weight"] for n in ("query", "key", "value")])  # one matmul, not 3
            self._layers.append((
                qkv.T, np.concatenate([w[a + n + ".bias"] for n in ("query", "key", "value")]),
                w[p + "attention.output.dense.weight"].T, w[p + "attention.output.dense.bias"],
                w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"],
                w[p + "intermediate.dense.weight"].T, w[p + "intermediate.dense.bias"],
                w[p + "output.dense.weight"].T, w[p + "output.dense.bias"],
                w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"],
            ))

    @classmethod
    def from_path(cls, model_dir: str | Path) -> NumpyEncoder:
        """Load a sentence-transformers model directory, or raise ``ModelError`` saying why it cannot be used.

        Checks everything that would make our forward pass differ from sentence-transformers' (module list,
        pooling mode, architecture, activation) before reading the weights.
        """
        from tokenizers import Tokenizer  # deferred: only needed once the directory checks pass

        root = Path(model_dir)
        if not root.is_dir():
            raise ModelError(f"model directory {root} does not exist or is not a directory")
        if not (root / "modules.json").is_file():
            raise ModelError(f"{root} has no modules.json, so it is not a sentence-transformers model directory")
        entries = [m for m in _read_json(root / "modules.json", list) if isinstance(m, dict)]
        kinds = [str(m.get("type", "")).rsplit(".", 1)[-1] for m in entries]
        if kinds not in (["Transformer", "Pooling"], ["Transformer", "Pooling", "Normalize"]):
            raise ModelError(f"{root}: unsupported modules {kinds} (need Transformer, Pooling[, Normalize])")
        modules = dict(zip(kinds, entries))
        body = root / modules["Transformer"].get("path", "")
        pool = _read_json(root / modules["Pooling"].get("path", "") / "config.json")
        # sentence-transformers < 6 writes one bool per mode; 6 writes "pooling_mode": "mean" (or a list).
        mode = pool.get("pooling_mode", [k[13:] for k, v in pool.items() if k.startswith("pooling_mode_") and v])
        modes = list(mode) if isinstance(mode, (list, tuple)) else [mode]
        if modes not in (["mean"], ["mean_tokens"]):
            raise ModelError(f"{root}: unsupported pooling {modes} (only mean pooling is implemented)")
        for name in ("config.json", "tokenizer.json", "model.safetensors"):
            if not (body / name).is_file():
                raise ModelError(f"{body} has no {name}, which the numpy encoder needs")
        config = _read_json(body / "config.json")
        kind = (config.get("model_type"), config.get("position_embedding_type", "absolute"))
        if kind != ("bert", "absolute"):
            raise ModelError(f"{body}: unsupported architecture {kind} (only BERT with absolute positions)")
        if config.get("hidden_act") != "gelu":
            raise ModelError(f"{body}: unsupported activation {config.get('hidden_act')!r} (only exact gelu)")
        shape = [config.get(k) for k in ("hidden_size", "num_attention_heads", "num_hidden_layers")]
        if not all(isinstance(v, int) and v > 0 for v in shape) or shape[0] % shape[1]:
            raise ModelError(f"{body}/config.json has unusable hidden_size/num_attention_heads/num_hidden_layers")
        sbert = body / "sentence_bert_config.json"
        st_config = _read_json(sbert) if sbert.is_file() else {}
        max_len = min(int(st_config.get("max_seq_length") or 256), int(config.get("max_position_embeddings", 512)))
        anchor = "embeddings.word_embeddings.weight"
        try:
            tokenizer = Tokenizer.from_file(str(body / "tokenizer.json"))
        except Exception as exc:  # tokenizers raises its own exception types
            raise ModelError(f"cannot load {body}: {_one_line(exc)}") from None
        stored = mapped(body / "model.safetensors")  # memory-mapped (qa/search/weights.py)
        # Keys are "embeddings..." when saved from BertModel, "bert.embeddings..." from BertFor*: strip that.
        prefix = next((k[: -len(anchor)] for k in stored if k.endswith(anchor)), None)
        if prefix is None:
            raise ModelError(f"{body}/model.safetensors holds no BERT embeddings ({anchor})")
        # float16 checkpoints are widened once here; float32 ones (the usual case) are not copied. The word
        # embeddings (half of MiniLM's weights) are read a row per word piece asked for: a question needs ~15.
        weights = {k[len(prefix):]: widened(v) for k, v in stored.items()
                   if k.startswith(prefix) and k != prefix + anchor}
        weights[anchor] = WordRows(stored[prefix + anchor])
        tokenizer.no_padding()  # tokenizer.json may ask for fixed-length padding; _forward needs none
        tokenizer.enable_truncation(max_length=max_len)
        try:
            return cls(tokenizer, weights, config, bool(st_config.get("do_lower_case", False)))
        except KeyError as exc:
            raise ModelError(f"{body}/model.safetensors lacks weight {exc.args[0]}") from None

    @property
    def dimension(self) -> int:
        """Length of each embedding (the model's hidden size)."""
        return int(self._word.shape[1])

    @property
    def special_ids(self) -> frozenset[int]:
        """Word-piece ids of the tokenizer's special tokens ([CLS], [SEP], [PAD], [UNK], [MASK] for MiniLM)."""
        return frozenset(i for i, t in self._tokenizer.get_added_tokens_decoder().items() if t.special)

    def tokenize(self, texts: list[str]) -> list:
        """The tokenizer's encodings of ``texts`` (special tokens added, as for embedding)."""
        return self._tokenizer.encode_batch([t.lower() for t in texts] if self._lowercase else list(texts))

    def piece_names(self, ids) -> list[str]:
        """The word pieces' strings, by id ("" for an id outside the vocabulary)."""
        return [self._tokenizer.id_to_token(int(i)) or "" for i in ids]

    def encode(self, texts: list[str]) -> np.ndarray:
        """Embed ``texts`` as an (n, dimension) float32 array of unit-length rows ((0, dimension) for none).

        Texts are truncated to the model's max_seq_length tokens, as sentence-transformers does.
        """
        return self._run(texts)[0]

    def encode_tokens(self, text: str) -> TokenEncoding:
        """``text``'s embedding and, from the same forward pass, its last-layer token vectors and word-piece ids.

        The token vectors are sentence-transformers' ``output_value="token_embeddings"`` (special tokens
        included, not normalised); late interaction (``qa.search.late``) drops the specials and normalises.
        """
        vectors, tokens, ids = self._run([text])
        return TokenEncoding(vectors[0], tokens[0], ids[0])

    def encode_many_tokens(self, texts: list[str]) -> list[TokenEncoding]:
        """:meth:`encode_tokens` of each text, the texts run together in as few forward passes as fit."""
        vectors, tokens, ids = self._run(texts)
        return [TokenEncoding(v, t, i) for v, t, i in zip(vectors, tokens, ids)]

    def _run(self, texts: list[str]) -> tuple[np.ndarray, list[np.ndarray], list[np.ndarray]]:
        if self._lowercase:
            texts = [t.lower() for t in texts]
        ids = [e.ids for e in self._tokenizer.encode_batch(list(texts))]
        out = np.empty((len(ids), self.dimension), dtype=np.float32)
        tokens: list[np.ndarray] = []
        # One BLAS thread for a question: its matrices are small, and two threads contending for two cores made a
        # 13 ms embedding take 30-340 ms whenever anything else ran (measured in qa bench). Many texts make
        # matrices of thousands of rows, which every thread shares (a small build's documents).
        with one_blas_thread() if len(texts) == 1 else contextlib.nullcontext():
            start = 0
            while start < len(ids):
                end, count = start + 1, len(ids[start])
                while end < len(ids) and count + len(ids[end]) <= _TOKENS:
                    count += len(ids[end])
                    end += 1
                out[start:end], hidden, starts = self._forward(ids[start:end])
                tokens += np.split(hidden, starts[1:])
                start = end
        return out, tokens, [np.array(t, dtype=np.int64) for t in ids]

    def _forward(self, ids: list[list[int]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """BERT encoder + mean pooling + L2 normalisation for a few tokenised texts: (pooled rows, every text's
        last-layer token vectors stacked, where each text's rows start).

        Why no padding: every step but attention works row by row, so the texts' tokens are stacked into one
        (tokens, hidden) matrix and attention runs per text on its own rows. That is exactly what padding plus
        an attention mask computes (masked keys get weight exp(-inf) = 0), without the wasted rows, and a
        text's vector cannot depend on what it is batched with.
        """
        lengths = np.array([len(t) for t in ids])
        starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
        flat = np.fromiter((i for t in ids for i in t), dtype=np.int64, count=int(lengths.sum()))
        positions = np.arange(len(flat)) - np.repeat(starts, lengths)  # 0.. within each text
        x = self._word[flat] + self._pos[positions] + self._type0
        x = _layer_norm(x, *self._emb_ln, self._eps)
        heads, hidden = self._heads, x.shape[1]
        size = hidden // heads
        scale = np.float32(1.0 / np.sqrt(size))
        for qkv_w, qkv_b, ao_w, ao_b, ln1_w, ln1_b, in_w, in_b, out_w, out_b, ln2_w, ln2_b in self._layers:
            qkv = x @ qkv_w
            qkv += qkv_b
            context = np.empty_like(x)
            for s, n in zip(starts.tolist(), lengths.tolist()):
                q, k, v = qkv[s:s + n].reshape(n, 3, heads, size).transpose(1, 2, 0, 3)  # each (heads, n, size)
                scores = q @ k.transpose(0, 2, 1)
                scores *= scale
                scores -= scores.max(axis=-1, keepdims=True)
                np.exp(scores, out=scores)
                scores /= scores.sum(axis=-1, keepdims=True)
                context[s:s + n] = (scores @ v).transpose(1, 0, 2).reshape(n, hidden)
            attn = context @ ao_w
            attn += ao_b
            attn += x
            x = _layer_norm(attn, ln1_w, ln1_b, self._eps)
            y = np.empty_like(x)
            for r in range(0, len(x), _ROWS):
                inner = x[r:r + _ROWS] @ in_w
                inner += in_b
                np.matmul(gelu_(inner), out_w, out=y[r:r + _ROWS])
            y += out_b
            y += x
            x = _layer_norm(y, ln2_w, ln2_b, self._eps)
        pooled = np.add.reduceat(x, starts, axis=0) / lengths[:, None].astype(np.float32)
        pooled /= np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), np.float32(1e-12))
        return pooled, x, starts
