"""One build of the archive: the state MkDocs events share, created afresh in `on_config`.

Knows MkDocs; delegates entries, media, pages and QR codes to their own modules.
"""

from __future__ import annotations

import hashlib
import importlib.resources
import logging
import os
from dataclasses import dataclass
from html import escape
from pathlib import Path

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from . import LOG_NAME, addresses, exports, stats
from .entries import Entry, LocalVideo, Tombstone, read_entries
from .entries.registry import check_registry, missing_message
from .exports.site import Exports, build_exports, feed_title
from .media.cache import MediaCache
from .media.images import FULL_SIZE, Variant
from .media.published import ActivityMedia, publish
from .media.renditions import Renderer, Rendition, Source
from .pages import feedback, places, previews
from .pages import listings as listing_pages
from .pages.render import render
from .problems import Problems
from .qr import codes
from .settings import HarmoniSettings, load_settings
from .site_files import CachedFile

log = logging.getLogger(LOG_NAME)
ASSETS = Path(__file__).parent / "assets"
THEME_TEMPLATES = Path(__file__).parent / "templates" / "theme"
"""Theme templates of the archive (its 404 page), searched before the theme's own."""
ASSET_URIS = {
    "assets/harmoni/harmoni.css": "harmoni.css",
    "assets/harmoni/harmoni.js": "harmoni.js",
}
LIGHTBOX = importlib.resources.files("mkdocs_glightbox") / "glightbox"
"""GLightbox as the mkdocs-glightbox package ships it. Its plugin is not used: it parses every
page twice and loads the lightbox on every page; here harmoni.js loads it on the first tap on a
gallery photo (the gallery names the files)."""
LIGHTBOX_URIS = ("assets/glightbox/glightbox.min.css", "assets/glightbox/glightbox.min.js")
LATEST_MARKER = "<!-- harmoni:kegiatan-terbaru -->"
"""Where the home page (docs/index.md) shows the latest activities."""
UNINDEXED_MARKER = "<!-- harmoni:tidak-diindeks -->"
"""Where the part of an activity page that search leaves out begins (templates/activity.html)."""


@dataclass
class _Generated:
    """A generated page: what renders its content."""

    entry: Entry | None = None
    listing: listing_pages.Listing | None = None
    tombstone: Tombstone | None = None
    stats: stats.StatsReport | None = None


class ArchiveBuild:
    """Entries → media → pages → QR → indexes, for one MkDocs build."""

    def __init__(self, config: MkDocsConfig) -> None:
        self.settings: HarmoniSettings = load_settings(config.extra)
        self.site_url = require_site_url(config)
        self.project_dir = Path(config.config_file_path).parent.resolve()
        self.directory_urls = config.use_directory_urls
        self.problems = Problems()
        archive = read_entries(self._entries_root(), self.project_dir, self.settings, self.problems)
        self.entries, self.withdrawn = archive.entries, archive.withdrawn
        self._check_registry()
        self.listings = listing_pages.build_listings(self.entries, self.settings)
        self.cache = MediaCache(self.project_dir / self.settings.cache, self.project_dir)
        self.media: dict[str, ActivityMedia] = {}
        self.generated: dict[str, _Generated] = {}
        self.unindexed: dict[str, str] = {}
        """The part of each activity page that search skips, by src_uri, until page context."""
        self.places: dict[str, places.PlaceCodes] = {}
        """Kecamatan and desa pages (by src_uri) → their QR code and poster."""
        self.previews = previews.Previews(_publisher(config, self.settings), self.entries,
                                          self.media)  # fmt: skip
        self.exports: Exports | None = None
        """The feed and open data, made once all media are published."""

    def _entries_root(self) -> Path:
        return entries_root(self.project_dir, self.settings)

    def _check_registry(self) -> None:
        """Stop when a published id lost its entry; warn about ids not yet registered."""
        relative = self.settings.daftar_terbit
        ids = [e.id for e in self.entries] + [t.id for t in self.withdrawn]
        missing = check_registry(self.project_dir / relative, relative, ids, self.problems)
        if missing:
            self.problems.report()
            raise PluginError(missing_message(relative, missing))

    # -- on_config -------------------------------------------------------------------------

    def configure(self, config: MkDocsConfig) -> None:
        """Put the listing pages in the navigation, the archive's CSS/JS on every page and its
        templates (the 404 page) before the theme's, after a `custom_dir` of the site's own."""
        if str(THEME_TEMPLATES) not in config.theme.dirs:
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(THEME_TEMPLATES))
        if config.nav is not None:
            base = [item for item in config.nav if not _is_generated_nav(item)]
            config.nav = base + listing_pages.nav_sections(self.listings)
            config.nav.append({stats.NAV_TITLE: stats.SRC_URI})
        for uri in ASSET_URIS:
            target = config.extra_css if uri.endswith(".css") else config.extra_javascript
            if uri not in target:
                target.append(uri)

    # -- on_files --------------------------------------------------------------------------

    def add_files(self, files: Files, config: MkDocsConfig) -> Files:
        """Derive media, then add every generated page, image, video and QR code."""
        renditions = render_media(
            self.entries, self.settings, self.cache, self.project_dir, self.problems
        )
        photo = self.settings.foto
        counts = (len(photo.gambar_kecil), len(photo.gambar_tampilan))
        shares = render_share_images(self.entries, self.cache)
        for entry in self.entries:
            self.media[entry.id] = publish(entry, renditions, counts, shares)
            self._add_activity(files, config, entry, self.media[entry.id])
        for tombstone in self.withdrawn:
            self._add_tombstone(files, config, tombstone)
        for listing in listing_pages.all_listings(self.listings):
            self._add_listing(files, config, listing)
        for listing, region in places.place_pages(self.listings):
            self._add_place(files, config, listing, region)
        self._add_stats(files, config)
        self._add_exports(files, config)
        for uri, name in ASSET_URIS.items():
            files.append(File.generated(config, uri, abs_src_path=str(ASSETS / name)))
        if any(media.photos for media in self.media.values()):
            for uri in LIGHTBOX_URIS:
                path = str(LIGHTBOX / uri.rpartition("/")[2])
                files.append(File.generated(config, uri, abs_src_path=path))
        self.problems.report()
        return files

    def _add_page(self, files: Files, config, uri: str, meta: dict, body: str, **kind) -> bool:
        """Add a generated page at `uri` unless a hand-written page already claims that URL."""
        if files.get_file_from_path(uri) is not None:
            self.problems.add(
                os.path.relpath(os.path.join(config.docs_dir, uri), self.project_dir),
                "halaman ini memakai alamat halaman yang dibuat otomatis; pindahkan atau ganti "
                "nama berkasnya.",
            )
            return False
        in_nav = "stats" in kind or ("listing" in kind and uri.count("/") < 3)  # not desa pages
        inclusion = InclusionLevel.UNDEFINED if in_nav else InclusionLevel.NOT_IN_NAV
        content = "---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n\n" + body
        files.append(File.generated(config, uri, content=content, inclusion=inclusion))
        self.generated[uri] = _Generated(**kind)
        return True

    def _add_activity(self, files: Files, config, entry: Entry, media: ActivityMedia) -> None:
        meta = {"title": _plain(entry.title),
                "description": _attribute(entry.description or entry.title)}  # fmt: skip
        uri = addresses.activity_src_uri(entry.id)
        if not self._add_page(files, config, uri, meta, entry.body, entry=entry):
            return
        for image in [*media.photos, *(v.poster for v in media.videos if v.poster)]:
            for web in (*image.thumbs, *image.displays, *image.original, *image.share):
                files.append(CachedFile.generated(config, web.src_uri,
                                                  abs_src_path=web.cache_path))  # fmt: skip
        for video in media.videos:
            files.append(File.generated(config, video.src_uri, abs_src_path=str(video.source)))
        self._add_qr_codes(files, config, entry.id)

    def _add_tombstone(self, files: Files, config, tombstone: Tombstone) -> None:
        """The page a withdrawn entry's URL (and printed QR code) still leads to."""
        meta = {"title": _plain(tombstone.title) or "Kegiatan ditarik", "search": {"exclude": True}}
        uri = addresses.activity_src_uri(tombstone.id)
        if self._add_page(files, config, uri, meta, "", tombstone=tombstone):
            self._add_qr_codes(files, config, tombstone.id)

    def _add_qr_codes(self, files: Files, config, entry_id: str) -> None:
        """The QR code of a permanent URL, as PNG for screens and SVG for print."""
        permanent = addresses.permanent_url(self.site_url, entry_id)
        for kind in ("png", "svg"):
            path = str(self._qr(permanent, kind))
            files.append(
                CachedFile.generated(config, addresses.qr_uri(entry_id, kind), abs_src_path=path)
            )

    def _qr(self, url: str, kind: str) -> Path:
        """The cached QR image for `url`, made on first use."""
        return cached_qr(self.cache, url, kind)

    def _qr_pixels(self, url: str) -> int:
        """The size of the cached QR PNG, for the page's `<img width height>`."""
        with self._qr(url, "png").open("rb") as png:
            return codes.png_pixels(png.read(24))

    def _add_listing(self, files: Files, config, listing: listing_pages.Listing) -> None:
        meta = {"title": listing.title, "description": _attribute(listing.description),
                "search": {"exclude": True}}  # fmt: skip
        self._add_page(files, config, listing.src_uri, meta, "", listing=listing)

    def _add_place(self, files: Files, config, listing: listing_pages.Listing, region: str) -> None:
        """The QR code and A4 poster of a kecamatan or desa page (if the page was added)."""
        if listing.src_uri not in self.generated:
            return
        text = places.poster_text(listing, region, self.site_url, self.directory_urls,
                                  self.settings.kantor, config.site_name)  # fmt: skip
        place = places.PlaceCodes(text.url, places.folder_of(listing), text,
                                  self._qr_pixels(text.url))  # fmt: skip
        places.add_place_files(files, config, self.cache, place, self._qr)
        self.places[listing.src_uri] = place

    def _add_stats(self, files: Files, config) -> None:
        """The statistics page (monitoring and evaluation)."""
        report = stats.make_report(self.project_dir, self.settings, self.entries, self.problems)
        meta = {"title": stats.NAV_TITLE, "description": stats.DESCRIPTION,
                "search": {"exclude": True}}  # fmt: skip
        self._add_page(files, config, stats.SRC_URI, meta, "", stats=report)

    def _add_exports(self, files: Files, config) -> None:
        """The Atom feed and the open-data files (JSON, CSV) of the published entries."""
        self.exports = build_exports(self.entries, self.media, self.settings,
                                     self.previews.publisher)  # fmt: skip
        for uri, content in self.exports.files.items():
            if files.get_file_from_path(uri) is None:
                files.append(File.generated(config, uri, content=content))
            else:
                self.problems.add(
                    os.path.relpath(os.path.join(config.docs_dir, uri), self.project_dir),
                    "berkas ini memakai alamat umpan atau data terbuka yang dibuat otomatis; "
                    "pindahkan atau ganti nama berkasnya.",
                )

    # -- on_page_content -------------------------------------------------------------------

    def page_content(self, html: str, page: Page) -> str:
        """The HTML of generated pages, and the latest activities on the home page."""
        generated = self.generated.get(page.file.src_uri)
        if generated and generated.entry:
            page.canonical_url = self._permanent(generated.entry.id)  # also when no directory URLs
            content = self._render("activity.html", page, entry=generated.entry,
                                   media=self.media[generated.entry.id], narrative=html,
                                   feedback=self._feedback(generated.entry),
                                   lightbox_uris=LIGHTBOX_URIS)  # fmt: skip
            indexed, _, self.unindexed[page.file.src_uri] = content.rpartition(UNINDEXED_MARKER)
            return indexed
        if generated and generated.listing:
            return self._render("listing.html", page, listing=generated.listing,
                                place=self.places.get(page.file.src_uri))  # fmt: skip
        if generated and generated.stats:
            return self._render("statistik.html", page, stats=generated.stats,
                                **stats.FORMATS, archive_uri=addresses.archive_src_uri)  # fmt: skip
        if generated and generated.tombstone:
            page.canonical_url = self._permanent(generated.tombstone.id)
            return self._render("tombstone.html", page, tombstone=generated.tombstone,
                                archive_uri=addresses.archive_src_uri())  # fmt: skip
        if LATEST_MARKER in html:
            latest = self.entries[: self.settings.beranda_jumlah]
            cards = self._render("terbaru.html", page, entries=latest,
                                 archive_uri=addresses.archive_src_uri())  # fmt: skip
            return html.replace(LATEST_MARKER, cards)
        if exports.DATA_MARKER in html:
            tables = self._render("data_terbuka.html", page, **self.exports.page_context())
            return html.replace(exports.DATA_MARKER, tables)
        return html

    def _permanent(self, entry_id: str) -> str:
        """The permanent URL of an activity page (the one its QR code holds)."""
        return addresses.permanent_url(self.site_url, entry_id)

    def _feedback(self, entry: Entry) -> list[feedback.FeedbackLink]:
        """The configured ways to send feedback on `entry`, prefilled."""
        return feedback.feedback_links(entry, self._permanent(entry.id), self.settings.masukan)

    def _render(self, template: str, page: Page, **context) -> str:
        permanent = None
        if "entry" in context:
            permanent = addresses.permanent_url(self.site_url, context["entry"].id)
        return render(
            template,
            page.url,
            self.directory_urls,
            kategori_names=self.settings.kategori,
            activity_uri=addresses.activity_src_uri,
            kategori_uri=addresses.kategori_src_uri,
            qr_uri=addresses.qr_uri,
            kecamatan_uri=addresses.kecamatan_src_uri,
            desa_uri=addresses.desa_src_uri,
            media_of=lambda entry: self.media[entry.id],
            permanent_url=permanent,
            qr_pixels=self._qr_pixels(permanent) if permanent else 0,
            **context,
        )

    # -- on_page_context -------------------------------------------------------------------

    def page_context(self, page: Page) -> None:
        """Put back the part of an activity page that search does not index (runs after the
        search plugin): its gallery, videos, share links and QR code are many tags and little
        text, and searching them found nothing a visitor looks for."""
        page.content = (page.content or "") + self.unindexed.pop(page.file.src_uri, "")

    # -- on_post_page ----------------------------------------------------------------------

    def post_page(self, output: str, page: Page) -> str:
        """Link previews, schema.org data and the feed link at the end of the page's `<head>`."""
        site_name = self.previews.publisher.site_name
        tags = self._render("previews.html", page, preview=self._preview(page), site_name=site_name,
                            locale=self.previews.locale, feed_uri=exports.FEED_URI,
                            feed_title=feed_title(site_name))  # fmt: skip
        return previews.insert_into_head(output, tags)

    def _preview(self, page: Page) -> previews.Preview:
        """The preview of an activity, a withdrawn entry, a listing or any other page."""
        generated = self.generated.get(page.file.src_uri) or _Generated()
        url = page.canonical_url or self.site_url
        if generated.entry:
            return self.previews.activity(generated.entry, url)
        if generated.tombstone:
            return self.previews.withdrawn(generated.tombstone, url)
        if generated.listing:
            listing = generated.listing
            return self.previews.page(listing.title, listing.description, url, listing.entries)
        title = self.previews.publisher.site_name if page.is_homepage else page.title
        return self.previews.page(title, page.meta.get("description") or "", url, [])

    # -- on_post_build ---------------------------------------------------------------------

    def finish(self) -> None:
        """After a whole build: drop cached derivatives that no page uses any more."""
        count, size = self.cache.prune()
        if count:
            log.info(f"HARMONI: {count} berkas lama dihapus dari cache ({size / 1e6:.1f} MB)")


def entries_root(project_dir: Path, settings: HarmoniSettings) -> Path:
    """The folder of the activity entries; stops with advice when it is missing."""
    root = project_dir / settings.folder_kegiatan
    if not root.is_dir():
        raise PluginError(
            f"folder kegiatan `{settings.folder_kegiatan}/` tidak ditemukan di samping "
            "mkdocs.yml. Buat foldernya atau ubah `extra.harmoni.folder_kegiatan`."
        )
    return root


def photo_variants(settings: HarmoniSettings) -> list[Variant]:
    """The derived sizes of every photo, as configured in `extra.harmoni.foto`."""
    photo = settings.foto
    variants = [Variant(size, photo.kualitas_kecil) for size in photo.gambar_kecil]
    variants += [Variant(size, photo.kualitas) for size in photo.gambar_tampilan]
    if photo.terbitkan_asli:
        variants.append(Variant(FULL_SIZE, 90, "jpeg"))
    return variants


SHARE_VARIANT = Variant(1200, 82, "jpeg")
"""The link-preview picture of each cover: WhatsApp and Facebook do not all read WebP."""


def render_share_images(entries: list[Entry], cache: MediaCache) -> dict[Path, Rendition]:
    """The link-preview JPEG of every entry's cover (a failing cover is already reported)."""
    covers = [Source(e.cover.path) for e in entries if e.cover is not None]
    return Renderer(cache, [SHARE_VARIANT]).render_all(covers, lambda source, message: None)


def media_sources(entries: list[Entry]) -> list[Source]:
    """Every gallery photo and video poster (a staff photo, else a frame) of `entries`."""
    sources = []
    for entry in entries:
        sources += [Source(p.path) for p in entry.photos]
        for video in entry.videos:
            if isinstance(video, LocalVideo):
                sources.append(Source(video.poster or video.path, is_video=not video.poster))
    return sources


def render_media(
    entries: list[Entry], settings: HarmoniSettings, cache: MediaCache, project_dir: Path,
    problems: Problems,
) -> dict[Path, Rendition]:  # fmt: skip
    """Derive (or find in the cache) the web images of `entries`; failures go to `problems`.
    The build and `harmoni periksa` share it, so both decode and judge every photo alike."""

    def failed(source: Source, message: str) -> None:
        relative = source.path.relative_to(project_dir).as_posix()
        problems.add(relative, message + " Berkas ini tidak ditampilkan di galeri.")

    renderer = Renderer(cache, photo_variants(settings))
    return renderer.render_all(media_sources(entries), failed)


def cached_qr(cache: MediaCache, url: str, kind: str) -> Path:
    """The cached QR image (`png` or `svg`) for `url`, made on first use."""
    key = hashlib.sha256(url.encode()).hexdigest()
    path = cache.path_for(key, f"qr{codes.QR_VERSION}", "." + kind)
    if not cache.has(path):
        cache.write(path, codes.png(url) if kind == "png" else codes.svg(url))
    return Path(path)


def _plain(text: str) -> str:
    """Text for places where the theme may not escape it (its `<h1>`, the search index): angle
    brackets become look-alike quotes, so no staff text can become markup."""
    return text.replace("<", "\u2039").replace(">", "\u203a")


def _attribute(text: str) -> str:
    """Text for the theme's `<meta name="description" content="…">`, which it writes unescaped:
    escaped here, so no quote in staff text can end the attribute."""
    return escape(text, quote=True)


def _publisher(config: MkDocsConfig, settings: HarmoniSettings) -> previews.Publisher:
    """The site and office as link previews and feeds name them."""
    return previews.Publisher(
        site_name=config.site_name,
        site_url=require_site_url(config),
        description=config.site_description or "",
        office=settings.kantor,
        region=settings.wilayah_nama,
        language=config.theme.get("language") or "en",
    )


def require_site_url(config: MkDocsConfig) -> str:
    """The site's permanent address (QR codes hold it); stops with advice when unset."""
    if not config.site_url:
        raise PluginError(
            "mkdocs.yml: `site_url` belum diisi. Kode QR berisi alamat lengkap setiap halaman, "
            "jadi isi alamat tetap situs, mis. `site_url: https://dinas.contoh.go.id/arsip/`."
        )
    return config.site_url


def _is_generated_nav(item) -> bool:
    """True for a nav section that an earlier build of this config added."""
    roots = {
        addresses.archive_src_uri(), addresses.kategori_src_uri(), addresses.kecamatan_src_uri()
    }
    return isinstance(item, dict) and any(
        (isinstance(v, list) and v and v[0] in roots) or v == stats.SRC_URI for v in item.values()
    )
