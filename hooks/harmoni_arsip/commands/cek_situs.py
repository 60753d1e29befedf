"""`harmoni cek-situs`: does the live site answer at every address it ever published?"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from ..checks import live
from ..checks.rotation import load_rotation
from ..counting import QR_MARKER
from ..entries import read_entries
from ..entries.archive import entries_root
from ..entries.registry import read_registry
from ..problems import Problems
from .common import load_project

SHOWN = 20
"""Failures listed one by one; the rest are counted."""
STATE_FILE = "cek-situs.json"
"""The rotating check's memory, in the cache folder (`extra.harmoni.cache`) by default."""


def register(commands) -> None:
    """Add `harmoni cek-situs` and its options to the subcommands."""
    parser = commands.add_parser(
        "cek-situs",
        help="periksa bahwa situs yang terbit menjawab di setiap alamat tetap",
        description="Membuka situs yang sudah terbit: halaman setiap id di "
        "kegiatan/terbit.txt (200, atau pemberitahuan penarikan untuk kegiatan yang ditarik), "
        "kode QR-nya (harus membuka alamatnya sendiri), dan alamat lama "
        "(extra.harmoni.alamat_lama) yang harus mengalihkan ke sana. Keluar dengan status 1 "
        "bila ada yang gagal.",
    )
    parser.add_argument(
        "--lengkap",
        action="store_true",
        help="periksa juga halaman di sitemap.xml beserta gambar, video, CSS, skrip dan kode "
        "QR-nya (masing-masing sekali); bergilir: yang berubah sejak pemeriksaan lalu "
        "didahulukan, lalu yang paling lama tidak diperiksa, selama batas waktunya cukup",
    )
    parser.add_argument(
        "--catatan", metavar="BERKAS", type=Path,
        help="catatan giliran --lengkap (bawaan: cek-situs.json di folder cache, "
        "mis. .cache/harmoni/cek-situs.json)",
    )  # fmt: skip
    parser.add_argument(
        "--host-media", metavar="URL",
        help="alamat host media tempat foto dan video dilayani (penyimpanan objek; bawaan: "
        "extra.harmoni.media.url); berkasnya diperiksa dengan HEAD: status, Content-Type, "
        "Cache-Control immutable",
    )  # fmt: skip
    parser.add_argument(
        "--situs",
        metavar="URL",
        help="alamat tempat situs dibuka (bawaan: site_url); kode QR tetap harus berisi site_url",
    )
    parser.add_argument(
        "--paralel", type=_positive(int), default=4, metavar="N",
        help="permintaan sekaligus (bawaan: 4)",
    )  # fmt: skip
    parser.add_argument(
        "--waktu", type=_positive(float), default=15.0, metavar="DETIK",
        help="batas waktu satu permintaan (bawaan: 15)",
    )  # fmt: skip
    parser.add_argument(
        "--ulang", type=_positive(int, zero=True), default=2, metavar="N",
        help="coba lagi sebanyak ini bila gagal sementara (bawaan: 2)",
    )  # fmt: skip
    parser.add_argument(
        "--jeda", type=_positive(float, zero=True), default=1.0, metavar="DETIK",
        help="jeda sebelum mencoba lagi, berlipat dua setiap kali (bawaan: 1)",
    )  # fmt: skip
    parser.add_argument(
        "--batas-total", type=_positive(float), default=900.0, metavar="DETIK",
        help="batas waktu seluruh pemeriksaan (bawaan: 900)",
    )  # fmt: skip
    parser.set_defaults(run=run)


def _positive(kind, zero: bool = False):
    """An argparse type: a number above zero (or at least zero)."""

    def parse(text: str):
        try:
            value = kind(text.replace(",", "."))
        except ValueError:
            raise argparse.ArgumentTypeError(f"`{text}` bukan angka") from None
        if value < 0 or (value == 0 and not zero):
            raise argparse.ArgumentTypeError(f"`{text}` harus lebih dari 0")
        return value

    return parse


def run(args) -> int:
    """Check the live site; 1 when anything failed."""
    config, settings, project = load_project(args.config_file)
    problems = Problems()
    registry = read_registry(project / settings.daftar_terbit, settings.daftar_terbit, problems)
    archive = read_entries(entries_root(project, settings), project, settings, Problems())
    for problem in problems.items:
        print(f"Galat: {problem}", file=sys.stderr)
    if problems.items:
        return 1
    if not config.site_url:
        print("Galat: site_url di mkdocs.yml kosong; isi dengan alamat situs yang terbit.")
        return 1
    if not registry:
        print(f"Galat: {settings.daftar_terbit} kosong; belum ada alamat yang terbit.")
        return 1
    withdrawn = {t.id for t in archive.withdrawn}
    expect = live.Expectations(
        base=str(args.situs or config.site_url),
        site_url=config.site_url,
        live=tuple(i for i in registry if i not in withdrawn),
        withdrawn=tuple(i for i in registry if i in withdrawn),
        former=tuple(settings.alamat_lama),
        qr_marker=QR_MARKER if settings.kunjungan.goatcounter else "",
        media_base=_with_slash(args.host_media or settings.media.url or ""),
    )
    manners = live.Politeness(
        user_agent=f"HARMONI-Arsip-cek-situs/1 (+{config.site_url})",
        workers=args.paralel, timeout=args.waktu, retries=args.ulang, pause=args.jeda,
        deadline=args.batas_total,
    )  # fmt: skip
    print(
        f"Memeriksa {len(registry)} alamat tetap di {expect.base}"
        + (f" dan {len(expect.former)} alamat lama" if expect.former else "")
        + (", serta seluruh sitemap" if args.lengkap else "")
        + " ..."
    )
    rotation = None
    if args.lengkap:
        state = args.catatan or project / settings.cache / STATE_FILE
        rotation = load_rotation(state, int(time.time()), archive.entries)
        if rotation.problem:
            print(f"Peringatan: {rotation.problem}")
    report = live.run_checks(expect, manners, live.zxing_decode, args.lengkap, rotation)
    status = _summary(report)
    if rotation is not None:
        print(_rotation_line(report, rotation.path))
    return status


def _with_slash(url: str) -> str:
    """A base address ends with `/` (files are joined to it)."""
    return url if not url or url.endswith("/") else url + "/"


def _rotation_line(report: live.Report, state: Path) -> str:
    """What the rotating check covered this time, and where it remembers it."""
    done = report.targets - report.deferred
    cut = f" ({report.cut} pemeriksaan terpotong batas waktu)" if report.cut else ""
    if not report.deferred and not report.cut:
        return f"Giliran: seluruh {report.targets} bagian situs diperiksa (catatan: {state})."
    return (
        f"Giliran: {done} dari {report.targets} bagian situs diperiksa sebelum batas "
        f"waktu{cut}; sisanya didahulukan pada pemeriksaan berikutnya (catatan: {state})."
    )


def _summary(report: live.Report) -> int:
    """Print what failed; the exit status."""
    failures = sorted(report.failures)
    for url, problem in failures[:SHOWN]:
        print(f"GAGAL {url}: {problem}")
    if len(failures) > SHOWN:
        print(f"... dan {len(failures) - SHOWN} kegagalan lain.")
    if failures:
        print(
            f"{len(failures)} dari {report.checked} pemeriksaan gagal. Kode QR yang tercetak "
            "menuju alamat ini: perbaiki situsnya (atau pengaturan Pages/domain) secepatnya."
        )
        return 1
    print(f"Semua {report.checked} pemeriksaan lolos.")
    return 0
