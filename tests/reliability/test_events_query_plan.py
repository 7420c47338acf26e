"""The events page query reads its order from an index (no sort of every event per page), on SQLite
and PostgreSQL: found with benchmarks/load_events.py (525 ms per page at 1,000,000 events)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from marsad.api.queries.events import EventFilters, _sort_date, apply_filters
from marsad.store import Store
from marsad.store.models import Event


def page_sql(engine: Any, filters: EventFilters) -> tuple[str, Any]:
    """The page query as the driver gets it: SQL with bound parameters, and the parameters."""
    stmt = apply_filters(select(Event.id), filters).order_by(_sort_date().desc(), Event.id.desc()).limit(51)
    compiled = stmt.compile(engine)
    if compiled.positiontup is not None:
        return str(compiled), tuple(compiled.params[k] for k in compiled.positiontup)
    return str(compiled), compiled.params


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Any) -> Any:
    url = f"sqlite:///{tmp_path / 'plan.db'}" if request.param == "sqlite" else request.getfixturevalue("pg_url")
    s = Store(url)
    yield s
    s.close()


@pytest.mark.parametrize("filters", [EventFilters(), EventFilters(root="04")])
def test_events_page_uses_the_sort_index(store: Any, filters: EventFilters) -> None:
    sql, params = page_sql(store.engine, filters)
    with Session(store.engine) as s:
        conn = s.connection()
        if store.dialect == "sqlite":
            plan = " | ".join(r[3] for r in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", params))
            assert "TEMP B-TREE" not in plan and "ix_events_" in plan and "sort" in plan, plan
        else:
            conn.exec_driver_sql("SET enable_seqscan = off")  # an empty table: ask what it could use
            plan = " | ".join(r[0] for r in conn.exec_driver_sql(f"EXPLAIN {sql}", params))
            assert "Sort" not in plan and "ix_events_" in plan and "sort" in plan, plan
