"""Candidate place mentions from SaudiNewsNet for the hand-checked geocoding gold set.

Samples articles (fixed seed), runs the arabic + entities stages, and writes every place the KB
could match (kept or not) with a snippet of up to 160 characters either side and the current
linking, one JSON object a line, for a person to check and correct into
tests/fixtures/geocoding_gold.jsonl (fields: snippet, start, end, text, outlet, geonameid, note).
At most two candidates per name, so that الرياض does not fill the set.
Usage: python scripts/geocoding_candidates.py OUT.jsonl [--articles 400] [--limit 160]

The blind set tests/fixtures/geocoding_blind.jsonl was drawn with
``--days 2015-07-26,2015-07-27 --unused --ner --all-loc --per-article 3 --seed 2026 --articles 100000
--limit 130``: every LOC entity (linked or not, with the NER tagger) of articles that no fixture
uses; each line carries a reference (``snn``) instead of the snippet, and the system's answer under
``_sys`` (dropped from the fixture). OUT stays outside the repository: it holds the snippets.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from marsad.arabic.normalize import norm
from marsad.pipeline import Pipeline, make_document
from scripts._shared import shared_data, snn_articles, snn_days
from tests.snn import sha256

SNIP = 160


def articles(data: Path, days: list[str] | None = None) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    for z in snn_days(data / "news/saudinewsnet/dataset"):
        if days and z.stem not in days:
            continue
        for a in snn_articles(z):
            a["_day"] = z.stem
            out.append(a)
    return out


def used_urls() -> set[str]:
    """Articles the fixtures older than the blind sets refer to."""
    urls: set[str] = set()
    for f in (Path(__file__).resolve().parent.parent / "tests" / "fixtures").glob("*.jsonl"):
        if f.name.endswith("_blind.jsonl"):  # drawn after this set (events) or by it
            continue
        for line in f.read_text(encoding="utf-8").splitlines():
            r = json.loads(line)
            u = (r.get("snn") or {}).get("url") or r.get("url")
            if u:
                urls.add(u)
    return urls


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("out", type=Path)
    ap.add_argument("--articles", type=int, default=400)
    ap.add_argument("--limit", type=int, default=160)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--days", help="comma-separated days (default: all)")
    ap.add_argument("--unused", action="store_true", help="skip articles a fixture already uses")
    ap.add_argument("--ner", action="store_true", help="with the NER tagger")
    ap.add_argument("--all-loc", action="store_true", help="every LOC entity, not only GeoNames-linked ones")
    ap.add_argument("--per-article", type=int, default=0, help="at most N an article (0: any)")
    args = ap.parse_args()
    arts = articles(shared_data(), args.days.split(",") if args.days else None)
    if args.unused:
        used = used_urls()
        arts = [a for a in arts if a.get("url") not in used and len(a.get("content") or "") >= 200]
    random.Random(args.seed).shuffle(arts)
    pipe = Pipeline.build(["arabic", "entities"], options={"entities": {"use_ner": args.ner}})
    per_name: dict[str, int] = {}
    rows = []
    for a in arts[: args.articles]:
        text = a.get("content") or ""
        if len(text) < 200:
            continue
        day = a.get("date_extracted", "")[:10] if not args.days else a["_day"]
        doc = pipe(make_document(text, outlet=a.get("source"), published=day or None))
        n_art = 0
        for e in doc.entities:
            if e.type != "LOC" or not (args.all_loc or (e.kb_id or "").startswith("geonames:")):
                continue
            m = e.mentions[0]
            key = norm(m.text)
            if per_name.get(key, 0) >= 2 or (args.per_article and n_art >= args.per_article):
                continue
            per_name[key] = per_name.get(key, 0) + 1
            n_art += 1
            lo = max(0, m.start - SNIP)
            hi = min(len(text), m.end + SNIP)
            snippet = text[lo:hi]
            ref = {"field": "snippet", "url": a["url"], "day": a["_day"], "start": lo, "end": hi}
            ref["sha256"] = sha256(snippet)
            rows.append(
                {
                    "snn": ref,
                    "snippet": snippet,
                    "start": m.start - lo,
                    "end": m.end - lo,
                    "text": m.text,
                    "outlet": a.get("source"),
                    "published": a.get("date_extracted", "")[:10],
                    "geonameid": int(e.kb_id[9:]) if (e.kb_id or "").startswith("geonames:") else None,
                    "_sys": e.kb_id,
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
