"""Stories: groups of articles about one happening, across outlets."""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from marsad.api.queries.common import clamp_limit, decode_cursor, encode_cursor, page
from marsad.api.queries.events import EventFilters, entity_brief, list_events
from marsad.errors import NotFoundError
from marsad.store.models import Article, Entity, Story, StoryArticle
from marsad.store.queries import MIN_STORY_ARTICLES


def _articles_of(session: Session, story_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    if not story_ids:
        return out
    for link, art in session.execute(
        select(StoryArticle, Article)
        .join(Article, Article.id == StoryArticle.article_id)
        .where(StoryArticle.story_id.in_(story_ids))
        .order_by(Article.published, Article.id)
    ):
        out[link.story_id].append(
            {
                "id": art.id,
                "title": art.title,
                "outlet": art.outlet,
                "url": art.url,
                "published": art.published,
                "similarity": link.similarity,
            }
        )
    return out


def _story(s: Story, articles: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "id": s.id,
        "label": s.label,
        "start_date": s.start_date,
        "end_date": s.end_date,
        "num_articles": s.num_articles,
        "num_outlets": s.num_outlets,
        "articles": articles,
    }


def list_stories(
    session: Session, *, article: str | None = None, limit: int = 50, cursor: str | None = None
) -> dict[str, Any]:
    limit = clamp_limit(limit)
    offset = 0
    after = decode_cursor(cursor, size=1)
    if after is not None:
        offset = max(0, int(after[0]))
    stmt = select(Story).where(Story.num_articles >= MIN_STORY_ARTICLES)
    if article:
        stmt = stmt.where(
            Story.id.in_(select(StoryArticle.story_id).where(StoryArticle.article_id == article))
        )
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    end = func.coalesce(Story.end_date, "")
    rows = list(
        session.scalars(
            stmt.order_by(end.desc(), Story.num_articles.desc(), Story.id).offset(offset).limit(limit + 1)
        )
    )
    more = len(rows) > limit
    rows = rows[:limit]
    arts = _articles_of(session, [s.id for s in rows])
    items = [_story(s, arts.get(s.id, [])) for s in rows]
    return page(items, next_cursor=encode_cursor([offset + limit]) if more else None, total=total)


def get_story(session: Session, *, story_id: str) -> dict[str, Any]:
    s = session.get(Story, story_id)
    if s is None:
        raise NotFoundError("no story with this id", value=story_id)
    out = _story(s, _articles_of(session, [s.id]).get(s.id, []))
    try:
        keys = [str(k) for k in json.loads(s.entity_keys or "[]")]
    except ValueError:
        keys = []
    ents = {e.id: e for e in session.scalars(select(Entity).where(Entity.id.in_(keys)))} if keys else {}
    out["entities"] = [entity_brief(ents[k]) for k in keys if k in ents]
    out["events"] = list_events(session, filters=EventFilters(story=s.id), limit=200)
    out["brief"] = _story_brief(session, [a["id"] for a in out["articles"]])
    return out


def _story_brief(session: Session, article_ids: list[str]) -> dict[str, Any]:
    """The English brief across the story's reports, with the outlets' disagreements."""
    from marsad.document import Document
    from marsad.extract.brief import story_brief
    from marsad.store.models import Article

    docs: list[Document] = []
    for art in session.scalars(select(Article).where(Article.id.in_(article_ids))):
        if not art.doc:
            continue
        try:
            docs.append(Document.from_dict(json.loads(art.doc)))
        except (ValueError, KeyError, TypeError):
            continue  # a stored document of another schema: left out of the brief
    return story_brief(docs)
