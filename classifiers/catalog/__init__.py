"""The catalog DB: what was scanned, when, what it holds, and the history of every object."""

# Registers the lineage tables on the catalog metadata, so Alembic and tests see every table.
from classifiers.catalog import lineage_schema  # noqa: F401
