"""Every address the archive publishes: site paths of pages and files, and permanent URLs.

Permanent URLs come from data (the id), never from titles, folders or positions in a list. Every
stage that names an address (entries, media, pages, QR codes, exports, redirects, commands) asks
this module, so the address in a printed QR code and the page it opens can never disagree.
"""

from __future__ import annotations

import re
import unicodedata

ACTIVITY_PREFIX = "k"
"""Activity pages live at `k/<id>/`: short, so the QR code stays small."""


def activity_dir(entry_id: str) -> str:
    """The folder of an activity page and its media, e.g. `k/2024-007/`."""
    return f"{ACTIVITY_PREFIX}/{entry_id}/"


def activity_src_uri(entry_id: str) -> str:
    """The virtual Markdown source of an activity page (gives the URL `k/<id>/`)."""
    return activity_dir(entry_id) + "index.md"


def qr_uri(entry_id: str, kind: str) -> str:
    """The QR code image of an activity page: `kind` is `png` or `svg`."""
    return activity_dir(entry_id) + f"qr.{kind}"


def absolute_url(site_url: str, path: str) -> str:
    """`site_url` joined with a site-relative path, e.g. for QR codes."""
    return site_url.rstrip("/") + "/" + path.lstrip("/")


def permanent_url(site_url: str, entry_id: str) -> str:
    """The permanent address of an activity: what its QR code, sticker, feed entry and open-data
    record hold, e.g. `https://dinas.go.id/arsip/k/2024-007/`."""
    return absolute_url(site_url, activity_dir(entry_id))


def site_url_of(src_uri: str, directory_urls: bool) -> str:
    """The URL of a site path: `k/2024-001/index.md` → `k/2024-001/` (or `…/index.html`
    without directory URLs); files stay as they are."""
    if src_uri.endswith("index.md"):
        return src_uri[: -len("md")] + "html" if not directory_urls else src_uri[: -len("index.md")]
    return src_uri


def folder_of(src_uri: str) -> str:
    """`kecamatan/merawang/index.md` → `kecamatan/merawang/`: where a page's own files go."""
    return src_uri.removesuffix("index.md")


def slug(text: str) -> str:
    """A lowercase ASCII slug: `Mendo Barat` → `mendo-barat`, `Sungai Liat` → `sungai-liat`."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "x"


PAGE_FOLDER = "halaman"
"""Later pages of a long listing live in its folder: `arsip/2024/halaman/2/`."""


def listing_page_src_uri(src_uri: str, number: int) -> str:
    """Page `number` of the listing at `src_uri`: the first keeps the listing's own address
    (printed QR codes and old links hold it), later ones `…/halaman/<n>/`."""
    if number <= 1:
        return src_uri
    return f"{folder_of(src_uri)}{PAGE_FOLDER}/{number}/index.md"


def archive_src_uri(year: int | None = None) -> str:
    """The archive page, or one year's page: `arsip/2024/`."""
    return f"arsip/{year}/index.md" if year else "arsip/index.md"


def kategori_src_uri(key: str | None = None) -> str:
    """The kategori index, or one kategori's page: `kategori/pelatihan/`."""
    return f"kategori/{key}/index.md" if key else "kategori/index.md"


def kecamatan_src_uri(kecamatan: str | None = None, root: str = "kecamatan") -> str:
    """The region index, or one kecamatan's page: `kecamatan/mendo-barat/`. `root` is the
    slug of the upper level's name (`desa/` in a single village's archive)."""
    return f"{root}/{slug(kecamatan)}/index.md" if kecamatan else f"{root}/index.md"


def desa_src_uri(kecamatan: str, desa: str, root: str = "kecamatan") -> str:
    """A desa's page, inside its kecamatan: `kecamatan/merawang/baturusa/` (in a village's
    archive a dusun inside the village: `desa/contoh/dusun-ii/`)."""
    return f"{root}/{slug(kecamatan)}/{slug(desa)}/index.md"


STATS_SRC_URI = "statistik/index.md"
"""The statistics page: `statistik/`."""
FEED_URI = "feed.xml"
"""The Atom feed of the newest activities, at the site root."""
JSON_URI = "data/kegiatan.json"
CSV_URI = "data/kegiatan.csv"
ASSETS_DIR = "assets/harmoni/"
"""The archive's own CSS and JavaScript."""
ASSET_URIS = (ASSETS_DIR + "harmoni.css", ASSETS_DIR + "harmoni.js")
"""Its two files, on every page."""
SEARCH_SCRIPT_URI = ASSETS_DIR + "harmoni-cari.js"
"""The search box's code: loaded by harmoni.js when a visitor first touches the box."""
SEARCH_SRC_URI = "cari/index.md"
"""The search page `cari/`: where the box sends a search without JavaScript, and the results of
a search in a link (`cari/?q=…`)."""
SEARCH_NAMES_URI = "cari/nama.json"
"""The names of places, kategori and years the search box offers (filters, "Mungkin maksud
Anda")."""
LIGHTBOX_DIR = "assets/glightbox/"
"""The photo lightbox, loaded by the gallery on the first tap."""
