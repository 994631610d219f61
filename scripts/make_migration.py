"""Developer tool: autogenerate an Alembic revision from the models against a scratch SQLite store.

    .venv/bin/python scripts/make_migration.py "what changed"
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from alembic import command

from counterdesk.store.engine import make_engine
from counterdesk.store.migrate import alembic_config, upgrade

message = sys.argv[1] if len(sys.argv) > 1 else "change"
with tempfile.TemporaryDirectory() as tmp:
    engine = make_engine(str(Path(tmp) / "scratch.sqlite3"))
    versions = Path(__file__).resolve().parents[1] / "counterdesk/store/migrations/versions"
    if any(versions.glob("*.py")):
        upgrade(engine)
    cfg = alembic_config()
    with engine.connect() as conn, conn.begin():
        cfg.attributes["connection"] = conn
        command.revision(cfg, message=message, autogenerate=True)
