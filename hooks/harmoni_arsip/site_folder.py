"""The built site folder across MkDocs builds: published files that did not change stay put.

MkDocs empties the site folder before every build (all but its hidden entries). For an archive
that publishes thousands of images, QR codes and posters, deleting and copying them again costs
more than MkDocs spends on the pages. So the previous site is moved into a hidden folder before
MkDocs cleans (`set_aside`, one rename per top-level entry) and moved back before MkDocs writes
(`restore`): MkDocs then writes its pages and assets over the previous ones, in place. After it
wrote them, `arrange` decides from a listing of the folder, the files MkDocs wrote and the files
the manifest publishes as they are, what to keep, unlink and copy, and `apply` does it. The
outcome is the folder a clean build gives, file for file: a published file is kept only while
it has the size and modification time of the source the manifest names.

Published files are copies (a reflink where the file system can), never hard links: a web
server or a tool that writes into `site/` must not change a photo in `kegiatan/` or the cache.
Each copy takes its source's modification time, which is how the next build knows it. Where
MkDocs is about to write, `restore` leaves only regular files of the site's own (a link, or a
file where MkDocs needs a folder, is removed first), so MkDocs never writes through a link.

Where a build can be interrupted, and what the next build does then:
1. while MkDocs cleans (between `set_aside` and `restore`): the next `set_aside` deletes the
   hidden folder, so every file is copied afresh;
2. later (the folder holds the previous site and part of the new one): the next build sets it
   aside and completes it like any other, keeping a file only where it matches.
A build that fails (`empty`) leaves the folder as MkDocs' cleaning does, and the next build
copies.
"""

from __future__ import annotations

import os
import shutil
import stat as file_types
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

ASIDE = ".harmoni-sebelumnya"
"""The previous site while MkDocs cleans (hidden: MkDocs' cleaning leaves it alone)."""
Identity = tuple[int, int]
"""A file's size and modification time (ns): a copy has its source's."""


@dataclass(frozen=True)
class Arrangement:
    """What to do to turn the folder MkDocs wrote into (over the previous site) into the new
    site; every path is relative to the site root."""

    keep: frozenset[str]
    """Published files the folder holds as they are: left in place."""
    unlink: frozenset[str]
    """Files of an earlier build that this one does not publish or publishes changed, and
    MkDocs' files where a published file goes: unlinked, never written into."""
    copy: dict[str, str] = field(default_factory=dict)
    """Published files to copy in: address → source (a file wins over MkDocs' page there, as in
    a clean build)."""


Wanted = Mapping[str, tuple[str, Identity]]
"""The files published as they are: address → source and the source's identity."""


def arrange(found: Mapping[str, Identity], written: Iterable[str], wanted: Wanted) -> Arrangement:
    """The arrangement for `found` (the files in the folder after MkDocs wrote), `written` (the
    files MkDocs wrote in this build) and `wanted` (address → source and its identity, the files
    published as they are)."""
    written = frozenset(written)
    keep = frozenset(
        uri for uri, (_, identity) in wanted.items()
        if uri not in written and found.get(uri) == identity
    )  # fmt: skip
    unlink = frozenset(found.keys() - keep - (written - wanted.keys()))
    copy = {uri: source for uri, (source, _) in wanted.items() if uri not in keep}
    return Arrangement(keep, unlink, copy)


def set_aside(site_dir: str) -> None:
    """Move the previous site out of MkDocs' way (call before MkDocs cleans the folder)."""
    aside = os.path.join(site_dir, ASIDE)
    shutil.rmtree(aside, ignore_errors=True)  # left by a build interrupted while MkDocs cleaned
    try:
        names = [name for name in os.listdir(site_dir) if not name.startswith(".")]
    except FileNotFoundError:
        return
    if names:
        os.mkdir(aside)
        for name in names:
            os.rename(os.path.join(site_dir, name), os.path.join(aside, name))


def restore(site_dir: str, written: Iterable[str], skippable: Iterable[str] = ()) -> None:
    """Move the previous site back after MkDocs cleaned the folder, leaving a regular file of
    its own wherever MkDocs will write (`written`, paths from the site root) or nothing; the
    files MkDocs may skip writing (`skippable`: its templates, when their output is empty) go."""
    aside = os.path.join(site_dir, ASIDE)
    if not os.path.isdir(aside):
        return
    for name in os.listdir(aside):
        os.rename(os.path.join(aside, name), os.path.join(site_dir, name))
    os.rmdir(aside)
    for uri in skippable:
        for path in (os.path.join(site_dir, uri), os.path.join(site_dir, uri + ".gz")):
            if os.path.lexists(path) and not os.path.isdir(path):
                os.unlink(path)
    folders: set[str] = set()
    for uri in written:
        parts = uri.split("/")
        for depth in range(1, len(parts)):
            folders.add("/".join(parts[:depth]))
    for folder in sorted(folders, key=len):  # a file where MkDocs needs a folder
        path = os.path.join(site_dir, folder)
        if os.path.lexists(path) and not os.path.isdir(path) or os.path.islink(path):
            os.unlink(path)
    for uri in written:
        _make_room(os.path.join(site_dir, uri))


def _make_room(path: str) -> None:
    """Remove what is at `path` unless it is a regular file with one name (MkDocs opens it for
    writing: through a link or a second name it would change another file)."""
    try:
        found = os.lstat(path)
    except FileNotFoundError:
        return
    if file_types.S_ISDIR(found.st_mode):
        shutil.rmtree(path)
    elif not file_types.S_ISREG(found.st_mode) or found.st_nlink > 1:
        os.unlink(path)


def empty(site_dir: str) -> None:
    """Delete the site (a build that failed), as MkDocs' cleaning does: hidden entries stay but
    for the previous site set aside."""
    shutil.rmtree(os.path.join(site_dir, ASIDE), ignore_errors=True)
    try:
        names = [name for name in os.listdir(site_dir) if not name.startswith(".")]
    except FileNotFoundError:
        return
    for name in names:
        path = os.path.join(site_dir, name)
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path, ignore_errors=True)
        else:
            os.unlink(path)


def complete(site_dir: str, wanted: Wanted, written: Iterable[str]) -> None:
    """Complete the site after MkDocs wrote its pages (`written`; see the module docstring).
    Raises FileNotFoundError when a source is missing."""
    found = listing(site_dir)
    apply(arrange(found, written, wanted), site_dir)


def apply(plan: Arrangement, site_dir: str) -> None:
    """Carry out `plan`: stale files go, with the folders they leave empty; files come in."""
    for uri in plan.unlink:
        os.unlink(os.path.join(site_dir, uri))
    _remove_empty_folders(site_dir, plan.unlink)
    copy_files(plan.copy.items(), site_dir)


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


def listing(root: str) -> dict[str, Identity]:
    """Every file below `root` by its path from `root` (with `/`), with its identity; hidden
    top-level entries are left out."""
    found: dict[str, Identity] = {}
    pending = [("", root)]
    while pending:
        prefix, folder = pending.pop()
        for item in os.scandir(folder):
            if not prefix and item.name.startswith("."):
                continue
            if item.is_dir(follow_symlinks=False):
                pending.append((prefix + item.name + "/", item.path))
            else:
                stat = item.stat(follow_symlinks=False)
                # a hard link (left by an older version) shares its source: never kept
                found[prefix + item.name] = identity(stat) if stat.st_nlink == 1 else (-1, -1)
    return found


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
