"""Advice on valid entries: what the build accepts but staff should still fix or reconsider."""

from __future__ import annotations

from pathlib import Path

from ..entries import Entry, LocalVideo
from ..formats import decimal, megabytes
from ..places import places_of
from ..problems import Problems
from ..settings import HarmoniSettings

LARGE_VIDEO_MB = 20
"""A local video above this is heavy on visitors' phones: advise a video platform."""
HEIF_SUFFIXES = (".heic", ".heif")


def advise(entry: Entry, settings: HarmoniSettings, project_dir: Path, warnings: Problems) -> None:
    """Add the advice for one published entry to `warnings`."""
    _no_photos(entry, warnings)
    _big_photos(entry, settings.foto.berkas_maks_mb, project_dir, warnings)
    _big_videos(entry, project_dir, warnings)
    _heif_files(entry, project_dir, warnings)


def _no_photos(entry: Entry, warnings: Problems) -> None:
    """An entry without a single gallery photo."""
    if not entry.photos:
        warnings.add(
            entry.source,
            "kegiatan ini belum punya foto; halamannya tampil tanpa galeri dan tanpa gambar "
            f"sampul. Masukkan foto ke folder {entry.folder.name}/.",
        )


def _big_photos(entry: Entry, limit_mb: float, project_dir: Path, warnings: Problems) -> None:
    """Original photo files over `extra.harmoni.foto.berkas_maks_mb`."""
    for photo in entry.photos:
        size = _size(photo.path)
        if size > limit_mb * 1_000_000:
            warnings.add(
                _relative(photo.path, project_dir),
                f"berkas foto {megabytes(size)} (lebih dari {decimal(limit_mb, 3)} MB, "
                "`extra.harmoni.foto.berkas_maks_mb`). Foto asli tersimpan di repositori dan "
                "membuatnya cepat besar: perkecil dulu (sisi terpanjang 2560 px sudah cukup), "
                "mis. dengan `harmoni baru --foto` saat membuat entri.",
            )


def _big_videos(entry: Entry, project_dir: Path, warnings: Problems) -> None:
    """Local videos heavy enough to belong on a video platform."""
    for video in entry.videos:
        if not isinstance(video, LocalVideo):
            continue
        size = _size(video.path)
        if size > LARGE_VIDEO_MB * 1_000_000:
            warnings.add(
                _relative(video.path, project_dir),
                f"video di folder kegiatan ({megabytes(size)}) terbit apa adanya dan berat "
                "dibuka di ponsel warga. Lebih baik unggah ke YouTube, Facebook atau TikTok, "
                "tulis alamatnya di `video:`, lalu hapus berkasnya dari folder.",
            )


def _heif_files(entry: Entry, project_dir: Path, warnings: Problems) -> None:
    """HEIC/HEIF files, which the gallery leaves out."""
    for path in sorted(entry.folder.iterdir()):
        if path.is_file() and path.suffix.lower() in HEIF_SUFFIXES:
            warnings.add(
                _relative(path, project_dir),
                "foto HEIC tidak ditampilkan di galeri (hanya JPEG, PNG, WebP dan GIF). Ubah "
                "ke JPEG, mis. impor dengan `harmoni baru --foto FOLDER` saat membuat entri, "
                "atau di iPhone: Pengaturan → Kamera → Format → Paling Kompatibel.",
            )


def _size(path: Path) -> int:
    """The size of a file in bytes, 0 when it cannot be read."""
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _relative(path: Path, project_dir: Path) -> str:
    """A path relative to the project, as in the build's messages."""
    return path.relative_to(project_dir).as_posix()


def advise_places(settings: HarmoniSettings, warnings: Problems) -> None:
    """A place of `extra.harmoni.wilayah` that the official list of `kode_wilayah` lacks: a
    typo, or a place newer than the list (then its code stays empty in the open data)."""
    for name, near in places_of(settings).unofficial:
        hint = f" Ejaan resminya mungkin: {', '.join(near)}." if near else ""
        warnings.add(
            "mkdocs.yml",
            f"`extra.harmoni.wilayah`: {name} tidak ada di daftar wilayah resmi "
            f"`{settings.kode_wilayah}`, jadi tanpa kode wilayah di data terbuka.{hint}",
        )
