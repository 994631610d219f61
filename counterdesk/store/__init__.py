"""Engine and sessions, SQLite durability, Alembic migrations, backup and integrity check."""
