"""The Data Docs index of a copy's site, keeping every validation's page.

GX's index builder removes the pages of validation results its context does not hold; a
sanitizer's context is ephemeral (one per run), so each run would delete the pages of the runs
before it, and a link recorded with an earlier copy or check would lead nowhere. Imported by GX
from the site's config (`module_name`), when GX is already loaded."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from great_expectations.render.renderer.site_builder import DefaultSiteIndexBuilder


class KeptRunsIndexBuilder(DefaultSiteIndexBuilder):
    """Lists every validation page in the site, written by this context or an earlier one."""

    def build(
        self, skip_and_clean_missing: bool = True, build_index: bool = True
    ) -> tuple[Any, OrderedDict[str, Any] | None]:
        return super().build(skip_and_clean_missing=False, build_index=build_index)
