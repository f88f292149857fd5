"""Values of the lineage layer: workloads, datasets as lineage sees them, edges, findings."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from classifiers.model import Sensitivity


@dataclass(frozen=True)
class BoundaryException:
    """An explicit, owned and expiring acceptance of one workload reading some datasets."""

    dataset: str  # reference or glob
    reason: str
    approver: str
    expires: date

    def active(self, today: date) -> bool:
        return today <= self.expires


@dataclass(frozen=True)
class Workload:
    name: str
    kind: str
    audience: str  # public | all_employees | restricted:GROUP | privileged
    owners: tuple[str, ...] = ()
    inputs: tuple[str, ...] = ()
    outputs: tuple[tuple[str, bool], ...] = ()  # (dataset reference, is a masking step)
    exceptions: tuple[BoundaryException, ...] = ()
    description: str = ""
    observed: bool = False  # known only from OpenLineage events, not declared


@dataclass(frozen=True)
class DatasetState:
    """What lineage needs to know about one catalog dataset."""

    source: str
    path: str
    uri: str
    level: Sensitivity | None  # None: never scanned or unreadable
    status: str  # "ok", "error" or "unscanned"
    public_location: bool  # world-readable file or public container
    owners: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()
    kind: str = "dataset"  # or "artifact": a model file, whose level comes from its training
    reasons: tuple[str, ...] = ()  # why a model has its level ("trained by ... on ...")

    @property
    def ref(self) -> str:
        return f"{self.source}:{self.path}"


@dataclass(frozen=True)
class ModelLevel:
    """The level a model inherits from the data it was trained on, and why."""

    model: str  # source:path of the artifact
    level: Sensitivity | None  # None: a training input is unscanned or matches nothing
    reasons: tuple[str, ...]  # one per training workload, e.g. "trained by X on a.csv, ..."
    workloads: tuple[str, ...]  # the training or fine-tuning workloads that write it
    inputs: tuple[str, ...] = ()  # the datasets (source:path) it was trained on


@dataclass(frozen=True)
class ArtifactRisk:
    """A risk of one AI artifact itself: code in its pickles, or where and how it is stored."""

    source: str
    path: str
    kind: str  # "dangerous_pickle", "suspicious_pickle", "public_location",
    #            "no_encryption_scope", "not_immutable"
    severity: str  # "ERROR" or "WARN"
    reason: str
    owners: tuple[str, ...] = ()

    @property
    def ref(self) -> str:
        return f"{self.source}:{self.path}"

    @property
    def key(self) -> str:
        return f"artifact:{self.source}:{self.path}:{self.kind}"


@dataclass(frozen=True)
class Edge:
    """Data flowing from a dataset into a workload, or from a workload into a dataset."""

    source: str  # dataset reference (source:path or URI) or "workload:NAME"
    target: str
    origin: str  # "declared" or "observed"
    masking: bool = False  # a masking step: the target is a sanitized subset


@dataclass(frozen=True)
class BoundaryFinding:
    """A workload input over the workload's ceiling (or unscanned, or publicly readable)."""

    workload: str
    dataset: str  # source:path (or the unmatched reference)
    level: Sensitivity | None
    ceiling: Sensitivity
    reason: str
    kind: str  # "above_ceiling", "unscanned", "public_location", "no_match"; for a served
    #            model: "model_above_ceiling", "model_public_location"
    owners: tuple[str, ...] = ()
    accepted: bool = False  # an unexpired exception covers it
    exception: BoundaryException | None = None

    @property
    def key(self) -> str:
        """Stable identity for deduplicating alerts."""
        level = self.level.name if self.level is not None else "NONE"
        return f"boundary:{self.workload}:{self.dataset}:{self.kind}:{level}"


@dataclass(frozen=True)
class DriftEvent:
    """A change between two versions of a dataset that someone should hear about."""

    source: str
    path: str
    type: str  # new_entity, entity_gone, level_up, level_down, ratio_jump, new_sensitive_column,
    #            scan_error
    before: str
    after: str
    reasons: tuple[str, ...] = field(default=())
    from_version: int = 0
    to_version: int = 0

    @property
    def key(self) -> str:
        return f"drift:{self.source}:{self.path}:{self.to_version}:{self.type}:{self.after}"
