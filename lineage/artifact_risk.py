"""Risks of AI artifacts themselves: code that would run on loading, and where they are stored.

Secure-AI practice: keep models in private, encrypted places with strict access and protect
them from poisoning (a model swapped in place) and theft. The crawl already recorded each
object's access facts (mode bits locally; container access level, encryption scope and
immutability on Azure); this reads them, it never reads the artifact again.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from classifiers.artifacts.report import Verdict
from classifiers.catalog.views import DatasetRow
from classifiers.config.workloads import ArtifactPolicyConfig
from classifiers.model import Sensitivity
from lineage.model import ArtifactRisk, ModelLevel

ERROR, WARN = "ERROR", "WARN"
IMMUTABILITY = ("immutability_policy", "legal_hold", "version_level_immutability")


def artifact_risks(
    rows: Iterable[DatasetRow],
    policy: ArtifactPolicyConfig,
    world_readable_is_public: bool,
    models: Mapping[str, ModelLevel] | None = None,
) -> list[ArtifactRisk]:
    """Every risk of every AI artifact in the catalog, errors first."""
    found = []
    for row in rows:
        if row.kind != "artifact" or row.deleted_at is not None:
            continue
        model = (models or {}).get(f"{row.source}:{row.path}")
        for kind, severity, reason in [
            *_verdict_risks(row),
            *_location_risks(row, world_readable_is_public, model),
            *_azure_risks(row, policy),
        ]:
            found.append(ArtifactRisk(row.source, row.path, kind, severity, reason, row.owners))
    return sorted(found, key=lambda r: (r.severity != ERROR, r.source, r.path, r.kind))


def _verdict_risks(row: DatasetRow) -> list[tuple[str, str, str]]:
    report = row.artifact
    if report is None:
        return []
    imports = ", ".join(report.globals) or "no named global"
    if report.verdict is Verdict.DANGEROUS:
        return [("dangerous_pickle", ERROR, f"loading it would run code: it imports {imports}")]
    if report.verdict is Verdict.SUSPICIOUS:
        return [("suspicious_pickle", WARN, f"imports {imports}: review before anyone loads it")]
    return []


def _location_risks(
    row: DatasetRow, world_readable_is_public: bool, model: ModelLevel | None
) -> list[tuple[str, str, str]]:
    access = row.access
    container = _detail(row, "public_access")
    if access.public and container is not None:
        where = f"in a public container (access level '{container}'): anyone can download it"
    elif access.public:
        where = "in a source declared public: anyone can read it"
    elif world_readable_is_public and access.world_readable:
        mode = f"{access.mode:o}" if access.mode is not None else "o+r"
        where = f"world-readable (mode {mode}): every account on the host can copy it"
    else:
        return []
    if model is not None and model.level is not None and model.level > Sensitivity.GENERAL:
        # The model carries its training data: a public copy leaks that data too.
        return [("public_location", ERROR, f"{where}; it was {'; '.join(model.reasons)}")]
    return [("public_location", WARN, where)]


def _azure_risks(row: DatasetRow, policy: ArtifactPolicyConfig) -> list[tuple[str, str, str]]:
    if _detail(row, "public_access") is None:
        return []  # not a blob: the Blob API facts were never recorded
    found = []
    scope = _detail(row, "blob_encryption_scope") or _detail(row, "encryption_scope")
    if policy.require_encryption_scope and scope in (None, "", "account default"):
        found.append(
            (
                "no_encryption_scope",
                ERROR,
                "encrypted with the account default key: the policy asks for an encryption scope",
            )
        )
    immutable = [key for key in IMMUTABILITY if _detail(row, key) == "true"]
    if policy.require_immutability and not immutable:
        found.append(
            (
                "not_immutable",
                ERROR,
                "no immutability policy, legal hold or version-level immutability: it can be "
                "replaced in place (poisoned); the policy asks for immutability",
            )
        )
    return found


def _detail(row: DatasetRow, key: str) -> str | None:
    return next((value for name, value in row.access.details if name == key), None)
