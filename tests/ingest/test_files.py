"""Files and folders -> records: every format, bad files logged and skipped, SaudiNewsNet zips."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from marsad.ingest.files import path_records
from marsad.ingest.records import Failure, Record
from marsad.ingest.runner import Ingest
from marsad.store import Store
from marsad.store.queries import stats

AR = "أعلنت وزارة الداخلية السعودية اليوم القبض على خلية إرهابية في مدينة الرياض تضم عشرة أشخاص."
AR2 = "افتتح أمير منطقة مكة المكرمة مشروع توسعة الطريق الدائري في جدة بتكلفة تتجاوز مليار ريال."
HTML = f"""<!doctype html><html lang="ar"><head><title>خبر</title>
<meta property="og:title" content="القبض على خلية إرهابية"></head>
<body><nav>الرئيسية</nav><article><h1>القبض على خلية إرهابية</h1><p>{AR}</p><p>{AR2}</p></article></body></html>"""


def _records(path: Path) -> tuple[list[Record], list[Failure]]:
    recs, fails = [], []
    for r in path_records(path):
        (fails if isinstance(r, Failure) else recs).append(r)
    return recs, fails


def _warc(path: Path, url: str, html: str) -> None:
    with path.open("wb") as fh:
        w = WARCWriter(fh, gzip=True)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=windows-1256")], protocol="HTTP/1.1")
        rec = w.create_warc_record(url, "response", payload=io.BytesIO(html.encode("cp1256")), http_headers=headers)
        w.write_record(rec)
        headers404 = StatusAndHeaders("404 Not Found", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        w.write_record(w.create_warc_record(url + "/missing", "response", payload=io.BytesIO(b"<html>no</html>"),
                                            http_headers=headers404))


def test_every_file_format_reads(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(AR.encode("cp1256"))  # legacy encoding detected
    (tmp_path / "b.html").write_text(HTML, encoding="utf-8")
    (tmp_path / "c.json").write_text(json.dumps({"text": AR2, "url": "https://x.example/c", "published": "2015-07-21"},
                                                ensure_ascii=False), encoding="utf-8")
    (tmp_path / "d.jsonl").write_text(
        json.dumps({"content": AR, "source": "sabq", "date_extracted": "2015-07-22 10:00:00"}, ensure_ascii=False)
        + "\n\n" + json.dumps({"text": AR2, "outlet": "okaz"}, ensure_ascii=False) + "\n", encoding="utf-8")
    (tmp_path / "e.csv").write_text(f"title,text,published,outlet\nعنوان,{AR},2015-07-23,alriyadh\n", encoding="utf-8")
    _warc(tmp_path / "f.warc.gz", "https://news.example/f", HTML)
    recs, fails = _records(tmp_path)
    by_src = {Path(r.source.split(":")[0].split("[")[0]).name: r for r in recs}
    assert len(recs) == 7
    assert by_src["a.txt"].text == AR
    assert AR in by_src["b.html"].text and "الرئيسية" not in by_src["b.html"].text
    assert by_src["c.json"].published == "2015-07-21" and by_src["c.json"].url == "https://x.example/c"
    d = [r for r in recs if r.source.startswith(str(tmp_path / "d.jsonl"))]
    assert [(r.outlet, r.published) for r in d] == [("sabq", "2015-07-22"), ("okaz", None)]
    assert by_src["e.csv"].title == "عنوان" and by_src["e.csv"].outlet == "alriyadh"
    warc = [r for r in recs if r.url == "https://news.example/f"]
    assert len(warc) == 1 and AR in warc[0].text
    assert [f.kind for f in fails] == ["skipped"] and "404" in fails[0].reason


def test_saudinewsnet_zip(tmp_path: Path) -> None:
    rows = [
        {"source": "sabq", "url": "https://sabq.example/1", "date_extracted": "2015-07-21 02:51:32",
         "title": "عنوان أول", "author": "الرياض: محمد", "content": AR},
        {"source": "okaz", "url": "https://okaz.example/2", "date_extracted": "2015-07-21 05:00:00",
         "title": "عنوان ثان", "author": "", "content": ""},
    ]
    z = tmp_path / "2015-07-21.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("2015-07-21.json", json.dumps(rows, ensure_ascii=False))
    recs, fails = _records(z)
    assert [(r.outlet, r.published, r.title, r.author, r.url) for r in recs] == [
        ("sabq", "2015-07-21", "عنوان أول", "الرياض: محمد", "https://sabq.example/1")
    ]
    assert len(fails) == 1 and "[E105]" in fails[0].reason and "2015-07-21.json[1]" in fails[0].source


def test_folder_with_bad_files_logs_and_goes_on(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.txt").write_text(AR, encoding="utf-8")
    (src / "empty.txt").write_bytes(b"")
    (src / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (src / "broken.json").write_text('{"text": "نص', encoding="utf-8")
    (src / "lines.jsonl").write_text('{"text": 5}\nnot json\n' + json.dumps({"text": AR2}, ensure_ascii=False) + "\n",
                                     encoding="utf-8")
    (src / "bad-date.json").write_text(json.dumps({"text": AR2 + " ثانية", "published": "أمس"}, ensure_ascii=False),
                                       encoding="utf-8")
    (src / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    (src / "english.txt").write_text("The minister said on Monday that the talks with the union were going well "
                                     "and that an agreement was expected by the end of the week.", encoding="utf-8")
    (src / "bad.zip").write_bytes(b"PK not really a zip")
    logged: list[str] = []
    store = Store(f"sqlite:///{tmp_path / 'c.db'}")
    summary = Ingest(store=store, stories=False, log=logged.append).run([str(src)])
    assert (summary.new, summary.read) == (2, 3)  # good.txt, lines.jsonl:3, english.txt
    assert summary.skipped["language en: only Arabic is analysed"] == 1
    assert sum(summary.skipped.values()) == 2  # + image.png (unsupported type)
    assert sum(summary.failed.values()) == 7  # empty, binary, broken.json, 2 bad lines, bad date, bad zip
    assert summary.failed["[E101] input is empty"] == 1 and summary.failed["[E102] input looks binary, not text"] == 1
    for name in ("empty.txt", "binary.txt", "broken.json", "lines.jsonl:1", "lines.jsonl:2", "bad-date.json",
                 "image.png", "english.txt", "bad.zip"):
        assert any(name in line for line in logged), name
    assert all("\n" not in line and "Traceback" not in line for line in logged)
    assert stats(store)["articles"] == 3 and stats(store)["skipped"] == 1
    store.close()
