"""Entities: the list (most mentioned first) and one entity's page data."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from marsad.api.queries.common import clamp_limit, decode_cursor, encode_cursor, page
from marsad.api.queries.events import EventFilters, entity_brief, list_events
from marsad.errors import NotFoundError
from marsad.store.models import Article, Entity, Event, EventActor, Mention, Quote
from marsad.store.queries import _entity_match as store_entity_match


def list_entities(
    session: Session,
    *,
    q: str | None = None,
    type: str | None = None,
    country: str | None = None,
    limit: int = 50,
    cursor: str | None = None,
) -> dict[str, Any]:
    limit = clamp_limit(limit)
    offset = 0
    after = decode_cursor(cursor, size=1)
    if after is not None:
        offset = max(0, int(after[0]))
    n_mentions = func.count(Mention.id).label("n_mentions")
    n_articles = func.count(func.distinct(Mention.article_id)).label("n_articles")
    stmt = select(Entity, n_mentions, n_articles).outerjoin(Mention, Mention.entity_id == Entity.id)
    if q:
        stmt = stmt.where(store_entity_match(q))
    if type:
        stmt = stmt.where(Entity.type == type.upper())
    if country:
        stmt = stmt.where(Entity.country == country.upper())
    stmt = stmt.group_by(Entity.id).order_by(n_mentions.desc(), Entity.id).offset(offset).limit(limit + 1)
    rows = list(session.execute(stmt))
    more = len(rows) > limit
    rows = rows[:limit]
    items = []
    for ent, nm, na in rows:
        item = entity_brief(ent)
        item.update({"mentions": nm, "articles": na})
        items.append(item)
    return page(items, next_cursor=encode_cursor([offset + limit]) if more else None)


def _role(session: Session, ent: Entity) -> str | None:
    """The role (e.g. "intelligence chief") the newest article gives this entity, if any."""
    row = session.execute(
        select(Article.doc, Mention.local_id)
        .join(Mention, Mention.article_id == Article.id)
        .where(Mention.entity_id == ent.id)
        .order_by(Article.published.desc())
        .limit(1)
    ).first()
    if row is None:
        return None
    try:
        doc = json.loads(row[0])
    except ValueError:
        return None
    for local in doc.get("entities", []):
        if local.get("id") == row[1]:
            role = local.get("role")
            return str(role) if role else None
    return None


def get_entity(session: Session, *, entity_id: str) -> dict[str, Any]:
    ent = session.get(Entity, entity_id)
    if ent is None:
        raise NotFoundError("no entity with this id", value=entity_id)
    out = entity_brief(ent)
    out["kb_id"] = ent.kb_id
    out["role"] = _role(session, ent)

    arts = session.execute(
        select(Article, func.count(Mention.id))
        .join(Mention, Mention.article_id == Article.id)
        .where(Mention.entity_id == ent.id)
        .group_by(Article.id)
        .order_by(Article.published.desc(), Article.id)
    ).all()
    out["mentions"] = sum(n for _, n in arts)
    out["articles"] = [
        {
            "id": a.id,
            "title": a.title,
            "outlet": a.outlet,
            "url": a.url,
            "published": a.published,
            "mentions": n,
        }
        for a, n in arts[:100]
    ]
    out["n_articles"] = len(arts)

    # timeline: mentions by publication day and events by event day
    mentions_by_day: Counter[str] = Counter()
    for a, n in arts:
        if a.published:
            mentions_by_day[a.published] += n
    events_by_day: Counter[str] = Counter(
        d
        for (d,) in session.execute(
            select(Event.date)
            .join(EventActor, EventActor.event_id == Event.id)
            .where(EventActor.entity_id == ent.id, Event.date.is_not(None))
            .distinct()
        )
        if d
    )
    days = sorted(set(mentions_by_day) | set(events_by_day))
    out["timeline"] = [{"date": d, "mentions": mentions_by_day[d], "events": events_by_day[d]} for d in days]

    # partners: the other side of its events, weighted by the number of events
    me = aliased(EventActor)
    other = aliased(EventActor)
    pairs = session.execute(
        select(Entity, func.count(func.distinct(me.event_id)))
        .select_from(me)
        .join(other, other.event_id == me.event_id)
        .join(Entity, Entity.id == other.entity_id)
        .where(
            me.entity_id == ent.id,
            me.role.in_(("source", "target")),
            other.role.in_(("source", "target")),
            other.role != me.role,
            other.entity_id != ent.id,
        )
        .group_by(Entity.id)
        .order_by(func.count(func.distinct(me.event_id)).desc())
        .limit(30)
    ).all()
    out["partners"] = [dict(entity_brief(p), events=n) for p, n in pairs]

    quotes = session.execute(
        select(Quote, Article)
        .join(Article, Article.id == Quote.article_id)
        .where(Quote.speaker_id == ent.id)
        .order_by(Article.published.desc())
        .limit(50)
    ).all()
    out["quotes"] = [
        {
            "article": a.id,
            "title": a.title,
            "outlet": a.outlet,
            "published": a.published,
            "cue": q.cue,
            "content": q.content,
            "direct": q.direct,
        }
        for q, a in quotes
    ]
    out["events"] = list_events(session, filters=EventFilters(entity=ent.id), limit=100)
    return out
