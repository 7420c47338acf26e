"""Story clustering in the store with given vectors: window, eviction from memory, reload."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np

from marsad.document import Document
from marsad.ids import content_hash
from marsad.store import Item, Store
from marsad.store.queries import stories
from marsad.store.stories import DIM, WINDOW_DAYS


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
