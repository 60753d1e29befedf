"""The search page `cari/` and the names the search box offers.

The search itself runs in the visitor's browser (Pagefind, `search_index.py` makes its index).
The page is where the header's box sends a search without JavaScript (it then links the
archive's listings) and where a search in a link (`cari/?q=…`) shows its results. The names of
places, kategori and years (`cari/nama.json`, a few KB) give the box its filters and its
"Mungkin maksud Anda" for words Pagefind does not forgive.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from .. import addresses
from .base import GeneratedPage
from .listing import Listing, all_listings

TITLE = "Cari"
DESCRIPTION = "Cari kegiatan, desa, kecamatan, kategori atau tahun di arsip."


@dataclass
class SearchPage(GeneratedPage):
    """The search page: the box's results, and the archive's listings for browsing."""

    template = "cari.html"
    roots: list[Listing] = field(default_factory=list)

    def context(self) -> dict[str, Any]:
        return {"roots": self.roots}


def search_page(roots: list[Listing]) -> SearchPage:
    """The page at `cari/`, linking the root listings (archive, kategori, kecamatan)."""
    return SearchPage(addresses.SEARCH_SRC_URI, TITLE, DESCRIPTION, roots=roots)


def search_names(roots: list[Listing], directory_urls: bool) -> bytes:
    """`cari/nama.json`: every listing page with activities (title, bare name, kind, address
    from the site root), and the values of the activity pages' filters."""
    pages = [
        {"judul": listing.title, "nama": listing.name, "jenis": listing.kind,
         "alamat": addresses.site_url_of(listing.src_uri, directory_urls)}
        for listing in all_listings(roots)
        if listing.name and listing.entries
    ]  # fmt: skip
    filters: dict[str, list[str]] = {"kategori": [], "kecamatan": [], "tahun": []}
    for root in roots:
        for child in root.children:
            if child.entries:
                filters[_filter_of(child)].append(child.name)
    document = {"halaman": pages, "filter": filters}
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _filter_of(listing: Listing) -> str:
    """The filter of the activity pages that a listing's name is a value of."""
    return {"tempat": "kecamatan"}.get(listing.kind, listing.kind)
