"""Candidate place mentions from SaudiNewsNet for the hand-checked geocoding gold set.

Samples articles (fixed seed), runs the arabic + entities stages, and writes every place the KB
could match (kept or not) with a snippet of up to 160 characters either side and the current
linking, one JSON object a line, for a person to check and correct into
tests/fixtures/geocoding_gold.jsonl (fields: snippet, start, end, text, outlet, geonameid, note).
At most two candidates per name, so that الرياض does not fill the set.
Usage: python scripts/geocoding_candidates.py OUT.jsonl [--articles 400] [--limit 160]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from marsad.arabic.normalize import norm
from marsad.pipeline import Pipeline, make_document
from scripts._shared import shared_data

SNIP = 160


def articles(data: Path) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    for z in sorted((data / "news/saudinewsnet/dataset").glob("*.zip")):
        with zipfile.ZipFile(z) as zf:
            for name in zf.namelist():
                out.extend(json.loads(zf.read(name)))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("out", type=Path)
    ap.add_argument("--articles", type=int, default=400)
    ap.add_argument("--limit", type=int, default=160)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    arts = articles(shared_data())
    random.Random(args.seed).shuffle(arts)
    pipe = Pipeline.build(["arabic", "entities"], options={"entities": {"use_ner": False}})
    per_name: dict[str, int] = {}
    rows = []
    for a in arts[: args.articles]:
        text = a.get("content") or ""
        if len(text) < 200:
            continue
        doc = pipe(
            make_document(text, outlet=a.get("source"), published=a.get("date_extracted", "")[:10] or None)
        )
        for e in doc.entities:
            if e.type != "LOC" or not (e.kb_id or "").startswith("geonames:"):
                continue
            m = e.mentions[0]
            key = norm(m.text)
            if per_name.get(key, 0) >= 2:
                continue
            per_name[key] = per_name.get(key, 0) + 1
            lo = max(0, m.start - SNIP)
            hi = min(len(text), m.end + SNIP)
            rows.append(
                {
                    "snippet": text[lo:hi],
                    "start": m.start - lo,
                    "end": m.end - lo,
                    "text": m.text,
                    "outlet": a.get("source"),
                    "published": a.get("date_extracted", "")[:10],
                    "geonameid": int(e.kb_id.split(":")[1]),
                    "system_name_en": e.name_en,
                    "system_country": e.country,
                }
            )
        if len(rows) >= args.limit:
            break
    with args.out.open("w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"{len(rows)} candidates -> {args.out}")


if __name__ == "__main__":
    main()
