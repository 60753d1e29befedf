"""The whole archive as the build and the staff commands read it: the entries folder, every entry,
and the ids that were published but lost their entry (printed QR codes would break)."""

from __future__ import annotations

from pathlib import Path

from ..problems import HarmoniError, Problems
from ..settings import HarmoniSettings
from .model import Archive
from .reader import read_entries
from .registry import check_registry


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
    project_dir: Path, settings: HarmoniSettings, problems: Problems
) -> tuple[Archive, list[str]]:
    """Every entry (problems go into `problems`, ids not yet registered become one warning) and
    the registered ids that no entry has any more."""
    archive = read_entries(entries_root(project_dir, settings), project_dir, settings, problems)
    relative = settings.daftar_terbit
    ids = [e.id for e in archive.entries] + [t.id for t in archive.withdrawn]
    return archive, check_registry(project_dir / relative, relative, ids, problems)
