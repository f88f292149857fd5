"""OpenLineage RunEvents (the shapes of the spec's examples) become observed edges."""

import json
from pathlib import Path

import pytest

from lineage.model import Edge
from lineage.openlineage import LineageEventError, dataset_uri, edges_from_file, event_edges

# The RunEvent example of the OpenLineage spec (spec/OpenLineage.md), with a file dataset.
SPEC_EVENT = {
    "eventType": "COMPLETE",
    "eventTime": "2026-11-27T10:15:30.000Z",
    "run": {"runId": "d46e465b-d358-4d32-83d4-df660ff614dd"},
    "job": {"namespace": "ml-platform", "name": "churn-model-training"},
    "inputs": [
        {"namespace": "file", "name": "/data/ml/features.parquet"},
        {
            "namespace": "abfss://raw@acct.dfs.core.windows.net",
            "name": "crm/customers.csv",
            "facets": {
                "schema": {
                    "_producer": "https://example.com",
                    "_schemaURL": "x",
                    "fields": [{"name": "email", "type": "VARCHAR"}],
                }
            },
        },
    ],
    "outputs": [
        {"namespace": "file", "name": "/data/ml/model_inputs.parquet"},
        {
            "namespace": "file",
            "name": "/data/ml/sanitized.parquet",
            "facets": {"warden_masking": {"masking": True}},
        },
    ],
    "producer": "https://github.com/OpenLineage/OpenLineage/tree/1.24.0/client/python",
    "schemaURL": "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
}


def test_run_event_edges() -> None:
    edges = event_edges(SPEC_EVENT)
    assert Edge("file:///data/ml/features.parquet", "workload:churn-model-training",
                "observed") in edges  # fmt: skip
    assert Edge("abfss://raw@acct.dfs.core.windows.net/crm/customers.csv",
                "workload:churn-model-training", "observed") in edges  # fmt: skip
    assert Edge("workload:churn-model-training", "file:///data/ml/sanitized.parquet", "observed",
                masking=True) in edges  # fmt: skip
    assert len(edges) == 4


@pytest.mark.parametrize(
    ("dataset", "uri"),
    [
        ({"namespace": "file", "name": "/a/b.csv"}, "file:///a/b.csv"),
        ({"namespace": "file://host", "name": "a/b.csv"}, "file:///a/b.csv"),
        ({"namespace": "s3://bucket", "name": "k/x.parquet"}, "s3://bucket/k/x.parquet"),
    ],
)
def test_dataset_uris(dataset: dict[str, str], uri: str) -> None:
    assert dataset_uri(dataset) == uri


def test_jsonl_file_and_bad_events(tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    start = {**SPEC_EVENT, "eventType": "START"}
    path.write_text(json.dumps(start) + "\n\n" + json.dumps(SPEC_EVENT) + "\n")
    assert len(edges_from_file(path)) == 4  # START and COMPLETE give the same edges once
    with pytest.raises(LineageEventError):
        event_edges({"job": {"name": "x"}})
    path.write_text('{"run": {}, "job": {"name": "j"}}\nnot json\n')
    with pytest.raises(LineageEventError, match="line 2"):
        edges_from_file(path)
