"""Stage 1: read activity folders under `kegiatan/` and validate them into `Entry` objects."""

from .model import Archive, Entry, LocalVideo, Photo, PlatformVideo, SocialLink, Tombstone
from .reader import read_entries

__all__ = [
    "Archive", "Entry", "LocalVideo", "Photo", "PlatformVideo", "SocialLink", "Tombstone",
    "read_entries",
]  # fmt: skip
