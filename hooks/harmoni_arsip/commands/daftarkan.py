"""`harmoni daftarkan`: record in the registry of published ids every entry that passes the
check (`harmoni periksa`'s errors); with `--beri-id`, first give every entry without an id its id,
and with `--laporan`, write the errors as the staff report (what the publishing workflow runs
after a save from the web editor)."""

from __future__ import annotations

import datetime
import sys
from pathlib import Path

from ..atomic import write_atomic
from ..checks.archive import Findings, check_archive
from ..checks.report import entry_of, report_text
from ..entries.archive import entries_root, published_ids
from ..entries.assign import Assigned, assign_ids
from ..entries.registry import register as register_ids
from ..entries.released import remove_released_photos
from ..problems import Problems
from ..settings import HarmoniSettings
from .baru import RESERVATIONS
from .common import load_project


def register(commands) -> None:
    """Add `harmoni daftarkan` and its options."""
    parser = commands.add_parser(
        "daftarkan",
        help="catat id kegiatan yang lolos pemeriksaan di daftar terbit",
        description="Memeriksa semua entri seperti `harmoni periksa`, lalu mencatat id setiap "
        "kegiatan yang lolos dan belum terdaftar ke daftar terbit "
        "(extra.harmoni.daftar_terbit, bawaan kegiatan/terbit.txt) dengan tanggal hari ini. "
        "Kegiatan yang masih punya kesalahan tidak dicatat. Commit berkas itu bersama entrinya.",
    )
    parser.add_argument(
        "--beri-id",
        action="store_true",
        help="lebih dulu beri id setiap kegiatan yang belum punya (id kosong): id lamanya dari "
        "riwayat git bila pernah punya, selain itu nomor berikutnya yang belum pernah dipakai. "
        "Hanya baris `id:` di index.md yang ditulis. Foto yang dulu tercantum di `keterangan` "
        "lalu dilepas (mis. dihapus dari daftar di editor web) dihapus dari folder. Keluar "
        "dengan status 0 walaupun ada kegiatan yang tidak lolos (laporannya lewat --laporan).",
    )
    parser.add_argument(
        "--laporan",
        type=Path,
        metavar="BERKAS",
        help="tulis kesalahan yang ditemukan ke BERKAS sebagai laporan Markdown per kegiatan, "
        "dengan tautan ke editor web (berkas kosong bila tidak ada kesalahan)",
    )
    parser.set_defaults(run=run)


def run(args) -> int:
    """Assign ids when asked, check, register what passes; see `--help` for the status."""
    config, settings, project = load_project(args.config_file)
    root = entries_root(project, settings)
    if args.beri_id:
        _give_ids(project, root, settings)
        for photo in remove_released_photos(project, root):
            print(f"{photo.path.relative_to(project).as_posix()}: dihapus, tidak lagi tercantum "
                  f"di `keterangan` {photo.source} (dilepas dari galeri).")  # fmt: skip
    findings = check_archive(config, settings, project)
    titles = entry_titles(findings, root, project)
    failing = {entry_of(p.path, set(titles)) for p in findings.errors.items}
    ids = published_ids(findings.archive, exclude=failing)
    added = register_ids(project / settings.daftar_terbit, ids, datetime.date.today())
    if args.laporan is not None:
        editor = config.site_url if settings.editor.repo else None
        text = report_text(findings.errors, titles, settings.folder_kegiatan, editor)
        write_atomic(args.laporan, text)
    _say(settings, added, sorted(s for s in failing if s))
    return 1 if failing - {None} and not args.beri_id else 0


def entry_titles(findings: Findings, root: Path, project: Path) -> dict[str, str]:
    """Every entry's `index.md` with its title (its folder's name when it cannot be read)."""
    titles = {}
    for index in sorted(root.rglob("index.md")):
        if not any(part.startswith(".") for part in index.relative_to(root).parts):
            titles[index.relative_to(project).as_posix()] = index.parent.name
    for entry in findings.archive.entries:
        titles[entry.source] = entry.title
    return titles


def _say(settings: HarmoniSettings, added: list[str], failing: list[str]) -> None:
    """What was registered, and which entries were left out and why."""
    if added:
        print(f"Terdaftar di {settings.daftar_terbit}: {', '.join(added)}.")
        print("Commit berkas itu bersama entri kegiatannya.")
    elif not failing:
        print("Semua kegiatan sudah terdaftar.")
    if failing:
        print(
            f"Belum didaftarkan karena belum lolos pemeriksaan: {', '.join(failing)}. "
            "Jalankan `harmoni periksa` untuk melihat kesalahannya.",
            file=sys.stderr,
        )


def _give_ids(project: Path, root: Path, settings: HarmoniSettings) -> list[Assigned]:
    """Write the missing ids and say which entry got which."""
    problems = Problems()
    registry = project / settings.daftar_terbit
    reservations = project / settings.cache / RESERVATIONS
    assigned = assign_ids(project, root, registry, reservations, problems)
    for item in assigned:
        how = "dikembalikan dari riwayat git" if item.restored else "id baru"
        print(f"{item.source}: id {item.entry_id} ({how}).")
    for problem in problems.items:
        print(f"Peringatan: {problem}", file=sys.stderr)
    if not assigned:
        print("Semua kegiatan sudah punya id.")
    return assigned
