"""PETRARCH / UniversalPetrarch sentence XML: one record (one document) per <Sentence>."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from marsad.ingest.files import path_records
from marsad.ingest.petrarch import looks_like_petrarch
from marsad.ingest.records import Failure, Record

# sentences written for this test, clitic-segmented as UniversalPetrarch writes them
XML = """<Sentences>
<Sentence date = "20240501" id="TST_ARB_20240501.0001_1
" source = "tst" sentence = "True">
<Text>
و قال الوزير ل الصحافيين إن حكومة ه س تبدأ ب إعادة بناء المدارس .
</Text>
<Parse>(ROOT (S (VP (VBD قال))))</Parse>
</Sentence>
<Sentence date="20240502" id="TST_ARB_20240502.0007_3" source="tst2" sentence="True">
<Text>و قصفت الطائرات الإسرائيلية مواقع ل حركة حماس في قطاع غزة، و قال الجيش الإسرائيلي إن الغارات جاءت ردا على إطلاق صواريخ.</Text>
</Sentence>
<Sentence date="20240502" id="TST_ARB_20240502.0007_4" source="tst2" sentence="True"><Text>  </Text></Sentence>
</Sentences>
"""


def test_reads_each_sentence_with_its_date_outlet_and_id(tmp_path: Path) -> None:
    p = tmp_path / "sample_sent.xml"
    p.write_text(XML, encoding="utf-8")
    items = list(path_records(p))
    recs = [r for r in items if isinstance(r, Record)]
    fails = [r for r in items if isinstance(r, Failure)]
    assert [r.published for r in recs] == ["2024-05-01", "2024-05-02"]
    assert [r.outlet for r in recs] == ["tst", "tst2"]
    assert recs[0].source.endswith("#TST_ARB_20240501.0001_1")  # the id's stray newline is stripped
    assert recs[0].text.startswith("و قال الوزير") and recs[0].text.endswith(".")
    assert len(fails) == 1 and "TST_ARB_20240502.0007_4" in fails[0].source and "<Text>" in fails[0].reason


def test_feeds_and_broken_xml_are_not_taken_for_petrarch(tmp_path: Path) -> None:
    assert looks_like_petrarch(XML.encode())
    assert looks_like_petrarch(b'<?xml version="1.0" encoding="utf-8"?>\n<Sentences></Sentences>')
    assert not looks_like_petrarch(b'<?xml version="1.0"?><rss version="2.0"><channel></channel></rss>')
    p = tmp_path / "broken.xml"
    p.write_text("<Sentences><Sentence id='x'><Text>نص</Text>", encoding="utf-8")
    items = list(path_records(p))
    assert len(items) == 1 and isinstance(items[0], Failure) and "PETRARCH" in items[0].reason


def test_analyze_prints_one_document_per_sentence(tmp_path: Path) -> None:
    p = tmp_path / "sample_sent.xml"
    p.write_text(XML, encoding="utf-8")
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    out = subprocess.run([sys.executable, "-m", "marsad", "analyze", str(p)], capture_output=True, timeout=300, env=env)
    assert out.returncode == 0, out.stderr.decode()
    docs = [json.loads(line) for line in out.stdout.decode().splitlines()]
    assert [d["id"] for d in docs] == ["TST_ARB_20240501.0001_1", "TST_ARB_20240502.0007_3"]
    assert docs[1]["published"] == "2024-05-02" and docs[1]["outlet"] == "tst2"
    assert "1 sentence(s) skipped" in out.stderr.decode()
    # the segmented sentence is read: Israel and Hamas are found, with offsets into its own text
    d = docs[1]
    names = {e["country"] for e in d["entities"]}
    assert {"ISR", "PSE"} <= names
    for e in d["entities"]:
        for m in e["mentions"]:
            assert d["text"][m["start"] : m["end"]] == m["text"]
    assert d["events"] and d["events"][0]["cameo"].startswith("19")
