"""`harmoni salin-asli`: copy every original photo and video of the archive into the office's
private originals bucket (`extra.harmoni.media.asli`), each under the SHA-256 of its bytes,
create-only (`media/originals.py`). The first step towards dropping old originals from the
repository when it nears GitHub's 5 GB (docs/media.md, "Rencana untuk foto asli").

One LIST of the bucket says what is there already, so a run uploads only new originals; the
media cache's stat index spares hashing files that did not change. Originals absent from a
partial checkout cannot be copied from it: they are counted, to be copied from a full one.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..entries.archive import entries_root
from ..git_files import absent_blobs
from ..media.bucket import Bucket, keys_from
from ..media.cache import MediaCache
from ..media.originals import ORIGINALS_PREFIX, original_key, originals_in
from ..media.renditions import MediaFailure, file_hash
from ..problems import HarmoniError
from ..settings import HarmoniSettings
from .common import add_only_if_set, load_project, upload_new

WORKERS = 4
"""Copies at once (a video may be 100 MB, held in memory while it is put)."""


def register(commands) -> None:
    parser = commands.add_parser(
        "salin-asli",
        help="salin foto dan video asli ke bucket foto asli pribadi",
        description="Menyalin setiap foto dan video asli di folder kegiatan ke bucket foto asli "
        "pribadi (extra.harmoni.media.asli), dengan nama dari SHA-256 isinya, hanya bila belum "
        "ada: tidak pernah menimpa atau menghapus. Kunci akses dari variabel lingkungan "
        "AWS_ACCESS_KEY_ID dan AWS_SECRET_ACCESS_KEY.",
    )
    add_only_if_set(parser)
    parser.set_defaults(run=run)


def run(args) -> int:
    _, settings, project = load_project(args.config_file)
    located = settings.media.asli.located(settings.media.s3)
    if located.bucket is None and args.bila_diatur:
        print("salin-asli: bucket foto asli tidak diatur (extra.harmoni.media.asli.bucket); "
              "tidak ada yang disalin.")  # fmt: skip
        return 0
    if located.bucket is None:
        raise HarmoniError(
            "`extra.harmoni.media.asli.bucket` belum diisi: tulis nama bucket pribadi untuk "
            "foto asli di mkdocs.yml, mis. `asli: {bucket: arsip-asli}` di bawah `media`. "
            "Lihat docs/media.md."
        )
    bucket = Bucket(located, keys_from(os.environ))
    root = entries_root(project, settings)
    copies, there = pending(originals_in(root), _cache(project, settings), bucket)
    made, size = upload_new(bucket, copies, WORKERS, "salin-asli")
    absent = len(absent_blobs(project, root))
    print(f"salin-asli: {made} berkas asli baru disalin ({size / 1e6:.1f} MB), "
          f"{there + len(copies) - made} sudah ada di bucket foto asli.")  # fmt: skip
    if absent:
        print(f"salin-asli: {absent} berkas asli tidak ada di checkout ini (checkout sebagian) "
              "dan tidak disalin; jalankan di checkout penuh.")  # fmt: skip
    return 0


def _cache(project: Path, settings: HarmoniSettings) -> MediaCache:
    """The media cache, for its stat index of content hashes."""
    return MediaCache(project / settings.cache, project)


def pending(
    paths: list[Path], cache: MediaCache, bucket: Bucket
) -> tuple[list[tuple[str, str]], int]:
    """The originals the bucket lacks, (local file, key) for each key once, and how many
    different originals it holds already."""
    stored = {item.key for item in bucket.listing(ORIGINALS_PREFIX)}
    copies: dict[str, str] = {}
    there: set[str] = set()
    for path in paths:
        try:
            stat = path.stat()
            digest = cache.indexed_hash(path, stat) or file_hash(path)
        except (OSError, MediaFailure):
            continue  # unreadable: `harmoni periksa` reports it
        cache.index(path, stat, digest)
        key = original_key(digest, path.suffix)
        if key in stored:
            there.add(key)
        else:
            copies.setdefault(key, str(path))
    cache.save()
    return sorted((path, key) for key, path in copies.items()), len(there)
