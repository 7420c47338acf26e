"""The events list's fast paths give the same answer as the plain queries, on SQLite and PostgreSQL:
the capped ``total`` counted from the outlet's / country's rows, the keyset cursor (row values),
the cameo prefix as an index range (SQLite), and the page's actors, places and reports read by
fixed driver statements. A small synthetic store with duplicates on purpose (an event reported
twice by one outlet, an event placed in a country whose actors are of that country too)."""

from __future__ import annotations

import json
import random
from typing import Any

import pytest
from sqlalchemy import func, insert, select

from marsad.api.queries.events import EventFilters, apply_filters, capped_count, list_events
from marsad.api.store import ApiStore
from marsad.store import models as m

CAMEO = ["040", "042", "043", "0431", "051", "190", "193"]
COUNTRIES = ["ARE", "SAU", "TUR"]
OUTLETS = ["a", "b", "c"]


def _fill(url: str) -> ApiStore:
    store = ApiStore(url)
    rnd = random.Random(3)
    ents = [
        {"id": f"ent-{i}", "key": f"k{i}", "type": "LOC" if i % 3 == 0 else "PER", "name": f"كيان {i}",
         "norm_name": f"كيان {i}", "name_en": f"Entity {i}", "kb_id": None, "country": COUNTRIES[i % 3],
         "actor_code": None, "lat": None, "lon": None}
        for i in range(12)
    ]
    arts = [
        {"id": f"doc-{i}", "base_id": f"doc-{i}", "url": f"https://example.org/{i}", "outlet": OUTLETS[i % 3],
         "title": f"t{i}", "author": None, "published": f"2024-01-{1 + i % 28:02d}", "language": "ar",
         "content_hash": f"h{i}", "version": 1, "current": True, "status": "analysed", "skip_reason": None,
         "duplicate_of": None, "similarity": None, "source": "t", "text": "نص", "doc": "{}", "minhash": None,
         "vector": None, "ingested_at": "2025-01-01T00:00:00+00:00"}
        for i in range(9)
    ]
    evs, eas, reps = [], [], []
    for i in range(240):
        cameo = CAMEO[i % len(CAMEO)]
        place = ents[3 * rnd.randrange(4)]
        src, tgt = ents[1 + 3 * rnd.randrange(4)], ents[2 + 3 * rnd.randrange(4)]
        eid = f"ev-{i:04d}"
        evs.append({"id": eid, "cameo": cameo, "root": cameo[:2], "plover": "CONSULT" if i % 2 else "FIGHT",
                    "date": None if i % 17 == 0 else f"2024-{1 + i % 12:02d}-{1 + i % 5:02d}",
                    "status": "reported", "location_id": place["id"], "location": place["name"],
                    "country": place["country"], "summary_en": "s", "goldstein": 1.0, "confidence": 0.5,
                    "fatalities": None, "injured": None, "num_mentions": 1, "num_articles": 1, "num_sources": 1,
                    "first_article_id": "doc-0", "actors": json.dumps({"source": [src["id"]], "target": [tgt["id"]]}),
                    "data": json.dumps({"trigger": {"start": 0, "end": 1, "text": "ت"}})})
        eas += [{"event_id": eid, "entity_id": src["id"], "role": "source"},
                {"event_id": eid, "entity_id": tgt["id"], "role": "target"},
                {"event_id": eid, "entity_id": place["id"], "role": "location"}]
        for art in rnd.sample(arts, 1 + i % 3) + ([arts[0], arts[3]] if i % 5 == 0 else []):  # outlet "a" twice
            reps.append({"event_id": eid, "article_id": art["id"], "local_id": "ev1", "outlet": art["outlet"],
                         "url": art["url"], "sentence": "جملة", "quote": None, "confidence": 0.7})
    with store.store.engine.begin() as conn:
        conn.execute(insert(m.Entity.__table__), ents)
        conn.execute(insert(m.Article.__table__), arts)
        conn.execute(insert(m.Event.__table__), evs)
        conn.execute(insert(m.EventActor.__table__), eas)
        conn.execute(insert(m.EventReport.__table__), reps)
    return store


FILTERS = [
    EventFilters(),
    EventFilters(outlet="a"),
    EventFilters(outlet="b", since="2024-03-01", root="04"),
    EventFilters(country="ARE"),
    EventFilters(country="sau", plover="consult", until="2024-09-30"),
    EventFilters(country="TUR", outlet="c"),
    EventFilters(cameo="043"),
    EventFilters(cameo="04"),
    EventFilters(cameo="19", since="2024-02-01"),
    EventFilters(entity="ent-1", root="19"),
    EventFilters(actor="Entity 4"),
]


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Any) -> Any:
    url = f"sqlite:///{tmp_path / 'counts.db'}" if request.param == "sqlite" else request.getfixturevalue("pg_url")
    s = _fill(url)
    yield s
    s.close()


def test_fast_paths_match_the_plain_queries(store: ApiStore) -> None:
    with store.session() as s:
        for f in FILTERS:
            plain = apply_filters(select(m.Event.id), f).order_by(m.Event.date.desc())
            expected_ids = set(s.scalars(plain))
            n = s.scalar(select(func.count()).select_from(plain.subquery()))
            assert n == len(expected_ids) and n > 0, f
            for cap in (1, n - 1, n, n + 1, 10_000):
                if cap >= 1:
                    assert capped_count(s, f, cap=cap) == min(n, cap), (f, cap)
            # every page by cursor: each matching event once, newest first (date, then id)
            seen: list[dict[str, Any]] = []
            page = list_events(s, filters=f, limit=7)
            assert page["total"] == n and page["total_capped"] is False
            while True:
                seen += page["items"]
                if not page["next_cursor"]:
                    break
                page = list_events(s, filters=f, limit=7, cursor=page["next_cursor"])
                assert page["total"] is None
            assert [e["id"] for e in seen] == [e["id"] for e in sorted(
                seen, key=lambda e: (e["date"] or "", e["id"]), reverse=True)], f
            assert {e["id"] for e in seen} == expected_ids, f
            for e in seen:  # actors, place and reports resolved from the driver statements
                assert len(e["source"]) == 1 and len(e["target"]) == 1 and e["place"]["type"] == "LOC"
                assert e["reports"] and all(r["title"] and r["outlet"] in OUTLETS for r in e["reports"])
                assert e["trigger"] == "ت"
