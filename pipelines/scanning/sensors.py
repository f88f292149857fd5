"""`new_objects`: list sources cheaply and request a scan only when something changed."""

import hashlib

import dagster as dg

from pipelines.resources import WardenResource
from pipelines.scanning.assets import scan_all


def listing_digest(warden: WardenResource) -> tuple[str, int]:
    """A digest of (source, path, size, mtime or etag) of every object, and how many there are.

    Local sources list modification times; Azure sources list etags, which change with every
    write (a last-modified time has one-second resolution).
    """
    digest = hashlib.sha256()
    count = 0
    for source in warden.sources():
        for path, size, stamp in sorted(source.listing()):
            version = f"{stamp:.6f}" if isinstance(stamp, float) else stamp
            digest.update(f"{source.name}\0{path}\0{size}\0{version}\n".encode())
            count += 1
    return digest.hexdigest()[:16], count


@dg.sensor(
    job=scan_all,
    minimum_interval_seconds=60,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Requests a scan when an object is added, changed or removed.",
)
def new_objects(context: dg.SensorEvaluationContext, warden: WardenResource) -> dg.SensorResult:
    digest, count = listing_digest(warden)
    if digest == context.cursor:
        return dg.SensorResult(skip_reason=f"no change in {count} objects", cursor=digest)
    return dg.SensorResult(run_requests=[dg.RunRequest(run_key=digest)], cursor=digest)
