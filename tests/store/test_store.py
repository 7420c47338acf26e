"""The corpus store on real SQLite files and a real PostgreSQL database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from marsad.document import Document
from marsad.ids import content_hash
from marsad.ingest.runner import Ingest
from marsad.store import Item, Store
from marsad.store.db import table_names
from marsad.store.queries import EventFilter, event_objects, search, stats, stories

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
MEETING_B = (
    "إسطنبول - التقى رئيس الاستخبارات التركية إبراهيم قالن في إسطنبول وفدا من حركة حماس "
    "برئاسة خليل الحية لبحث المرحلة الثانية من اتفاق غزة."
)
MEETING_C = "القاهرة - استقبل وزير الخارجية المصري نظيره القطري في القاهرة لبحث العلاقات الثنائية."


def _url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    if backend == "postgres":
        return str(request.getfixturevalue("pg_url"))
    return f"sqlite:///{tmp_path / 'corpus.db'}"


def _span(text: str, sub: str) -> dict[str, object]:
    start = text.index(sub)
    return {"start": start, "end": start + len(sub), "text": sub}


def _doc(text: str, *, doc_id: str, outlet: str, url: str, published: str, entities: list[dict], events: list[dict]) -> Document:
    d = Document(text=text, id=doc_id, outlet=outlet, url=url, published=published, title=text[:40], language="ar")
    data = d.to_dict()
    data["entities"] = entities
    data["events"] = events
    return Document.from_dict(data)


def _ent(text: str, eid: str, typ: str, name: str, country: str | None, surface: str | None = None) -> dict:
    return {"id": eid, "type": typ, "name": name, "country": country, "mentions": [_span(text, surface or name)]}


def _event(text: str, eid: str, cameo: str, src: list[str], tgt: list[str], loc: str | None, date: str, trig: str) -> dict:
    return {
        "id": eid, "cameo": cameo, "plover": "CONSULT", "source": src, "target": tgt, "location": loc, "date": date,
        "status": "asserted", "trigger": _span(text, trig), "sentence": {"start": 0, "end": len(text)},
        "confidence": 0.7, "summary_en": "",
    }


def meeting_b() -> Document:
    t = MEETING_B
    ents = [
        _ent(t, "e1", "PER", "إبراهيم قالن", "TUR"),
        _ent(t, "e2", "ORG", "حماس", "PSE"),
        _ent(t, "e3", "PER", "خليل الحية", "PSE"),
        _ent(t, "e4", "LOC", "إسطنبول", "TUR"),
    ]
    ev = _event(t, "ev1", "043", ["e1"], ["e2", "e3"], "e4", "2025-12-21", "التقى")
    return _doc(t, doc_id="doc-b", outlet="الأناضول", url="https://aa.example/b", published="2025-12-21",
                entities=ents, events=[ev])


def meeting_c() -> Document:
    t = MEETING_C
    ents = [
        _ent(t, "e1", "ORG", "وزير الخارجية المصري", "EGY"),
        _ent(t, "e2", "ORG", "نظيره القطري", "QAT"),
        _ent(t, "e3", "LOC", "القاهرة", "EGY"),
    ]
    ev = _event(t, "ev1", "042", ["e1"], ["e2"], "e3", "2025-12-20", "استقبل")
    return _doc(t, doc_id="doc-c", outlet="الأهرام", url="https://ahram.example/c", published="2025-12-20",
                entities=ents, events=[ev])


def _item(doc: Document) -> Item:
    return Item(doc=doc, content_hash=content_hash(doc.text), base_id=doc.id)


@pytest.fixture()
def seed_doc(seed_annotated: dict) -> Document:
    return Document.from_dict(dict(seed_annotated, url="https://alarabiya.example/seed"))


@pytest.mark.parametrize("backend", BACKENDS)
def test_migrations_create_every_table(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    store = Store(_url(backend, tmp_path, request))
    names = set(table_names(store.engine))
    assert {"articles", "entities", "mentions", "events", "event_reports", "event_actors", "quotes", "stories",
            "story_articles", "article_search", "alembic_version"} <= names
    store.close()
    Store(_url(backend, tmp_path, request)).close()  # re-open: already at head, nothing to do


@pytest.mark.parametrize("backend", BACKENDS)
def test_seed_ingested_twice_is_stored_once(backend: str, tmp_path: Path, request: pytest.FixtureRequest, root: Path) -> None:
    store = Store(_url(backend, tmp_path, request))
    seed = str(root / "samples" / "seed-alarabiya-2025-12-20.txt")
    first = Ingest(store=store, stories=False).run([seed])
    second = Ingest(store=store, stories=False).run([seed])
    assert (first.new, first.duplicate) == (1, 0)
    assert (second.new, second.duplicate) == (0, 1)
    assert stats(store)["articles"] == 1
    store.close()


@pytest.mark.parametrize("backend", BACKENDS)
def test_edited_article_becomes_a_new_version(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    store = Store(_url(backend, tmp_path, request))
    v1 = tmp_path / "v1.jsonl"
    v2 = tmp_path / "v2.jsonl"
    url = "https://example.org/news/1"
    text1 = "أعلنت وزارة الصحة السعودية اليوم عن افتتاح مستشفى جديد في مدينة جدة بسعة ثلاثمائة سرير."
    text2 = text1 + " وقال الوزير إن المستشفى سيخدم أكثر من مليون نسمة في المنطقة الغربية."
    v1.write_text(json.dumps({"text": text1, "url": url, "published": "2015-07-21"}, ensure_ascii=False), encoding="utf-8")
    v2.write_text(json.dumps({"text": text2, "url": url, "published": "2015-07-22"}, ensure_ascii=False), encoding="utf-8")
    v3 = tmp_path / "v3.jsonl"  # a small correction of v2: a near-copy of v1 and v2, yet a version
    text3 = text2.replace("مليون", "مليوني")
    v3.write_text(json.dumps({"text": text3, "url": url, "published": "2015-07-22"}, ensure_ascii=False), encoding="utf-8")
    Ingest(store=store, stories=False).run([str(v1)])
    s2 = Ingest(store=store, stories=False).run([str(v2)])
    s3 = Ingest(store=store, stories=False).run([str(v2)])
    s4 = Ingest(store=store, stories=False).run([str(v3)])
    assert (s2.versions, s2.new, s2.near_duplicate) == (1, 0, 0)
    assert (s3.duplicate, s3.versions) == (1, 0)
    assert (s4.versions, s4.near_duplicate) == (1, 0)
    with store.engine.connect() as conn:
        from sqlalchemy import text as sql

        rows = conn.execute(sql("SELECT id, version, current, base_id, status FROM articles ORDER BY version")).all()
    assert [(r.version, bool(r.current), r.status) for r in rows] == [
        (1, False, "analysed"), (2, False, "analysed"), (3, True, "analysed")]
    assert rows[0].base_id == rows[1].base_id == rows[2].base_id and rows[1].id == rows[0].id + "-v2"
    assert stats(store)["articles"] == 1
    store.close()


@pytest.mark.parametrize("backend", BACKENDS)
def test_near_duplicates_link_to_the_original(backend: str, tmp_path: Path, request: pytest.FixtureRequest, seed_text: str) -> None:
    store = Store(_url(backend, tmp_path, request))
    # a re-post: a byline, another spelling of a place, a closing sentence
    repost = "نقلا عن العربية: " + seed_text.replace("إسطنبول", "اسطنبول") + " وتابعت الصحف التركية هذه التطورات."
    copy = seed_text
    src = tmp_path / "posts.jsonl"
    lines = [
        {"text": seed_text, "url": "https://alarabiya.example/a", "outlet": "العربية", "published": "2025-12-20"},
        {"text": repost, "url": "https://other.example/b", "outlet": "موقع آخر", "published": "2025-12-20"},
        {"text": copy, "url": "https://third.example/c", "outlet": "موقع ثالث", "published": "2025-12-21"},
    ]
    src.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines), encoding="utf-8")
    summary = Ingest(store=store, stories=False).run([str(src)])
    assert (summary.new, summary.near_duplicate, summary.duplicate) == (1, 1, 1)
    with store.engine.connect() as conn:
        from sqlalchemy import text as sql

        rows = {r.url: r for r in conn.execute(sql("SELECT id, url, status, duplicate_of, similarity FROM articles"))}
    original = rows["https://alarabiya.example/a"]
    assert original.duplicate_of is None and original.status == "analysed"
    assert rows["https://other.example/b"].duplicate_of == original.id
    assert rows["https://other.example/b"].status == "near_duplicate"
    assert 0.8 <= rows["https://other.example/b"].similarity <= 1.0
    assert rows["https://third.example/c"].status == "duplicate"
    assert rows["https://third.example/c"].duplicate_of == original.id
    store.close()


@pytest.mark.parametrize("backend", BACKENDS)
def test_events_of_two_articles_about_one_meeting_merge(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest, seed_doc: Document
) -> None:
    store = Store(_url(backend, tmp_path, request))
    store.write([_item(seed_doc)])
    store.write([_item(meeting_b()), _item(meeting_c())])
    events = event_objects(store)
    meeting = [e for e in events if len(e["reports"]) > 1]
    assert len(meeting) == 1, [(e["cameo"], e["date"], len(e["reports"])) for e in events]
    ev = meeting[0]
    assert ev["cameo"] == "040" and ev["date"] == "2025-12-20"
    assert {r["article_id"] for r in ev["reports"]} == {"doc-seed", "doc-b"}
    assert (ev["num_articles"], ev["num_sources"]) == (2, 2)
    assert {a["name"] for a in ev["source_actors"]} == {"إبراهيم قالن"}
    # the Cairo meeting (same root, same day, other actors) stays its own event
    cairo = [e for e in events if e["first_article_id"] == "doc-c"]
    assert len(cairo) == 1 and cairo[0]["num_articles"] == 1
    # seed events: 7, of which one merged with B's; plus C's
    assert stats(store)["events"] == len(seed_doc.events) + 1
    assert event_objects(store, EventFilter(actor="قالن", root="04"))[0]["id"] == ev["id"]
    qatar = [e["id"] for e in event_objects(store, EventFilter(country="QAT"))]
    assert cairo[0]["id"] in qatar and ev["id"] not in qatar  # Qatar: Cairo meeting and the seed's Miami one
    assert event_objects(store, EventFilter(outlet="الأناضول"))[0]["id"] == ev["id"]
    store.close()


@pytest.mark.parametrize("backend", BACKENDS)
def test_merging_is_the_same_when_written_in_one_batch_or_reopened(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest, seed_doc: Document
) -> None:
    url = _url(backend, tmp_path, request)
    store = Store(url)
    store.write([_item(seed_doc)])
    store.close()
    reopened = Store(url)  # the merge index is read back from the database
    reopened.write([_item(meeting_b())])
    merged = [e for e in event_objects(reopened) if e["num_articles"] == 2]
    assert len(merged) == 1
    reopened.close()


@pytest.mark.parametrize("backend", BACKENDS)
def test_new_version_retracts_the_old_reports(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest, seed_doc: Document
) -> None:
    store = Store(_url(backend, tmp_path, request))
    b = meeting_b()
    store.write([_item(seed_doc), _item(b)])
    edited = Document.from_dict(dict(b.to_dict(), id="doc-b-v2", events=[], text=b.text + " تحديث"))
    store.write([Item(doc=edited, content_hash=content_hash(edited.text), base_id="doc-b", version=2, supersedes="doc-b")])
    meeting = next(e for e in event_objects(store) if e["cameo"] == "040")
    assert [r["article_id"] for r in meeting["reports"]] == ["doc-seed"]
    assert meeting["num_articles"] == 1
    store.close()


@pytest.mark.parametrize("backend", BACKENDS)
def test_full_text_search_matches_normalized_arabic(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest, seed_doc: Document
) -> None:
    store = Store(_url(backend, tmp_path, request))
    store.write([_item(seed_doc), _item(meeting_c())])
    hits = search(store, "اسطنبول")  # written إسطنبول in the article
    assert [h["id"] for h in hits] == ["doc-seed"]
    assert search(store, "القاهرة القطري")[0]["id"] == "doc-c"
    assert search(store, "كلمةغيرموجودة") == []
    store.close()


@pytest.mark.parametrize("backend", BACKENDS)
def test_stories_group_reports_of_the_same_news(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    store = Store(_url(backend, tmp_path, request))
    src = tmp_path / "news.jsonl"
    rows = [
        ("https://a.example/1", "سبق", "2015-07-21", "خادم الحرمين يستقبل وزير الدفاع الأمريكي في جدة",
         "استقبل خادم الحرمين الشريفين الملك سلمان بن عبدالعزيز في جدة اليوم وزير الدفاع الأمريكي آشتون كارتر وبحث معه العلاقات الثنائية."),
        ("https://b.example/2", "عكاظ", "2015-07-22", "الملك سلمان يلتقي وزير الدفاع الأمريكي كارتر",
         "التقى الملك سلمان بن عبدالعزيز وزير الدفاع الأمريكي آشتون كارتر في قصر السلام بجدة واستعرضا التعاون العسكري بين البلدين."),
        ("https://c.example/3", "الرياضي", "2015-07-21", "الهلال يتعاقد مع مدرب جديد للفريق الأول",
         "أعلن نادي الهلال التعاقد مع مدرب روماني لقيادة الفريق الأول لكرة القدم في الموسم المقبل لمدة عامين."),
    ]
    src.write_text("\n".join(json.dumps({"url": u, "outlet": o, "published": p, "title": t, "text": x},
                                        ensure_ascii=False) for u, o, p, t, x in rows), encoding="utf-8")
    Ingest(store=store).run([str(src)])
    found = stories(store)
    assert len(found) == 1
    st = found[0]
    assert {a["url"] for a in st["articles"]} == {"https://a.example/1", "https://b.example/2"}
    assert st["label"] in {rows[0][3], rows[1][3]}
    assert (st["start"], st["end"], st["num_outlets"]) == ("2015-07-21", "2015-07-22", 2)
    assert stats(store)["stories"] == 1
    store.close()
