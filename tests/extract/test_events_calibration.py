"""The events stage's calibrated confidence (marsad/data/events/confidence.toml, fitted by
scripts/events_reliability.py) and the reliability measures of that script."""

from __future__ import annotations

import math

import pytest

from marsad.extract.events import RAW_CUT, calibrate, calibration, make_events_stage
from scripts.events_reliability import fit, platt, table
from tests.extract.test_events import make_doc

TEXTS = [
    "هاجم مسلحون ثكنة عسكرية قرب مدينة مريوان أمس.",
    "تظاهر آلاف الطلاب أمام الجامعة.",
    "وكانت صورة المحتجين على الصفحة الأولى.",
    "وقال شهود إن رجالا هاجموا سيارة الجنرال بقذائف وقنابل يدوية.",
]


def test_the_map_is_increasing_and_its_cut_keeps_the_raw_cut() -> None:
    cal = calibration()
    assert cal is not None and cal[0] > 0  # more evidence, more confidence
    steps = [calibrate(r / 100, cal) for r in range(20, 100, 5)]
    assert steps == sorted(steps) and len(set(steps)) == len(steps)
    assert all(0.0 < s < 1.0 for s in steps)
    # raw scores are multiples of 0.05: the default cut sits between raw 0.35 and raw 0.40
    assert calibrate(RAW_CUT - 0.05, cal) < cal[2] <= calibrate(RAW_CUT, cal)
    assert calibrate(0.5, None) == 0.5  # without a map the raw score is the confidence


@pytest.mark.parametrize("text", TEXTS)
def test_the_default_stage_keeps_the_events_of_the_raw_cut(text: str) -> None:
    cal = calibration()
    new = make_events_stage()(make_doc(text)).events
    old = make_events_stage(calibrated=False, min_confidence=RAW_CUT)(make_doc(text)).events
    assert [(e.cameo, e.trigger.start) for e in new] == [(e.cameo, e.trigger.start) for e in old]
    for a, b in zip(new, old, strict=True):
        assert a.confidence == calibrate(b.confidence, cal)


def test_explain_keeps_the_features_and_the_raw_score() -> None:
    doc = make_events_stage(explain=True, min_confidence=0.0)(make_doc(TEXTS[0]))
    feats = doc.events[0].extra["confidence_features"]
    assert feats["assault"] == 1.0 and feats["verb"] == 1.0 and 0.0 < feats["raw"] <= 0.95
    assert "confidence_features" not in make_events_stage(min_confidence=0.0)(make_doc(TEXTS[0])).events[0].extra


def test_reliability_table_and_ece() -> None:
    pts = [(0.35, False, {}), (0.35, True, {}), (0.85, True, {}), (0.85, True, {})]
    rows, ece = table(pts)
    got = {(lo, n): prec for lo, _hi, n, _c, prec in rows if n}
    assert got == {(0.3, 2): 0.5, (0.8, 2): 1.0}
    assert ece == pytest.approx(0.5 * abs(0.5 - 0.35) + 0.5 * abs(1.0 - 0.85))


def test_platt_fit_recovers_an_increasing_map() -> None:
    # synthetic points: right with probability sigmoid(5 * raw - 2)
    pts = []
    for k in range(1, 19):
        raw = k * 0.05
        p = 1 / (1 + math.exp(-(5 * raw - 2)))
        n_right = round(40 * p)
        pts += [(raw, True, {"raw": raw})] * n_right + [(raw, False, {"raw": raw})] * (40 - n_right)
    a, b = platt(pts)
    assert a == pytest.approx(5, abs=0.6) and b == pytest.approx(-2, abs=0.4)
    b0, w = fit(pts, ["raw"], lam=0.0)
    assert (w["raw"], b0) == pytest.approx((a, b))
