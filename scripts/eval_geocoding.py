"""Geocoding accuracy on the hand-checked gold set tests/fixtures/geocoding_gold.jsonl.

Each line is a place mention in a SaudiNewsNet snippet with its GeoNames id (checked by hand).
The snippet is analysed with the outlet and date of its article; a mention counts as right when an
entity of the output has a mention overlapping it and the gold GeoNames id. A line whose
``geonameid`` is null (a region GeoNames has no id for, e.g. "the Gulf states", or a place not in
the KB) counts as right when the entity at the mention is a place with no GeoNames id (a region row
of the KB, or unlinked): any GeoNames id there is a wrong one.
Usage: python scripts/eval_geocoding.py [--no-ner] [--show-errors] [--gold FILE]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from marsad.pipeline import Pipeline, make_document
from tests.snn import require_news, resolved  # the snippets are read from ../shared

GOLD = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "geocoding_gold.jsonl"


def evaluate(pipe: Pipeline, gold: Path = GOLD) -> tuple[int, int, list[str]]:
    """``gold``: a fixture with its snippets filled in (``tests.snn.resolved``)."""
    right = total = 0
    errors: list[str] = []
    for line in gold.read_text(encoding="utf-8").splitlines():
        g = json.loads(line)
        total += 1
        doc = pipe(make_document(g["snippet"], outlet=g.get("outlet"), published=g.get("published") or None))
        got = None
        # the place entity at the mention (an organization named after it may overlap too)
        for e in sorted(doc.entities, key=lambda e: e.type != "LOC"):
            if any(m.start < g["end"] and g["start"] < m.end for m in e.mentions):
                got = e
                break
        if g["geonameid"] is None:
            ok = got is not None and got.type == "LOC" and not (got.kb_id or "").startswith("geonames:")
        else:
            ok = got is not None and got.kb_id == f"geonames:{g['geonameid']}"
        if ok:
            right += 1
        else:
            errors.append(
                f"{g['text']}: gold {g['geonameid']}, got {got.kb_id if got else None} "
                f"({got.name_en if got else '-'})"
            )
    return right, total, errors


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--no-ner", action="store_true")
    ap.add_argument("--show-errors", action="store_true")
    ap.add_argument(
        "--gold", type=Path, default=GOLD, help="another gold file (e.g. geocoding_heldout.jsonl)"
    )
    args = ap.parse_args()
    pipe = Pipeline.build(["arabic", "entities"], options={"entities": {"use_ner": not args.no_ner}})
    right, total, errors = evaluate(pipe, resolved(args.gold, news=require_news()))
    print(f"geocoding: {right}/{total} = {right / total:.3f}")
    lines = resolved(args.gold, news=require_news()).read_text(encoding="utf-8").splitlines()
    gold = [json.loads(x) for x in lines]
    n_none = sum(1 for g in gold if g["geonameid"] is None)
    if n_none:
        wrong_none = sum(1 for e in errors if ": gold None," in e)
        print(
            f"  with a GeoNames id: {total - n_none - (len(errors) - wrong_none)}/{total - n_none}; "
            f"regions and places not in the KB (no id expected): {n_none - wrong_none}/{n_none}"
        )
    if args.show_errors:
        print("\n".join(errors))


if __name__ == "__main__":
    main()
