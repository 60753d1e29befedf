"""What the site plan was made from, recorded by the readers where they open files.

The plan is a pure function of the settings, the files its readers open (entries, photos,
videos, the registry, reach and visit data, the logo, the fonts), the archive's code and the
installed libraries that shape its output; it never reads the clock. So every reader calls
`note` (a file or a folder, by its stat) where it opens one, like Sphinx recording a document's
dependencies, and `recording` collects those notes while a plan is made. A later build may reuse
that plan while `changed` finds every noted path as it was and the values (settings, versions)
equal. Outside a recording `note` does nothing (commands such as `harmoni baru` read too).

Files are compared by their stat (size, modification time, inode), as the media cache does:
reading 2,000 photos to hash them would cost more than the build saves. A folder's stat changes
when a file is added to it, removed or renamed, so noting the folders a reader lists catches new
entries and new photos.
"""

from __future__ import annotations

import contextlib
import contextvars
import os
from collections.abc import Iterator
from dataclasses import dataclass, field

Stat = tuple[int, int, int] | None
"""A path's size, modification time (ns) and inode; None when it does not exist."""


@dataclass
class Inputs:
    """The paths one plan read, with their stat when it read them, and the values it used."""

    paths: dict[str, Stat] = field(default_factory=dict)
    values: str = ""
    """Everything else the plan depends on (settings, versions), as one text."""

    def changed(self, earlier: Inputs) -> str | None:
        """What differs from `earlier` (recorded by an earlier plan): a path, or "pengaturan"
        for the values; None when nothing did. Stats every path `earlier` noted."""
        if earlier.values != self.values:
            return "pengaturan atau versi pustaka"
        for path, stat in earlier.paths.items():
            if stat_of(path) != stat:
                return path
        return None


_current: contextvars.ContextVar[Inputs | None] = contextvars.ContextVar("inputs", default=None)


@contextlib.contextmanager
def recording(values: str) -> Iterator[Inputs]:
    """Collect every `note` made inside the block (in this thread or context)."""
    inputs = Inputs(values=values)
    token = _current.set(inputs)
    try:
        yield inputs
    finally:
        _current.reset(token)


def note(path: str | os.PathLike[str]) -> None:
    """Record that the plan read `path` (a file, or a folder it listed), as it is now."""
    inputs = _current.get()
    if inputs is not None:
        text = os.fspath(path)
        if text not in inputs.paths:
            inputs.paths[text] = stat_of(text)


def note_tree(folder: str | os.PathLike[str]) -> None:
    """Record every file and folder below `folder` (Python's bytecode caches aside)."""
    if _current.get() is None:
        return
    note(folder)
    for top, folders, files in os.walk(folder):
        folders[:] = [name for name in folders if name != "__pycache__"]
        for name in (*folders, *files):
            note(os.path.join(top, name))


def stat_of(path: str) -> Stat:
    """The stat `note` records (the target's, for a symbolic link)."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns, stat.st_ino
