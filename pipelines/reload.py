"""Reload the code location after a scan, so new datasets appear as assets in the UI."""

from __future__ import annotations

import os

RELOAD_URL_ENV = "WARDEN_DAGSTER_URL"  # e.g. http://127.0.0.1:3000
LOCATION_ENV = "WARDEN_CODE_LOCATION"
DEFAULT_LOCATION = "pipelines.definitions"


def reload_code_location() -> str:
    """Ask the webserver to reload our code location; a missing webserver is not an error."""
    url = os.environ.get(RELOAD_URL_ENV)
    if not url:
        return f"datasets changed; set {RELOAD_URL_ENV} to reload the UI automatically"
    from dagster_graphql import DagsterGraphQLClient, DagsterGraphQLClientError

    host, _, port = url.removeprefix("http://").rstrip("/").partition(":")
    location = os.environ.get(LOCATION_ENV, DEFAULT_LOCATION)
    try:
        client = DagsterGraphQLClient(host, port_number=int(port) if port else None)
        client.reload_repository_location(location)
    except (DagsterGraphQLClientError, OSError, ValueError) as exc:
        return f"datasets changed; reload of {location} at {url} failed: {exc}"
    return f"datasets changed; reloaded code location {location}"
