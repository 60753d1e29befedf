"""Stage 6: the site plan, everything the archive publishes, as data without MkDocs or Jinja.

`plan_site` runs the stages (media, QR codes and posters, statistics, exports) over an archive
and returns its pages (one small class per kind, in `pages/`) and its files with their sources
and sizes. `render_plan.make_manifest` renders the plan for the engine and for `harmoni periksa`
alike, so the two can never disagree about what is published.
"""

from __future__ import annotations

import functools
import importlib.resources
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import addresses, counting, exports, stats
from .editor import editor_files
from .entries import Archive, Entry, Tombstone
from .exports.site import build_exports
from .media.cache import MediaCache
from .media.derive import derive_media
from .media.published import ActivityMedia, GalleryImage
from .pages import listing as listings
from .pages.activity import ActivityPage
from .pages.base import GeneratedPage
from .pages.feedback import feedback_links
from .pages.listing import Listing, ListingPage
from .pages.place import PlaceCodes, PlacePage, place_listings, poster_text
from .pages.policy import ADMIN_POLICY, with_policy
from .pages.previews import Previews
from .pages.search import search_names, search_page
from .pages.statistics import TITLE as STATS_TITLE
from .pages.statistics import statistics_page
from .pages.tombstone import TITLE as WITHDRAWN_TITLE
from .pages.tombstone import TombstonePage
from .places import places_of
from .problems import Problems
from .qr.store import POSTER_KINDS, QR_KINDS, CodeFiles
from .settings import HarmoniSettings, Site

ASSETS = Path(__file__).parent / "assets"
ASSET_FILES = {uri: ASSETS / uri.rpartition("/")[2] for uri in addresses.ASSET_URIS}
"""The archive's own CSS and JavaScript, on every page."""
SEARCH_SCRIPT = ASSETS / addresses.SEARCH_SCRIPT_URI.rpartition("/")[2]
"""The search box's code, loaded only when a visitor uses the box."""
LIGHTBOX = Path(str(importlib.resources.files("mkdocs_glightbox") / "glightbox"))
"""GLightbox as the mkdocs-glightbox package ships it (its plugin is not used): loaded by
harmoni.js on the first tap on a gallery photo."""
LIGHTBOX_URIS = (addresses.LIGHTBOX_DIR + "glightbox.min.css",
                 addresses.LIGHTBOX_DIR + "glightbox.min.js")  # fmt: skip
EDITOR_PAGE = "admin/index.html"
"""The web editor's page (the rest of /admin/ is its script files and configuration)."""
LATEST_MARKER = "<!-- harmoni:kegiatan-terbaru -->"
"""Where the home page (docs/index.md) shows the latest activities."""


@dataclass(frozen=True)
class CopiedFile:
    """A published file whose bytes already exist: a derived image or QR code in the cache, a
    poster, a video in its entry folder, an asset of the package."""

    uri: str
    """Its path from the site root, e.g. `k/2024-001/foto-01-360.webp`."""
    source: str
    """The absolute path of its bytes."""

    @property
    def size(self) -> int:
        """Its size in bytes (asked by `harmoni periksa`, never by a build)."""
        return os.path.getsize(self.source)


@dataclass(frozen=True)
class WrittenFile:
    """A published file the plan made: the feed and the open data."""

    uri: str
    content: bytes

    @property
    def size(self) -> int:
        return len(self.content)


@dataclass(frozen=True)
class Insert:
    """Generated content that a hand-written page asks for with a marker (an HTML comment)."""

    marker: str
    template: str
    context: dict[str, Any]


@dataclass
class SitePlan:
    """What the archive publishes: pages, files, the navigation of its generated pages."""

    site: Site
    settings: HarmoniSettings
    pages: list[GeneratedPage] = field(default_factory=list)
    copied: list[CopiedFile] = field(default_factory=list)
    written: list[WrittenFile] = field(default_factory=list)
    nav: list[dict] = field(default_factory=list)
    """Navigation sections of the generated pages, in MkDocs' `nav` format (title → address)."""
    inserts: list[Insert] = field(default_factory=list)
    media: dict[str, ActivityMedia] = field(default_factory=dict)
    previews: Previews | None = None
    counter: str = ""
    """The visit counter `<script>` every page carries in its `<head>`; empty when counting is
    off (`extra.harmoni.kunjungan.goatcounter` unset)."""

    def render_globals(self) -> dict[str, Any]:
        """What every template may use besides its page's own context."""
        places = places_of(self.settings)
        return {
            "kategori_names": self.settings.kategori,
            "activity_uri": addresses.activity_src_uri,
            "kategori_uri": addresses.kategori_src_uri,
            "kecamatan_uri": functools.partial(addresses.kecamatan_src_uri, root=places.root),
            "desa_uri": functools.partial(addresses.desa_src_uri, root=places.root),
            "qr_uri": addresses.qr_uri,
            "media_of": lambda entry: self.media[entry.id],
            "lightbox_uris": LIGHTBOX_URIS,
            "places": places,
            "program": self.settings.program,
        }


def plan_site(
    site: Site, settings: HarmoniSettings, archive: Archive, cache: MediaCache,
    project_dir: Path, problems: Problems,
) -> SitePlan:  # fmt: skip
    """Run every stage over `archive` and return what the site publishes; problems in staff
    input go into `problems` (the stages leave the broken parts out)."""
    plan = SitePlan(site, settings)
    if settings.kunjungan.goatcounter:
        plan.counter = counting.counter_script(settings.kunjungan.goatcounter, site.site_url)
    roots = listings.build_listings(archive.entries, settings)
    codes = _order_codes(CodeFiles(cache), archive, roots, site, settings)
    plan.media = derive_media(archive.entries, settings, cache, project_dir, problems)
    plan.previews = Previews(site, archive.entries, plan.media, places_of(settings))
    for entry in archive.entries:
        plan.pages.append(_activity_page(entry, plan.media[entry.id], site, settings, codes))
        plan.copied += media_files(plan.media[entry.id])
        plan.copied += _qr_files(codes, site, settings, entry.id)
    for tombstone in archive.withdrawn:
        plan.pages.append(_tombstone_page(tombstone, site))
        plan.copied += _qr_files(codes, site, settings, tombstone.id)
    plan.nav = [*listings.nav_sections(roots), {STATS_TITLE: addresses.STATS_SRC_URI}]
    _add_listings(plan, roots, codes)
    _add_search(plan, roots)
    report = stats.make_report(project_dir, settings, archive.entries, problems)
    plan.pages.append(statistics_page(report, settings.program))
    _add_exports(plan, archive.entries)
    _add_assets(plan)
    _add_editor(plan)
    in_nav = listings.nav_uris(plan.nav)
    for page in plan.pages:
        page.in_nav = page.src_uri in in_nav
    plan.inserts.insert(0, _latest(archive.entries, settings))
    codes.finish()
    return plan


def _order_codes(
    codes: CodeFiles, archive: Archive, roots: list[Listing], site: Site, settings: HarmoniSettings
) -> CodeFiles:
    """Ask for every QR code and poster now and start making the missing ones, so that they
    are made beside the photos (the stages below ask again for the same paths)."""
    for entry_id in [entry.id for entry in archive.entries] + [t.id for t in archive.withdrawn]:
        list(_qr_files(codes, site, settings, entry_id))
    for listing, region in place_listings(roots[-1]):
        text = poster_text(listing, region, site)
        for kind in QR_KINDS:
            codes.qr(text.url, kind)
        codes.posters(text)
    codes.start()
    return codes


def _activity_page(
    entry: Entry, media: ActivityMedia, site: Site, settings: HarmoniSettings, codes: CodeFiles
) -> ActivityPage:
    """An activity's page, with its permanent address, QR code size and feedback links."""
    permanent = addresses.permanent_url(site.site_url, entry.id)
    return ActivityPage(
        addresses.activity_src_uri(entry.id), entry.title, entry.description or entry.title,
        entry=entry, media=media, permanent_url=permanent,
        qr_pixels=codes.pixels(qr_address(site, settings, entry.id)),
        feedback=feedback_links(entry, permanent, settings.masukan),
    )  # fmt: skip


def _tombstone_page(tombstone: Tombstone, site: Site) -> TombstonePage:
    """A withdrawn entry's page at its permanent address."""
    return TombstonePage(
        addresses.activity_src_uri(tombstone.id), tombstone.title or WITHDRAWN_TITLE, "",
        tombstone=tombstone, permanent_url=addresses.permanent_url(site.site_url, tombstone.id),
    )  # fmt: skip


def media_files(media: ActivityMedia) -> Iterator[CopiedFile]:
    """The derived images and local videos of one activity page that the static site publishes
    (those the media host serves are not copied): what a media host would serve instead
    (`harmoni periksa` sizes them as the media tier)."""
    images: list[GalleryImage] = [*media.photos, *(v.poster for v in media.videos if v.poster)]
    for image in images:
        for web in image.files:
            if web.url is None:
                yield CopiedFile(web.src_uri, web.cache_path)
    for video in media.videos:
        if video.url is None:
            yield CopiedFile(video.src_uri, str(video.source))


def qr_address(site: Site, settings: HarmoniSettings, entry_id: str) -> str:
    """What an activity's QR code holds: its permanent address, marked as a scan (`#q`) when
    visits are counted."""
    permanent = addresses.permanent_url(site.site_url, entry_id)
    return counting.qr_address(permanent, settings.kunjungan.goatcounter is not None)


def _qr_files(
    codes: CodeFiles, site: Site, settings: HarmoniSettings, entry_id: str
) -> Iterator[CopiedFile]:
    """The QR codes (PNG, SVG) of an activity's permanent address."""
    address = qr_address(site, settings, entry_id)
    for kind in QR_KINDS:
        yield CopiedFile(addresses.qr_uri(entry_id, kind), codes.qr(address, kind))


def _add_listings(plan: SitePlan, roots: list[Listing], codes: CodeFiles) -> None:
    """The listing pages; kecamatan and desa pages with their QR codes and posters."""
    kecamatan_root = roots[-1]  # build_listings: archive, kategori, kecamatan
    places = {listing.src_uri: region for listing, region in place_listings(kecamatan_root)}
    size = plan.settings.kartu_per_halaman
    for listing in listings.all_listings(roots):
        pages = listings.listing_pages(listing, size)
        if listing.src_uri not in places:
            plan.pages += pages
            continue
        text = poster_text(listing, places[listing.src_uri], plan.site)
        folder = addresses.folder_of(listing.src_uri)
        place = PlaceCodes(text.url, folder, text, codes.pixels(text.url))
        first = pages[0]  # the QR code and poster hold the first page's address
        plan.pages += [PlacePage(first.src_uri, first.title, first.description, listing=listing,
                                 part=first.part, place=place), *pages[1:]]  # fmt: skip
        files = {f"qr.{kind}": codes.qr(text.url, kind) for kind in QR_KINDS}
        posters = codes.posters(text)
        files |= {f"poster.{kind}": posters[kind] for kind in POSTER_KINDS}
        plan.copied += [CopiedFile(place.uri(name), path) for name, path in files.items()]


def _add_search(plan: SitePlan, roots: list[Listing]) -> None:
    """The search page, the names its box offers and the box's code (Pagefind's index is made
    from the built pages, after MkDocs wrote them: `search_index.py`)."""
    plan.pages.append(search_page(roots))
    names = search_names(roots, plan.site.directory_urls)
    plan.written.append(WrittenFile(addresses.SEARCH_NAMES_URI, names))
    plan.copied.append(CopiedFile(addresses.SEARCH_SCRIPT_URI, str(SEARCH_SCRIPT)))


def _add_exports(plan: SitePlan, entries: list[Entry]) -> None:
    """The Atom feed and the open data, and the tables of the open-data page."""
    made = build_exports(entries, plan.media, plan.settings, plan.site)
    plan.written += [WrittenFile(uri, content) for uri, content in made.files.items()]
    plan.inserts.append(Insert(exports.DATA_MARKER, "data_terbuka.html", made.page_context()))


def _add_assets(plan: SitePlan) -> None:
    """The archive's CSS and JavaScript; the lightbox where any page has photos."""
    plan.copied += [CopiedFile(uri, str(path)) for uri, path in ASSET_FILES.items()]
    if any(media.photos for media in plan.media.values()):
        plan.copied += [CopiedFile(uri, str(LIGHTBOX / uri.rpartition("/")[2]))
                        for uri in LIGHTBOX_URIS]  # fmt: skip


def _add_editor(plan: SitePlan) -> None:
    """The web editor at /admin/ and its configuration, made from the settings; its page with
    the editor's own Content-Security-Policy."""
    site = plan.site
    for item in editor_files(plan.settings, site.site_name, site.site_url, site.logo):
        if item.uri == EDITOR_PAGE and item.source is not None:
            page = with_policy(item.source.read_text(encoding="utf-8"), ADMIN_POLICY)
            plan.written.append(WrittenFile(item.uri, page.encode("utf-8")))
        elif item.source is not None:
            plan.copied.append(CopiedFile(item.uri, str(item.source)))
        else:
            plan.written.append(WrittenFile(item.uri, (item.content or "").encode("utf-8")))


def _latest(entries: list[Entry], settings: HarmoniSettings) -> Insert:
    """The latest activities on the home page."""
    latest = entries[: settings.beranda_jumlah]
    return Insert(LATEST_MARKER, "terbaru.html",
                  {"entries": latest, "archive_uri": addresses.archive_src_uri()})  # fmt: skip


__all__ = ["CopiedFile", "Insert", "ListingPage", "SitePlan", "WrittenFile", "plan_site"]
