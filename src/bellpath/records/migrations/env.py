"""Alembic environment: runs on the engine handed over by :func:`bellpath.records.db.migrate`."""

from __future__ import annotations

from alembic import context

from bellpath.records.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    """Run the migrations on the engine placed in ``config.attributes['engine']``."""
    engine = config.attributes["engine"]
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


run_migrations_online()
