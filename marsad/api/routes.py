"""The REST endpoints under ``/api/``: reads (open unless a read token is set) and writes."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import StreamingResponse

from marsad.api.export import export_stream
from marsad.api.models import AnalyzeRequest
from marsad.api.queries import articles as qa
from marsad.api.queries import charts as qc
from marsad.api.queries import entities as qe
from marsad.api.queries import stories as qs
from marsad.api.queries.events import EventFilters, get_event, list_events
from marsad.api.security import require_read, require_write
from marsad.api.store import ApiStore


def _error(description: str) -> dict[str, Any]:
    """An error answer in the schema: ``{"error": {"code", "message"}}`` (``marsad.api.errors``)."""
    body = {"type": "object", "properties": {"code": {"type": "string"}, "message": {"type": "string"}},
            "required": ["code", "message"]}
    schema = {"type": "object", "properties": {"error": body}, "required": ["error"]}
    return {"description": description, "content": {"application/json": {"schema": schema}}}


# the errors any endpoint can answer, documented in /openapi.json (schemathesis checks them)
ERRORS: dict[int | str, dict[str, Any]] = {
    400: _error("a query parameter that is not valid (E604: bad cursor, date ...)"),
    401: _error("the token this server needs is missing or wrong (E601)"),
    404: _error("no such article, event, entity or story (E602)"),
    413: _error("the request body is too large (E106)"),
    429: _error("too many requests from this address (E605); see Retry-After"),
    503: _error("the request took longer than the server's time limit (E603)"),
}

read_router = APIRouter(prefix="/api", dependencies=[Depends(require_read)], responses=ERRORS)
write_router = APIRouter(prefix="/api", dependencies=[Depends(require_write)], responses=ERRORS)

Limit = Annotated[int, Query(ge=1, le=500, description="items per page")]
Cursor = Annotated[str | None, Query(description="next_cursor of the previous page")]


def _store(request: Request) -> ApiStore:
    store: ApiStore = request.app.state.store
    return store


def event_filters(
    actor: Annotated[str | None, Query(description="entity id, part of a name, or CAMEO actor code")] = None,
    country: Annotated[str | None, Query(description="ISO 3166-1 alpha-3 of an actor or the place")] = None,
    cameo: Annotated[str | None, Query(description="CAMEO code prefix, e.g. 04 or 043")] = None,
    root: Annotated[str | None, Query(description="CAMEO root, e.g. 04")] = None,
    plover: Annotated[str | None, Query(description="PLOVER event type, e.g. CONSULT")] = None,
    place: Annotated[str | None, Query(description="place entity id or part of its name")] = None,
    since: Annotated[str | None, Query(description="from this date (YYYY-MM-DD)")] = None,
    until: Annotated[str | None, Query(description="up to this date (YYYY-MM-DD)")] = None,
    status: Annotated[
        Literal["asserted", "reported", "denied", "planned", "hypothetical"] | None, Query()
    ] = None,
    outlet: Annotated[str | None, Query(description="reported by this outlet")] = None,
    min_fatalities: Annotated[int | None, Query(ge=0, le=10_000_000, description="at least this many killed")] = None,
    article: Annotated[str | None, Query(description="reported by this article id")] = None,
    story: Annotated[str | None, Query(description="reported in this story")] = None,
    entity: Annotated[str | None, Query(description="entity id in any role")] = None,
) -> EventFilters:
    return EventFilters(
        actor=actor,
        country=country,
        cameo=cameo,
        root=root,
        plover=plover,
        place=place,
        since=since,
        until=until,
        status=status,
        outlet=outlet,
        min_fatalities=min_fatalities,
        article=article,
        story=story,
        entity=entity,
    )


Filters = Annotated[EventFilters, Depends(event_filters)]


@read_router.get("/stats", summary="Corpus figures")
def get_stats(request: Request) -> dict[str, Any]:
    with _store(request).session() as s:
        return qc.stats(s, store=_store(request).store)


@read_router.get("/articles", summary="Articles, newest first")
def get_articles(
    request: Request, outlet: str | None = None, limit: Limit = 50, cursor: Cursor = None
) -> dict[str, Any]:
    with _store(request).session() as s:
        return qa.list_articles(s, outlet=outlet, limit=limit, cursor=cursor)


@read_router.get("/articles/{article_id}", summary="One article as Document JSON (+ corpus links)")
def get_article(request: Request, article_id: str) -> dict[str, Any]:
    with _store(request).session() as s:
        return qa.get_article(s, article_id=article_id)


@read_router.get("/events", summary="Events (merged across articles), newest first")
def get_events(
    request: Request, filters: Filters, limit: Limit = 50, cursor: Cursor = None
) -> dict[str, Any]:
    with _store(request).session() as s:
        return list_events(s, filters=filters, limit=limit, cursor=cursor)


@read_router.get("/events/{event_id}", summary="One event with every report")
def get_one_event(request: Request, event_id: str) -> dict[str, Any]:
    with _store(request).session() as s:
        return get_event(s, event_id=event_id)


@read_router.get("/entities", summary="Entities, most mentioned first")
def get_entities(
    request: Request,
    q: str | None = None,
    type: Annotated[Literal["PER", "ORG", "LOC", "MISC"] | None, Query()] = None,
    country: str | None = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> dict[str, Any]:
    with _store(request).session() as s:
        return qe.list_entities(s, q=q, type=type, country=country, limit=limit, cursor=cursor)


@read_router.get("/entities/{entity_id}", summary="One entity: names, role, timeline, partners, events")
def get_entity(request: Request, entity_id: str) -> dict[str, Any]:
    with _store(request).session() as s:
        return qe.get_entity(s, entity_id=entity_id)


@read_router.get("/stories", summary="Stories: the same news across outlets")
def get_stories(
    request: Request, article: str | None = None, limit: Limit = 50, cursor: Cursor = None
) -> dict[str, Any]:
    with _store(request).session() as s:
        return qs.list_stories(s, article=article, limit=limit, cursor=cursor)


@read_router.get("/stories/{story_id}", summary="One story with every report")
def get_story(request: Request, story_id: str) -> dict[str, Any]:
    with _store(request).session() as s:
        return qs.get_story(s, story_id=story_id)


@read_router.get("/search", summary="Full-text search over articles, and entity names")
def get_search(
    request: Request, q: Annotated[str, Query(min_length=1, max_length=500)], limit: Limit = 20
) -> dict[str, Any]:
    with _store(request).session() as s:
        return qa.search(s, store=_store(request).store, q=q, limit=limit)


@read_router.get("/timeline", summary="Event counts by day and CAMEO root or PLOVER type")
def get_timeline(
    request: Request, filters: Filters, by: Annotated[Literal["root", "plover"], Query()] = "root"
) -> dict[str, Any]:
    with _store(request).session() as s:
        return qc.timeline(s, filters=filters, by=by)


@read_router.get("/geo", summary="Places with coordinates and their events")
def get_geo(request: Request, filters: Filters) -> dict[str, Any]:
    with _store(request).session() as s:
        return qc.geo(s, filters=filters)


@read_router.get("/network", summary="Actor network: who acts on whom, weighted by events")
def get_network(
    request: Request, filters: Filters, max_nodes: Annotated[int, Query(ge=2, le=300)] = 60
) -> dict[str, Any]:
    with _store(request).session() as s:
        return qc.network(s, filters=filters, max_nodes=max_nodes)


@read_router.get(
    "/export",
    summary="Download events as CSV, ACLED-style CSV, JSON Lines or GDELT 2.0 TSV",
    response_class=StreamingResponse,
    responses={200: {"description": "the file", "content": {
        "text/csv": {}, "application/x-ndjson": {}, "text/tab-separated-values": {}}}},
)
def get_export(
    request: Request, filters: Filters, format: Annotated[Literal["csv", "acled", "jsonl", "gdelt"], Query()] = "csv"
) -> StreamingResponse:
    media, name, chunks = export_stream(_store(request), filters=filters, fmt=format)
    return StreamingResponse(
        chunks, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


@write_router.post("/analyze", summary="Analyse one article and return its Document JSON")
async def post_analyze(request: Request, body: AnalyzeRequest) -> dict[str, Any]:
    from marsad.api.analyze import analyze_request

    return await run_in_threadpool(analyze_request, _store(request), body)


@write_router.post("/articles", status_code=201, summary="Analyse one article and store it in the corpus")
async def post_article(request: Request, body: AnalyzeRequest) -> dict[str, Any]:
    from marsad.api.ingest import ingest_request

    return await run_in_threadpool(ingest_request, _store(request), body)
