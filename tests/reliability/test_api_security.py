"""API security against real servers: `marsad serve` in a subprocess and uvicorn in a thread, on a
real SQLite corpus (tests/webcorpus.py) -- tokens, CORS, body and time limits, per-client rate
limits, SQL injection in every filter, path traversal in exports."""

from __future__ import annotations

import gc
import hashlib
import os
import secrets
import socket
import sqlite3
import subprocess
import sys
import time
import types
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from marsad.api.ratelimit import TokenBuckets

ROOT = Path(__file__).resolve().parents[2]

SQL_PAYLOADS = [
    "' OR '1'='1",
    "' OR 1=1 --",
    "1; DROP TABLE events; --",
    "'; DELETE FROM articles; --",
    "\" OR \"\"=\"",
    "x' UNION SELECT id, text, doc, url FROM articles --",
    "') OR ('a'='a",
    "%' OR '%'='",
    "\\'; SELECT pg_sleep(5); --",
    "1' AND (SELECT count(*) FROM sqlite_master) > 0 --",
    "*",
    "%",
    "_",
    "\x00",
    "ب' OR 'ب'='ب",
    "NEAR(a b)",
    "\"unterminated",
    "a OR b AND NOT c",
    "title:x",
    "-",
    "^x",
]
DB_WORDS = ("Traceback", "sqlalchemy", "OperationalError", "ProgrammingError", "syntax error", "psycopg",
            "sqlite3")
EVENT_TEXT_FILTERS = ["actor", "country", "cameo", "root", "plover", "place", "outlet", "article", "story", "entity"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def table_counts(path: str) -> dict[str, int]:
    with sqlite3.connect(path) as conn:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return {n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}


class Served:
    """`marsad serve` in a subprocess on a free loopback port; its output is kept."""

    def __init__(self, *args: str) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        cmd = [sys.executable, "-m", "marsad", "serve", "--port", str(self.port), *args]
        env = {k: v for k, v in os.environ.items() if not k.startswith("MARSAD_")}
        self.proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 60
        while True:
            assert self.proc.poll() is None, self.proc.communicate()[1].decode()[-2000:]
            assert time.monotonic() < deadline, "marsad serve did not start"
            try:
                httpx.get(f"{self.base}/openapi.json", timeout=2)
                break
            except httpx.TransportError:
                time.sleep(0.2)

    def stop(self) -> tuple[str, str]:
        self.proc.terminate()
        try:
            out, err = self.proc.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            out, err = self.proc.communicate(timeout=20)
        return out.decode(errors="replace"), err.decode(errors="replace")


@pytest.fixture(scope="module")
def served_tokens(web_corpus: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    d = tmp_path_factory.mktemp("tokens")
    write, read = secrets.token_urlsafe(24), secrets.token_urlsafe(24)
    (d / "w").write_text(write + "\n", encoding="utf-8")
    (d / "r").write_text(read, encoding="utf-8")
    server = Served("--db", web_corpus.url, "--write-token-file", str(d / "w"), "--read-token-file", str(d / "r"),
                    "--max-body", "5000")
    info: dict[str, Any] = {"server": server, "write": write, "read": read, "bodies": []}
    try:
        yield info
    finally:
        out, err = server.stop()
        info["log"] = out + err
        for token in (write, read):
            assert token not in info["log"]


def test_reads_closed_with_a_read_token_and_tokens_never_echoed(served_tokens: dict[str, Any]) -> None:
    base, write, read = served_tokens["server"].base, served_tokens["write"], served_tokens["read"]
    with httpx.Client(base_url=base, timeout=30) as c:
        bodies = []
        for path in ("/api/events", "/api/search?q=x", "/api/stats", "/api/export?format=csv"):
            r = c.get(path)
            assert r.status_code == 401 and r.json()["error"]["code"] == "E601", path
            r = c.get(path, headers={"Authorization": f"Bearer {read}x"})
            assert r.status_code == 401
            bodies.append(r.text)
            for token in (read, write):
                r = c.get(path, headers={"Authorization": f"Bearer {token}"})
                assert r.status_code == 200, (path, r.text[:200])
        r = c.post("/api/analyze", json={"text": "نص"}, headers={"Authorization": f"Bearer {read}"})
        assert r.status_code == 401  # the read token does not write
        bodies += [r.text, c.get("/openapi.json").text, c.get("/").text]
        for body in bodies:
            assert read not in body and write not in body


def test_body_and_time_limits_over_http(served_tokens: dict[str, Any], web_corpus: Any) -> None:
    base, write = served_tokens["server"].base, served_tokens["write"]
    auth = {"Authorization": f"Bearer {write}", "Content-Type": "application/json"}
    big = b'{"text": "' + "نص طويل ".encode() * 2000 + b'"}'
    with httpx.Client(base_url=base, timeout=30) as c:
        r = c.post("/api/analyze", content=big, headers=auth)
        assert r.status_code == 413 and r.json()["error"]["code"] == "E106"

        def chunked() -> Iterator[bytes]:  # no Content-Length: the server must count
            for i in range(0, len(big), 1000):
                yield big[i : i + 1000]

        r = c.post("/api/analyze", content=chunked(), headers=auth)
        assert r.status_code == 413
    slow = Served("--db", web_corpus.url, "--timeout", "0.05")
    try:
        # a real analysis of a few thousand characters cannot finish within 0.05 s
        text = ("قال وزير الخارجية إن الوفد التقى نظيره في الرياض يوم السبت. " * 60).strip()
        r = httpx.post(f"{slow.base}/api/analyze", json={"text": text, "published": "2025-12-20"}, timeout=60)
        assert r.status_code == 503 and r.json()["error"]["code"] == "E603"
    finally:
        slow.stop()


def test_tokens_kept_only_as_hashes(web_corpus: Any) -> None:
    from marsad.api.app import create_app

    write, read = secrets.token_hex(20), secrets.token_hex(20)
    app = create_app(db=web_corpus.url, write_token=write, read_token=read)
    wanted = {write, read}
    seen: set[int] = set()
    queue: deque[Any] = deque([app.state, app, app.user_middleware, app.router])
    found_hash = False
    visited = 0
    while queue and visited < 300_000:  # breadth first from the app: the state is seen first
        obj = queue.popleft()
        if id(obj) in seen or isinstance(obj, (type, types.ModuleType, types.CodeType)):
            continue
        seen.add(id(obj))
        visited += 1
        if isinstance(obj, str):
            assert obj not in wanted and not any(t in obj for t in wanted)
            continue
        if isinstance(obj, bytes):
            found_hash = found_hash or obj == hashlib.sha256(write.encode()).digest()
            continue
        if isinstance(obj, types.FunctionType):  # its closure and defaults, not its module's globals
            queue.extend(c.cell_contents for c in obj.__closure__ or () if c.cell_contents is not None)
            queue.extend(obj.__defaults__ or ())
            continue
        queue.extend(gc.get_referents(obj))
    assert found_hash, "the write token's SHA-256 is what the app keeps"
    assert write not in repr(app.state.tokens) and read not in repr(app.state.tokens)


@pytest.fixture(scope="module")
def open_server(web_corpus: Any) -> Iterator[Any]:
    from marsad.api.app import create_app
    from tests.webcorpus import LiveServer

    with LiveServer(create_app(db=web_corpus.url, write_token="w-" + secrets.token_hex(8), read_token="")) as s:
        yield s


def test_cors_closed_to_other_origins(open_server: Any) -> None:
    evil = "http://evil.example"
    with httpx.Client(base_url=open_server.base, timeout=30) as c:
        r = c.get("/api/events", headers={"Origin": evil, "Cookie": "a=b"})
        assert r.status_code == 200
        assert "access-control-allow-origin" not in r.headers
        assert "access-control-allow-credentials" not in r.headers
        r = c.options("/api/events", headers={"Origin": evil, "Access-Control-Request-Method": "GET",
                                             "Access-Control-Request-Headers": "authorization"})
        assert "access-control-allow-origin" not in r.headers
        r = c.options("/api/analyze", headers={"Origin": evil, "Access-Control-Request-Method": "POST"})
        assert "access-control-allow-origin" not in r.headers
        assert r.headers.get("access-control-allow-origin") != "*"


def test_sql_injection_in_every_filter(open_server: Any, web_corpus: Any) -> None:
    path = web_corpus.url.removeprefix("sqlite:///")
    before = table_counts(path)
    statuses: dict[int, int] = {}
    with httpx.Client(base_url=open_server.base, timeout=30) as c:
        total = c.get("/api/events", params={"limit": 200}).json()
        assert total["next_cursor"] is None
        all_ids = {e["id"] for e in total["items"]}
        assert all_ids, "the corpus has events"
        for payload in SQL_PAYLOADS:
            for name in EVENT_TEXT_FILTERS + ["since", "until", "status", "cursor", "limit"]:
                r = c.get("/api/events", params={name: payload})
                statuses[r.status_code] = statuses.get(r.status_code, 0) + 1
                assert r.status_code in (200, 400, 404, 422), (name, payload, r.status_code, r.text[:300])
                if r.status_code == 200:
                    items = r.json()["items"]
                    # only events come back (a UNION would bring other rows), and nothing is named
                    # like a payload with a letter in it: a filter that "matched everything" leaked
                    assert {e["id"] for e in items} <= all_ids, (name, payload)
                    assert items == [] or not any(ch.isalnum() for ch in payload), (name, payload)
                else:
                    body = r.text.replace(payload, "")  # the message may quote the value back
                    assert r.json()["error"]["code"][:2] in ("E1", "E6"), r.text
                    assert not any(w in body for w in DB_WORDS), r.text
            for endpoint in ("/api/search", "/api/entities", "/api/timeline", "/api/geo", "/api/network"):
                key = "q" if endpoint == "/api/search" else "name" if endpoint == "/api/entities" else "actor"
                r = c.get(endpoint, params={key: payload})
                assert r.status_code in (200, 400, 422), (endpoint, payload, r.status_code, r.text[:300])
                assert not any(w in r.text.replace(payload, "") for w in DB_WORDS), r.text
    assert table_counts(path) == before
    assert statuses.get(500, 0) == 0


@pytest.mark.parametrize(
    "fmt",
    ["../../etc/passwd", "..%2F..%2Fetc%2Fpasswd", "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/etc/passwd",
     "csv/../../../etc/passwd", "....//....//etc/passwd", "..\\..\\windows\\win.ini", "csv%00.txt",
     "%252e%252e%252fetc%252fpasswd", "file:///etc/passwd"],
)
def test_path_traversal_in_export_refused(open_server: Any, fmt: str) -> None:
    with httpx.Client(base_url=open_server.base, timeout=30) as c:
        # as a decoded parameter, and raw in the URL (the server decodes it once)
        for r in (c.get("/api/export", params={"format": fmt}),
                  c.get(f"/api/export?format={fmt}"),
                  c.get(f"/api/export/{fmt}"),
                  c.get(f"/static/{fmt}")):
            assert r.status_code in (400, 404, 422), (fmt, r.status_code)
            assert "root:x:0:0" not in r.text and "[fonts]" not in r.text


def test_token_buckets() -> None:
    now = [0.0]
    b = TokenBuckets(rate=2.0, burst=3, max_clients=2, clock=lambda: now[0])
    assert [b.take("a") for _ in range(3)] == [0.0, 0.0, 0.0]
    assert b.take("a") == pytest.approx(0.5)
    assert b.take("b") == 0.0  # another client has its own bucket
    now[0] = 0.5
    assert b.take("a") == 0.0 and b.take("a") > 0
    b.take("c")  # the table is full: the client idle longest ("b") is dropped
    assert set(b._buckets) == {"a", "c"}


def test_rate_limit_per_client_over_http(web_corpus: Any) -> None:
    from marsad.api.app import create_app
    from tests.webcorpus import LiveServer

    app = create_app(db=web_corpus.url, write_token="w", read_token="", rate=2.0, burst=4)
    with LiveServer(app) as s:
        first = httpx.Client(base_url=s.base, timeout=30)
        other = httpx.Client(base_url=s.base, timeout=30, transport=httpx.HTTPTransport(local_address="127.0.0.2"))
        with first, other:
            codes = [first.get("/api/stats").status_code for _ in range(6)]
            assert codes[:4] == [200] * 4 and 429 in codes[4:], codes
            r = first.get("/api/stats")
            assert r.status_code == 429 and int(r.headers["retry-after"]) >= 1
            assert r.json()["error"]["code"] == "E605"
            assert first.get("/").status_code == 200  # the dashboard page itself is not limited
            assert other.get("/api/stats").status_code == 200  # another address, its own bucket
            time.sleep(float(r.headers["retry-after"]))
            assert first.get("/api/stats").status_code == 200


def test_undeclared_methods_get_405_with_allow(open_server: Any) -> None:
    # found by the long schemathesis run (ST204): RFC 9110 wants Allow on a 405
    with httpx.Client(base_url=open_server.base, timeout=30) as c:
        for method, path, allowed in (("TRACE", "/api/events", "GET"), ("DELETE", "/api/analyze", "POST"),
                                      ("PUT", "/api/stats", "GET")):
            r = c.request(method, path)
            assert r.status_code == 405 and r.json()["error"]["code"] == "E600"
            assert allowed in r.headers.get("allow", ""), (method, path, dict(r.headers))
