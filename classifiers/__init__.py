"""Warden's classification core: crawl, read, gather evidence, decide. No Dagster here."""
