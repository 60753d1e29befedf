"""`harmoni unggah-media`: before `mkdocs build`, put every derived photo and local video the
media host lacks into its bucket, then add them to its manifest.

The site is planned as the build plans it (`render_plan.plan_media`, with the manifest read
from the bucket), so what is uploaded is exactly what the pages would otherwise publish
themselves; new photos are derived on the way, into the media cache the build then reads. Each
file goes under its content-addressed key, create-only, with its type and a year of immutable
caching; then one conditional update of the manifest adds the new rows. Nothing is overwritten
or deleted.
"""

from __future__ import annotations

import os

from ..entries import Entry, LocalVideo
from ..git_files import blob_id
from ..media.cache import MediaCache
from ..media.derive import content_name
from ..media.hosted import IDENTITY, media_key
from ..media.published import ActivityMedia, GalleryImage
from ..media.upkeep import Rows
from ..render_plan import plan_media
from ..settings import site_of
from .common import (
    add_only_if_set,
    hosted_in,
    load_project,
    media_bucket,
    media_url,
    upload_new,
)

Upload = tuple[str, str]
"""A local file and its key in the bucket."""


def register(commands) -> None:
    parser = commands.add_parser(
        "unggah-media",
        help="unggah foto dan video yang belum ada ke bucket media",
        description="Sebelum `mkdocs build`: mengolah foto yang baru, lalu mengunggah setiap foto "
        "olahan dan video yang belum ada di bucket media (extra.harmoni.media) lalu "
        "menambahkannya ke manifest media. Kunci akses dari variabel lingkungan "
        "AWS_ACCESS_KEY_ID dan AWS_SECRET_ACCESS_KEY. Tidak pernah menimpa atau menghapus apa pun.",
    )
    parser.add_argument("--paralel", type=int, default=8, help="unggahan sekaligus (bawaan: 8)")
    add_only_if_set(parser)
    parser.set_defaults(run=run)


def run(args) -> int:
    config, settings, project = load_project(args.config_file)
    url = media_url(settings.media, "unggah-media", args.bila_diatur)
    if url is None:
        return 0
    bucket = media_bucket(settings.media)
    hosted = hosted_in(bucket, url)
    planned = plan_media(project, settings, site_of(config, settings), hosted)
    uploads, rows = pending(planned.plan.media, planned.cache)
    _add_git_ids(rows, planned.archive.entries, planned.cache)
    made, size = upload_new(bucket, uploads, max(1, args.paralel), "unggah-media")
    total, _ = bucket.add_rows(rows)
    print(f"unggah-media: {made} berkas baru diunggah ({size / 1e6:.1f} MB), "
          f"{len(uploads) - made} sudah ada; manifest media: {total} sumber.")  # fmt: skip
    return 0


def pending(media: dict[str, ActivityMedia], cache: MediaCache) -> tuple[list[Upload], Rows]:
    """The files the media host lacks (by key, each once) and their manifest rows."""
    uploads: dict[str, str] = {}
    rows: Rows = {}
    for activity in media.values():
        images = [*activity.photos, *(v.poster for v in activity.videos if v.poster)]
        for image in images:
            _add_image(image, uploads, rows)
        for video in activity.videos:
            name = content_name(video.source, cache) if video.url is None else None
            if name:
                uploads[media_key(name)] = str(video.source)
                _row(rows, name, (0, 0))
    return sorted((path, key) for key, path in uploads.items()), rows


def _add_git_ids(rows: Rows, entries: list[Entry], cache: MediaCache) -> None:
    """Each new row's git blob id, from its source's bytes: a build in a partial checkout finds
    the photo by it without the bytes (`git_files.py`)."""
    for entry in entries:
        paths = [p.path for p in entry.photos]
        paths += [v.path for v in entry.videos if isinstance(v, LocalVideo)]
        paths += [v.poster for v in entry.videos if isinstance(v, LocalVideo) and v.poster]
        for path in paths:
            try:
                digest = cache.indexed_hash(path, path.stat())
                row = rows.get(digest[:IDENTITY]) if digest else None
                if row is not None and "git" not in row:
                    row["git"] = blob_id(path.read_bytes())
            except OSError:
                continue


def _add_image(image: GalleryImage, uploads: dict[str, str], rows: Rows) -> None:
    """The files of one photo the media host lacks, and its row."""
    for web in image.files:
        if web.url is None:
            name = os.path.basename(web.cache_path)
            uploads[media_key(name)] = web.cache_path
            _row(rows, name, image.source_size)


def _row(rows: Rows, name: str, size: tuple[int, int]) -> None:
    """Add the file `name` to its source's row."""
    row = rows.setdefault(name[:IDENTITY], {"width": 0, "height": 0, "files": []})
    if not row["width"]:
        row["width"], row["height"] = size
    if name[IDENTITY:] not in row["files"]:
        row["files"].append(name[IDENTITY:])


__all__ = ["pending", "register", "run"]
