"""The built site folder across MkDocs builds: published files that did not change stay put.

MkDocs empties the site folder before every build (all but its hidden entries). For an archive
that publishes thousands of images, QR codes and posters, deleting and hard-linking them again
costs more than MkDocs spends on the pages. So before MkDocs cleans, the previous site is moved
into a hidden folder inside the site folder (one rename per top-level entry); after MkDocs wrote
the new pages, they are moved into it, files that are no longer published are deleted, new or
changed files are linked, and the result is moved back. The outcome is the same folder a clean
build gives, file for file: a published file is kept only while it is still the very file (the
same inode) that the plan publishes at that address.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable

ASIDE = ".harmoni-sebelumnya"
"""The previous site while MkDocs builds (hidden: MkDocs' cleaning leaves it alone)."""


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


def put_back(site_dir: str, files: Iterable[tuple[str, str, int, int]]) -> None:
    """Complete the site after MkDocs wrote its pages: `files` are the published files that
    exist elsewhere (address, source path, source device and inode); each is hard-linked (or
    copied) into the site unless the previous site already holds that very file there.
    Raises FileNotFoundError when a source is missing; the folder can then be completed by
    calling this again with the sources made."""
    aside = os.path.join(site_dir, ASIDE)
    if not os.path.isdir(aside):
        link_files(((uri, source) for uri, source, _, _ in files), site_dir)
        return
    previous, _ = _files_below(aside)
    written, new_folders = _files_below(site_dir, skip=ASIDE)
    site_device = os.stat(site_dir).st_dev
    kept, to_link = set(), []
    for uri, source, device, inode in files:
        if previous.pop(uri, None) == inode and device == site_device:
            kept.add(uri)
        else:
            to_link.append((uri, source))
    stale = previous.keys() - written.keys()  # no longer published
    for uri in stale:
        os.unlink(os.path.join(aside, uri))
    _remove_empty_folders(aside, stale)
    link_files(to_link, aside)  # first: a missing source stops this before anything moved
    linked = kept.union(uri for uri, _ in to_link)
    for uri in written:
        if uri in linked:  # a linked file wins over a page at its address, as in a clean build
            os.unlink(os.path.join(site_dir, uri))
        else:
            _move(os.path.join(site_dir, uri), os.path.join(aside, uri))
    for folder in reversed(new_folders):  # emptied: the folders in a folder go first
        try:
            os.rmdir(folder)
        except OSError:  # something appeared in it meanwhile: it is not published either
            _clear(folder)
    for name in os.listdir(aside):
        os.rename(os.path.join(aside, name), os.path.join(site_dir, name))
    os.rmdir(aside)


def link_files(files: Iterable[tuple[str, str]], site_dir: str) -> None:
    """Hard-link every file (address, source) into the site, copying where the file system
    cannot: no image bytes are moved. Raises FileNotFoundError when a source is missing."""
    made: set[str] = set()
    for uri, source in files:
        target = os.path.join(site_dir, uri)
        folder = os.path.dirname(target)
        if folder not in made:
            _make_folder(folder)
            made.add(folder)
        try:
            os.link(source, target)
        except FileExistsError:  # a `--dirty` build, serve, or a changed file being replaced
            _clear(target)
            os.link(source, target)
        except FileNotFoundError:
            raise
        except OSError:  # another file system, or a mount without hard links
            shutil.copyfile(source, target)


def _files_below(root: str, skip: str = "") -> tuple[dict[str, int], list[str]]:
    """Every file below `root` by its path from `root` (with `/`), with its inode, and every
    folder (a folder before the folders in it); a top-level entry named `skip` and hidden
    top-level entries are left out."""
    found: dict[str, int] = {}
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
                found[prefix + item.name] = item.inode()
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


def _move(source: str, target: str) -> None:
    """Move a file, replacing whatever is in its way (a file, or an old folder of that name)."""
    try:
        os.replace(source, target)
    except FileNotFoundError:  # its folder is new
        _make_folder(os.path.dirname(target))
        os.replace(source, target)
    except IsADirectoryError:
        shutil.rmtree(target)
        os.replace(source, target)


def _make_folder(folder: str) -> None:
    """Make `folder` and its parents; an old file in the way is removed."""
    try:
        os.makedirs(folder, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        parent = folder
        while not os.path.isdir(parent):
            if os.path.lexists(parent):
                os.unlink(parent)
                break
            parent = os.path.dirname(parent)
        os.makedirs(folder, exist_ok=True)


def _clear(target: str) -> None:
    """Remove a file or folder that stands where a file must go."""
    if os.path.isdir(target) and not os.path.islink(target):
        shutil.rmtree(target)
    else:
        os.unlink(target)
