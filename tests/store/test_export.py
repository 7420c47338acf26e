"""Every export format loads back: GDELT TSV with pandas, Parquet with pyarrow, PLOVER/JSONL/CSV."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from marsad.document import Document
from marsad.store import Store
from marsad.store.export import GDELT_COLUMNS, export
from marsad.store.queries import event_objects, stats
from tests.store.test_store import BACKENDS, _item, _url, meeting_b, meeting_c


def _corpus(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Store:
    """The seed (7 gold events) + a second report of its Istanbul meeting + a Cairo meeting."""
    store = Store(_url(backend, tmp_path, request))
    seed_annotated = request.getfixturevalue("seed_annotated")
    seed = Document.from_dict(dict(seed_annotated, url="https://alarabiya.example/seed"))
    store.write([_item(seed), _item(meeting_b()), _item(meeting_c())])
    return store


@pytest.mark.parametrize("backend", BACKENDS)
def test_gdelt_export_loads_with_pandas_under_gdelt_names(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    corpus = _corpus(backend, tmp_path, request)
    pd = pytest.importorskip("pandas")
    out = tmp_path / "events.gdelt.tsv"
    n = export(corpus, fmt="gdelt", output=out)
    assert n == stats(corpus)["events"] == 8
    df = pd.read_csv(out, sep="\t", header=None, names=GDELT_COLUMNS, dtype={"EventCode": str, "EventRootCode": str,
                                                                            "EventBaseCode": str})
    assert len(GDELT_COLUMNS) == 61 and df.shape == (8, 61)
    assert GDELT_COLUMNS[:5] == ["GlobalEventID", "Day", "MonthYear", "Year", "FractionDate"]
    assert GDELT_COLUMNS[-2:] == ["DATEADDED", "SOURCEURL"]
    merged = df[df["NumArticles"] == 2]
    assert len(merged) == 1
    row = merged.iloc[0]
    assert (row["EventCode"], row["EventRootCode"], row["QuadClass"], row["NumSources"]) == ("040", "04", 1, 2)
    assert row["Actor1CountryCode"] == "TUR" and row["Day"] == 20251220
    assert row["ActionGeo_CountryCode"] == "TU"  # FIPS 10-4 for Turkey, as in GDELT
    # Istanbul: a city (type 4) in Istanbul province, GDELT's ADM1 form FIPS + admin1 code
    assert (row["ActionGeo_Type"], row["ActionGeo_ADM1Code"], int(row["ActionGeo_FeatureID"])) == (4, "TU34", 745044)
    assert row["SOURCEURL"] == "https://alarabiya.example/seed"
    assert df["GlobalEventID"].is_unique


@pytest.mark.parametrize("backend", BACKENDS)
def test_parquet_export_loads_with_pyarrow(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    corpus = _corpus(backend, tmp_path, request)
    import pyarrow.parquet as pq

    out = tmp_path / "parquet"
    export(corpus, fmt="parquet", output=out)
    events = pq.read_table(out / "events.parquet")
    reports = pq.read_table(out / "event_reports.parquet")
    articles = pq.read_table(out / "articles.parquet")
    assert events.num_rows == 8 and reports.num_rows == 9 and articles.num_rows == 3
    assert sorted(articles.column("id").to_pylist()) == ["doc-b", "doc-c", "doc-seed"]
    merged = [r for r in events.to_pylist() if r["num_articles"] == 2]
    assert len(merged) == 1 and merged[0]["num_sources"] == 2
    assert pq.read_table(out / "entities.parquet").num_rows > 20


@pytest.mark.parametrize("backend", BACKENDS)
def test_plover_jsonl_csv_exports_load_back(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    corpus = _corpus(backend, tmp_path, request)
    plover = tmp_path / "events.plover.jsonl"
    export(corpus, fmt="plover", output=plover)
    recs = [json.loads(line) for line in plover.read_text(encoding="utf-8").splitlines()]
    assert len(recs) == 8
    for rec in recs:
        assert {"id", "date", "actor", "recipient", "event", "event_text", "quad_code", "coder"} <= set(rec)
    meet = next(r for r in recs if r["num_articles"] == 2)
    assert meet["event"] == ["CONSULT"] and meet["actor"][0]["code"] == "TURGOVSPY"
    assert meet["event_loc"]["country"] == "TUR"

    jl = tmp_path / "events.jsonl"
    export(corpus, fmt="jsonl", output=jl)
    objs = [json.loads(line) for line in jl.read_text(encoding="utf-8").splitlines()]
    assert sorted(o["id"] for o in objs) == sorted(e["id"] for e in event_objects(corpus))
    assert all({"cameo", "trigger", "sentence", "reports", "num_sources", "num_articles"} <= set(o) for o in objs)

    c = tmp_path / "events.csv"
    export(corpus, fmt="csv", output=c)
    with c.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 8 and sum(1 for r in rows if r["num_articles"] == "2") == 1


def test_unknown_export_format_is_a_marsad_error(tmp_path: Path) -> None:
    from marsad.errors import ExportError

    store = Store(f"sqlite:///{tmp_path / 'x.db'}")
    with pytest.raises(ExportError):
        export(store, fmt="xlsx", output=tmp_path / "x.xlsx")
    store.close()


def test_quad_class_follows_gdelt_root_ranges() -> None:
    from marsad.store.export import quad_class

    assert [quad_class(r) for r in ("01", "05", "06", "08", "09", "13", "14", "20")] == [1, 1, 2, 2, 3, 3, 4, 4]


def test_gdelt_geography_types_and_adm1_codes() -> None:
    from marsad.store.export import _geo_cols

    baghdad = _geo_cols({"kb_id": "geonames:98182", "country": "IRQ", "name_en": "Baghdad", "lat": 33.34, "lon": 44.4})
    assert baghdad[:4] == [4, "Baghdad", "IZ", "IZ07"] and baghdad[7] == "98182"
    iraq = _geo_cols({"kb_id": "geonames:99237", "country": "IRQ", "name_en": "Iraq", "lat": 33.0, "lon": 44.0})
    assert iraq[:4] == [1, "Iraq", "IZ", "IZ"]
    area = _geo_cols({"kb_id": "geonames:2096633", "country": "PNG", "name_en": "Gulf", "lat": -7.9, "lon": 145.6})
    assert area[0] == 5 and area[3].endswith("02")
    assert _geo_cols({"name": "مكان", "lat": 1.0, "lon": 2.0})[:4] == [4, "مكان", "", ""]

