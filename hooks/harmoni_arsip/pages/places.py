"""QR codes and A4 posters of the kecamatan and desa pages, for village notice boards.

Each such page gets `qr.png`, `qr.svg`, `poster.png` and `poster.pdf` in its own folder. Posters
are cached by their content (office, place, latest activities, address), so a build where none of
that changed draws nothing.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

from .. import addresses
from ..addresses import site_url_of
from ..formats import indonesian_date
from ..media.cache import MediaCache
from ..qr import codes, posters
from ..site_files import CachedFile
from .listings import Listing


@dataclass(frozen=True)
class PlaceCodes:
    """What a kecamatan or desa page offers for print: its QR code and poster."""

    url: str
    """The page's absolute address (what the QR code holds)."""
    folder: str
    """The page's folder from the site root, e.g. `kecamatan/merawang/baturusa/`."""
    poster: posters.PosterText
    qr_pixels: int

    def uri(self, name: str) -> str:
        """A file of this page: `qr.png`, `qr.svg`, `poster.png` or `poster.pdf`."""
        return self.folder + name

    @property
    def slug(self) -> str:
        """A download name, e.g. `desa-baturusa`."""
        return addresses.slug(self.poster.place)


def place_pages(roots: list[Listing]) -> list[tuple[Listing, str]]:
    """Every kecamatan page and its desa pages, each with the line a poster prints under it."""
    found = []
    for root in roots:
        if root.src_uri != addresses.kecamatan_src_uri():
            continue
        for kecamatan in root.children:
            found.append((kecamatan, ""))
            found += [(desa, kecamatan.title) for desa in kecamatan.children]
    return found


def poster_text(
    listing: Listing, region: str, site_url: str, directory_urls: bool, office: str, site_name: str
) -> posters.PosterText:
    """What the poster of `listing` says: newest activities first, dates in Indonesian."""
    latest = listing.entries[: posters.MAX_ACTIVITIES]
    return posters.PosterText(
        office=office,
        site_name=site_name,
        place=listing.title,
        region=region,
        url=addresses.absolute_url(site_url, site_url_of(listing.src_uri, directory_urls)),
        activities=tuple((indonesian_date(e.date), e.title) for e in latest),
    )


def cached_posters(cache: MediaCache, text: posters.PosterText) -> dict[str, Path]:
    """The poster's PNG and PDF from the cache, drawn (once, for both) when either is missing."""
    key = hashlib.sha256(json.dumps(asdict(text), sort_keys=True).encode()).hexdigest()
    settings = f"poster{posters.POSTER_VERSION}-{posters.DPI}-qr{codes.QR_VERSION}"
    paths = {kind: cache.path_for(key, settings, "." + kind) for kind in ("png", "pdf")}
    if not all(cache.has(path) for path in paths.values()):
        for kind, data in posters.render(text, codes.matrix(text.url)).items():
            cache.write(paths[kind], data)
    return {kind: Path(path) for kind, path in paths.items()}


def add_place_files(
    files: Files, config: MkDocsConfig, cache: MediaCache, place: PlaceCodes,
    qr_path: Callable[[str, str], Path],
) -> None:  # fmt: skip
    """Add the QR codes (from `qr_path(url, kind)`) and the poster of one page to the site."""
    sources = {f"qr.{kind}": qr_path(place.url, kind) for kind in ("png", "svg")}
    sources |= {
        f"poster.{kind}": path for kind, path in cached_posters(cache, place.poster).items()
    }
    for name, path in sources.items():
        files.append(CachedFile.generated(config, place.uri(name), abs_src_path=str(path)))


def folder_of(listing: Listing) -> str:
    """`kecamatan/merawang/index.md` → `kecamatan/merawang/`."""
    return listing.src_uri.removesuffix("index.md")
