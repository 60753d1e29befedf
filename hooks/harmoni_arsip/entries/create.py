"""Create a new entry folder: the next free id, an atomic folder, the `index.md` text.

An id is never reused: the next number comes after the highest one used that year by any entry
(valid or not) or by the registry of published ids, and each id is claimed with an atomic
`mkdir` in a reservation folder, so two runs at the same time never get the same id.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..addresses import slug
from ..atomic import write_atomic
from ..problems import Problems
from .reader import ids_in_file
from .readiness import PLACEHOLDER
from .registry import read_registry

SLUG_MAX = 60
"""Longest title part of a folder name, so paths stay readable on every system."""


@dataclass(frozen=True)
class NewEntry:
    """What staff said about a new activity, already checked against the settings."""

    title: str
    date: datetime.date
    kategori: str
    kecamatan: str | None = None
    desa: tuple[str, ...] = ()
    description: str = ""


def used_numbers(root: Path, registry: Path, year: int) -> set[int]:
    """The numbers of the ids `<year>-<number>` used by any entry below `root` (broken or
    duplicate ones too) or listed in the registry."""
    ids = set(read_registry(registry, registry.name, Problems()))
    for index in root.rglob("index.md"):
        ids.update(ids_in_file(index))
    pattern = re.compile(rf"{year}-(\d+)")
    return {int(m[1]) for i in ids if (m := pattern.fullmatch(i))}


def reserve_id(reservations: Path, year: int, used: set[int]) -> str:
    """Claim the first id after every used number: an atomic `mkdir` per id, so a concurrent
    run that claimed it first makes this one move on to the next number."""
    reservations.mkdir(parents=True, exist_ok=True)
    number = max(used, default=0) + 1
    while True:
        entry_id = format_id(year, number)
        try:
            (reservations / entry_id).mkdir()
        except FileExistsError:
            number += 1
            continue
        return entry_id


def release_id(reservations: Path, entry_id: str) -> None:
    """Give back an id whose entry was not created after all, so the next run can have it."""
    try:
        (reservations / entry_id).rmdir()
    except OSError:
        pass


def format_id(year: int, number: int) -> str:
    """`2024-007`: the year and an at least three-digit number."""
    return f"{year}-{number:03d}"


def make_folder(root: Path, entry: NewEntry) -> Path:
    """Create `<root>/<year>/<date>-<slug of title>/`; a name already taken gets `-2`, `-3`, …"""
    parent = root / str(entry.date.year)
    parent.mkdir(parents=True, exist_ok=True)
    return claim_folder(parent, folder_name(entry))


def folder_name(entry: NewEntry) -> str:
    """`<date>-<slug of title>`, the entry folder's name before any `-2` suffix."""
    return f"{entry.date.isoformat()}-{title_slug(entry.title)}"


def claim_folder(parent: Path, base: str) -> Path:
    """Create `parent/base` (or `base-2`, `base-3`, … when taken) with an atomic `mkdir`."""
    suffix = 1
    while True:
        folder = parent / (base if suffix == 1 else f"{base}-{suffix}")
        try:
            folder.mkdir()
        except FileExistsError:
            suffix += 1
            continue
        return folder


def title_slug(title: str) -> str:
    """The title as a short folder name: `Pelatihan BUMDes: Tahap 2` → `pelatihan-bumdes-tahap-2`
    (cut at a word boundary)."""
    text = slug(title)
    if len(text) <= SLUG_MAX:
        return text
    return text[:SLUG_MAX].rsplit("-", 1)[0] or text[:SLUG_MAX]


def index_text(entry: NewEntry, entry_id: str, photos: list[str]) -> str:
    """The `index.md` of a new entry: front matter, caption slots, a placeholder narrative."""
    data: dict = {"id": entry_id, "title": entry.title, "date": entry.date}
    if entry.description:
        data["description"] = entry.description
    data["kategori"] = entry.kategori
    if entry.kecamatan:
        data["kecamatan"] = entry.kecamatan
    if entry.desa:
        data["desa"] = list(entry.desa)  # always a list, as the web editor writes it
    front = yaml.dump(
        data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000,
        default_flow_style=False,
    )  # fmt: skip
    return f"---\n{front}{_caption_slots(photos)}---\n\n{PLACEHOLDER}\n"


def _caption_slots(photos: list[str]) -> str:
    """An item with an empty `teks` per photo, for staff to fill in (the list form the web
    editor also writes)."""
    if not photos:
        return ""
    items = [f"  - berkas: {plain_scalar(name)}\n    teks:\n" for name in photos]
    return "# Tulis keterangan setiap foto sesudah `teks:`, mis. `teks: Pembukaan acara.`\n" + (
        "keterangan:\n" + "".join(items)
    )


def plain_scalar(name: str) -> str:
    """A file name as a YAML scalar that reads back as the same text."""
    return yaml.safe_dump(name, allow_unicode=True, width=10_000).removesuffix("\n...\n").strip()


def write_index(folder: Path, text: str) -> Path:
    """Write `index.md` under a hidden name first, so no reader ever sees half a file."""
    target = folder / "index.md"
    write_atomic(target, text)
    return target


class _Dumper(yaml.SafeDumper):
    """Indents list items under their key, as the staff guide writes them."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        """Never indentless: `desa:` is followed by `  - Balunijuk`."""
        return super().increase_indent(flow, False)
