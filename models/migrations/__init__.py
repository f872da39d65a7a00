"""Alembic migrations of the Linli schema (run through models.db.migrate)."""
