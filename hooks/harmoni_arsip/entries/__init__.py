"""Stage 1: read activity folders under `kegiatan/` and validate them into `Entry` objects.

The names below are loaded on first use (PEP 562): a warm build, which the memo serves, reads
no entry and imports only the small modules it needs (`links` for the page policy).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .model import Archive, Entry, LocalVideo, Photo, PlatformVideo, SocialLink, Tombstone
    from .reader import read_entries

__all__ = [
    "Archive", "Entry", "LocalVideo", "Photo", "PlatformVideo", "SocialLink", "Tombstone",
    "read_entries",
]  # fmt: skip
_HOMES = {name: ".reader" if name == "read_entries" else ".model" for name in __all__}
"""The module of each name above."""


def __getattr__(name: str) -> Any:
    """One of `__all__`, imported from its module when first asked for."""
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(_HOMES[name], __name__), name)
    globals()[name] = value
    return value
