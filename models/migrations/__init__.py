"""Alembic migrations of the Linli schema (run through models.core.db.migrate)."""
