"""Alembic environment: runs on the connection :func:`store.db.migrate` hands over."""

from alembic import context

from store.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # `alembic` CLI use: build an engine from the configured URL
    from store.db import make_engine

    connection = make_engine(config.get_main_option("sqlalchemy.url")).connect()

context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True,
                  compare_type=True)
with context.begin_transaction():
    context.run_migrations()
