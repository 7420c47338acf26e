"""The ingest run: worker processes give the same store as one process; options and limits."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import text as sql

from marsad.ingest.runner import Ingest
from marsad.store import Store
from marsad.store.queries import stories


def _snapshot(store: Store) -> dict[str, object]:
    with store.engine.connect() as conn:
        arts = {r.id: (r.status, r.duplicate_of, r.doc) for r in conn.execute(sql("SELECT id, status, duplicate_of, doc FROM articles"))}
    return {"articles": arts, "stories": [(s["label"], [a["id"] for a in s["articles"]]) for s in stories(store)]}


def test_workers_give_the_same_store_as_one_process(tmp_path: Path, root: Path) -> None:
    demo = root / "samples" / "demo-articles.jsonl"
    one = Store(f"sqlite:///{tmp_path / 'one.db'}")
    two = Store(f"sqlite:///{tmp_path / 'two.db'}")
    s1 = Ingest(store=one, limit=14).run([str(demo)])
    s2 = Ingest(store=two, limit=14, workers=2).run([str(demo)])
    assert s1.to_dict() | {"seconds": 0} == s2.to_dict() | {"seconds": 0}
    assert s1.read == 14
    snap1, snap2 = _snapshot(one), _snapshot(two)
    assert snap1 == snap2 and len(snap1["articles"]) == 14  # type: ignore[arg-type]
    one.close()
    two.close()


def test_options_override_record_metadata_and_non_arabic_is_tagged(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in [
        {"text": "أعلنت وزارة الصحة افتتاح مستشفى جديد في مدينة جدة اليوم بحضور عدد من المسؤولين.", "outlet": "sabq"},
        {"text": "Le ministre a annoncé que les négociations avec les syndicats reprendront la semaine prochaine "
                 "dans la capitale et que les discussions seront longues pour les deux parties."},
    ]), encoding="utf-8")
    store = Store(f"sqlite:///{tmp_path / 'c.db'}")
    logged: list[str] = []
    summary = Ingest(store=store, published="2015-07-30", outlet="عكاظ", stories=False, log=logged.append).run([str(src)])
    assert summary.new == 1 and dict(summary.skipped) == {"language fr: only Arabic is analysed": 1}
    with store.engine.connect() as conn:
        rows = conn.execute(sql("SELECT outlet, published, language, status, doc FROM articles ORDER BY language")).all()
    assert [(r.outlet, r.published, r.language, r.status) for r in rows] == [
        ("عكاظ", "2015-07-30", "ar", "analysed"), ("عكاظ", "2015-07-30", "fr", "skipped")]
    assert json.loads(rows[0].doc)["stages"] and json.loads(rows[1].doc)["stages"] == []
    assert any("language fr" in line for line in logged)
    store.close()
