"""Scoring themes against hand-assigned article themes (``tests/fixtures/themes_gold.jsonl``).

Each gold line names an article of the SaudiNewsNet workload by URL with ``core`` themes (what the
article is about: must be found) and ``acceptable`` ones (fair, not required). Precision counts a
predicted theme as right when it is core or acceptable; recall is over core themes.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from marsad.document import Document
from marsad.eval.score import Tally


def load_articles(news_dir: Path, urls: set[str]) -> dict[str, dict[str, Any]]:
    """SaudiNewsNet articles by URL, reading the day zips in order until all are found."""
    found: dict[str, dict[str, Any]] = {}
    for zpath in sorted(news_dir.glob("*.zip")):
        with zipfile.ZipFile(zpath) as zf:
            for name in zf.namelist():
                for art in json.load(zf.open(name)):
                    if art.get("url") in urls and art["url"] not in found:
                        found[art["url"]] = art
        if len(found) == len(urls):
            break
    return found


def score_themes(
    gold_path: Path, news_dir: Path, analyze: Callable[..., Document]
) -> tuple[Tally, list[dict[str, Any]]]:
    gold = [json.loads(x) for x in gold_path.read_text(encoding="utf-8").splitlines() if x.strip()]
    arts = load_articles(news_dir, {g["url"] for g in gold})
    tally = Tally()
    rows: list[dict[str, Any]] = []
    for g in gold:
        art = arts[g["url"]]
        doc = analyze(
            art["content"], title=art.get("title") or None, published=art["date_extracted"][:10],
            outlet=art.get("source"),
        )
        pred = {t.theme for t in doc.themes}
        core, ok = set(g["core"]), set(g["core"]) | set(g["acceptable"])
        tally.pred += len(pred)
        tally.tp_pred += len(pred & ok)
        tally.gold += len(core)
        tally.tp_gold += len(pred & core)
        rows.append({"url": g["url"], "title": g["title"], "missed": sorted(core - pred), "wrong": sorted(pred - ok)})
    return tally, rows
