"""Original photos and videos copied to a private bucket (`harmoni salin-asli`), so that an
office can later drop old originals from its repository: each under the SHA-256 of its bytes
(`asli/ab/ab12…<64 hex digits>.jpg`), written create-only and never changed, like the media
host's files. The media manifest's identity of a photo is the first 40 of those digits, and it
records the photo's git blob id, so a photo named in an entry leads to its copy.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..entries.reader import PHOTO_SUFFIXES, VIDEO_SUFFIXES

ORIGINALS_PREFIX = "asli/"
"""Starts every key in the originals bucket."""
ORIGINAL_SUFFIXES = PHOTO_SUFFIXES + VIDEO_SUFFIXES
"""The files an entry may list as photos or videos."""


def original_key(digest: str, suffix: str) -> str:
    """The key of an original whose bytes have the SHA-256 `digest` (64 hex digits)."""
    return f"{ORIGINALS_PREFIX}{digest[:2]}/{digest}{suffix.lower()}"


def originals_in(folder: Path) -> list[Path]:
    """Every original photo and video below `folder`: regular files with a photo or video
    suffix, not links, outside hidden folders; in a stable order."""
    found = []
    for root, folders, names in os.walk(folder):
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        for name in sorted(names):
            path = Path(root, name)
            if (
                name.lower().endswith(ORIGINAL_SUFFIXES)
                and path.is_file()
                and not path.is_symlink()
            ):
                found.append(path)
    return found


def _regular(path: Path) -> bool:
    """A regular file, not a link (a link could lead out of the repository)."""
    return path.is_file() and not path.is_symlink()
