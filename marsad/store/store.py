"""The corpus store: writing analysed articles (with their entities, events, quotes and stories).

``Store(url)`` opens (and migrates) a database. ``write(items)`` stores a batch of
:class:`Item` in one transaction with bulk inserts: the article rows and search text, the
entities at knowledge-base level, mentions, quotes, events merged across articles
(``marsad.store.merge``) with one report per article sentence, and story membership
(``marsad.store.stories``). Deciding *whether* an article is new, a new version or a duplicate
is the ingest's job (``marsad.ingest.runner``); the store gives it the look-ups it needs.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Self

import numpy as np
from sqlalchemy import Connection, bindparam, delete, func, select, update

from marsad.arabic.normalize import norm
from marsad.document import Document
from marsad.store import models as m
from marsad.store.db import default_url, make_engine, migrate
from marsad.store.dedup import NearDupIndex, from_bytes
from marsad.store.locks import store_lock
from marsad.store.merge import EventIndex, Shape, Stored, entity_key, norm_name, shape_of
from marsad.store.stories import Member, StoryIndex, StoryState, vec_bytes, vec_from

CHUNK = 500  # rows per IN (...) look-up


def short_hash(value: str, *, n: int = 16) -> str:
    return hashlib.sha1(value.encode("utf-8")).hexdigest()[:n]


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def doc_json(doc: Document) -> str:
    """The Document JSON kept in ``articles.doc``."""
    return _json(doc.to_dict())


def _bulk(conn: Connection, table: Any, cols: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """INSERT many rows (tuples in the order of ``cols``) without SQLAlchemy's per-row work: the
    driver's ``executemany`` on SQLite, ``COPY ... FROM STDIN`` on PostgreSQL (in the same
    transaction: the write's connection)."""
    if not rows:
        return
    name = table if isinstance(table, str) else table.name
    q = conn.dialect.identifier_preparer.quote
    collist = ", ".join(q(c) for c in cols)
    if conn.dialect.name == "postgresql":
        raw = conn.connection.driver_connection
        with raw.cursor() as cur, cur.copy(f"COPY {q(name)} ({collist}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    elif conn.dialect.paramstyle == "qmark":
        conn.exec_driver_sql(f"INSERT INTO {q(name)} ({collist}) VALUES ({', '.join('?' for _ in cols)})", list(rows))
    else:
        conn.exec_driver_sql(f"INSERT INTO {q(name)} ({collist}) VALUES ({', '.join('%s' for _ in cols)})", list(rows))


ARTICLE_COLS = ("id", "base_id", "url", "outlet", "title", "author", "published", "language", "content_hash", "version",
                "current", "status", "skip_reason", "duplicate_of", "similarity", "source", "text", "doc", "minhash",
                "vector", "ingested_at")
ENTITY_COLS = ("id", "key", "type", "name", "norm_name", "name_en", "kb_id", "country", "actor_code", "lat", "lon")
MENTION_COLS = ("article_id", "entity_id", "local_id", "start", "end", "text")
QUOTE_COLS = ("article_id", "local_id", "speaker_id", "speaker_text", "cue", "content", "direct")
EVENT_COLS = ("id", "cameo", "root", "plover", "date", "status", "location_id", "location", "country", "summary_en",
              "goldstein", "confidence", "fatalities", "injured", "num_mentions", "num_articles", "num_sources",
              "first_article_id", "actors", "data")
STORY_COLS = ("label", "label_article_id", "start_date", "end_date", "num_articles", "num_outlets", "centroid",
              "entity_keys")
STORY_ENTITY_TYPES = ("PER", "ORG", "LOC")
REPORT_COLS = ("event_id", "article_id", "local_id", "outlet", "url", "sentence", "quote", "confidence")


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def english_entity_ids(title: str | None, text: str, date: str | None) -> set[str]:
    """Story entity ids of a non-Arabic (English) article: the KB records whose English names it
    mentions (``marsad.resolve.english``), under the ids the Arabic articles' entities get (a hash
    of ``kb:<kb_id>``). Used for story links only; nothing is stored for them."""
    from marsad.resolve.english import english_index

    found = english_index().find(f"{title or ''}\n{text}", date)
    return {"ent-" + short_hash(f"kb:{h.record.kb_id}") for h in found
            if h.record.kb_id and h.record.type in STORY_ENTITY_TYPES}


def _lead_end(doc: Document) -> int:
    """End offset of the article's lead: its first body paragraph (else its first sentence)."""
    for p in doc.paragraphs:
        if p.kind == "body":
            return p.end
    if doc.sentences:
        return doc.sentences[0].end
    return min(len(doc.text), 300)


@dataclass(slots=True)
class Item:
    """One article ready to store: its Document and what the ingest decided about it."""

    doc: Document
    content_hash: str
    base_id: str
    status: str = "analysed"  # analysed | duplicate | near_duplicate | skipped
    version: int = 1
    duplicate_of: str | None = None
    similarity: float | None = None
    skip_reason: str | None = None
    supersedes: str | None = None  # id of the previous version
    author: str | None = None
    source: str | None = None
    minhash: bytes | None = None
    vector: np.ndarray | None = None
    doc_json: str | None = None  # the Document's JSON when the caller has it (else made from ``doc``)


@dataclass(slots=True)
class UrlState:
    article_id: str
    base_id: str
    version: int
    content_hash: str


@dataclass(slots=True)
class Store:
    url: str | None = None
    engine: Any = field(init=False)
    _entities: set[str] = field(default_factory=set, init=False)
    _events: EventIndex = field(init=False)
    _stories: StoryIndex = field(init=False)
    _conn: Connection | None = field(default=None, init=False)  # the open write transaction

    def __post_init__(self) -> None:
        self.url = self.url or default_url()
        self.engine = make_engine(self.url)
        migrate(self.engine)
        self._events = EventIndex(loader=self._load_events)
        self._stories = StoryIndex(loader=self._load_stories)

    @property
    def dialect(self) -> str:
        return str(self.engine.dialect.name)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- look-ups for the ingest ------------------------------------------------------
    def url_states(self, urls: Iterable[str]) -> dict[str, UrlState]:
        """The current version of each URL already stored."""
        out: dict[str, UrlState] = {}
        ulist = sorted(set(urls))
        a = m.Article.__table__
        with self.engine.connect() as conn:
            for i in range(0, len(ulist), CHUNK):
                rows = conn.execute(
                    select(a.c.url, a.c.id, a.c.base_id, a.c.version, a.c.content_hash).where(
                        a.c.url.in_(ulist[i : i + CHUNK]), a.c.current.is_(True)
                    )
                )
                for url, aid, base, version, h in rows:
                    out[url] = UrlState(aid, base, version, h)
        return out

    def hash_owners(self, hashes: Iterable[str]) -> dict[str, str]:
        """For each content hash already stored, the id of the first article with it."""
        out: dict[str, str] = {}
        hl = sorted(set(hashes))
        a = m.Article.__table__
        with self.engine.connect() as conn:
            for i in range(0, len(hl), CHUNK):
                rows = conn.execute(
                    select(a.c.content_hash, func.min(a.c.id))
                    .where(a.c.content_hash.in_(hl[i : i + CHUNK]))
                    .group_by(a.c.content_hash)
                )
                out.update({h: aid for h, aid in rows})
        return out

    def near_dup_index(self) -> NearDupIndex:
        """An LSH index of every stored original (non-duplicate) article."""
        index = NearDupIndex()
        a = m.Article.__table__
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(a.c.id, a.c.minhash).where(a.c.duplicate_of.is_(None), a.c.minhash.is_not(None))
            )
            for aid, mh in rows:
                index.add(aid, from_bytes(mh))
        return index

    # -- sharing the store with other writing processes ----------------------------------
    def write_lock(self) -> contextlib.AbstractContextManager[None]:
        """The store-wide writer lock (``marsad.store.locks``): one ingest batch at a time."""
        return store_lock(self.engine, "write")

    def article_count(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(m.Article.__table__)).scalar_one())

    def refresh(self, index: NearDupIndex) -> int:
        """After another process wrote: forget cached events and stories, and add the originals
        that process stored to ``index``. Returns how many were added."""
        self._events.clear()
        self._stories.clear()
        a = m.Article.__table__
        with self.engine.connect() as conn:
            ids = conn.execute(
                select(a.c.id).where(a.c.duplicate_of.is_(None), a.c.minhash.is_not(None))
            ).scalars().all()
            missing = sorted(set(ids) - set(index.hashes))
            for i in range(0, len(missing), CHUNK):
                rows = conn.execute(select(a.c.id, a.c.minhash).where(a.c.id.in_(missing[i : i + CHUNK])))
                for aid, mh in rows:
                    index.add(aid, from_bytes(mh))
        return len(missing)

    # -- loaders for the merge and story indexes ---------------------------------------
    @contextlib.contextmanager
    def _reader(self) -> Iterator[Connection]:
        """The write transaction's connection when inside ``write`` (so it sees its own rows)."""
        if self._conn is not None:
            yield self._conn
            return
        with self.engine.connect() as conn:
            yield conn

    def _load_events(self, root: str, date: str) -> list[Stored]:
        e, r = m.Event.__table__, m.EventReport.__table__
        with self._reader() as conn:
            rows = conn.execute(select(e.c.id, e.c.actors).where(e.c.root == root, e.c.date == date)).all()
            out = {eid: Stored(eid, Shape.from_dict(root, date, json.loads(actors))) for eid, actors in rows}
            if out:
                reps = conn.execute(
                    select(r.c.event_id, r.c.article_id, r.c.outlet).where(r.c.event_id.in_(list(out)))
                )
                for eid, aid, outlet in reps:
                    ev = out[eid]
                    ev.articles.add(aid)
                    if outlet:
                        ev.outlets.add(outlet)
                    ev.mentions += 1
        return list(out.values())

    def _load_stories(self, lo: str, hi: str, known: set[str]) -> list[StoryState]:
        """The stored stories active in [lo, hi], with their members' dates, entities and events."""
        s, sa, a = m.Story.__table__, m.StoryArticle.__table__, m.Article.__table__
        mt, et, r = m.Mention.__table__, m.Entity.__table__, m.EventReport.__table__
        with self._reader() as conn:
            rows = conn.execute(
                select(s.c.id, s.c.start_date, s.c.end_date, s.c.entity_keys).where(
                    s.c.start_date <= hi, s.c.end_date >= lo
                )
            ).all()
            states = {
                sid: StoryState(id=sid, start=start, end=end, entities=set(json.loads(keys)))
                for sid, start, end, keys in rows
                if sid not in known
            }
            if not states:
                return []
            members = []
            sids = sorted(states)
            for i in range(0, len(sids), CHUNK):
                members.extend(conn.execute(
                    select(sa.c.id, sa.c.story_id, sa.c.article_id, sa.c.similarity, a.c.title, a.c.outlet, a.c.vector,
                           a.c.published, a.c.status)
                    .join(a, a.c.id == sa.c.article_id)
                    .where(sa.c.story_id.in_(sids[i : i + CHUNK]))
                ).all())
            members.sort(key=lambda x: x[0])
            aids = sorted(x[2] for x in members)
            ents: dict[str, set[str]] = {}
            evs: dict[str, set[str]] = {}
            for i in range(0, len(aids), CHUNK):
                chunk = aids[i : i + CHUNK]
                for aid, eid in conn.execute(
                    select(mt.c.article_id, mt.c.entity_id).join(et, et.c.id == mt.c.entity_id)
                    .where(mt.c.article_id.in_(chunk), et.c.type.in_(STORY_ENTITY_TYPES)).distinct()
                ):
                    ents.setdefault(aid, set()).add(eid)
                for aid, eid in conn.execute(
                    select(r.c.article_id, r.c.event_id).where(r.c.article_id.in_(chunk)).distinct()
                ):
                    evs.setdefault(aid, set()).add(eid)
            # members not analysed (English ...): their entities are found again in their text
            foreign = sorted(x[2] for x in members if x[8] != "analysed")
            for i in range(0, len(foreign), CHUNK):
                for aid, title, text, published in conn.execute(
                    select(a.c.id, a.c.title, a.c.text, a.c.published).where(a.c.id.in_(foreign[i : i + CHUNK]))
                ):
                    ents[aid] = english_entity_ids(title, text, published)
            for _, sid, aid, sim, title, outlet, vec, published, _status in members:
                st = states[sid]
                v = vec_from(vec) if vec else np.zeros(512, np.float32)
                st.members.append(Member(aid, title, outlet, v, sim, published or st.start,
                                         frozenset(ents.get(aid, ())), frozenset(evs.get(aid, ())),
                                         _status != "analysed"))
                st.total = st.total + v
        return list(states.values())

    # -- writing ----------------------------------------------------------------------
    def write(self, items: Sequence[Item]) -> None:
        """Store a batch of articles in one transaction."""
        if not items:
            return
        try:
            with self.engine.begin() as conn:
                self._conn = conn
                for it in items:
                    if it.supersedes:
                        self._retract(conn, it.supersedes)
                self._insert_articles(conn, items)
                analysed = [it for it in items if it.status == "analysed"]
                ent_ids = self._insert_entities(conn, analysed)
                self._insert_mentions_quotes(conn, analysed, ent_ids)
                article_events = self._merge_events(conn, analysed, ent_ids)
                # analysed articles and those skipped for their language (with a story vector), in order
                in_stories = [it for it in items if it.status == "analysed" or (
                    it.status == "skipped" and it.vector is not None and it.doc.language not in ("ar", None))]
                self._assign_stories(conn, in_stories, ent_ids, article_events)
        except Exception:
            # the in-memory indexes may now hold rows that were rolled back: forget them
            self._events.clear()
            self._stories.clear()
            self._entities.clear()
            raise
        finally:
            self._conn = None

    def _insert_articles(self, conn: Connection, items: Sequence[Item]) -> None:
        now = _now()
        rows = []
        search = []
        for it in items:
            d = it.doc
            rows.append((
                d.id, it.base_id, d.url, d.outlet, d.title, it.author, d.published, d.language, it.content_hash,
                it.version, True, it.status, it.skip_reason, it.duplicate_of, it.similarity, it.source, d.text,
                it.doc_json if it.doc_json is not None else doc_json(d), it.minhash,
                vec_bytes(it.vector) if it.vector is not None else None, now,
            ))
            if it.duplicate_of is None:
                search.append((d.id, norm(f"{d.title or ''}\n{d.text}")))
        _bulk(conn, m.Article.__table__, ARTICLE_COLS, rows)
        _bulk(conn, "article_search", ("article_id", "body"), search)

    def _insert_entities(self, conn: Connection, items: Sequence[Item]) -> dict[tuple[str, str], str]:
        """Insert the KB-level entities not stored yet; return (article id, local entity id) ->
        entity row id. Entity ids are hashes of their key, known once seen (``_entities``)."""
        local: dict[tuple[str, str], str] = {}
        new_rows: dict[str, tuple[Any, ...]] = {}
        keys: dict[tuple[str | None, str, str], str] = {}  # (kb_id, type, name) -> id, within this batch
        for it in items:
            for ent in it.doc.entities:
                k = (ent.kb_id, ent.type, ent.name)
                eid = keys.get(k)
                if eid is None:
                    key = entity_key(ent)
                    eid = keys[k] = "ent-" + short_hash(key)
                    if eid not in self._entities and eid not in new_rows:
                        new_rows[eid] = (eid, key, ent.type, ent.name, norm_name(ent.name), ent.name_en, ent.kb_id,
                                         ent.country, ent.actor_code, ent.lat, ent.lon)
                local[(it.doc.id, ent.id)] = eid
        if new_rows:
            t = m.Entity.__table__
            ids = sorted(new_rows)
            for i in range(0, len(ids), CHUNK):
                have = conn.execute(select(t.c.id).where(t.c.id.in_(ids[i : i + CHUNK]))).scalars().all()
                self._entities.update(have)
            missing = [new_rows[e] for e in ids if e not in self._entities]
            _bulk(conn, t, ENTITY_COLS, missing)
            self._entities.update(r[0] for r in missing)
        return local

    def _insert_mentions_quotes(
        self, conn: Connection, items: Sequence[Item], ent_ids: dict[tuple[str, str], str]
    ) -> None:
        mentions: list[tuple[Any, ...]] = []
        quotes: list[tuple[Any, ...]] = []
        for it in items:
            d = it.doc
            did = d.id
            for ent in d.entities:
                eid = ent_ids[(did, ent.id)]
                lid = ent.id
                mentions.extend((did, eid, lid, sp.start, sp.end, sp.text) for sp in ent.mentions)
            for q in d.quotes:
                quotes.append((did, q.id, ent_ids.get((did, q.speaker)) if q.speaker else None, q.speaker_text,
                               q.cue.text, q.content.text, q.direct))
        _bulk(conn, m.Mention.__table__, MENTION_COLS, mentions)
        _bulk(conn, m.Quote.__table__, QUOTE_COLS, quotes)

    def _merge_events(
        self, conn: Connection, items: Sequence[Item], ent_ids: dict[tuple[str, str], str]
    ) -> dict[str, set[str]]:
        """Merge the articles' events into the stored ones (``marsad.store.merge``); return the
        merged event ids each article reports (for stories)."""
        article_events: dict[str, set[str]] = {}
        new_events: list[tuple[Stored, tuple[Any, ...]]] = []
        actors: list[tuple[str, str, str]] = []
        reports: list[tuple[Any, ...]] = []
        touched: dict[str, Stored] = {}
        for it in items:
            d = it.doc
            did = d.id
            lead_end = _lead_end(d)
            for ev in d.events:
                evd = ev.to_dict()
                evd["is_root"] = ev.sentence.start < lead_end  # GDELT IsRootEvent: told in the lead
                shape = shape_of(d, evd)
                found = self._events.find(shape)
                if found is None:
                    eid = "ev-" + short_hash(f"{did}/{ev.id}")
                    found = Stored(eid, shape)
                    self._events.add(found)
                    loc = d.entity(ev.location) if ev.location else None
                    new_events.append((found, (
                        eid, ev.cameo, ev.root, ev.plover, shape.date, ev.status,
                        ent_ids.get((did, ev.location)) if ev.location else None,
                        loc.name if loc else None, loc.country if loc else None, ev.summary_en or None,
                        ev.goldstein, ev.confidence, ev.fatalities, ev.injured,
                    ), (did, _json(shape.to_dict()), _json(evd))))
                    for role, ids in (("source", ev.source), ("target", ev.target), ("location", [ev.location])):
                        for local in ids:
                            if local and (did, local) in ent_ids:
                                actors.append((eid, ent_ids[(did, local)], role))
                else:
                    touched[found.id] = found
                article_events.setdefault(did, set()).add(found.id)
                found.articles.add(did)
                if d.outlet:
                    found.outlets.add(d.outlet)
                found.mentions += 1
                sent = d.text[ev.sentence.start : ev.sentence.end]
                quote = next((q.content.text for q in d.quotes if q.id == ev.quote), None) if ev.quote else None
                reports.append((found.id, did, ev.id, d.outlet, d.url, sent, quote, ev.confidence))
        # new events are written with their counts after the whole batch; stored ones are updated
        new_ids = {st.id for st, _, _ in new_events}
        _bulk(conn, m.Event.__table__, EVENT_COLS, [
            (*head, st.mentions, len(st.articles), len(st.outlets), *tail) for st, head, tail in new_events
        ])
        _bulk(conn, m.EventActor.__table__, ("event_id", "entity_id", "role"), actors)
        _bulk(conn, m.EventReport.__table__, REPORT_COLS, reports)
        self._update_counts(conn, [st for eid, st in touched.items() if eid not in new_ids])
        return article_events

    def _update_counts(self, conn: Connection, events: Iterable[Stored]) -> None:
        rows = [
            {"eid": e.id, "na": len(e.articles), "ns": len(e.outlets), "nm": e.mentions} for e in events
        ]
        if rows:
            t = m.Event.__table__
            conn.execute(
                update(t)
                .where(t.c.id == bindparam("eid"))
                .values(num_articles=bindparam("na"), num_sources=bindparam("ns"), num_mentions=bindparam("nm")),
                rows,
            )

    def _assign_stories(
        self, conn: Connection, items: Sequence[Item], ent_ids: dict[tuple[str, str], str],
        article_events: dict[str, set[str]],
    ) -> None:
        links = []
        for it in items:
            d = it.doc
            if it.vector is None or not d.published:
                continue
            if it.status == "analysed":
                ents = {ent_ids[(d.id, e.id)] for e in d.entities if e.type in STORY_ENTITY_TYPES}
            else:  # not analysed (English ...): KB names found in its text
                ents = english_entity_ids(d.title, d.text, d.published)
            st = self._stories.assign(
                article_id=d.id, title=d.title, outlet=d.outlet, date=d.published, vector=it.vector, entities=ents,
                events=article_events.get(d.id, set()), foreign=it.status != "analysed",
            )
            links.append((st.id, d.id, st.members[-1].similarity))
        self._flush_stories(conn)
        self._stories.evict()
        _bulk(conn, m.StoryArticle.__table__, ("story_id", "article_id", "similarity"), links)

    def _flush_stories(self, conn: Connection) -> None:
        s = m.Story.__table__
        dirty = self._stories.dirty()
        if not dirty:
            return
        ids = [st.id for st in dirty]
        existing: set[str] = set()
        for i in range(0, len(ids), CHUNK):
            existing.update(conn.execute(select(s.c.id).where(s.c.id.in_(ids[i : i + CHUNK]))).scalars())
        inserts, updates, deletes = [], [], []
        for st in dirty:
            st.dirty = False
            if not st.members:
                if st.id in existing:
                    deletes.append(st.id)
                continue
            label = st.label_member()
            row = {
                "label": label.title or None, "label_article_id": label.article_id, "start_date": st.start,
                "end_date": st.end, "num_articles": len(st.members), "num_outlets": len(st.outlets),
                "centroid": vec_bytes(st.centroid), "entity_keys": _json(sorted(st.entities)),
            }
            if st.id in existing:
                updates.append(dict(row, sid=st.id))
            else:
                inserts.append((st.id, *row.values()))
        if inserts:
            _bulk(conn, s, ("id", *STORY_COLS), inserts)
        if updates:
            cols = [k for k in updates[0] if k != "sid"]
            conn.execute(update(s).where(s.c.id == bindparam("sid")).values({c: bindparam(c) for c in cols}), updates)
        if deletes:
            conn.execute(delete(s).where(s.c.id.in_(deletes)))

    def _retract(self, conn: Connection, article_id: str) -> None:
        """An older version is superseded: it stops being current and stops reporting events."""
        a, r, e, sa = (m.Article.__table__, m.EventReport.__table__, m.Event.__table__, m.StoryArticle.__table__)
        conn.execute(update(a).where(a.c.id == article_id).values(current=False))
        event_ids = conn.execute(select(r.c.event_id).where(r.c.article_id == article_id).distinct()).scalars().all()
        conn.execute(delete(r).where(r.c.article_id == article_id))
        for eid in event_ids:
            reps = conn.execute(select(r.c.article_id, r.c.outlet).where(r.c.event_id == eid)).all()
            self._events.remove(eid)
            if not reps:
                conn.execute(delete(m.EventActor.__table__).where(m.EventActor.__table__.c.event_id == eid))
                conn.execute(delete(e).where(e.c.id == eid))
                continue
            conn.execute(
                update(e).where(e.c.id == eid).values(
                    num_mentions=len(reps), num_articles=len({x[0] for x in reps}),
                    num_sources=len({x[1] for x in reps if x[1]}),
                )
            )
        self._events.clear()  # re-read from the store on next use
        conn.execute(delete(sa).where(sa.c.article_id == article_id))
        self._stories.remove_article(article_id)
        self._flush_stories(conn)
