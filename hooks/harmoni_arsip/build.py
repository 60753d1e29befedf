"""One build of the archive: the state MkDocs events share, created afresh in `on_config`.

Knows MkDocs; delegates entries, media, pages and QR codes to their own modules.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from .entries import Entry, LocalVideo, Tombstone, read_entries
from .entries.registry import check_registry, missing_message
from .media.cache import MediaCache
from .media.images import FULL_SIZE, Variant
from .media.renditions import Renderer, Source
from .pages import listings as listing_pages
from .pages import urls
from .pages.published import ActivityMedia, publish
from .pages.render import render
from .problems import Problems
from .qr import codes
from .settings import HarmoniSettings, load_settings
from .site_files import CachedFile

ASSETS = Path(__file__).parent / "assets"
ASSET_URIS = {
    "assets/harmoni/harmoni.css": "harmoni.css",
    "assets/harmoni/harmoni.js": "harmoni.js",
}
LATEST_MARKER = "<!-- harmoni:kegiatan-terbaru -->"
"""Where the home page (docs/index.md) shows the latest activities."""


@dataclass
class _Generated:
    """A generated page: what renders its content."""

    entry: Entry | None = None
    listing: listing_pages.Listing | None = None
    tombstone: Tombstone | None = None


class ArchiveBuild:
    """Entries → media → pages → QR → indexes, for one MkDocs build."""

    def __init__(self, config: MkDocsConfig) -> None:
        self.settings: HarmoniSettings = load_settings(config.extra)
        self.site_url = _require_site_url(config)
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

    def _entries_root(self) -> Path:
        root = self.project_dir / self.settings.folder_kegiatan
        if not root.is_dir():
            raise PluginError(
                f"folder kegiatan `{self.settings.folder_kegiatan}/` tidak ditemukan di samping "
                "mkdocs.yml. Buat foldernya atau ubah `extra.harmoni.folder_kegiatan`."
            )
        return root

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
        """Put the listing pages in the navigation and the archive's CSS/JS on every page."""
        if config.nav is not None:
            base = [item for item in config.nav if not _is_generated_nav(item)]
            config.nav = base + listing_pages.nav_sections(self.listings)
        for uri in ASSET_URIS:
            target = config.extra_css if uri.endswith(".css") else config.extra_javascript
            if uri not in target:
                target.append(uri)

    # -- on_files --------------------------------------------------------------------------

    def add_files(self, files: Files, config: MkDocsConfig) -> Files:
        """Derive media, then add every generated page, image, video and QR code."""
        renditions = self._render_media()
        photo = self.settings.foto
        counts = (len(photo.gambar_kecil), len(photo.gambar_tampilan))
        for entry in self.entries:
            self.media[entry.id] = publish(entry, renditions, counts)
            self._add_activity(files, config, entry, self.media[entry.id])
        for tombstone in self.withdrawn:
            self._add_tombstone(files, config, tombstone)
        for listing in listing_pages.all_listings(self.listings):
            self._add_listing(files, config, listing)
        for uri, name in ASSET_URIS.items():
            files.append(File.generated(config, uri, abs_src_path=str(ASSETS / name)))
        self.problems.report()
        return files

    def _variants(self) -> list[Variant]:
        photo = self.settings.foto
        sizes = [*photo.gambar_kecil, *photo.gambar_tampilan]
        variants = [Variant(size, photo.kualitas) for size in sizes]
        if photo.terbitkan_asli:
            variants.append(Variant(FULL_SIZE, 90, "jpeg"))
        return variants

    def _render_media(self):
        sources = []
        for entry in self.entries:
            sources += [Source(p.path) for p in entry.photos]
            for video in entry.videos:
                if isinstance(video, LocalVideo):
                    sources.append(Source(video.poster or video.path, is_video=not video.poster))
        renderer = Renderer(self.cache, self._variants())
        return renderer.render_all(sources, self._media_failed)

    def _media_failed(self, source: Source, message: str) -> None:
        relative = source.path.relative_to(self.project_dir).as_posix()
        self.problems.add(relative, message + " Berkas ini tidak ditampilkan di galeri.")

    def _add_page(self, files: Files, config, uri: str, meta: dict, body: str, **kind) -> bool:
        """Add a generated page at `uri` unless a hand-written page already claims that URL."""
        if files.get_file_from_path(uri) is not None:
            self.problems.add(
                os.path.relpath(os.path.join(config.docs_dir, uri), self.project_dir),
                "halaman ini memakai alamat halaman yang dibuat otomatis; pindahkan atau ganti "
                "nama berkasnya.",
            )
            return False
        in_nav = "listing" in kind and uri.count("/") < 3  # desa pages (depth 3) are linked only
        inclusion = InclusionLevel.UNDEFINED if in_nav else InclusionLevel.NOT_IN_NAV
        content = "---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n\n" + body
        files.append(File.generated(config, uri, content=content, inclusion=inclusion))
        self.generated[uri] = _Generated(**kind)
        return True

    def _add_activity(self, files: Files, config, entry: Entry, media: ActivityMedia) -> None:
        meta = {"title": _plain(entry.title), "description": entry.description or entry.title}
        uri = urls.activity_src_uri(entry.id)
        if not self._add_page(files, config, uri, meta, entry.body, entry=entry):
            return
        for image in [*media.photos, *(v.poster for v in media.videos if v.poster)]:
            for web in (*image.thumbs, *image.displays, *image.original):
                files.append(CachedFile.generated(config, web.src_uri,
                                                  abs_src_path=str(web.cache_path)))  # fmt: skip
        for video in media.videos:
            files.append(File.generated(config, video.src_uri, abs_src_path=str(video.source)))
        self._add_qr_codes(files, config, entry.id)

    def _add_tombstone(self, files: Files, config, tombstone: Tombstone) -> None:
        """The page a withdrawn entry's URL (and printed QR code) still leads to."""
        meta = {"title": _plain(tombstone.title) or "Kegiatan ditarik", "search": {"exclude": True}}
        uri = urls.activity_src_uri(tombstone.id)
        if self._add_page(files, config, uri, meta, "", tombstone=tombstone):
            self._add_qr_codes(files, config, tombstone.id)

    def _add_qr_codes(self, files: Files, config, entry_id: str) -> None:
        """The QR code of a permanent URL, as PNG for screens and SVG for print."""
        permanent = urls.absolute_url(self.site_url, urls.activity_dir(entry_id))
        for kind in ("png", "svg"):
            path = str(self._qr(permanent, kind))
            files.append(
                CachedFile.generated(config, urls.qr_uri(entry_id, kind), abs_src_path=path)
            )

    def _qr(self, url: str, kind: str) -> Path:
        """The cached QR image for `url`, made on first use."""
        path = self.cache.path_for(url, f"qr{codes.QR_VERSION}", "." + kind)
        if not path.exists():
            self.cache.write(path, codes.png(url) if kind == "png" else codes.svg(url))
        return path

    def _qr_pixels(self, url: str) -> int:
        """The size of the cached QR PNG, for the page's `<img width height>`."""
        with self._qr(url, "png").open("rb") as png:
            return codes.png_pixels(png.read(24))

    def _add_listing(self, files: Files, config, listing: listing_pages.Listing) -> None:
        meta = {"title": listing.title, "description": listing.description,
                "search": {"exclude": True}}  # fmt: skip
        self._add_page(files, config, listing.src_uri, meta, "", listing=listing)

    # -- on_page_content -------------------------------------------------------------------

    def page_content(self, html: str, page: Page) -> str:
        """The HTML of generated pages, and the latest activities on the home page."""
        generated = self.generated.get(page.file.src_uri)
        if generated and generated.entry:
            return self._render("activity.html", page, entry=generated.entry,
                                media=self.media[generated.entry.id], narrative=html)  # fmt: skip
        if generated and generated.listing:
            return self._render("listing.html", page, listing=generated.listing)
        if generated and generated.tombstone:
            return self._render("tombstone.html", page, tombstone=generated.tombstone,
                                archive_uri=urls.archive_src_uri())  # fmt: skip
        if LATEST_MARKER in html:
            latest = self.entries[: self.settings.beranda_jumlah]
            cards = self._render("terbaru.html", page, entries=latest,
                                 archive_uri=urls.archive_src_uri())  # fmt: skip
            return html.replace(LATEST_MARKER, cards)
        return html

    def _render(self, template: str, page: Page, **context) -> str:
        permanent = None
        if "entry" in context:
            permanent = urls.absolute_url(self.site_url, urls.activity_dir(context["entry"].id))
        return render(
            template,
            page.url,
            self.directory_urls,
            kategori_names=self.settings.kategori,
            activity_uri=urls.activity_src_uri,
            kategori_uri=urls.kategori_src_uri,
            qr_uri=urls.qr_uri,
            kecamatan_uri=urls.kecamatan_src_uri,
            desa_uri=urls.desa_src_uri,
            media_of=lambda entry: self.media[entry.id],
            permanent_url=permanent,
            qr_pixels=self._qr_pixels(permanent) if permanent else 0,
            **context,
        )


def _plain(text: str) -> str:
    """Text for places where the theme may not escape it (its `<h1>`, the search index): angle
    brackets become look-alike quotes, so no staff text can become markup."""
    return text.replace("<", "\u2039").replace(">", "\u203a")


def _require_site_url(config: MkDocsConfig) -> str:
    if not config.site_url:
        raise PluginError(
            "mkdocs.yml: `site_url` belum diisi. Kode QR berisi alamat lengkap setiap halaman, "
            "jadi isi alamat tetap situs, mis. `site_url: https://dinas.contoh.go.id/arsip/`."
        )
    return config.site_url


def _is_generated_nav(item) -> bool:
    """True for a nav section that an earlier build of this config added."""
    roots = {urls.archive_src_uri(), urls.kategori_src_uri(), urls.kecamatan_src_uri()}
    return isinstance(item, dict) and any(
        isinstance(v, list) and v and v[0] in roots for v in item.values()
    )
