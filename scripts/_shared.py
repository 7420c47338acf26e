"""Where build scripts find ../shared/data (override with MARSAD_SHARED), and its SaudiNewsNet reader."""

from __future__ import annotations

import json
import os
import sys
import zipfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PKG_DATA = ROOT / "marsad" / "data"


def shared_data() -> Path:
    env = os.environ.get("MARSAD_SHARED")
    base = Path(env) if env else ROOT.parent / "shared"
    data = base / "data"
    if not data.is_dir():
        sys.exit(f"shared data not found at {data} (set MARSAD_SHARED)")
    return data


def snn_days(news: Path | None = None) -> list[Path]:
    """The SaudiNewsNet day zips (``DAY.zip``), in date order."""
    return sorted((news or shared_data() / "news" / "saudinewsnet" / "dataset").glob("*.zip"))


def snn_articles(zpath: Path) -> list[dict[str, Any]]:
    """The articles of one SaudiNewsNet day zip (``DAY.zip`` holding ``DAY.json``), in file order."""
    with zipfile.ZipFile(zpath) as zf:
        return [a for name in zf.namelist() for a in json.loads(zf.read(name))]
