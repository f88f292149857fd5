"""Alembic migrations of the catalog DB; run them with classifiers.catalog.migrate.upgrade."""
