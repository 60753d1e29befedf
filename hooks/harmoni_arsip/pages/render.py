"""Render the HTML of generated pages with Jinja2 (autoescaped: staff text is never markup)."""

from __future__ import annotations

import datetime
from pathlib import Path
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, select_autoescape
from mkdocs.utils import get_relative_url

MONTHS = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
    "Oktober", "November", "Desember",
)  # fmt: skip

_env = Environment(
    loader=FileSystemLoader(Path(__file__).parent.parent / "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)


def indonesian_date(value: datetime.date) -> str:
    """`2024-06-24` → `24 Juni 2024`."""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def month_name(month: int) -> str:
    return MONTHS[month - 1]


_env.filters["tanggal"] = indonesian_date
_env.filters["bulan"] = month_name
_env.filters["urlencode_all"] = lambda text: quote(str(text), safe="")


def render(template: str, page_url: str, directory_urls: bool, **context) -> str:
    """Render `template`; its `rel` function makes site paths relative to the page."""
    return _env.get_template(template).render(
        rel=lambda path: relative_url(site_url_of(path, directory_urls), page_url), **context
    )


def relative_url(url: str, page_url: str) -> str:
    """`url` relative to the page; a file in the page's own folder (a gallery image, its QR
    code) is just its name, without MkDocs' general but slower computation."""
    folder = page_url if page_url.endswith("/") else page_url.rpartition("/")[0] + "/"
    rest = url.removeprefix(folder)
    if folder != "/" and rest != url and rest and "/" not in rest:
        return rest
    return get_relative_url(url, page_url)


def site_url_of(src_uri: str, directory_urls: bool) -> str:
    """The URL of a site path: `k/2024-001/index.md` → `k/2024-001/`; files stay as they are."""
    if src_uri.endswith("index.md"):
        return src_uri[: -len("md")] + "html" if not directory_urls else src_uri[: -len("index.md")]
    return src_uri
