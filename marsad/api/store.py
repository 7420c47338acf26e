"""The API's handle on the corpus: the store engineer's :class:`marsad.store.store.Store`
(engine opened and migrated on open) and ORM sessions on its engine for the read queries."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session, sessionmaker

from marsad.store.store import Store


class ApiStore:
    def __init__(self, url: str) -> None:
        self.store = Store(url)
        self.url = url
        self._sessions = sessionmaker(self.store.engine, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self._sessions() as session:
            yield session

    def close(self) -> None:
        self.store.close()
