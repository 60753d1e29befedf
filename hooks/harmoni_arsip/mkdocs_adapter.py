"""MkDocs as the archive's engine: assembles the manifest into a MkDocs site.

The manifest (`manifest.py`, made by `render_plan.make_manifest`) holds every generated page
rendered but for its narrative, and every file; the memo (`memo.py`) keeps it for the next
build. This module only assembles: the generated sections join the navigation, pages and
written files become MkDocs `File`s, a generated page's content is `before + narrative +
after`, tags go at the end of each `<head>`, and the site folder keeps what did not change
(`site_folder.py`: the previous site is set aside while MkDocs cleans, written over in place,
then completed with the published files). No Jinja, no stages, no plan: those ran (or were
remembered) before MkDocs reads a page. MkDocs' own theme templates are compiled once and kept in
the cache folder, by their source, as the archive's own are.

What MkDocs itself reads and renders passes two guards here, in every build: no file of the docs
folder that is a symbolic link (or lies behind one) is handed to MkDocs, and every page's content
(a narrative, a hand-written page) goes through the allowlist sanitizer (`pages/sanitize.py`);
what either loses is a problem of the manifest, found when the plan is made. Each page
then gets its Content-Security-Policy (`pages/policy.py`), hashing the inline scripts outside
its content.

Under `mkdocs serve` MkDocs replaces `site_url` with the local address; QR codes must still
hold the permanent one, so it is read again from the config file. A preview has its own memo,
prunes nothing from the image cache, and says on every page that it is a preview.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import Environment, FileSystemBytecodeCache
from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel, get_files
from mkdocs.structure.pages import Page
from mkdocs.utils.yaml import yaml_load

from . import LOG_NAME
from .addresses import ASSET_URIS
from .manifest import DESCRIPTION, ROOT, TITLE, URL, MarkdownSetup, input_values
from .memo import Finished, Finishing, Sanitized, keep, memo_path, recall
from .pages.head import head_end
from .pages.policy import finishing_rules, inserted, page_policy_tag, with_page_policy
from .pages.sanitize import sanitize, sanitizer_rules
from .problems import HarmoniError, Problem, Problems
from .search_index import bundle_for, file_digests, index_site, page_digest
from .settings import HarmoniSettings, Site, load_settings, site_of
from .site_folder import Wanted, complete, empty, restore, set_aside
from .symlinks import folder_links_message, is_linked, report_symlinks

if TYPE_CHECKING:
    from .media.hosted import HostedMedia
    from .render_plan import Planned

log = logging.getLogger(LOG_NAME)
THEME_TEMPLATES = Path(__file__).parent / "templates" / "theme"
"""Theme templates of the archive (its 404 page), searched before the theme's own."""
THEME_BYTECODE = "templat-tema"
"""The theme's compiled templates, inside the archive's cache folder."""


class MkDocsBuild:
    """One MkDocs build of the archive: made in `on_config`, used by the later events."""

    def __init__(self, config: MkDocsConfig, serving: bool) -> None:
        self.serving = serving
        self.written: frozenset[str] = frozenset()
        """What MkDocs writes into the site in this build (known before it writes)."""
        self.digests: dict[str, bytes] = {}
        """The digest of each HTML page this build's hooks gave MkDocs to write, by address
        (the search index's key is made of them, without reading the pages again)."""
        try:
            settings = load_settings(config.extra)
            site = site_of({**config, "site_url": permanent_site_url(config, serving)}, settings)
        except HarmoniError as err:
            raise PluginError(str(err)) from None
        self.project_dir = project_dir = Path(config.config_file_path).parent.resolve()
        stop = folder_links_message(Path(config.docs_dir), project_dir)
        if stop is not None:  # MkDocs would walk into a linked folder before `on_files`
            raise PluginError(stop)
        self.counter = settings.kunjungan.goatcounter
        """The visit counter's address when visits are counted (its origin is in the CSP)."""
        self.media_url = settings.media.url
        """The media host's address, when there is one (its origin is in the CSP)."""
        markdown = (config.markdown_extensions, config.mdx_configs)
        self.cache_dir = project_dir / settings.cache
        self.memo = memo_path(self.cache_dir, site.site_url, serving)
        self.sanitized = Sanitized(self.memo, sanitizer_rules())
        self.finished = Finished(self.memo, finishing_rules())
        hosted = _hosted(settings)
        digest = hosted.digest if hosted else ""
        values = input_values(project_dir, settings, site, markdown, digest)
        recalled = recall(self.memo, values, project_dir)
        self.planned: Planned | None = None
        """The plan made by this build (None when the memo served it)."""
        manifest = recalled.manifest
        if manifest is None:
            log.info(f"HARMONI: rencana dibuat ulang: {recalled.reason}")
            self.planned = _plan(project_dir, settings, site, markdown, hosted)
            manifest = self.planned.manifest
        self.manifest = manifest
        self.pages = {page.src_uri: page for page in self.manifest.pages}
        Problems([Problem(*item) for item in self.manifest.problems]).report()
        if self.manifest.stop:
            raise PluginError(self.manifest.stop)
        self._configure(config)

    def _configure(self, config: MkDocsConfig) -> None:
        """The generated sections in the navigation (right after the home page: citizens come
        for the archive), the archive's CSS/JS on every page, its templates (the 404 page)
        before the theme's and after a site's own `custom_dir`."""
        if str(THEME_TEMPLATES) not in config.theme.dirs:
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(THEME_TEMPLATES))
        if config.nav is not None:
            generated = {_first_uri(section) for section in self.manifest.nav}
            kept = [item for item in config.nav if _first_uri(item) not in generated]
            config.nav = kept[:1] + self.manifest.nav + kept[1:]
        for uri in ASSET_URIS:
            target = config.extra_css if uri.endswith(".css") else config.extra_javascript
            if uri not in target:
                target.append(uri)

    def add_files(self, files: Files, config: MkDocsConfig) -> Files:
        """Every generated page and written file, unless a hand-written one has its address; no
        symbolic link of the docs folder (both reported in every build, never remembered)."""
        problems = Problems()
        files = without_links(files, config, problems)
        for page in self.manifest.pages:
            if self._free(files, config, page.src_uri, problems):
                inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
                files.append(File.generated(config, page.src_uri, content=page.markdown,
                                            inclusion=inclusion))  # fmt: skip
            else:
                del self.pages[page.src_uri]
        for uri, content in self.manifest.written:
            if self._free(files, config, uri, problems):
                files.append(File.generated(config, uri, content=content))
        problems.report()
        return files

    @staticmethod
    def _free(files: Files, config: MkDocsConfig, uri: str, problems: Problems) -> bool:
        """Whether `uri` is free of hand-written pages and files (else a problem is noted)."""
        if files.get_file_from_path(uri) is None:
            return True
        project_dir = os.path.dirname(config.config_file_path)
        problems.add(
            os.path.relpath(os.path.join(config.docs_dir, uri), project_dir),
            "berkas ini memakai alamat halaman atau berkas yang dibuat otomatis; pindahkan atau "
            "ganti nama berkasnya.",
        )
        return False

    def page_content(self, html: str, page: Page) -> str:
        """A generated page around its sanitized narrative; generated parts of hand-written
        pages, sanitized."""
        note = self.manifest.preview_note if self.serving else ""
        generated = self.pages.get(page.file.src_uri)
        if generated is None:
            html = self._hand_written(html)
            for marker, insert in self.manifest.inserts.items():
                if marker in html:
                    html = html.replace(marker, insert.replace(ROOT, _to_root(page.url)))
            return note + html
        if generated.canonical_url:
            page.canonical_url = generated.canonical_url  # also without directory URLs
        return note + generated.before + self.sanitized.clean(html, sanitize) + generated.after

    def _hand_written(self, html: str) -> str:
        """A hand-written page's content through the allowlist but for the archive's markers
        (what it loses is a problem of the manifest, `render_plan.py`)."""
        keep = self.manifest.inserts
        return self.sanitized.clean(html, lambda text: sanitize(text, keep), "\0".join(keep))

    def post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        """Link previews, schema.org data, the feed link and (when counting) the visit counter
        at the end of the page's `<head>`; then its Content-Security-Policy. How is worked out
        once for the same page, tags and content (`memo.Finished`)."""
        generated = self.pages.get(page.file.src_uri)
        tags = generated.head if generated else self._head(page, config)
        content = page.content or ""
        context = f"{self.serving}\0{self.counter}\0{self.media_url}"
        head_at, policy_at, policy, digest = self.finished.finishing(
            (output, tags, content, context), lambda: self._finishing(output, tags, content)
        )
        if head_at >= 0:
            output = inserted(output, head_at, tags)
        if policy_at >= 0:
            output = inserted(output, policy_at, policy)
        self.digests[page.file.dest_uri] = digest
        return output

    def _finishing(self, output: str, tags: str, content: str) -> Finishing:
        """How `output` is finished: its tags at the end of its head, then the policy's tag
        (none under `mkdocs serve`), and the finished page's digest."""
        head_at = head_end(output)
        if head_at is not None:
            output = inserted(output, head_at, tags)
        found = None if self.serving else page_policy_tag(output, content, self.counter,
                                                           self.media_url)  # fmt: skip
        if found is not None:
            output = inserted(output, *found)
        policy_at, policy = found or (-1, "")
        return (-1 if head_at is None else head_at), policy_at, policy, page_digest(output)

    def template(self, output: str, name: str) -> str:
        """A theme template's page (`404.html`) with its Content-Security-Policy (not under
        `mkdocs serve`, whose live-reload script changes every request)."""
        if not self.serving:
            output = with_page_policy(output, "", self.counter, self.media_url)
        if name.endswith(".html"):
            self.digests[name] = page_digest(output)
        return output

    def _head(self, page: Page, config: MkDocsConfig) -> str:
        """A hand-written page's head tags: the manifest's, with the page's own parts."""
        title = config.site_name if page.is_homepage else page.title
        description = str(page.meta.get("description") or self.manifest.default_description)
        parts = {TITLE: str(title or ""), DESCRIPTION: description,
                 URL: page.canonical_url or config.site_url or ""}  # fmt: skip
        tags = self.manifest.head.replace(ROOT, _to_root(page.url))
        for token, value in parts.items():
            tags = tags.replace(token, str(escape(value)))
        return tags

    def set_aside(self, config: MkDocsConfig) -> None:
        """Before MkDocs cleans the site folder: keep the previous site's files (`site_folder`)."""
        set_aside(config.site_dir)

    def keep_compiled_theme(self, env: Environment) -> None:
        """MkDocs' theme templates compiled once and kept beside the image cache, keyed by each
        template's name and source, as the archive's own (`pages/render.py`): compiling
        Material's templates cost MkDocs 0.1 s of every build. Without a writable cache
        folder they are compiled as before."""
        folder = self.cache_dir / THEME_BYTECODE
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            return
        if os.access(folder, os.W_OK):
            env.bytecode_cache = FileSystemBytecodeCache(str(folder))

    def restore(self, config: MkDocsConfig, files: Files) -> None:
        """Before MkDocs writes: the previous site back in the folder, to be written over."""
        self.written = mkdocs_outputs(files, config, self.serving)
        restore(config.site_dir, self.written, config.theme.static_templates)

    @staticmethod
    def failed(site_dir: str) -> None:
        """The build failed: the site folder emptied, as MkDocs' cleaning leaves it."""
        empty(site_dir)

    def _page_digests(self, site_dir: str, wanted: Wanted) -> dict[str, bytes]:
        """Every HTML page of the site by address, with its digest: the pages the hooks saw,
        the HTML files MkDocs copied or the site copies as they are read from disk."""
        pages = [uri for uri in self.written if uri.endswith(".html")]
        found = {uri: self.digests[uri] for uri in pages if uri in self.digests}
        paths = {uri: os.path.join(site_dir, uri) for uri in pages if uri not in found}
        paths.update((uri, source) for uri, (source, _) in wanted.items() if uri.endswith(".html"))
        return {**found, **file_digests(paths)}

    def finish(self, config: MkDocsConfig) -> None:
        """After MkDocs wrote its pages: the published files into the site; a new manifest is
        kept for the next build, and (not when previewing) cached files no page uses go."""
        wanted = {uri: (source, (stat[0], stat[1]) if stat else (-1, -1))
                  for uri, source, stat in self.manifest.copied}  # fmt: skip
        try:
            search = bundle_for(self.cache_dir, self._page_digests(config.site_dir, wanted))
            published = {**wanted, **search.published()} if search.ready else wanted
            complete(config.site_dir, published, self.written)
        except FileNotFoundError as err:
            raise PluginError(
                f"berkas {err.filename} hilang selama pembangunan (cache dihapus?). "
                "Bangun ulang situsnya."
            ) from None
        index_site(config.site_dir, search)  # a new bundle made over the completed site
        self.sanitized.keep()
        self.finished.keep()
        if self.planned is None:
            return
        keep(self.memo, self.manifest)
        if not self.serving:
            count, size = self.planned.cache.prune()
            if count:
                log.info(f"HARMONI: {count} berkas lama dihapus dari cache ({size / 1e6:.1f} MB)")


def _plan(
    project_dir: Path, settings: HarmoniSettings, site: Site, markdown: MarkdownSetup,
    hosted: HostedMedia | None,
) -> Planned:  # fmt: skip
    """The manifest made afresh; a problem that stops everything stops MkDocs. The stages are
    imported only here: a build that the memo serves spares their imports (Pillow, qrcode)."""
    from .render_plan import make_manifest

    try:
        return make_manifest(project_dir, settings, site, markdown, hosted)
    except HarmoniError as err:
        raise PluginError(str(err)) from None


def _hosted(settings: HarmoniSettings) -> HostedMedia | None:
    """The media host's manifest (`media/hosted.py`), when the settings name a media host; the
    module, with its HTTP client, is imported only then."""
    if settings.media.url is None:
        return None
    from .media.hosted import read_hosted

    return read_hosted(settings.media)


def permanent_site_url(config: MkDocsConfig, serving: bool) -> str | None:
    """The site's permanent address: `site_url`, or under `mkdocs serve` (which replaced it
    with its local address, also with `--clean`) the value in the config file."""
    host, port = config.dev_addr
    if not serving and not (config.site_url or "").startswith(f"http://{host}:{port}/"):
        return config.site_url
    with open(config.config_file_path, "rb") as handle:
        return (yaml_load(handle) or {}).get("site_url")


def without_links(files: Files, config: MkDocsConfig, problems: Problems) -> Files:
    """MkDocs' files of the docs folder but those that are, or lie behind, a symbolic link
    (`symlinks.py`): one problem for each link, none of them ever read."""
    project_dir = Path(os.path.abspath(os.path.dirname(config.config_file_path)))
    links = report_symlinks(Path(config.docs_dir), project_dir, problems)
    for linked in [f for f in files if f.abs_src_path and is_linked(Path(f.abs_src_path), links)]:
        files.remove(linked)
    return files


def mkdocs_outputs(files: Files, config: MkDocsConfig, serving: bool) -> frozenset[str]:
    """The files MkDocs writes into the site in this build (paths from the site root): its
    files and pages, and the theme's static templates (`sitemap.xml` also gzipped)."""
    included = InclusionLevel.is_in_serve if serving else InclusionLevel.is_included
    outputs = {file.dest_uri for file in files if included(file.inclusion)}
    for name in config.theme.static_templates:
        outputs.update((name, f"{name}.gz") if name == "sitemap.xml" else (name,))
    return frozenset(outputs)


def _to_root(page_url: str) -> str:
    """The relative way from a page at `page_url` to the site root."""
    return "../" * page_url.count("/")


def _first_uri(item: object) -> str | None:
    """The first page address of a navigation item (a section's index page)."""
    if isinstance(item, dict):
        for value in item.values():
            return _first_uri(value[0] if isinstance(value, list) and value else value)
    return item if isinstance(item, str) else None


def engine_files(config: MkDocsConfig) -> tuple[list[tuple[str, int]], int]:
    """What MkDocs itself publishes besides the manifest, for the site-size estimate: the static
    files of the docs folder and the theme (with their sizes), and the number of its pages (the
    hand-written ones, the theme's own such as the 404 page and sitemap, the search index)."""
    files = without_links(get_files(config), config, Problems())
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
