"""Classification changes on entities the account already has, touching only Warden's own."""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING, Any

from azure.core.exceptions import HttpResponseError, ResourceNotFoundError

from lineage.purview.entities import PublishItem
from lineage.purview.plan import ClassificationChange

if TYPE_CHECKING:
    from lineage.purview.publish import PublishSummary


def adopted(
    item: PublishItem, new: Collection[str], updated: Collection[str]
) -> list[ClassificationChange]:
    """Entities Warden took for new that the account already had (a Purview scan registered
    the blob first, or the catalog lost its publish state): Atlas ignored the classifications
    in their upsert body, so they are added the way changes are."""
    return [
        ClassificationChange(type_name, qualified, wanted, (), wanted, ())
        for qualified, type_name in item.types.items()
        if qualified in new and qualified in updated
        for wanted in [item.classifications.get(qualified, ())]
        if wanted
    ]


def reclassify(
    client: Any, change: ClassificationChange, summary: PublishSummary
) -> tuple[str, ...] | None:
    """Apply one change; returns the classifications Warden now owns on the entity, or None
    when a call failed. The entity's classifications are read first: one already there (a
    Purview scan's MICROSOFT.PERSONAL.EMAIL) is not added, so it is never Warden's to remove."""
    entity = client.entity
    qualified = change.qualified_name
    try:
        found = entity.get_by_unique_attribute(
            change.type_name, attribute=qualified, min_ext_info=True, ignore_relationships=True
        )
    except HttpResponseError as error:
        summary.fail(f"read classifications of {qualified}", error)
        return None
    present = {c["typeName"] for c in found["entity"].get("classifications") or []}
    add = [name for name in change.add if name not in present]
    done = True
    if add:
        try:
            body = [{"typeName": name} for name in add]
            entity.add_classifications_by_unique_attribute(
                change.type_name, body, attribute=qualified
            )
            summary.classifications_added += len(add)
        except HttpResponseError as error:
            summary.fail(f"classify {qualified}", error)
            done = False
    for name in (n for n in change.remove if n in present):
        try:
            entity.remove_classification_by_unique_attribute(
                change.type_name, name, attribute=qualified
            )
            summary.classifications_removed += 1
        except ResourceNotFoundError:
            pass  # gone meanwhile: the goal is reached
        except HttpResponseError as error:
            summary.fail(f"unclassify {qualified}", error)
            done = False
    return tuple(n for n in change.want if n in change.had or n in add) if done else None
