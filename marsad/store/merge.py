"""One event for many reports: merging events of different articles that tell the same happening.

Two reported events are the same happening when they have the same CAMEO root, dates at most
one day apart, compatible places (either unknown, the same place, or the same country), and
compatible actors: on one side (source or target) a named actor shared (by kb_id, CAMEO actor
code, normalized or English name), on the other side a shared actor or country -- or, when one
event lacks that side, both places known and agreeing. Actors may appear swapped (A met B / B
met A). Two events with no actor at all ("a demonstration took place in Basra") are the same
happening only at the very same place (same place entity), same root, dates at most a day apart.

``EventIndex`` keeps, per (root, date), the stored events it has seen; a new event is compared
with the events of (root, date-1 .. date+1) only, so merging is incremental and linear in the
number of reports. Buckets are read from the store on first use.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from marsad.arabic.normalize import norm
from marsad.document import Document, Entity

MAX_DAYS_APART = 1


@dataclass(slots=True, frozen=True)
class Actor:
    """What identifies an actor for matching."""

    ids: frozenset[str]
    country: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"ids": sorted(self.ids), "country": self.country}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Actor:
        return cls(ids=frozenset(data.get("ids", [])), country=data.get("country"))


@lru_cache(maxsize=65536)
def norm_name(name: str) -> str:
    return norm(name).strip()


def entity_key(ent: Entity) -> str:
    """The knowledge-base key of an entity: its kb_id, else TYPE:normalized name."""
    if ent.kb_id:
        return f"kb:{ent.kb_id}"
    return f"{ent.type}:{norm_name(ent.name)}"


def actor_of(ent: Entity) -> Actor:
    ids = {f"name:{norm_name(ent.name)}"}
    if ent.kb_id:
        ids.add(f"kb:{ent.kb_id}")
    if ent.actor_code:
        ids.add(f"code:{ent.actor_code}")
    if ent.name_en:
        ids.add(f"en:{ent.name_en.strip().lower()}")
    return Actor(ids=frozenset(ids), country=ent.country)


@dataclass(slots=True)
class Shape:
    """The matching view of one reported (or stored) event."""

    root: str
    date: str | None
    source: list[Actor]
    target: list[Actor]
    place: str | None  # entity key of the location
    place_country: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": [a.to_dict() for a in self.source],
            "target": [a.to_dict() for a in self.target],
            "place": self.place,
            "place_country": self.place_country,
        }

    @classmethod
    def from_dict(cls, root: str, date: str | None, data: dict[str, Any]) -> Shape:
        return cls(
            root=root,
            date=date,
            source=[Actor.from_dict(a) for a in data.get("source", [])],
            target=[Actor.from_dict(a) for a in data.get("target", [])],
            place=data.get("place"),
            place_country=data.get("place_country"),
        )

    @property
    def all_ids(self) -> frozenset[str]:
        """The actors' ids; an event without any actor is known by its place alone (``place:KEY``)."""
        out: set[str] = set()
        for a in (*self.source, *self.target):
            out |= a.ids
        if not out and self.place:
            return frozenset({f"place:{self.place}"})
        return frozenset(out)


def shape_of(doc: Document, event_dict: dict[str, Any]) -> Shape:
    def actors(ids: Iterable[str]) -> list[Actor]:
        out = []
        for eid in ids:
            ent = doc.entity(eid)
            if ent is not None:
                out.append(actor_of(ent))
        return out

    place_ent = doc.entity(event_dict["location"]) if event_dict.get("location") else None
    return Shape(
        root=str(event_dict["cameo"])[:2],
        date=event_dict.get("date") or doc.published,
        source=actors(event_dict.get("source", [])),
        target=actors(event_dict.get("target", [])),
        place=entity_key(place_ent) if place_ent else None,
        place_country=place_ent.country if place_ent else None,
    )


def _side(a: list[Actor], b: list[Actor]) -> str:
    """How two events' actors on one side compare: "confirmed" (a shared named actor), "country"
    (only a country in common), "unknown" (one side is empty), or "conflict"."""
    if not a or not b:
        return "unknown"
    ids_a = set().union(*(x.ids for x in a))
    ids_b = set().union(*(x.ids for x in b))
    if ids_a & ids_b:
        return "confirmed"
    ca = {x.country for x in a if x.country}
    cb = {x.country for x in b if x.country}
    return "country" if ca & cb else "conflict"


def _orientation_ok(sides: tuple[str, str], *, places_agree: bool) -> bool:
    """Both sides compatible, at least one confirmed; an unknown side needs the other confirmed
    and the place known to agree (or both sides confirmed)."""
    if "conflict" in sides or "confirmed" not in sides:
        return False
    if "unknown" in sides:
        return places_agree
    return True


def _days_apart(a: str, b: str) -> int:
    return abs((dt.date.fromisoformat(a) - dt.date.fromisoformat(b)).days)


def same_happening(a: Shape, b: Shape, *, ids_a: frozenset[str] | None = None,
                   ids_b: frozenset[str] | None = None) -> int:
    """0 when ``a`` and ``b`` are different happenings, else the number of shared actor ids."""
    if a.root != b.root or a.date is None or b.date is None:
        return 0
    shared = len((a.all_ids if ids_a is None else ids_a) & (b.all_ids if ids_b is None else ids_b))
    if not shared:
        return 0
    if _days_apart(a.date, b.date) > MAX_DAYS_APART:
        return 0
    if a.place and b.place and a.place != b.place and not (a.place_country and a.place_country == b.place_country):
        return 0
    if not (a.source or a.target or b.source or b.target):  # no actor on either: the very same place
        return shared if a.place and a.place == b.place else 0
    places_agree = bool(a.place and b.place and (a.place == b.place or a.place_country == b.place_country))
    straight = (_side(a.source, b.source), _side(a.target, b.target))
    swapped = (_side(a.source, b.target), _side(a.target, b.source))
    ok = _orientation_ok(straight, places_agree=places_agree) or _orientation_ok(swapped, places_agree=places_agree)
    return shared if ok else 0


@dataclass(slots=True)
class Stored:
    """A stored event as the index knows it."""

    id: str
    shape: Shape
    ids: frozenset[str] = frozenset()
    articles: set[str] = field(default_factory=set)
    outlets: set[str] = field(default_factory=set)
    mentions: int = 0

    def __post_init__(self) -> None:
        self.ids = self.shape.all_ids


Loader = Callable[[str, str], list[Stored]]  # (root, date) -> the stored events of that bucket


@dataclass(slots=True)
class EventIndex:
    """Stored events per (root, date), each bucket with an inverted index actor id -> events, so a
    look-up compares a new event only with the stored events sharing one of its actor ids."""

    loader: Loader
    buckets: dict[tuple[str, str], list[Stored]] = field(default_factory=dict)
    _by_id: dict[tuple[str, str], dict[str, list[Stored]]] = field(default_factory=dict)

    def bucket(self, root: str, date: str) -> list[Stored]:
        key = (root, date)
        if key not in self.buckets:
            events = self.buckets[key] = self.loader(root, date)
            index: dict[str, list[Stored]] = {}
            for ev in events:
                for i in ev.ids:
                    index.setdefault(i, []).append(ev)
            self._by_id[key] = index
        return self.buckets[key]

    def clear(self) -> None:
        self.buckets.clear()
        self._by_id.clear()

    def find(self, shape: Shape) -> Stored | None:
        ids = shape.all_ids
        if shape.date is None or not ids:  # no named actor: nothing to merge on
            return None
        day = dt.date.fromisoformat(shape.date)
        best: tuple[int, int, str, Stored] | None = None
        for delta in range(-MAX_DAYS_APART, MAX_DAYS_APART + 1):
            d = (day + dt.timedelta(days=delta)).isoformat()
            self.bucket(shape.root, d)
            index = self._by_id[(shape.root, d)]
            seen: set[str] = set()
            for i in ids:
                for ev in index.get(i, ()):
                    if ev.id in seen:
                        continue
                    seen.add(ev.id)
                    score = same_happening(shape, ev.shape, ids_a=ids, ids_b=ev.ids)
                    if score:
                        cand = (score, -abs(delta), ev.id, ev)
                        if best is None or cand[:2] > best[:2] or (cand[:2] == best[:2] and cand[2] < best[2]):
                            best = cand
        return best[3] if best else None

    def add(self, ev: Stored) -> None:
        if ev.shape.date is None or not ev.ids:
            return
        key = (ev.shape.root, ev.shape.date)
        self.bucket(*key).append(ev)
        index = self._by_id[key]
        for i in ev.ids:
            index.setdefault(i, []).append(ev)

    def remove(self, event_id: str) -> None:
        for events in self.buckets.values():
            events[:] = [e for e in events if e.id != event_id]
        for index in self._by_id.values():
            for i, evs in index.items():
                if any(e.id == event_id for e in evs):
                    index[i] = [e for e in evs if e.id != event_id]
