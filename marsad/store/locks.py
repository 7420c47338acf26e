"""Cross-process locks on a store, so that several ``marsad ingest`` processes can share one database.

``store_lock(engine, name)`` is held by one process at a time and released when the process dies
(SIGKILL included): a PostgreSQL session advisory lock on its own connection, or an exclusive
``flock`` on ``<database file>.<name>.lock`` beside a SQLite file. An in-memory SQLite database
belongs to one process and needs no lock.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import Engine, text

try:  # POSIX only; elsewhere SQLite's own locking is all there is
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]


def lock_key(name: str) -> int:
    """A stable signed 64-bit key for ``pg_advisory_lock``."""
    return int.from_bytes(hashlib.sha1(f"marsad:{name}".encode()).digest()[:8], "big", signed=True)


@contextlib.contextmanager
def store_lock(engine: Engine, name: str) -> Iterator[None]:
    """Hold the store-wide lock ``name`` (``"write"``, ``"migrate"``) for the duration of the block."""
    if engine.dialect.name == "postgresql":
        key = lock_key(name)
        with engine.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": key})
            conn.commit()
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": key})
                conn.commit()
        return
    db = engine.url.database
    if engine.dialect.name != "sqlite" or not db or db == ":memory:" or fcntl is None:
        yield
        return
    path = Path(db).expanduser()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(f"{path}.{name}.lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
