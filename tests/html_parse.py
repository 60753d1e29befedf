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
