"""`harmoni impor-jangkauan`: merge the platforms' own per-post exports (Meta Business Suite,
TikTok Studio) into the reach data as dated snapshots, and say what matched what."""

from __future__ import annotations

import datetime
import sys
import zipfile
from pathlib import Path

from ..atomic import write_atomic
from ..entries import Entry
from ..entries.archive import entries_root
from ..entries.reader import read_entries
from ..formats import number
from ..problems import Problems
from ..stats import figures
from ..stats.bounds import MAX_UNCOMPRESSED
from ..stats.measurements import parse_measurements
from ..stats.platforms import ExportRead, PostFigures, ReadProblem, read_export
from ..stats.snapshots import MergeResult, merge
from .common import date_option, load_project


def register(commands) -> None:
    """Add `harmoni impor-jangkauan` and its options."""
    parser = commands.add_parser(
        "impor-jangkauan",
        help="impor ekspor statistik Facebook, Instagram, dan TikTok ke data jangkauan",
        description="Membaca ekspor per unggahan dari Meta Business Suite (Facebook, Instagram) "
        "dan TikTok Studio (CSV, XLSX, atau ZIP seperti yang diunduh), lalu menambahkan angkanya "
        "ke data jangkauan (extra.harmoni.data_jangkauan) sebagai potret bertanggal. Baris lama "
        "dan baris yang diketik staf tidak diubah.",
    )
    parser.add_argument("berkas", nargs="+", metavar="BERKAS", help="berkas ekspor")
    parser.add_argument(
        "--tanggal",
        type=date_option,
        help="tanggal angka itu diunduh, mis. 2026-11-30 (bawaan: tanggal berkasnya)",
    )
    parser.set_defaults(run=run)


def run(args) -> int:
    """Import every file, write the reach data if anything changed, print the report."""
    _, settings, project = load_project(args.config_file)
    archive = read_entries(entries_root(project, settings), project, settings, Problems())
    entries = archive.entries
    target = project / settings.data_jangkauan
    text = target.read_text("utf-8") if target.is_file() else None
    problems: list[ReadProblem] = []
    results: list[MergeResult] = []
    print(f"Membaca {len(args.berkas)} berkas ekspor:")
    for name in args.berkas:
        read, date = _read(Path(name), args.tanggal)
        problems += read.problems
        _print_file(read, date)
        if read.posts:
            results.append(merge(text, read.posts, date, entries))
            text = results[-1].text
    _save(target, settings.data_jangkauan, text, results)
    _print_matches(results, entries, text or "", settings.data_jangkauan)
    _print_problems(problems)
    return 1 if problems else 0


def _read(path: Path, date: datetime.date | None) -> tuple[ExportRead, datetime.date]:
    """One file's posts and its snapshot date (given, else the day it was downloaded)."""
    if not path.is_file():
        message = "berkas tidak ditemukan. Periksa nama dan foldernya."
        return ExportRead(problems=[ReadProblem(path.name, message)]), date or _today()
    if path.stat().st_size > MAX_UNCOMPRESSED:
        limit = number(MAX_UNCOMPRESSED // 1024**2)
        message = f"berkas lebih dari {limit} MB: bukan ekspor per unggahan. Periksa berkasnya."
        return ExportRead(problems=[ReadProblem(path.name, message)]), date or _today()
    data = path.read_bytes()
    return read_export(path.name, data), date or _file_date(path, data)


def _file_date(path: Path, data: bytes) -> datetime.date:
    """The day the export was made: the newest member of a ZIP, else the file's time."""
    if data[:4] == b"PK\x03\x04" and not path.suffix.lower() == ".xlsx":
        try:
            stamps = [info.date_time for info in zipfile.ZipFile(path).infolist()]
            return datetime.date(*max(stamps)[:3])
        except (zipfile.BadZipFile, ValueError):
            pass
    return datetime.date.fromtimestamp(path.stat().st_mtime)


def _today() -> datetime.date:
    return datetime.date.today()


def _print_file(read: ExportRead, date: datetime.date) -> None:
    """One line per table found in the file."""
    for source, platform, count in read.tables:
        print(f"  {source}: {platform}, {count} unggahan (angka per {date.isoformat()})")
    for source in read.skipped:
        print(f"  {source}: dilewati, bukan data per unggahan (mis. ringkasan harian akun)")


def _save(target: Path, relative: str, text: str | None, results: list[MergeResult]) -> None:
    """Write the reach data only when a row was added or changed."""
    added = sum(r.added for r in results)
    replaced = sum(r.replaced for r in results)
    unchanged = sum(r.unchanged for r in results)
    if text is not None and (added or replaced):
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, text)
    if not results:
        print(f"{relative}: tidak ada yang ditambahkan.")
        return
    print(f"{relative}: {added} baris baru, {replaced} baris diperbarui, {unchanged} sudah sama.")


def _print_matches(results: list[MergeResult], entries: list[Entry], text: str,
                   relative: str) -> None:  # fmt: skip
    """Matched posts, posts matching no activity, activities with no figures yet."""
    matched = {id(post) for r in results for post, _ in r.matched}
    unmatched = [post for r in results for post in r.unmatched]
    print(f"Cocok dengan kegiatan: {len(matched)} unggahan.")
    if unmatched:
        print(
            f"Tidak cocok dengan kegiatan mana pun ({len(unmatched)}); angkanya disimpan, dan "
            "dihitung begitu alamatnya ditambahkan ke `media_sosial` kegiatannya:"
        )
        for post in unmatched:
            print(f"  - {post.url} ({post.platform}, {_published(post)})")
    rows = parse_measurements(text, relative, Problems()) if text else []
    waiting = figures.unmeasured(entries, figures.latest(rows))
    if waiting:
        print(f"Kegiatan yang unggahannya belum punya angka ({len(waiting)}):")
        for entry in waiting:
            print(f"  - {entry.source}: {entry.title}")


def _published(post: PostFigures) -> str:
    return f"terbit {post.published.isoformat()}" if post.published else "tanggal terbit tidak ada"


def _print_problems(problems: list[ReadProblem]) -> None:
    """Unreadable files, rows and cells, to stderr."""
    if not problems:
        return
    print(f"TIDAK TERBACA ({len(problems)}):", file=sys.stderr)
    for problem in problems:
        print(f"  {problem}", file=sys.stderr)
