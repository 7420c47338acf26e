"""The API on PostgreSQL (127.0.0.1:5432): a throwaway database (conftest ``pg_url``), the same corpus,
the same answers."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from marsad.api.app import create_app

pytestmark = pytest.mark.postgres


def test_reads_search_and_exports_on_postgresql(pg_url: str) -> None:
    from tests.webcorpus import build_corpus

    corpus = build_corpus(pg_url)
    with TestClient(create_app(db=pg_url, write_token="w", read_token="")) as c:
        stats = c.get("/api/stats").json()
        assert stats["articles"] == 3 and stats["events"] >= 7
        events = c.get("/api/events", params={"actor": "Kalin", "root": "04"}).json()["items"]
        assert [e["place"]["name_en"] for e in events] == ["Istanbul"]
        page1 = c.get("/api/events", params={"limit": 3}).json()
        page2 = c.get("/api/events", params={"limit": 3, "cursor": page1["next_cursor"]}).json()
        assert not {e["id"] for e in page1["items"]} & {e["id"] for e in page2["items"]}
        res = c.get("/api/search", params={"q": "قالن"}).json()
        assert corpus.gold_article in {a["id"] for a in res["articles"]}
        art = c.get(f"/api/articles/{corpus.gold_article}").json()
        assert len(art["corpus"]["events"]) == 7
        rows = c.get("/api/export", params={"format": "gdelt"}).text.splitlines()
        assert len(rows) == stats["events"] and all(len(r.split("\t")) == 61 for r in rows)
        assert c.get("/api/timeline").json()["days"]
        plover = c.get("/api/timeline", params={"by": "plover"})
        assert plover.status_code == 200 and any(x["key"] == "CONSULT" for x in plover.json()["series"])
        kalin = c.get("/api/entities", params={"q": "Kalin"}).json()["items"][0]
        page = c.get(f"/api/entities/{kalin['id']}").json()
        assert page["name_en"] == "Ibrahim Kalin" and page["partners"] and page["timeline"]
        story = c.get("/api/stories").json()["items"][0]
        assert c.get(f"/api/stories/{story['id']}").json()["num_articles"] == 2
        assert c.get("/api/geo").json()["points"] and c.get("/api/network").json()["links"]
        assert c.get("/api/stats").json()["outlet_articles"]
