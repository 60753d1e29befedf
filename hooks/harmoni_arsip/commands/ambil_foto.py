"""`harmoni ambil-foto`: in a partial, sparse checkout (the publishing workflow), bring in from git
only the original photos and videos the media host does not hold yet.

The workflow checks out without photo and video bytes (`--filter=blob:none`, a sparse checkout
leaving them out); git still lists each one's blob id (`git_files.py`). Those whose blob id the
media manifest knows need no bytes (the build links them on the media host); the rest are added
to the sparse checkout, which fetches just their blobs. Without a media host, or when its
manifest cannot be read, every file comes in (the sparse checkout is turned off): the build then
works exactly as from a full checkout.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from ..entries.archive import entries_root
from ..git_files import absent_blobs
from ..media.hosted import read_hosted
from ..problems import HarmoniError
from .common import load_project

SPECIAL = "\\*?[!#"
"""Characters with a meaning in a sparse-checkout pattern, escaped in a file's path."""


def register(commands) -> None:
    parser = commands.add_parser(
        "ambil-foto",
        help="(alur kerja) ambil dari git foto asli yang belum ada di host media",
        description="Di checkout sebagian (alur kerja penerbitan): mengambil dari git hanya foto "
        "dan video asli yang belum ada di host media (manifest media); tanpa host media, semua.",
    )
    parser.set_defaults(run=run)


def run(args) -> int:
    _, settings, project = load_project(args.config_file)
    absent = absent_blobs(project, entries_root(project, settings))
    if not absent:
        print("ambil-foto: semua foto dan video asli sudah ada di checkout.")
        return 0
    hosted = read_hosted(settings.media)
    if hosted is None:
        _git(project, "sparse-checkout", "disable")
        print(f"ambil-foto: tanpa manifest media: semua {len(absent)} berkas asli diambil.")
        return 0
    needed = sorted(path for path, blob in absent.items() if blob not in hosted.by_git)
    if needed:
        patterns = "".join(_pattern(path, project) + "\n" for path in needed)
        _git(project, "sparse-checkout", "add", "--stdin", stdin=patterns)
    print(f"ambil-foto: {len(needed)} berkas asli baru diambil; {len(absent) - len(needed)} "
          "sudah di host media, tidak diunduh.")  # fmt: skip
    return 0


def _pattern(path: Path, project: Path) -> str:
    """A sparse-checkout pattern matching exactly `path`."""
    relative = path.relative_to(project).as_posix()
    return "/" + "".join("\\" + c if c in SPECIAL else c for c in relative)


def _git(project: Path, *args: str, stdin: str | None = None) -> None:
    """Run git in the project; a failure stops with git's own message."""
    try:
        subprocess.run(["git", *args], cwd=project, input=stdin, text=True, check=True,
                       capture_output=True, timeout=1800)  # fmt: skip
    except subprocess.CalledProcessError as err:
        raise HarmoniError(f"`git {' '.join(args)}` gagal: {err.stderr.strip()[:500]}") from None
    except (OSError, subprocess.TimeoutExpired) as err:
        raise HarmoniError(f"`git {' '.join(args)}` tidak dapat dijalankan: {err}") from None
