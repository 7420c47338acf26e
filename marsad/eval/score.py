"""Scoring the pipeline against gold files (the contract's "Gold files" matching rules).

A gold directory holds ``NAME.txt`` (the article) beside ``NAME.json`` (``published``, ``outlet``,
``title``?, ``entities``, ``times``, ``events``, ``quotes``). Rules:

- entities: a predicted mention matches a gold mention on overlapping span and same type
  (one-to-one); linking rows report, over matched gold entities, how often the predicted entity has
  the gold ``name_en`` / ``country`` / ``actor_code``;
- times: overlapping span and equal value;
- events: the predicted CAMEO root is in the gold event's ``cameo_any`` (or equals the gold root),
  and at least one source and one target (where the gold has any) match by entity ``name``,
  ``name_en``, ``kb_id`` or ``country``; gold events with ``"required": false`` count when
  predicted but are not missed when absent;
- quotes: cue spans overlap and content spans overlap; ``quotes.speaker`` and ``quotes.via`` report
  how often a matched quote has the right speaker / relays.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from marsad.arabic.normalize import norm
from marsad.document import Document, Entity
from marsad.errors import GoldError


@dataclass(slots=True)
class Tally:
    tp_pred: int = 0  # predictions that matched
    pred: int = 0
    tp_gold: int = 0  # gold items that were matched
    gold: int = 0

    def add(self, other: Tally) -> None:
        self.tp_pred += other.tp_pred
        self.pred += other.pred
        self.tp_gold += other.tp_gold
        self.gold += other.gold

    @property
    def precision(self) -> float:
        return self.tp_pred / self.pred if self.pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp_gold / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "pred": self.pred,
            "gold": self.gold,
            "tp": self.tp_gold,
        }


@dataclass(slots=True)
class Accuracy:
    correct: int = 0
    total: int = 0

    def add(self, other: Accuracy) -> None:
        self.correct += other.correct
        self.total += other.total

    @property
    def value(self) -> float:
        return self.correct / self.total if self.total else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {"accuracy": round(self.value, 4), "correct": self.correct, "total": self.total}


@dataclass(slots=True)
class Report:
    tallies: dict[str, Tally] = field(default_factory=dict)
    accuracies: dict[str, Accuracy] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)

    def tally(self, name: str) -> Tally:
        return self.tallies.setdefault(name, Tally())

    def accuracy(self, name: str) -> Accuracy:
        return self.accuracies.setdefault(name, Accuracy())

    def merge(self, other: Report) -> None:
        for k, t in other.tallies.items():
            self.tally(k).add(t)
        for k, a in other.accuracies.items():
            self.accuracy(k).add(a)
        self.files.extend(other.files)

    def as_dict(self) -> dict[str, Any]:
        return {
            "files": list(self.files),
            "scores": {k: v.as_dict() for k, v in self.tallies.items()},
            "linking": {k: v.as_dict() for k, v in self.accuracies.items()},
        }


def _overlap(a0: int, a1: int, b0: int, b1: int) -> bool:
    return a0 < b1 and b0 < a1


def _greedy(gold: list[Any], pred: list[Any], match: Callable[[Any, Any], bool]) -> list[tuple[int, int]]:
    """One-to-one matching in order: each gold item takes the first free prediction it matches."""
    used: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            if pi not in used and match(g, p):
                used.add(pi)
                pairs.append((gi, pi))
                break
    return pairs


# -- entities -----------------------------------------------------------------------------
def score_entities(doc: Document, gold: dict[str, Any], report: Report) -> None:
    gm = [(e, m) for e in gold.get("entities", []) for m in e.get("mentions", [])]
    pm = [(e, m) for e in doc.entities for m in e.mentions]
    pairs = _greedy(
        gm,
        pm,
        lambda g, p: g[0]["type"] == p[0].type and _overlap(g[1]["start"], g[1]["end"], p[1].start, p[1].end),
    )
    t = report.tally("entities")
    t.gold += len(gm)
    t.pred += len(pm)
    t.tp_gold += len(pairs)
    t.tp_pred += len(pairs)
    # linking: per gold entity, the predicted entity that took most of its mentions
    by_gold: dict[str, dict[str, int]] = {}
    for gi, pi in pairs:
        gid = gm[gi][0]["id"]
        pid = pm[pi][0].id
        by_gold.setdefault(gid, {}).setdefault(pid, 0)
        by_gold[gid][pid] += 1
    for g in gold.get("entities", []):
        cands = by_gold.get(g["id"])
        if not cands:
            continue
        pid = max(cands, key=lambda k: cands[k])
        pe = doc.entity(pid)
        if pe is None:
            continue
        for key in ("name_en", "country", "actor_code"):
            gv = g.get(key)
            if gv is None:
                continue
            acc = report.accuracy(f"entities.{key}")
            acc.total += 1
            pv = getattr(pe, key)
            if key == "name_en":
                ok = pv is not None and _name_en_key(pv) == _name_en_key(gv)
            else:
                ok = pv == gv
            acc.correct += int(ok)
        # one entity per gold entity: all its matched mentions in one predicted entity
        acc = report.accuracy("entities.coreference")
        acc.total += 1
        acc.correct += int(len(cands) == 1)


def _name_en_key(name: str) -> str:
    import unicodedata

    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c)).casefold()
    return "".join(c for c in s if c.isalnum())


# -- times --------------------------------------------------------------------------------
def score_times(doc: Document, gold: dict[str, Any], report: Report) -> None:
    gt = gold.get("times", [])
    pairs = _greedy(
        gt,
        doc.times,
        lambda g, p: _overlap(g["start"], g["end"], p.start, p.end) and g.get("value") == p.value,
    )
    t = report.tally("times")
    t.gold += len(gt)
    t.pred += len(doc.times)
    t.tp_gold += len(pairs)
    t.tp_pred += len(pairs)
    # detection only (span), for diagnosis
    pairs_span = _greedy(gt, doc.times, lambda g, p: _overlap(g["start"], g["end"], p.start, p.end))
    t2 = report.tally("times.span")
    t2.gold += len(gt)
    t2.pred += len(doc.times)
    t2.tp_gold += len(pairs_span)
    t2.tp_pred += len(pairs_span)


# -- events -------------------------------------------------------------------------------
def _entity_keys_gold(e: dict[str, Any]) -> set[str]:
    keys = {"name:" + norm(e["name"])} if e.get("name") else set()
    if e.get("name_en"):
        keys.add("en:" + _name_en_key(e["name_en"]))
    if e.get("kb_id"):
        keys.add("kb:" + e["kb_id"])
    if e.get("country"):
        keys.add("cc:" + e["country"])
    return keys


def _entity_keys_pred(e: Entity | None) -> set[str]:
    if e is None:
        return set()
    keys = {"name:" + norm(e.name)} if e.name else set()
    if e.name_en:
        keys.add("en:" + _name_en_key(e.name_en))
    if e.kb_id:
        keys.add("kb:" + e.kb_id)
    if e.country:
        keys.add("cc:" + e.country)
    return keys


def _event_matches(g: dict[str, Any], p: Any, gold_ents: dict[str, dict[str, Any]], doc: Document) -> bool:
    roots = {str(c)[:2] for c in g.get("cameo_any", [])} or {str(g["cameo"])[:2]}
    if p.cameo[:2] not in roots:
        return False
    for role in ("source", "target"):
        gids = g.get(role, [])
        if not gids:
            continue
        gkeys: set[str] = set()
        for gid in gids:
            if gid in gold_ents:
                gkeys |= _entity_keys_gold(gold_ents[gid])
        pkeys: set[str] = set()
        for pid in getattr(p, role):
            pkeys |= _entity_keys_pred(doc.entity(pid))
        if not gkeys & pkeys:
            return False
    return True


def score_events(doc: Document, gold: dict[str, Any], report: Report) -> None:
    gold_ents = {e["id"]: e for e in gold.get("entities", [])}
    gev = gold.get("events", [])
    pairs = _greedy(gev, doc.events, lambda g, p: _event_matches(g, p, gold_ents, doc))
    matched_gold = {gi for gi, _ in pairs}
    t = report.tally("events")
    t.pred += len(doc.events)
    t.tp_pred += len(pairs)
    required = [i for i, g in enumerate(gev) if g.get("required", True)]
    optional_hit = [gi for gi in matched_gold if not gev[gi].get("required", True)]
    t.gold += len(required) + len(optional_hit)
    t.tp_gold += len([gi for gi in matched_gold if gev[gi].get("required", True)]) + len(optional_hit)
    # argument accuracy over matched events
    for gi, pi in pairs:
        g, p = gev[gi], doc.events[pi]
        if g.get("date") is not None:
            acc = report.accuracy("events.date")
            acc.total += 1
            acc.correct += int(p.date == g["date"])
        if g.get("location"):
            acc = report.accuracy("events.location")
            acc.total += 1
            gk = _entity_keys_gold(gold_ents.get(g["location"], {}))
            pk = _entity_keys_pred(doc.entity(p.location)) if p.location else set()
            acc.correct += int(bool({k for k in gk if not k.startswith("cc:")} & pk))
        if g.get("status"):
            acc = report.accuracy("events.status")
            acc.total += 1
            acc.correct += int(p.status == g["status"])


# -- quotes -------------------------------------------------------------------------------
def score_quotes(doc: Document, gold: dict[str, Any], report: Report) -> None:
    gold_ents = {e["id"]: e for e in gold.get("entities", [])}
    gq = gold.get("quotes", [])
    pairs = _greedy(
        gq,
        doc.quotes,
        lambda g, p: _overlap(g["cue"]["start"], g["cue"]["end"], p.cue.start, p.cue.end)
        and _overlap(g["content"]["start"], g["content"]["end"], p.content.start, p.content.end),
    )
    t = report.tally("quotes")
    t.gold += len(gq)
    t.pred += len(doc.quotes)
    t.tp_gold += len(pairs)
    t.tp_pred += len(pairs)
    for gi, pi in pairs:
        g, p = gq[gi], doc.quotes[pi]
        acc = report.accuracy("quotes.speaker")
        acc.total += 1
        ok = _speaker_ok(g, p, gold_ents, doc)
        acc.correct += int(ok)
        acc = report.accuracy("quotes.via")
        acc.total += 1
        gvia: set[str] = set()
        for v in g.get("via", []):
            gvia |= {k for k in _entity_keys_gold(gold_ents.get(v, {})) if not k.startswith("cc:")}
        pvia: set[str] = set()
        for v in p.via:
            pvia |= {k for k in _entity_keys_pred(doc.entity(v)) if not k.startswith("cc:")}
        acc.correct += int((not g.get("via") and not p.via) or bool(gvia & pvia))
        acc = report.accuracy("quotes.direct")
        acc.total += 1
        acc.correct += int(bool(g.get("direct")) == p.direct)


def _speaker_ok(g: dict[str, Any], p: Any, gold_ents: dict[str, dict[str, Any]], doc: Document) -> bool:
    """A named gold speaker must be the predicted speaker entity (by name, English name or kb id);
    an unnamed gold speaker must be predicted unnamed with overlapping speaker text."""
    if g.get("speaker"):
        gkeys = {k for k in _entity_keys_gold(gold_ents.get(g["speaker"], {})) if not k.startswith("cc:")}
        return bool(gkeys & _entity_keys_pred(doc.entity(p.speaker) if p.speaker else None))
    gtext, ptext = norm(g.get("speaker_text", "")), norm(p.speaker_text or "")
    return p.speaker is None and bool(ptext) and (gtext in ptext or ptext in gtext)


KINDS = ("entities", "times", "events", "quotes")


def _text_path(gpath: Path) -> Path:
    if gpath.stem == "gold":  # shared/examples layout: article.txt + gold.json
        return gpath.with_name("article.txt")
    return gpath.with_suffix(".txt")


def missing_texts(gold_dir: Path) -> list[str]:
    """Names of the gold files in ``gold_dir`` whose article text (``NAME.txt``) is absent; they are
    not scored. (Texts that may not be shipped, e.g. SaudiNewsNet's, are materialized locally.)"""
    return [g.stem for g in sorted(gold_dir.glob("*.json")) if not _text_path(g).exists()]


def materialize_hint(gold_dir: Path) -> str:
    """How to write the missing texts, when the folder says where they come from."""
    if (gold_dir / "snn_sources.tsv").exists():
        return ("write them from SaudiNewsNet with: python scripts/materialize_gold.py "
                "(needs ../shared/data/news)")
    return "put each article beside its gold file as NAME.txt"


def _fill_span_texts(node: Any, text: str) -> None:
    """A gold span may leave out its ``text`` (so that a gold file need not repeat article text it
    may not ship): it is filled in from the article by its offsets."""
    if isinstance(node, dict):
        if isinstance(node.get("start"), int) and isinstance(node.get("end"), int) and "text" not in node:
            node["text"] = text[node["start"] : node["end"]]
        for value in node.values():
            _fill_span_texts(value, text)
    elif isinstance(node, list):
        for value in node:
            _fill_span_texts(value, text)


def load_gold(gold_dir: Path) -> list[tuple[str, str, dict[str, Any]]]:
    """(name, article text, gold dict) of every NAME.json beside NAME.txt in ``gold_dir``; a NAME.json
    without its NAME.txt is left out (see :func:`missing_texts`)."""
    if not gold_dir.is_dir():
        raise GoldError("gold directory not found", value=str(gold_dir))
    items: list[tuple[str, str, dict[str, Any]]] = []
    for gpath in sorted(gold_dir.glob("*.json")):
        name = gpath.stem
        tpath = _text_path(gpath)
        if not tpath.exists():
            continue
        try:
            gold = json.loads(gpath.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise GoldError(f"gold file is not valid JSON: {exc.msg}", source=str(gpath)) from exc
        if not isinstance(gold, dict):
            raise GoldError("gold file must hold a JSON object", source=str(gpath))
        text = tpath.read_text(encoding="utf-8")
        _fill_span_texts(gold, text)
        if isinstance(gold.get("title"), dict):  # a title given as a span of the article
            gold["title"] = gold["title"].get("text")
        items.append((name, text, gold))
    if not items:
        missing = missing_texts(gold_dir)
        if missing:
            raise GoldError(f"no gold file has its article text: {len(missing)} NAME.json without NAME.txt; "
                            f"{materialize_hint(gold_dir)}", value=", ".join(missing), source=str(gold_dir))
        raise GoldError("no NAME.json beside NAME.txt (or gold.json beside article.txt) found", value=str(gold_dir))
    return items


def score_document(doc: Document, gold: dict[str, Any], *, kinds: Iterable[str] = KINDS) -> Report:
    report = Report(files=[doc.id])
    scorers = {
        "entities": score_entities,
        "times": score_times,
        "events": score_events,
        "quotes": score_quotes,
    }
    for kind in kinds:
        scorers[kind](doc, gold, report)
    return report


def evaluate_dir(gold_dir: Path, *, analyze: Callable[..., Document] | None = None) -> tuple[Report, dict[str, Report]]:
    """Run the pipeline on every gold article and score it. Returns (total, per file)."""
    from marsad.pipeline import analyze as default_analyze

    run = analyze or default_analyze
    total = Report()
    per_file: dict[str, Report] = {}
    for name, text, gold in load_gold(gold_dir):
        doc = run(
            text,
            published=gold.get("published"),
            outlet=gold.get("outlet"),
            title=gold.get("title"),
            doc_id=name,
        )
        rep = score_document(doc, gold)
        rep.files = [name]
        per_file[name] = rep
        total.merge(rep)
    return total, per_file
