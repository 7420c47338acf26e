"""When two reported events are one happening (marsad.store.merge.same_happening)."""

from __future__ import annotations

import pytest

from marsad.store.merge import Actor, EventIndex, Shape, Stored, same_happening


def actor(name: str, country: str | None = None, code: str | None = None) -> Actor:
    ids = {f"name:{name}"} | ({f"code:{code}"} if code else set())
    return Actor(ids=frozenset(ids), country=country)


KALIN = actor("ابراهيم قالن", "TUR", "TURGOVSPY")
HAMAS = actor("حماس", "PSE", "PSEREBHMS")
HAYYA = actor("خليل الحيه", "PSE")
SISI = actor("عبد الفتاح السيسي", "EGY")
UN = actor("الامم المتحده", None, "IGOUNO")
YEMEN_MIN = actor("عز الدين الاصبحي", "YEM")
TURKISH_OFFICIAL = actor("مسؤول تركي", "TUR")


def shape(root: str, date: str, src: list[Actor], tgt: list[Actor], place: str | None = None,
          country: str | None = None) -> Shape:
    return Shape(root=root, date=date, source=src, target=tgt, place=place, place_country=country)


MEETING = shape("04", "2025-12-20", [KALIN], [HAYYA, HAMAS], "LOC:اسطنبول", "TUR")


@pytest.mark.parametrize(
    ("other", "same"),
    [
        (shape("04", "2025-12-21", [KALIN], [HAMAS], "LOC:اسطنبول", "TUR"), True),  # a day later, fewer targets
        (shape("04", "2025-12-20", [HAMAS], [KALIN]), True),  # swapped: Hamas met Kalin
        (shape("04", "2025-12-20", [TURKISH_OFFICIAL], [HAMAS]), True),  # source: same country only
        (shape("04", "2025-12-22", [KALIN], [HAMAS]), False),  # two days apart
        (shape("19", "2025-12-20", [KALIN], [HAMAS]), False),  # another CAMEO root
        (shape("04", "2025-12-20", [SISI], [HAMAS]), False),  # another source
        (shape("04", "2025-12-20", [KALIN], [HAMAS], "LOC:القاهره", "EGY"), False),  # another country's place
        (shape("04", "2025-12-20", [], [HAMAS]), False),  # unknown source, no place to confirm
        (shape("04", "2025-12-20", [], [HAMAS], "LOC:اسطنبول", "TUR"), True),  # unknown source, same place
        (shape("04", "2025-12-20", [TURKISH_OFFICIAL], [UN]), False),  # nothing named in common
    ],
)
def test_same_happening(other: Shape, same: bool) -> None:
    assert bool(same_happening(MEETING, other)) is same
    assert bool(same_happening(other, MEETING)) is same  # symmetric


def test_appeals_to_a_common_target_do_not_merge_without_a_place() -> None:
    a = shape("02", "2015-07-21", [YEMEN_MIN], [UN])
    b = shape("02", "2015-07-21", [], [UN])
    assert same_happening(a, b) == 0


def test_index_looks_at_neighbouring_days_only_and_prefers_the_best_match() -> None:
    loads: list[tuple[str, str]] = []

    def loader(root: str, date: str) -> list[Stored]:
        loads.append((root, date))
        return []

    index = EventIndex(loader=loader)
    first = Stored("ev-1", shape("04", "2025-12-19", [KALIN], [HAMAS]))
    better = Stored("ev-2", shape("04", "2025-12-20", [KALIN], [HAYYA, HAMAS]))
    index.add(first)
    index.add(better)
    assert index.find(MEETING) is better  # more shared actors, same day
    assert sorted(loads) == [("04", "2025-12-19"), ("04", "2025-12-20"), ("04", "2025-12-21")]
    assert index.find(shape("04", "2025-12-25", [KALIN], [HAMAS])) is None
    index.add(Stored("ev-3", shape("04", "2025-12-20", [], [])))  # nothing named: never indexed
    assert all(e.id != "ev-3" for bucket in index.buckets.values() for e in bucket)


def test_events_without_actors_merge_only_at_the_very_same_place() -> None:
    basra = shape("14", "2015-07-31", [], [], "LOC:البصره", "IRQ")
    assert same_happening(basra, shape("14", "2015-08-01", [], [], "LOC:البصره", "IRQ"))  # next day
    assert not same_happening(basra, shape("14", "2015-07-31", [], [], "LOC:بغداد", "IRQ"))  # same country only
    assert not same_happening(basra, shape("14", "2015-08-02", [], [], "LOC:البصره", "IRQ"))  # two days apart
    assert not same_happening(basra, shape("19", "2015-07-31", [], [], "LOC:البصره", "IRQ"))  # another root
    assert not same_happening(shape("14", "2015-07-31", [], []), shape("14", "2015-07-31", [], []))  # no place
    with_actor = shape("14", "2015-07-31", [actor("متظاهرون", "IRQ")], [], "LOC:البصره", "IRQ")
    assert not same_happening(basra, with_actor) and not same_happening(with_actor, basra)
    index = EventIndex(loader=lambda root, date: [])
    index.add(Stored(id="ev-basra", shape=basra))
    assert index.find(shape("14", "2015-08-01", [], [], "LOC:البصره", "IRQ")).id == "ev-basra"  # type: ignore[union-attr]
