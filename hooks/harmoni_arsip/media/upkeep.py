"""Keeping the media bucket true to the archive, decided as pure functions over a listing of the
bucket and the manifest's rows: which objects `harmoni hapus-media` may delete, and what
`harmoni cocokkan-media` finds when it compares the bucket with the manifest. The commands read,
ask these functions, then act (`bucket.py`).

An object is **in use** when a page of the current build links it (`planned_keys`). Only
objects out of use and older than a grace period are ever deleted, and never one that a row
added or changed after the manifest was read refers to (a concurrent publisher's upload).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from .hosted import media_key
from .published import ActivityMedia

Rows = dict[str, dict]
"""Manifest rows: source identity → {"width", "height", "files", "git"}."""


@dataclass(frozen=True, order=True)
class StoredObject:
    """One object of the bucket, as its listing gives it."""

    key: str
    size: int
    modified: datetime


@dataclass(frozen=True)
class Reconciliation:
    """The bucket compared with the manifest."""

    sources: int
    """Rows of the manifest."""
    files: int
    """Files the manifest's rows list."""
    stored: list[StoredObject]
    """Every object under the media prefix."""
    broken: dict[str, list[str]] = field(default_factory=dict)
    """Identity → the keys of its files missing (or empty) in the bucket: pages show no image."""
    orphans: list[StoredObject] = field(default_factory=list)
    """Objects no row lists (left for `harmoni hapus-media`)."""

    @property
    def missing(self) -> set[str]:
        """Every key a row lists that the bucket lacks."""
        return {key for keys in self.broken.values() for key in keys}


def row_keys(identity: str, row: dict) -> list[str]:
    """The bucket keys of one row's files."""
    return [media_key(identity + tail) for tail in row["files"]]


def file_keys(rows: Rows) -> set[str]:
    """The bucket keys of every file the rows list."""
    return {key for identity, row in rows.items() for key in row_keys(identity, row)}


def planned_keys(
    media: dict[str, ActivityMedia], video_name: Callable[[Path], str | None]
) -> set[str]:
    """The key of every file the current build's pages link (or would publish themselves):
    each size of every photo and video poster, the link-preview JPEG, each local video."""
    keys: set[str] = set()
    for activity in media.values():
        images = [*activity.photos, *(v.poster for v in activity.videos if v.poster)]
        for image in images:
            keys.update(media_key(os.path.basename(web.cache_path)) for web in image.files)
        for video in activity.videos:
            name = video_name(video.source)
            if name:
                keys.add(media_key(name))
    return keys


def out_of_use(stored: Iterable[StoredObject], used: set[str]) -> list[StoredObject]:
    """The objects no page of the current build links, by key."""
    return sorted(item for item in stored if item.key not in used)


def removable(unused: Iterable[StoredObject], grace_start: datetime) -> list[StoredObject]:
    """The unused objects written before `grace_start`: younger ones may belong to a publish
    still under way, or to a page still cached somewhere."""
    return [item for item in unused if item.modified <= grace_start]


def changed_since(read: Rows, fresh: Rows) -> set[str]:
    """The keys of rows added or changed after `read` was read: another publisher's, kept."""
    return {key for identity, row in fresh.items() if read.get(identity) != row
            for key in row_keys(identity, row)}  # fmt: skip


def without_keys(rows: Rows, keys: set[str]) -> Rows:
    """`rows` without the files at `keys`; a row left without files goes (its source is no
    longer published)."""
    kept: Rows = {}
    for identity, row in rows.items():
        files = [tail for tail in row["files"] if media_key(identity + tail) not in keys]
        if files:
            kept[identity] = {**row, "files": files}
    return kept


def without_broken(rows: Rows, missing: set[str]) -> Rows:
    """`rows` without every row that lists a file at `missing`: the next publish derives and
    uploads that source again (in a partial checkout it fetches its original first)."""
    return {identity: row for identity, row in rows.items()
            if missing.isdisjoint(row_keys(identity, row))}  # fmt: skip


def reconcile(rows: Rows, stored: list[StoredObject]) -> Reconciliation:
    """Compare the manifest's rows with the objects under the media prefix."""
    sizes = {item.key: item.size for item in stored}
    broken: dict[str, list[str]] = {}
    for identity, row in sorted(rows.items()):
        lost = [key for key in row_keys(identity, row) if not sizes.get(key)]
        if lost:
            broken[identity] = sorted(lost)
    listed = file_keys(rows)
    orphans = sorted(item for item in stored if item.key not in listed)
    files = sum(len(row["files"]) for row in rows.values())
    return Reconciliation(len(rows), files, stored, broken, orphans)


def megabytes(items: Iterable[StoredObject]) -> float:
    """The size of `items` in MB."""
    return sum(item.size for item in items) / 1e6
