"""A small real corpus for the API and dashboard tests, and a uvicorn server in a thread.

The corpus (one database file, written through the real store) holds:
- the seed article annotated with the gold extraction (``gold/seed.json``), as published by Al
  Arabiya, and the same annotated text as a second outlet's report, so the pages have known
  entities, events (merged over two sources) and quotes, and a story of two reports (Istanbul
  and Miami get their real coordinates for the map); gold annotations rather than the pipeline's
  keep these assertions independent of how far the analysis stages have come;
- an article whose text, title, outlet and URL carry ``<script>``, ``onerror=`` and
  ``javascript:`` payloads, analysed by the real default pipeline.

What the pipeline makes of the seed itself is checked through ``POST /api/analyze`` and
``POST /api/articles`` (tests/api/test_api_writes.py) and the analyse page (tests/web).
"""

from __future__ import annotations

import json
import socket
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import uvicorn

from marsad.document import Document
from marsad.ids import content_hash
from marsad.pipeline import Pipeline, default_pipeline, get_stage, make_document
from marsad.store.dedup import minhash_of, to_bytes
from marsad.store.store import Item, Store
from marsad.store.stories import embed, story_text

ROOT = Path(__file__).resolve().parent.parent
GOLD_OUTLET = "العربية"
GOLD_URL = "https://example.org/gold/seed"
COPY_OUTLET = "نسخة-اختبار"
COPY_URL = "https://example.org/copy/seed"
# coordinates of the gold places (GeoNames), for the map
COORDS = {
    "istanbul": (41.01384, 28.94966),
    "miami": (25.77427, -80.19366),
    "gaza": (31.50161, 34.46672),
    "florida": (28.75054, -82.5001),
}
XSS_TEXT = (
    '<script>alert("x1")</script> قال المتحدث باسم الوزارة <img src=x onerror="alert(2)"> إن '
    '<a href="javascript:alert(3)">الرابط</a> التقى وفدا في إسطنبول يوم السبت.'
)
XSS_TITLE = '<img src=y onerror="alert(5)">عنوان <script>alert(6)</script>'


@dataclass(frozen=True, slots=True)
class WebCorpus:
    url: str
    gold_article: str
    xss_article: str
    copy_article: str


def gold_document(*, outlet: str = GOLD_OUTLET, url: str = GOLD_URL) -> Document:
    text = (ROOT / "gold" / "seed.txt").read_text(encoding="utf-8")
    gold = json.loads((ROOT / "gold" / "seed.json").read_text(encoding="utf-8"))
    doc = make_document(text, published=gold["published"], outlet=outlet, url=url, title=gold["title"])
    doc = Pipeline.build(["arabic"])(doc)  # paragraphs and sentences
    data = doc.to_dict()
    entities = []
    for ent in gold["entities"]:
        ent = dict(ent)
        if ent["id"] in COORDS:
            ent["lat"], ent["lon"] = COORDS[ent["id"]]
        entities.append(ent)
    events = []
    for ev in gold["events"]:
        ev = {k: v for k, v in ev.items() if k not in ("cameo_any", "required")}
        sent = doc.sentence_at(ev["trigger"]["start"])
        assert sent is not None
        ev["sentence"] = {"start": sent.start, "end": sent.end}
        events.append(ev)
    data.update(entities=entities, times=gold["times"], quotes=gold["quotes"], events=events)
    out = Document.from_dict(data)
    # the copy dates the Miami meeting a day earlier, so the story brief has a disagreement to show
    if outlet != GOLD_OUTLET:
        for ev in out.events:
            if ev.id == "miami_meeting":
                ev.date = "2025-12-18"
    out = get_stage("brief").factory()(out)  # the English brief and Arabic summary of the gold
    assert not out.check_spans(), out.check_spans()
    return out


def _item(doc: Document) -> Item:
    return Item(
        doc=doc,
        content_hash=content_hash(doc.text),
        base_id=doc.id,
        minhash=to_bytes(minhash_of(f"{doc.title or ''} {doc.text}")),
        vector=embed([story_text(doc.title, doc.text)])[0],
    )


def build_corpus(url: str) -> WebCorpus:
    store = Store(url)
    try:
        gold = gold_document()
        copy = gold_document(outlet=COPY_OUTLET, url=COPY_URL)
        store.write([_item(gold)])
        store.write([_item(copy)])
        xss = make_document(
            XSS_TEXT,
            published="2025-12-21",
            outlet='<b onmouseover="alert(7)">x</b>',
            url="javascript:alert(4)",
            title=XSS_TITLE,
        )
        store.write([_item(default_pipeline()(xss))])
    finally:
        store.close()
    return WebCorpus(url=url, gold_article=gold.id, xss_article=xss.id, copy_article=copy.id)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LiveServer:
    """uvicorn serving ``app`` on a free loopback port in a background thread."""

    def __init__(self, app: object) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


class Watched:
    """A page with its console errors, page errors, dialogs and off-server requests recorded."""

    def __init__(self, page, base: str) -> None:  # type: ignore[no-untyped-def]
        self.page = page
        self.base = base
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.foreign: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("dialog", self._dialog)
        page.on("request", self._request)

    def _dialog(self, dialog) -> None:  # type: ignore[no-untyped-def]
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _request(self, req) -> None:  # type: ignore[no-untyped-def]
        u = urlparse(req.url)
        if u.scheme in ("data", "blob", "about"):
            return
        if f"{u.scheme}://{u.netloc}" != self.base:
            self.foreign.append(req.url)

    def open(self, fragment: str, *, lang: str | None = None) -> None:
        if lang:
            self.page.goto(self.base + "/")
            self.page.evaluate(f"localStorage.setItem('marsad.lang', '{lang}')")
        self.page.goto(self.base + "/" + fragment)
        self.wait()

    def wait(self) -> None:
        """Until the view has rendered the page's current address."""
        self.page.wait_for_function(
            "() => { const v = document.getElementById('view');"
            " return v && v.hasAttribute('data-ready') && v.getAttribute('data-route') === location.hash; }",
            timeout=20000,
        )

    def clean(self) -> None:
        assert self.errors == [] and self.dialogs == [] and self.foreign == []
