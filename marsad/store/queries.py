"""Reading the corpus: stats, events with filters, entities, stories, articles, full-text search.

Event objects (``event_objects``) carry the contract event fields -- with ``source``, ``target``
and ``location`` as store entity ids (``ent-…``) and ``*_actors`` giving their names and codes --
plus ``reports`` ([{article_id, outlet, url, sentence, quote, confidence}]), ``num_sources``,
``num_articles`` and ``num_mentions``. ``trigger`` and ``sentence`` offsets point into the first
reporting article (``first_article_id``).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, exists, func, or_, select, text

from marsad.arabic.normalize import norm
from marsad.store import models as m
from marsad.store.store import Store

A, E, EA, R, ENT = (
    m.Article.__table__, m.Event.__table__, m.EventActor.__table__, m.EventReport.__table__, m.Entity.__table__,
)
S, SA = m.Story.__table__, m.StoryArticle.__table__
MIN_STORY_ARTICLES = 2  # a "story" has at least two articles; singletons are kept for clustering only


@dataclass(slots=True, kw_only=True)
class EventFilter:
    actor: str | None = None
    country: str | None = None
    cameo: str | None = None
    root: str | None = None
    plover: str | None = None
    place: str | None = None
    since: str | None = None
    until: str | None = None
    status: str | None = None
    outlet: str | None = None
    min_fatalities: int | None = None  # ACLED-style totals: events with at least this many killed
    limit: int | None = None
    offset: int = 0


def stats(store: Store) -> dict[str, int]:
    with store.engine.connect() as conn:
        one = lambda q: int(conn.execute(q).scalar_one())
        return {
            "articles": one(select(func.count()).select_from(A).where(A.c.current.is_(True))),
            "events": one(select(func.count()).select_from(E)),
            "entities": one(select(func.count()).select_from(ENT)),
            "stories": one(select(func.count()).select_from(S).where(S.c.num_articles >= MIN_STORY_ARTICLES)),
            "analysed": one(select(func.count()).select_from(A).where(A.c.status == "analysed", A.c.current.is_(True))),
            "duplicates": one(select(func.count()).select_from(A).where(A.c.duplicate_of.is_not(None))),
            "versions": one(select(func.count()).select_from(A).where(A.c.version > 1)),
            "skipped": one(select(func.count()).select_from(A).where(A.c.status == "skipped")),
            "reports": one(select(func.count()).select_from(R)),
            "outlets": one(select(func.count(func.distinct(A.c.outlet)))),
            "quotes": one(select(func.count()).select_from(m.Quote.__table__)),
            "mentions": one(select(func.count()).select_from(m.Mention.__table__)),
        }


def _entity_match(value: str) -> Any:
    v = value.strip()
    nv = f"%{norm(v)}%"
    return or_(
        ENT.c.norm_name.like(nv), func.lower(ENT.c.name_en).like(f"%{v.lower()}%"), ENT.c.actor_code == v.upper(),
        ENT.c.kb_id == v, ENT.c.id == v,
    )


def _entity_ids(value: str) -> Any:
    """The ids of the entities ``value`` names (a subquery over the 'entities' table)."""
    return select(ENT.c.id).where(_entity_match(value))


def _where(f: EventFilter) -> list[Any]:
    """The filter as SQL conditions on 'events' (indexes: migrations 0002 and 0003).

    ``outlet`` and ``country`` match many events: an index-only EXISTS probe per event read in
    page order (``event_reports (event_id, outlet)``, ``event_actors (event_id, ...)``) stops
    after a page. ``actor`` and ``place`` name few entities: ``events.id IN (SELECT event_id ...)``
    over ``event_actors (entity_id, role, event_id)``.
    """
    conds: list[Any] = []
    if f.actor:
        conds.append(
            E.c.id.in_(
                select(EA.c.event_id).where(EA.c.entity_id.in_(_entity_ids(f.actor)),
                                            EA.c.role.in_(("source", "target")))
            )
        )
    if f.country:
        c = f.country.strip().upper()
        conds.append(
            or_(
                E.c.country == c,
                exists().where(EA.c.event_id == E.c.id, EA.c.entity_id == ENT.c.id, ENT.c.country == c).correlate(E),
            )
        )
    if f.cameo:
        conds.append(E.c.cameo.like(f"{f.cameo.strip()}%"))
    if f.root:
        conds.append(E.c.root == f.root.strip().zfill(2))
    if f.plover:
        conds.append(func.upper(E.c.plover) == f.plover.strip().upper())
    if f.place:
        conds.append(
            or_(
                E.c.location.like(f"%{f.place.strip()}%"),
                E.c.id.in_(
                    select(EA.c.event_id).where(EA.c.entity_id.in_(_entity_ids(f.place)), EA.c.role == "location")
                ),
            )
        )
    if f.since:
        conds.append(E.c.date >= f.since)
    if f.until:
        conds.append(E.c.date <= f.until)
    if f.status:
        conds.append(E.c.status == f.status)
    if f.outlet:
        conds.append(exists().where(R.c.event_id == E.c.id, R.c.outlet == f.outlet).correlate(E))
    if f.min_fatalities is not None:
        conds.append(E.c.fatalities >= f.min_fatalities)
    return conds


def event_rows(store: Store, flt: EventFilter | None = None) -> list[dict[str, Any]]:
    flt = flt or EventFilter()
    q = select(E).where(and_(True, *_where(flt))).order_by(E.c.date.desc(), E.c.id).offset(flt.offset)
    if flt.limit is not None:
        q = q.limit(flt.limit)
    with store.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(q)]


def event_objects(store: Store, flt: EventFilter | None = None) -> list[dict[str, Any]]:
    rows = event_rows(store, flt)
    if not rows:
        return []
    ids = [r["id"] for r in rows]
    reports: dict[str, list[dict[str, Any]]] = defaultdict(list)
    roles: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    entities: dict[str, dict[str, Any]] = {}
    with store.engine.connect() as conn:
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            for rep in conn.execute(select(R).where(R.c.event_id.in_(chunk)).order_by(R.c.id)):
                d = dict(rep._mapping)
                reports[d["event_id"]].append(
                    {k: d[k] for k in ("article_id", "outlet", "url", "sentence", "quote", "confidence")}
                )
            for eid, ent_id, role in conn.execute(
                select(EA.c.event_id, EA.c.entity_id, EA.c.role).where(EA.c.event_id.in_(chunk)).order_by(EA.c.id)
            ):
                roles[eid][role].append(ent_id)
        ent_ids = sorted({x for r in roles.values() for xs in r.values() for x in xs})
        for i in range(0, len(ent_ids), 500):
            for ent in conn.execute(select(ENT).where(ENT.c.id.in_(ent_ids[i : i + 500]))):
                d = dict(ent._mapping)
                entities[d["id"]] = {k: d[k] for k in ("id", "type", "name", "name_en", "kb_id", "country", "actor_code",
                                                       "lat", "lon")}
    out = []
    for r in rows:
        data = json.loads(r["data"])
        rl = roles[r["id"]]
        obj = dict(data)
        obj.update(
            id=r["id"], cameo=r["cameo"], plover=r["plover"], date=r["date"], status=r["status"],
            source=list(dict.fromkeys(rl.get("source", []))), target=list(dict.fromkeys(rl.get("target", []))),
            location=r["location_id"], summary_en=r["summary_en"] or data.get("summary_en", ""),
            confidence=r["confidence"],
        )
        obj["source_actors"] = [entities[e] for e in obj["source"] if e in entities]
        obj["target_actors"] = [entities[e] for e in obj["target"] if e in entities]
        obj["location_entity"] = entities.get(r["location_id"]) if r["location_id"] else None
        obj["reports"] = reports[r["id"]]
        obj["num_sources"] = r["num_sources"]
        obj["num_articles"] = r["num_articles"]
        obj["num_mentions"] = r["num_mentions"]
        obj["first_article_id"] = r["first_article_id"]
        out.append(obj)
    return out


def entities(store: Store, *, type: str | None = None, name: str | None = None, limit: int | None = 100) -> list[dict[str, Any]]:
    mentions = m.Mention.__table__
    cnt = func.count(func.distinct(mentions.c.article_id)).label("articles")
    q = select(ENT, cnt).select_from(ENT.outerjoin(mentions, mentions.c.entity_id == ENT.c.id)).group_by(ENT.c.id)
    if type:
        q = q.where(ENT.c.type == type.upper())
    if name:
        q = q.where(_entity_match(name))
    q = q.order_by(cnt.desc(), ENT.c.id)
    if limit is not None:
        q = q.limit(limit)
    with store.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(q)]


def stories(store: Store, *, since: str | None = None, until: str | None = None, limit: int | None = None,
            min_articles: int = MIN_STORY_ARTICLES) -> list[dict[str, Any]]:
    q = select(S).where(S.c.num_articles >= min_articles)
    if since:
        q = q.where(S.c.end_date >= since)
    if until:
        q = q.where(S.c.start_date <= until)
    q = q.order_by(S.c.num_articles.desc(), S.c.start_date, S.c.id)
    if limit is not None:
        q = q.limit(limit)
    with store.engine.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(q)]
        out = []
        for st in rows:
            arts = conn.execute(
                select(A.c.id, A.c.url, A.c.outlet, A.c.title, A.c.published, SA.c.similarity)
                .join(SA, SA.c.article_id == A.c.id)
                .where(SA.c.story_id == st["id"])
                .order_by(A.c.published, SA.c.id)
            ).all()
            art_ids = [a.id for a in arts]
            ev_ids = conn.execute(
                select(R.c.event_id).where(R.c.article_id.in_(art_ids)).distinct().order_by(R.c.event_id)
            ).scalars().all() if art_ids else []
            out.append(
                {
                    "id": st["id"], "label": st["label"], "start": st["start_date"], "end": st["end_date"],
                    "num_articles": st["num_articles"], "num_outlets": st["num_outlets"],
                    "outlets": sorted({a.outlet for a in arts if a.outlet}),
                    "articles": [{"id": a.id, "url": a.url, "outlet": a.outlet, "title": a.title,
                                  "published": a.published} for a in arts],
                    "events": list(ev_ids),
                }
            )
    return out


def article(store: Store, article_id: str) -> dict[str, Any] | None:
    with store.engine.connect() as conn:
        row = conn.execute(select(A).where(A.c.id == article_id)).first()
    if row is None:
        return None
    d = dict(row._mapping)
    out = {k: d[k] for k in ("id", "url", "outlet", "title", "published", "language", "version", "status",
                             "duplicate_of", "similarity", "skip_reason", "content_hash")}
    out["document"] = json.loads(d["doc"])
    return out


_TOKEN = re.compile(r"\w+", re.UNICODE)


def search(store: Store, query: str, *, limit: int = 20) -> list[dict[str, Any]]:
    """Articles matching every word of ``query`` (normalized like the indexed text), best first."""
    words = _TOKEN.findall(norm(query))
    if not words:
        return []
    cols = "a.id, a.title, a.url, a.outlet, a.published"
    with store.engine.connect() as conn:
        if store.dialect == "sqlite":
            fts = " ".join('"' + w.replace('"', "") + '"' for w in words)
            rows = conn.execute(
                text(f"SELECT {cols}, snippet(article_search, 1, '[', ']', '…', 12) AS snippet "
                     "FROM article_search JOIN articles a ON a.id = article_search.article_id "
                     "WHERE article_search MATCH :q ORDER BY rank LIMIT :n"),
                {"q": fts, "n": limit},
            )
        else:
            rows = conn.execute(
                text(f"SELECT {cols}, ts_headline('simple', s.body, q, 'MaxWords=24, MinWords=8') AS snippet "
                     "FROM article_search s JOIN articles a ON a.id = s.article_id, "
                     "plainto_tsquery('simple', :q) q WHERE s.tsv @@ q ORDER BY ts_rank(s.tsv, q) DESC, a.id LIMIT :n"),
                {"q": " ".join(words), "n": limit},
            )
        return [dict(r._mapping) for r in rows]
