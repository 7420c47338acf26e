"""Story clustering in the store with given vectors: window, eviction from memory, reload."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest

from marsad.document import Document
from marsad.ids import content_hash
from marsad.store import Item, Store
from marsad.store.queries import stories
from marsad.store.stories import DIM, MERGE_THRESHOLD, THRESHOLD, WINDOW_DAYS


def _unit(rng: np.random.Generator, base: np.ndarray | None = None, noise: float = 0.0) -> np.ndarray:
    v = rng.standard_normal(DIM).astype(np.float32) if base is None else base + noise * rng.standard_normal(DIM)
    return (v / np.linalg.norm(v)).astype(np.float32)


def _item(i: int, day: str, vec: np.ndarray) -> Item:
    text = f"خبر رقم {i} عن موضوع ما"
    doc = Document(text=text, id=f"doc-{i:04d}", title=f"عنوان {i}", published=day, outlet=f"o{i % 3}", language="ar")
    return Item(doc=doc, content_hash=content_hash(text), base_id=doc.id, vector=vec)


def test_window_eviction_and_reload(tmp_path: Path) -> None:
    rng = np.random.default_rng(7)
    topic = _unit(rng)
    store = Store(f"sqlite:///{tmp_path / 's.db'}")
    d0 = dt.date(2015, 7, 1)
    day = lambda k: (d0 + dt.timedelta(days=k)).isoformat()  # noqa: E731
    store.write([_item(0, day(0), _unit(rng, topic, 0.01)), _item(1, day(0), _unit(rng, topic, 0.01))])
    # the same topic 10 days later is outside the window: a new story
    store.write([_item(2, day(10), _unit(rng, topic, 0.01))])
    # many unrelated articles over two weeks push day 0 out of memory
    for k in range(1, 15):
        store.write([_item(100 + k * 10 + j, day(k), _unit(rng)) for j in range(5)])
    in_memory = store._stories.stories.values()  # noqa: SLF001 - what the look-up matrix holds
    assert in_memory and all(st.end >= day(14 - 2 * WINDOW_DAYS) for st in in_memory)
    # a late report of day 1 on the topic joins the day-0 story, read back from the database
    store.write([_item(3, day(1), _unit(rng, topic, 0.01))])
    found = {s["id"]: sorted(a["id"] for a in s["articles"]) for s in stories(store)}
    assert found == {"st-0000": ["doc-0000", "doc-0001", "doc-0003"]}  # doc-0002 alone: not listed
    st = next(s for s in stories(store) if "doc-0000" in [a["id"] for a in s["articles"]])
    assert (st["start"], st["end"], st["num_articles"]) == (day(0), day(1), 3)
    store.close()


def _blend(*parts: tuple[float, np.ndarray]) -> np.ndarray:
    v = sum(w * x for w, x in parts)
    return (v / np.linalg.norm(v)).astype(np.float32)


def _preview_and_outcome(rng: np.random.Generator) -> list[np.ndarray]:
    """Two reports of a preview and two of an outcome: each pair far from the other at first
    (< THRESHOLD), the two stories' centroids at ~0.75 once both have two articles."""
    topic, preview, outcome = (_unit(rng) for _ in range(3))
    return [_blend((1, topic), (1, preview)), _blend((1, topic), (1, outcome)),
            _blend((1, topic), (0.3, preview)), _blend((1, topic), (0.3, outcome))]


@pytest.mark.parametrize("shared_event", [True, False])
def test_stories_reporting_one_event_are_merged(shared_event: bool) -> None:
    from marsad.store.stories import EVENT_BONUS, StoryIndex

    vecs = _preview_and_outcome(np.random.default_rng(3))
    assert float(vecs[0] @ vecs[1]) < THRESHOLD
    idx = StoryIndex(loader=lambda lo, hi, known: [])
    events = [{"ev-meeting"} if shared_event else set(), {"ev-meeting"} if shared_event else set(), set(), set()]
    for i, (v, ev) in enumerate(zip(vecs, events, strict=True)):
        idx.assign(article_id=f"doc-{i}", title=None, outlet=None, date="2015-08-03", vector=v, entities=set(),
                   events=ev)
    sizes = sorted(len(st.members) for st in idx.stories.values() if st.members)
    a, b = (st for st in idx.stories.values() if st.members) if not shared_event else (None, None)
    if shared_event:
        assert sizes == [4] and list(idx.take_merges().values()) == [next(s.id for s in idx.stories.values() if s.members)]
    else:  # centroids close, but not close enough without a common event
        assert sizes == [2, 2] and idx.take_merges() == {}
        assert MERGE_THRESHOLD - EVENT_BONUS <= float(a.centroid @ b.centroid) < MERGE_THRESHOLD


def test_merge_threshold_keeps_distinct_stories_apart() -> None:
    """Two stories whose centroids stay below MERGE_THRESHOLD are not merged."""
    from marsad.store.stories import StoryIndex

    rng = np.random.default_rng(5)
    topic, p, o = (_unit(rng) for _ in range(3))
    idx = StoryIndex(loader=lambda lo, hi, known: [])
    # each story is tight around its own direction; the two share only half of their direction
    for i, side in enumerate([p, o, p, o, p, o]):
        idx.assign(article_id=f"doc-{i}", title=None, outlet=None, date="2015-08-03",
                   vector=_blend((1, topic), (1.2, side), (0.05, _unit(rng))), entities=set())
    sizes = sorted(len(st.members) for st in idx.stories.values() if st.members)
    assert sizes == [3, 3] and idx.take_merges() == {}
    cents = [st.centroid for st in idx.stories.values() if st.members]
    assert float(cents[0] @ cents[1]) < MERGE_THRESHOLD
