"""Test inputs for the batch tests: the seed article plus SaudiNewsNet articles (or generated ones)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

GENERATED = [
    "قال وزير الخارجية السعودي الأمير فيصل بن فرحان إن المملكة تدعم الحل السياسي في اليمن.",
    "التقى الرئيس التركي رجب طيب أردوغان في أنقرة اليوم الأحد وفدا من حركة حماس.",
    "أعلنت وزارة الداخلية مقتل ثلاثة أشخاص وإصابة خمسة آخرين في انفجار وقع صباح الاثنين في بغداد.",
    "نفى المتحدث باسم الحكومة المصرية ما تردد عن زيادة أسعار الوقود الشهر المقبل.",
    "وقعت الإمارات والأردن اتفاقية للتعاون الاقتصادي خلال زيارة رسمية استمرت يومين.",
]


def saudinewsnet_articles(shared: Path, limit: int) -> list[dict[str, Any]]:
    """The first ``limit`` articles (with content) of the first SaudiNewsNet zip, if present."""
    zips = sorted((shared / "news/saudinewsnet/dataset").glob("*.zip"))
    if not zips:
        return []
    out: list[dict[str, Any]] = []
    with zipfile.ZipFile(zips[0]) as zf:
        for name in zf.namelist():
            for art in json.load(zf.open(name)):
                if art.get("content"):
                    out.append(art)
                if len(out) >= limit:
                    return out
    return out


def batch_lines(seed_text: str, shared: Path, *, n: int) -> list[dict[str, Any]]:
    """``n`` contract batch lines: the seed, then SaudiNewsNet articles or generated sentences."""
    lines: list[dict[str, Any]] = [
        {"id": "seed", "text": seed_text, "published": "2025-12-20", "outlet": "العربية"}
    ]
    arts = saudinewsnet_articles(shared, n - 1)
    for i, art in enumerate(arts):
        lines.append({
            "id": f"snn-{i}", "text": art["content"], "published": art["date_extracted"][:10],
            "outlet": art["source"], "url": art["url"], "title": art["title"],
        })
    i = 0
    while len(lines) < n:
        text = " ".join(GENERATED[(i + k) % len(GENERATED)] for k in range(3))
        lines.append({"id": f"gen-{i}", "text": text, "published": "2025-12-20", "outlet": "مولد"})
        i += 1
    return lines


def write_jsonl(path: Path, lines: list[dict[str, Any]], *, bad: bool = False) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for line in lines:
            fh.write(json.dumps(line, ensure_ascii=False) + "\n")
        if bad:
            fh.write("{not json\n")
    return path
