"""Events: filtering, keyset pagination by (date, id) newest first, and their JSON."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import Select, func, literal_column, select, tuple_, union_all
from sqlalchemy.orm import Session

from marsad.api.queries.common import clamp_limit, decode_cursor, encode_cursor, page
from marsad.errors import BadQueryError, NotFoundError
from marsad.store.models import Article, Entity, Event, EventActor, EventReport, StoryArticle
from marsad.store.queries import EventFilter as StoreEventFilter
from marsad.store.queries import _where as store_event_conditions


@dataclass(frozen=True, slots=True)
class EventFilters:
    """What ``GET /api/events`` (and the charts) can filter on; ``None`` means any."""

    actor: str | None = None  # entity id, or part of a name / English name, or a CAMEO actor code
    country: str | None = None  # ISO alpha-3 of an actor or of the place
    cameo: str | None = None  # code prefix: "04" or "043"
    root: str | None = None  # CAMEO root "04"
    plover: str | None = None
    place: str | None = None  # place entity id or part of its name
    since: str | None = None  # YYYY-MM-DD, inclusive
    until: str | None = None
    status: str | None = None
    outlet: str | None = None
    min_fatalities: int | None = None  # events with at least this many killed
    article: str | None = None  # reported by this article
    story: str | None = None  # reported by an article of this story
    entity: str | None = None  # this entity id in any role


def entity_brief(ent: Any) -> dict[str, Any]:
    """An entity (ORM object or a row of ``ENTITY_COLS``) as the API shows it inline."""
    return {
        "id": ent.id,
        "type": ent.type,
        "name": ent.name,
        "name_en": ent.name_en,
        "country": ent.country,
        "actor_code": ent.actor_code,
        "lat": ent.lat,
        "lon": ent.lon,
    }


def _date(value: str, *, name: str) -> str:
    if len(value) not in (4, 7, 10) or not value[:4].isdigit():
        raise BadQueryError(f"{name} must be a date YYYY-MM-DD", value=value)
    return value


def store_filter(f: EventFilters, **paging: Any) -> StoreEventFilter:
    """The part of the API's filters that the store's event filter (``marsad events``) knows."""
    return StoreEventFilter(
        actor=f.actor,
        country=f.country,
        cameo=f.cameo,
        root=f.root,
        plover=f.plover,
        place=f.place,
        since=f.since,
        until=f.until,
        status=f.status,
        outlet=f.outlet,
        min_fatalities=f.min_fatalities,
        **paging,
    )


def apply_filters(stmt: Select[Any], f: EventFilters, *, dialect: str | None = None) -> Select[Any]:
    """The store's event filter (``marsad events``) plus the API's article/story/entity filters.

    ``dialect="sqlite"`` adds conditions implied by the filters that let SQLite's planner use an
    index (PostgreSQL's planner misjudges them, so they are not added there)."""
    if f.since:
        _date(f.since, name="since")
    if f.until:
        _date(f.until, name="until")
    conds = store_event_conditions(store_filter(f))
    # the same date bounds on the sort expression (implied by date >= since / date <= until, so
    # the rows do not change): a page or a count then reads one range of ix_events_sort
    if f.since:
        conds.append(_sort_date() >= f.since)
    if f.until:
        conds.append(_sort_date() <= f.until)
    code = (f.cameo or "").strip()
    if dialect == "sqlite" and code.isascii() and code.isdigit() and len(code) >= 2:
        # a prefix of digits is a range of codes under its root (root is cameo[:2]): the page reads
        # ix_events_root_sort in order, the count a range of ix_events_cameo (LIKE uses no index)
        conds += [Event.root == code[:2], Event.cameo >= code, Event.cameo < code[:-1] + chr(ord(code[-1]) + 1)]
    if conds:
        stmt = stmt.where(*conds)
    if f.entity:
        stmt = stmt.where(Event.id.in_(select(EventActor.event_id).where(EventActor.entity_id == f.entity)))
    if f.article:
        stmt = stmt.where(
            Event.id.in_(select(EventReport.event_id).where(EventReport.article_id == f.article))
        )
    if f.story:
        arts = select(StoryArticle.article_id).where(StoryArticle.story_id == f.story)
        stmt = stmt.where(Event.id.in_(select(EventReport.event_id).where(EventReport.article_id.in_(arts))))
    return stmt


def _sort_date() -> Any:
    # '' written into the SQL (not a bound parameter), so that it is the expression of the
    # ix_events_sort / ix_events_root_sort indexes (migration 0002) and a page is read in order
    return func.coalesce(Event.date, literal_column("''"))


ENTITY_COLS = (Entity.id, Entity.type, Entity.name, Entity.name_en, Entity.country, Entity.actor_code, Entity.lat,
               Entity.lon)
# the columns a list item needs: selected as plain rows (no ORM objects to build for a page)
EVENT_COLS = (Event.id, Event.cameo, Event.root, Event.plover, Event.date, Event.status, Event.summary_en,
              Event.goldstein, Event.confidence, Event.fatalities, Event.injured, Event.location, Event.country,
              Event.location_id, Event.data, Event.num_articles, Event.num_sources, Event.num_mentions)


_ENT = "en.id, en.type, en.name, en.name_en, en.country, en.actor_code, en.lat, en.lon"
# The three look-ups of a page as fixed driver SQL over a list of event ids (a JSON array for
# SQLite, an array for PostgreSQL): no statement to build, compile or cache-key per request and
# plain tuples back -- these were half of a request's CPU time (docs/reliability.md).
_SERIALIZE_SQL = {
    "actors": (
        f"SELECT ea.event_id, ea.role, {_ENT} FROM event_actors ea JOIN entities en ON en.id = ea.entity_id "
        "WHERE ea.event_id IN ({ids}) AND ea.role IN ('source', 'target') ORDER BY ea.id"
    ),
    "places": f"SELECT {_ENT} FROM entities en WHERE en.id IN ({{ids}})",
    "reports": (
        "SELECT r.event_id, r.article_id, r.outlet, r.url, a.title, a.published, r.sentence, r.quote, r.local_id "
        "FROM event_reports r JOIN articles a ON a.id = r.article_id WHERE r.event_id IN ({ids}) "
        "ORDER BY a.published, a.id"
    ),
}
_ID_LIST = {"sqlite": ("SELECT value FROM json_each(?)", json.dumps), "postgresql": ("SELECT unnest(%s::text[])", list)}


def _lookup(session: Session, name: str, ids: list[str]) -> list[tuple[Any, ...]]:
    conn = session.connection()
    placeholder, encode = _ID_LIST[conn.dialect.name]
    cursor = conn.connection.cursor()  # the DBAPI cursor of this session's connection
    try:
        cursor.execute(_SERIALIZE_SQL[name].format(ids=placeholder), (encode(ids),))
        return list(cursor.fetchall())
    finally:
        cursor.close()


def _brief(row: tuple[Any, ...]) -> dict[str, Any]:
    """``entity_brief`` of a tuple in the order of ``_ENT``."""
    return {"id": row[0], "type": row[1], "name": row[2], "name_en": row[3], "country": row[4],
            "actor_code": row[5], "lat": row[6], "lon": row[7]}


def serialize_events(session: Session, events: list[Any]) -> list[dict[str, Any]]:
    """Events (ORM objects or rows of ``EVENT_COLS``) with their actors, place and reports resolved:
    three batch look-ups (no N+1, no ORM objects)."""
    if not events:
        return []
    ids = [e.id for e in events]
    roles: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: {"source": [], "target": []})
    for row in _lookup(session, "actors", ids):
        roles[row[0]][row[1]].append(_brief(row[2:]))
    place_ids = sorted({e.location_id for e in events if e.location_id})
    places = {row[0]: _brief(row) for row in _lookup(session, "places", place_ids)} if place_ids else {}
    reports: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for ev_id, article, outlet, url, title, published, sentence, quote, local_id in _lookup(session, "reports", ids):
        reports[ev_id].append(
            {
                "article": article,
                "outlet": outlet,
                "url": url,
                "title": title,
                "published": published,
                "sentence": sentence,
                "quote": quote,
                "local_id": local_id,
            }
        )
    out = []
    for ev in events:
        out.append(
            {
                "id": ev.id,
                "cameo": ev.cameo,
                "root": ev.root,
                "plover": ev.plover,
                "date": ev.date,
                "status": ev.status,
                "summary_en": ev.summary_en,
                "goldstein": ev.goldstein,
                "confidence": ev.confidence,
                "fatalities": ev.fatalities,
                "injured": ev.injured,
                "location": ev.location,
                "country": ev.country,
                "place": places.get(ev.location_id) if ev.location_id else None,
                "source": roles[ev.id]["source"],
                "target": roles[ev.id]["target"],
                "trigger": _trigger_text(ev.data),
                "num_articles": ev.num_articles,
                "num_sources": ev.num_sources,
                "num_mentions": ev.num_mentions,
                "reports": reports.get(ev.id, []),
            }
        )
    return out


def _trigger_text(data: str | None) -> str | None:
    try:
        parsed = json.loads(data) if data else {}
    except ValueError:
        return None
    trigger = parsed.get("trigger") if isinstance(parsed, dict) else None
    text = trigger.get("text") if isinstance(trigger, dict) else None
    return text if isinstance(text, str) else None


def list_events(
    session: Session, *, filters: EventFilters, limit: int = 50, cursor: str | None = None
) -> dict[str, Any]:
    limit = clamp_limit(limit)
    after = decode_cursor(cursor, size=2)
    total: int | None = None
    capped = False
    if after is None:
        # counted on the first page only, and at most TOTAL_CAP rows: an exact count of a million
        # events on every page costs seconds (docs/reliability.md)
        n = capped_count(session, filters, cap=TOTAL_CAP + 1)
        total, capped = min(n, TOTAL_CAP), n > TOTAL_CAP
    stmt = apply_filters(select(*EVENT_COLS), filters, dialect=session.connection().dialect.name)
    if after is not None:
        d, i = str(after[0]), str(after[1])
        # a row-value comparison (not "a < d OR (a = d AND id < i)", which SQLite answers with a
        # MULTI-INDEX OR and a sort of every match: 6 s for outlet+since), plus its first column
        # alone as the upper end of the index range
        stmt = stmt.where(tuple_(_sort_date(), Event.id) < tuple_(d, i), _sort_date() <= d)
    stmt = stmt.order_by(_sort_date().desc(), Event.id.desc()).limit(limit + 1)
    rows = list(session.connection().execute(stmt))
    more = len(rows) > limit
    rows = rows[:limit]
    nxt = encode_cursor([rows[-1].date or "", rows[-1].id]) if more and rows else None
    return page(serialize_events(session, rows), next_cursor=nxt, total=total, total_capped=capped)


TOTAL_CAP = 1_000


def capped_count(session: Session, f: EventFilters, *, cap: int) -> int:
    """How many events match, counting at most ``cap``.

    An ``outlet`` filter (and on SQLite a ``country`` filter) is counted from the rows that name
    it (the outlet's reports; the events placed in the country and the actors of the country's
    entities), by index, with the other filters on their events, ``DISTINCT`` event ids up to
    ``cap``: the plain count tests every event in turn until ``cap`` matched (0.1-0.3 s on
    1,000,000 events, docs/reliability.md). The number is the same.
    """
    conn = session.connection()
    return int(conn.execute(capped_count_statement(f, cap=cap, dialect=conn.dialect.name)).scalar() or 0)


def capped_count_statement(f: EventFilters, *, cap: int, dialect: str) -> Select[Any]:
    """The statement of ``capped_count`` (``SELECT count(*) FROM (… LIMIT cap)``)."""
    if f.outlet and not (f.entity or f.article or f.story):
        rest = apply_filters(select(EventReport.event_id), replace(f, outlet=None), dialect=dialect)
        ids = (
            rest.join(Event, Event.id == EventReport.event_id)
            .where(EventReport.outlet == f.outlet)
            .distinct()
            .limit(cap)
        )
    elif f.country and dialect == "sqlite" and not (f.entity or f.article or f.story):
        # (PostgreSQL plans this DISTINCT over a UNION ALL as a hash of every row: 2 s; the
        # plain count below takes 0.2 s there)
        c = f.country.strip().upper()
        g = replace(f, country=None)
        placed = apply_filters(select(Event.id.label("id")), g, dialect=dialect).where(Event.country == c)
        acting = apply_filters(select(EventActor.event_id.label("id")), g, dialect=dialect).join(
            Event, Event.id == EventActor.event_id
        ).where(EventActor.entity_id.in_(select(Entity.id).where(Entity.country == c)))
        both = union_all(placed, acting).subquery()
        ids = select(both.c.id).distinct().limit(cap)
    else:
        ids = apply_filters(select(Event.id), f, dialect=dialect).limit(cap)
    return select(func.count()).select_from(ids.subquery())


def all_events(session: Session, *, filters: EventFilters, cap: int = 5000) -> list[Event]:
    """Matching events (newest first, at most ``cap``) as ORM rows, for charts and exports."""
    stmt = apply_filters(select(Event), filters).order_by(_sort_date().desc(), Event.id.desc()).limit(cap)
    return list(session.scalars(stmt))


def get_event(session: Session, *, event_id: str) -> dict[str, Any]:
    ev = session.get(Event, event_id)
    if ev is None:
        raise NotFoundError("no event with this id", value=event_id)
    return serialize_events(session, [ev])[0]
