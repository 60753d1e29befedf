"""What the entries folder commits to the public repository, published or not: files GitHub
refuses or warns about, original photos that give away where they were taken or who took them,
videos nobody listed, and the folder's size.

These are errors of `harmoni periksa` and of the publishing workflow, not of the build: the site
publishes neither the originals' metadata nor unlisted files, but the repository keeps them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..entries import Archive, LocalVideo
from ..entries.reader import PHOTO_SUFFIXES, VIDEO_SUFFIXES
from ..formats import megabytes, number
from ..media.metadata import find_personal
from ..problems import Problems

GITHUB_FILE_LIMIT = 100 * 1024 * 1024
"""GitHub refuses a push holding a file over 100 MiB."""
GITHUB_FILE_WARNING = 50 * 1024 * 1024
"""GitHub warns about files over 50 MiB on push."""
CLEAN_COMMAND = "harmoni bersihkan-foto"


@dataclass(frozen=True)
class RepositorySize:
    """The entries folder as committed: every file, published or not."""

    bytes: int
    files: int

    def summary(self) -> str:
        """One line for staff."""
        return (
            f"Folder kegiatan di repositori: {megabytes(self.bytes)} dalam {number(self.files)} "
            "berkas, termasuk yang tidak diterbitkan (GitHub: paling besar 100 MB per berkas)."
        )


def check_repository(
    root: Path, project: Path, archive: Archive, errors: Problems, warnings: Problems
) -> RepositorySize:
    """Check every file below the entries folder; returns the folder's size."""
    listed = {v.path for e in archive.entries for v in e.videos if isinstance(v, LocalVideo)}
    total = count = 0
    for path in committed_files(root):
        size = path.stat().st_size
        total, count = total + size, count + 1
        relative = path.relative_to(project).as_posix()
        _check_size(relative, size, errors, warnings)
        if path.suffix.lower() in PHOTO_SUFFIXES:
            _check_metadata(path, relative, errors)
        elif path.suffix.lower() in VIDEO_SUFFIXES and path not in listed:
            warnings.add(relative, _unlisted_video(size))
    return RepositorySize(total, count)


def committed_files(root: Path) -> Iterator[Path]:
    """Every regular file below `root` outside hidden folders, in path order."""
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if path.is_file() and not path.is_symlink():
            yield path


def _check_size(relative: str, size: int, errors: Problems, warnings: Problems) -> None:
    """A file GitHub refuses (an error) or warns about (a warning)."""
    advice = (
        "Video: unggah ke YouTube, Facebook atau TikTok dan tulis alamatnya di `video:`. Foto: "
        "perkecil dulu, mis. dengan `harmoni baru --foto`. Lalu hapus berkas ini dari folder."
    )
    if size > GITHUB_FILE_LIMIT:
        errors.add(
            relative,
            f"berkas ini {megabytes(size)}, lebih dari batas GitHub 100 MB per berkas: push "
            f"yang memuatnya akan ditolak dan tidak ada yang terbit. {advice}",
        )
    elif size > GITHUB_FILE_WARNING:
        warnings.add(
            relative,
            f"berkas ini {megabytes(size)}; GitHub memperingatkan berkas di atas 50 MB dan "
            f"menolak di atas 100 MB. {advice}",
        )


def _check_metadata(path: Path, relative: str, errors: Problems) -> None:
    """An original photo carrying where it was taken or who took it."""
    found = find_personal(path)
    if found:
        errors.add(
            relative,
            f"foto asli memuat data pribadi ({', '.join(found)}). Situs tidak menampilkannya, "
            "tetapi repositori ini publik dan menyimpan foto asli apa adanya. Jalankan "
            f"`{CLEAN_COMMAND}`: hanya metadatanya yang dihapus (gambar, arah foto dan "
            "ukurannya tetap), lalu commit hasilnya.",
        )


def _unlisted_video(size: int) -> str:
    """A video file in a folder that no entry lists under `video:`."""
    return (
        f"video ini ({megabytes(size)}) tidak tercantum di `video:` entri mana pun, jadi tidak "
        "diterbitkan, tetapi tetap tersimpan di repositori. Cantumkan di `video:` atau hapus "
        "berkasnya."
    )
