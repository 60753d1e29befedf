"""MkDocs as the archive's engine: turns the site plan into MkDocs pages and files.

The plan (`plan.py`) knows what is published; this module only adapts it to MkDocs events:
generated pages become `File`s with Markdown content, the feed and open data become `File`s with
their bytes, and the thousands of images, QR codes, posters and videos are hard-linked into the
built site after MkDocs has written its pages (as MkDocs `File`s each would cost a little in every
build). Another engine would need another small adapter, not another pipeline.

Everything handed to MkDocs goes through a memo (`mkdocs_memo.py`) kept for the next build: when
nothing the plan is made from has changed, a build replays it and does not make the plan at all.
So the plan and the stages are imported only where the plan is made or used (`_make_plan`,
`_head_tags`), which spares such a build their imports (Pillow, qrcode) as well.
"""

from __future__ import annotations

import hashlib
import logging
import os
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel, get_files
from mkdocs.structure.pages import Page

from . import LOG_NAME
from .addresses import ASSET_URIS, FEED_URI
from .inputs import plan_fingerprint
from .mkdocs_memo import MEMO_FILE, BuildMemo, load_memo, save_memo
from .pages.head import insert_into_head
from .pages.policy import with_page_policy
from .pages.render import keep_compiled_templates, render
from .pages.sanitize import sanitize
from .problems import HarmoniError, Problem, Problems
from .settings import load_settings, site_of
from .site_folder import discard_aside, put_back, set_aside
from .symlinks import folder_links_message, is_linked, report_symlinks

if TYPE_CHECKING:
    from .media.cache import MediaCache
    from .pages.base import GeneratedPage
    from .plan import SitePlan

log = logging.getLogger(LOG_NAME)
THEME_TEMPLATES = Path(__file__).parent / "templates" / "theme"
"""Theme templates of the archive (its 404 page), searched before the theme's own."""
UNINDEXED_MARKER = "<!-- harmoni:tidak-diindeks -->"
"""Where the part of an activity page that search leaves out begins (templates/activity.html)."""


class MkDocsBuild:
    """One MkDocs build of the archive: made in `on_config`, used by the later events."""

    serving = False
    """Whether the build is `mkdocs serve`'s (set by the hooks from `on_startup`)."""

    def __init__(self, config: MkDocsConfig) -> None:
        try:
            self.settings = load_settings(config.extra)
            self.site = site_of(config, self.settings)
        except HarmoniError as err:
            raise PluginError(str(err)) from None
        self.project_dir = Path(config.config_file_path).parent.resolve()
        self.markdown = (config.markdown_extensions, config.mdx_configs)  # narrative checks
        self.cache_dir = self.project_dir / self.settings.cache
        self.problems = Problems()
        self._plan: SitePlan | None = None
        self._pages: dict[str, GeneratedPage] = {}
        self._media_cache: MediaCache | None = None
        keep_compiled_templates(self.cache_dir / "templat")
        key = plan_fingerprint(self.project_dir, self.settings, self.site)
        memo = load_memo(self.cache_dir / MEMO_FILE, key)
        if memo is None:
            self._plan = self._make_plan(self.problems)
            memo = _memo_of(self._plan, key, self.problems)
        else:
            self.problems.items = [Problem(*item) for item in memo.problems]
        self.memo: BuildMemo = memo
        self.generated = {uri for uri, _, _ in memo.documents}
        """The generated pages MkDocs builds (a hand-written page may take an address)."""
        self.unindexed: dict[str, str] = {}
        """The part of each activity page that search skips, by src_uri, until page context."""
        self.site_dir = ""
        """The site folder, once MkDocs is about to clean it."""

    @property
    def plan(self) -> SitePlan:
        """The site plan; when the memo served this build, made only if a page must be rendered
        again (e.g. after a change to the Markdown settings in mkdocs.yml)."""
        if self._plan is None:
            self._plan = self._make_plan(Problems())  # the memo's problems are reported already
        return self._plan

    def _make_plan(self, problems: Problems) -> SitePlan:
        """Read the archive and plan the site (derived images are made here when missing)."""
        from .entries.archive import load_archive
        from .entries.registry import missing_message
        from .media.cache import MediaCache
        from .pages.narrative import check_narratives, markdown_renderer
        from .plan import plan_site

        try:
            archive, lost = load_archive(self.project_dir, self.settings, problems)
            check_narratives(archive.entries, markdown_renderer(*self.markdown), problems)
            if lost:
                problems.report()
                raise HarmoniError(missing_message(self.settings.daftar_terbit, lost))
            self._media_cache = MediaCache(self.cache_dir, self.project_dir)
            return plan_site(self.site, self.settings, archive, self._media_cache,
                             self.project_dir, problems)  # fmt: skip
        except HarmoniError as err:
            raise PluginError(str(err)) from None

    def configure(self, config: MkDocsConfig) -> None:
        """The generated sections in the navigation, the archive's CSS/JS on every page, its
        templates (the 404 page) before the theme's and after a site's own `custom_dir`; stops
        first when a folder of the docs folder is a symbolic link (MkDocs would walk into it)."""
        stop = folder_links_message(Path(config.docs_dir), self.project_dir)
        if stop is not None:
            raise PluginError(stop)
        if str(THEME_TEMPLATES) not in config.theme.dirs:
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(THEME_TEMPLATES))
        if config.nav is not None:
            generated = {_first_uri(section) for section in self.memo.nav}
            kept = [item for item in config.nav if _first_uri(item) not in generated]
            config.nav = kept + self.memo.nav
        for uri in ASSET_URIS:
            target = config.extra_css if uri.endswith(".css") else config.extra_javascript
            if uri not in target:
                target.append(uri)

    def add_files(self, files: Files, config: MkDocsConfig) -> Files:
        """Every generated page and written file, unless a hand-written one has its address."""
        self._drop_links(files, config)
        for uri, in_nav, document in self.memo.documents:
            if self._free(files, config, uri):
                inclusion = InclusionLevel.UNDEFINED if in_nav else InclusionLevel.NOT_IN_NAV
                files.append(File.generated(config, uri, content=document, inclusion=inclusion))
            else:
                self.generated.discard(uri)
        for uri, content in self.memo.written:
            if self._free(files, config, uri):
                files.append(File.generated(config, uri, content=content))
        self.problems.report()
        return files

    def _drop_links(self, files: Files, config: MkDocsConfig) -> None:
        """No file of the docs folder that is, or lies behind, a symbolic link is read or
        published; each link is reported (`symlinks.py`)."""
        problems = Problems()
        links = report_symlinks(Path(config.docs_dir), self.project_dir, problems)
        problems.report()
        for file in [f for f in files if f.abs_src_path]:
            if is_linked(Path(str(file.abs_src_path)), links):
                files.remove(file)

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
        uri = page.file.src_uri
        if uri not in self.generated:
            html = self._sanitized(html, page)
            for marker in self.memo.markers:
                if marker in html:
                    html = html.replace(marker, self._insert(marker, page))
            return html
        if uri in self.memo.canonical:
            page.canonical_url = self.memo.canonical[uri]  # also without directory URLs
        key = f"isi\0{uri}\0{hashlib.sha1(html.encode()).hexdigest()}"
        content = self.memo.rendered.get(key)
        if content is None:
            generated = self._page(uri)
            context = {**generated.context(), "narrative": sanitize(html)}
            content = self.memo.remember(key, self._render(generated.template, page, context))
        if UNINDEXED_MARKER in content:
            content, _, self.unindexed[uri] = content.rpartition(UNINDEXED_MARKER)
        return content

    def _sanitized(self, html: str, page: Page) -> str:
        """A hand-written page's content through the allowlist (`pages/sanitize.py`, as every
        narrative is), what it loses reported."""
        if page.file.abs_src_path:
            from .pages.narrative import report_hand_written

            source = os.path.relpath(page.file.abs_src_path, self.project_dir)
            report_hand_written(html, source, page.markdown or "", lambda: page.file.content_string)
        return sanitize(html, keep=self.memo.markers)

    def _insert(self, marker: str, page: Page) -> str:
        """What a hand-written page asks for with `marker`, rendered for that page."""
        key = f"sisipan\0{marker}\0{page.url}"
        if key not in self.memo.rendered:
            insert = next(item for item in self.plan.inserts if item.marker == marker)
            self.memo.remember(key, self._render(insert.template, page, insert.context))
        return self.memo.rendered[key]

    def page_context(self, page: Page) -> None:
        """Put back the part of an activity page that search does not index (runs after the
        search plugin): gallery, videos, share links and QR code are many tags, little text."""
        page.content = (page.content or "") + self.unindexed.pop(page.file.src_uri, "")

    def post_page(self, output: str, page: Page) -> str:
        """Link previews, schema.org data, the feed link and (when counting) the visit counter
        at the end of the page's `<head>`."""
        description = page.meta.get("description") or ""
        key = f"kepala\0{page.file.src_uri}\0{page.canonical_url}\0{page.title}\0{description}"
        tags = self.memo.rendered.get(key)
        if tags is None:
            tags = self.memo.remember(key, self._head_tags(page, str(description)))
        return self.with_policy(insert_into_head(output, tags), page.content or "")

    def with_policy(self, output: str, content: str = "") -> str:
        """The page with its Content-Security-Policy (`pages/policy.py`); not under `mkdocs
        serve`, whose live-reload script is inline and changes with every request."""
        if self.serving:
            return output
        return with_page_policy(output, content, self.settings.kunjungan.goatcounter)

    def _head_tags(self, page: Page, description: str) -> str:
        """The tags `post_page` adds, rendered from the plan."""
        from .exports.site import feed_title

        plan = self.plan
        assert plan.previews is not None
        url = page.canonical_url or self.site.site_url
        if page.file.src_uri in self.generated:
            preview = self._page(page.file.src_uri).preview(plan.previews, url)
        else:
            title = self.site.site_name if page.is_homepage else page.title
            preview = plan.previews.page(str(title or ""), description, url, [])
        tags = self._render("previews.html", page, {
            "preview": preview, "site_name": self.site.site_name,
            "locale": plan.previews.locale, "feed_uri": FEED_URI,
            "feed_title": feed_title(self.site.site_name),
        })  # fmt: skip
        return tags + plan.counter

    def _page(self, uri: str) -> GeneratedPage:
        """The plan's generated page at `uri`."""
        if not self._pages:
            self._pages = {page.src_uri: page for page in self.plan.pages}
        return self._pages[uri]

    def _render(self, template: str, page: Page, context: dict) -> str:
        directory_urls = self.site.directory_urls
        return render(template, page.url, directory_urls, **self.plan.render_globals(), **context)

    def set_aside(self, config: MkDocsConfig) -> None:
        """Before MkDocs cleans the site folder: keep the previous site's files (`site_folder`)."""
        self.site_dir = config.site_dir
        set_aside(config.site_dir)

    def failed(self) -> None:
        """The build failed: drop the previous site set aside (a clean build leaves none)."""
        if self.site_dir:
            discard_aside(self.site_dir)

    def finish(self, config: MkDocsConfig) -> None:
        """After MkDocs wrote its pages: the images, QR codes, posters and videos into the
        site; the memo for the next build; then drop cached derivatives that no page uses."""
        try:
            put_back(config.site_dir, self.memo.copied)
        except FileNotFoundError:  # a cached file deleted by hand since the memo was saved
            self._plan = None
            self.memo = _memo_of(self.plan, self.memo.key, Problems(self.problems.items))
            put_back(config.site_dir, self.memo.copied)
        save_memo(self.cache_dir / MEMO_FILE, self.memo)
        if self._media_cache is not None:
            count, size = self._media_cache.prune()
            if count:
                log.info(f"HARMONI: {count} berkas lama dihapus dari cache ({size / 1e6:.1f} MB)")


def _memo_of(plan: SitePlan, key: str, problems: Problems) -> BuildMemo:
    """What this build hands MkDocs, from the plan: the start of the memo for the next."""
    return BuildMemo(
        key=key,
        nav=plan.nav,
        documents=[(page.src_uri, page.in_nav, _markdown(page.title, page.description,
                                                        page.searchable, page.markdown))
                   for page in plan.pages],
        canonical={page.src_uri: page.canonical_url for page in plan.pages if page.canonical_url},
        written=[(file.uri, file.content) for file in plan.written],
        copied=[(file.uri, file.source, *_identity(file.source)) for file in plan.copied],
        problems=[(item.path, item.message, item.line) for item in problems.items],
        markers=[insert.marker for insert in plan.inserts],
    )  # fmt: skip


def _identity(path: str) -> tuple[int, int]:
    """A file's device and inode: a published file is unchanged while the site holds it."""
    stat = os.stat(path)
    return stat.st_dev, stat.st_ino


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
