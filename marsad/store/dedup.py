"""Exact and near-duplicate detection: content hashes and MinHash LSH over word shingles.

Shingles are 3-word windows of the normalized text (``marsad.arabic.normalize.norm``), so a
re-post that differs only in diacritics, hamza spelling, tatweel or punctuation hashes the same
shingles. ``NearDupIndex`` is an in-memory LSH filled from the store when an ingest starts and
grown as articles are added; candidates are confirmed with the MinHash Jaccard estimate.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
from datasketch import MinHash, MinHashLSH

from marsad.arabic.normalize import norm

NUM_PERM = 64
THRESHOLD = 0.8  # Jaccard of shingle sets above which an article is a copy of another
SHINGLE = 3
SCHEME = "affine32"  # datasketch's hashing scheme; stored signatures are read back with it
_WORD = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, *, size: int = SHINGLE) -> set[bytes]:
    words = _WORD.findall(norm(text).lower())
    if len(words) < size:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


def minhash_of(text: str) -> MinHash:
    mh = MinHash(num_perm=NUM_PERM, scheme=SCHEME)
    sh = shingles(text)
    if sh:
        mh.update_batch(list(sh))
    return mh


def to_bytes(mh: MinHash) -> bytes:
    return np.asarray(mh.hashvalues, dtype=np.uint64).tobytes()


def from_bytes(data: bytes) -> MinHash:
    values = np.frombuffer(data, dtype=np.uint64).copy()
    return MinHash(num_perm=NUM_PERM, hashvalues=values, scheme=SCHEME)


@dataclass(slots=True)
class NearDupIndex:
    threshold: float = THRESHOLD
    lsh: MinHashLSH = field(init=False)
    hashes: dict[str, MinHash] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.lsh = MinHashLSH(threshold=self.threshold, num_perm=NUM_PERM)

    def __len__(self) -> int:
        return len(self.hashes)

    def add(self, article_id: str, mh: MinHash) -> None:
        if article_id in self.hashes:
            return
        self.hashes[article_id] = mh
        self.lsh.insert(article_id, mh)

    def best(
        self, mh: MinHash, *, exclude: set[str] | frozenset[str] = frozenset(), base: str | None = None
    ) -> tuple[str, float] | None:
        """The most similar indexed article at or above the threshold, with its Jaccard estimate.

        ``base``: the article's own base id -- its earlier versions (``base``, ``base-vN``) are not
        copies of it.
        """
        best: tuple[str, float] | None = None
        for cand in self.lsh.query(mh):
            if cand in exclude or (base is not None and (cand == base or cand.startswith(base + "-v"))):
                continue
            sim = float(mh.jaccard(self.hashes[cand]))
            if sim >= self.threshold and (best is None or sim > best[1] or (sim == best[1] and cand < best[0])):
                best = (cand, sim)
        return best
