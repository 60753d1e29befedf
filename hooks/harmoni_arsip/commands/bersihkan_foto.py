"""`harmoni bersihkan-foto`: remove personal metadata (GPS position, owner, serial numbers) from
original photos in place, rewriting only the metadata: the image data, the colour profile and the
orientation stay, and no file grows."""

from __future__ import annotations

import io
import sys
from pathlib import Path

from ..atomic import write_atomic
from ..checks.repository import committed_files
from ..entries.archive import entries_root
from ..entries.reader import PHOTO_SUFFIXES
from ..formats import number
from ..media.metadata import UnsupportedPhoto, find_personal, strip
from .common import load_project


def register(commands) -> None:
    """Add `harmoni bersihkan-foto` and its options."""
    parser = commands.add_parser(
        "bersihkan-foto",
        help="hapus lokasi GPS dan data pribadi lain dari foto asli",
        description="Menghapus metadata pribadi (lokasi GPS, nama pemilik atau pembuat, nomor "
        "seri kamera) dari foto JPEG, PNG dan WebP di folder kegiatan, langsung pada berkasnya. "
        "Hanya metadata yang ditulis ulang: gambar, profil warna dan arah foto tetap, dan "
        "berkas tidak pernah menjadi lebih besar. Tanpa argumen: semua foto di folder kegiatan.",
    )
    parser.add_argument(
        "berkas", nargs="*", type=Path, metavar="BERKAS", help="foto atau folder tertentu saja"
    )
    parser.set_defaults(run=run)


def run(args) -> int:
    """Clean every photo with personal metadata; 1 when one could not be cleaned."""
    _, settings, project = load_project(args.config_file)
    targets = args.berkas or [entries_root(project, settings)]
    missing = [str(t) for t in targets if not t.exists()]
    if missing:
        print(f"Galat: tidak ditemukan: {', '.join(missing)}.", file=sys.stderr)
        return 1
    cleaned, failed = 0, 0
    for path in _photos(targets):
        result = _clean(path)
        cleaned += result is True
        failed += result is False
    print(_summary(cleaned, failed))
    return 1 if failed else 0


def _photos(targets: list[Path]) -> list[Path]:
    """The photo files named, or found below the folders named."""
    found: list[Path] = []
    for target in targets:
        files = [target] if target.is_file() else list(committed_files(target))
        found += [p for p in files if p.suffix.lower() in PHOTO_SUFFIXES]
    return sorted(set(found))


def _clean(path: Path) -> bool | None:
    """Clean one photo: True when cleaned, None when there was nothing to do, False on failure."""
    found = find_personal(path)
    if not found:
        return None
    data = path.read_bytes()
    try:
        cleaned = strip(data)
    except UnsupportedPhoto as err:
        print(f"Galat: {path}: tidak dapat dibersihkan ({err}).", file=sys.stderr)
        return False
    if find_personal(io.BytesIO(cleaned)):
        print(f"Galat: {path}: data pribadi masih ada sesudah dibersihkan.", file=sys.stderr)
        return False
    write_atomic(path, cleaned)
    sizes = f"{number(len(data))} → {number(len(cleaned))} byte"
    print(f"{path}: {', '.join(found)} dihapus ({sizes}).")
    return True


def _summary(cleaned: int, failed: int) -> str:
    """The closing line, with what to do next."""
    if not cleaned and not failed:
        return "Tidak ada foto dengan data pribadi."
    text = f"{cleaned} foto dibersihkan."
    if cleaned:
        text += (
            " Commit hasilnya. Foto yang dulu sudah di-commit masih menyimpan data lamanya di "
            "riwayat git; minta pengelola repositori menghapusnya dari riwayat bila perlu."
        )
    if failed:
        text += f" {failed} foto gagal (lihat pesan di atas)."
    return text
