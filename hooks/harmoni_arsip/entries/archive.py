"""The whole archive as the build and the staff commands read it: the entries folder, every entry,
and the ids that were published but lost their entry (printed QR codes would break)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from ..problems import HarmoniError, Problems
from ..settings import HarmoniSettings
from .model import Archive
from .reader import read_entries
from .readiness import check_ready
from .registry import check_registry, read_registry, unregistered


def entries_root(project_dir: Path, settings: HarmoniSettings) -> Path:
    """The folder of the activity entries; stops with advice when it is missing."""
    root = project_dir / settings.folder_kegiatan
    if not root.is_dir():
        raise HarmoniError(
            f"folder kegiatan `{settings.folder_kegiatan}/` tidak ditemukan di samping "
            "mkdocs.yml. Buat foldernya atau ubah `extra.harmoni.folder_kegiatan`."
        )
    return root


def load_archive(
    project_dir: Path, settings: HarmoniSettings, problems: Problems,
    absent: Mapping[Path, list[Path]] | None = None,
) -> tuple[Archive, list[str]]:  # fmt: skip
    """Every entry (problems go into `problems`, each finished entry checked as ready to publish)
    and the registered ids that no entry folder has any more; `absent` as in `read_entries`."""
    root = entries_root(project_dir, settings)
    archive = read_entries(root, project_dir, settings, problems, absent)
    for entry in archive.entries:
        check_ready(entry, problems)
    relative = settings.daftar_terbit
    ids = published_ids(archive) + list(archive.broken)
    return archive, check_registry(project_dir / relative, relative, ids, problems)


def published_ids(archive: Archive, exclude: set[str | None] | None = None) -> list[str]:
    """The ids the site publishes (its entries and its withdrawn entries' notices), without
    those of the entries whose `index.md` is in `exclude`."""
    left_out = exclude or set()
    entries = [e.id for e in archive.entries if e.source not in left_out]
    return entries + [t.id for t in archive.withdrawn if t.source not in left_out]


def unregistered_ids(project_dir: Path, settings: HarmoniSettings, archive: Archive) -> list[str]:
    """The published ids not yet in the registry (what `harmoni daftarkan` would add)."""
    relative = settings.daftar_terbit
    registered = read_registry(project_dir / relative, relative, Problems())
    return unregistered(published_ids(archive), registered)
