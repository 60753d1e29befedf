"""A tiny HTML reader for tests: the attributes of every tag of a kind (stdlib parser only)."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str], list[str]]] = []
        self._stack: list[str] = []

    def handle_starttag(self, tag, attrs):
        classes = [c for t in self._stack for c in t.split()]
        self.tags.append((tag, {k: v or "" for k, v in attrs}, classes))
        if tag not in ("img", "link", "meta", "source", "br", "input"):
            self._stack.append(dict(attrs).get("class") or "")

    def handle_endtag(self, tag):
        if self._stack:
            self._stack.pop()


def tags(path: Path, name: str, inside: str | None = None) -> list[dict[str, str]]:
    """Attributes of every `<name>` tag in the file, optionally only inside an element of class
    `inside`."""
    parser = _Tags()
    parser.feed(path.read_text(encoding="utf-8"))
    return [a for t, a, within in parser.tags if t == name and (inside is None or inside in within)]


def gallery_thumbnails(path: Path, deferred: bool = True) -> list[dict[str, str]]:
    """The gallery's thumbnails: by default those harmoni.js loads (their `data-src` and
    `data-srcset` given as `src` and `srcset`); with `deferred=False` the <noscript> copies
    shown without JavaScript."""
    found = []
    for attrs in tags(path, "img", inside="harmoni-galeri"):
        is_deferred = "harmoni-tunda" in attrs.get("class", "").split()
        if is_deferred and deferred:
            found.append({**attrs, "src": attrs["data-src"], "srcset": attrs["data-srcset"]})
        elif not is_deferred and not deferred:
            found.append(attrs)
    return found


def links_to_activities(path: Path) -> set[str]:
    """The ids of the activity pages that the cards of a listing page link to."""
    found = set()
    for attrs in tags(path, "a", inside="harmoni-kartu"):
        parts = [p for p in attrs.get("href", "").split("/") if p not in ("", "..", ".")]
        if len(parts) >= 2 and parts[-2] == "k":
            found.add(parts[-1])
        elif len(parts) >= 3 and parts[-3] == "k":  # k/<id>/index.html
            found.add(parts[-2])
    return found


LINK_ATTRIBUTES = {"a": "href", "link": "href", "img": "src", "script": "src", "source": "src"}


def local_references(page: Path) -> list[str]:
    """Every site-relative URL a page refers to: links, images (with srcset), scripts, posters."""
    return references_in(page.read_text(encoding="utf-8"))


def references_in(html: str, keep=None) -> list[str]:
    """Every site-relative URL in an HTML text, plus absolute ones for which `keep(url)` holds."""
    parser = _Tags()
    parser.feed(html)
    found = []
    for tag, attrs, _ in parser.tags:
        values = [attrs.get(LINK_ATTRIBUTES.get(tag, ""), ""), attrs.get("poster", "")]
        values += [part.strip().split(" ")[0] for part in attrs.get("srcset", "").split(",")]
        values += [part.strip().split(" ")[0] for part in attrs.get("data-srcset", "").split(",")]
        found += [v for v in values if v and (_is_local(v) or (keep and keep(v)))]
    return found


def _is_local(url: str) -> bool:
    return not (url.startswith(("#", "//", "data:", "mailto:", "tel:", "javascript:"))
                or "://" in url)  # fmt: skip


def resolve(page: Path, url: str, site: Path, base_path: str) -> Path:
    """The file a URL on `page` points at (a folder URL means its index.html); absolute paths
    start at `base_path`, the path of `site_url`."""
    path = url.split("#", 1)[0].split("?", 1)[0]
    if path.startswith("/"):
        target = (site / path.removeprefix(base_path)).resolve()
    else:
        target = (page.parent / path).resolve() if path else page
    return target / "index.html" if target.is_dir() or path.endswith("/") else target
