"""Clitic-segmented Arabic: does the pipeline read "و قال ... ب الحجارة" as it reads "وقال ... بالحجارة"?

Two measurements, each with the detached-clitic joining of the tokenizer off ("before": tokens as
written, :func:`marsad.arabic.tokenize.tokenize_words`) and on ("after": :func:`tokenize`):

1. Invariance. Every gold article (``gold/*.txt``) and demo article (``samples/demo-articles.jsonl``)
   is analysed as written and as a clitic-segmented copy made with our own clitic splitter
   (:func:`marsad.arabic.clitics.split`, through the tokenizer's analysis): each proclitic letter
   and the pronoun enclitic written apart by a space, as UniversalPetrarch's sample writes them
   ("وبالحجارة" -> "و ب الحجارة", "للسعودية" -> "ل السعودية", "حكومته" -> "حكومة ه"). Agreement
   between the two analyses, per document then summed (multiset intersection / union):
   events = (CAMEO root, source countries, target countries); entities = (KB id or the
   normalized name without spaces, type); quotes = the normalized content without spaces.
2. UniversalPetrarch's Arabic sample (``Sample_arabic_sent.xml``, one document per sentence):
   sentences with at least one event, and, against the hand labels
   ``tests/fixtures/up_sample_labels.jsonl`` (dev: read while building), the accuracy of the
   event root (the first event's CAMEO root, or none) and of the actor countries (source and target
   country sets of that event, both must match; "none" sentences count as matched when no event
   is found).

``--labels PATH`` scores another label file (``tests/fixtures/up_sample_blind.jsonl``: sentences
61-130, labelled before looking at the output); ``--quick`` analyses only the labelled sentences, with
the joining on ("after" only); ``--detail`` prints one line per labelled sentence (id, label, system's
events) -- use it on the dev labels only.

Usage: python scripts/eval_segmented.py [--limit N] [--up PATH] [--labels PATH] [--quick] [--detail]
                                        [--skip-invariance] [--skip-up]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import marsad.arabic.tokenize as tokmod  # noqa: E402
from marsad.arabic.normalize import norm  # noqa: E402
from marsad.arabic.tokenize import iter_pieces, tokenize_words  # noqa: E402
from marsad.ingest.article import document_from_input  # noqa: E402
from marsad.ingest.petrarch import parse_sentences  # noqa: E402
from marsad.pipeline import default_pipeline  # noqa: E402

UP = ROOT.parent / "shared/data/events/universalpetrarch_arabic/UniversalPetrarch/data/text/Sample_arabic_sent.xml"
LABELS = ROOT / "tests/fixtures/up_sample_labels.jsonl"
_JOIN = tokmod.join_detached


def set_joining(on: bool) -> None:
    tokmod.join_detached = _JOIN if on else (lambda text, toks: toks)


def segment_copy(text: str) -> str:
    """``text`` with every clitic our splitter finds written apart (UniversalPetrarch style)."""
    from marsad.arabic.clitics import model

    out: list[str] = []
    pos = 0
    for t in tokenize_words(text):
        if t.kind != "ar" or not t.has_clitics:
            continue
        out.append(text[pos : t.start])
        parts: list[str] = []
        for p in iter_pieces([t]):
            if p.role == "stem" and t.det and parts and not norm(p.text).startswith("ال") and norm(p.text).startswith("ل"):
                parts.append("ا" + p.text)  # لل: ل + السعودية, as UP writes it
            elif p.role == "stem" and t.base_end < t.end and p.text.endswith("ت"):
                ta = p.text[:-1] + "ة"  # حكومته: حكومة + ه
                parts.append(ta if model().known(norm(ta)) else p.text)
            else:
                parts.append(p.text)
        out.append(" ".join(parts))
        pos = t.end
    out.append(text[pos:])
    return "".join(out)


def _root(code: str | None) -> str:
    return (code or "")[:2]


def _countries(doc: dict, ids: list[str]) -> tuple[str, ...]:
    ents = {e["id"]: e for e in doc.get("entities", [])}
    out = set()
    for i in ids or []:
        e = ents.get(i)
        if e is not None:
            out.add(e.get("country") or (e.get("actor_code") or "")[:3] or "-")
    return tuple(sorted(out))


def event_keys(doc: dict) -> Counter:
    return Counter(
        (_root(ev.get("cameo")), _countries(doc, ev.get("source")), _countries(doc, ev.get("target")))
        for ev in doc.get("events", [])
    )


def entity_keys(doc: dict) -> Counter:
    return Counter(
        (e.get("kb_id") or norm(e.get("name") or "").replace(" ", ""), e.get("type")) for e in doc.get("entities", [])
    )


def quote_keys(doc: dict) -> Counter:
    return Counter(
        norm(segment_copy(q["content"]["text"])).replace(" ", "") for q in doc.get("quotes", []) if q.get("content")
    )


def analyse(pipe, text: str, meta: dict) -> dict:  # noqa: ANN001
    doc = document_from_input(
        text, source=meta.get("id", "x"), published=meta.get("published"), outlet=meta.get("outlet"),
        url=None, html=False, doc_id=meta.get("id"),
    )
    return pipe(doc).to_dict()


def corpus(limit: int | None) -> list[tuple[str, str, dict]]:
    items: list[tuple[str, str, dict]] = []
    for txt in sorted((ROOT / "gold").glob("*.txt")):
        meta: dict = {"id": txt.stem}
        side = txt.with_suffix(".json")
        if side.exists():
            g = json.loads(side.read_text(encoding="utf-8"))
            meta.update(published=g.get("published"), outlet=g.get("outlet"))
        items.append((txt.stem, txt.read_text(encoding="utf-8"), meta))
    demo = ROOT / "samples/demo-articles.jsonl"
    for k, line in enumerate(demo.read_text(encoding="utf-8").splitlines()):
        if line.strip():
            r = json.loads(line)
            items.append((f"demo{k}", r["text"], {"id": f"demo{k}", "published": r.get("published"),
                                                  "outlet": r.get("outlet")}))
    return items[:limit] if limit else items


def agreement(pairs: list[tuple[Counter, Counter]]) -> tuple[int, int, int, int]:
    inter = sum(sum((a & b).values()) for a, b in pairs)
    union = sum(sum((a | b).values()) for a, b in pairs)
    na = sum(sum(a.values()) for a, _ in pairs)
    nb = sum(sum(b.values()) for _, b in pairs)
    return inter, union, na, nb


def invariance(pipe, limit: int | None) -> dict:  # noqa: ANN001
    items = corpus(limit)
    copies = [(name, text, segment_copy(text), meta) for name, text, meta in items]
    res: dict = {"documents": len(items)}
    # the original (normal) texts: the joining must leave their tokens as they were
    res["normal_texts_with_changed_tokens"] = sum(tokmod.tokenize(t) != tokenize_words(t) for _n, t, _m in items)
    orig = {}
    set_joining(True)
    for name, text, _seg, meta in copies:
        orig[name] = analyse(pipe, text, meta)
    for label, on in (("before", False), ("after", True)):
        set_joining(on)
        segd = {name: analyse(pipe, seg, meta) for name, _t, seg, meta in copies}
        row = {}
        for what, fn in (("events", event_keys), ("entities", entity_keys), ("quotes", quote_keys)):
            i, u, na, nb = agreement([(fn(orig[n]), fn(segd[n])) for n in orig])
            row[what] = {"agree": i, "union": u, "original": na, "segmented": nb, "jaccard": round(i / u, 3) if u else 1.0}
        res[label] = row
    set_joining(True)
    return res


def load_labels(path: Path = LABELS) -> dict[str, dict]:
    if not path.exists():
        return {}
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            r = json.loads(line)
            out[r["id"]] = r
    return out


def score_sentence(d: dict, lab: dict) -> tuple[str | None, bool, bool]:
    """(system's root, root correct, actors correct) of one analysed sentence against its label."""
    evs = d.get("events", [])
    want = lab.get("root") or None
    if want is None:
        got_ev = evs[0] if evs else None
    else:  # the system's event of that root if it found one, else its first
        got_ev = next((e for e in evs if _root(e.get("cameo")) == want), evs[0] if evs else None)
    got = _root(got_ev.get("cameo")) if got_ev else None
    ok = got == want
    if want is None or not ok:
        return got, ok, ok
    src = set(_countries(d, got_ev.get("source"))) - {"-"}
    tgt = set(_countries(d, got_ev.get("target"))) - {"-"}
    return got, ok, src == set(lab.get("source", [])) and tgt == set(lab.get("target", []))


def up_sample(pipe, path: Path, labels_path: Path = LABELS, quick: bool = False, detail: bool = False) -> dict:  # noqa: ANN001
    sents = [s for s in parse_sentences(path.read_bytes(), source=str(path)) if not hasattr(s, "reason")]
    labels = load_labels(labels_path)
    res: dict = {"sentences": len(sents), "labels": str(labels_path.relative_to(ROOT)) if labels_path.is_relative_to(ROOT) else str(labels_path), "labelled": len(labels)}
    if quick:
        sents = [s for s in sents if s.id in labels]
    for label, on in ((("after", True),) if quick else (("before", False), ("after", True))):
        set_joining(on)
        with_ev = 0
        root_ok = act_ok = n_lab = 0
        confusion: Counter = Counter()
        for s in sents:
            d = analyse(pipe, s.text, {"id": s.id, "published": s.published, "outlet": s.outlet})
            evs = d.get("events", [])
            with_ev += bool(evs)
            lab = labels.get(s.id)
            if lab is None:
                continue
            n_lab += 1
            want = lab.get("root") or None
            got, ok, aok = score_sentence(d, lab)
            root_ok += ok
            act_ok += aok
            confusion[(want or "none", got or "none")] += 1
            if detail and on:
                print(s.id, want, lab.get("source"), lab.get("target"), "|", "ok" if ok else "ROOT", "ok" if aok else "ACT", "|",
                      [(e.get("cameo"), _countries(d, e.get("source")), _countries(d, e.get("target")), e.get("trigger", {}).get("text") if isinstance(e.get("trigger"), dict) else e.get("trigger"))
                       for e in evs], file=sys.stderr)
        res[label] = {"with_events": with_ev, "labelled": n_lab, "root_correct": root_ok, "actors_correct": act_ok,
                      "errors": {f"{a}->{b}": c for (a, b), c in confusion.most_common() if a != b}}
    set_joining(True)
    return res


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--up", type=Path, default=UP)
    ap.add_argument("--skip-invariance", action="store_true")
    ap.add_argument("--skip-up", action="store_true")
    ap.add_argument("--labels", type=Path, default=LABELS, help="label file (default: the dev labels, sentences 1-60)")
    ap.add_argument("--quick", action="store_true", help="only the labelled sentences, joining on")
    ap.add_argument("--detail", action="store_true", help="per-sentence lines on stderr (dev labels only)")
    args = ap.parse_args()
    pipe = default_pipeline()
    t0 = time.time()
    out: dict = {}
    if not args.skip_invariance:
        out["invariance"] = invariance(pipe, args.limit)
    if not args.skip_up and args.up.exists():
        out["up_sample"] = up_sample(pipe, args.up, args.labels.resolve(), args.quick, args.detail)
    out["seconds"] = round(time.time() - t0, 1)
    print(json.dumps(out, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
