"""Reliability of the events stage's confidence: precision per confidence bin, expected calibration error.

    python scripts/events_reliability.py [--sets gold,snn,heldout,blind,gsr] [--fit]

Points (one per prediction, each with the stage's confidence and whether it is right):

- ``gold``: every event the pipeline (arabic, times, entities, quotes, events with
  ``min_confidence`` 0) emits on ``gold/*.json``; right when it matches a gold event (required or
  not) under the contract's rules (``marsad.eval.score``: CAMEO root in ``cameo_any``, one source and
  one target by name / name_en / kb_id / country).
- ``snn`` / ``heldout`` / ``blind``: the hand-labelled SaudiNewsNet sentences of
  ``tests/fixtures/event_detection_snn{,_heldout,_blind}.jsonl`` (see ``scripts/eval_event_detection.py``):
  per labelled sentence of kind K with at least one factual (asserted / reported) event of PLOVER
  type K covering it, the highest confidence among them; right when the sentence is labelled "yes".
- ``gsr``: the same on the GSR tuning half with the lenient labeling (crowd labels: a proxy only).

Per set: a table of confidence bins (n, mean confidence, precision) and the expected calibration
error ECE = sum over bins of n_b / N * |precision_b - mean confidence_b|.

``--raw``: the raw evidence score (``calibrated=False``) instead of the calibrated confidence.

``--fit``: fits the calibrated confidence map -- Platt scaling, ``sigmoid(a * raw + b)``, a logistic
regression on the raw evidence score -- on the development points only (gold, snn, heldout; never
blind, never GSR) and writes ``marsad/data/events/confidence.toml`` with ``default_cut``, the
calibrated value between raw 0.35 and 0.40 (raw scores are multiples of 0.05), so that the default
cut keeps exactly the events the raw cut 0.4 kept. ``--cv`` compares, by 5-fold cross-validation on
the same points, the raw score, Platt scaling and a logistic regression on the evidence features of
``marsad.extract.events.confidence_features`` (L2, lambda 0.3 / 1 / 3): log loss, Brier score, ECE.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import eval_event_detection as E  # noqa: E402

from marsad.errors import ConfigError  # noqa: E402
from marsad.eval.score import _event_matches, _greedy, load_gold  # noqa: E402
from marsad.extract.events import DATA  # noqa: E402
from marsad.pipeline import Pipeline, make_document  # noqa: E402
from scripts._shared import shared_data  # noqa: E402

BINS = (0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1.01)
FIT_SETS = ("gold", "snn", "heldout")
Point = tuple[float, bool, dict[str, float]]  # (confidence, right, features)


def _pipe(raw: bool = False) -> Pipeline:
    opts = {"min_confidence": 0.0, "explain": True, "calibrated": not raw}
    try:
        return Pipeline.build(list(E.SHIPPED_STAGES), options={"events": opts})
    except ConfigError:  # an events stage before calibration (to measure older code): its raw score
        return Pipeline.build(list(E.SHIPPED_STAGES), options={"events": {"min_confidence": 0.0}})


def gold_points(pipe: Pipeline, gold_dir: Path = ROOT / "gold") -> list[Point]:
    out: list[Point] = []
    for name, text, gold in load_gold(gold_dir):
        doc = pipe(make_document(text, published=gold.get("published"), title=gold.get("title"), doc_id=name))
        gents = {e["id"]: e for e in gold.get("entities", [])}
        pairs = _greedy(gold.get("events", []), doc.events, lambda g, p: _event_matches(g, p, gents, doc))
        matched = {pi for _gi, pi in pairs}
        for pi, ev in enumerate(doc.events):
            out.append((ev.confidence, pi in matched, ev.extra.get("confidence_features", {})))
    return out


def _best(doc: Any, kind: str, start: int, end: int) -> Any:
    best = None
    for ev in doc.events:
        if ev.plover != kind or ev.status not in E.FACTUAL:
            continue
        if any(r is not None and r.start < end and start < r.end for r in [ev.sentence, *ev.evidence]):
            if best is None or ev.confidence > best.confidence:
                best = ev
    return best


def snn_points(pipe: Pipeline, path: Path) -> list[Point]:
    rows = [r for r in E.load_snn_fixture(path) if r["label"] != "skip"]
    wanted: dict[str, set[str]] = {}
    for r in rows:
        wanted.setdefault(r["day"], set()).add(r["url"])
    arts = E.load_articles(shared_data() / "news" / "saudinewsnet" / "dataset", wanted)
    docs: dict[str, Any] = {}
    out: list[Point] = []
    for r in rows:
        art = arts[r["url"]]
        if r["url"] not in docs:
            meta = {"title": art.get("title") or None, "published": art["date_extracted"][:10], "outlet": art.get("source")}
            docs[r["url"]] = pipe(make_document(art["content"], **meta))
        ev = _best(docs[r["url"]], r["kind"], r["start"], r["end"])
        if ev is not None:
            out.append((ev.confidence, r["label"] == "yes", ev.extra.get("confidence_features", {})))
    return out


def gsr_points(pipe: Pipeline, half: str = "tune", labeling: str = "lenient") -> list[Point]:
    out: list[Point] = []
    for kind, fname in E.FILES.items():
        rows = E.split(E.load_rows(shared_data() / "events" / "arabic_event_gsr" / fname, labeling), half)
        for r in rows:
            doc = pipe(make_document(r.text))
            ev = _best(doc, kind, 0, len(r.text))
            if ev is not None:
                out.append((ev.confidence, r.positive, ev.extra.get("confidence_features", {})))
    return out


def table(points: list[Point]) -> tuple[list[tuple[float, float, int, float, float]], float]:
    """Rows (lo, hi, n, mean confidence, precision) and the ECE."""
    rows = []
    ece = 0.0
    n_all = len(points) or 1
    for lo, hi in zip(BINS, BINS[1:], strict=False):
        sel = [(c, y) for c, y, _f in points if lo <= c < hi]
        if not sel:
            rows.append((lo, hi, 0, 0.0, 0.0))
            continue
        conf = sum(c for c, _ in sel) / len(sel)
        prec = sum(y for _, y in sel) / len(sel)
        ece += len(sel) / n_all * abs(prec - conf)
        rows.append((lo, hi, len(sel), conf, prec))
    return rows, ece


def print_table(name: str, points: list[Point]) -> None:
    rows, ece = table(points)
    right = sum(y for _c, y, _f in points)
    print(f"\n{name}: points={len(points)} right={right} ECE={ece:.3f}")
    print("  bin            n   mean conf  precision")
    for lo, hi, n, conf, prec in rows:
        if n:
            print(f"  [{lo:.2f}, {min(hi, 1.0):.2f})  {n:4d}  {conf:9.3f}  {prec:9.3f}")


# ---------------------------------------------------------------------------- the fit
def fit(points: list[Point], names: list[str], lam: float = 1.0, iters: int = 50) -> tuple[float, dict[str, float]]:
    """L2-regularized logistic regression (Newton's method; the intercept is not penalized)."""
    import numpy as np

    x = np.array([[1.0] + [f.get(k, 0.0) for k in names] for _c, _y, f in points])
    y = np.array([1.0 if r else 0.0 for _c, r, _f in points])
    w = np.zeros(x.shape[1])
    pen = np.eye(x.shape[1]) * lam
    pen[0, 0] = 0.0
    for _ in range(iters):
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        grad = x.T @ (p - y) + pen @ w
        hess = (x.T * (p * (1 - p))) @ x + pen
        step = np.linalg.solve(hess, grad)
        w -= step
        if float(np.abs(step).max()) < 1e-8:
            break
    return float(w[0]), {k: float(v) for k, v in zip(names, w[1:], strict=True)}


def _sig(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


def platt(points: list[Point]) -> tuple[float, float]:
    """(a, b) of ``sigmoid(a * raw + b)`` fitted on the points' raw scores (no penalty)."""
    b, w = fit([(0.0, y, {"raw": f["raw"]}) for _c, y, f in points], ["raw"], lam=0.0)
    return w["raw"], b


def write_map(path: Path, a: float, b: float, n: int, right: int, sets: list[str]) -> float:
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    except OSError:
        commit = ""
    commit = os.environ.get("MARSAD_COMMIT") or commit or "?"  # a git archive copy has no .git
    when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    cut = round(_sig(a * 0.375 + b), 3)
    lines = [
        "# Calibrated confidence of the events stage (Platt scaling of the raw evidence score of",
        "# marsad.extract.events): confidence = 1 / (1 + exp(-(a * raw + b))). It estimates the share of",
        "# events at that confidence that are right on our labelled sets (gold events; hand-labelled",
        "# SaudiNewsNet sentences). default_cut = the calibrated value between raw 0.35 and 0.40: the",
        "# stage's default cut keeps the events the raw cut 0.4 kept.",
        f"# Fitted by scripts/events_reliability.py --fit at {when} (code at {commit}) on {n} development",
        f"# points ({right} right) of the sets {', '.join(sets)}; never on the blind set or the GSR files.",
        "version = 1",
        f"a = {a:.4f}",
        f"b = {b:.4f}",
        f"default_cut = {cut}",
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return cut


def cross_validate(dev: list[Point], k: int = 5) -> None:
    import random

    idx = list(range(len(dev)))
    random.Random(1).shuffle(idx)
    names = [n for n in dev[0][2] if n != "raw"]

    def loss(ps: list[tuple[float, bool]]) -> tuple[float, float, float]:
        ll = sum(-math.log(max(1e-9, c if y else 1 - c)) for c, y in ps) / len(ps)
        br = sum((c - y) ** 2 for c, y in ps) / len(ps)
        _rows, ece = table([(c, y, {}) for c, y in ps])
        return ll, br, ece

    print(f"\n{k}-fold cross-validation on {len(dev)} dev points (log loss, Brier, ECE):")
    for model in ("raw", "platt", "features 0.3", "features 1", "features 3"):
        out: list[tuple[float, bool]] = []
        for f in range(k):
            test_i = set(idx[f::k])
            train = [dev[i] for i in idx if i not in test_i]
            test = [dev[i] for i in sorted(test_i)]
            if model == "raw":
                out += [(p[2]["raw"], p[1]) for p in test]
            elif model == "platt":
                a, b = platt(train)
                out += [(_sig(a * p[2]["raw"] + b), p[1]) for p in test]
            else:
                b, w = fit(train, names, lam=float(model.split()[1]))
                out += [(_sig(b + sum(w[n] * p[2].get(n, 0.0) for n in names)), p[1]) for p in test]
        ll, br, ece = loss(out)
        print(f"  {model:13s} log loss {ll:.3f}  Brier {br:.3f}  ECE {ece:.3f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sets", default="gold,snn,heldout,blind,gsr")
    ap.add_argument("--fit", action="store_true", help=f"fit the map on {', '.join(FIT_SETS)} and write confidence.toml")
    ap.add_argument("--raw", action="store_true", help="the raw evidence score, not the calibrated confidence")
    ap.add_argument("--cv", action="store_true", help="cross-validate raw / Platt / feature models on the dev points")
    ap.add_argument("--dump", type=Path, default=None, help="write the points as JSON lines")
    args = ap.parse_args()
    sets = args.sets.split(",")
    pipe = _pipe(raw=args.raw)
    paths = {"snn": E.SNN_FIXTURE, "heldout": E.SNN_HELDOUT, "blind": E.SNN_BLIND}
    all_points: dict[str, list[Point]] = {}
    for name in sets:
        if name == "gold":
            pts = gold_points(pipe)
        elif name == "gsr":
            pts = gsr_points(pipe)
        else:
            pts = snn_points(pipe, paths[name])
        all_points[name] = pts
        print_table(name, pts)
    dev = [p for n in FIT_SETS if n in all_points for p in all_points[n]]
    if dev:
        print_table("dev (" + "+".join(n for n in FIT_SETS if n in all_points) + ")", dev)
    if args.dump:
        with args.dump.open("w", encoding="utf-8") as fh:
            for name, pts in all_points.items():
                for c, y, f in pts:
                    fh.write(json.dumps({"set": name, "confidence": c, "right": y, "features": f}) + "\n")
    if args.fit or args.cv:
        missing = [n for n in FIT_SETS if n not in all_points]
        if missing:
            raise SystemExit(f"--fit / --cv need the sets {', '.join(FIT_SETS)} (missing {missing})")
    if args.cv:
        cross_validate(dev)
    if args.fit:
        a, b = platt(dev)
        out = DATA / "confidence.toml"
        cut = write_map(out, a, b, len(dev), sum(y for _c, y, _f in dev), list(FIT_SETS))
        print(f"\nwrote {out}: a={a:.3f} b={b:.3f} default_cut={cut}")


if __name__ == "__main__":
    main()
