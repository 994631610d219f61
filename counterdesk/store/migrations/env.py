"""Alembic environment: always handed a connection by counterdesk.store.migrate."""

from __future__ import annotations

from alembic import context

from counterdesk.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - we never run alembic's own CLI
    raise RuntimeError("Chạy di chuyển CSDL bằng 'counterdesk db upgrade'.")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
