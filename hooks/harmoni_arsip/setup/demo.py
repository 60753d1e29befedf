"""Removing the demo: every entry marked `contoh: true` with its folder, its lines in the
registry of published ids and its rows in the reach data. Allowed only while every registered
id belongs to a demo entry, because printed QR codes depend on the registry."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..entries.frontmatter import FrontMatterError, parse
from ..problems import HarmoniError
from ..settings import HarmoniSettings
from ..stats.figures import normalise_url, post_key

ENTRY_MAX_BYTES = 1_000_000
"""An `index.md` larger than this is not read (it is not a demo entry either way)."""
REGISTRY_LINE = re.compile(r"\s*(?P<id>\S+)\s+\S+\s*")


@dataclass(frozen=True)
class DemoEntry:
    """One demo entry: its folder, id and social-media addresses."""

    folder: Path
    entry_id: str | None
    links: tuple[str, ...]


@dataclass
class DemoRemoval:
    """What removing the demo changes (nothing when there is no demo left)."""

    folders: list[Path] = field(default_factory=list)
    registry: tuple[Path, str] | None = None
    """The registry without the demo's lines, if it changes."""
    reach: tuple[Path, str] | None = None
    """The reach data without the demo's rows, if it changes."""
    real_ids: list[str] = field(default_factory=list)
    """Registered ids of entries that are not the demo's: then nothing may be changed."""

    def refusal(self, registry: str) -> HarmoniError:
        """Why an archive with real published entries is left alone."""
        ids = ", ".join(self.real_ids[:10]) + (" …" if len(self.real_ids) > 10 else "")
        return HarmoniError(
            f"{registry} sudah berisi kegiatan nyata ({ids}): kode QR-nya mungkin sudah "
            "tercetak, jadi tidak ada yang dihapus atau ditulis. `harmoni mulai` hanya untuk "
            "arsip baru; ubah pengaturan arsip yang sudah terbit di mkdocs.yml."
        )


def plan_removal(project: Path, settings: HarmoniSettings) -> DemoRemoval:
    """What removing the demo changes; when a registered id is not a demo entry's, nothing
    but those ids (`real_ids`)."""
    root = project / settings.folder_kegiatan
    demo = _demo_entries(root)
    removal = DemoRemoval(folders=[d.folder for d in demo])
    registry_path = project / settings.daftar_terbit
    demo_ids = {d.entry_id for d in demo if d.entry_id}
    if registry_path.is_file():
        text = registry_path.read_text(encoding="utf-8")
        removal.real_ids = [i for i in _registered(text) if i not in demo_ids]
        if removal.real_ids:
            return removal
        kept = _without_lines(text, demo_ids)
        if kept != text:
            removal.registry = (registry_path, kept)
    reach_path = project / settings.data_jangkauan
    links = {key for d in demo for link in d.links for key in _keys(link)}
    if reach_path.is_file() and links:
        text = reach_path.read_text(encoding="utf-8-sig")
        kept = _without_rows(text, links)
        if kept != text:
            removal.reach = (reach_path, kept)
    return removal


def _demo_entries(root: Path) -> list[DemoEntry]:
    """Every entry under `root` whose front matter says `contoh: true`."""
    found = []
    for index in sorted(root.rglob("index.md")) if root.is_dir() else []:
        if index.stat().st_size > ENTRY_MAX_BYTES:
            continue
        try:
            data = parse(index.read_text(encoding="utf-8")).data
        except (FrontMatterError, UnicodeDecodeError):
            continue
        if data.get("contoh") is True:
            links = data.get("media_sosial") or []
            entry_id = str(data["id"]) if data.get("id") is not None else None
            found.append(DemoEntry(index.parent, entry_id, tuple(str(u) for u in links)))
    return found


def _registered(text: str) -> list[str]:
    """The ids of the registry's lines."""
    ids = []
    for line in text.splitlines():
        match = REGISTRY_LINE.fullmatch(line)
        if match and not line.lstrip().startswith("#"):
            ids.append(match["id"])
    return ids


def _without_lines(text: str, ids: set[str]) -> str:
    """The registry without the lines of `ids` (comments and other lines kept)."""
    lines = text.splitlines(keepends=True)
    return "".join(
        line for line in lines
        if not ((m := REGISTRY_LINE.fullmatch(line.rstrip("\r\n"))) and m["id"] in ids)
    )  # fmt: skip


def _without_rows(text: str, links: set[str]) -> str:
    """The reach CSV without the rows of the demo's social-media posts (the header kept;
    `links` holds their keys)."""
    lines = text.splitlines(keepends=True)
    kept = lines[:1]
    for line in lines[1:]:
        cells = next(csv.reader(io.StringIO(line)), [""])
        if not cells or not _keys(cells[0].strip()) & links:
            kept.append(line)
    return "".join(kept)


def _keys(url: str) -> set[str]:
    """What identifies a post, as the statistics page matches reach rows to activities."""
    return {post_key(url), normalise_url(url)}
