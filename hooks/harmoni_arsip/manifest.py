"""The manifest: everything a build publishes from the archive, as plain data.

`render_plan.make_manifest` makes it; the engine adapter only assembles it, and the memo
(`memo.py`) keeps it for the next build as it is. It holds each generated page's Markdown and
the HTML before and after the place where the engine puts the narrative it renders from that
Markdown; the tags for each page's `<head>`; the files made from data, as bytes; the files
published as they are, with the stat of their source; the problems in staff input the plan
found, among them what the sanitizer would drop from a narrative (`pages/narrative.py`), so a
remembered manifest reports them once; and `inputs`, what the plan read. Everything is
strings, bytes, numbers, lists, tuples and dicts.

What hand-written pages get (the latest activities on the home page, the open-data tables, the
link-preview tags) is rendered once too, with `ROOT` where their links start: the engine puts the
way from the page to the site root there, and fills `TITLE`, `DESCRIPTION` and `URL` of the
hand-written page's preview (escaped, as Jinja would).

This module imports no stage, so a build that the memo serves does not load them (nor Pillow).
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .inputs import Inputs, Stat
from .settings import HarmoniSettings, Site
from .sourcedate import VARIABLE as SOURCE_DATE_VARIABLE

PLAN_VERSION = "4"
"""Changes whenever the manifest's shape or meaning changes: older memos are not used."""
DISTRIBUTIONS = (
    "mkdocs", "mkdocs-material", "jinja2", "markupsafe", "pyyaml", "markdown",
    "pymdown-extensions", "mkdocs-glightbox", "pillow", "pillow-heif", "qrcode", "resvg-py",
    "leather", "imageio-ffmpeg",
)  # fmt: skip
"""The installed libraries whose code or files shape the manifest (their versions are part of
its inputs; files copied from them are checked one by one as well)."""
MarkdownSetup = tuple[list[Any], dict[str, Any]]
"""The site's Markdown extensions and their settings (`markdown_extensions` of mkdocs.yml, as
MkDocs reads it: `config.markdown_extensions`, `config.mdx_configs`); the narratives are checked
with them."""
ROOT = "HARMONIxAKARx"
"""Where a link of a hand-written page's fragment starts: the engine puts the way to the root."""
TITLE, DESCRIPTION, URL = "HARMONIxJUDULx", "HARMONIxDESKRIPSIx", "HARMONIxALAMATx"
"""What the engine fills in a hand-written page's preview tags (escaped)."""
PREVIEW_NOTE = (
    '<p class="admonition warning harmoni-pratinjau">Pratinjau (<code>mkdocs serve</code>): '
    "halaman ini belum terbit. Kode QR di pratinjau sudah berisi alamat tetap situs.</p>\n"
)
"""What `mkdocs serve` shows at the top of every page."""


@dataclass(frozen=True, kw_only=True)
class PageOut:
    """One generated page, rendered but for its narrative."""

    src_uri: str
    in_nav: bool
    markdown: str
    """Front matter for the theme, then the Markdown the engine renders into the narrative."""
    canonical_url: str | None
    before: str
    after: str
    head: str
    """Tags for the end of its `<head>`."""


@dataclass(kw_only=True)
class Manifest:
    """Everything a build publishes from the archive, as plain data."""

    inputs: Inputs
    nav: list[Any]
    """The generated navigation sections (MkDocs' `nav` format)."""
    pages: list[PageOut]
    written: list[tuple[str, bytes]]
    """Files made from data (feed, open data, editor config): address and bytes."""
    copied: list[tuple[str, str, Stat]]
    """Files published as they are (images, QR codes, posters, videos, assets): address, source
    path, and the source's stat when planned."""
    inserts: dict[str, str]
    """What hand-written pages ask for with a marker (an HTML comment), by marker."""
    head: str
    """The preview tags of a hand-written page, with `TITLE`, `DESCRIPTION`, `URL`, `ROOT`."""
    default_description: str
    problems: list[tuple[str, str, int | None]]
    """Problems in staff input found while planning (path, message, line)."""
    stop: str | None = None
    """Why the build must stop (published ids without entries), or None."""
    preview_note: str = field(default=PREVIEW_NOTE)


def input_values(
    project_dir: Path, settings: HarmoniSettings, site: Site, markdown: MarkdownSetup,
    hosted: str = "",
) -> str:  # fmt: skip
    """What a manifest depends on besides files: the plan's version, the settings (the Markdown
    extensions the narratives are checked with among them), the environment's reproducible date,
    the versions of the libraries that shape it, and `hosted`, the digest of the media host's
    manifest the plan used (empty without one)."""
    versions = {name: _version(name) for name in DISTRIBUTIONS}
    about = (PLAN_VERSION, sys.version, str(project_dir), site, settings, versions,
             os.environ.get(SOURCE_DATE_VARIABLE), _described(markdown), hosted)  # fmt: skip
    return repr(about)


def _described(markdown: MarkdownSetup) -> str:
    """The Markdown settings as text that is equal from build to build: a function or object
    in an extension's settings (`!!python/name:…`) by its name, not by where it is in memory."""
    return json.dumps(markdown, sort_keys=True, default=_name_of)


def _name_of(value: Any) -> str:
    kind = value if callable(value) and hasattr(value, "__qualname__") else type(value)
    return f"{kind.__module__}.{kind.__qualname__}"


def _version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "-"
