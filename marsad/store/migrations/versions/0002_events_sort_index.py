"""Indexes for listing events newest first: ``(coalesce(date, ''), id)`` and the same after ``root``.

The API pages events by ``coalesce(date, '') DESC, id DESC`` (keyset cursor). Without an index on
that expression SQLite scans and sorts every matching event for each page (525 ms for 1,000,000
events, benchmarks/load_events.py); with it a page is read from the index in order.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_events_sort", "events", [sa.text("coalesce(date, '')"), "id"])
    op.create_index("ix_events_root_sort", "events", ["root", sa.text("coalesce(date, '')"), "id"])


def downgrade() -> None:
    op.drop_index("ix_events_root_sort", table_name="events")
    op.drop_index("ix_events_sort", table_name="events")
