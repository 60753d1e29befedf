"""`harmoni daftarkan`: record new ids in the registry of published ids."""

from __future__ import annotations

import datetime
import sys

from ..entries import read_entries
from ..entries.registry import register as register_ids
from ..problems import Problems
from .common import load_project


def register(commands) -> None:
    parser = commands.add_parser(
        "daftarkan",
        help="catat id kegiatan baru di daftar terbit",
        description="Mencatat id setiap kegiatan yang belum terdaftar ke daftar terbit "
        "(extra.harmoni.daftar_terbit, bawaan kegiatan/terbit.txt) dengan tanggal hari ini. "
        "Commit berkas itu bersama entrinya.",
    )
    parser.set_defaults(run=run)


def run(args) -> int:
    _, settings, project = load_project(args.config_file)
    problems = Problems()
    archive = read_entries(project / settings.folder_kegiatan, project, settings, problems)
    for problem in problems.items:
        print(f"Peringatan: {problem}", file=sys.stderr)
    ids = [e.id for e in archive.entries] + [t.id for t in archive.withdrawn]
    added = register_ids(project / settings.daftar_terbit, ids, datetime.date.today())
    if added:
        print(f"Terdaftar di {settings.daftar_terbit}: {', '.join(added)}.")
        print("Commit berkas itu bersama entri kegiatannya.")
    else:
        print("Semua kegiatan sudah terdaftar.")
    return 1 if problems.items else 0
