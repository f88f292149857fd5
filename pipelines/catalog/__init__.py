"""Catalog objects as Dagster assets: external specs built from the catalog database."""
