"""Render the HTML of generated pages with Jinja2 (autoescaped: staff text is never markup)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, select_autoescape
from mkdocs.utils import get_relative_url

from ..addresses import site_url_of
from ..formats import indonesian_date, month_name

_env = Environment(
    loader=FileSystemLoader(Path(__file__).parent.parent / "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)


_env.filters["tanggal"] = indonesian_date
_env.filters["bulan"] = month_name
_env.filters["urlencode_all"] = lambda text: quote(str(text), safe="")


def keep_compiled_templates(folder: Path) -> None:
    """Keep the compiled templates in `folder` (beside the image cache), so a build in a new
    process does not compile them again; the cache is keyed by each template's source."""
    folder.mkdir(parents=True, exist_ok=True)
    _env.bytecode_cache = FileSystemBytecodeCache(str(folder))  # this build's project


def render(template: str, page_url: str, directory_urls: bool, **context) -> str:
    """Render `template`; its `rel` function makes site paths relative to the page."""

    def rel(path: str) -> str:
        if _absolute(path):
            return path
        return relative_url(site_url_of(path, directory_urls), page_url)

    return _env.get_template(template).render(rel=rel, **context)


def render_for_any_page(template: str, root: str, directory_urls: bool, **context) -> str:
    """Render `template` for a page whose address is not known yet: its `rel` function writes
    site paths from the root, after `root` (replaced later by the way from the page to the
    root)."""

    def rel(path: str) -> str:
        return path if _absolute(path) else root + site_url_of(path, directory_urls)

    return _env.get_template(template).render(rel=rel, **context)


def _absolute(path: str) -> bool:
    """Whether `path` is a full address (a file on the media host), which `rel` keeps."""
    return path.startswith(("https://", "http://"))


def relative_url(url: str, page_url: str) -> str:
    """`url` relative to the page; a file in the page's own folder (a gallery image, its QR
    code) is just its name, without MkDocs' general but slower computation."""
    folder = page_url if page_url.endswith("/") else page_url.rpartition("/")[0] + "/"
    rest = url.removeprefix(folder)
    if folder != "/" and rest != url and rest and "/" not in rest:
        return rest
    return get_relative_url(url, page_url)
