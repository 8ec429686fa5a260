"""Alembic environment: runs migrations on the engine the kit hands over (never a global)."""

from __future__ import annotations

from alembic import context

from kit.store.models import Base

config = context.config
engine = config.attributes.get("engine")
if engine is None:  # run by the alembic command line: build the engine from the URL
    from kit.store.db import create

    engine = create(config.get_main_option("sqlalchemy.url"))

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=True,  # SQLite needs batch mode to alter tables
    )
    with context.begin_transaction():
        context.run_migrations()
