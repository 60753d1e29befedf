"""The Atom feed (RFC 4287) of the newest activities, written with `xml.etree`."""

from __future__ import annotations

import datetime
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
"""Characters XML 1.0 cannot carry at all, not even escaped."""


@dataclass(frozen=True)
class FeedItem:
    """One activity in the feed."""

    url: str
    """The permanent URL: also the entry's Atom id, which must never change."""
    title: str
    date: datetime.date
    summary: str
    category: str
    category_name: str


@dataclass(frozen=True)
class Feed:
    """The feed itself: the site it belongs to and where it lives."""

    title: str
    subtitle: str
    site_url: str
    feed_url: str
    author: str
    language: str


def atom_bytes(feed: Feed, items: list[FeedItem]) -> bytes:
    """The feed document, `items` newest first."""
    ET.register_namespace("", ATOM)
    root = ET.Element(_atom("feed"), {XML_LANG: feed.language})
    _text(root, "id", feed.site_url)
    _text(root, "title", feed.title)
    _text(root, "subtitle", feed.subtitle)
    _text(root, "updated", _timestamp(max((i.date for i in items), default=None)))
    ET.SubElement(root, _atom("link"), rel="alternate", type="text/html", href=feed.site_url)
    ET.SubElement(root, _atom("link"), rel="self", type="application/atom+xml", href=feed.feed_url)
    _text(ET.SubElement(root, _atom("author")), "name", feed.author)
    for item in items:
        _entry(root, item)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def _entry(root: ET.Element, item: FeedItem) -> None:
    entry = ET.SubElement(root, _atom("entry"))
    _text(entry, "id", item.url)
    _text(entry, "title", item.title)
    _text(entry, "updated", _timestamp(item.date))
    _text(entry, "published", _timestamp(item.date))
    ET.SubElement(entry, _atom("link"), rel="alternate", type="text/html", href=item.url)
    ET.SubElement(entry, _atom("category"), term=item.category, label=item.category_name)
    _text(entry, "summary", item.summary)


def _text(parent: ET.Element, name: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, _atom(name))
    element.text = NOT_XML.sub("", text)
    return element


def _atom(name: str) -> str:
    return f"{{{ATOM}}}{name}"


def _timestamp(date: datetime.date | None) -> str:
    """An Atom date-time for an activity date. Midnight UTC falls on the same date in every
    Indonesian time zone (UTC+7 to +9); an empty feed gets the epoch (no activity yet)."""
    return f"{(date or datetime.date(1970, 1, 1)).isoformat()}T00:00:00Z"
