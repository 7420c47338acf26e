"""Aggregates for the dashboard: corpus figures, the timeline, the map and the actor network."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from marsad.api.queries.events import EventFilters, all_events, apply_filters, entity_brief
from marsad.errors import BadQueryError
from marsad.store.models import Article, Entity, Event, EventActor
from marsad.store.queries import stats as store_stats
from marsad.store.store import Store


def stats(session: Session, *, store: Store) -> dict[str, Any]:
    """The store's figures (``marsad stats``) plus per-outlet counts and the event date range."""
    outlets = session.execute(
        select(Article.outlet, func.count(Article.id))
        .where(Article.current.is_(True), Article.outlet.is_not(None))
        .group_by(Article.outlet)
        .order_by(func.count(Article.id).desc())
    ).all()
    by_type = dict(session.execute(select(Entity.type, func.count(Entity.id)).group_by(Entity.type)).all())
    by_root = dict(session.execute(select(Event.root, func.count(Event.id)).group_by(Event.root)).all())
    first, last = session.execute(select(func.min(Event.date), func.max(Event.date))).one()
    out: dict[str, Any] = dict(store_stats(store))
    out.update(
        {
            "outlet_articles": [{"outlet": o, "articles": n} for o, n in outlets],
            "entity_types": by_type,
            "cameo_roots": by_root,
            "first_event_date": first,
            "last_event_date": last,
        }
    )
    return out


def timeline(session: Session, *, filters: EventFilters, by: str = "root") -> dict[str, Any]:
    """Event counts per day and per CAMEO root (``by="root"``) or PLOVER type (``by="plover"``)."""
    if by not in ("root", "plover"):
        raise BadQueryError('by must be "root" or "plover"', value=by)
    key = Event.root if by == "root" else func.coalesce(Event.plover, "OTHER")
    stmt = apply_filters(
        select(Event.date, key, func.count(Event.id)).where(Event.date.is_not(None)), filters
    ).group_by(Event.date, key)
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    days: set[str] = set()
    totals: Counter[str] = Counter()
    for day, k, n in session.execute(stmt):
        counts[str(k)][day] = n
        days.add(day)
        totals[str(k)] += n
    series = [{"key": k, "total": totals[k], "counts": counts[k]} for k, _ in totals.most_common()]
    return {"by": by, "days": sorted(days), "series": series}


def geo(session: Session, *, filters: EventFilters, cap: int = 2000) -> dict[str, Any]:
    """Places with coordinates and the events located there."""
    events = [e for e in all_events(session, filters=filters, cap=cap) if e.location_id]
    ids = {e.location_id for e in events}
    places = {p.id: p for p in session.scalars(select(Entity).where(Entity.id.in_(ids)))} if ids else {}
    by_place: dict[str, list[Event]] = defaultdict(list)
    for ev in events:
        p = places.get(ev.location_id or "")
        if p is not None and p.lat is not None and p.lon is not None:
            by_place[p.id].append(ev)
    points = []
    for pid, evs in sorted(by_place.items(), key=lambda kv: -len(kv[1])):
        item = entity_brief(places[pid])
        item["count"] = len(evs)
        item["fatalities"] = sum(e.fatalities or 0 for e in evs)
        item["injured"] = sum(e.injured or 0 for e in evs)
        item["events"] = [
            {"id": e.id, "cameo": e.cameo, "root": e.root, "date": e.date, "summary_en": e.summary_en,
             "fatalities": e.fatalities, "injured": e.injured}
            for e in evs[:20]
        ]
        points.append(item)
    return {"points": points}


def network(session: Session, *, filters: EventFilters, max_nodes: int = 60) -> dict[str, Any]:
    """Who acts on whom: a link source -> target weighted by the number of events."""
    # the filters pick events (a subquery: their EXISTS clauses must not correlate with these rows)
    events = apply_filters(select(Event.id), filters)
    stmt = select(EventActor.event_id, EventActor.entity_id, EventActor.role).where(
        EventActor.role.in_(("source", "target")), EventActor.event_id.in_(events)
    )
    sides: dict[str, dict[str, list[str]]] = defaultdict(lambda: {"source": [], "target": []})
    for event_id, entity_id, role in session.execute(stmt):
        sides[event_id][role].append(entity_id)
    links: Counter[tuple[str, str]] = Counter()
    for s in sides.values():
        for a in set(s["source"]):
            for b in set(s["target"]):
                if a != b:
                    links[(a, b)] += 1
    weight: Counter[str] = Counter()
    for (a, b), n in links.items():
        weight[a] += n
        weight[b] += n
    keep = {e for e, _ in weight.most_common(max_nodes)}
    ents = {e.id: e for e in session.scalars(select(Entity).where(Entity.id.in_(keep)))} if keep else {}
    nodes = [
        dict(entity_brief(ents[e]), weight=weight[e])
        for e in sorted(keep, key=lambda x: -weight[x])
        if e in ents
    ]
    return {
        "nodes": nodes,
        "links": [
            {"source": a, "target": b, "weight": n}
            for (a, b), n in links.most_common()
            if a in ents and b in ents
        ],
    }
