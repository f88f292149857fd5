"""The rules of one scan, built from the config: recognizers, policy, thresholds, options."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field

from classifiers.budget import MIB, ObjectBounds
from classifiers.config import WardenConfig
from classifiers.decide.column import Thresholds
from classifiers.engines.options import EngineOptions
from classifiers.policy import Combination, Policy
from classifiers.readers import Sampling
from classifiers.readers.base import InflateLimit
from classifiers.recognizers.registry import CustomRecognizerSpec, Registry, build_registry

# Presidio labels its UK recognizers "uk"; ISO 3166 says "gb". Accept both.
_COUNTRY_ALIASES = {"gb": "uk"}


@dataclass(frozen=True)
class ScanRules:
    registry: Registry
    policy: Policy
    thresholds: Thresholds
    options: EngineOptions
    sampling: Sampling
    # Time and memory per object: they stop a read, they do not shape a result (not versioned).
    bounds: ObjectBounds = field(default_factory=ObjectBounds)

    @property
    def version(self) -> str:
        """Changes when anything that shapes a result changes: recognizers, policy, limits."""
        policy = {
            "levels": {k: int(v) for k, v in sorted(self.policy.levels.items())},
            "combinations": [repr(c) for c in self.policy.combinations],
            "clean": [int(self.policy.default_level), int(self.policy.public_level)],
        }
        rest = [asdict(self.thresholds), asdict(self.options), asdict(self.sampling), policy]
        digest = hashlib.sha256(json.dumps(rest, sort_keys=True).encode()).hexdigest()[:8]
        return f"{self.registry.rules_version}.{digest}"


def _registry(config: WardenConfig) -> Registry:
    rec = config.recognizers
    custom = [
        CustomRecognizerSpec(
            name=c.name,
            entity=c.entity,
            patterns=tuple((p.name, p.regex, p.score) for p in c.patterns),
            context=tuple(c.context),
            deny_list=tuple(c.deny_list),
        )
        for c in rec.custom
    ]
    countries = None
    if rec.countries is not None:
        countries = {_COUNTRY_ALIASES.get(c, c) for c in rec.countries}
    return build_registry(countries, rec.exclude, rec.entities, custom, rec.phone_regions)


def _policy(config: WardenConfig) -> Policy:
    levels = {c.entity: c.level for c in config.recognizers.custom if c.level is not None}
    levels.update(config.policy.levels)
    rules = [
        Combination(r.name, tuple(r.all_of), r.level, r.reason, tuple(r.any_of), r.min_any)
        for r in config.policy.combinations
    ]
    base = Policy(
        default_level=config.policy.default_level, public_level=config.policy.public_level
    )
    names = {r.name for r in rules}
    kept = [c for c in base.combinations if c.name not in names]  # config replaces same name
    return Policy(base.levels, tuple(kept), base.default_level, base.public_level).with_overrides(
        levels, rules
    )


def scan_rules(config: WardenConfig, mode: str | None = None) -> ScanRules:
    scan = config.scan
    mode = mode or scan.mode
    thresholds = Thresholds(**config.thresholds.model_dump())
    return ScanRules(
        registry=_registry(config),
        policy=_policy(config),
        thresholds=thresholds,
        options=EngineOptions(
            mode=mode,
            max_distinct_candidates=scan.max_distinct_candidates,
            sample_confirm=scan.sample_confirm,
            ner_sample=scan.ner_sample,
            early_stop=thresholds == Thresholds(),
        ),
        sampling=Sampling(
            mode=mode,
            max_rows=scan.sample_rows,
            windows=scan.sample_windows,
            batch_rows=scan.batch_rows,
            inflate=InflateLimit(scan.gzip_bomb_ratio, scan.gzip_bomb_mb * MIB),
        ),
        bounds=ObjectBounds(scan.object_time_budget, scan.object_memory_budget_mb),
    )
