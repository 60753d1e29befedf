"""Only regular files are published: the symbolic links in the folders staff fill.

A symbolic link in an entry folder or in `docs/` points anywhere on the machine that builds the
site (`video.mp4 -> /etc/passwd`, a folder `-> /home`): published, it would put that file on the
web. So every link is an error that names it, and nothing reads through one: the folders are
walked without following links, the entry reader and MkDocs' file list skip every path this
module finds, and the data files (`terbit.txt`, `jangkauan.csv`, `kunjungan.json`) that are links
count as absent.
"""

from __future__ import annotations

import os
from pathlib import Path

from .problems import Problems

MESSAGE = (
    "ini tautan simbolis (symlink) ke `{target}`, bukan berkas biasa; tautan tidak pernah "
    "diterbitkan dan isinya tidak dibaca. Ganti tautan itu dengan salinan berkas (atau folder) "
    "aslinya, atau hapus tautannya."
)


def find_symlinks(folder: Path) -> list[Path]:
    """Every symbolic link below `folder` (files and folders), without following any; a
    linked folder is listed, its contents are not."""
    found = []
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = Path(root, name)
            if path.is_symlink():
                found.append(path)
    return sorted(found)


def report_symlinks(folder: Path, project_dir: Path, problems: Problems) -> list[Path]:
    """One problem per symbolic link below `folder`, named relative to `project_dir`; the
    links found."""
    links = find_symlinks(folder)
    for link in links:
        problems.add(_relative(link, project_dir), MESSAGE.format(target=_target(link)))
    return links


def folder_links_message(folder: Path, project_dir: Path) -> str | None:
    """The message that stops a build whose `folder` (the docs folder) holds links to folders:
    MkDocs walks into them before any hook sees its files (a link to `/` would make it list the
    whole machine); None when there is none."""
    problems = Problems()
    for link in find_symlinks(folder):
        if link.is_dir():
            problems.add(_relative(link, project_dir), MESSAGE.format(target=_target(link)))
    return "\n".join(str(problem) for problem in problems.items) or None


def is_linked(path: Path, links: list[Path]) -> bool:
    """Whether `path` is one of `links` or lies below one of them."""
    return any(path == link or link in path.parents for link in links)


def _target(link: Path) -> str:
    """Where a link points, as written in it."""
    try:
        return os.readlink(link)
    except OSError:
        return "?"


def _relative(path: Path, project_dir: Path) -> str:
    """`path` relative to the project, for messages (as it is when outside)."""
    try:
        return path.relative_to(project_dir).as_posix()
    except ValueError:
        return str(path)
