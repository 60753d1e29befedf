"""Files git tracks but the working tree lacks: photos of a partial, sparse clone.

A publishing runner may check out only the entries' `index.md` (`--filter=blob:none` and a
sparse checkout): git's index still lists every photo with its blob id, without its bytes
(`git ls-files -s`, 0.14 s for 200,000 photos). With a media host, a photo whose blob id the
media manifest knows needs no bytes at all (`media/hosted.py`).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from collections.abc import Iterable
from pathlib import Path

LIMIT = 256 * 1024 * 1024
"""The largest listing read (200,000 photos take about 25 MB)."""
TIMEOUT = 120.0


def absent_blobs(project_dir: Path, folder: Path) -> dict[Path, str]:
    """Tracked files below `folder` that are not in the working tree → their blob ids; empty
    outside a git repository or when git cannot answer (nothing is ever assumed absent)."""
    try:
        listing = subprocess.run(
            ["git", "ls-files", "-s", "-z", "--", str(folder)], cwd=project_dir,
            capture_output=True, timeout=TIMEOUT, check=True,
        ).stdout  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return {}
    if len(listing) > LIMIT:
        return {}
    found = {}
    for record in listing.split(b"\0"):
        meta, _, name = record.partition(b"\t")
        parts = meta.split()
        if len(parts) != 3 or not name:
            continue
        path = project_dir / os.fsdecode(name)
        if not os.path.lexists(path):
            found[path] = parts[1].decode("ascii", "replace")
    return found


def by_folder(paths: Iterable[Path]) -> dict[Path, list[Path]]:
    """`paths` (e.g. the absent files above) grouped by their folder (an entry's)."""
    folders: dict[Path, list[Path]] = {}
    for path in paths:
        folders.setdefault(path.parent, []).append(path)
    return folders


def blob_id(data: bytes) -> str:
    """The id git gives a file of these bytes (`git hash-object`)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()
