"""The same thing twice: a photo twice in one gallery (copied under another name, or imported
twice), which the gallery would show twice (only files of equal size are read and compared, so
the check costs next to nothing without duplicates); an activity saved twice."""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..entries import Entry
from ..problems import Problems


def check_duplicates(entry: Entry, project: Path, errors: Problems) -> None:
    """An error for each gallery photo whose bytes equal an earlier one's."""
    by_size: dict[int, list[Path]] = {}
    for photo in entry.photos:
        try:
            by_size.setdefault(photo.path.stat().st_size, []).append(photo.path)
        except OSError:
            continue
    for paths in by_size.values():
        if len(paths) > 1:
            _report_same(paths, project, errors)


def _report_same(paths: list[Path], project: Path, errors: Problems) -> None:
    """Compare files of one size by content; report every later copy."""
    first: dict[str, Path] = {}
    for path in paths:
        digest = _digest(path)
        if digest in first:
            errors.add(
                path.relative_to(project).as_posix(),
                f"foto ini sama persis dengan `{first[digest].name}` (isi berkasnya sama), jadi "
                "tampil dua kali di galeri. Hapus salah satunya dari folder dan dari "
                "`keterangan`.",
            )
        else:
            first[digest] = path


def _digest(path: Path) -> str:
    """The SHA-256 of a file, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def check_double_entries(entries: list[Entry], warnings: Problems) -> None:
    """A warning for each entry with the same title, date and places as an earlier one: the same
    activity saved twice (e.g. a form sent twice from the web editor), or two activities that
    only a better title tells apart."""
    seen: dict[tuple, Entry] = {}
    for entry in sorted(entries, key=lambda e: e.id):  # the older id is the original
        key = (entry.title.casefold(), entry.date, frozenset(entry.desa), entry.kecamatan)
        if key in seen:
            warnings.add(
                entry.source,
                f"judul, tanggal dan tempatnya sama dengan {seen[key].source} (id "
                f"{seen[key].id}): kegiatan yang sama tersimpan dua kali? Bila ya, tarik salah "
                "satunya (lihat Panduan staf, Menarik kegiatan) atau hapus yang belum terbit; "
                "bila memang dua kegiatan berbeda, bedakan judulnya.",
            )
        else:
            seen[key] = entry
