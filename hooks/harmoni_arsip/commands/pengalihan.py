"""`harmoni pengalihan`: a redirect site for each former address of the site."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from ..addresses import slug
from ..problems import HarmoniError
from ..redirects import page_paths, write_redirect_site
from ..settings import require_site_url
from .common import load_project


def register(commands) -> None:
    parser = commands.add_parser(
        "pengalihan",
        help="buat situs pengalihan untuk alamat lama",
        description="Membuat situs kecil untuk setiap alamat lama (extra.harmoni.alamat_lama) "
        "yang mengalihkan setiap halaman ke alamat yang sama di site_url baru. Jalankan "
        "`mkdocs build` dulu; terbitkan hasilnya di host lama.",
    )
    parser.add_argument("--situs", help="folder situs yang sudah dibangun (bawaan: site_dir)")
    parser.add_argument(
        "--keluaran", default="site-pengalihan", help="folder hasil (bawaan: site-pengalihan)"
    )
    parser.set_defaults(run=run)


def run(args) -> int:
    config, settings, _ = load_project(args.config_file)
    site_dir = Path(args.situs) if args.situs else Path(config.site_dir)
    if not (site_dir / "index.html").exists():
        raise HarmoniError(f"situs belum dibangun di {site_dir}. Jalankan `mkdocs build` dulu.")
    if not settings.alamat_lama:
        raise HarmoniError(
            "tidak ada alamat lama. Tulis alamat situs sebelumnya di mkdocs.yml, "
            "`extra.harmoni.alamat_lama`, mis. [https://dinas.github.io/arsip/]."
        )
    paths = page_paths(site_dir)
    site_url = require_site_url(config.site_url)
    for old_base in settings.alamat_lama:
        parts = urlsplit(old_base)
        out_dir = Path(args.keluaran) / slug(parts.netloc + parts.path)
        count = write_redirect_site(paths, old_base, site_url, out_dir)
        print(f"{old_base} → {site_url}: {count} halaman dialihkan, di {out_dir}/")
    return 0
