"""Where build scripts find ../shared/data (override with MARSAD_SHARED)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PKG_DATA = ROOT / "marsad" / "data"


def shared_data() -> Path:
    env = os.environ.get("MARSAD_SHARED")
    base = Path(env) if env else ROOT.parent / "shared"
    data = base / "data"
    if not data.is_dir():
        sys.exit(f"shared data not found at {data} (set MARSAD_SHARED)")
    return data
