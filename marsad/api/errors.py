"""How errors reach an API client: a status code and ``{"error": {"code", "message"}}``.

Never a traceback: unexpected exceptions become a 500 with a generic message (and are logged).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import compile_path

from marsad.errors import (
    AuthError,
    BadQueryError,
    ConfigError,
    InputError,
    MarsadError,
    NotFoundError,
    RequestTimeoutError,
    StoreError,
    TooLargeError,
)

log = logging.getLogger("marsad.api")

_STATUS: tuple[tuple[type[MarsadError], int], ...] = (
    (AuthError, 401),
    (NotFoundError, 404),
    (TooLargeError, 413),
    (RequestTimeoutError, 503),
    (BadQueryError, 400),
    (InputError, 422),
    (ConfigError, 500),
    (StoreError, 500),
)


def status_for(exc: MarsadError) -> int:
    for cls, status in _STATUS:
        if isinstance(exc, cls):
            return status
    return 400


def error_response(
    *, status: int, code: str, message: str, headers: Mapping[str, str] | None = None
) -> JSONResponse:
    extra = dict(headers or {})
    if status == 401:
        extra["WWW-Authenticate"] = "Bearer"
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status, headers=extra or None)


def allowed_methods(request: Request, first: str | None) -> str:
    """Every method the API documents for this path, plus Starlette's own (``Allow`` of a 405).

    Starlette's 405 names only the first matching route's methods; ``/api/articles`` is two routes
    (GET in the read router, POST in the write router), so its 405 said ``GET`` while the schema
    documents both (schemathesis ST205). The paths come from the app's OpenAPI schema (cached).
    """
    app = request.app
    table = getattr(app.state, "allow_table", None)
    if table is None:
        table = []
        for path, ops in app.openapi().get("paths", {}).items():
            regex, _, _ = compile_path(path)
            methods = {m.upper() for m in ops if m.upper() in _HTTP_METHODS}
            if "GET" in methods:
                methods.add("HEAD")
            table.append((regex, methods))
        app.state.allow_table = table
    found = {m.strip().upper() for m in (first or "").split(",") if m.strip()}
    path = request.url.path
    for regex, methods in table:
        if regex.match(path):
            found |= methods
    return ", ".join(sorted(found))


_HTTP_METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"}


def install_error_handlers(app: FastAPI) -> None:
    async def marsad_error(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, MarsadError)
        status = status_for(exc)
        if status >= 500:
            log.error("%s", exc)
        return error_response(status=status, code=exc.code, message=str(exc))

    async def validation_error(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        parts = []
        for err in exc.errors()[:5]:
            where = ".".join(str(x) for x in err.get("loc", ()) if x != "body")
            parts.append(f"{where}: {err.get('msg', 'invalid')}")
        return error_response(status=422, code="E105", message="; ".join(parts) or "invalid request")

    async def http_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, StarletteHTTPException)
        code = {404: "E602", 405: "E600", 401: "E601"}.get(exc.status_code, "E600")
        # keep the exception's headers: Allow on a 405 (RFC 9110)
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            headers["Allow"] = allowed_methods(request, headers.pop("Allow", None) or headers.pop("allow", None))
        return error_response(status=exc.status_code, code=code, message=str(exc.detail), headers=headers)

    async def unexpected(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error", exc_info=exc)
        return error_response(status=500, code="E000", message="internal error (see the server log)")

    app.add_exception_handler(MarsadError, marsad_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(Exception, unexpected)
