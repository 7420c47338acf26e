"""SaudiNewsNet text is referenced, not shipped: the fixtures hold references that resolve (tests/snn.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from marsad.errors import DataFileError
from tests.snn import make_ref, ref_text, resolve_record, resolved

FIXTURES = Path(__file__).resolve().parent / "fixtures"
# fixture -> the field its references fill in
REFERENCED = {
    "counts_gold.jsonl": "text", "counts_heldout.jsonl": "text",
    "times_dev.jsonl": "text", "times_heldout.jsonl": "text",
    "geocoding_gold.jsonl": "snippet", "geocoding_heldout.jsonl": "snippet",
    "geocoding_blind.jsonl": "snippet",
    "themes_gold.jsonl": "title", "themes_heldout.jsonl": "title",
}


@pytest.mark.parametrize("name", sorted(REFERENCED))
def test_fixture_lines_are_references_without_text(name: str) -> None:
    lines = [json.loads(x) for x in (FIXTURES / name).read_text(encoding="utf-8").splitlines() if x.strip()]
    assert lines
    for rec in lines:
        ref = rec["snn"]
        assert ref["field"] == REFERENCED[name] and ref["field"] not in rec
        assert ref["url"].startswith("http") and len(ref["day"]) == 10
        assert len(ref["sha256"]) == 64 and int(ref["sha256"], 16) >= 0
        assert ("start" in ref and 0 <= ref["start"] < ref["end"]) or ref.get("of") == "title"


@pytest.mark.parametrize("name", sorted(REFERENCED))
def test_references_resolve_to_their_hashes(name: str, shared_data: Path, tmp_path: Path) -> None:
    news = shared_data / "news/saudinewsnet/dataset"
    path = resolved(FIXTURES / name, news=news, out_dir=tmp_path)
    lines = (FIXTURES / name).read_text(encoding="utf-8").splitlines()
    refs = [json.loads(x)["snn"] for x in lines if x.strip()]
    got = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]
    assert len(got) == len(refs)
    for ref, rec in zip(refs, got, strict=True):
        assert "snn" not in rec and rec[ref["field"]] == ref_text(ref, news=news)


def test_a_changed_text_or_offset_is_an_error(shared_data: Path) -> None:
    news = shared_data / "news/saudinewsnet/dataset"
    rec = json.loads((FIXTURES / "counts_gold.jsonl").read_text(encoding="utf-8").splitlines()[0])
    text = resolve_record(rec, news=news)["text"]
    ref = rec["snn"]
    assert make_ref(text, field="text", url=ref["url"], day=ref["day"], news=news) == ref
    with pytest.raises(DataFileError):
        ref_text(dict(ref, end=ref["end"] - 1), news=news)
    with pytest.raises(DataFileError):
        ref_text(dict(ref, url=ref["url"] + "x"), news=news)


def test_a_file_without_references_is_returned_as_is(tmp_path: Path) -> None:
    plain = tmp_path / "plain.jsonl"
    plain.write_text('{"text": "نص", "counts": []}\n', encoding="utf-8")
    assert resolved(plain, news=tmp_path / "absent") == plain
