"""`harmoni cocokkan-media`: compare the media bucket with its manifest (the monthly workflow
`cocokkan-media.yml` runs it). Broken rows, whose files the bucket lacks, are errors: pages
link those files and show no image. `--perbaiki` removes those rows (under the ETag, as the
uploader writes) so the next publish derives and uploads the photos again. Objects no row
lists are reported and left for `harmoni hapus-media`.

The manifest is read before the bucket is listed: a publisher uploads its files before it adds
their rows, so a row read first always has its files in a later listing unless they are lost.
Exit status 1 when broken rows remain, 0 otherwise, 2 when the bucket cannot be read.
"""

from __future__ import annotations

from pathlib import Path

from ..media.upkeep import Reconciliation, megabytes, reconcile, without_broken
from .common import add_only_if_set, load_project, media_bucket, media_url
from .lapor_isu import report_issue, workflow_issues

SHOWN = 30
"""Broken rows and orphans listed by name; the rest are counted."""
ISSUE_TITLE = "Bucket media rusak"
"""The issue that tells staff of broken rows (GitHub mails its activity to watchers)."""
RESOLVED = ("Pencocokan terbaru tidak menemukan baris rusak. Bila baris rusak baru dibuang dengan "
            "pilihan perbaiki, terbitkan ulang agar fotonya diunggah lagi.")  # fmt: skip


def register(commands) -> None:
    parser = commands.add_parser(
        "cocokkan-media",
        help="cocokkan isi bucket media dengan manifest media (alur kerja bulanan)",
        description="Mendaftar isi bucket media dan membandingkannya dengan manifest media: "
        "baris manifest yang berkasnya tidak ada di bucket (rusak: halaman menampilkan gambar "
        "kosong) dan berkas yang tidak tercantum di manifest (yatim). Status keluar 1 bila ada "
        "baris rusak. Kunci akses (izin baca dan daftar isi bucket) dari variabel lingkungan "
        "AWS_ACCESS_KEY_ID dan AWS_SECRET_ACCESS_KEY.",
    )
    parser.add_argument(
        "--perbaiki", action="store_true",
        help="buang baris rusak dari manifest; penerbitan berikutnya mengunggah fotonya lagi",
    )  # fmt: skip
    parser.add_argument(
        "--ringkasan", type=Path, metavar="BERKAS",
        help="tambahkan laporan (Markdown) ke BERKAS, mis. $GITHUB_STEP_SUMMARY",
    )  # fmt: skip
    parser.add_argument(
        "--isu", metavar="PEMILIK/NAMA",
        help=f"(alur kerja) buka atau perbarui isu '{ISSUE_TITLE}' di repositori ini bila ada "
        "baris rusak, tutup bila tidak ada lagi; memakai GITHUB_TOKEN dari lingkungan",
    )  # fmt: skip
    parser.add_argument("--tautan-jalan", default="", metavar="URL", help="alamat jalan ini")
    add_only_if_set(parser)
    parser.set_defaults(run=run)


def run(args) -> int:
    _, settings, _ = load_project(args.config_file)
    if media_url(settings.media, "cocokkan-media", args.bila_diatur) is None:
        return 0
    bucket = media_bucket(settings.media)
    rows = bucket.rows()  # first: see the module's docstring
    found = reconcile(rows, bucket.listing())
    fixed = False
    if args.perbaiki and found.broken:
        bucket.update_rows(lambda current: without_broken(current, found.missing), create=False)
        fixed = True
    broken = bool(found.broken) and not fixed
    _tell(args, report(found, fixed), broken)
    return 1 if broken else 0


def _tell(args, text: str, broken: bool) -> None:
    """Print the report; append it to the job summary, and bring the issue in line with it,
    when asked."""
    print(text)
    if args.ringkasan:
        with args.ringkasan.open("a", encoding="utf-8") as summary:
            summary.write(text + "\n")
    if args.isu:
        issues = workflow_issues(args.isu)
        print(report_issue(issues, text if broken else "", True, args.tautan_jalan, ISSUE_TITLE,
                           RESOLVED))  # fmt: skip


def report(found: Reconciliation, fixed: bool) -> str:
    """The report for staff, in Markdown (readable as plain text too)."""
    lines = [
        "## Pencocokan bucket media dengan manifest",
        "",
        f"- manifest: {found.sources} sumber, {found.files} berkas",
        f"- bucket: {len(found.stored)} berkas ({megabytes(found.stored):.1f} MB)",
        f"- **rusak: {len(found.broken)} sumber** ({len(found.missing)} berkas tercantum di "
        "manifest tetapi tidak ada atau kosong di bucket)" if found.broken else "- rusak: 0",
        f"- yatim: {len(found.orphans)} berkas ({megabytes(found.orphans):.1f} MB) di bucket "
        "tetapi tidak di manifest",
    ]  # fmt: skip
    if found.broken:
        lines += ["", *_broken_lines(found), "", _advice(fixed)]
    if found.orphans:
        lines += ["", "### Berkas yatim", ""]
        lines += [f"- `{item.key}` ({item.size / 1e3:.0f} KB, {item.modified:%Y-%m-%d})"
                  for item in found.orphans[:SHOWN]]  # fmt: skip
        lines += _more(len(found.orphans))
        lines += ["", "Berkas yatim tidak merusak halaman mana pun (sisa foto yang diganti atau "
                  "unggahan yang terputus). Hapus dengan `harmoni hapus-media` bila sudah tidak "
                  "dipakai."]  # fmt: skip
    return "\n".join(lines)


def _broken_lines(found: Reconciliation) -> list[str]:
    """The broken rows, each with its missing files."""
    lines = ["### Baris rusak", ""]
    for identity, keys in list(found.broken.items())[:SHOWN]:
        lines.append(f"- sumber `{identity}`: hilang " + ", ".join(f"`{k}`" for k in keys))
    return lines + _more(len(found.broken))


def _more(count: int) -> list[str]:
    return [f"- … dan {count - SHOWN} lainnya"] if count > SHOWN else []


def _advice(fixed: bool) -> str:
    """What staff do about broken rows."""
    if fixed:
        return ("Baris rusak sudah dibuang dari manifest. Terbitkan ulang (alur kerja "
                "\"Terbitkan arsip\" → Run workflow, atau push): foto itu diolah dan diunggah "
                "lagi, dan halamannya menampilkan foto lagi.")  # fmt: skip
    return ("Halaman yang memuat foto ini menampilkan gambar kosong. Perbaiki dengan "
            "`harmoni cocokkan-media --perbaiki` (di alur kerja \"Cocokkan bucket media\": Run "
            "workflow dengan pilihan perbaiki), lalu terbitkan ulang.")  # fmt: skip
