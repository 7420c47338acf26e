"""Alembic environment for marsad's store: run on a connection given by ``marsad.store.db``.

``marsad.store.db.migrate`` puts an open connection in ``config.attributes["connection"]``;
``alembic -x url=...`` from the command line also works (``alembic.ini`` is not needed).
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from marsad.store.models import Base

config = context.config
target_metadata = Base.metadata


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option("sqlalchemy.url")
    engine = create_engine(url)
    with engine.begin() as conn:
        context.configure(connection=conn, target_metadata=target_metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()


run()
