"""The built site folder across MkDocs builds: published files that did not change stay put.

MkDocs empties the site folder before every build (all but its hidden entries). For an archive
that publishes thousands of images, QR codes and posters, deleting and copying them again costs
more than MkDocs spends on the pages. So before MkDocs cleans, the previous site is moved into a
hidden folder inside the site folder (`set_aside`, one rename per top-level entry). After MkDocs
wrote the new pages, `arrange` decides from three listings (the previous site, what MkDocs
wrote, what the manifest publishes as it is) what to keep, unlink, copy and move, and `apply`
does it. The outcome is the folder a clean build gives, file for file: a published file is kept
only while it has the size and modification time of the source the manifest names.

Published files are copies (a reflink where the file system can), never hard links: a web
server or a tool that writes into `site/` must not change a photo in `kegiatan/` or the cache.
Each copy takes its source's modification time, which is how the next build knows it.

Where `apply` can be interrupted, and what the next build does then:
1. while unlinking stale files in the previous site, or copying new ones into it: the previous
   site is still set aside; the next `set_aside` deletes it, so every file is copied afresh;
2. while moving MkDocs' pages into the previous site: both folders hold part of the site; the
   next `set_aside` deletes the hidden one and sets the rest aside as the previous site, whose
   files are kept only where they match, as always;
3. while moving the result back: the same as 2.
A build that fails (`discard_aside`) leaves the site MkDocs cleaned, and the next build copies.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

ASIDE = ".harmoni-sebelumnya"
"""The previous site while MkDocs builds (hidden: MkDocs' cleaning leaves it alone)."""
Identity = tuple[int, int]
"""A file's size and modification time (ns): a copy has its source's."""


@dataclass(frozen=True)
class Arrangement:
    """What to do to turn the previous site and MkDocs' new pages into the new site; every
    path is relative to the site root."""

    keep: frozenset[str]
    """Published files the previous site holds as they are: left in place."""
    unlink: frozenset[str]
    """Files of the previous site that are no longer published, or changed."""
    copy: dict[str, str] = field(default_factory=dict)
    """Published files to copy in: address → source."""
    move: frozenset[str] = frozenset()
    """What MkDocs wrote, moved into the previous site (replacing what is there)."""
    discard: frozenset[str] = frozenset()
    """What MkDocs wrote where a published file goes (the file wins, as in a clean build)."""


Wanted = Mapping[str, tuple[str, Identity]]
"""The files published as they are: address → source and the source's identity."""


def arrange(
    previous: Mapping[str, Identity], written: Iterable[str], wanted: Wanted
) -> Arrangement:
    """The arrangement for `previous` (the previous site's files), `written` (MkDocs' files of
    this build) and `wanted` (address → source and its identity, the files published as they
    are)."""
    written = frozenset(written)
    keep = frozenset(uri for uri, (_, identity) in wanted.items() if previous.get(uri) == identity)
    replaced_by_pages = written - wanted.keys()
    unlink = frozenset(previous.keys() - keep - replaced_by_pages)
    copy = {uri: source for uri, (source, _) in wanted.items() if uri not in keep}
    return Arrangement(keep, unlink, copy, replaced_by_pages, written & wanted.keys())


def set_aside(site_dir: str) -> None:
    """Move the previous site out of MkDocs' way (call before MkDocs cleans the folder)."""
    aside = os.path.join(site_dir, ASIDE)
    discard_aside(site_dir)  # left by an interrupted build
    try:
        names = [name for name in os.listdir(site_dir) if not name.startswith(".")]
    except FileNotFoundError:
        return
    if names:
        os.mkdir(aside)
        for name in names:
            os.rename(os.path.join(site_dir, name), os.path.join(aside, name))


def discard_aside(site_dir: str) -> None:
    """Delete the previous site set aside, if any (a build that failed)."""
    shutil.rmtree(os.path.join(site_dir, ASIDE), ignore_errors=True)


def complete(site_dir: str, wanted: Wanted) -> None:
    """Complete the site after MkDocs wrote its pages (see the module docstring). Raises
    FileNotFoundError when a source is missing."""
    aside = os.path.join(site_dir, ASIDE)
    if not os.path.isdir(aside):
        os.mkdir(aside)
    previous, _ = listing(aside)
    written, folders = listing(site_dir, skip=ASIDE)
    apply(arrange(previous, written, wanted), site_dir, folders)


def apply(plan: Arrangement, site_dir: str, written_folders: list[str]) -> None:
    """Carry out `plan` (see the module docstring for where it may stop)."""
    aside = os.path.join(site_dir, ASIDE)
    for uri in plan.unlink:
        os.unlink(os.path.join(aside, uri))
    _remove_empty_folders(aside, plan.unlink)
    copy_files(plan.copy.items(), aside)
    for uri in plan.discard:
        os.unlink(os.path.join(site_dir, uri))
    for uri in plan.move:
        target = os.path.join(aside, uri)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        os.replace(os.path.join(site_dir, uri), target)
    for folder in reversed(written_folders):  # emptied: the folders in a folder go first
        os.rmdir(folder)
    for name in os.listdir(aside):
        os.rename(os.path.join(aside, name), os.path.join(site_dir, name))
    os.rmdir(aside)


def copy_files(files: Iterable[tuple[str, str]], site_dir: str) -> None:
    """Copy every file (address, source) into the site with its source's modification time
    (a reflink where the file system can share blocks safely). Raises FileNotFoundError when a
    source is missing."""
    made: set[str] = set()
    for uri, source in files:
        target = os.path.join(site_dir, uri)
        folder = os.path.dirname(target)
        if folder not in made:
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
        stat = _copy(source, target)
        os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def _copy(source: str, target: str) -> os.stat_result:
    """Copy one file, replacing `target`; with `copy_file_range` where the system has it (the
    file system may then share blocks, copy on write: a reflink), else by reading. Returns the
    source's stat."""
    with open(source, "rb") as reader, open(target, "wb") as writer:
        stat = os.fstat(reader.fileno())
        left = stat.st_size
        try:
            while left > 0:
                done = os.copy_file_range(reader.fileno(), writer.fileno(), left)
                if done == 0:
                    break
                left -= done
        except (AttributeError, OSError):  # not Linux, or not between these file systems
            writer.seek(0)
            writer.truncate()
            reader.seek(0)
            shutil.copyfileobj(reader, writer, 1 << 20)
    return stat


def identity(stat: os.stat_result) -> Identity:
    """What `arrange` compares: size and modification time."""
    return stat.st_size, stat.st_mtime_ns


def listing(root: str, skip: str = "") -> tuple[dict[str, Identity], list[str]]:
    """Every file below `root` by its path from `root` (with `/`), with its identity, and every
    folder (a folder before the folders in it); a top-level entry named `skip` and hidden
    top-level entries are left out."""
    found: dict[str, Identity] = {}
    folders: list[str] = []
    pending = [("", root)]
    while pending:
        prefix, folder = pending.pop()
        for item in os.scandir(folder):
            if not prefix and (item.name == skip or item.name.startswith(".")):
                continue
            if item.is_dir(follow_symlinks=False):
                pending.append((prefix + item.name + "/", item.path))
                folders.append(item.path)
            else:
                stat = item.stat(follow_symlinks=False)
                # a hard link (left by an older version) shares its source: never kept
                found[prefix + item.name] = identity(stat) if stat.st_nlink == 1 else (-1, -1)
    return found, folders


def _remove_empty_folders(root: str, deleted: Iterable[str]) -> None:
    """Remove the folders that deleting `deleted` (paths below `root`) left empty."""
    folders = {uri.rpartition("/")[0] for uri in deleted}
    for folder in sorted(folders, key=lambda f: f.count("/"), reverse=True):
        while folder:
            try:
                os.rmdir(os.path.join(root, folder))
            except OSError:  # not empty
                break
            folder = folder.rpartition("/")[0]
