"""MkDocs as the archive's engine: turns the site plan into MkDocs pages and files.

The plan (`plan.py`) knows what is published; this module only adapts it to MkDocs events:
generated pages become `File`s with Markdown content, the feed and open data become `File`s with
their bytes, and the thousands of images, QR codes, posters and videos are hard-linked into the
built site after MkDocs has written its pages (as MkDocs `File`s each would cost a little in every
build). Another engine would need another small adapter, not another pipeline.
"""

from __future__ import annotations

import logging
import os
import shutil
from html import escape
from pathlib import Path

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel, get_files
from mkdocs.structure.pages import Page

from . import LOG_NAME
from .addresses import FEED_URI
from .entries.archive import load_archive
from .entries.registry import missing_message
from .exports.site import feed_title
from .media.cache import MediaCache
from .pages.activity import ActivityPage
from .pages.previews import Preview, Previews, insert_into_head
from .pages.render import keep_compiled_templates, render
from .plan import ASSET_FILES, CopiedFile, SitePlan, plan_site
from .problems import HarmoniError, Problems
from .settings import load_settings, site_of

log = logging.getLogger(LOG_NAME)
THEME_TEMPLATES = Path(__file__).parent / "templates" / "theme"
"""Theme templates of the archive (its 404 page), searched before the theme's own."""
UNINDEXED_MARKER = "<!-- harmoni:tidak-diindeks -->"
"""Where the part of an activity page that search leaves out begins (templates/activity.html)."""


class MkDocsBuild:
    """One MkDocs build of the archive: made in `on_config`, used by the later events."""

    def __init__(self, config: MkDocsConfig) -> None:
        try:
            settings = load_settings(config.extra)
            site = site_of(config, settings)
            project_dir = Path(config.config_file_path).parent.resolve()
            self.problems = Problems()
            archive, lost = load_archive(project_dir, settings, self.problems)
            if lost:
                self.problems.report()
                raise HarmoniError(missing_message(settings.daftar_terbit, lost))
            self.cache = MediaCache(project_dir / settings.cache, project_dir)
            keep_compiled_templates(project_dir / settings.cache / "templat")
            self.plan: SitePlan = plan_site(site, settings, archive, self.cache, project_dir,
                                            self.problems)  # fmt: skip
        except HarmoniError as err:
            raise PluginError(str(err)) from None
        self.pages = {page.src_uri: page for page in self.plan.pages}
        self.unindexed: dict[str, str] = {}
        """The part of each activity page that search skips, by src_uri, until page context."""

    def configure(self, config: MkDocsConfig) -> None:
        """The generated sections in the navigation, the archive's CSS/JS on every page, its
        templates (the 404 page) before the theme's and after a site's own `custom_dir`."""
        if str(THEME_TEMPLATES) not in config.theme.dirs:
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(THEME_TEMPLATES))
        if config.nav is not None:
            generated = {_first_uri(section) for section in self.plan.nav}
            kept = [item for item in config.nav if _first_uri(item) not in generated]
            config.nav = kept + self.plan.nav
        for uri in ASSET_FILES:
            target = config.extra_css if uri.endswith(".css") else config.extra_javascript
            if uri not in target:
                target.append(uri)

    def add_files(self, files: Files, config: MkDocsConfig) -> Files:
        """Every generated page and written file, unless a hand-written one has its address."""
        for page in self.plan.pages:
            if self._free(files, config, page.src_uri):
                inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
                content = _markdown(page.title, page.description, page.searchable, page.markdown)
                files.append(File.generated(config, page.src_uri, content=content,
                                            inclusion=inclusion))  # fmt: skip
            else:
                del self.pages[page.src_uri]
        for written in self.plan.written:
            if self._free(files, config, written.uri):
                files.append(File.generated(config, written.uri, content=written.content))
        self.problems.report()
        return files

    def _free(self, files: Files, config: MkDocsConfig, uri: str) -> bool:
        """Whether `uri` is free of hand-written pages and files (else a problem is reported)."""
        if files.get_file_from_path(uri) is None:
            return True
        project_dir = os.path.dirname(config.config_file_path)
        self.problems.add(
            os.path.relpath(os.path.join(config.docs_dir, uri), project_dir),
            "berkas ini memakai alamat halaman atau berkas yang dibuat otomatis; pindahkan atau "
            "ganti nama berkasnya.",
        )
        return False

    def page_content(self, html: str, page: Page) -> str:
        """The HTML of generated pages; generated parts of hand-written pages."""
        generated = self.pages.get(page.file.src_uri)
        if generated is None:
            for insert in self.plan.inserts:
                if insert.marker in html:
                    html = html.replace(insert.marker, self._render(insert.template, page,
                                                                    insert.context))  # fmt: skip
            return html
        if generated.canonical_url:
            page.canonical_url = generated.canonical_url  # also without directory URLs
        content = self._render(generated.template, page, {**generated.context(), "narrative": html})
        if isinstance(generated, ActivityPage):
            content, _, self.unindexed[page.file.src_uri] = content.rpartition(UNINDEXED_MARKER)
        return content

    def page_context(self, page: Page) -> None:
        """Put back the part of an activity page that search does not index (runs after the
        search plugin): gallery, videos, share links and QR code are many tags, little text."""
        page.content = (page.content or "") + self.unindexed.pop(page.file.src_uri, "")

    def post_page(self, output: str, page: Page) -> str:
        """Link previews, schema.org data, the feed link and (when counting) the visit counter
        at the end of the page's `<head>`."""
        site = self.plan.site
        tags = self._render("previews.html", page, {
            "preview": self._preview(page), "site_name": site.site_name,
            "locale": self._previews.locale, "feed_uri": FEED_URI,
            "feed_title": feed_title(site.site_name),
        })  # fmt: skip
        return insert_into_head(output, tags + self.plan.counter)

    @property
    def _previews(self) -> Previews:
        assert self.plan.previews is not None
        return self.plan.previews

    def _preview(self, page: Page) -> Preview:
        """The preview of a generated page, else of a hand-written one."""
        url = page.canonical_url or self.plan.site.site_url
        generated = self.pages.get(page.file.src_uri)
        if generated is not None:
            return generated.preview(self._previews, url)
        title = self.plan.site.site_name if page.is_homepage else page.title
        return self._previews.page(str(title or ""), page.meta.get("description") or "", url, [])

    def _render(self, template: str, page: Page, context: dict) -> str:
        directory_urls = self.plan.site.directory_urls
        return render(template, page.url, directory_urls, **self.plan.render_globals(), **context)

    def finish(self, config: MkDocsConfig) -> None:
        """After MkDocs wrote its pages: the images, QR codes, posters and videos into the
        site; then drop cached derivatives that no page uses any more."""
        link_files(self.plan.copied, config.site_dir)
        count, size = self.cache.prune()
        if count:
            log.info(f"HARMONI: {count} berkas lama dihapus dari cache ({size / 1e6:.1f} MB)")


def link_files(files: list[CopiedFile], site_dir: str) -> None:
    """Hard-link every file into the site (copy where the file system cannot): a rebuild with
    nothing changed moves no image bytes. Thousands per build, so one system call each."""
    made: set[str] = set()
    for file in files:
        target = os.path.join(site_dir, file.uri)
        folder = os.path.dirname(target)
        if folder not in made:
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
        try:
            os.link(file.source, target)
        except FileExistsError:  # a `--dirty` build, or serve writing into the same folder
            os.unlink(target)
            os.link(file.source, target)
        except OSError:  # another file system, or a mount without hard links
            shutil.copyfile(file.source, target)


def _markdown(title: str, description: str, searchable: bool, body: str) -> str:
    """A generated page's Markdown: front matter for the theme, then its body."""
    meta: dict = {"title": _plain(title)}
    if description:  # the theme writes it unescaped into `<meta name="description">`
        meta["description"] = escape(description, quote=True)
    if not searchable:
        meta["search"] = {"exclude": True}
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n\n" + body


def _plain(text: str) -> str:
    """Text for places where the theme may not escape it (its `<h1>`, the search index): angle
    brackets become look-alike quotes, so no staff text can become markup."""
    return text.replace("<", "\u2039").replace(">", "\u203a")


def _first_uri(item: object) -> str | None:
    """The first page address of a navigation item (a section's index page)."""
    if isinstance(item, dict):
        for value in item.values():
            return _first_uri(value[0] if isinstance(value, list) and value else value)
    return item if isinstance(item, str) else None


def engine_files(config: MkDocsConfig) -> tuple[list[tuple[str, int]], int]:
    """What MkDocs itself publishes besides the plan, for the site-size estimate: the static
    files of the docs folder and the theme (with their sizes), and the number of its pages (the
    hand-written ones, the theme's own such as the 404 page and sitemap, the search index)."""
    files = get_files(config)
    files.add_files_from_theme(config.theme.get_env(), config)
    static = [
        (f.dest_uri, os.path.getsize(f.abs_src_path))
        for f in files
        if f.abs_src_path and not f.is_documentation_page() and f.inclusion.is_included()
    ]
    templates = config.theme.static_templates
    gzipped_sitemap = "sitemap.xml" in templates  # MkDocs writes sitemap.xml.gz beside it
    search_index = any(name.rpartition("/")[2] == "search" for name in config.plugins)
    pages = len(files.documentation_pages()) + len(templates) + gzipped_sitemap + search_index
    return static, pages
