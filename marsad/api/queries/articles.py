"""Articles: the list, one article's Document JSON with its corpus links, and text search."""

from __future__ import annotations

import json
import re
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from marsad.api.queries.common import clamp_limit, decode_cursor, encode_cursor, like_pattern, page
from marsad.api.queries.events import entity_brief
from marsad.errors import NotFoundError
from marsad.store.models import Article, Entity, EventReport, Mention, Story, StoryArticle
from marsad.store.queries import MIN_STORY_ARTICLES
from marsad.store.queries import _entity_match as store_entity_match
from marsad.store.queries import search as store_search
from marsad.store.store import Store


def _brief(art: Article, *, events: int = 0, entities: int = 0) -> dict[str, Any]:
    return {
        "id": art.id,
        "title": art.title,
        "outlet": art.outlet,
        "url": art.url,
        "published": art.published,
        "status": art.status,
        "events": events,
        "entities": entities,
    }


def _counts(session: Session, ids: list[str]) -> tuple[dict[str, int], dict[str, int]]:
    if not ids:
        return {}, {}
    ev = dict(
        session.execute(
            select(EventReport.article_id, func.count(EventReport.id))
            .where(EventReport.article_id.in_(ids))
            .group_by(EventReport.article_id)
        ).all()
    )
    en = dict(
        session.execute(
            select(Mention.article_id, func.count(func.distinct(Mention.entity_id)))
            .where(Mention.article_id.in_(ids))
            .group_by(Mention.article_id)
        ).all()
    )
    return ev, en


def list_articles(
    session: Session, *, outlet: str | None = None, limit: int = 50, cursor: str | None = None
) -> dict[str, Any]:
    limit = clamp_limit(limit)
    pub = func.coalesce(Article.published, "")
    stmt = select(Article).where(Article.current.is_(True))
    if outlet:
        stmt = stmt.where(Article.outlet == outlet)
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    after = decode_cursor(cursor, size=2)
    if after is not None:
        stmt = stmt.where(or_(pub < str(after[0]), and_(pub == str(after[0]), Article.id < str(after[1]))))
    rows = list(session.scalars(stmt.order_by(pub.desc(), Article.id.desc()).limit(limit + 1)))
    more = len(rows) > limit
    rows = rows[:limit]
    ev, en = _counts(session, [a.id for a in rows])
    items = [_brief(a, events=ev.get(a.id, 0), entities=en.get(a.id, 0)) for a in rows]
    nxt = encode_cursor([rows[-1].published or "", rows[-1].id]) if more and rows else None
    return page(items, next_cursor=nxt, total=total)


def get_article(session: Session, *, article_id: str) -> dict[str, Any]:
    """The stored Document JSON, plus ``corpus``: how its local ids map to corpus ids."""
    art = session.get(Article, article_id)
    if art is None:
        raise NotFoundError("no article with this id", value=article_id)
    doc: dict[str, Any] = json.loads(art.doc)
    entity_map = dict(
        session.execute(
            select(Mention.local_id, Mention.entity_id).where(Mention.article_id == art.id).distinct()
        ).all()
    )
    event_map = dict(
        session.execute(
            select(EventReport.local_id, EventReport.event_id).where(EventReport.article_id == art.id)
        ).all()
    )
    stories = [
        {"id": s.id, "label": s.label, "articles": s.num_articles, "outlets": s.num_outlets}
        for s in session.scalars(
            select(Story)
            .join(StoryArticle, StoryArticle.story_id == Story.id)
            .where(StoryArticle.article_id == art.id, Story.num_articles >= MIN_STORY_ARTICLES)
        )
    ]
    doc["corpus"] = {
        "entities": entity_map,
        "events": event_map,
        "stories": stories,
        "status": art.status,
        "duplicate_of": art.duplicate_of,
    }
    return doc


_WORD = re.compile(r"\w+", re.UNICODE)


def _snippet(body: str, terms: list[str], *, width: int = 90) -> str:
    pos = -1
    for term in terms:
        pos = body.find(term)
        if pos >= 0:
            break
    if pos < 0:
        return body[: 2 * width].strip()
    start = max(0, pos - width)
    end = min(len(body), pos + width)
    return ("…" if start else "") + body[start:end].strip() + ("…" if end < len(body) else "")


def search(session: Session, *, store: Store, q: str, limit: int = 20) -> dict[str, Any]:
    """Articles (the store's full-text index, then plain substring match) and entities matching ``q``."""
    limit = clamp_limit(limit)
    q = q.strip()
    terms = _WORD.findall(q) or [q]
    ids = [str(r["id"]) for r in store_search(store, q, limit=limit)]
    pat = like_pattern(q)
    if len(ids) < limit:
        extra = session.scalars(
            select(Article.id)
            .where(
                Article.current.is_(True),
                or_(Article.title.like(pat, escape="\\"), Article.text.like(pat, escape="\\")),
            )
            .limit(limit)
        )
        ids += [i for i in extra if i not in ids]
    ids = ids[:limit]
    arts = {a.id: a for a in session.scalars(select(Article).where(Article.id.in_(ids)))}
    ev, en = _counts(session, ids)
    articles = []
    for i in ids:
        art = arts.get(i)
        if art is None:
            continue
        item = _brief(art, events=ev.get(i, 0), entities=en.get(i, 0))
        item["snippet"] = _snippet(art.text, [q, *terms])
        articles.append(item)
    ents = list(session.scalars(select(Entity).where(store_entity_match(q)).limit(limit)))
    return {"q": q, "articles": articles, "entities": [entity_brief(e) for e in ents]}
