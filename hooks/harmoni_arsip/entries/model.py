"""What an activity is, once read and validated."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Photo:
    """A photo in an entry's folder."""

    path: Path
    """Absolute path of the original file."""
    caption: str
    """Staff caption, or empty."""

    @property
    def name(self) -> str:
        return self.path.name


@dataclass(frozen=True)
class LocalVideo:
    """A video file in the entry's folder, published as is, with a poster image."""

    path: Path
    poster: Path | None
    """A staff-provided poster photo (same name stem), or None to take a frame."""
    caption: str


@dataclass(frozen=True)
class PlatformVideo:
    """A video on YouTube, TikTok, Facebook or Instagram, loaded only when the visitor asks."""

    url: str
    platform: str
    """Display name of the platform, e.g. "YouTube"."""
    embed_url: str | None
    """The iframe address, where the platform offers one without a script."""


@dataclass(frozen=True)
class SocialLink:
    """A post of the activity on a social-media platform."""

    url: str
    platform: str


@dataclass(frozen=True)
class Place:
    """A desa and the kecamatan it belongs to."""

    kecamatan: str
    desa: str


@dataclass(frozen=True)
class Tombstone:
    """An entry withdrawn from the archive (privacy request, error): its permanent URL says so,
    and none of its media are published."""

    id: str
    title: str
    """The title staff chose to keep showing, or empty."""
    withdrawn_on: datetime.date
    reason: str
    source: str


@dataclass(frozen=True)
class Archive:
    """Everything read from the entries folder."""

    entries: list[Entry]
    """Published entries, newest first."""
    withdrawn: list[Tombstone]
    broken: tuple[str, ...] = ()
    """Ids of entries left out because of their own problems (reported already): their folder is
    there, so their registered ids are not lost."""


@dataclass(frozen=True)
class Entry:
    """One documented activity."""

    id: str
    """Permanent identifier; the page URL comes from it alone."""
    title: str
    date: datetime.date
    description: str
    kategori: str
    kecamatan: tuple[str, ...]
    places: tuple[Place, ...]
    tags: tuple[str, ...]
    photos: tuple[Photo, ...]
    cover: Photo | None
    videos: tuple[LocalVideo | PlatformVideo, ...]
    social: tuple[SocialLink, ...]
    example: bool
    body: str
    folder: Path
    """Absolute path of the entry's folder."""
    source: str
    """The entry's `index.md`, relative to the project folder, for messages."""

    @property
    def desa(self) -> tuple[str, ...]:
        return tuple(place.desa for place in self.places)
