"""The listing pages: archive by year, and one page per kategori, kecamatan and desa.

All generated from the entries, never hand-maintained; `nav_sections` puts them in the
navigation while activity pages stay out of it. A `Listing` is the data; a `ListingPage` shows it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .. import addresses
from ..entries import Entry
from ..places import Places, places_of
from ..settings import HarmoniSettings
from .base import GeneratedPage
from .previews import Preview, Previews


@dataclass
class Listing:
    """A generated page that lists activities and/or links to other listings."""

    src_uri: str
    title: str
    description: str
    entries: list[Entry] = field(default_factory=list)
    children: list[Listing] = field(default_factory=list)
    group_by_month: bool = False
    not_yet_covered: list[str] = field(default_factory=list)
    """Names of places under this one without any activity yet (they get no page)."""
    kind: str = ""
    """What it lists, for the search box: `tahun`, `kategori` or `tempat`."""
    name: str = ""
    """The year, kategori, kecamatan or desa it is the page of (empty for the root pages)."""

    @property
    def count(self) -> int:
        return len(self.entries)


def build_listings(entries: list[Entry], settings: HarmoniSettings) -> list[Listing]:
    """The root listings (archive, kategori, kecamatan), each holding its child listings."""
    return [_archive(entries), _kategori(entries, settings), _places(entries, places_of(settings))]


def all_listings(roots: list[Listing]) -> list[Listing]:
    """Every listing, roots and descendants, depth first."""
    found = []
    for root in roots:
        found.append(root)
        found.extend(all_listings(root.children))
    return found


def _archive(entries: list[Entry]) -> Listing:
    years = sorted({e.date.year for e in entries}, reverse=True)
    children = [
        Listing(
            addresses.archive_src_uri(year),
            f"Tahun {year}",
            f"Kegiatan tahun {year}, per bulan.",
            [e for e in entries if e.date.year == year],
            group_by_month=True,
            kind="tahun",
            name=str(year),
        )
        for year in years
    ]
    return Listing(addresses.archive_src_uri(), "Arsip per tahun", "Semua kegiatan, per tahun.",
                   children=children, kind="tahun")  # fmt: skip


def _kategori(entries: list[Entry], settings: HarmoniSettings) -> Listing:
    children = [
        Listing(
            addresses.kategori_src_uri(key),
            name,
            f"Kegiatan kategori {name}.",
            [e for e in entries if e.kategori == key],
            kind="kategori",
            name=name,
        )
        for key, name in settings.kategori.items()
    ]
    return Listing(addresses.kategori_src_uri(), "Kategori", "Kegiatan menurut kategori.",
                   children=children, kind="kategori")  # fmt: skip


def _places(entries: list[Entry], places: Places) -> Listing:
    children = []
    for kecamatan, desa_names in places.wilayah.items():
        all_desa = [
            Listing(
                addresses.desa_src_uri(kecamatan, desa, places.root),
                places.lower_title(kecamatan, desa),
                f"Kegiatan di {places.locality(kecamatan, desa)}.",
                [e for e in entries if any(p.kecamatan == kecamatan and p.desa == desa
                                           for p in e.places)],
                kind="tempat",
                name=desa,
            )
            for desa in desa_names
        ]  # fmt: skip
        desa_pages = [page for page in all_desa if page.entries]
        children.append(
            Listing(
                addresses.kecamatan_src_uri(kecamatan, places.root),
                places.upper_title(kecamatan),
                f"Kegiatan di {places.upper_title(kecamatan)}, menurut {places.lower.casefold()}.",
                [e for e in entries if kecamatan in e.kecamatan],
                children=desa_pages,
                not_yet_covered=[d for d, page in zip(desa_names, all_desa) if not page.entries],
                kind="tempat",
                name=kecamatan,
            )
        )
    return Listing(addresses.kecamatan_src_uri(None, places.root), places.index_title,
                   "Kegiatan menurut wilayah.", children=children, kind="tempat")  # fmt: skip


def nav_sections(roots: list[Listing]) -> list[dict]:
    """Navigation entries in MkDocs' `nav` format: each root with its direct children. Deeper
    pages (desa) are reached from their kecamatan page: the theme copies the whole navigation into
    every page, so it must not grow with the number of desa."""
    return [
        {nav_title(root.title): [root.src_uri,
                                 *({nav_title(c.title): c.src_uri} for c in root.children)]}
        for root in roots
    ]  # fmt: skip


def nav_title(name: str) -> str:
    """A name from mkdocs.yml (kategori, kecamatan) as a navigation title: the theme writes
    titles into the page unescaped, so angle brackets become look-alike quotes (as in page
    titles) and no name can become markup."""
    return name.replace("<", "\u2039").replace(">", "\u203a")


def nav_uris(sections: list[dict]) -> set[str]:
    """Every page address the navigation lists."""
    found: set[str] = set()
    for section in sections:
        for value in section.values():
            items = value if isinstance(value, list) else [value]
            for item in items:
                found.update(nav_uris([item]) if isinstance(item, dict) else {item})
    return found


@dataclass(kw_only=True)
class ListingPage(GeneratedPage):
    """A listing's page: its activities as cards, links to its child listings."""

    template = "listing.html"
    listing: Listing

    def context(self) -> dict[str, Any]:
        return {"listing": self.listing, "place": None}

    def preview(self, previews: Previews, url: str) -> Preview:
        return previews.page(self.title, self.description, url, self.listing.entries)


def listing_page(listing: Listing, in_nav: bool) -> ListingPage:
    """The page of a listing that is not a place (archive, years, kategori)."""
    return ListingPage(listing.src_uri, listing.title, listing.description, in_nav=in_nav,
                       listing=listing)  # fmt: skip
