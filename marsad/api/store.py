"""The API's handle on the corpus: the store engineer's :class:`marsad.store.store.Store`
(engine opened and migrated on open) and ORM sessions on its engine for the read queries."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event
from sqlalchemy.orm import Session, sessionmaker

from marsad.store.store import Store


SQLITE_MMAP_BYTES = 4 * 1024**3


def _sqlite_read_pragmas(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA mmap_size={SQLITE_MMAP_BYTES}")
    cur.close()


class ApiStore:
    def __init__(self, url: str) -> None:
        self.store = Store(url)
        self.url = url
        if self.store.engine.dialect.name == "sqlite":
            # reads through a memory map of the file instead of read() calls into SQLite's small
            # page cache: a page of 50 events on a 1 GB store reads hundreds of scattered pages
            event.listen(self.store.engine, "connect", _sqlite_read_pragmas)
            self.store.engine.dispose()  # connections opened before (the migration) get it too
        self._sessions = sessionmaker(self.store.engine, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self._sessions() as session:
            yield session

    def close(self) -> None:
        self.store.close()
