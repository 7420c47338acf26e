"""Indexes for the API's event filters (benchmarks/load_events.py, 1,000,000 events).

- ``event_reports (event_id, outlet)`` and ``event_actors (event_id, entity_id, role)``: the
  ``outlet`` / ``country`` filters test each event read in page order with an index-only probe;
- ``event_reports (outlet, event_id)`` and ``event_actors (entity_id, role, event_id)``: the
  capped ``total`` of those filters, and the ``entity`` / ``actor`` filters, start from the few
  matching rows instead of every event;
- ``events (upper(plover), coalesce(date, ''), id)``: the ``plover`` filter reads a page in order;
- ``events (country)``: the place-country half of the ``country`` count.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_event_reports_event_outlet", "event_reports", ["event_id", "outlet"])
    op.create_index("ix_event_reports_outlet_event", "event_reports", ["outlet", "event_id"])
    op.create_index("ix_event_actors_event_entity", "event_actors", ["event_id", "entity_id", "role"])
    op.create_index("ix_event_actors_entity_event", "event_actors", ["entity_id", "role", "event_id"])
    op.create_index("ix_events_plover_sort", "events", [sa.text("upper(plover)"), sa.text("coalesce(date, '')"), "id"])
    op.create_index("ix_events_country", "events", ["country"])


def downgrade() -> None:
    op.drop_index("ix_events_country", table_name="events")
    op.drop_index("ix_events_plover_sort", table_name="events")
    op.drop_index("ix_event_actors_entity_event", table_name="event_actors")
    op.drop_index("ix_event_actors_event_entity", table_name="event_actors")
    op.drop_index("ix_event_reports_outlet_event", table_name="event_reports")
    op.drop_index("ix_event_reports_event_outlet", table_name="event_reports")
