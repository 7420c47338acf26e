"""Counts where users look (issue #10): `marsad events --min-fatalities`, the ACLED-style export and
the API filter, on a real store filled by `marsad ingest`."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

ARTICLES = [
    {"id": "attack", "published": "2025-12-20", "outlet": "وكالة-أ",
     "text": "قُتل ثلاثة جنود على الأقل وأصيب نحو عشرين آخرين في هجوم بسيارة مفخخة على حاجز للجيش في مدينة الموصل."},
    {"id": "visit", "published": "2025-12-20", "outlet": "وكالة-ب",
     "text": "التقى وزير الخارجية السعودي نظيره التركي في أنقرة اليوم، وبحث الجانبان العلاقات الثنائية."},
]


def marsad(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "marsad", *args], capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    d = tmp_path_factory.mktemp("fatal")
    src = d / "in.jsonl"
    src.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in ARTICLES), encoding="utf-8")
    url = f"sqlite:///{d / 'm.db'}"
    r = marsad("ingest", str(src), "--db", url, "--quiet", "--no-stories")
    assert r.returncode == 0, r.stderr
    return url


def test_min_fatalities_filter(db: str) -> None:
    r = marsad("events", "--db", db, "--format", "json")
    everything = json.loads(r.stdout)
    assert any(e.get("fatalities") == 3 for e in everything)
    r = marsad("events", "--db", db, "--min-fatalities", "1", "--format", "json")
    assert r.returncode == 0, r.stderr
    got = json.loads(r.stdout)
    assert got and all((e.get("fatalities") or 0) >= 1 for e in got)
    assert len(got) < len(everything)
    r = marsad("events", "--db", db, "--min-fatalities", "-1")
    assert r.returncode == 2 and "Traceback" not in r.stderr


def test_acled_export(db: str, tmp_path: Path) -> None:
    out = tmp_path / "acled.csv"
    r = marsad("export", "--db", db, "--format", "acled", "--output", str(out))
    assert r.returncode == 0, r.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    from marsad.store.export import ACLED_COLUMNS

    assert list(rows[0].keys()) == ACLED_COLUMNS
    attack = [x for x in rows if x["fatalities"] == "3"]
    assert attack and attack[0]["event_type"] in ("Explosions/Remote violence", "Violence against civilians")
    assert attack[0]["injured"] == "20" and attack[0]["event_date"] == "2025-12-20"


def test_api_min_fatalities_and_acled(db: str) -> None:
    from fastapi.testclient import TestClient

    from marsad.api.app import create_app

    with TestClient(create_app(db=db)) as client:
        page = client.get("/api/events", params={"min_fatalities": 1}).json()
        assert page["items"] and all(e["fatalities"] >= 1 for e in page["items"])
        r = client.get("/api/export", params={"format": "acled", "min_fatalities": 1})
        assert r.status_code == 200 and "event_type" in r.text and "text/csv" in r.headers["content-type"]
        rows = list(csv.DictReader(r.text.lstrip("\ufeff").splitlines()))
        assert rows and all(int(x["fatalities"]) >= 1 for x in rows)  # the filter reaches the export
