"""The pages of kecamatan and desa: a listing plus a QR code and an A4 poster for the village
notice board (`qr.png`, `qr.svg`, `poster.png`, `poster.pdf` in the page's own folder)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .. import addresses
from ..formats import indonesian_date
from ..qr import posters
from ..settings import Site
from ..sourcedate import timestamp
from .listing import Listing, ListingPage


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


@dataclass(kw_only=True)
class PlacePage(ListingPage):
    """The first page of a kecamatan or desa: the listing, its QR code and poster (its later
    pages are plain `ListingPage`s: the QR code holds the first page's address)."""

    place: PlaceCodes

    def context(self) -> dict[str, Any]:
        return {**super().context(), "place": self.place}


def place_listings(kecamatan_root: Listing) -> list[tuple[Listing, str]]:
    """Every kecamatan listing and its desa listings, each with the line a poster prints under
    its name (a desa's kecamatan)."""
    found = []
    for kecamatan in kecamatan_root.children:
        found.append((kecamatan, ""))
        found += [(desa, kecamatan.title) for desa in kecamatan.children]
    return found


def poster_text(listing: Listing, region: str, site: Site) -> posters.PosterText:
    """What the poster of `listing` says: newest activities first, dates in Indonesian; the PDF
    is dated by the newest of them (or SOURCE_DATE_EPOCH)."""
    latest = listing.entries[: posters.MAX_ACTIVITIES]
    path = addresses.site_url_of(listing.src_uri, site.directory_urls)
    return posters.PosterText(
        office=site.office,
        site_name=site.site_name,
        place=listing.title,
        region=region,
        url=addresses.absolute_url(site.site_url, path),
        activities=tuple((indonesian_date(e.date), e.title) for e in latest),
        created=timestamp(latest[0].date if latest else None),
    )
