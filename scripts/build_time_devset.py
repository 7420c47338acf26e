"""Sample candidate time expressions from SaudiNewsNet for the hand-checked dev set.

Step 1 of building ``tests/fixtures/times_dev.jsonl`` (procedure: ``tests/fixtures/times_dev.md``).
Reads the SaudiNewsNet zips of ``../shared/data`` (articles published from 2015-08-01 on, whose
``date_extracted`` date is the publication date), keeps sentences holding a time word of the
lexicon, and writes one candidate per line::

    {"text": snippet <= 200 chars, "published": "YYYY-MM-DD", "weekday": "Sat",
     "expression": ..., "type": ..., "value": ..., "source": "proposed" | "unmatched"}

``proposed`` candidates carry the current normalizer's proposal, which is *not* the truth: every
line is then checked by hand against the calendar and corrected before it enters the fixture.
``unmatched`` candidates are sentences with a time word where the normalizer found nothing, so that
misses are annotated too. Usage::

    python scripts/build_time_devset.py --out /tmp/times_candidates.jsonl --n 260 --seed 7
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from marsad.arabic.normalize import norm  # noqa: E402
from marsad.extract.time_lexicon import load_lexicon  # noqa: E402
from marsad.extract.times import find_times  # noqa: E402
from scripts._shared import shared_data, snn_articles, snn_days  # noqa: E402

FIRST_RELIABLE = dt.date(2015, 8, 1)  # earlier date_extracted values are crawl dates
SNIPPET = 200
_SENT_RE = re.compile(r"[^.!?؟\n]+[.!?؟]?")
_WORD_RE = re.compile(r"[\u0600-\u06FF]+")
# words too common to make a sentence a candidate on their own
_WEAK = {"من", "و", "بين", "الي", "حتي", "قبل", "بعد", "منذ", "خلال", "كل", "هذا", "هذه", "نحو", "م", "ه"}


def time_words() -> set[str]:
    lex = load_lexicon()
    words = {w for w, cats in lex.words.items() if w not in _WEAK and set(cats) - {"RFROM", "RTO", "ERA"}}
    words |= {p[0] for p in lex.phrases}
    return words


def snippet(text: str, start: int, end: int) -> tuple[str, int]:
    room = max(0, SNIPPET - (end - start))
    a = max(0, start - room // 2)
    b = min(len(text), end + (room - (start - a)))
    return text[a:b].replace("\n", " "), a


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--n", type=int, default=260, help="proposed candidates to write")
    ap.add_argument("--unmatched", type=int, default=40, help="time-word sentences with no proposal")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--per-expression", type=int, default=6, help="cap on identical expressions")
    args = ap.parse_args()

    rng = random.Random(args.seed)
    words = time_words()
    news = shared_data() / "news" / "saudinewsnet" / "dataset"
    sentences: list[tuple[str, str]] = []
    for zpath in snn_days(news):
        for art in snn_articles(zpath):
            pub = str(art.get("date_extracted", ""))[:10]
            try:
                if dt.date.fromisoformat(pub) < FIRST_RELIABLE:
                    continue
            except ValueError:
                continue
            for m in _SENT_RE.finditer(art.get("content") or ""):
                sent = m.group().strip()
                if 20 <= len(sent) <= 400 and any(norm(w) in words for w in _WORD_RE.findall(sent)):
                    sentences.append((sent, pub))
    rng.shuffle(sentences)
    seen: Counter[str] = Counter()
    out: list[dict] = []
    unmatched: list[dict] = []
    n_prop = 0
    for sent, pub in sentences:
        if n_prop >= args.n and len(unmatched) >= args.unmatched:
            break
        found = find_times(sent, published=pub)
        weekday = dt.date.fromisoformat(pub).strftime("%a")
        if not found:
            if len(unmatched) < args.unmatched:
                text, _ = snippet(sent, 0, min(len(sent), SNIPPET))
                unmatched.append({"text": text, "published": pub, "weekday": weekday, "expression": "",
                                  "type": "", "value": None, "source": "unmatched"})
            continue
        if n_prop >= args.n:
            continue
        t = rng.choice(found)
        key = norm(t.text)
        if seen[key] >= args.per_expression:
            continue
        seen[key] += 1
        text, _ = snippet(sent, t.start, t.end)
        out.append({"text": text, "published": pub, "weekday": weekday, "expression": t.text,
                    "type": t.type, "value": t.value, "source": "proposed"})
        n_prop += 1
    with args.out.open("w", encoding="utf-8") as fh:
        for rec in out + unmatched:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    print(f"{len(out)} proposed + {len(unmatched)} unmatched candidates "
          f"from {len(sentences)} sentences -> {args.out}")


if __name__ == "__main__":
    main()
