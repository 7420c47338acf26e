"""`marsad analyze` / `evaluate` as a user runs them: the installed console script, real files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

MARSAD = [sys.executable, "-m", "marsad"]


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run([*MARSAD, *args], input=stdin, capture_output=True, timeout=300, env=env)


def test_analyze_seed(root: Path) -> None:
    r = run("analyze", str(root / "gold/seed.txt"), "--published", "2025-12-20", "--outlet", "العربية")
    assert r.returncode == 0, r.stderr.decode()
    doc = json.loads(r.stdout)
    assert doc["schema_version"] == "1" and doc["published"] == "2025-12-20" and doc["outlet"] == "العربية"
    text = doc["text"]
    for ent in doc["entities"]:
        for m in ent["mentions"]:
            assert text[m["start"] : m["end"]] == m["text"]
    for t in doc["times"]:
        assert text[t["start"] : t["end"]] == t["text"]


def test_stdin_and_html(tmp_path: Path) -> None:
    r = run("analyze", "-", "--published", "2025-12-20", stdin="قال الوزير إن الاجتماع عقد أمس.".encode())
    assert r.returncode == 0 and json.loads(r.stdout)["text"].startswith("قال")
    html = tmp_path / "a.html"
    html.write_text(
        "<html><head><title>عنوان</title></head><body><nav>قائمة</nav><article><h1>عنوان الخبر</h1>"
        + "<p>قال وزير الخارجية السعودي إن المباحثات مع نظيره التركي كانت مثمرة وبناءة وشاملة.</p>" * 3
        + "</article></body></html>",
        encoding="utf-8",
    )
    r = run("analyze", str(html))
    assert r.returncode == 0, r.stderr.decode()
    doc = json.loads(r.stdout)
    assert "وزير الخارجية" in doc["text"] and "<p>" not in doc["text"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"   \n\t  \n", "empty"),
        (bytes(range(256)) * 20, "binary"),
    ],
)
def test_bad_input_one_line_exit_2(tmp_path: Path, content: bytes, message: str) -> None:
    f = tmp_path / "bad.txt"
    f.write_bytes(content)
    r = run("analyze", str(f))
    assert r.returncode == 2
    err = r.stderr.decode().strip()
    assert err.count("\n") == 0 and str(f) in err and message in err and "Traceback" not in err


def test_missing_file_and_bad_date(tmp_path: Path) -> None:
    r = run("analyze", str(tmp_path / "nope.txt"))
    assert r.returncode == 2 and "no such file" in r.stderr.decode()
    f = tmp_path / "a.txt"
    f.write_text("قال الوزير.", encoding="utf-8")
    for bad in ("2025-13-40", "yesterday", "2025-02-30"):
        r = run("analyze", str(f), "--published", bad)
        assert r.returncode == 2 and bad in r.stderr.decode() and "Traceback" not in r.stderr.decode()


@pytest.mark.parametrize("encoding", ["cp1256", "iso-8859-6"])
def test_legacy_arabic_encodings(tmp_path: Path, encoding: str) -> None:
    text = "أعلنت وزارة الخارجية، اليوم السبت، أن الوزير التقى نظيره في الرياض."
    f = tmp_path / "legacy.txt"
    f.write_bytes(text.encode(encoding, errors="ignore"))
    r = run("analyze", str(f))
    assert r.returncode == 0, r.stderr.decode()
    got = json.loads(r.stdout)["text"]
    assert "وزارة الخارجية" in got and "الرياض" in got


def test_batch_reports_bad_lines_and_goes_on(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "a", "text": "قال الوزير إن الاجتماع عقد أمس.", "published": "2025-12-20"}, ensure_ascii=False),
        "{not json",
        json.dumps({"id": "b", "text": 5}),
        json.dumps({"id": "c", "text": "قال الوزير.", "published": "2025-02-30"}),
        json.dumps(["a list"]),
        json.dumps({"id": "d", "text": "وصل الوفد إلى الرياض.", "outlet": "واس"}, ensure_ascii=False),
    ]
    f = tmp_path / "in.jsonl"
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    r = run("analyze", "--batch", str(f))
    assert r.returncode == 0
    out = [json.loads(x) for x in r.stdout.decode().splitlines()]
    assert [d["id"] for d in out] == ["a", "d"]
    err = r.stderr.decode()
    for ln in (2, 3, 4, 5):
        assert f"{f}:{ln}:" in err
    assert "Traceback" not in err


def test_evaluate_prints_table(root: Path) -> None:
    r = run("evaluate", str(root / "gold"))
    assert r.returncode == 0, r.stderr.decode()
    out = r.stdout.decode()
    for kind in ("entities", "times", "events", "quotes"):
        assert kind in out
    r = run("evaluate", str(root / "gold"), "--format", "json")
    scores = json.loads(r.stdout)["scores"]
    assert set(scores) >= {"entities", "times", "events", "quotes"}
    r = run("evaluate", str(root / "no-such-dir"))
    assert r.returncode == 2


def test_tag_conll_unwritable_output(tmp_path: Path) -> None:
    f = tmp_path / "in.txt"
    f.write_text("قال\nالوزير\n\nإبراهيم\nقالن\n", encoding="utf-8")
    r = run("tag-conll", str(f), str(tmp_path / "no-such-dir" / "out.txt"))
    assert r.returncode == 2 and "Traceback" not in r.stderr.decode() and "cannot write" in r.stderr.decode()
    out = tmp_path / "out.txt"
    r = run("tag-conll", str(f), str(out))
    assert r.returncode == 0, r.stderr.decode()
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 5 and lines[2] == "" and all("\t" in ln for ln in lines if ln)
