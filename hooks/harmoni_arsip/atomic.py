"""Writing files so that no reader ever sees half of one: a temporary name beside the target,
then one rename. Used for the cache, entries, the registry, stickers and posters."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def write_atomic(path: str | Path, data: bytes | str, mode: int = 0o644) -> None:
    """Write `data` (text as UTF-8) to `path` atomically, readable by any web server. A failure
    (a full disk, a read-only folder) is an `OSError` naming `path`, not the temporary file."""
    try:
        with atomic_path(path, mode) as partial:
            Path(partial).write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    except OSError as err:
        named = err.filename is not None and not os.path.basename(err.filename).startswith(".tmp-")
        if named:
            raise
        raise OSError(err.errno, err.strerror, os.fspath(path)) from err


@contextmanager
def atomic_path(path: str | Path, mode: int = 0o644) -> Iterator[str]:
    """A temporary path beside `path` to write to; renamed onto `path` when the block ends
    without an error, removed otherwise."""
    folder = os.path.dirname(path) or "."
    os.makedirs(folder, exist_ok=True)
    handle, partial = tempfile.mkstemp(dir=folder, prefix=".tmp-")
    os.close(handle)
    try:
        yield partial
        os.chmod(partial, mode)
        os.replace(partial, path)
    except BaseException:
        if os.path.exists(partial):
            os.unlink(partial)
        raise
