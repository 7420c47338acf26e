"""The quality gate: `marsad evaluate gold/` must not fall below the floors pinned in
tests/quality_floors.toml [evaluate].

The SaudiNewsNet gold texts (gold/snn_*.txt) are not shipped: the `snn_gold` fixture writes them
from ../shared/data/news (scripts/materialize_gold.py). Where that data is absent the full gate
skips and only the seed article is scored, against its own floors [evaluate_seed]."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest

from marsad.errors import GoldError
from marsad.eval.score import Report, evaluate_dir, missing_texts


def _floors(root: Path, section: str) -> dict[str, float]:
    with (root / "tests/quality_floors.toml").open("rb") as fh:
        return tomllib.load(fh)[section]


@pytest.fixture(scope="module")
def floors(root: Path) -> dict[str, float]:
    return _floors(root, "evaluate")


@pytest.fixture(scope="module")
def report(request: pytest.FixtureRequest, root: Path) -> Report:
    try:
        gold = request.getfixturevalue("snn_gold")
    except pytest.skip.Exception as exc:
        pytest.skip(f"{exc}: the SaudiNewsNet gold texts cannot be materialized; only the seed is scored "
                    "(test_seed_floors, floors [evaluate_seed])")
    missing = missing_texts(gold)
    assert not missing, f"gold files without their text (add a row to gold/snn_sources.tsv): {missing}"
    total, _ = evaluate_dir(gold)
    return total


@pytest.mark.parametrize("kind", ["entities", "times", "events", "quotes"])
def test_f1_floor(kind: str, floors: dict[str, float], report: Report) -> None:
    floor = floors[f"{kind}_f1"]
    got = report.tallies[kind].f1
    assert got >= floor, f"{kind} F1 {got:.4f} fell below its floor {floor}"


def test_attribute_floors(floors: dict[str, float], report: Report) -> None:
    for key, floor in floors.items():
        if key.endswith("_f1"):
            continue
        name = key.replace("__", ".")  # e.g. events__date -> events.date
        acc = report.accuracies.get(name)
        got = acc.value if acc else 0.0
        assert got >= floor, f"{name} accuracy {got:.4f} fell below its floor {floor}"


def test_seed_floors(root: Path, tmp_path: Path) -> None:
    """The seed article alone (shipped, so this runs everywhere) against [evaluate_seed]."""
    for name in ("seed.txt", "seed.json"):
        shutil.copy(root / "gold" / name, tmp_path / name)
    total, files = evaluate_dir(tmp_path)
    assert list(files) == ["seed"]
    for key, floor in _floors(root, "evaluate_seed").items():
        got = total.tallies[key.removesuffix("_f1")].f1
        assert got >= floor, f"seed {key} {got:.4f} fell below its floor {floor}"


def test_gold_without_text_is_named_not_scored(root: Path, tmp_path: Path) -> None:
    for name in ("seed.txt", "seed.json", "snn_sources.tsv"):
        shutil.copy(root / "gold" / name, tmp_path / name)
    (tmp_path / "snn_x.json").write_text("{}", encoding="utf-8")
    assert missing_texts(tmp_path) == ["snn_x"]
    _, files = evaluate_dir(tmp_path)
    assert list(files) == ["seed"]
    (tmp_path / "seed.txt").unlink()
    with pytest.raises(GoldError, match="materialize_gold.py"):
        evaluate_dir(tmp_path)


def test_a_gold_span_without_text_gets_it_from_the_article(root: Path, tmp_path: Path) -> None:
    import json

    from marsad.eval.score import load_gold

    gold = json.loads((root / "gold/seed.json").read_text(encoding="utf-8"))
    full = json.loads(json.dumps(gold))
    for q in gold["quotes"]:
        del q["content"]["text"], q["cue"]["text"]
    (tmp_path / "seed.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    shutil.copy(root / "gold/seed.txt", tmp_path / "seed.txt")
    ((_, _, loaded),) = load_gold(tmp_path)
    assert loaded["quotes"] == full["quotes"]
