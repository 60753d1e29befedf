"""Photos taken out of an entry's gallery list: removed from the folder too, so that "Remove" in
the web editor removes the photo from the site *and* from the public repository.

A photo counts as taken out when the entry's `index.md` listed it in an earlier commit (a removed
`berkas:` line in its git history) and lists it no more. A photo that was never listed (copied
into the folder by someone working with git) is left alone: the check reports it instead.

In a partial, sparse checkout (the publishing workflow's) a photo git tracks may be absent from
the folder (`git_files.py`): it counts all the same, and is removed from git's index, so the
commit that follows removes it from the repository.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from ..git_files import absent_blobs, by_folder
from .assign import git_output
from .frontmatter import FrontMatterError, parse
from .reader import PHOTO_SUFFIXES, VIDEO_SUFFIXES


@dataclass(frozen=True)
class Released:
    """A photo file removed because its entry no longer lists it."""

    path: Path
    source: str
    """The entry's `index.md`, relative to the project."""


def remove_released_photos(project: Path, root: Path) -> list[Released]:
    """Delete every photo file its entry once listed and lists no more; what was deleted."""
    absent = by_folder(absent_blobs(project, root))
    removed = []
    for index in sorted(root.rglob("index.md")):
        if any(part.startswith(".") for part in index.relative_to(root).parts):
            continue
        for path in _unlisted_photos(index, absent.get(index.parent, [])):
            if _was_listed(project, index, path.name) and _remove(project, path):
                removed.append(Released(path, index.relative_to(project).as_posix()))
    return removed


def _remove(project: Path, path: Path) -> bool:
    """Delete the file, or take a file absent from a sparse checkout out of git's index."""
    if os.path.lexists(path):
        path.unlink()
        return True
    relative = path.relative_to(project).as_posix()
    return git_output(project, "rm", "-q", "--cached", "--sparse", "--", relative) is not None


def _unlisted_photos(index: Path, absent: list[Path]) -> list[Path]:
    """The photo files of the entry's folder (with those git tracks but the checkout lacks) that
    its `keterangan` does not list (video posters aside); none when the front matter cannot be
    read."""
    try:
        data = parse(index.read_text(encoding="utf-8")).data
    except (FrontMatterError, UnicodeDecodeError, OSError):
        return []
    listed = _listed_names(data.get("keterangan"))
    files = [p for p in index.parent.iterdir() if p.is_file()] + absent
    videos = {p.stem for p in files if p.suffix.lower() in VIDEO_SUFFIXES}
    return sorted(
        p for p in files
        if p.suffix.lower() in PHOTO_SUFFIXES and p.name not in listed and p.stem not in videos
    )  # fmt: skip


def _listed_names(value) -> set[str]:
    """The file names a `keterangan` list (or the older mapping) names."""
    if isinstance(value, dict):
        return {str(name) for name in value}
    if isinstance(value, list):
        return {str(i["berkas"]).strip() for i in value if isinstance(i, dict) and i.get("berkas")}
    return set()


def _was_listed(project: Path, index: Path, name: str) -> bool:
    """True when a committed change to `index` removed a `berkas:` line naming `name`."""
    history = git_output(project, "log", "-p", "--format=", "--", str(index.relative_to(project)))
    if not history:
        return False
    removed = re.compile(rf"""^-\s*-?\s*berkas:\s*["']?{re.escape(name)}["']?\s*$""", re.M)
    return removed.search(history) is not None
