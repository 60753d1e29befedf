"""Staff-written HTML reduced to what the guides document: an allowlist sanitizer (nh3, the
binding to Rust's ammonia) and a reader that names what it drops.

A narrative is Markdown, and Markdown lets raw HTML and `attr_list`'s `{: onclick=… }` through;
published as is, it would run in every visitor's browser, on the same origin as the editor that
keeps a staff member's GitHub token. So every page's content passes through `sanitize` before it
is published: headings, paragraphs, lists, links, emphasis, tables, code, admonitions, footnotes
and images from the site itself stay; scripts, event handlers, `javascript:` and other schemes,
frames, forms, `<meta>`, `<style>` and style attributes (outside table alignment), outside
images and identifiers that could shadow the theme's own elements go.

`dropped` reads the same HTML with the same rules and lists what `sanitize` removes, so that
`harmoni periksa` and the build can tell staff what to fix; nh3 alone decides what is published.
Pure functions over strings (no MkDocs, no files), but `sanitizer_rules`, which reads this
module's own code.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from importlib.metadata import version
from pathlib import Path
from urllib.parse import urlsplit

import nh3

TAGS = frozenset({
    "h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "wbr", "div", "span",
    "a", "em", "strong", "b", "i", "u", "s", "del", "ins", "mark", "small", "sub", "sup",
    "code", "pre", "kbd", "samp", "var", "q", "cite", "abbr", "dfn", "time",
    "blockquote", "ul", "ol", "li", "dl", "dt", "dd", "details", "summary",
    "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "colgroup", "col",
    "img", "figure", "figcaption",
})  # fmt: skip
"""Elements that stay: what Markdown, its tables, `admonition`, `toc` and footnotes make, and
the few inline elements the guides allow."""
GONE_WITH_CONTENT = frozenset({
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "template",
    "noscript", "noembed", "noframes", "textarea", "select", "svg", "math", "title", "xmp",
})  # fmt: skip
"""Elements dropped together with what they hold (their text is code or a form control's)."""
ATTRIBUTES = {
    "*": {"id", "class", "title", "lang", "dir"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading"},
    "th": {"colspan", "rowspan", "align", "scope", "style"},
    "td": {"colspan", "rowspan", "align", "style"},
    "ol": {"start", "type", "reversed"},
    "li": {"value"},
    "details": {"open"},
    "col": {"span"},
    "colgroup": {"span"},
    "time": {"datetime"},
}
"""Attributes that stay, by element (`*`: on any). `style` only for a table column's alignment
(Markdown's tables write `style="text-align: …"`), and only that property."""
STYLE_PROPERTIES = frozenset({"text-align"})
LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
"""Schemes a link may have; a link without one is an address on the site."""
RESERVED_ID_PREFIX = "__"
"""The theme's own elements have ids like `__config` and `__search`: content may not take them."""
_URL_ATTRIBUTES = frozenset({"href", "src"})
_CONTROL = re.compile(r"[\x00-\x20]+")
"""What browsers (and URL parsers) skip in a URL: `java\\tscript:` is `javascript:`."""


def sanitizer_rules() -> str:
    """What `sanitize` gives besides its input depends on: this module's code and nh3's
    version (a cache of its results is only valid under the same)."""
    code = Path(__file__).read_bytes() + version("nh3").encode()
    return hashlib.blake2b(code, digest_size=16).hexdigest()


def sanitize(html: str, keep: Iterable[str] = ()) -> str:
    """`html` with everything outside the allowlist removed, except the comments in `keep`
    (where the archive inserts generated parts into a hand-written page)."""
    markers = [marker for marker in keep if marker in html]
    if not markers:
        return _CLEANER.clean(html)
    parts = re.split("(" + "|".join(map(re.escape, markers)) + ")", html)
    return "".join(part if odd else _CLEANER.clean(part) for odd, part in _alternating(parts))


def _alternating(parts: list[str]) -> Iterator[tuple[bool, str]]:
    """The parts of a `re.split` with one group, each with whether it is a separator."""
    return ((index % 2 == 1, part) for index, part in enumerate(parts))


def _keep_attribute(element: str, attribute: str, value: str) -> str | None:
    """nh3's last word on an allowed attribute: its value, or None to drop it."""
    return value if _attribute_allowed(element, attribute, value) else None


def _attribute_allowed(element: str, attribute: str, value: str) -> bool:
    """Whether an attribute the allowlist names may keep this value."""
    if attribute == "id":
        return not value.startswith(RESERVED_ID_PREFIX)
    if attribute in _URL_ATTRIBUTES:
        return url_allowed(element, value)
    return True


def url_allowed(element: str, url: str) -> bool:
    """A link may lead anywhere over http(s), mail or phone, or within the site; an image may
    only come from the site itself (public pages make no third-party requests)."""
    cleaned = _CONTROL.sub("", url)
    try:
        parts = urlsplit(cleaned)
    except ValueError:
        return False
    if element == "img":
        return not parts.scheme and not parts.netloc and not cleaned.startswith("\\")
    return not parts.scheme or parts.scheme.lower() in LINK_SCHEMES


_CLEANER = nh3.Cleaner(
    tags=set(TAGS),
    clean_content_tags=set(GONE_WITH_CONTENT),
    attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
    attribute_filter=_keep_attribute,
    url_schemes=set(LINK_SCHEMES),
    filter_style_properties=set(STYLE_PROPERTIES),
    strip_comments=True,
    link_rel="noopener noreferrer",
)


@dataclass(frozen=True)
class Dropped:
    """One thing `sanitize` removes, in words for staff, and what to look for in the source."""

    what: str
    """E.g. "elemen `<script>` beserta isinya", "atribut `onclick` pada `<p>`"."""
    needle: str
    """Text that the Markdown source holds where it was written (searched case-insensitively)."""


def dropped(html: str) -> list[Dropped]:
    """What `sanitize` removes from `html`, in document order."""
    reader = _DropReader()
    reader.feed(html)
    reader.close()
    return reader.found


class _DropReader(HTMLParser):
    """Walks the HTML with the allowlist and records every element and attribute it drops."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[Dropped] = []
        self.inside: list[str] = []
        """The elements dropped with their content that the reader is in (nothing there is
        reported again)."""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.inside:
            self.inside += [tag] if tag == self.inside[0] else []
            return
        if tag in GONE_WITH_CONTENT:
            self.found.append(Dropped(f"elemen `<{tag}>` beserta isinya", f"<{tag}"))
            self.inside.append(tag)
            return
        if tag not in TAGS:
            self.found.append(Dropped(f"elemen `<{tag}>`", f"<{tag}"))
            return
        for name, value in attrs:
            self._attribute(tag, name, value or "")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if self.inside and self.inside[-1] == tag:
            self.inside.pop()  # `<svg/>`: nothing inside

    def handle_endtag(self, tag: str) -> None:
        if self.inside and tag == self.inside[0]:
            self.inside.pop()

    def _attribute(self, tag: str, name: str, value: str) -> None:
        allowed = name in ATTRIBUTES["*"] or name in ATTRIBUTES.get(tag, ())
        if tag == "a" and name == "rel":
            return  # nh3 sets its own (`noopener noreferrer`) on every link
        if not allowed:
            self.found.append(Dropped(f"atribut `{name}` pada `<{tag}>`", name))
        elif name in _URL_ATTRIBUTES and not url_allowed(tag, value):
            kind = "gambar dari luar situs" if tag == "img" else "tautan"
            self.found.append(Dropped(f"{kind} `{_shorten(value)}`", _needle_of_url(value)))
        elif name == "id" and not _attribute_allowed(tag, name, value):
            self.found.append(Dropped(f"id `{value}` (dipakai tema situs)", value))
        elif name == "style" and not _only_alignment(value):
            self.found.append(Dropped(f'gaya `style="{_shorten(value)}"`', "style"))


def _only_alignment(style: str) -> bool:
    """Whether a style attribute sets nothing but the allowed properties."""
    names = {part.partition(":")[0].strip().lower() for part in style.split(";") if part.strip()}
    return names <= STYLE_PROPERTIES


def _needle_of_url(url: str) -> str:
    """What the source holds of a refused URL: a refused scheme (`javascript:`), else its start
    (an outside image)."""
    try:
        scheme = urlsplit(_CONTROL.sub("", url)).scheme.lower()
    except ValueError:
        scheme = ""
    refused = scheme and scheme not in LINK_SCHEMES
    return scheme + ":" if refused else url.strip()[:40]


def _shorten(text: str, limit: int = 60) -> str:
    """`text` on one line, cut to `limit` characters."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"
