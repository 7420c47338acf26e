"""The SaudiNewsNet workload (../shared/data/news/saudinewsnet), read if present."""

from __future__ import annotations

import json
import os
import zipfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NEWS = Path(os.environ.get("MARSAD_SHARED", ROOT.parent / "shared")) / "data/news/saudinewsnet/dataset"


def articles(limit: int | None = None, *, days: int | None = None) -> Iterator[dict]:
    """Articles as dicts {source, url, date_extracted, title, author, content}, day by day."""
    if not NEWS.is_dir():
        raise SystemExit(f"workload not found: {NEWS} (set MARSAD_SHARED)")
    n = 0
    for i, zpath in enumerate(sorted(NEWS.glob("*.zip"))):
        if days is not None and i >= days:
            return
        with zipfile.ZipFile(zpath) as zf:
            for name in zf.namelist():
                for art in json.load(zf.open(name)):
                    if not art.get("content"):
                        continue
                    yield art
                    n += 1
                    if limit is not None and n >= limit:
                        return
