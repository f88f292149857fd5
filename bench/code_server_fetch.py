"""What the webserver waits for after a reload: a code server started for the code location
and the repository's snapshots fetched from it over gRPC.

`dagster definitions validate` loads the code location in process and never serializes it;
the webserver instead starts a code server (`dagster api grpc`), waits until it answers, and
fetches every asset node's snapshot over gRPC (the server serializes them, the webserver
deserializes them). This script does the webserver's part with Dagster's own client class
(`GrpcServerCodeLocation`) and prints one JSON line: the seconds until the server answered,
the seconds of the fetch, and the asset nodes received.

    WARDEN_CONFIG=... WARDEN_CATALOG=... DAGSTER_HOME=... python -m bench.code_server_fetch
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time

TIMEOUT_S = 3600.0
# Dagster's gRPC defaults (100 MB a message, 180 s a repository fetch) stop a catalog of about
# 13,000 datasets of 20 columns: the README's large-catalog settings, for both processes.
LARGE_CATALOG = {
    "DAGSTER_GRPC_MAX_RX_BYTES": "2000000000",
    "DAGSTER_GRPC_MAX_SEND_BYTES": "2000000000",
    "DAGSTER_REPOSITORY_GRPC_TIMEOUT_SECONDS": "1800",
}
for _name, _value in LARGE_CATALOG.items():  # read by dagster._grpc at import: set before it
    os.environ.setdefault(_name, _value)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def main() -> int:
    from dagster import DagsterInstance
    from dagster._core.remote_origin import GrpcServerCodeLocationOrigin
    from dagster._core.remote_representation.code_location import GrpcServerCodeLocation
    from dagster._grpc.client import DagsterGrpcClient

    port = _free_port()
    started = time.perf_counter()
    server = subprocess.Popen(
        [sys.executable, "-m", "dagster", "api", "grpc", "-m", "pipelines.definitions",
         "-h", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    try:
        client = DagsterGrpcClient(port=port, host="127.0.0.1")
        while True:  # the server answers once it has loaded the code location
            try:
                client.ping("bench")
                break
            except Exception:  # not up yet: any gRPC error means wait
                if server.poll() is not None:
                    said = server.stderr.read()[-1500:] if server.stderr else ""
                    raise SystemExit(f"the code server stopped: {said}") from None
                if time.perf_counter() - started > TIMEOUT_S:
                    raise SystemExit("the code server did not answer within an hour") from None
                time.sleep(0.1)
        up = time.perf_counter()
        origin = GrpcServerCodeLocationOrigin(host="127.0.0.1", port=port, location_name="warden")
        with DagsterInstance.ephemeral() as instance:
            location = GrpcServerCodeLocation(origin, instance=instance)
            nodes = sum(len(r.get_asset_node_snaps()) for r in location.get_repositories().values())
        done = time.perf_counter()
    finally:
        server.terminate()  # the server may wait out its requests: then it is killed
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    print(json.dumps({"up_s": up - started, "fetch_s": done - up, "asset_nodes": nodes}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
