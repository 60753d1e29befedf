"""What `harmoni cek-situs --lengkap` checks this time: a rotating sample that fits its deadline.

At 10,000 activities the whole published site is hundreds of thousands of requests, far more
than a slow link answers in one run. So each run checks, in this order: what changed since the
last run (a page new to the sitemap, a part that failed or was cut short last time, an activity
whose entry folder changed), then the rest from the longest unchecked, for as long as its
deadline allows. What is left waits for the next run; over a few runs every address is checked.

The memory of past runs is one small JSON file (by default `.cache/harmoni/cek-situs.json`
beside mkdocs.yml): for each part of the site its last passing run (0: not yet checked, -1:
failed), and for each activity a fingerprint of its entry folder. A missing, damaged or foreign
file only means starting afresh.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from ..atomic import write_atomic
from ..entries import Entry

VERSION = 1
MAX_STATE_BYTES = 32 * 1024 * 1024
"""Read no larger state file (10,000 activities need about 3 MB)."""
MAX_ENTRY_FILES = 2_000
"""Files of an entry folder that go into its fingerprint."""
WAITING = 0
"""A part of the site known from an earlier run but not checked yet."""
FAILED = -1
"""A part that failed (or was cut short by the deadline) last time: checked first."""


@dataclass(frozen=True)
class Target:
    """One unit of the check: a key for the memory, the activity it belongs to (if any)."""

    key: str
    """`id:<id>` for an activity's permanent address and QR code, or a page's site path."""
    entry_id: str | None = None


@dataclass
class Rotation:
    """The memory of past runs and the order of this one."""

    path: Path
    now: int
    """This run's time (seconds since 1970): what a passing check is remembered with."""
    checked: dict[str, int] = field(default_factory=dict)
    """Key → the run in which it last passed (`WAITING`: never, `FAILED`: failed last time)."""
    prints: dict[str, str] = field(default_factory=dict)
    """Activity id → its entry folder's fingerprint when it was last checked."""
    current: dict[str, str] = field(default_factory=dict)
    """Activity id → its entry folder's fingerprint now."""
    problem: str = ""
    """Why the memory could not be read (staff are told once; the run starts afresh)."""

    def changed(self, target: Target) -> bool:
        """New since the last run, failed last time, or its activity changed since."""
        if self.checked.get(target.key, FAILED) == FAILED:
            return True
        entry = target.entry_id
        return entry is not None and self.prints.get(entry) != self.current.get(entry)

    def order(self, targets: list[Target]) -> list[Target]:
        """Changed first, then the longest unchecked; ties by key, so runs are repeatable."""
        return sorted(targets, key=lambda t: (not self.changed(t), self.checked.get(t.key, 0),
                                              t.key))  # fmt: skip

    def passed(self, target: Target, passed: bool) -> None:
        """Remember how `target` fared in this run."""
        self.checked[target.key] = self.now if passed else FAILED
        if passed and target.entry_id is not None and target.entry_id in self.current:
            self.prints[target.entry_id] = self.current[target.entry_id]

    def save(self, targets: list[Target]) -> None:
        """Write the memory, keeping only what is still published (and knowing all of it)."""
        keys = {t.key for t in targets}
        entries = {t.entry_id for t in targets if t.entry_id is not None}
        known = {key: self.checked.get(key, WAITING) for key in sorted(keys)}
        data = {
            "versi": VERSION,
            "diperiksa": known,
            "sidik": {key: value for key, value in sorted(self.prints.items()) if key in entries},
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(self.path, json.dumps(data, separators=(",", ":")) + "\n")


def load_rotation(path: Path, now: int, entries: list[Entry]) -> Rotation:
    """The memory at `path` (or an empty one, with the reason) and the activities' prints now."""
    rotation = Rotation(path, now, current={e.id: fingerprint(e.folder) for e in entries})
    try:
        with path.open("rb") as file:
            raw = file.read(MAX_STATE_BYTES + 1)
    except FileNotFoundError:
        return rotation
    except OSError as err:
        rotation.problem = f"{path}: tidak dapat dibaca ({err.strerror}); mulai dari awal."
        return rotation
    data = _parsed(raw)
    if data is None:
        rotation.problem = (
            f"{path}: bukan catatan cek-situs yang dikenal (rusak, terlalu besar, atau dari "
            "versi lain); pemeriksaan mulai dari awal dan menulisnya baru."
        )
        return rotation
    rotation.checked, rotation.prints = data
    return rotation


def _parsed(raw: bytes) -> tuple[dict[str, int], dict[str, str]] | None:
    """The two tables of a state file, or None when it is not one this version wrote."""
    if len(raw) > MAX_STATE_BYTES:
        return None
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        return None
    if not isinstance(data, dict) or data.get("versi") != VERSION:
        return None
    checked, prints = data.get("diperiksa"), data.get("sidik")
    if not isinstance(checked, dict) or not isinstance(prints, dict):
        return None
    good_checked = {k: v for k, v in checked.items() if isinstance(v, int)
                    and not isinstance(v, bool)}  # fmt: skip
    good_prints = {k: v for k, v in prints.items() if isinstance(v, str)}
    return good_checked, good_prints


def fingerprint(folder: Path) -> str:
    """What an entry folder holds: its index.md's bytes and every file's name and size (a
    replaced photo changes its size in practice; checking must not read every photo)."""
    digest = hashlib.sha256()
    try:
        digest.update((folder / "index.md").read_bytes())
        with os.scandir(folder) as found:
            files = sorted((item.name, item.stat().st_size) for _, item in
                           zip(range(MAX_ENTRY_FILES), found) if item.is_file())  # fmt: skip
    except OSError:
        return ""
    for name, size in files:
        digest.update(f"\0{name}\0{size}".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()[:16]
