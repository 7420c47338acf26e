"""Build marsad/data/entity_rules/not_name_words.tsv: words and phrases that are never part of a
person's name, for the entities stage's boundary rule ("رأى كيري" -> "كيري"; "حسن جوار" is
good neighbourliness, not a person).

Sources:
- verbs: every form tagged VERB in UD Arabic PUD (../shared/data/ud/ud_arabic_pud, CC BY-SA 3.0;
  PADT is not used: non-commercial), plus the hand-written forms of scripts/kb_src/not_name_words.tsv
  (speech and meeting verbs of news, in their common persons and tenses);
- phrases: the hand-written rows of the same file (kind ``phrase``: "حسن جوار", "حسن النية").
A PUD form that is also a given name of the NER gazetteer (marsad/data/models/ner/gaz_given.txt:
يحيى، يزيد، حسن) is left out: there it may be a name; so is one that is a word of a person's name
there (gaz_namepart / gaz_surname: ورد، عين). Hand-written forms are kept (the entities stage
matches them as written: "رأى" with its hamza is the verb, "راي" may be Ray). Output rows are sorted and normalized-unique, so a
rebuild is byte-identical.
Usage: python scripts/build_entity_rules.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from marsad.arabic.normalize import norm
from scripts._shared import PKG_DATA, shared_data

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "scripts" / "kb_src" / "not_name_words.tsv"
OUT = PKG_DATA / "entity_rules" / "not_name_words.tsv"
PUD = "ud/ud_arabic_pud/ar_pud-ud-test.conllu"
MIN_LEN = 2


def read_rows(path: Path) -> list[dict[str, str]]:
    lines = [x for x in path.read_text(encoding="utf-8").splitlines() if x and not x.startswith("#")]
    head = lines[0].split("\t")
    return [dict(zip(head, x.split("\t"))) for x in lines[1:]]


def pud_verbs(data: Path) -> set[str]:
    out: set[str] = set()
    for line in (data / PUD).read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) == 10 and cols[0].isdigit() and cols[3] == "VERB":
            out.add(cols[1])
    return out


def gazetteer(name: str) -> set[str]:
    path = PKG_DATA / "models" / "ner" / name
    return {norm(x.strip()) for x in path.read_text(encoding="utf-8").splitlines() if x and not x.startswith("#")}


def main() -> None:
    given = gazetteer("gaz_given.txt")
    parts = gazetteer("gaz_namepart.txt") | gazetteer("gaz_surname.txt")
    rows: dict[tuple[str, str], tuple[str, str]] = {}
    for form in pud_verbs(shared_data()):
        n = norm(form)
        if len(n) >= MIN_LEN and n not in given and n not in parts:
            rows.setdefault(("verb", n), (form, "ud_arabic_pud"))
    for r in read_rows(SRC):  # hand-written: kept even when a given name (matched as written)
        rows[(r["kind"], norm(r["form"]))] = (r["form"], "marsad")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8") as fh:
        fh.write(
            "# marsad words that are never part of a person's name, version 1; built by scripts/build_entity_rules.py\n"
            "# kind verb: a verb form (a name next to it ends there); kind phrase: a common-noun phrase, never a name\n"
            "# sources: UD Arabic PUD VERB forms (CC BY-SA 3.0, https://universaldependencies.org; this table is\n"
            "# shared under CC BY-SA 3.0), scripts/kb_src/not_name_words.tsv (marsad, Apache-2.0); given names left out\n"
            "kind\tform\tsource\n"
        )
        for (kind, _), (form, source) in sorted(rows.items()):
            fh.write(f"{kind}\t{form}\t{source}\n")
    print(f"{len(rows)} rows -> {OUT}")


if __name__ == "__main__":
    main()
