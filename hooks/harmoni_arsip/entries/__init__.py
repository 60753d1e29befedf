"""Stage 1: read activity folders under `kegiatan/` and validate them into `Entry` objects."""

from .model import Entry, LocalVideo, Photo, PlatformVideo, SocialLink
from .reader import read_entries

__all__ = ["Entry", "LocalVideo", "Photo", "PlatformVideo", "SocialLink", "read_entries"]
