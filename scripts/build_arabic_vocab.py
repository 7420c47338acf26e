"""Build marsad/data/arabic/vocab.tsv: normalized word forms and their counts.

The clitic segmenter splits "وتركيا" into و + تركيا only when تركيا is a known stem. Known stems
come from openly licensed corpora in ../shared/data (no news workload text is used):
- NewsFANE Gold (CC BY-SA 3.0) and AQMAR (CC BY-SA 3.0): whole words;
- Wojood sample (MIT): whole words;
- UD Arabic PUD (CC BY-SA 3.0): *syntactic* words, i.e. stems already split from their clitics,
  which is what teaches the segmenter most.
Output: one "word<TAB>count" a line, most frequent first, words seen at least once.
Usage: python scripts/build_arabic_vocab.py
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from scripts._shared import PKG_DATA, shared_data  # noqa: E402

from marsad.arabic.normalize import norm  # noqa: E402

AR = re.compile(r"^[\u0621-\u064A\u0671-\u06D3]+$")


def conll_words(path: Path) -> list[str]:
    words: list[str] = []
    with path.open(encoding="utf-8", errors="replace") as fh:
        for line in fh:
            parts = line.split()
            if parts:
                words.append(parts[0])
    return words


def pud_words(path: Path) -> list[str]:
    words: list[str] = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            if "-" in cols[0] or "." in cols[0]:
                continue  # multiword token line: the syntactic words follow
            words.append(cols[1])
    return words


def main() -> None:
    data = shared_data()
    counts: Counter[str] = Counter()
    sources = [
        *(conll_words(p) for p in [data / "ner/newsfane/newsfane_filtered.txt"]),
        *(conll_words(p) for p in sorted((data / "ner/aqmar/data").rglob("*.txt"))),
        *(conll_words(p) for p in sorted((data / "ner/wojood_sample/data").glob("*.txt"))),
        pud_words(data / "ud/ud_arabic_pud/ar_pud-ud-test.conllu"),
    ]
    for words in sources:
        for w in words:
            n = norm(w)
            if AR.match(n):
                counts[n] += 1
    out = PKG_DATA / "arabic" / "vocab.tsv"
    with out.open("w", encoding="utf-8") as fh:
        fh.write("# built by scripts/build_arabic_vocab.py from NewsFANE, AQMAR (CC BY-SA 3.0), Wojood sample (MIT), UD Arabic PUD (CC BY-SA 3.0)\n")
        for word, c in counts.most_common():
            fh.write(f"{word}\t{c}\n")
    print(f"wrote {len(counts)} forms to {out}")


if __name__ == "__main__":
    main()
