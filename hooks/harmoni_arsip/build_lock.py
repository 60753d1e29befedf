"""One build at a time in a project: a lock file in the cache folder.

Two builds in one folder share the site folder, the image cache and the memo; run side by side,
one cleans or prunes what the other is writing (trials left a traceback, or a site missing files
with both builds exiting 0). The second build waits until the first has finished, and says so.
The lock is the operating system's (`fcntl.flock`): a build that dies releases it with its
process, so a stale lock file never blocks anyone. Where `fcntl` does not exist (Windows), builds
are not serialised.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import IO

from . import LOG_NAME

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger(LOG_NAME)
LOCK_FILE = "pembangunan.lock"
WAITING = (
    "HARMONI: pembangunan lain sedang berjalan di proyek ini ({path}); menunggu sampai selesai. "
    "Dua pembangunan sekaligus di folder yang sama saling merusak hasilnya."
)


def project_lock(config_file: str) -> BuildLock:
    """The lock of the project whose mkdocs.yml is `config_file`: in its `.cache` folder."""
    return BuildLock(Path(config_file).resolve().parent / ".cache")


class BuildLock:
    """The project's build lock, held from `acquire` to `release`."""

    def __init__(self, cache_dir: Path) -> None:
        self.path = cache_dir / LOCK_FILE
        self._handle: IO[str] | None = None

    def acquire(self) -> None:
        """Take the lock, waiting (with a message) while another build holds it."""
        if fcntl is None or self._handle is not None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(self.path, "a", encoding="utf-8")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log.info(WAITING.format(path=self.path))
            fcntl.flock(handle, fcntl.LOCK_EX)
        self._handle = handle

    def release(self) -> None:
        """Let the next build run (closing the file releases the lock)."""
        if self._handle is not None:
            self._handle.close()
            self._handle = None
