"""Write the SaudiNewsNet gold articles ``gold/snn_*.txt`` from the corpus (their text is not shipped).

SaudiNewsNet is CC BY-NC-SA 4.0 ("workload and testing only; do not ship the text"), so git holds
only the annotations (``gold/snn_*.json``) and ``gold/snn_sources.tsv``: one row per article with
``name``, ``day`` (the zip ``DAY.zip`` of ``../shared/data/news/saudinewsnet/dataset``), ``url`` and
the ``sha256`` of the expected file. Each file is the article's title, a blank line and its
content (both stripped of surrounding white space), without a final newline -- byte-identical to
the text the annotations' offsets point into; a file whose hash differs is an error, an existing
file that differs from the corpus is rewritten.

Usage: python scripts/materialize_gold.py [--news DIR] [--gold DIR] [--check]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from marsad.errors import DataFileError, MarsadError  # noqa: E402
from tests.snn import NEWS, article  # noqa: E402

GOLD = ROOT / "gold"
SOURCES = "snn_sources.tsv"
COLUMNS = ["name", "day", "url", "sha256"]


def sources(gold_dir: Path = GOLD) -> list[dict[str, str]]:
    """The rows of ``gold_dir/snn_sources.tsv``."""
    path = gold_dir / SOURCES
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        if reader.fieldnames != COLUMNS:
            raise DataFileError(f"{SOURCES} must have the columns {' '.join(COLUMNS)}",
                                value=reader.fieldnames, source=str(path))
        return list(reader)


def article_text(row: dict[str, str], *, news: Path = NEWS) -> str:
    art = article(row["url"], row["day"], news=news)
    text = (art.get("title") or "").strip() + "\n\n" + (art.get("content") or "").strip()
    if hashlib.sha256(text.encode("utf-8")).hexdigest() != row["sha256"]:
        raise DataFileError("the corpus article does not match the recorded sha256", value=row["name"])
    return text


def materialize(gold_dir: Path = GOLD, *, news: Path = NEWS, check: bool = False) -> list[str]:
    """Write every missing or differing ``NAME.txt``; returns the names written (with ``check``:
    the names that would be). Existing identical files are left untouched."""
    if not news.is_dir():
        raise DataFileError("SaudiNewsNet dataset folder not found (set MARSAD_SHARED or --news)",
                            value=str(news))
    written: list[str] = []
    for row in sources(gold_dir):
        data = article_text(row, news=news).encode("utf-8")
        target = gold_dir / f"{row['name']}.txt"
        if target.exists() and target.read_bytes() == data:
            continue
        written.append(row["name"])
        if not check:
            tmp = target.with_name(f".{target.name}.{os.getpid()}")
            tmp.write_bytes(data)
            os.replace(tmp, target)  # atomic: a concurrent reader sees the old or the new file
    return written


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--news", type=Path, default=NEWS, help="SaudiNewsNet dataset folder (DAY.zip files)")
    ap.add_argument("--gold", type=Path, default=GOLD)
    ap.add_argument("--check", action="store_true",
                    help="write nothing; exit 1 when a file is missing or differs")
    args = ap.parse_args()
    try:
        names = materialize(args.gold, news=args.news, check=args.check)
    except MarsadError as exc:
        sys.exit(f"materialize_gold: {exc}")
    total = len(sources(args.gold))
    verb = "missing or different" if args.check else "written"
    print(f"{len(names)} of {total} gold article(s) {verb}" + (f": {', '.join(names)}" if names else ""))
    if args.check and names:
        sys.exit(1)


if __name__ == "__main__":
    main()
