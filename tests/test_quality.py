"""The quality gate: `marsad evaluate gold/` must not fall below the floors pinned in
tests/quality_floors.toml [evaluate]."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from marsad.eval.score import evaluate_dir


@pytest.fixture(scope="module")
def floors(root: Path) -> dict[str, float]:
    with (root / "tests/quality_floors.toml").open("rb") as fh:
        return tomllib.load(fh)["evaluate"]


@pytest.fixture(scope="module")
def report(root: Path):  # type: ignore[no-untyped-def]
    total, _ = evaluate_dir(root / "gold")
    return total


@pytest.mark.parametrize("kind", ["entities", "times", "events", "quotes"])
def test_f1_floor(kind: str, floors: dict[str, float], report) -> None:  # type: ignore[no-untyped-def]
    floor = floors[f"{kind}_f1"]
    got = report.tallies[kind].f1
    assert got >= floor, f"{kind} F1 {got:.4f} fell below its floor {floor}"


def test_attribute_floors(floors: dict[str, float], report) -> None:  # type: ignore[no-untyped-def]
    for key, floor in floors.items():
        if key.endswith("_f1"):
            continue
        name = key.replace("__", ".")  # e.g. events__date -> events.date
        acc = report.accuracies.get(name)
        got = acc.value if acc else 0.0
        assert got >= floor, f"{name} accuracy {got:.4f} fell below its floor {floor}"
