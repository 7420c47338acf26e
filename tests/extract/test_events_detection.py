"""ASSAULT / PROTEST sentence detection: the SaudiNewsNet reference set and the GSR "easy no" rows.

Scores come from ``scripts/eval_event_detection.py`` (definitions in its docstring); the floors are
in ``tests/quality_floors.toml`` [events]. SaudiNewsNet text is read from ../shared/data/news.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from marsad.document import Document, Event, Region, Span
from scripts.eval_event_detection import (
    SNN_BLIND,
    SNN_FIXTURE,
    SNN_HELDOUT,
    detected,
    evaluate,
    evaluate_snn,
    load_snn_fixture,
)


@pytest.fixture(scope="module")
def news(shared_data: Path) -> Path:
    """The SaudiNewsNet day zips the labelled sentences refer to (skips where they are absent)."""
    path = shared_data / "news" / "saudinewsnet" / "dataset"
    if not path.is_dir():
        pytest.skip("../shared/data/news/saudinewsnet is not present: the labelled sentences cannot be read")
    return path


@pytest.fixture(scope="module")
def floors(root: Path) -> dict[str, float]:
    return tomllib.loads((root / "tests/quality_floors.toml").read_text(encoding="utf-8"))["events"]


@pytest.mark.parametrize("path", [SNN_FIXTURE, SNN_HELDOUT, SNN_BLIND])
def test_fixture_holds_references_and_labels_only(path: Path) -> None:
    rows = load_snn_fixture(path)
    assert rows, path
    for r in rows:
        assert set(r) <= {"kind", "url", "day", "start", "end", "sha1", "label", "why", "sample"}, r  # never the text
        assert r["kind"] in ("ASSAULT", "PROTEST") and r["label"] in ("yes", "no", "skip")
        assert 0 <= r["start"] < r["end"] and len(r["sha1"]) == 12
    keys = [(r["kind"], r["url"], r["start"]) for r in rows]
    assert len(keys) == len(set(keys))
    for kind in ("ASSAULT", "PROTEST"):
        assert sum(r["label"] == "yes" for r in rows if r["kind"] == kind) >= 10
        assert sum(r["label"] == "no" for r in rows if r["kind"] == kind) >= 20


def test_detection_needs_an_event_of_the_kind_covering_the_sentence() -> None:
    text = "هاجم مسلحون قرية. وعقد الوزير اجتماعا."
    doc = Document(text=text)
    s2 = text.index("وعقد")
    ev = Event(
        id="ev1", cameo="190", plover="ASSAULT", source=[], target=[], location=None, date=None,
        status="asserted", trigger=Span(0, 4, "هاجم"), sentence=Region(0, s2 - 1),
    )
    doc.events = [ev]
    assert detected(doc, "ASSAULT", 0, s2 - 1)
    assert not detected(doc, "PROTEST", 0, s2 - 1)
    assert not detected(doc, "ASSAULT", s2, len(text))
    ev.evidence = [Region(s2, len(text))]  # told again in the second sentence
    assert detected(doc, "ASSAULT", s2, len(text))


@pytest.mark.parametrize("kind", ["ASSAULT", "PROTEST"])
def test_snn_detection_floor(kind: str, news: Path, floors: dict[str, float]) -> None:
    got = evaluate_snn(kind, news)
    low = kind.lower()
    assert got["f1"] >= floors[f"snn_{low}_f1"], json.dumps(got)
    assert got["precision"] >= floors[f"snn_{low}_precision"], json.dumps(got)


@pytest.mark.parametrize("kind", ["ASSAULT", "PROTEST"])
def test_snn_heldout_detection_floor(kind: str, news: Path, floors: dict[str, float]) -> None:
    got = evaluate_snn(kind, news, rows=load_snn_fixture(SNN_HELDOUT))
    assert got["f1"] >= floors[f"heldout_{kind.lower()}_f1"], json.dumps(got)


def test_blind_set_uses_days_of_no_other_set() -> None:
    days = {r["day"] for p in (SNN_FIXTURE, SNN_HELDOUT) for r in load_snn_fixture(p)}
    blind = load_snn_fixture(SNN_BLIND)
    assert {r["day"] for r in blind}.isdisjoint(days)
    assert {r.get("sample") for r in blind} == {"keywords", "random"}


@pytest.mark.parametrize("kind", ["ASSAULT", "PROTEST"])
def test_snn_blind_detection_floor(kind: str, news: Path, floors: dict[str, float]) -> None:
    got = evaluate_snn(kind, news, rows=load_snn_fixture(SNN_BLIND))
    assert got["f1"] >= floors[f"blind_{kind.lower()}_f1"], json.dumps(got)


@pytest.mark.parametrize("kind", ["ASSAULT", "PROTEST"])
def test_gsr_easy_no_specificity_floor(kind: str, shared_data: Path, floors: dict[str, float]) -> None:
    got = evaluate(kind, "report", labeling="easy-no")
    assert got["specificity"] >= floors[f"gsr_{kind.lower()}_easy_no_specificity"], json.dumps(got)
