"""URLs and RSS/Atom feeds, served by a local http.server (no network)."""

from __future__ import annotations

import contextlib
import functools
import threading
import time
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from marsad.ingest.records import Failure, Record
from marsad.ingest.runner import Ingest
from marsad.ingest.sources import iter_sources
from marsad.ingest.web import Fetcher
from marsad.store import Store
from marsad.store.queries import stats

BODY1 = "أعلنت وزارة الداخلية السعودية اليوم القبض على خلية إرهابية في مدينة الرياض تضم عشرة أشخاص. " * 3
BODY2 = "افتتح أمير منطقة مكة المكرمة مشروع توسعة الطريق الدائري في جدة بتكلفة تتجاوز مليار ريال. " * 3
LONG = "وقالت مصادر مطلعة إن المفاوضات بين الطرفين ستستأنف الأسبوع المقبل في العاصمة العمانية مسقط. " * 6


def _page(title: str, body: str) -> str:
    return (f"<!doctype html><html lang='ar'><head><meta charset='utf-8'><title>{title}</title></head>"
            f"<body><article><h1>{title}</h1><p>{body}</p></article></body></html>")


def _site(root: Path, port_holder: list[int]) -> None:
    (root / "robots.txt").write_text("User-agent: *\nDisallow: /private/\n", encoding="utf-8")
    (root / "a1.html").write_text(_page("خبر أول", BODY1), encoding="utf-8")
    (root / "a2.html").write_bytes(_page("خبر ثان", BODY2).replace("utf-8", "windows-1256").encode("cp1256"))
    (root / "private").mkdir()
    (root / "private" / "p.html").write_text(_page("سري", BODY1), encoding="utf-8")
    (root / "big.html").write_text(_page("كبير", BODY1 * 600), encoding="utf-8")


def _feed(base: str) -> str:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>صحيفة المثال</title><link>{base}/</link><language>ar</language>
<item><title>خبر ثان</title><link>{base}/a2.html</link><description>مقدمة قصيرة</description>
<pubDate>Tue, 21 Jul 2015 10:00:00 GMT</pubDate></item>
<item><title>خبر كامل</title><link>{base}/full.html</link><description><![CDATA[<p>{LONG}</p>]]></description>
<pubDate>Wed, 22 Jul 2015 08:00:00 GMT</pubDate></item>
<item><title>محجوب</title><link>{base}/private/p.html</link><description>قصير</description></item>
<item><title>مفقود</title><link>{base}/missing.html</link><description>قصير</description></item>
</channel></rss>"""


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve(root: Path) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        (root / "feed.xml").write_text(_feed(base), encoding="utf-8")
        yield base
    finally:
        server.shutdown()
        server.server_close()


def test_urls_are_fetched_with_robots_and_size_limit(tmp_path: Path) -> None:
    _site(tmp_path, [])
    with serve(tmp_path) as base:
        fetcher = Fetcher(delay=0.0, max_bytes=200_000)
        out = list(iter_sources([f"{base}/a1.html", f"{base}/a2.html", f"{base}/private/p.html",
                                 f"{base}/big.html", f"{base}/nope.html"], fetcher=fetcher))
        fetcher.close()
    recs = [r for r in out if isinstance(r, Record)]
    fails = [r for r in out if isinstance(r, Failure)]
    assert [r.title for r in recs] == ["خبر أول", "خبر ثان"]
    assert BODY2.split(".")[0] in recs[1].text  # windows-1256 page decoded
    assert recs[0].url == f"{base}/a1.html"
    reasons = [f.reason for f in fails]
    assert "robots.txt disallows" in reasons[0]
    assert "larger than 200000 bytes" in reasons[1]
    assert "HTTP status 404" in reasons[2]
    assert all("[E107]" in r for r in reasons)


def test_polite_delay_between_requests_to_one_host(tmp_path: Path) -> None:
    _site(tmp_path, [])
    with serve(tmp_path) as base:
        fetcher = Fetcher(delay=0.4, obey_robots=False)
        t0 = time.monotonic()
        fetcher.get(f"{base}/a1.html")
        fetcher.get(f"{base}/a2.html")
        fetcher.get(f"{base}/a1.html")
        elapsed = time.monotonic() - t0
        fetcher.close()
    assert elapsed >= 0.8


def test_unreachable_url_is_a_failure_not_a_traceback() -> None:
    fetcher = Fetcher(delay=0.0, timeout=2.0, obey_robots=False)
    out = list(iter_sources(["http://127.0.0.1:9/x.html"], fetcher=fetcher))
    assert len(out) == 1 and isinstance(out[0], Failure) and "[E107]" in out[0].reason


def test_feed_entries_use_content_or_fetch_their_page(tmp_path: Path) -> None:
    _site(tmp_path, [])
    with serve(tmp_path) as base:
        store = Store(f"sqlite:///{tmp_path / 'c.db'}")
        logged: list[str] = []
        job = Ingest(store=store, stories=False, fetcher=Fetcher(delay=0.0), log=logged.append)
        summary = job.run([f"{base}/feed.xml"])
        again = Ingest(store=store, stories=False, fetcher=Fetcher(delay=0.0)).run([f"{base}/feed.xml"])
    assert summary.new == 2 and sum(summary.failed.values()) == 2
    assert again.new == 0 and again.duplicate == 2
    with store.engine.connect() as conn:
        from sqlalchemy import text as sql

        rows = {r.title: r for r in conn.execute(sql("SELECT title, url, outlet, published, text FROM articles"))}
    assert rows["خبر ثان"].url == f"{base}/a2.html" and BODY2.split(".")[0] in rows["خبر ثان"].text
    assert rows["خبر ثان"].published == "2015-07-21" and rows["خبر ثان"].outlet == "صحيفة المثال"
    assert rows["خبر كامل"].published == "2015-07-22" and LONG.split(".")[0] in rows["خبر كامل"].text
    assert any("robots.txt" in line for line in logged) and any("404" in line for line in logged)
    assert stats(store)["articles"] == 2
    store.close()
