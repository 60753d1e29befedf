"""Everything the site plan is made from, as one fingerprint.

The plan is a pure function of the settings, the archive's files (entries, photos, videos, the
registry, the reach and visit data) and the code that makes it; it never reads the clock. So two
builds whose fingerprints are equal publish the same pages and files, and a build can reuse what
the previous one made. Files are compared by their stat (size, modification time, inode), as the
media cache does: reading 2,000 photos to hash them would cost more than the build saves.
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

from .settings import HarmoniSettings, Site
from .sourcedate import VARIABLE as SOURCE_DATE_VARIABLE

PACKAGE = Path(__file__).parent
"""The archive's code, templates, assets and editor bundle."""
FORMAT = "1"
"""Changes whenever what is fingerprinted changes meaning."""


def plan_fingerprint(project_dir: Path, settings: HarmoniSettings, site: Site) -> str:
    """A hex digest that changes whenever anything the plan is made from changes."""
    digest = hashlib.sha256()
    about = (FORMAT, sys.version, str(project_dir), site, settings,
             os.environ.get(SOURCE_DATE_VARIABLE))  # fmt: skip
    digest.update(repr(about).encode("utf-8", "surrogateescape"))
    _add_tree(digest, str(PACKAGE))
    _add_tree(digest, str(project_dir / settings.folder_kegiatan))
    data_files = (settings.daftar_terbit, settings.data_jangkauan, settings.kunjungan.berkas)
    for relative in data_files:
        _add_file(digest, str(project_dir / relative))
    return digest.hexdigest()


def _add_tree(digest: hashlib._Hash, folder: str) -> None:
    """Every file below `folder` (Python's bytecode caches aside), by path and stat."""
    try:
        items = sorted(os.scandir(folder), key=lambda item: item.name)
    except OSError:
        digest.update(f"\0{folder}\0-".encode("utf-8", "surrogateescape"))
        return
    for item in items:
        if item.is_dir(follow_symlinks=False):
            if item.name != "__pycache__":
                _add_tree(digest, item.path)
        else:
            _add_file(digest, item.path)


def _add_file(digest: hashlib._Hash, path: str) -> None:
    """One file by path and stat (absent files count too: one appearing changes the digest)."""
    try:
        stat = os.stat(path)
        line = f"\0{path}\0{stat.st_size}\0{stat.st_mtime_ns}\0{stat.st_ino}"
    except OSError:
        line = f"\0{path}\0-"
    digest.update(line.encode("utf-8", "surrogateescape"))
