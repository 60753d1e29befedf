"""The `harmoni` command for staff: register published ids, build a redirect site.

Messages in Bahasa Indonesia; every failure says what to do next; exit status fit for CI.
"""

from __future__ import annotations

import argparse
import datetime
import sys
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.config import load_config
from mkdocs.exceptions import ConfigurationError, PluginError

from .entries import read_entries
from .entries.registry import register
from .pages.urls import slug
from .problems import Problems
from .redirects import page_paths, write_redirect_site
from .settings import load_settings


def main(argv: list[str] | None = None) -> int:
    """Run the command; returns the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except (ConfigurationError, PluginError) as err:
        print(f"Galat: {err}", file=sys.stderr)
        return 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="harmoni", description="Alat staf untuk arsip HARMONI.")
    parser.add_argument(
        "-f", "--config-file", default="mkdocs.yml", help="berkas konfigurasi (bawaan: mkdocs.yml)"
    )
    commands = parser.add_subparsers(title="perintah", required=True, metavar="PERINTAH")
    daftar = commands.add_parser(
        "daftarkan",
        help="catat id kegiatan baru di daftar terbit",
        description="Mencatat id setiap kegiatan yang belum terdaftar ke daftar terbit "
        "(extra.harmoni.daftar_terbit, bawaan kegiatan/terbit.txt) dengan tanggal hari ini. "
        "Commit berkas itu bersama entrinya.",
    )
    daftar.set_defaults(run=_register)
    alihkan = commands.add_parser(
        "pengalihan",
        help="buat situs pengalihan untuk alamat lama",
        description="Membuat situs kecil untuk setiap alamat lama (extra.harmoni.alamat_lama) "
        "yang mengalihkan setiap halaman ke alamat yang sama di site_url baru. Jalankan "
        "`mkdocs build` dulu; terbitkan hasilnya di host lama.",
    )
    alihkan.add_argument("--situs", help="folder situs yang sudah dibangun (bawaan: site_dir)")
    alihkan.add_argument(
        "--keluaran", default="site-pengalihan", help="folder hasil (bawaan: site-pengalihan)"
    )
    alihkan.set_defaults(run=_redirects)
    return parser


def _load(args):
    """The MkDocs config, the office settings and the project folder."""
    path = Path(args.config_file)
    if not path.exists():
        raise PluginError(f"{path} tidak ditemukan. Jalankan perintah dari folder repositori.")
    config = load_config(str(path))
    return config, load_settings(config.extra), path.resolve().parent


def _register(args) -> int:
    config, settings, project = _load(args)
    problems = Problems()
    archive = read_entries(project / settings.folder_kegiatan, project, settings, problems)
    for problem in problems.items:
        print(f"Peringatan: {problem}", file=sys.stderr)
    ids = [e.id for e in archive.entries] + [t.id for t in archive.withdrawn]
    added = register(project / settings.daftar_terbit, ids, datetime.date.today())
    if added:
        print(f"Terdaftar di {settings.daftar_terbit}: {', '.join(added)}.")
        print("Commit berkas itu bersama entri kegiatannya.")
    else:
        print("Semua kegiatan sudah terdaftar.")
    return 1 if problems.items else 0


def _redirects(args) -> int:
    config, settings, project = _load(args)
    site_dir = Path(args.situs) if args.situs else Path(config.site_dir)
    if not (site_dir / "index.html").exists():
        raise PluginError(f"situs belum dibangun di {site_dir}. Jalankan `mkdocs build` dulu.")
    if not settings.alamat_lama:
        raise PluginError(
            "tidak ada alamat lama. Tulis alamat situs sebelumnya di mkdocs.yml, "
            "`extra.harmoni.alamat_lama`, mis. [https://dinas.github.io/arsip/]."
        )
    paths = page_paths(site_dir)
    for old_base in settings.alamat_lama:
        parts = urlsplit(old_base)
        out_dir = Path(args.keluaran) / slug(parts.netloc + parts.path)
        count = write_redirect_site(paths, old_base, config.site_url, out_dir)
        print(f"{old_base} → {config.site_url}: {count} halaman dialihkan, di {out_dir}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
