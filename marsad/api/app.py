"""The FastAPI application: REST API under ``/api/``, the dashboard at ``/``, docs at ``/docs``.

``create_app(db=..., write_token=..., read_token=...)`` builds it; ``marsad serve`` runs it with
uvicorn. Everything it serves is local (no CDN), so it works offline.
"""

from __future__ import annotations

import json
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from marsad.api.errors import install_error_handlers
from marsad.api.limits import LimitsMiddleware
from marsad.api.ratelimit import BURST, RateLimitMiddleware
from marsad.api.routes import read_router, write_router
from marsad.api.security import TokenPolicy
from marsad.api.store import ApiStore

STATIC = Path(__file__).resolve().parent.parent / "web" / "static"

MAX_BODY = 2 * 1024 * 1024
TIMEOUT = 60.0

# Scripts only from this server: inline scripts and on* attributes that slip into the page never run.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)

DOCS_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>marsad API</title>
<link rel="icon" href="/static/vendor/swagger-ui/favicon-32x32.png">
<link rel="stylesheet" href="/static/vendor/swagger-ui/swagger-ui.css">
</head><body><div id="swagger-ui"></div>
<script src="/static/vendor/swagger-ui/swagger-ui-bundle.js"></script>
<script src="/static/docs.js"></script>
</body></html>
"""


class SecurityHeaders:
    """Adds CSP and a few hardening headers to every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [
                    (b"content-security-policy", CSP.encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"),
                ]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


def create_app(
    *,
    db: str,
    write_token: str | None = None,
    read_token: str | None = None,
    max_body: int = MAX_BODY,
    timeout: float = TIMEOUT,
    rate: float = 0.0,
    burst: int = BURST,
) -> FastAPI:
    """The marsad web app on the database ``db`` (a URL or a SQLite path).

    ``write_token`` / ``read_token`` default to ``$MARSAD_WRITE_TOKEN`` / ``$MARSAD_READ_TOKEN``
    when ``None``; pass ``""`` to force a kind of access open. ``rate``/``burst``: per-client
    limit of API requests (``marsad.api.ratelimit``); off here by default (``rate=0``), on in
    ``marsad serve`` (``--rate-limit``, default ``RATE`` per second).
    """
    if write_token is None:
        write_token = os.environ.get("MARSAD_WRITE_TOKEN") or None
    if read_token is None:
        read_token = os.environ.get("MARSAD_READ_TOKEN") or None

    store = ApiStore(db)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        store.close()

    app = FastAPI(
        lifespan=lifespan,
        title="marsad API",
        version="1",
        description="Arabic news event data: articles, entities, CAMEO/PLOVER events, quotes and stories.",
        docs_url=None,
        redoc_url=None,
    )
    app.state.store = store
    app.state.tokens = TokenPolicy.from_tokens(write_token=write_token or None, read_token=read_token or None)
    del write_token, read_token  # only the hashes stay

    install_error_handlers(app)
    app.include_router(read_router)
    app.include_router(write_router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/", include_in_schema=False)
    def dashboard() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(DOCS_HTML)

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> RedirectResponse:
        return RedirectResponse("/static/favicon.svg")

    app.add_middleware(LimitsMiddleware, max_body=max_body, timeout=timeout)
    app.add_middleware(RateLimitMiddleware, rate=rate, burst=burst)  # per client address; rate 0: off
    app.add_middleware(SecurityHeaders)
    return app


WORKER_CONFIG_ENV = "MARSAD_SERVE_CONFIG"


def worker_config(*, db: str, tokens: TokenPolicy, max_body: int, timeout: float, rate: float, burst: int) -> str:
    """What ``marsad serve --workers N`` hands to each worker process (JSON, in the environment):
    the server's options and only the SHA-256 digests of the tokens, never the tokens."""
    return json.dumps(
        {
            "db": db,
            "write_hash": tokens.write_hash.hex() if tokens.write_hash else None,
            "read_hash": tokens.read_hash.hex() if tokens.read_hash else None,
            "max_body": max_body,
            "timeout": timeout,
            "rate": rate,
            "burst": burst,
        }
    )


def app_from_environment() -> FastAPI:
    """The app of one uvicorn worker process (``marsad serve --workers N``; a uvicorn factory)."""
    cfg = json.loads(os.environ[WORKER_CONFIG_ENV])
    app = create_app(
        db=cfg["db"], write_token="", read_token="", max_body=int(cfg["max_body"]),
        timeout=float(cfg["timeout"]), rate=float(cfg["rate"]), burst=int(cfg["burst"]),
    )
    app.state.tokens = TokenPolicy(
        write_hash=bytes.fromhex(cfg["write_hash"]) if cfg["write_hash"] else None,
        read_hash=bytes.fromhex(cfg["read_hash"]) if cfg["read_hash"] else None,
    )
    return app
