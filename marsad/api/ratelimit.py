"""Per-client rate limits as a pure ASGI middleware: a token bucket per client address.

Each client address gets ``burst`` requests at once and ``rate`` more per second after that; a
request over the limit gets 429 with ``Retry-After`` (whole seconds) and the API's error shape.
Only paths under ``prefixes`` count (by default the API, not the dashboard's static files).
``rate <= 0`` turns the limit off. The table of buckets is bounded: when it holds ``max_clients``
addresses, the ones idle longest are dropped (they come back with a full bucket).
"""

from __future__ import annotations

import math
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from starlette.types import ASGIApp, Receive, Scope, Send

from marsad.api.limits import error_body
from marsad.errors import RateLimitError

RATE = 50.0  # requests per second per client, sustained
BURST = 200  # requests a client may make at once


@dataclass(slots=True)
class Bucket:
    tokens: float
    stamp: float


class TokenBuckets:
    """The buckets of every client, refilled lazily when a client comes back."""

    def __init__(
        self, *, rate: float, burst: int, max_clients: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.rate = rate
        self.burst = max(1, burst)
        self.max_clients = max_clients
        self.clock = clock
        self._buckets: OrderedDict[str, Bucket] = OrderedDict()

    def take(self, client: str) -> float:
        """Spend one token of ``client``: 0.0 when allowed, else the seconds until one is back."""
        now = self.clock()
        b = self._buckets.pop(client, None)
        if b is None:
            b = Bucket(tokens=float(self.burst), stamp=now)
            while len(self._buckets) >= self.max_clients:
                self._buckets.popitem(last=False)
        else:
            b.tokens = min(float(self.burst), b.tokens + (now - b.stamp) * self.rate)
            b.stamp = now
        self._buckets[client] = b  # most recent last
        if b.tokens >= 1.0:
            b.tokens -= 1.0
            return 0.0
        return (1.0 - b.tokens) / self.rate


class RateLimitMiddleware:
    def __init__(
        self, app: ASGIApp, *, rate: float = RATE, burst: int = BURST,
        prefixes: tuple[str, ...] = ("/api/",),
    ) -> None:
        self.app = app
        self.prefixes = prefixes
        self.buckets = TokenBuckets(rate=rate, burst=burst) if rate > 0 else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if self.buckets is None or scope["type"] != "http" or not path.startswith(self.prefixes):
            await self.app(scope, receive, send)
            return
        client = scope.get("client")
        wait = self.buckets.take(client[0] if client else "unknown")
        if wait <= 0.0:
            await self.app(scope, receive, send)
            return
        retry = max(1, math.ceil(wait))
        body = error_body(code=RateLimitError.code, message=f"too many requests from this address; retry in {retry} s")
        await send(
            {
                "type": "http.response.start",
                "status": 429,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    (b"retry-after", str(retry).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
