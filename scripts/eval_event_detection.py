"""Sentence-level ASSAULT / PROTEST event detection on the Arabic event GSR (development part).

Data: ``../shared/data/events/arabic_event_gsr/{assault,protest}_detection_dev.csv`` (MIT; text from
Arabic Gigaword). A sentence is detected when the events stage finds in it an event whose PLOVER
type is ASSAULT (CAMEO 18x, 19x, 20x and the few other codes PLOVER maps to ASSAULT) or PROTEST
(CAMEO 14x).

Labels. The development files hold almost no unanimous "yes" rows (assault: 0, protest: 3): the
crowd-positive rows are labelled "ambiguous" (e.g. 2 accept / 1 reject) and "difficult no" rows
include 2-2 ties. So three labelings are reported (``--labeling``):
  strict   = the README's labels: "yes" vs "easy no"/"difficult no" (assault: no positive at all,
             so F1 is 0 by construction; protest: 3 positives);
  majority = accept > reject vs reject > accept, ties left out;
  lenient  = at least one annotator accepted vs all rejected (rows with < 2 annotations left out).
Every row of these files was pre-selected as a candidate (it mentions violence / protest): the
annotators judged whether the sentence *reports* such an event, so a lexicon detector that fires on
the words has high recall and low precision here.

Split: rows sorted by id, shuffled with ``random.Random(SEED)``, first half = tuning (used while
writing the lexicon), second half = reporting. ``--half tune|report|all``.

Run: ``.venv/bin/python scripts/eval_event_detection.py [--half report] [--weak]``
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from marsad.arabic.stage import make_arabic_stage  # noqa: E402
from marsad.document import Document  # noqa: E402
from marsad.extract.event_lexicon import load_lexicon  # noqa: E402
from marsad.extract.events import extract_events  # noqa: E402
from scripts._shared import shared_data  # noqa: E402

SEED = 20251225
FILES = {"ASSAULT": "assault_detection_dev.csv", "PROTEST": "protest_detection_dev.csv"}


@dataclass(slots=True)
class Row:
    id: str
    text: str
    positive: bool


LABELINGS = ("lenient", "majority", "strict")


def load_rows(path: Path, labeling: str = "lenient") -> list[Row]:
    """Rows with a binary label (see the module docstring for the three labelings)."""
    rows: list[Row] = []
    with path.open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            acc, rej, label = int(r["accept"]), int(r["reject"]), r["label"]
            if labeling == "strict":  # the README's labels: "yes" vs "easy no" / "difficult no"
                if label not in ("yes", "easy no", "difficult no"):
                    continue
                rows.append(Row(r["id"], r["text"], label == "yes"))
            elif labeling == "majority":
                if acc == rej:
                    continue
                rows.append(Row(r["id"], r["text"], acc > rej))
            else:  # lenient: some annotator accepted vs all rejected
                if acc + rej < 2:
                    continue
                rows.append(Row(r["id"], r["text"], acc > 0))
    return rows


def split(rows: list[Row], half: str) -> list[Row]:
    rows = sorted(rows, key=lambda r: r.id)
    random.Random(SEED).shuffle(rows)
    mid = len(rows) // 2
    if half == "tune":
        return rows[:mid]
    if half == "report":
        return rows[mid:]
    return rows


def detects(text: str, kind: str, *, use_weak: bool, use_up: bool) -> bool:
    lex = load_lexicon(None, use_up=use_up)
    doc = make_arabic_stage()(Document(text=text))
    for ev in extract_events(doc, lex=lex, use_weak=use_weak):
        if ev.plover == kind or (kind == "ASSAULT" and ev.cameo[:2] in ("18", "19", "20")):
            return True
    return False


def evaluate(
    kind: str, half: str, *, labeling: str = "lenient", use_weak: bool = False, use_up: bool = True, show: int = 0
) -> dict[str, float]:
    rows = split(load_rows(shared_data() / "events" / "arabic_event_gsr" / FILES[kind], labeling), half)
    tp = fp = fn = tn = 0
    errors: list[str] = []
    for r in rows:
        hit = detects(r.text, kind, use_weak=use_weak, use_up=use_up)
        if hit and r.positive:
            tp += 1
        elif hit:
            fp += 1
            errors.append("FP " + r.text[:150])
        elif r.positive:
            fn += 1
            errors.append("FN " + r.text[:150])
        else:
            tn += 1
    p = tp / (tp + fp) if tp + fp else 0.0
    rc = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * rc / (p + rc) if p + rc else 0.0
    for e in errors[:show]:
        print("   ", e)
    return {"n": len(rows), "pos": tp + fn, "tp": tp, "fp": fp, "fn": fn, "tn": tn, "precision": p, "recall": rc, "f1": f1}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--half", choices=("tune", "report", "all"), default="report")
    ap.add_argument("--weak", action="store_true", help="also fire UniversalPetrarch weak triggers")
    ap.add_argument("--no-up", action="store_true", help="leave the UniversalPetrarch verbs out")
    ap.add_argument("--show", type=int, default=0, help="print this many errors")
    ap.add_argument("--labeling", choices=LABELINGS, default=None, help="default: all three")
    args = ap.parse_args()
    print(f"half={args.half} seed={SEED} weak={args.weak} up={not args.no_up}")
    for labeling in [args.labeling] if args.labeling else LABELINGS:
        for kind in FILES:
            m = evaluate(kind, args.half, labeling=labeling, use_weak=args.weak, use_up=not args.no_up, show=args.show)
            print(
                f"{labeling:8s} {kind:8s} n={m['n']:4d} pos={m['pos']:3d} tp={m['tp']:3d} fp={m['fp']:3d} fn={m['fn']:3d} "
                f"P={m['precision']:.3f} R={m['recall']:.3f} F1={m['f1']:.3f}"
            )


if __name__ == "__main__":
    main()
