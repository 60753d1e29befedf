"""Write a set of changes all or nothing: every new file is written beside its target first,
the folders to delete are moved aside, and only then are the new files renamed into place.

Crash points: before the renames nothing visible has changed (the leftovers are hidden
`.tmp-mulai-*` files and a `.harmoni-mulai-hapus` folder beside the project's files, removed by
the next run); a failure while moving folders aside moves them back. The renames themselves are
single `os.replace` calls on the same file system."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from ..problems import HarmoniError

TRASH = ".harmoni-mulai-hapus"
TEMP_PREFIX = ".tmp-mulai-"


@dataclass
class Changes:
    """Files to write (path → bytes) and folders to delete, all inside `project`."""

    project: Path
    files: dict[Path, bytes] = field(default_factory=dict)
    folders: list[Path] = field(default_factory=list)

    def write(self, path: Path, data: bytes) -> None:
        """Write `path` unless it already holds exactly `data`."""
        if not (path.is_file() and path.read_bytes() == data):
            self.files[path] = data

    @property
    def empty(self) -> bool:
        return not self.files and not self.folders

    def describe(self) -> list[str]:
        """One line per change, relative to the project."""
        lines = [f"tulis  {self._rel(p)}" for p in self.files]
        return lines + [f"hapus  {self._rel(f)}/" for f in self.folders]

    def _rel(self, path: Path) -> str:
        return path.relative_to(self.project).as_posix()


def apply(changes: Changes) -> None:
    """Write every change, or none of them (see the module's crash points)."""
    _clean_leftovers(changes.project)
    staged: list[tuple[Path, Path]] = []
    moved: list[tuple[Path, Path]] = []
    trash = changes.project / TRASH
    try:
        for path, data in changes.files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            temp = path.with_name(TEMP_PREFIX + path.name)
            temp.write_bytes(data)
            staged.append((temp, path))
        for number, folder in enumerate(changes.folders):
            trash.mkdir(exist_ok=True)
            target = trash / f"{number}-{folder.name}"
            os.replace(folder, target)
            moved.append((target, folder))
    except OSError as err:
        for temp, _ in staged:
            temp.unlink(missing_ok=True)
        for target, folder in reversed(moved):
            os.replace(target, folder)
        shutil.rmtree(trash, ignore_errors=True)
        raise HarmoniError(
            f"tidak dapat menulis {getattr(err, 'filename', '') or ''} ({err.strerror}); "
            "tidak ada yang diubah."
        ) from None
    for temp, path in staged:
        os.replace(temp, path)
    shutil.rmtree(trash, ignore_errors=True)
    for folder in changes.folders:
        _remove_empty_parents(folder.parent, changes.project)


def _remove_empty_parents(folder: Path, project: Path) -> None:
    """Remove `folder` and its parents while empty (a year left without entries), up to the
    folder right below `project`."""
    while folder.parent != project and folder != project:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


def _clean_leftovers(project: Path) -> None:
    """Remove what an interrupted run left behind."""
    shutil.rmtree(project / TRASH, ignore_errors=True)
