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
def snn_gold(shared_data: Path) -> Path:
    """gold/ with the SaudiNewsNet articles' texts (gold/snn_*.txt, not shipped) written from
    ../shared by scripts/materialize_gold.py, byte-identical (sha256 in gold/snn_sources.tsv);
    skips where the shared data is absent."""
    from scripts.materialize_gold import materialize

    materialize(GOLD_DIR, news=shared_data / "news" / "saudinewsnet" / "dataset")
    return GOLD_DIR


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


@pytest.fixture(scope="module")
def api_client(web_corpus):  # -> fastapi.testclient.TestClient on the web corpus
    from fastapi.testclient import TestClient

    from marsad.api.app import create_app

    with TestClient(create_app(db=web_corpus.url, write_token="w", read_token="")) as client:
        yield client


@pytest.fixture(scope="session")
def screenshots(output_dir: Path) -> Path:
    path = output_dir / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture
def dashboard(chromium, live_server):  # -> tests.webcorpus.Watched: a fresh page on the live server
    from tests.webcorpus import Watched

    context = chromium.new_context(viewport={"width": 1400, "height": 1000}, locale="ar")
    yield Watched(context.new_page(), live_server.base)
    context.close()


@pytest.fixture(scope="session")
def chromium():
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# -- corpus store (tests/store, tests/ingest, tests/cli/test_corpus.py) --------------------------
PG_DSN = os.environ.get("MARSAD_TEST_PG", "host=127.0.0.1 port=5432 user=postgres dbname=test")


@pytest.fixture()
def pg_url():  # -> str: a fresh PostgreSQL database for one test, dropped afterwards
    import uuid

    psycopg = pytest.importorskip("psycopg")
    try:
        admin = psycopg.connect(PG_DSN, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError:
        pytest.skip("PostgreSQL on 127.0.0.1:5432 is unreachable")
    name = f"marsad_t_{uuid.uuid4().hex[:12]}"
    user = admin.info.user
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql://{user}@127.0.0.1:5432/{name}"
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.fixture(scope="session")
def seed_annotated(seed_text: str, seed_gold: dict) -> dict:
    """Document JSON of the seed article carrying its gold entities, events and quotes."""
    from marsad.document import Document

    doc = Document(text=seed_text, id="doc-seed", title=seed_gold.get("title"), published=seed_gold["published"],
                   outlet=seed_gold["outlet"], language="ar").to_dict()
    doc["entities"] = [{k: v for k, v in e.items() if k != "required"} for e in seed_gold["entities"]]
    doc["quotes"] = [dict(q) for q in seed_gold["quotes"]]
    events = []
    for e in seed_gold["events"]:
        t = e["trigger"]
        start = seed_text.rfind(".", 0, t["start"]) + 1
        end = seed_text.find(".", t["end"])
        ev = {k: v for k, v in e.items() if k not in ("required", "cameo_any")}
        events.append(dict(ev, sentence={"start": start, "end": end if end > 0 else len(seed_text)}, confidence=0.8))
    doc["events"] = events
    return doc
