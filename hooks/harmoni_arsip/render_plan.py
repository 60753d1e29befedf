"""Stage 7: the site plan rendered into the manifest, by the one entry point `make_manifest`.

The build and `harmoni periksa` both call `make_manifest`: it reads the archive, makes the site
plan (`plan.py`) and renders every generated page at once (Jinja), so the engine only assembles
the manifest (`manifest.py`). Every file the readers open is noted in the manifest's inputs.
The narratives and the hand-written pages of the docs folder are checked here too, with the
site's own Markdown extensions: what the sanitizer would drop from one is a problem of the
manifest (`pages/narrative.py`), so the build and `harmoni periksa` report it alike and a
remembered manifest reports it once, without reading the pages again.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from pathlib import Path

import yaml

from . import inputs
from .addresses import FEED_URI, site_url_of
from .entries import Archive
from .entries.archive import entries_root, load_archive
from .entries.registry import missing_message
from .exports.site import feed_title
from .git_files import by_folder
from .manifest import (
    DESCRIPTION,
    ROOT,
    TITLE,
    URL,
    Manifest,
    MarkdownSetup,
    PageOut,
    input_values,
)  # fmt: skip
from .media.cache import MediaCache
from .media.hosted import HostedMedia, absent_sources
from .pages.base import GeneratedPage
from .pages.narrative import check_hand_written, check_narratives, markdown_renderer
from .pages.previews import Preview
from .pages.render import keep_compiled_templates, render, render_for_any_page
from .plan import SitePlan, plan_site
from .problems import Problems
from .settings import HarmoniSettings, Site

PACKAGE = Path(__file__).parent
"""The archive's code, templates and assets: an input of every manifest."""
NARRATIVE = "\x00harmoni-narasi\x00"
"""Stands for the narrative while a page is rendered; split off afterwards."""


@dataclass(frozen=True)
class Planned:
    """A manifest with what it was made from: the archive (for `harmoni periksa`'s advice), the
    plan (sizes) and the media cache it used (pruned after a whole build)."""

    manifest: Manifest
    archive: Archive
    plan: SitePlan
    cache: MediaCache


@dataclass(frozen=True)
class PlannedMedia:
    """The site plan without its manifest: the archive, the plan and its media cache."""

    archive: Archive
    plan: SitePlan
    cache: MediaCache


def make_manifest(
    project_dir: Path, settings: HarmoniSettings, site: Site, markdown: MarkdownSetup,
    hosted: HostedMedia | None = None,
) -> Planned:  # fmt: skip
    """Read the archive, check its narratives, plan the site and render it; derived images are
    made here when missing (but those `hosted`, the media host's manifest, lists: pages link
    to them there). Every file the readers open is noted in the manifest's inputs."""
    cache_dir = project_dir / settings.cache
    keep_compiled_templates(cache_dir / "templat")
    problems = Problems()
    values = input_values(project_dir, settings, site, markdown, hosted.digest if hosted else "")
    with inputs.recording(values) as read:
        inputs.note_tree(PACKAGE)
        absent = _absent(project_dir, settings, hosted)
        archive, lost = load_archive(project_dir, settings, problems, by_folder(absent))
        render = markdown_renderer(*markdown)
        check_narratives(archive.entries, render, problems)
        check_hand_written(project_dir / site.docs_dir, project_dir, render, problems)
        cache = MediaCache(cache_dir, project_dir, hosted, absent)
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


def plan_media(
    project_dir: Path, settings: HarmoniSettings, site: Site, hosted: HostedMedia | None
) -> PlannedMedia:  # fmt: skip
    """The plan `make_manifest` makes, with the same media (derived images made here when
    missing), but no page rendered and no narrative checked: what `harmoni unggah-media`
    needs, at a fraction of the cost."""
    problems = Problems()
    absent = _absent(project_dir, settings, hosted)
    archive, _ = load_archive(project_dir, settings, problems, by_folder(absent))
    cache = MediaCache(project_dir / settings.cache, project_dir, hosted, absent)
    plan = plan_site(site, settings, archive, cache, project_dir, problems)
    return PlannedMedia(archive, plan, cache)


def _absent(
    project_dir: Path, settings: HarmoniSettings, hosted: HostedMedia | None
) -> dict[Path, str]:  # fmt: skip
    """Originals absent from a partial checkout that the media host holds → their identity
    (none without a media host: then every original must be there)."""
    if hosted is None or not hosted.by_git:
        return {}
    return absent_sources(project_dir, entries_root(project_dir, settings), hosted)


def _page(plan: SitePlan, page: GeneratedPage) -> PageOut:
    """A generated page: its HTML split around the narrative, and its head tags."""
    url = site_url_of(page.src_uri, plan.site.directory_urls)
    html = _rendered(plan, page.template, url, {**page.context(), "narrative": NARRATIVE})
    before, _, after = html.partition(NARRATIVE)
    canonical = page.canonical_url or plan.site.site_url.rstrip("/") + "/" + url
    assert plan.previews is not None
    return PageOut(
        src_uri=page.src_uri, in_nav=page.in_nav, canonical_url=page.canonical_url,
        markdown=_markdown(page), before=before, after=after,
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
