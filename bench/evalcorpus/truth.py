"""The expected level of a table: the default policy applied to its labelled types."""

from __future__ import annotations

from collections.abc import Iterable

from classifiers.model import Sensitivity
from classifiers.policy import Policy


def expected_level(
    entities: Iterable[str], subtypes: Iterable[str] = (), policy: Policy | None = None
) -> Sensitivity:
    """Levels of the types (and of subtypes the policy rates, such as STREET_ADDRESS) and the
    policy's combination rules, so the truth follows the policy file, not the classifier."""
    policy = policy or Policy()
    present = set(entities) | {s for s in subtypes if s in policy.levels}
    level = policy.entities_level(present, public=False)
    rules = policy.combination_findings(present)
    return max([level, *(rule.level for rule in rules)])
