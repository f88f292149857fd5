"""Catalog rows and configs for the model lineage and artifact risk tests."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from textwrap import dedent

from classifiers.artifacts.report import ArtifactReport, Verdict
from classifiers.catalog.views import DatasetRow
from classifiers.config import WardenConfig, config_from_text
from classifiers.model import Access
from classifiers.model import Sensitivity as S

WHEN = datetime(2026, 12, 1, tzinfo=UTC)


def dataset(path: str, level: S | None, source: str = "s") -> DatasetRow:
    return DatasetRow(
        source, path, f"file:///d/{path}", "csv", "dataset", "ok", level, (), None, None, WHEN,
        Access(), ("team:data",), False,
    )  # fmt: skip


def artifact(
    path: str,
    verdict: Verdict = Verdict.SAFE,
    access: Access | None = None,
    globals_: tuple[str, ...] = (),
    source: str = "s",
) -> DatasetRow:
    report = ArtifactReport("safetensors" if verdict is Verdict.SAFE else "pickle", verdict,
                            globals_)  # fmt: skip
    return DatasetRow(
        source, path, f"file:///d/{path}", "model", "artifact", "ok", None, (), None, None, WHEN,
        access or Access(), ("team:ml",), False, artifact=report,
    )  # fmt: skip


def config(workloads: str, extra: str = "") -> WardenConfig:
    declared = "workloads:\n" + dedent(workloads) if workloads.strip() else "workloads: []\n"
    text = declared + dedent(extra)
    return config_from_text(text, Path("warden.yaml"))


def write_estate_config(folder: Path, estate: Path, workloads: str) -> Path:
    """A config scanning `estate` as source `s` into a catalog in `folder`."""
    path = folder / "warden.yaml"
    path.write_text(
        f"catalog: sqlite:///{folder / 'c.db'}\n"
        f"sources:\n  - {{kind: local, name: s, path: {estate}}}\n"
        "boundaries: {world_readable_is_public: false}\n"
        "workloads:\n" + dedent(workloads),
        encoding="utf-8",
    )
    return path
