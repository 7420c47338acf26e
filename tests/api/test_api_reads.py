"""The read endpoints on a real SQLite corpus (seed article: pipeline + gold-annotated report)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from fastapi.testclient import TestClient

from marsad.document import Document


def _all_events(client: TestClient, **params: str) -> list[dict]:
    out: list[dict] = []
    cursor = None
    while True:
        q = dict(params, limit="2")
        if cursor:
            q["cursor"] = cursor
        r = client.get("/api/events", params=q)
        assert r.status_code == 200, r.text
        body = r.json()
        out += body["items"]
        cursor = body["next_cursor"]
        if not cursor:
            return out


def test_stats_match_the_lists(api_client: TestClient) -> None:
    stats = api_client.get("/api/stats").json()
    assert stats["articles"] == api_client.get("/api/articles").json()["total"] == 3
    assert stats["events"] == api_client.get("/api/events").json()["total"] >= 7  # the gold report has 7
    assert {o["outlet"] for o in stats["outlet_articles"]} >= {"العربية", "نسخة-اختبار"}


def test_article_is_document_json_with_corpus_links(api_client: TestClient, web_corpus) -> None:
    r = api_client.get(f"/api/articles/{web_corpus.gold_article}")
    assert r.status_code == 200
    data = r.json()
    doc = Document.from_dict({k: v for k, v in data.items() if k != "corpus"})
    assert doc.check_spans() == []
    assert data["schema_version"] == "1"
    kalin = next(e for e in data["entities"] if e["name_en"] == "Ibrahim Kalin")
    corpus_id = data["corpus"]["entities"][kalin["id"]]
    ent = api_client.get(f"/api/entities/{corpus_id}").json()
    assert ent["name"] == "إبراهيم قالن" and ent["actor_code"] == "TURGOVSPY"
    assert set(data["corpus"]["events"]) == {e["id"] for e in data["events"]}


def test_article_cursor_pagination_visits_each_article_once(api_client: TestClient) -> None:
    seen: list[str] = []
    cursor = None
    while True:
        body = api_client.get(
            "/api/articles", params={"limit": 1, **({"cursor": cursor} if cursor else {})}
        ).json()
        seen += [a["id"] for a in body["items"]]
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert len(seen) == len(set(seen)) == 3


def test_event_pages_cover_every_event_once(api_client: TestClient) -> None:
    events = _all_events(api_client)
    assert len(events) == api_client.get("/api/events").json()["total"]
    assert len({e["id"] for e in events}) == len(events)
    keys = [(e["date"] or "", e["id"]) for e in events]
    assert keys == sorted(keys, reverse=True)


def test_event_filters(api_client: TestClient) -> None:
    istanbul = _all_events(api_client, actor="Ibrahim Kalin", root="04")
    assert [e["summary_en"] for e in istanbul] == [
        "Ibrahim Kalin (Turkey, intelligence) met Khalil al-Hayya (Hamas) in Istanbul on 2025-12-20"
    ]
    ev = istanbul[0]
    assert ev["place"]["name_en"] == "Istanbul" and ev["place"]["lat"] == pytest.approx(41.01384)
    assert {a["name_en"] for a in ev["target"]} == {"Khalil al-Hayya", "Hamas"}
    assert ev["num_sources"] == 2 and {r["outlet"] for r in ev["reports"]} == {"العربية", "نسخة-اختبار"}
    assert all("عقد لقاءً" in r["sentence"] for r in ev["reports"])

    miami = _all_events(api_client, place="ميامي")
    assert any(e["date"] == "2025-12-19" and e["cameo"].startswith("04") for e in miami)
    assert all(e["root"] == "04" for e in _all_events(api_client, root="04"))
    assert all(e["plover"] == "CONSULT" for e in _all_events(api_client, plover="consult"))
    assert all(e["status"] == "reported" for e in _all_events(api_client, status="reported"))
    dated = _all_events(api_client, since="2025-12-19", until="2025-12-19")
    assert dated and all(e["date"] == "2025-12-19" for e in dated)
    assert _all_events(api_client, outlet="no such outlet") == []
    tur = _all_events(api_client, country="TUR")
    assert any(e["id"] == ev["id"] for e in tur)


def test_bad_filters_are_400_or_422_with_json_errors(api_client: TestClient) -> None:
    r = api_client.get("/api/events", params={"since": "yesterday"})
    assert r.status_code == 400 and r.json()["error"]["code"] == "E604"
    r = api_client.get("/api/events", params={"cursor": "not-a-cursor"})
    assert r.status_code == 400
    r = api_client.get("/api/events", params={"status": "maybe"})
    assert r.status_code == 422 and "status" in r.json()["error"]["message"]
    r = api_client.get("/api/articles/doc-nope")
    assert r.status_code == 404 and r.json() == {
        "error": {"code": "E602", "message": "[E602] no article with this id (got 'doc-nope')"}
    }
    assert "Traceback" not in api_client.get("/api/nothing-here").text


def test_entities_and_entity_page(api_client: TestClient) -> None:
    found = api_client.get("/api/entities", params={"q": "قالن"}).json()["items"]
    kalin = next(e for e in found if e["name_en"] == "Ibrahim Kalin")
    page = api_client.get(f"/api/entities/{kalin['id']}").json()
    assert page["type"] == "PER" and page["country"] == "TUR"
    assert {p["name_en"] for p in page["partners"]} >= {"Khalil al-Hayya", "Hamas"}
    assert page["events"]["total"] >= 1
    assert any(d["date"] == "2025-12-20" and d["events"] >= 1 for d in page["timeline"])
    people = api_client.get("/api/entities", params={"type": "PER"}).json()["items"]
    assert people and all(e["type"] == "PER" for e in people)


def test_story_groups_both_reports_of_the_seed(api_client: TestClient, web_corpus) -> None:
    stories = api_client.get("/api/stories").json()["items"]
    story = next(s for s in stories if web_corpus.gold_article in {a["id"] for a in s["articles"]})
    assert story["num_articles"] == 2 and story["num_outlets"] == 2
    detail = api_client.get(f"/api/stories/{story['id']}").json()
    assert {a["outlet"] for a in detail["articles"]} == {"العربية", "نسخة-اختبار"}
    assert detail["events"]["total"] >= 7
    art = api_client.get(f"/api/articles/{web_corpus.gold_article}").json()
    assert [s["id"] for s in art["corpus"]["stories"]] == [story["id"]]


def test_search(api_client: TestClient, web_corpus) -> None:
    res = api_client.get("/api/search", params={"q": "قالن"}).json()
    assert web_corpus.gold_article in {a["id"] for a in res["articles"]}
    assert any(e["name_en"] == "Ibrahim Kalin" for e in res["entities"])
    assert api_client.get("/api/search", params={"q": "كلمةغيرموجودةابدا"}).json()["articles"] == []
    assert api_client.get("/api/search").status_code == 422


def test_timeline_geo_network(api_client: TestClient) -> None:
    total_dated = sum(1 for e in _all_events(api_client) if e["date"])
    tl = api_client.get("/api/timeline", params={"by": "root"}).json()
    assert sum(s["total"] for s in tl["series"]) == total_dated
    assert "2025-12-19" in tl["days"] and "2025-12-20" in tl["days"]
    pl = api_client.get("/api/timeline", params={"by": "plover"}).json()
    assert any(s["key"] == "CONSULT" for s in pl["series"])
    geo = api_client.get("/api/geo").json()["points"]
    assert {"Istanbul", "Miami"} <= {p["name_en"] for p in geo}
    net = api_client.get("/api/network").json()
    names = {n["id"]: n["name_en"] for n in net["nodes"]}
    assert ("Ibrahim Kalin", "Khalil al-Hayya") in {
        (names[link["source"]], names[link["target"]]) for link in net["links"]
    }


def test_exports_are_downloads_of_the_filtered_events(api_client: TestClient) -> None:
    n = api_client.get("/api/events", params={"root": "04"}).json()["total"]
    r = api_client.get("/api/export", params={"format": "csv", "root": "04"})
    assert r.status_code == 200 and r.headers["content-disposition"].startswith("attachment;")
    rows = list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert len(rows) == n and all(row["cameo"].startswith("04") for row in rows)
    r = api_client.get("/api/export", params={"format": "jsonl"})
    lines = [json.loads(x) for x in r.text.splitlines()]
    assert len(lines) == api_client.get("/api/events").json()["total"]
    r = api_client.get("/api/export", params={"format": "gdelt", "root": "04"})
    rows = [line.split("\t") for line in r.text.splitlines()]
    assert len(rows) == n and all(len(row) == 61 for row in rows)
    assert api_client.get("/api/export", params={"format": "xml"}).status_code == 422


def test_openapi_and_offline_docs(api_client: TestClient) -> None:
    spec = api_client.get("/openapi.json").json()
    for path in (
        "/api/analyze",
        "/api/articles",
        "/api/articles/{article_id}",
        "/api/events",
        "/api/entities",
        "/api/entities/{entity_id}",
        "/api/stories",
        "/api/stories/{story_id}",
        "/api/search",
        "/api/stats",
        "/api/export",
    ):
        assert path in spec["paths"], path
    html = api_client.get("/docs").text
    assert "http" not in html.replace('"/', "")  # no absolute (CDN) URL
    for asset in (
        "/static/vendor/swagger-ui/swagger-ui-bundle.js",
        "/static/vendor/swagger-ui/swagger-ui.css",
        "/static/docs.js",
    ):
        assert asset in html and api_client.get(asset).status_code == 200


def test_network_filtered_by_actor_keeps_both_sides(api_client: TestClient) -> None:
    net = api_client.get("/api/network", params={"actor": "Witkoff"}).json()
    names = {n["id"]: n["name_en"] for n in net["nodes"]}
    pairs = {(names[link["source"]], names[link["target"]]) for link in net["links"]}
    assert ("Steve Witkoff", "Qatar") in pairs and ("United States", "Egypt") in pairs
    assert "Hamas" not in names.values()


def test_event_total_is_counted_on_the_first_page_only(api_client) -> None:  # type: ignore[no-untyped-def]
    first = api_client.get("/api/events", params={"limit": 2}).json()
    assert first["total"] >= 3 and first["total_capped"] is False and first["next_cursor"]
    second = api_client.get("/api/events", params={"limit": 2, "cursor": first["next_cursor"]}).json()
    assert second["total"] is None and second["items"]
