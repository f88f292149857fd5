"""What a source raises when it cannot be listed at all."""


class SourceUnavailable(OSError):
    """Listing failed (a missing folder, or a container after retries): the scan stops before
    anything is marked deleted."""
