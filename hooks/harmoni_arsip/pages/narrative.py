"""What the sanitizer drops from a narrative or a hand-written page, as staff problems with the
file and line: `harmoni periksa` and the build report them, so `mkdocs build --strict` fails on
markup that would not be published.

The Markdown is rendered here with the site's own extensions (`markdown_extensions` of
mkdocs.yml), so `attr_list`'s `{: onclick=… }` is seen as the build sees it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import markdown
from mkdocs.utils.meta import get_data

from .. import inputs
from ..entries import Entry
from ..problems import Problems
from .sanitize import Dropped, dropped

MAY_HOLD_MARKUP = re.compile(r"<|\{|\]\s*[(:]|&")
"""Markdown without raw HTML, attributes, links, images or entities renders only to allowed
elements; only text that holds one of these is rendered and read."""
ADVICE = (
    "Yang boleh: Markdown dan HTML sederhana (judul, paragraf, daftar, tautan http/https, "
    "huruf tebal dan miring, tabel, gambar dari situs sendiri). Hapus bagian itu; lihat "
    'Panduan staf, "Narasi".'
)

Render = Callable[[str], str]
"""Markdown text to HTML."""


def markdown_renderer(extensions: Iterable[Any], configs: dict[str, Any]) -> Render:
    """A renderer with the site's Markdown extensions and their settings."""
    md = markdown.Markdown(extensions=list(extensions), extension_configs=configs)
    return lambda text: md.reset().convert(text)


def check_narratives(entries: Iterable[Entry], render: Render, problems: Problems) -> None:
    """Every entry whose narrative holds what is not published: one problem per item."""
    for entry in entries:
        if MAY_HOLD_MARKUP.search(entry.body):
            found = dropped(render(entry.body))
            if found:
                first = _first_body_line(entry.folder / "index.md", entry.body)
                report_dropped(entry.source, entry.body, first, found, problems, "narasi")


def check_hand_written(
    docs_dir: Path, project_dir: Path, render: Render, problems: Problems
) -> None:  # fmt: skip
    """Every Markdown page of the docs folder whose content holds what is not published (the
    pages and folders read are noted as inputs of the plan)."""
    for path in _markdown_files(docs_dir):
        inputs.note(path)
        text = path.read_text(encoding="utf-8", errors="replace")
        body, _ = get_data(text)
        if MAY_HOLD_MARKUP.search(body):
            found = dropped(render(body))
            if found:
                first = text.count("\n") - body.count("\n") + 1
                source = path.relative_to(project_dir).as_posix()
                report_dropped(source, body, first, found, problems)


def _markdown_files(folder: Path) -> list[Path]:
    """The regular `.md` files below `folder`, symbolic links neither followed nor read."""
    found = []
    for root, _, names in os.walk(folder):
        inputs.note(root)
        paths = (Path(root) / name for name in names if name.endswith(".md"))
        found += [path for path in paths if not path.is_symlink() and path.is_file()]
    return sorted(found)


def report_dropped(
    source: str, text: str, first_line: int, found: list[Dropped], problems: Problems,
    kind: str = "halaman ini",
) -> None:  # fmt: skip
    """One problem per dropped item of `text` (which starts at line `first_line` of
    `source`), at the line that holds it."""
    seen = set()
    for item, line in zip(found, _lines_of(text, [item.needle for item in found]), strict=True):
        where = first_line + line if line is not None else None
        if (item.what, where) not in seen:
            seen.add((item.what, where))
            message = f"{kind} memuat {item.what}, yang tidak diterbitkan. {ADVICE}"
            problems.add(source, message, where)


def _lines_of(text: str, needles: list[str]) -> list[int | None]:
    """The 0-based line of each needle in `text`, searched in order (case-insensitively), each
    after the previous one where it can be."""
    lower = text.lower()
    lines: list[int | None] = []
    at = 0
    for needle in needles:
        found = lower.find(needle.lower(), at) if needle else -1
        if found < 0 and needle:
            found = lower.find(needle.lower())
        if found < 0:
            lines.append(None)
            continue
        lines.append(lower.count("\n", 0, found))
        at = found + 1
    return lines


def _first_body_line(index: Path, body: str) -> int:
    """The file line where the body below the front matter starts (1 when unknown)."""
    try:
        text = index.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return 1
    if not text.endswith(body):
        return 1
    return text[: len(text) - len(body)].count("\n") + 1
