"""Give every entry without an `id` one: the id its folder had before (from git history), or the
next free number of its year. Only the `id:` line of `index.md` is written; the rest of the file
stays byte for byte as it was.

Entries saved from the web editor arrive with `id: ''` (a new activity) and, from an out-of-date
browser copy, an id that was already assigned may come back blank: git history gives it back.
"""

from __future__ import annotations

import datetime
import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..problems import Problems
from .create import format_id, reserve_id, used_numbers
from .frontmatter import FrontMatterError, parse

ID_VALUE = re.compile(r"[0-9a-z][0-9a-z-]{0,39}")
"""What the reader accepts as an id (see `reader.ID_PATTERN`)."""
HISTORY_DEPTH = 200
"""How many past versions of one `index.md` are searched for a lost id."""
_FOLDER_DATE = re.compile(r"(\d{4})-\d{2}-\d{2}")
_REGISTRY_LINE = re.compile(r"^[+-]([0-9a-z][0-9a-z-]*)\s+\d{4}-\d{2}-\d{2}\s*$", re.M)
_ID_LINE = re.compile(r"""^id:[ \t]*["']?([0-9a-z][0-9a-z-]*)["']?[ \t]*(?:#.*)?$""", re.M)


@dataclass(frozen=True)
class Assigned:
    """An id written into an entry."""

    source: str
    """The entry's `index.md`, relative to the project folder."""
    entry_id: str
    restored: bool
    """True when the id came back from the folder's git history."""


@dataclass(frozen=True)
class _Missing:
    """An entry that needs an id, with what decides which."""

    index: Path
    source: str
    text: str
    year: int
    id_line: int | None
    """1-based file line of the empty `id:` key, or None when there is none."""


def assign_ids(
    project: Path, root: Path, registry: Path, reservations: Path, problems: Problems
) -> list[Assigned]:
    """Write an id into every entry below `root` that has none; entries that cannot get one go
    into `problems`."""
    missing = sorted(_missing_ids(project, root, problems), key=lambda m: (m.year, m.source))
    taken = _current_ids(root)
    assigned = []
    for entry in missing:
        old = _history_id(entry.index)
        restored = old is not None and old not in taken
        if old is not None and restored:
            entry_id = old
        else:
            entry_id = _new_id(root, registry, reservations, entry.year)
        taken.add(entry_id)
        _write_id(entry.index, set_id(entry.text, entry_id, entry.id_line))
        assigned.append(Assigned(entry.source, entry_id, restored))
    return assigned


def _missing_ids(project: Path, root: Path, problems: Problems) -> Iterator[_Missing]:
    """The entries whose front matter has no id or an empty one."""
    for index in sorted(root.rglob("index.md")):
        if any(part.startswith(".") for part in index.relative_to(root).parts):
            continue
        source = index.relative_to(project).as_posix()
        try:
            text = index.read_bytes().decode("utf-8")
            front = parse(text)
        except (UnicodeDecodeError, FrontMatterError):
            continue  # the reader reports these with their line; nothing to write into
        if front.data.get("id") not in (None, ""):
            continue
        year = _year(front.data.get("date"), index.parent.name)
        if year is None:
            problems.add(
                source,
                "belum punya id dan tanggalnya tidak terbaca, jadi tahun id-nya tidak diketahui. "
                "Isi `date: YYYY-MM-DD` lalu jalankan lagi.",
                front.key_lines.get("date", 1),
            )
            continue
        yield _Missing(index, source, text, year, front.key_lines.get("id"))


def _year(date, folder_name: str) -> int | None:
    """The activity's year: from `date`, else from a folder named `YYYY-MM-DD-…`."""
    if isinstance(date, datetime.date):
        return date.year
    match = _FOLDER_DATE.match(folder_name)
    return int(match[1]) if match else None


def _current_ids(root: Path) -> set[str]:
    """Every id written in an entry below `root` today."""
    ids: set[str] = set()
    for index in root.rglob("index.md"):
        ids.update(_ID_LINE.findall(index.read_text(encoding="utf-8", errors="replace")))
    return ids


def _new_id(root: Path, registry: Path, reservations: Path, year: int) -> str:
    """The next number of `year` after every one used by an entry, the registry (today's or any
    committed version of it, should a line have been lost) or an earlier reservation."""
    used = used_numbers(root, registry, year) | _numbers(_registry_history(registry), year)
    return reserve_id(reservations, year, used)


def _numbers(ids: set[str], year: int) -> set[int]:
    """The numbers of the ids `<year>-<number>` among `ids`."""
    pattern = re.compile(rf"{year}-(\d+)")
    return {int(m[1]) for i in ids if (m := pattern.fullmatch(i))}


def _registry_history(registry: Path) -> set[str]:
    """Every id any committed version of the registry listed (none outside a repository)."""
    if not registry.parent.is_dir():
        return set()
    log = git_output(registry.parent, "log", "-p", "--format=", "--", registry.name) or ""
    return set(_REGISTRY_LINE.findall(log))


def set_id(text: str, entry_id: str, id_line: int | None) -> str:
    """`text` with its `id:` line (1-based `id_line`) replaced, or a new one added right after
    the opening `---`; every other line is kept exactly."""
    lines = text.splitlines(keepends=True)
    ending = _line_ending(lines[0])
    new_line = f"id: {_scalar(entry_id)}"
    if id_line is None:
        lines.insert(1, new_line + ending)
    else:
        old = lines[id_line - 1]
        lines[id_line - 1] = new_line + old[len(old.rstrip("\r\n")) :]
    return "".join(lines)


def _line_ending(line: str) -> str:
    """The line ending `line` uses (`\\r\\n` or `\\n`)."""
    return "\r\n" if line.endswith("\r\n") else "\n"


def _scalar(value: str) -> str:
    """`value` as YAML that reads back as the same text: bare when it can be, else quoted."""
    try:
        if yaml.safe_load(value) == value:
            return value
    except yaml.YAMLError:
        pass
    return f'"{value}"'


def _write_id(index: Path, text: str) -> None:
    """Replace `index.md` through a hidden temporary file, so no reader sees half a file."""
    partial = index.with_name(".index.md.id-tmp")
    partial.write_bytes(text.encode("utf-8"))
    partial.replace(index)


# -- git history ----------------------------------------------------------------------------


def _history_id(index: Path) -> str | None:
    """The most recent non-empty id this `index.md` had in git history (following renames), or
    None outside a repository or when it never had one."""
    for commit, path in _past_versions(index):
        text = git_output(index.parent, "show", f"{commit}:{path}")
        if text is None:
            continue
        found = _front_id(text)
        if found:
            return found
    return None


def _past_versions(index: Path) -> list[tuple[str, str]]:
    """(commit, path at that commit) of each committed version of `index`, newest first."""
    log = git_output(
        index.parent, "log", "--follow", f"-n{HISTORY_DEPTH}", "--format=%x00%H", "--name-only",
        "--", index.name,
    )  # fmt: skip
    versions = []
    for block in (log or "").split("\0")[1:]:
        parts = [line for line in block.splitlines() if line]
        if len(parts) >= 2:
            versions.append((parts[0], parts[-1]))
    return versions


def _front_id(text: str) -> str | None:
    """The id in a past version's front matter, when it is a valid one."""
    try:
        value = parse(text).data.get("id")
    except FrontMatterError:
        return None
    return value if isinstance(value, str) and ID_VALUE.fullmatch(value) else None


def git_output(folder: Path, *args: str) -> str | None:
    """The output of a git command run in `folder`, or None when it fails or git is missing."""
    try:
        result = subprocess.run(
            ["git", "-c", "core.quotepath=off", *args], cwd=folder, capture_output=True,
            check=False, timeout=60,
        )  # fmt: skip
    except (OSError, subprocess.TimeoutExpired):
        return None
    if result.returncode != 0:
        return None
    return result.stdout.decode("utf-8", errors="replace")


__all__ = ["Assigned", "assign_ids", "format_id", "git_output", "set_id"]
