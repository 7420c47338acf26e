"""English names of entities against the gold: how many gold entities with a ``name_en`` get the same
English name (exact; case-insensitive; and the scorer's key: letters and digits only, no accents, case
folded), by type and by where the name came from (the KB, or transliteration of a name it lacks).

A gold entity is compared with the predicted entity that took most of its mentions (as in
``marsad evaluate``). Usage: python scripts/eval_name_en.py [GOLD_DIR] [--show]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from marsad.eval.score import _greedy, _name_en_key, _overlap, load_gold
from marsad.pipeline import Pipeline, make_document


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("gold", nargs="?", type=Path, default=Path(__file__).resolve().parent.parent / "gold")
    ap.add_argument("--show", action="store_true", help="list the names that differ")
    args = ap.parse_args()
    pipe = Pipeline.build(["arabic", "entities"])
    tally: Counter[tuple[str, str, str]] = Counter()
    shown: list[str] = []
    for name, text, gold in load_gold(args.gold):
        doc = pipe(make_document(text, outlet=gold.get("outlet"), published=gold.get("published")))
        gm = [(e, m) for e in gold.get("entities", []) for m in e.get("mentions", [])]
        pm = [(e, m) for e in doc.entities for m in e.mentions]
        pairs = _greedy(
            gm, pm, lambda g, p: g[0]["type"] == p[0].type and _overlap(g[1]["start"], g[1]["end"], p[1].start, p[1].end)
        )
        votes: dict[str, Counter[str]] = {}
        for gi, pi in pairs:
            votes.setdefault(gm[gi][0]["id"], Counter())[pm[pi][0].id] += 1
        for g in gold.get("entities", []):
            if not g.get("name_en"):
                continue
            src = "missed"
            got = None
            if g["id"] in votes:
                pe = doc.entity(votes[g["id"]].most_common(1)[0][0])
                got = pe.name_en if pe else None
                src = "kb" if pe is not None and pe.kb_id else "translit"
            gv = g["name_en"]
            for how, ok in (
                ("exact", got == gv),
                ("casefold", got is not None and got.casefold() == gv.casefold()),
                ("key", got is not None and _name_en_key(got) == _name_en_key(gv)),
            ):
                tally[(g["type"], src, how)] += int(ok)
            tally[(g["type"], src, "n")] += 1
            if args.show and (got is None or _name_en_key(got) != _name_en_key(gv)):
                shown.append(f"{name}: {g['type']} {g.get('name')} | gold {gv!r} | got {got!r} ({src})")
    n = sum(v for (_, _, how), v in tally.items() if how == "n")
    for how in ("exact", "casefold", "key"):
        ok = sum(v for (_, _, h), v in tally.items() if h == how)
        print(f"name_en {how}: {ok}/{n} = {ok / n:.3f}")
    for typ in sorted({t for t, _, _ in tally}):
        for src in ("kb", "translit", "missed"):
            m = tally[(typ, src, "n")]
            if m:
                print(f"  {typ} {src}: key {tally[(typ, src, 'key')]}/{m}, exact {tally[(typ, src, 'exact')]}/{m}")
    if shown:
        print("\n".join(shown))


if __name__ == "__main__":
    main()
