"""Trained models as assets: their inherited level as the sensitivity tag, with the reasons."""

from collections.abc import Mapping, Sequence

import dagster as dg

from lineage.model import ModelLevel
from pipelines.keys import dataset_key, level_tag


def model_specs(
    specs: Sequence[dg.AssetSpec], models: Mapping[str, ModelLevel]
) -> list[dg.AssetSpec]:
    """The catalog's specs, each trained model's carrying the level of its training data."""
    by_key = {}
    for model in models.values():
        source, _, path = model.model.partition(":")
        by_key[dataset_key(source, path)] = model
    return [_with_level(s, by_key[s.key]) if s.key in by_key else s for s in specs]


def _with_level(spec: dg.AssetSpec, model: ModelLevel) -> dg.AssetSpec:
    level = model.level.label if model.level is not None else "unknown"
    why = "; ".join(model.reasons)
    description = (spec.description or "").replace(
        "Level: not classified.", f"Level: {level}, inherited ({why})."
    )
    return spec.replace_attributes(
        description=description,
        tags={**spec.tags, "sensitivity": level_tag(model.level)},
        metadata={
            **spec.metadata,
            "warden/level": level,
            "warden/level_reasons": dg.MetadataValue.json(list(model.reasons)),
            "warden/trained_by": dg.MetadataValue.json(list(model.workloads)),
            "warden/trained_on": dg.MetadataValue.json(list(model.inputs)),
        },
    )
