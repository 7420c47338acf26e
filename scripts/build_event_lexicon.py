"""Build the event data tables in ``marsad/data/events/`` from ``../shared/data/events``.

Writes
  * ``cameo.tsv``: every CAMEO event code (all 20 roots) with its name, Goldstein score, quad
    class and PLOVER type. Sources: py-gdelt lookups ``cameo_codes.json`` + ``cameo_goldstein.json``
    (MIT, facts) cross-checked with GDELT's ``LOOKUP-CAMEO.eventcodes.txt``; PLOVER from
    ``plover/CAMEO2PLOVER-2021.txt`` (CC BY-SA 4.0, attribution in the file header).
  * ``triggers_up.tsv``: Arabic verb triggers cleaned from UniversalPetrarch's Arabic dictionaries
    (MIT): ``CAMEO.ar.0.5.txt``, ``VERBS.DICT.AR.LEMMA.V2.txt``, ``VERBS.DICT.AR.V1.txt``. Only
    entries with an explicit CAMEO code are kept; forms are normalized with ``norm()``; entries
    whose conjugation list does not contain the block lemma (misaligned blocks), that are not
    Arabic words, are function words or common non-event verbs
    (``[up_blocklist]`` of ``triggers_extra.toml``), or whose form maps to several CAMEO roots, are
    dropped. Every row keeps its provenance (file:line).

The hand-written ``triggers_extra.toml`` is not generated: it is read at run time beside these
tables. This script checks that every code it names exists.

Run: ``.venv/bin/python scripts/build_event_lexicon.py``
"""

from __future__ import annotations

import json
import re
import sys
import tomllib
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from marsad.arabic.normalize import norm  # noqa: E402
from scripts._shared import PKG_DATA, shared_data  # noqa: E402

VERSION = 1
OUT = PKG_DATA / "events"
AR_WORD = re.compile(r"^[\u0621-\u064A]{2,}$")
HEADER_RE = re.compile(r"^---\s*(?P<lemma>[^\[]+?)\s*\[(?P<code>[^\]]*)\]\s*---")
LINE_RE = re.compile(r"^(?P<word>[^\s#\-\[{][^#\[]*?)\s*(?:\[(?P<code>[0-9]{2,4})\])?\s*(?:#.*)?$")
CODE_RE = re.compile(r"^[0-9]{2,4}$")


def load_cameo(events: Path) -> list[dict[str, object]]:
    lookups = events / "cameo_codebook_gdelt_lookups"
    codes = json.loads((lookups / "src/py_gdelt/lookups/data/cameo_codes.json").read_text("utf-8"))
    gold = json.loads((lookups / "src/py_gdelt/lookups/data/cameo_goldstein.json").read_text("utf-8"))
    gdelt: dict[str, str] = {}
    for line in (lookups / "gdelt_docs/LOOKUP-CAMEO.eventcodes.txt").read_text("utf-8").splitlines()[1:]:
        if "\t" in line:
            code, name = line.split("\t", 1)
            gdelt[code.strip()] = name.strip()
    plover: dict[str, str] = {}
    for line in (events / "plover/CAMEO2PLOVER-2021.txt").read_text("utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line or ":" not in line:
            continue
        code, rest = line.split(":", 1)
        kind = rest.split(",", 1)[0].strip()
        if CODE_RE.match(code.strip()) and kind:
            plover.setdefault(code.strip(), kind)
    rows: list[dict[str, object]] = []
    for code in sorted(set(codes) | set(gdelt)):
        info = codes.get(code, {})
        name = gdelt.get(code) or str(info.get("name", ""))
        # PLOVER type: the code's own mapping, else its parent's, else the root's
        pl = plover.get(code) or plover.get(code[:3]) or plover.get(code[:2]) or ""
        rows.append(
            {
                "code": code,
                "root": code[:2],
                "name": name.replace("\t", " "),
                "goldstein": gold.get(code, {}).get("value", ""),
                "quad_class": info.get("quad_class", ""),
                "plover": pl,
            }
        )
    roots = {r["root"] for r in rows}
    if len(roots) != 20:
        sys.exit(f"expected 20 CAMEO roots, found {len(roots)}")
    return rows


def _clean_form(raw: str) -> str | None:
    w = norm(raw.strip())
    w = re.sub(r"[\u064B-\u0652\u0640]", "", w)
    return w if AR_WORD.match(w) else None


def parse_pattern_file(path: Path, blocklist: set[str]) -> list[tuple[str, str, str, str, str]]:
    """Rows (form, lemma, code, kind, provenance) from a UP verb-pattern file."""
    out: list[tuple[str, str, str, str, str]] = []
    lines = path.read_text("utf-8", errors="replace").splitlines()
    in_verbs = "CAMEO.ar" not in path.name  # CAMEO.ar.0.5 has a synonym section first
    block_code = ""
    lemma = ""
    for i, line in enumerate(lines, 1):
        s = line.strip()
        if "VERB PATTERNS" in s:
            in_verbs = True
            continue
        if not in_verbs or not s:
            continue
        m = HEADER_RE.match(s)
        if m:
            lemma = _clean_form(m.group("lemma")) or ""
            code = m.group("code").strip()
            block_code = code if CODE_RE.match(code) else ""
            if lemma and block_code and lemma not in blocklist:
                out.append((lemma, lemma, block_code, "verb", f"{path.name}:{i}"))
            continue
        if s.startswith("{") and block_code and lemma:
            # a conjugation list (LEMMA.V2): every form of the block's verb. Some blocks (V1)
            # are misaligned -- the list conjugates another verb than the header's lemma: keep a
            # list only when it contains the lemma itself.
            forms = [f for f in (_clean_form(tok) for tok in s.strip("{} ").split()) if f]
            if lemma not in forms:
                continue
            for form in forms:
                if form not in blocklist:
                    out.append((form, lemma, block_code, "verb", f"{path.name}:{i}"))
            continue
        if s.startswith("-") or s.startswith("+") or s.startswith("&"):
            continue
        m2 = LINE_RE.match(s)
        if not m2:
            continue
        word = m2.group("word").strip()
        code = m2.group("code") or block_code
        if not code:
            continue
        head = re.split(r"[+_ ]", word)[0]
        form = _clean_form(head)
        if form and form not in blocklist:
            out.append((form, lemma or form, code, "verb", f"{path.name}:{i}"))
    return out


def build_up_triggers(events: Path, blocklist: set[str], valid: set[str]) -> list[tuple[str, str, str, str, str]]:
    base = events / "universalpetrarch_arabic/UniversalPetrarch/data/dictionaries/arabic"
    rows: list[tuple[str, str, str, str, str]] = []
    for name in ("CAMEO.ar.0.5.txt", "VERBS.DICT.AR.LEMMA.V2.txt", "VERBS.DICT.AR.V1.txt"):
        rows.extend(parse_pattern_file(base / name, blocklist))
    rows = [r for r in rows if r[2] in valid]
    roots: dict[str, set[str]] = defaultdict(set)
    for form, _lemma, code, _k, _p in rows:
        roots[form].add(code[:2])
    seen: set[tuple[str, str]] = set()
    kept: list[tuple[str, str, str, str, str]] = []
    for row in rows:
        form, _lemma, code = row[0], row[1], row[2]
        if len(roots[form]) > 1:  # ambiguous across roots: unusable without context
            continue
        if (form, code) in seen:
            continue
        seen.add((form, code))
        kept.append(row)
    kept.sort()
    return kept


def main() -> None:
    build(shared_data() / "events", OUT)


def build(events: Path, out: Path) -> None:
    """Write cameo.tsv and triggers_up.tsv into ``out`` (triggers_extra.toml is read from OUT)."""
    out.mkdir(parents=True, exist_ok=True)
    cameo = load_cameo(events)
    valid = {str(r["code"]) for r in cameo}
    with (OUT / "triggers_extra.toml").open("rb") as fh:
        extra = tomllib.load(fh)
    for section in ("verb", "noun", "phrase"):
        for entry in extra.get(section, []):
            if entry["cameo"] not in valid:
                sys.exit(f"triggers_extra.toml: unknown CAMEO code {entry['cameo']} in {entry}")
    blocklist = {norm(w) for w in extra.get("up_blocklist", {}).get("words", [])}

    head = [
        f"# version: {VERSION}",
        "# generated by scripts/build_event_lexicon.py -- do not edit by hand",
    ]
    with (out / "cameo.tsv").open("w", encoding="utf-8") as fh:
        fh.write("\n".join(head) + "\n")
        fh.write(
            "# sources: CAMEO codes and Goldstein scores from py-gdelt lookups (MIT; facts of the CAMEO\n"
            "#   codebook, Gerner et al. 2002 / Goldstein 1992) and GDELT LOOKUP-CAMEO.eventcodes.txt;\n"
            "#   PLOVER types from CAMEO2PLOVER-2021.txt, PLOVER manual draft 0.8 (Schrodt, CC BY-SA 4.0)\n"
        )
        fh.write("code\troot\tname\tgoldstein\tquad_class\tplover\n")
        for r in cameo:
            fh.write("\t".join(str(r[k]) for k in ("code", "root", "name", "goldstein", "quad_class", "plover")) + "\n")
    up = build_up_triggers(events, blocklist, valid)
    with (out / "triggers_up.tsv").open("w", encoding="utf-8") as fh:
        fh.write("\n".join(head) + "\n")
        fh.write(
            "# source: UniversalPetrarch Arabic dictionaries (MIT), openeventdata/UniversalPetrarch\n"
            "#   data/dictionaries/arabic; cleaned: explicit codes only, norm()-normalized, blocklist,\n"
            "#   forms ambiguous across CAMEO roots dropped. provenance = file:line\n"
        )
        fh.write("form\tlemma\tcameo\tkind\tprovenance\n")
        for row in up:
            fh.write("\t".join(row) + "\n")
    print(f"cameo.tsv: {len(cameo)} codes, {len({r['root'] for r in cameo})} roots")
    print(f"triggers_up.tsv: {len(up)} forms of {len({r[1] for r in up})} lemmas")


if __name__ == "__main__":
    main()
