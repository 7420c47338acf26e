"""Opening a store: the database URL, the engine, and the migrations run on open.

``default_url()`` is the embedded SQLite file in the user's data directory
(``$MARSAD_DB``, else ``$XDG_DATA_HOME/marsad/marsad.db``, else ``~/.local/share/marsad/marsad.db``).
``postgresql://`` URLs use psycopg 3. SQLite runs in WAL mode with foreign keys on.
"""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError

from marsad.errors import StoreOpenError
from marsad.store.locks import store_lock

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def default_url() -> str:
    env = os.environ.get("MARSAD_DB")
    if env:
        return env
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return f"sqlite:///{Path(base) / 'marsad' / 'marsad.db'}"


def normalize_url(url: str) -> str:
    """``postgresql://`` -> ``postgresql+psycopg://``; a bare path -> ``sqlite:///PATH``."""
    if "://" not in url:
        return f"sqlite:///{Path(url).resolve()}"
    if url.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def _sqlite_pragmas(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


def make_engine(url: str) -> Engine:
    full = normalize_url(url)
    try:
        parsed = make_url(full)
    except ArgumentError as exc:
        raise StoreOpenError("not a database URL", value=url) from exc
    if parsed.get_backend_name() == "sqlite":
        db = parsed.database
        if db and db != ":memory:":
            Path(db).expanduser().parent.mkdir(parents=True, exist_ok=True)
    elif parsed.get_backend_name() != "postgresql":
        raise StoreOpenError("only sqlite:// and postgresql:// databases are supported", value=url)
    try:
        # a pool larger than the API server's worker threads, so that a busy server queues in
        # its own threads instead of failing on a pool time-out
        engine = create_engine(full, future=True, pool_size=POOL_SIZE, max_overflow=POOL_OVERFLOW)
    except (ArgumentError, ImportError) as exc:
        raise StoreOpenError(f"cannot open database: {exc}", value=url) from exc
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


POOL_SIZE = 20
POOL_OVERFLOW = 40


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision (``alembic upgrade head``)."""
    from alembic import command
    from alembic.config import Config
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    head = ScriptDirectory.from_config(cfg).get_current_head()
    try:
        # one process migrates at a time: two ingests opening a new database must not both create it
        with store_lock(engine, "migrate"), engine.begin() as conn:
            current = MigrationContext.configure(conn).get_current_revision()
            if current == head:
                return
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    except OperationalError as exc:
        raise StoreOpenError(f"cannot open database: {exc.orig}", value=str(engine.url)) from exc
    except SQLAlchemyError as exc:
        raise StoreOpenError(f"migration failed: {exc}", value=str(engine.url)) from exc


def table_names(engine: Engine) -> list[str]:
    return sorted(inspect(engine).get_table_names())
