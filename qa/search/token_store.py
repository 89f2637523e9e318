"""The passages' token vectors on disk: int8 rows in one ``.npy``, offsets per passage, ids, idf, the PCA.

Files of a build (all plain ``.npy``, read with allow_pickle=False, checksummed through the manifest)::

    tokens.npy        int8 (tokens, dimension): every passage's unit token vectors x 127, passages in order;
                      memory-mapped on open, so a large corpus costs page cache, not process memory
    token_offsets.npy int64 (passages + 1): passage n's rows are tokens[offsets[n]:offsets[n + 1]]
    token_ids.npy     int32 (tokens,): the word-piece id of every row (reused rows keep theirs; idf comes from them)
    token_idf.npy     float32 (vocabulary,): each word piece's idf over the passages
    token_pca.npy     float32 (1 + k, 384): the mean and k principal axes the rows were reduced with; (0, 384)
                      when they are full size
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from qa.search.files import npy_bytes, write_file


FILES = ("tokens.npy", "token_offsets.npy", "token_ids.npy", "token_idf.npy", "token_pca.npy")


@dataclass(frozen=True)
class TokenStore:
    codes: np.ndarray  # int8 (tokens, dimension), memory-mapped when read from disk
    offsets: np.ndarray  # int64 (passages + 1,)
    ids: np.ndarray  # int32 (tokens,)
    idf: np.ndarray  # float32 (vocabulary,)
    pca: np.ndarray  # float32 (1 + k, model dimension) or (0, model dimension)

    @property
    def dimension(self) -> int:
        return int(self.codes.shape[1])

    def passage(self, n: int) -> tuple[np.ndarray, np.ndarray]:
        """Passage n's int8 rows and their word-piece ids."""
        a, b = int(self.offsets[n]), int(self.offsets[n + 1])
        return self.codes[a:b], self.ids[a:b]

    def weights(self, ids: np.ndarray) -> np.ndarray:
        """The idf of each of a question's word pieces (ids past the vocabulary get the highest)."""
        top = np.float32(self.idf.max() if len(self.idf) else 1.0)
        ids = np.asarray(ids, dtype=np.int64)
        known = ids < len(self.idf)
        out = np.full(len(ids), top, dtype=np.float32)
        out[known] = self.idf[ids[known]]
        return out


def write(folder: Path, store: TokenStore) -> tuple[str, ...]:
    """Write the five files into ``folder``; returns their names (for the manifest's checksums)."""
    arrays = (store.codes.astype(np.int8), store.offsets.astype(np.int64), store.ids.astype(np.int32),
              store.idf.astype(np.float32), store.pca.astype(np.float32))
    for name, array in zip(FILES, arrays):
        write_file(folder / name, npy_bytes(array))  # one killable, checked write per file, as for the others
    return FILES


def fits(codes: np.ndarray, offsets: np.ndarray, ids: np.ndarray, pca: np.ndarray, passages: int) -> bool:
    """Whether a build's token arrays fit together and its ``passages`` (a damaged or edited file may not)."""
    return (codes.dtype == np.int8 and codes.ndim == 2 and offsets.dtype == np.int64 and offsets.shape == (passages + 1,)
            and offsets[0] == 0 and offsets[-1] == len(codes) and bool(np.all(np.diff(offsets) >= 0))
            and ids.shape == (len(codes),) and pca.ndim == 2 and (len(pca) == 0 or len(pca) == codes.shape[1] + 1))


def embed(inputs: list[str], heads: list[str], embedder, previous: tuple[TokenStore, list[str]] | None,
          dimension: int, progress=None) -> tuple[TokenStore, dict[str, np.ndarray]]:
    """The token store of passages ``inputs`` (their embedding inputs) and the embeddings of those it had to
    encode (by sha256 of the input, for the caller's vector cache): one forward pass gives both. Passages whose
    input the previous build (its store and its passages' inputs) holds, at the same ``dimension``, are reused.

    ``heads[n]`` is the section path ``inputs[n]`` starts with: its word pieces shape the passage's vectors (the
    pass reads them) but are not stored, since every passage of a section would match the heading's words alike.
    """
    import hashlib

    from qa.search.late import fit_pca, idf, project, quantize

    hashes = [hashlib.sha256(t.encode()).hexdigest() for t in inputs]
    old: dict[str, int] = {}
    if previous is not None and len(previous[0].pca) == (dimension + 1 if dimension else 0):
        old = {hashlib.sha256(t.encode()).hexdigest(): n for n, t in enumerate(previous[1])}
    todo = [i for i, h in enumerate(hashes) if h not in old]
    fresh_vectors, fresh = (embedder.embed_documents_with_tokens(
        [inputs[i] for i in todo], progress=_ticker(progress, len(todo))) if todo else (None, []))
    fresh = [_without_head(v, ids, head) for (v, ids), head in
             zip(fresh, embedder.word_pieces([heads[i] for i in todo]) if todo else [])]
    if old:
        pca = previous[0].pca
    elif dimension:
        pca = fit_pca(np.concatenate([v for v, _ in fresh]), dimension)
    else:
        pca = np.zeros((0, embedder.dimension), dtype=np.float32)
    made = {i: (quantize(project(v, pca)), ids) for i, (v, ids) in zip(todo, fresh)}
    parts = [made[i] if i in made else previous[0].passage(old[h]) for i, h in enumerate(hashes)]
    width = dimension or embedder.dimension
    codes = np.concatenate([c for c, _ in parts]) if parts else np.zeros((0, width), dtype=np.int8)
    ids = np.concatenate([np.asarray(t, dtype=np.int32) for _, t in parts]) if parts else np.zeros(0, np.int32)
    offsets = np.concatenate(([0], np.cumsum([len(c) for c, _ in parts]))).astype(np.int64)
    vocab = int(ids.max()) + 1 if len(ids) else 0  # idf of ids past the largest seen: TokenStore.weights
    store = TokenStore(codes, offsets, ids, idf(ids, offsets, vocab), pca)
    return store, {hashes[i]: fresh_vectors[n] for n, i in enumerate(todo)}


def _without_head(vecs: np.ndarray, ids: np.ndarray, head: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A passage's token rows after its heading's word pieces (all of them, when the text does not start with
    exactly those pieces)."""
    n = len(head)
    if n and len(ids) >= n and np.array_equal(np.asarray(ids[:n]), head):
        return vecs[n:], ids[n:]
    return vecs, ids


def _ticker(progress, total: int):
    done = [0]

    def tick(n: int) -> None:
        done[0] += n
        if progress:
            progress("embed", done[0], total)

    return tick
