"""Keep third-party libraries from reaching the network at run time."""

from __future__ import annotations

import logging

from tldextract import tldextract


def use_bundled_suffix_list() -> None:
    """Presidio's email and URL validators call `tldextract.extract`, whose default extractor
    downloads the public suffix list on first use. Point it at the snapshot shipped inside
    the package instead: no network, no cache directory."""
    if getattr(tldextract.TLD_EXTRACTOR, "_warden_offline", False):
        return
    extractor = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)
    extractor._warden_offline = True  # type: ignore[attr-defined]
    tldextract.TLD_EXTRACTOR = extractor
    logging.getLogger("tldextract").setLevel(logging.ERROR)
