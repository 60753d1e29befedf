"""Where every generated page lives. Permanent URLs come from data (the id), never from titles,
folders or positions in a list."""

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


def slug(text: str) -> str:
    """A lowercase ASCII slug: `Mendo Barat` → `mendo-barat`, `Sungai Liat` → `sungai-liat`."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "x"


def archive_src_uri(year: int | None = None) -> str:
    return f"arsip/{year}/index.md" if year else "arsip/index.md"


def kategori_src_uri(key: str | None = None) -> str:
    return f"kategori/{key}/index.md" if key else "kategori/index.md"


def kecamatan_src_uri(kecamatan: str | None = None) -> str:
    return f"kecamatan/{slug(kecamatan)}/index.md" if kecamatan else "kecamatan/index.md"


def desa_src_uri(kecamatan: str, desa: str) -> str:
    return f"kecamatan/{slug(kecamatan)}/{slug(desa)}/index.md"
