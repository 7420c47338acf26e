"""The bad-input corpus (tests/fixtures/bad/ + large inputs made here): every input gets a correct
result or one clear line on stderr with exit status 2 -- never a traceback -- and memory stays
bounded."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

BAD = Path(__file__).resolve().parent.parent / "fixtures" / "bad"
MAX_RSS_MB = 1024
AR = "أعلنت وزارة الخارجية، اليوم السبت، أن الوزير التقى نظيره التركي في الرياض وبحثا التطورات في غزة."


def marsad(*args: str, timeout: int = 300) -> tuple[subprocess.CompletedProcess[bytes], float]:
    """Run the real command; return the result and the child's peak RSS in MB.

    The peak is the child's own VmHWM (/proc/self/status), not ``ru_maxrss``: on Linux ``ru_maxrss``
    survives fork + exec, so a child of a big pytest process would report the parent's size."""
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    code = (
        "import runpy, sys; sys.argv = ['marsad', *sys.argv[1:]];\n"
        "try:\n    runpy.run_module('marsad', run_name='__main__')\n"
        "finally:\n    hwm = open('/proc/self/status').read().split('VmHWM:')[1].split()[0]\n"
        "    sys.stderr.write('\\nRSS_KB=%d\\n' % int(hwm))\n"
    )
    r = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, timeout=timeout, env=env)
    err = r.stderr.decode("utf-8", "replace")
    rss = 0.0
    if "RSS_KB=" in err:
        rss = int(err.rsplit("RSS_KB=", 1)[1].split()[0]) / 1024
        err = err.rsplit("\nRSS_KB=", 1)[0]
    r.stderr = err.encode()
    return r, rss


def check_outcome(r: subprocess.CompletedProcess[bytes], source: str) -> dict | None:
    err = r.stderr.decode()
    assert "Traceback" not in err, err
    if r.returncode == 2:
        lines = [ln for ln in err.strip().splitlines() if ln.strip()]
        assert len(lines) == 1 and source in lines[0] and "[E" in lines[0], err
        return None
    assert r.returncode == 0, err
    doc = json.loads(r.stdout)
    text = doc["text"]
    for ent in doc["entities"]:
        for m in ent["mentions"]:
            assert text[m["start"] : m["end"]] == m["text"]
    for t in doc["times"]:
        assert text[t["start"] : t["end"]] == t["text"]
    for q in doc["quotes"]:
        assert text[q["cue"]["start"] : q["cue"]["end"]] == q["cue"]["text"]
    for e in doc["events"]:
        assert text[e["trigger"]["start"] : e["trigger"]["end"]] == e["trigger"]["text"]
    return doc


@pytest.mark.parametrize(
    ("name", "expect"),
    [
        ("empty.txt", "error"),
        ("whitespace.txt", "error"),
        ("binary.bin", "error"),
        ("truncated_utf8.txt", "ok"),
        ("cp1256.txt", "ok"),
        ("iso8859_6.txt", "ok"),
        ("mixed_scripts.txt", "ok"),
        ("bidi_storm.txt", "ok"),
        ("nested.html", "any"),
        ("script_injection.html", "ok"),
    ],
)
def test_committed_bad_inputs(name: str, expect: str) -> None:
    path = str(BAD / name)
    r, rss = marsad("analyze", path, "--published", "2025-12-20")
    doc = check_outcome(r, path)
    assert rss < MAX_RSS_MB
    if expect == "error":
        assert doc is None
    elif expect == "ok":
        assert doc is not None
    if name in ("cp1256.txt", "iso8859_6.txt", "truncated_utf8.txt"):
        assert doc is not None and "وزارة الخارجية" in doc["text"]
    if name == "script_injection.html":
        assert doc is not None and "<script>" not in doc["text"].replace("&lt;", "<") or "alert(1)" not in doc["text"]


def test_bad_json_lines_are_reported_and_skipped() -> None:
    path = str(BAD / "bad_lines.jsonl")
    r, _ = marsad("analyze", "--batch", path)
    assert r.returncode == 0
    err = r.stderr.decode()
    assert "Traceback" not in err
    out = [json.loads(x) for x in r.stdout.decode().splitlines()]
    assert [d["id"] for d in out] == ["ok1", "ok2"]
    for lineno in range(2, 11):
        assert f"{path}:{lineno}:" in err, lineno


def test_huge_html_page_is_bounded(tmp_path: Path) -> None:
    page = tmp_path / "huge.html"
    para = ("<p>" + AR * 4 + "</p>\n").encode()
    with page.open("wb") as fh:
        fh.write(b"<html><head><title>t</title></head><body><article>")
        written = 0
        while written < 50 * 1024 * 1024:
            fh.write(para)
            written += len(para)
        fh.write(b"</article></body></html>")
    r, rss = marsad("analyze", str(page), timeout=600)
    doc = check_outcome(r, str(page))
    assert doc is not None and any("only its start was read" in w for w in doc["warnings"])
    assert rss < MAX_RSS_MB
    big = tmp_path / "too-big.txt"
    with big.open("wb") as fh:
        fh.write(AR.encode() * (60 * 1024 * 1024 // len(AR.encode())))
    r, rss = marsad("analyze", str(big))
    assert check_outcome(r, str(big)) is None and "larger than" in r.stderr.decode()
    assert rss < MAX_RSS_MB


def test_100k_character_word_and_control_storm(tmp_path: Path) -> None:
    word = tmp_path / "word.txt"
    word.write_text("قال " + "ب" * 100_000 + " ثم " + "x" * 100_000 + ". " + AR, encoding="utf-8")
    r, rss = marsad("analyze", str(word), "--published", "2025-12-20")
    assert check_outcome(r, str(word)) is not None and rss < MAX_RSS_MB
    storm = tmp_path / "storm.txt"
    storm.write_text(("\u200f\u202e\u2066\u200b" * 50_000) + AR + ("\u061c\ufeff" * 50_000), encoding="utf-8")
    r, rss = marsad("analyze", str(storm), "--published", "2025-12-20")
    doc = check_outcome(r, str(storm))
    assert doc is not None and rss < MAX_RSS_MB


def test_ingest_goes_on_past_bad_files(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'bad.db'}"
    r, rss = marsad("ingest", str(BAD), "--db", db, "--quiet", "--format", "json", "--no-stories")
    err = r.stderr.decode()
    assert "Traceback" not in err
    assert r.returncode in (0, 2), err
    assert rss < MAX_RSS_MB
    r2, _ = marsad("stats", "--db", db, "--format", "json")
    assert r2.returncode == 0, r2.stderr.decode()
    stats = json.loads(r2.stdout)
    assert stats["articles"] >= 5  # the readable files and the two good JSON lines are stored
