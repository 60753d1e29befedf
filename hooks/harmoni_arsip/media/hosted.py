"""Photos already on the media host: the public manifest `harmoni unggah-media` keeps there.

The manifest is one JSON object in the bucket (`MANIFEST_KEY`): for every source (a photo, a
video's poster frame, a video) by its identity, the first 40 hex digits of the SHA-256 of its
bytes, which also starts the name of each of its derived files in the media cache, its upright
width and height, the files uploaded for it, and its git blob id, so a build finds it for an
original absent from a partial checkout (`git_files.py`). A file's key is its place in the
media cache (`KEY_PREFIX` + `ab/ab12…-v1-webp-q68-360.webp`): content-addressed and versioned
by its settings, so an object never changes once written.

The build reads the manifest over HTTP(S) without credentials, bounded in size and time. Absent
(before the first upload), unreachable or unreadable, the build says so once and publishes every
photo from the site itself, as without a media host: it never breaks.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

from .. import LOG_NAME
from ..fetching import FetchError, get
from ..git_files import absent_blobs
from ..settings import MediaSettings

log = logging.getLogger(LOG_NAME)
MANIFEST_KEY = "harmoni-media.json"
"""The manifest's key in the bucket (at the root of the media host's address)."""
KEY_PREFIX = "v1/"
"""Starts every media key; a new layout of keys would get a new prefix beside it."""
FORMAT = "harmoni-media/1"
MANIFEST_LIMIT = 256 * 1024 * 1024
"""The largest manifest read (200,000 photos take about 40 MB)."""
MANIFEST_TIMEOUT = 30.0
"""Seconds the build waits for the manifest."""
IDENTITY = 40
"""Hex digits of a source's SHA-256 that identify it (and start its cache file names)."""


@dataclass(frozen=True)
class HostedMedia:
    """What the manifest says is uploaded, and the public address it is served from."""

    base_url: str
    """The media host's public address, ending in `/`."""
    sources: dict[str, dict] = field(default_factory=dict)
    """Identity → {"width", "height", "files": [name tails]} as in the manifest (a video
    whose poster is a photo of its own has no size: 0)."""
    digest: str = ""
    """The SHA-256 of the manifest as read (part of a warm build's fingerprint)."""
    by_git: dict[str, str] = field(default_factory=dict)
    """A source's git blob id → its identity, for originals absent from the checkout."""

    def size(self, source_hash: str) -> tuple[int, int] | None:
        """The upright size of a source the manifest knows, or None."""
        row = self.sources.get(source_hash[:IDENTITY])
        return (row["width"], row["height"]) if row and row["width"] else None

    def url(self, cache_path: str) -> str | None:
        """The public address of a media-cache file when it is uploaded, else None."""
        name = cache_path.rpartition("/")[2]  # a cache path's file name, as os.path.basename
        row = self.sources.get(name[:IDENTITY])
        if row is None or name[IDENTITY:] not in row["files"]:
            return None
        return self.base_url + media_key(name)


def absent_sources(project_dir: Path, folder: Path, hosted: HostedMedia) -> dict[Path, str]:
    """Files below `folder` absent from the checkout whose bytes the media host holds (by their
    git blob id) → their identity: a build publishes them without reading them."""
    return {path: hosted.by_git[blob] for path, blob in absent_blobs(project_dir, folder).items()
            if blob in hosted.by_git}  # fmt: skip


def media_key(name: str) -> str:
    """The bucket key of a media-cache file name (`ab12…-360-68-a.webp`)."""
    return f"{KEY_PREFIX}{name[:2]}/{name}"


def manifest_url(media_url: str) -> str:
    """Where the build reads the manifest."""
    return base_url(media_url) + MANIFEST_KEY


def base_url(media_url: str) -> str:
    return media_url.rstrip("/") + "/"


def parse_manifest(data: bytes) -> dict[str, dict]:
    """The sources of a manifest document; `ValueError` when it is not one."""
    document = json.loads(data)
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ValueError(f"bukan manifest {FORMAT}")
    sources = document.get("sources")
    if not isinstance(sources, dict) or not all(_valid(k, v) for k, v in sources.items()):
        raise ValueError("daftar sumbernya rusak")
    return sources


def _valid(identity: object, row: object) -> bool:
    """Whether a manifest row has the shape the build relies on."""
    return (
        isinstance(identity, str) and len(identity) == IDENTITY and isinstance(row, dict)
        and all(c in "0123456789abcdef" for c in identity)
        and all(isinstance(row.get(k), int) and row[k] >= 0 for k in ("width", "height"))
        and isinstance(row.get("files"), list) and all(isinstance(f, str) for f in row["files"])
        and isinstance(row.get("git", ""), str)
    )  # fmt: skip


def manifest_document(sources: dict[str, dict]) -> bytes:
    """The manifest's bytes: the same rows always give the same bytes."""
    document = {"format": FORMAT, "key_prefix": KEY_PREFIX, "sources": sources}
    return json.dumps(document, sort_keys=True, separators=(",", ":")).encode("utf-8")


def hosted_media(media_url: str, data: bytes) -> HostedMedia:
    """The media host as a manifest's bytes describe it; `ValueError` for a broken one."""
    digest = hashlib.sha256(data).hexdigest()
    sources = parse_manifest(data)
    by_git = {row["git"]: identity for identity, row in sources.items() if row.get("git")}
    return HostedMedia(base_url(media_url), sources, digest, by_git)


def read_hosted(media: MediaSettings) -> HostedMedia | None:
    """The media host's manifest, read without credentials; None (every photo from the site
    itself) without a media host or when the manifest cannot be used, said once."""
    if media.url is None:
        return None
    address = manifest_url(media.url)
    fallback = "semua foto diterbitkan dari situs ini sendiri, seperti tanpa media.url."
    try:
        answer = get(address, {"Accept": "application/json"}, MANIFEST_TIMEOUT, MANIFEST_LIMIT)
    except FetchError as err:
        log.info(f"HARMONI: manifest media {address} {err}; {fallback}")
        return None
    if answer.status == 404:
        log.info(f"HARMONI: manifest media belum ada ({address}; jalankan `harmoni "
                 f"unggah-media` setelah pembangunan); {fallback}")  # fmt: skip
        return None
    try:
        if answer.status != 200:
            raise ValueError(f"jawaban HTTP {answer.status}")
        return hosted_media(media.url, answer.body)
    except (ValueError, RecursionError) as err:
        log.info(f"HARMONI: manifest media {address} tidak terpakai ({err}); {fallback}")
        return None
