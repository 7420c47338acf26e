"""Stored XSS in the dashboard, proven in headless Chromium: an article whose text, title, outlet and
URL carry <script>, on*= attributes, javascript: links and resources on an attacker's server (a
real HTTP server on another loopback port that counts every request) is shown as inert text."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from marsad.ids import content_hash
from marsad.pipeline import default_pipeline, make_document
from marsad.store.dedup import minhash_of, to_bytes
from marsad.store.store import Item, Store


class Attacker:
    """A loopback HTTP server that records every path asked of it."""

    def __init__(self) -> None:
        hits: list[str] = []

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                hits.append(self.path)
                self.send_response(204)
                self.end_headers()

            do_POST = do_GET  # noqa: N815

            def log_message(self, *args: Any) -> None:
                return

        self.hits = hits
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)

    def __enter__(self) -> Attacker:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)


def payload(evil: str) -> dict[str, str]:
    text = (
        f'<script>fetch("{evil}/script");alert("s1")</script> أعلنت وزارة الخارجية '
        f'<img src="{evil}/img" onerror="alert(\'img\')"> أن الوزير التقى نظيره '
        f'<a href="javascript:alert(\'link\')">الرابط الخبيث</a> في إسطنبول '
        f'<svg onload="alert(\'svg\')"></svg><iframe src="{evil}/frame"></iframe> يوم السبت '
        f'<style>@import url("{evil}/css");</style><link rel="stylesheet" href="{evil}/link"> '
        f'<div style="background:url({evil}/bg)">وبحثا</div> التطورات في غزة.'
    )
    return {
        "text": text,
        "title": f'<img src="{evil}/title" onerror="alert(\'title\')">عنوان <script>alert("t")</script>',
        "outlet": f'<b onmouseover="alert(\'outlet\')">وكالة</b><img src="{evil}/outlet">',
        "url": "javascript:alert('url')",
    }


@pytest.fixture()
def attacked(tmp_path: Path) -> Iterator[tuple[Any, Attacker, str, dict[str, str]]]:
    from marsad.api.app import create_app
    from tests.webcorpus import LiveServer

    url = f"sqlite:///{tmp_path / 'xss.db'}"
    with Attacker() as evil:
        p = payload(evil.base)
        doc = make_document(p["text"], published="2025-12-20", outlet=p["outlet"], url=p["url"], title=p["title"])
        doc = default_pipeline()(doc)
        with Store(url) as store:
            store.write([Item(doc=doc, content_hash=content_hash(doc.text), base_id=doc.id,
                              minhash=to_bytes(minhash_of(doc.text)))])
        with LiveServer(create_app(db=url, write_token="w", read_token="")) as server:
            yield server, evil, doc.id, p


def test_stored_xss_is_inert_in_chromium(chromium: Any, attacked: tuple[Any, Attacker, str, dict[str, str]]) -> None:
    from tests.webcorpus import Watched

    server, evil, article_id, p = attacked
    context = chromium.new_context()
    try:
        page = context.new_page()
        watched = Watched(page, server.base)
        for fragment in (f"#/article/{article_id}", "#/search?q=" + "الخارجية", "#/"):
            watched.open(fragment, lang="ar")
            page.wait_for_timeout(300)  # room for a late image load or script to fire
            if fragment.startswith("#/article"):
                body = page.locator(".article-body")
                shown = body.inner_text()
                # the markup is shown as the text it is
                assert "<script>" in shown and "onerror=" in shown and "javascript:alert" in shown
                assert body.locator("script, img, iframe, svg, style, link").count() == 0
                assert body.locator("[onerror], [onload], [onmouseover]").count() == 0
                assert page.locator("a[href^='javascript:' i]").count() == 0
                page.get_by_text("الرابط الخبيث", exact=False).first.click()
                page.wait_for_timeout(200)
        assert page.locator("script:not([src])").count() == 0
        assert watched.dialogs == [], watched.dialogs
        assert watched.foreign == [], watched.foreign
        assert evil.hits == [], evil.hits
        # control: the same markup put into a page as HTML does reach the attacker and open dialogs,
        # so the watchers above can see an attack when there is one
        control = context.new_page()
        dialogs: list[str] = []
        control.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        control.set_content(f"<html><body>{p['text']}</body></html>")
        control.wait_for_timeout(500)
        assert dialogs and any(h in evil.hits for h in ("/img", "/script", "/frame")), (dialogs, evil.hits)
    finally:
        context.close()
