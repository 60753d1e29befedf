"""Check a whole archive the way the build does, without building it.

Errors come from the build's own stages (reader, registry, media renderer), so `harmoni periksa`
and `mkdocs build` can never disagree; the media stage also fills the cache, so the next build
does no image work. Warnings are advice the build does not give.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import get_files

from .. import addresses, stats
from ..build import (
    ASSET_URIS,
    ASSETS,
    cached_qr,
    entries_root,
    media_sources,
    render_media,
    render_share_images,
    require_site_url,
)
from ..entries import Archive, read_entries
from ..entries.registry import check_registry, missing_message
from ..media.cache import MediaCache
from ..media.published import publish
from ..media.renditions import Rendition
from ..pages import listings as listing_pages
from ..problems import Problems
from ..settings import HarmoniSettings
from . import hosting
from .advice import advise


@dataclass(frozen=True)
class Findings:
    """What `harmoni periksa` found."""

    errors: Problems
    """Everything the build reports (and `mkdocs build --strict` fails on)."""
    warnings: Problems
    """Advice: the build accepts these."""
    entries: int
    photos: int
    """Photos and video posters checked."""
    site: hosting.SiteEstimate


def check_archive(config: MkDocsConfig, settings: HarmoniSettings, project: Path) -> Findings:
    """Run the build's checks on every entry and photo, then the advice and the site size."""
    site_url = require_site_url(config)
    errors, warnings = Problems(), Problems()
    archive = read_entries(entries_root(project, settings), project, settings, errors)
    _check_registry(archive, settings, project, errors)
    cache = MediaCache(project / settings.cache, project)
    renditions = render_media(archive.entries, settings, cache, project, errors)
    shares = render_share_images(archive.entries, cache)
    stats.make_report(project, settings, archive.entries, errors)  # checks the reach data
    for entry in archive.entries:
        advise(entry, settings, project, warnings)
    static, docs_pages = _site_files(config)
    files = _media_files(archive, renditions, shares, settings, project)
    files += _qr_files(archive, cache, site_url) + static
    site = hosting.estimate(files, _page_count(archive, settings, config, docs_pages))
    for origin, message in hosting.host_warnings(site):
        warnings.add(origin, message)
    photos = len(media_sources(archive.entries))
    return Findings(errors, warnings, len(archive.entries), photos, site)


def _check_registry(archive: Archive, settings, project: Path, errors: Problems) -> None:
    """The registry check of the build; a published id without an entry is one more error,
    worded exactly as the message the build stops with."""
    relative = settings.daftar_terbit
    ids = [e.id for e in archive.entries] + [t.id for t in archive.withdrawn]
    missing = check_registry(project / relative, relative, ids, errors)
    if missing:
        errors.add(relative, missing_message(relative, missing).removeprefix(f"{relative}: "))


def _media_files(
    archive: Archive, renditions: dict[Path, Rendition], shares: dict[Path, Rendition], settings,
    project: Path,
):  # fmt: skip
    """Every derived image and local video the activity pages will publish."""
    counts = (len(settings.foto.gambar_kecil), len(settings.foto.gambar_tampilan))
    files = []
    for entry in archive.entries:
        media = publish(entry, renditions, counts, shares)
        for image in [*media.photos, *(v.poster for v in media.videos if v.poster)]:
            for web in (*image.thumbs, *image.displays, *image.original, *image.share):
                files.append(hosting.PublishedFile(web.src_uri, _size(web.cache_path)))
        for video in media.videos:
            origin = video.source.relative_to(project).as_posix()
            files.append(hosting.PublishedFile(origin, _size(video.source)))
    return files


def _qr_files(archive: Archive, cache: MediaCache, site_url: str):
    """The QR codes (PNG and SVG) of every activity and withdrawn activity, made as the build
    makes them (and cached for it)."""
    files = []
    for entry_id in [e.id for e in archive.entries] + [t.id for t in archive.withdrawn]:
        url = addresses.permanent_url(site_url, entry_id)
        for kind in ("png", "svg"):
            path = cached_qr(cache, url, kind)
            files.append(hosting.PublishedFile(addresses.qr_uri(entry_id, kind), _size(path)))
    return files


def _site_files(config: MkDocsConfig) -> tuple[list[hosting.PublishedFile], int]:
    """The static files MkDocs copies from the docs folder and the theme, with the archive's
    own CSS and JavaScript; and the number of hand-written pages."""
    files = get_files(config)
    files.add_files_from_theme(config.theme.get_env(), config)
    found = [
        hosting.PublishedFile(f.dest_uri, _size(Path(f.abs_src_path)))
        for f in files
        if f.abs_src_path and not f.is_documentation_page() and f.inclusion.is_included()
    ]
    found += [hosting.PublishedFile(uri, _size(ASSETS / name)) for uri, name in ASSET_URIS.items()]
    return found, len(files.documentation_pages())


def _page_count(archive: Archive, settings: HarmoniSettings, config, docs_pages: int) -> int:
    """Pages the site will have: activities, withdrawn notices, listings, the hand-written
    pages, the theme's own (404, sitemap) and the search index."""
    listings = listing_pages.all_listings(listing_pages.build_listings(archive.entries, settings))
    generated = len(archive.entries) + len(archive.withdrawn) + len(listings)
    return generated + docs_pages + len(config.theme.static_templates) + 1


def _size(path: Path) -> int:
    """A file's size, 0 when it is missing."""
    try:
        return os.path.getsize(path)
    except OSError:
        return 0
