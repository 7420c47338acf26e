"""The corpus store: SQLite (default) or PostgreSQL, schema by Alembic migrations run on open."""

from __future__ import annotations

from marsad.store.db import default_url
from marsad.store.store import Item, Store

__all__ = ["Item", "Store", "default_url"]
