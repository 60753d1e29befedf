"""`harmoni hapus-media`: delete from the media bucket the files no page of the current build
links any more (photos replaced or removed from their entries, sizes of old photo settings,
leftovers of an interrupted upload), at most `--maks` of them per run.

A publish never deletes; this command is the only one that does, and by default it only lists.
What stays, always:
- every file a page of the current build links (`upkeep.planned_keys`): a photo used by two
  entries or two offices of the archive is one file, kept while either uses it;
- every file younger than `--umur-minimal` days (a publish under way, a page still cached);
- every file a manifest row added or changed since this command read the manifest lists (a
  concurrent publisher's upload).

The run refuses, deleting nothing, when the archive has problems (`harmoni periksa`: an entry
left out of the build would otherwise lose its photos) or when more files would go than
`--maks`. With `--hapus`, the manifest rows of the files are removed first (under the ETag,
as the uploader writes), so a build from then on publishes those photos from the site itself;
the objects are deleted after, except any a fresh read of the manifest lists again.
"""

from __future__ import annotations

import argparse
from datetime import UTC, datetime, timedelta

from ..media.bucket import Bucket
from ..media.derive import content_name
from ..media.upkeep import (
    Rows,
    StoredObject,
    changed_since,
    file_keys,
    megabytes,
    out_of_use,
    planned_keys,
    removable,
    without_keys,
)
from ..problems import HarmoniError
from ..render_plan import make_manifest
from ..settings import site_of
from .common import hosted_in, load_project, media_bucket, required_media_url

DEFAULT_CAP = 100
"""Files one run may delete unless `--maks` says otherwise."""
DEFAULT_GRACE_DAYS = 30
"""Files younger than this are never deleted."""
SHOWN = 50
"""Files listed by name; the rest are counted."""


def register(commands) -> None:
    parser = commands.add_parser(
        "hapus-media",
        help="hapus dari bucket media berkas yang tidak dipakai lagi (bawaan: hanya daftar)",
        description="Mendaftar berkas di bucket media yang tidak ditautkan halaman mana pun "
        "dari pembangunan sekarang (foto yang diganti atau dihapus dari entrinya) dan lebih tua "
        "dari --umur-minimal hari. Tanpa --hapus tidak ada yang dihapus. Dengan --hapus: "
        "menghapusnya dari manifest lalu dari bucket, paling banyak --maks berkas; bila lebih "
        "banyak, tidak ada yang dihapus. Kunci akses (dengan izin hapus) dari variabel "
        "lingkungan AWS_ACCESS_KEY_ID dan AWS_SECRET_ACCESS_KEY.",
    )
    parser.add_argument(
        "--hapus", action="store_true",
        help="benar-benar menghapus (tanpa ini: hanya menampilkan daftarnya)",
    )  # fmt: skip
    parser.add_argument(
        "--maks", type=_count, default=DEFAULT_CAP, metavar="N",
        help=f"paling banyak N berkas sekali jalan (bawaan: {DEFAULT_CAP})",
    )  # fmt: skip
    parser.add_argument(
        "--umur-minimal", type=_count, default=DEFAULT_GRACE_DAYS, metavar="HARI",
        help=f"berkas yang lebih muda dari HARI hari tidak pernah dihapus (bawaan: "
        f"{DEFAULT_GRACE_DAYS})",
    )  # fmt: skip
    parser.set_defaults(run=run)


def _count(text: str) -> int:
    """An argparse type: a whole number, zero or more."""
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"`{text}` bukan bilangan bulat 0 atau lebih")
    return int(text)


def run(args) -> int:
    config, settings, project = load_project(args.config_file)
    url = required_media_url(settings.media)
    bucket = media_bucket(settings.media)
    hosted = hosted_in(bucket, url)
    markdown = (config.markdown_extensions, config.mdx_configs)
    planned = make_manifest(project, settings, site_of(config, settings), markdown, hosted)
    _refuse_with_problems(planned.manifest.problems, planned.manifest.stop)
    used = planned_keys(planned.plan.media, lambda path: content_name(path, planned.cache))
    unused = out_of_use(bucket.listing(), used)
    doomed = removable(unused, datetime.now(UTC) - timedelta(days=args.umur_minimal))
    _show(doomed, len(unused) - len(doomed), args.umur_minimal)
    if not args.hapus or not doomed:
        if doomed:
            print(_dry_run_advice(len(doomed), args.maks))
        return 0
    if len(doomed) > args.maks:
        raise HarmoniError(_over_cap(len(doomed), args.maks))
    deleted = delete(bucket, doomed, hosted.sources if hosted else {})
    print(f"hapus-media: {len(deleted)} berkas dihapus ({megabytes(deleted):.1f} MB); "
          f"{len(doomed) - len(deleted)} dibiarkan karena baru dicatat penerbit lain.")  # fmt: skip
    return 0


def delete(bucket: Bucket, doomed: list[StoredObject], read: Rows) -> list[StoredObject]:
    """Remove `doomed`'s manifest rows, then the objects; returns those deleted. Files a row
    added or changed since `read` lists are kept, at both steps."""
    keys = {item.key for item in doomed}

    def drop(current: Rows) -> Rows:
        keys.difference_update(changed_since(read, current))
        return without_keys(current, keys)

    bucket.update_rows(drop, create=False)
    keys -= file_keys(bucket.rows())  # listed again in between: kept
    bucket.delete(sorted(keys))
    return [item for item in doomed if item.key in keys]


def _refuse_with_problems(problems: list, stop: str | None) -> None:
    """Stop when the build would leave entries out: their photos are still published."""
    if stop or problems:
        raise HarmoniError(
            f"arsip ini punya {len(problems) or 1} masalah (lihat `harmoni periksa`); kegiatan "
            "yang tertinggal dari pembangunan masih menautkan fotonya di situs yang tayang, "
            "jadi tidak ada yang dihapus. Perbaiki masalahnya, terbitkan, lalu jalankan "
            "perintah ini lagi."
        )


def _show(doomed: list[StoredObject], young: int, grace_days: int) -> None:
    """List what would go, then the totals."""
    for item in doomed[:SHOWN]:
        print(f"  {item.key}  {item.size / 1e3:.0f} KB  {item.modified:%Y-%m-%d}")
    if len(doomed) > SHOWN:
        print(f"  … dan {len(doomed) - SHOWN} berkas lainnya")
    print(f"hapus-media: {len(doomed)} berkas ({megabytes(doomed):.1f} MB) tidak dipakai lagi "
          f"dan lebih tua dari {grace_days} hari; {young} berkas lain yang tidak dipakai lebih "
          "muda, dibiarkan.")  # fmt: skip


def _dry_run_advice(count: int, cap: int) -> str:
    """What to run to delete them (nothing was deleted)."""
    cap_note = f" --maks {count}" if count > cap else ""
    return (f"Uji coba: tidak ada yang dihapus. Untuk menghapusnya: `harmoni hapus-media "
            f"--hapus{cap_note}`.")  # fmt: skip


def _over_cap(count: int, cap: int) -> str:
    """The refusal when more would go than the cap allows."""
    return (
        f"{count} berkas akan dihapus, lebih dari batas --maks {cap}; tidak ada yang dihapus. "
        "Periksa daftarnya di atas; bila memang benar, jalankan lagi dengan "
        f"`--maks {count}`."
    )
