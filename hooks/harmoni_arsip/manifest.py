"""Stage 7: the site plan rendered, one plain-data manifest of everything the archive publishes.

`make_manifest` is the one entry point that the build and `harmoni periksa` both use. It reads
the archive, makes the site plan (`plan.py`) and renders every generated page at once, so the
engine only assembles: each page's Markdown and the HTML before and after the place where the
engine puts the narrative it renders from that Markdown; the tags for each page's `<head>`;
the files made from data, as bytes; the files published as they are, with the identity of their
source; the problems in staff input the plan found, among them what the sanitizer would drop
from a narrative (`pages/narrative.py`, with the site's own Markdown extensions), so the build
and `harmoni periksa` report it alike and a remembered manifest reports it once. Everything is
strings, bytes, numbers, lists, tuples and dicts, so the memo (`memo.py`) can keep it for the
next build as it is.

What hand-written pages get (the latest activities on the home page, the open-data tables, the
link-preview tags) is rendered once too, with `ROOT` where their links start: the engine puts the
way from the page to the site root there, and fills `TITLE`, `DESCRIPTION` and `URL` of the
hand-written page's preview (escaped, as Jinja would).
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import sys
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

import yaml

from . import inputs
from .addresses import FEED_URI, site_url_of
from .entries import Archive
from .entries.archive import load_archive
from .entries.registry import missing_message
from .exports.site import feed_title
from .inputs import Inputs, Stat
from .media.cache import MediaCache
from .pages.base import GeneratedPage
from .pages.narrative import MarkdownSetup, check_narratives, markdown_renderer
from .pages.previews import Preview
from .pages.render import keep_compiled_templates, render, render_for_any_page
from .plan import SitePlan, plan_site
from .problems import Problems
from .settings import HarmoniSettings, Site
from .sourcedate import VARIABLE as SOURCE_DATE_VARIABLE

PLAN_VERSION = "3"
"""Changes whenever the manifest's shape or meaning changes: older memos are not used."""
DISTRIBUTIONS = (
    "mkdocs", "mkdocs-material", "jinja2", "markupsafe", "pyyaml", "markdown",
    "pymdown-extensions", "mkdocs-glightbox", "pillow", "pillow-heif", "qrcode", "resvg-py",
    "leather", "imageio-ffmpeg",
)  # fmt: skip
"""The installed libraries whose code or files shape the manifest (their versions are part of
its inputs; files copied from them are checked one by one as well)."""
PACKAGE = Path(__file__).parent
"""The archive's code, templates and assets: an input of every manifest."""
NARRATIVE = "\x00harmoni-narasi\x00"
"""Stands for the narrative while a page is rendered; split off afterwards."""
UNINDEXED_MARKER = "<!-- harmoni:tidak-diindeks -->"
"""Where the part of an activity page that search leaves out begins (templates/activity.html)."""
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
    unindexed: str
    """The end of the page that the site search leaves out (gallery, QR code, share links)."""
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


@dataclass(frozen=True)
class Planned:
    """A manifest with what it was made from: the archive (for `harmoni periksa`'s advice), the
    plan (sizes) and the media cache it used (pruned after a whole build)."""

    manifest: Manifest
    archive: Archive
    plan: SitePlan
    cache: MediaCache


def make_manifest(
    project_dir: Path, settings: HarmoniSettings, site: Site, markdown: MarkdownSetup
) -> Planned:  # fmt: skip
    """Read the archive, check its narratives, plan the site and render it; derived images are
    made here when missing. Every file the readers open is noted in the manifest's inputs."""
    cache_dir = project_dir / settings.cache
    keep_compiled_templates(cache_dir / "templat")
    problems = Problems()
    with inputs.recording(input_values(project_dir, settings, site, markdown)) as read:
        inputs.note_tree(PACKAGE)
        archive, lost = load_archive(project_dir, settings, problems)
        check_narratives(archive.entries, markdown_renderer(*markdown), problems)
        cache = MediaCache(cache_dir, project_dir)
        plan = plan_site(site, settings, archive, cache, project_dir, problems)
        copied = [(file.uri, file.source, inputs.stat_of(file.source)) for file in plan.copied]
    manifest = Manifest(
        inputs=read, nav=plan.nav, pages=[_page(plan, page) for page in plan.pages],
        written=[(file.uri, file.content) for file in plan.written], copied=copied,
        inserts={item.marker: _rendered(plan, item.template, None, item.context)
                 for item in plan.inserts},
        head=_handwritten_head(plan), default_description=site.description,
        problems=[(item.path, item.message, item.line) for item in problems.items],
        stop=missing_message(settings.daftar_terbit, lost) if lost else None,
    )  # fmt: skip
    return Planned(manifest, archive, plan, cache)


def input_values(
    project_dir: Path, settings: HarmoniSettings, site: Site, markdown: MarkdownSetup
) -> str:  # fmt: skip
    """What a manifest depends on besides files: the plan's version, the settings (the Markdown
    extensions the narratives are checked with among them), the environment's reproducible date
    and the versions of the libraries that shape it."""
    versions = {name: _version(name) for name in DISTRIBUTIONS}
    about = (PLAN_VERSION, sys.version, str(project_dir), site, settings, versions,
             os.environ.get(SOURCE_DATE_VARIABLE), _described(markdown))  # fmt: skip
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


def _page(plan: SitePlan, page: GeneratedPage) -> PageOut:
    """A generated page: its HTML split around the narrative, and its head tags."""
    url = site_url_of(page.src_uri, plan.site.directory_urls)
    html = _rendered(plan, page.template, url, {**page.context(), "narrative": NARRATIVE})
    before, _, after = html.partition(NARRATIVE)
    after, _, unindexed = after.rpartition(UNINDEXED_MARKER) if UNINDEXED_MARKER in after else (
        after, "", "")  # fmt: skip
    canonical = page.canonical_url or plan.site.site_url.rstrip("/") + "/" + url
    assert plan.previews is not None
    return PageOut(
        src_uri=page.src_uri, in_nav=page.in_nav, canonical_url=page.canonical_url,
        markdown=_markdown(page), before=before, after=after, unindexed=unindexed,
        head=_head(plan, page.preview(plan.previews, canonical), url),
    )  # fmt: skip


def _handwritten_head(plan: SitePlan) -> str:
    """The preview tags of a hand-written page, with the page's own parts left to fill."""
    assert plan.previews is not None
    model = plan.previews.page(TITLE, DESCRIPTION, URL, [])
    return _head(plan, model, None)


def _head(plan: SitePlan, preview: Preview, url: str | None) -> str:
    """Link previews, schema.org data, the feed link and (when counting) the visit counter."""
    assert plan.previews is not None
    site = plan.site
    tags = _rendered(plan, "previews.html", url, {
        "preview": preview, "site_name": site.site_name, "locale": plan.previews.locale,
        "feed_uri": FEED_URI, "feed_title": feed_title(site.site_name),
    })  # fmt: skip
    return tags + plan.counter


def _rendered(plan: SitePlan, template: str, page_url: str | None, context: dict) -> str:
    """`template` rendered for the page at `page_url`; for None (a hand-written page, whatever
    its address) links start with `ROOT`."""
    directory_urls = plan.site.directory_urls
    if page_url is None:
        return render_for_any_page(template, ROOT, directory_urls,
                                   **plan.render_globals(), **context)  # fmt: skip
    return render(template, page_url, directory_urls, **plan.render_globals(), **context)


def _markdown(page: GeneratedPage) -> str:
    """A generated page's Markdown: front matter for the theme, then its body."""
    meta: dict = {"title": _plain(page.title)}
    if page.description:  # the theme writes it unescaped into `<meta name="description">`
        meta["description"] = escape(page.description, quote=True)
    if not page.searchable:
        meta["search"] = {"exclude": True}
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n\n" + page.markdown


def _plain(text: str) -> str:
    """Text for places where the theme may not escape it (its `<h1>`, the search index): angle
    brackets become look-alike quotes, so no staff text can become markup."""
    return text.replace("<", "\u2039").replace(">", "\u203a")
