"""The derived-media cache: files keyed by the content of their source and their settings.

Lives beside mkdocs.yml (git-ignored), so it survives `site/` being wiped and can be restored
between CI runs. Two small JSON files make a rebuild with nothing changed cheap: a stat index
(path, size, mtime → content hash) spares re-reading unchanged sources, and a size record
(content hash → upright size) gives every derivative's width and height without decoding.

With a media host (`hosted.py`), a derivative its manifest lists counts as present: it is
published from there, and its source's size comes from the manifest too.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from ..atomic import write_atomic
from .hosted import HostedMedia


class MediaCache:
    """Content-addressed storage of derived files plus the stat index of sources."""

    def __init__(
        self, root: Path, project_dir: Path, hosted: HostedMedia | None = None,
        absent: dict[Path, str] | None = None,
    ) -> None:  # fmt: skip
        self.root = root
        self.hosted = hosted
        """The media host's manifest, when the build has one."""
        self.absent = absent or {}
        """Sources absent from the checkout → their identity in the manifest (git_files.py)."""
        self.project_dir = project_dir
        self._index_path = root / "sumber.json"
        self._index = self._load(self._index_path)
        self._sizes_path = root / "ukuran.json"
        self._sizes = self._load(self._sizes_path)
        self._changed = False
        self._media = os.path.join(root, "media")
        self._listed: dict[str, set[str]] = {}
        """File names per media folder, listed once per build (spares a stat per file)."""
        self._used: set[str] = set()
        """Every derivative path asked for in this build: what `prune` keeps."""

    def indexed_hash(self, path: Path, stat: os.stat_result) -> str | None:
        """The content hash of a source file from the index while size and mtime match, else
        None (the caller hashes the bytes it reads anyway, and tells `index`)."""
        known = self._index.get(self._index_key(path))
        if known and known[0] == stat.st_size and known[1] == stat.st_mtime_ns:
            return known[2]
        return None

    def index(self, path: Path, stat: os.stat_result, digest: str) -> None:
        """Record the content hash of a source file as it was when `stat` was taken."""
        key = self._index_key(path)
        if self._index.get(key) != [stat.st_size, stat.st_mtime_ns, digest]:
            self._index[key] = [stat.st_size, stat.st_mtime_ns, digest]
            self._changed = True

    def known_size(self, source_hash: str) -> tuple[int, int] | None:
        """The upright size of a source seen before, or None."""
        size = self._sizes.get(source_hash)
        if isinstance(size, list) and len(size) == 2:
            return size[0], size[1]
        return self.hosted.size(source_hash) if self.hosted else None

    def remember_size(self, source_hash: str, size: tuple[int, int]) -> None:
        """Record a source's upright size (saved by `save`)."""
        self._sizes[source_hash] = list(size)
        self._changed = True

    def path_for(self, source_hash: str, settings: str, suffix: str) -> str:
        """Where the derivative of `source_hash` (a hex digest) with `settings` (letters, digits
        and dashes) is stored; a plain string, as thousands are made per build."""
        path = os.path.join(self._media, source_hash[:2], f"{source_hash[:40]}-{settings}{suffix}")
        self._used.add(path)
        return path

    def has(self, path: str | Path) -> bool:
        """Whether the cache holds `path`, from one listing of its folder per build."""
        folder, name = os.path.split(path)
        names = self._listed.get(folder)
        if names is None:
            try:
                names = self._listed[folder] = set(os.listdir(folder))
            except OSError:
                names = self._listed[folder] = set()
        return name in names

    def hosted_url(self, path: str) -> str | None:
        """The media host's address of a derivative it holds, else None."""
        return self.hosted.url(path) if self.hosted else None

    def available(self, path: str) -> bool:
        """Whether a derivative can be published: in the cache or on the media host."""
        return self.has(path) or self.hosted_url(path) is not None

    def write(self, path: str | Path, data: bytes) -> None:
        """Write atomically: a crash never leaves a half-written cache file."""
        write_atomic(path, data)  # published as a copy: readable by any web server
        folder, name = os.path.split(path)
        if folder in self._listed:
            self._listed[folder].add(name)

    def save(self) -> None:
        """Persist the stat index and size record if they changed; forget vanished sources."""
        if not self._changed:
            return
        self._index = {k: v for k, v in self._index.items() if (self.project_dir / k).exists()}
        self.write(self._index_path, json.dumps(self._index, sort_keys=True).encode())
        self.write(self._sizes_path, json.dumps(self._sizes, sort_keys=True).encode())
        self._changed = False

    def prune(self) -> tuple[int, int]:
        """Delete the derivatives this build did not ask for (replaced or removed photos, old
        settings, interrupted writes), so a cache kept between CI runs does not grow forever.
        Call only after a whole build. Returns the number of files and bytes removed."""
        count = size = 0
        recent = time.time() - 3600  # another process may be writing it right now
        for folder in _subfolders(self._media):
            for item in os.scandir(folder):
                if item.path in self._used or not item.is_file(follow_symlinks=False):
                    continue
                stat = item.stat(follow_symlinks=False)
                if item.name.startswith(".tmp-") and stat.st_mtime > recent:
                    continue
                os.unlink(item.path)
                count, size = count + 1, size + stat.st_size
        return count, size

    def _index_key(self, path: Path) -> str:
        """Sources are indexed relative to the project, so a restored cache still matches."""
        try:
            return path.relative_to(self.project_dir).as_posix()
        except ValueError:
            return path.as_posix()

    @staticmethod
    def _load(path: Path) -> dict:
        """A JSON object from the cache, or empty if absent or unreadable."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}


def _subfolders(folder: str) -> list[str]:
    """The folders directly inside `folder` (none if it does not exist)."""
    try:
        return [item.path for item in os.scandir(folder) if item.is_dir(follow_symlinks=False)]
    except FileNotFoundError:
        return []
