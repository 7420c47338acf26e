"""Letter-by-letter romanization of foreign names (marsad.resolve.names.foreign_unit) against the English
names of the KB's curated people (scripts/kb_src/actors.tsv): words of a name with as many Arabic as
English words whose Arabic looks foreign. Prints the count, exact matches and mean similarity; -v lists them.

    python scripts/eval_foreign_names.py [-v]
"""

from __future__ import annotations

import csv
import difflib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from marsad.resolve.names import foreign_unit, looks_foreign  # noqa: E402
rows = [l for l in open(ROOT / "scripts" / "kb_src" / "actors.tsv", encoding="utf-8") if not l.startswith("#")]
rd = csv.DictReader(rows, delimiter="\t")
pairs = []
for r in rd:
    if r.get("type") != "PER":
        continue
    ar = (r.get("names_ar") or r.get("name_ar") or "").split("|")[0].split()
    en = (r.get("name_en") or "").split()
    if len(ar) != len(en) or not ar:
        continue
    for a, e in zip(ar, en):
        if looks_foreign(a):
            pairs.append((a, e))
exact = sum(foreign_unit(a).lower() == e.lower() for a, e in pairs)
sim = sum(difflib.SequenceMatcher(None, foreign_unit(a).lower(), e.lower()).ratio() for a, e in pairs) / max(1, len(pairs))
print(len(pairs), "words; exact", exact, "similarity %.3f" % sim)
if "-v" in sys.argv:
    for a, e in pairs:
        print(a, foreign_unit(a), e)
