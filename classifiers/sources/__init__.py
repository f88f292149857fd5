"""Sources: crawlers that list stored objects with their fingerprints and access."""

from classifiers.sources.local import LocalSource

__all__ = ["LocalSource"]
