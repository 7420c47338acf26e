"""Count extraction quality on hand-annotated SaudiNewsNet sentences (tests/fixtures/counts_*.jsonl)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from marsad.eval.counts import score_counts
from marsad.pipeline import Pipeline, analyze
from tests.snn import fixture



def _run(path: Path):  # type: ignore[no-untyped-def]
    pipe = Pipeline.build(["arabic", "counts"])
    return score_counts(path, lambda text, **kw: analyze(text, pipeline=pipe, **kw))


@pytest.fixture(scope="module")
def floors(root: Path) -> dict[str, float]:
    return tomllib.loads((root / "tests/quality_floors.toml").read_text(encoding="utf-8"))["counts"]


def test_gold_size(root: Path) -> None:
    dev = (root / "tests/fixtures/counts_gold.jsonl").read_text(encoding="utf-8")
    n = dev.count('"kind"')
    assert n >= 60, "issue #10 asks for at least 60 count mentions"


def test_dev_floor(root: Path, floors: dict[str, float]) -> None:
    tally, qual, errors = _run(fixture(root / "tests/fixtures/counts_gold.jsonl"))
    assert tally.f1 >= floors["dev_f1"], errors
    assert qual.value >= floors["dev_qualifier"]


def test_heldout_floor(root: Path, floors: dict[str, float]) -> None:
    tally, _, errors = _run(fixture(root / "tests/fixtures/counts_heldout.jsonl"))
    assert tally.f1 >= floors["heldout_f1"], errors
