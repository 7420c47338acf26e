"""Request limits as a pure ASGI middleware: a maximum body size and a time limit.

A body over ``max_body`` bytes is refused with 413 before the endpoint reads it (by its
Content-Length when given, else by reading a chunked body here first); a request whose response has
not started within ``timeout`` seconds gets a 503 with a JSON error (a download already streaming
is not cut). Both answers use the API's error shape.
"""

from __future__ import annotations

import asyncio
import contextlib
import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send


def error_body(*, code: str, message: str) -> bytes:
    return json.dumps({"error": {"code": code, "message": message}}).encode("utf-8")


async def _send_json(send: Send, *, status: int, code: str, message: str) -> None:
    body = error_body(code=code, message=message)
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class LimitsMiddleware:
    def __init__(self, app: ASGIApp, *, max_body: int, timeout: float) -> None:
        self.app = app
        self.max_body = max_body
        self.timeout = timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None:
            try:
                too_big = int(length) > self.max_body
            except ValueError:
                too_big = False
            if too_big:
                await _send_json(
                    send,
                    status=413,
                    code="E106",
                    message=f"request body is larger than {self.max_body} bytes",
                )
                return

        if length is None and scope.get("method") in ("POST", "PUT", "PATCH"):
            # a body without Content-Length (chunked): read it here, up to the limit, then replay it
            chunks: list[bytes] = []
            size = 0
            more = True
            while more:
                message = await receive()
                if message["type"] != "http.request":
                    return  # the client went away
                body = message.get("body", b"")
                size += len(body)
                if size > self.max_body:
                    await _send_json(
                        send,
                        status=413,
                        code="E106",
                        message=f"request body is larger than {self.max_body} bytes",
                    )
                    return
                chunks.append(body)
                more = bool(message.get("more_body", False))
            replayed = False

            async def replay() -> Message:
                nonlocal replayed
                if not replayed:
                    replayed = True
                    return {"type": "http.request", "body": b"".join(chunks), "more_body": False}
                return await receive()

            receive = replay

        started = asyncio.Event()

        async def tracking_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                started.set()
            await send(message)

        # The time limit runs until the response starts: a long download, once streaming, is not cut.
        task = asyncio.ensure_future(self.app(scope, receive, tracking_send))
        waiter = asyncio.ensure_future(started.wait())
        try:
            done, _ = await asyncio.wait(
                {task, waiter}, timeout=self.timeout, return_when=asyncio.FIRST_COMPLETED
            )
        finally:
            waiter.cancel()
        if not done:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
            await _send_json(
                send, status=503, code="E603", message=f"the request took longer than {self.timeout:g} s"
            )
            return
        await task
