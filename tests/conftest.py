"""Shared fixtures for the whole suite (the one conftest.py)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("MARSAD_SHARED", ROOT.parent / "shared"))
SHARED_DATA = SHARED / "data"
GOLD_DIR = ROOT / "gold"
OUTPUT_DIR = ROOT / "test-output"


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def seed_text() -> str:
    return (GOLD_DIR / "seed.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_gold() -> dict:
    return json.loads((GOLD_DIR / "seed.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is not present")
    return SHARED_DATA


@pytest.fixture(scope="session")
def output_dir() -> Path:
    OUTPUT_DIR.mkdir(exist_ok=True)
    return OUTPUT_DIR


# -- API and dashboard (tests/api, tests/web): a real corpus database, a live server, Chromium --
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
WRITE_TOKEN = "test-write-token"


@pytest.fixture(scope="session")
def web_corpus(tmp_path_factory: pytest.TempPathFactory):  # -> tests.webcorpus.WebCorpus
    from tests.webcorpus import build_corpus

    return build_corpus(f"sqlite:///{tmp_path_factory.mktemp('webdb') / 'marsad.db'}")


@pytest.fixture(scope="session")
def live_server(web_corpus):  # -> tests.webcorpus.LiveServer
    from marsad.api.app import create_app
    from tests.webcorpus import LiveServer

    with LiveServer(create_app(db=web_corpus.url, write_token=WRITE_TOKEN, read_token="")) as server:
        yield server


@pytest.fixture(scope="session")
def chromium():
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()
