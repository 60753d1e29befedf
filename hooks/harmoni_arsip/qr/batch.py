"""One print run of stickers: which activities, what their stickers say, and whether the address
in the QR codes will last.

The QR content is the page's permanent URL exactly as the site builds it (`pages/addresses.py`).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from urllib.parse import urlsplit

from .. import addresses
from ..entries import Entry
from ..formats import indonesian_date
from .stickers import StickerText

LOCAL_HOSTS = ("localhost", "127.0.0.1", "0.0.0.0", "::1")


def select(
    entries: list[Entry],
    ids: list[str] | None,
    start: datetime.date | None,
    end: datetime.date | None,
) -> tuple[list[Entry], list[str]]:
    """The entries to print and the requested ids that are not published entries. Given ids
    keep their order; otherwise oldest first within the date range."""
    if ids:
        by_id = {entry.id: entry for entry in entries}
        wanted = list(dict.fromkeys(ids))
        return [by_id[i] for i in wanted if i in by_id], [i for i in wanted if i not in by_id]
    chosen = [e for e in entries if (not start or e.date >= start) and (not end or e.date <= end)]
    return sorted(chosen, key=lambda e: (e.date, e.id)), []


def sticker_text(entry: Entry, site_url: str, office: str) -> StickerText:
    """The words on an activity's sticker."""
    return StickerText(
        office=office,
        title=entry.title,
        date=indonesian_date(entry.date),
        entry_id=entry.id,
        url=addresses.permanent_url(site_url, entry.id),
    )


def address_warnings(site_url: str, cname: str | None, former: Sequence[str]) -> list[str]:
    """Why the address printed in the QR codes may stop working (empty when it looks final)."""
    host = (urlsplit(site_url).hostname or "").lower()
    warnings = []
    if host in LOCAL_HOSTS or host.endswith(".local"):
        warnings.append(
            f"site_url `{site_url}` adalah alamat komputer ini; ponsel warga tidak dapat "
            "membukanya. Isi `site_url` di mkdocs.yml dengan alamat situs yang sudah terbit."
        )
    if cname and host != cname.lower():
        warnings.append(
            f"docs/CNAME memakai domain `{cname}`, tetapi site_url `{site_url}` tidak. Kode QR "
            f"harus berisi domain tetap: ubah `site_url` menjadi `https://{cname}/` (atau "
            "hapus docs/CNAME bila domain itu tidak dipakai)."
        )
    if _same_site(site_url, former):
        warnings.append(
            f"site_url `{site_url}` tercantum di `extra.harmoni.alamat_lama`: situs sudah "
            "pindah. Ubah `site_url` ke alamat baru sebelum mencetak."
        )
    elif host.endswith(".github.io") and former:
        warnings.append(
            f"site_url `{site_url}` adalah alamat github.io, padahal `extra.harmoni.alamat_lama` "
            "menandakan situs pernah pindah. Pastikan tidak ada domain sendiri yang akan "
            "dipakai: kode QR yang tercetak tidak bisa diubah."
        )
    return warnings


def _same_site(site_url: str, addresses: Sequence[str]) -> bool:
    """True when `site_url` is one of `addresses`, ignoring the scheme and a final slash."""
    key = _address_key(site_url)
    return any(_address_key(address) == key for address in addresses)


def _address_key(address: str) -> str:
    """`https://a.id/x/` → `a.id/x`: an address without scheme and final slash."""
    parts = urlsplit(address)
    return (parts.netloc + parts.path).lower().rstrip("/")
