"""`harmoni daftarkan`: record new ids in the registry of published ids; with `--beri-id`,
first give every entry without an id its id (what the publishing workflow runs after a save from
the web editor)."""

from __future__ import annotations

import datetime
import sys
from pathlib import Path

from ..entries import read_entries
from ..entries.assign import Assigned, assign_ids
from ..entries.registry import register as register_ids
from ..problems import Problems
from ..settings import HarmoniSettings
from .baru import RESERVATIONS
from .common import load_project


def register(commands) -> None:
    """Add `harmoni daftarkan` and its options."""
    parser = commands.add_parser(
        "daftarkan",
        help="catat id kegiatan baru di daftar terbit",
        description="Mencatat id setiap kegiatan yang belum terdaftar ke daftar terbit "
        "(extra.harmoni.daftar_terbit, bawaan kegiatan/terbit.txt) dengan tanggal hari ini. "
        "Commit berkas itu bersama entrinya.",
    )
    parser.add_argument(
        "--beri-id",
        action="store_true",
        help="lebih dulu beri id setiap kegiatan yang belum punya (id kosong): id lamanya dari "
        "riwayat git bila pernah punya, selain itu nomor berikutnya yang belum pernah dipakai. "
        "Hanya baris `id:` di index.md yang ditulis. Keluar dengan status 0 walaupun entri lain "
        "bermasalah (`harmoni periksa` melaporkannya).",
    )
    parser.set_defaults(run=run)


def run(args) -> int:
    """Assign ids when asked, then register every published id; see `--help` for the status."""
    _, settings, project = load_project(args.config_file)
    root = project / settings.folder_kegiatan
    if args.beri_id:
        _give_ids(project, root, settings)
    problems = Problems()
    archive = read_entries(root, project, settings, problems)
    for problem in problems.items:
        print(f"Peringatan: {problem}", file=sys.stderr)
    ids = [e.id for e in archive.entries] + [t.id for t in archive.withdrawn]
    added = register_ids(project / settings.daftar_terbit, ids, datetime.date.today())
    if added:
        print(f"Terdaftar di {settings.daftar_terbit}: {', '.join(added)}.")
        print("Commit berkas itu bersama entri kegiatannya.")
    else:
        print("Semua kegiatan sudah terdaftar.")
    return 1 if problems.items and not args.beri_id else 0


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
