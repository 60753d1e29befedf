"""The listing pages: archive by year, and one page per kategori, kecamatan and desa.

All generated from the entries, never hand-maintained; `nav_sections` puts them in the
navigation while activity pages stay out of it. A `Listing` is the data; a `ListingPage` shows
one page of it: a long listing is split into pages of `kartu_per_halaman` cards (`Pagination`),
the first at the listing's own address, the others at `…/halaman/<n>/`, so no page grows with
the archive.
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


WINDOW = 2
"""Page numbers shown on each side of the current one (plus the first and the last)."""


@dataclass(frozen=True)
class Pagination:
    """Where one page of a listing stands among its pages."""

    number: int
    """1 for the listing's own address."""
    addresses: tuple[str, ...]
    """The virtual source of every page of the listing, in order."""
    size: int
    """Cards per page."""

    @property
    def count(self) -> int:
        return len(self.addresses)

    @property
    def previous(self) -> str | None:
        return self.addresses[self.number - 2] if self.number > 1 else None

    @property
    def next(self) -> str | None:
        return self.addresses[self.number] if self.number < self.count else None

    def slice(self, entries: list[Entry]) -> list[Entry]:
        """This page's share of the listing's activities."""
        start = (self.number - 1) * self.size
        return entries[start : start + self.size]

    def shown(self) -> list[int | None]:
        """The page numbers the links offer: the first, the last and a few around this one;
        None where numbers are left out (so the links stay few however long the listing)."""
        near = range(max(1, self.number - WINDOW), min(self.count, self.number + WINDOW) + 1)
        numbers = sorted({1, self.count, *near})
        shown: list[int | None] = []
        for number in numbers:
            if shown and number - (shown[-1] or 0) > 1:
                shown.append(None)
            shown.append(number)
        return shown


def paginate(listing: Listing, size: int) -> list[Pagination]:
    """One `Pagination` per page of `listing`: at least one, however few its activities."""
    count = max(1, -(-listing.count // size))
    found = tuple(addresses.listing_page_src_uri(listing.src_uri, n) for n in range(1, count + 1))
    return [Pagination(number, found, size) for number in range(1, count + 1)]


def page_title(title: str, part: Pagination) -> str:
    """A page's title: the listing's, with the page number after the first page."""
    return title if part.number == 1 else f"{title} (halaman {part.number} dari {part.count})"


@dataclass(kw_only=True)
class ListingPage(GeneratedPage):
    """One page of a listing: its share of the activities as cards; the first page also links
    to the child listings and is the one the search indexes."""

    template = "listing.html"
    listing: Listing
    part: Pagination

    @property
    def entries(self) -> list[Entry]:
        """The activities on this page."""
        return self.part.slice(self.listing.entries)

    def context(self) -> dict[str, Any]:
        return {"listing": self.listing, "place": None, "entries": self.entries,
                "part": self.part}  # fmt: skip

    def preview(self, previews: Previews, url: str) -> Preview:
        return previews.page(self.title, self.description, url, self.entries)


def listing_pages(listing: Listing, size: int) -> list[ListingPage]:
    """The pages of a listing, `size` cards each (the plan puts a place's QR code and poster on
    its first page; the navigation lists first pages only)."""
    return [ListingPage(part.addresses[part.number - 1], page_title(listing.title, part),
                        listing.description, listing=listing, part=part)
            for part in paginate(listing, size)]  # fmt: skip
