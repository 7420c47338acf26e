"""Fetching pages politely: timeouts, a size limit, robots.txt and a per-host delay.

``Fetcher.get(url)`` returns the body, its declared charset and content type, and the final URL;
it raises :class:`FetchError` (never a traceback) for a network error, an HTTP error status, a
page robots.txt disallows, or a body over the size limit.
"""

from __future__ import annotations

import time
import urllib.robotparser
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpx

from marsad.errors import FetchError
from marsad.ingest.decode import MAX_BYTES

USER_AGENT = "marsad/0.1 (+https://github.com/marsad; news event data research)"


@dataclass(slots=True)
class Page:
    url: str
    body: bytes
    content_type: str
    charset: str | None


@dataclass(slots=True)
class Fetcher:
    timeout: float = 20.0
    max_bytes: int = MAX_BYTES
    delay: float = 1.0  # seconds between two requests to the same host
    user_agent: str = USER_AGENT
    obey_robots: bool = True
    _client: httpx.Client | None = field(default=None, init=False)
    _robots: dict[str, urllib.robotparser.RobotFileParser | None] = field(default_factory=dict, init=False)
    _last: dict[str, float] = field(default_factory=dict, init=False)

    @property
    def client(self) -> httpx.Client:
        if self._client is None:
            self._client = httpx.Client(
                timeout=self.timeout, follow_redirects=True, headers={"User-Agent": self.user_agent}
            )
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def _wait(self, host: str) -> None:
        last = self._last.get(host)
        if last is not None:
            pause = self.delay - (time.monotonic() - last)
            if pause > 0:
                time.sleep(pause)
        self._last[host] = time.monotonic()

    def allowed(self, url: str) -> bool:
        if not self.obey_robots:
            return True
        parts = urlsplit(url)
        host = f"{parts.scheme}://{parts.netloc}"
        if host not in self._robots:
            rp: urllib.robotparser.RobotFileParser | None = urllib.robotparser.RobotFileParser()
            try:
                self._wait(parts.netloc)
                resp = self.client.get(f"{host}/robots.txt")
                if resp.status_code >= 400:
                    rp = None  # no robots.txt: everything allowed
                else:
                    assert rp is not None
                    rp.parse(resp.text.splitlines())
            except httpx.HTTPError:
                rp = None
            self._robots[host] = rp
        rp = self._robots[host]
        return rp is None or rp.can_fetch(self.user_agent, url)

    def get(self, url: str) -> Page:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise FetchError("not an http(s) URL", value=url, source=url)
        if not self.allowed(url):
            raise FetchError("robots.txt disallows this URL", source=url)
        self._wait(parts.netloc)
        try:
            with self.client.stream("GET", url) as resp:
                if resp.status_code >= 400:
                    raise FetchError(f"HTTP status {resp.status_code}", source=url)
                declared = resp.headers.get("content-length")
                if declared and declared.isdigit() and int(declared) > self.max_bytes:
                    raise FetchError(f"page is larger than {self.max_bytes} bytes", value=int(declared), source=url)
                chunks: list[bytes] = []
                size = 0
                for chunk in resp.iter_bytes():
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise FetchError(f"page is larger than {self.max_bytes} bytes", source=url)
                    chunks.append(chunk)
                ctype = resp.headers.get("content-type", "")
                return Page(url=str(resp.url), body=b"".join(chunks), content_type=ctype, charset=resp.charset_encoding)
        except httpx.TimeoutException as exc:
            raise FetchError("timed out", source=url) from exc
        except httpx.HTTPError as exc:
            raise FetchError(f"cannot fetch: {type(exc).__name__}: {exc}", source=url) from exc
