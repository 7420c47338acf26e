"""``marsad serve`` as a user runs it: a real process on a free loopback port."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.webcorpus import free_port

CMD = [sys.executable, "-m", "marsad"]


def _wait_for_line(proc: subprocess.Popen[str], needle: str, *, timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    assert proc.stdout is not None
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if needle in line:
            return line
        if not line and proc.poll() is not None:
            break
    raise AssertionError(f"no {needle!r} from marsad serve")


def test_serve_prints_the_address_and_answers(tmp_path: Path) -> None:
    port = free_port()
    db = tmp_path / "m.db"
    proc = subprocess.Popen(
        [*CMD, "serve", "--port", str(port), "--db", f"sqlite:///{db}"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = _wait_for_line(proc, "dashboard at")
        assert f"http://127.0.0.1:{port}/" in line
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/stats", timeout=5) as resp:
                    stats = json.load(resp)
                break
            except OSError:
                time.sleep(0.1)
        assert stats["articles"] == 0
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as resp:
            assert b"/static/js/app.js" in resp.read()
        # a second server on the same port: one line, exit status 2, no traceback
        second = subprocess.run(
            [*CMD, "serve", "--port", str(port), "--db", f"sqlite:///{db}"],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert second.returncode == 2
        assert second.stderr.startswith("marsad: cannot listen on") and "Traceback" not in second.stderr
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_serve_hides_the_database_password() -> None:
    from marsad.cli.serve import _shown_url

    assert _shown_url("postgresql://me:hunter2@127.0.0.1/db") == "postgresql://me:***@127.0.0.1/db"


def test_serve_refuses_an_unreadable_token_file(tmp_path: Path) -> None:
    empty = tmp_path / "token"
    empty.write_text("\n", encoding="utf-8")
    for path in (tmp_path / "missing", empty):
        r = subprocess.run(
            [
                *CMD,
                "serve",
                "--port",
                str(free_port()),
                "--db",
                f"sqlite:///{tmp_path / 'm.db'}",
                "--write-token-file",
                str(path),
            ],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert r.returncode == 2 and r.stderr.startswith("marsad: ") and "Traceback" not in r.stderr


def test_serve_with_worker_processes_keeps_the_tokens(tmp_path: Path) -> None:
    # --workers 2: two uvicorn worker processes, each with the tokens as digests only
    import os

    port = free_port()
    read_token, write_token = tmp_path / "read", tmp_path / "write"
    read_token.write_text("r-secret-9\n", encoding="utf-8")
    write_token.write_text("w-secret-9\n", encoding="utf-8")
    proc = subprocess.Popen(
        [*CMD, "serve", "--port", str(port), "--db", f"sqlite:///{tmp_path / 'm.db'}", "--workers", "2",
         "--read-token-file", str(read_token), "--write-token-file", str(write_token)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _wait_for_line(proc, "2 worker processes")

        def get(path: str, token: str | None) -> int:
            req = urllib.request.Request(f"http://127.0.0.1:{port}{path}")
            if token:
                req.add_header("Authorization", f"Bearer {token}")
            try:
                with urllib.request.urlopen(req, timeout=10) as resp:
                    return int(resp.status)
            except urllib.error.HTTPError as exc:
                return int(exc.code)

        codes: list[int] = []
        for _ in range(200):
            try:
                codes = [get("/api/events", None), get("/api/events", "r-secret-9"),
                         get("/api/events", "w-secret-9"), get("/api/events", "wrong")]
                break
            except OSError:
                time.sleep(0.2)
        assert codes == [401, 200, 200, 401], codes
        # many requests, spread over both workers: the same answers
        assert {get("/api/stats", "r-secret-9") for _ in range(20)} == {200}
        children = [p for p in os.listdir("/proc") if p.isdigit()
                    and Path(f"/proc/{p}/stat").exists()
                    and Path(f"/proc/{p}/stat").read_text().split(") ")[-1].split()[1] == str(proc.pid)]
        assert len(children) >= 2, children  # the worker processes
        for pid in children:  # no token in a worker's environment or command line
            env = Path(f"/proc/{pid}/environ").read_bytes() + Path(f"/proc/{pid}/cmdline").read_bytes()
            assert b"r-secret-9" not in env and b"w-secret-9" not in env
    finally:
        proc.terminate()
        proc.wait(timeout=30)
