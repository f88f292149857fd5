"""Sanitized copies of datasets: operators per entity type, the copy, its verification."""
