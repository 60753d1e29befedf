"""Putting tags at the end of a built page's `<head>` (link previews, the feed link, the visit
counter): a string operation on the page MkDocs wrote, without parsing it."""

from __future__ import annotations

import re

_HEAD_SCAN = re.compile(r"(<!--|<script\b|<style\b)|</head\s*>", re.IGNORECASE)
_RAW_END = {"<!--": re.compile("-->"), "<script": re.compile("</script", re.IGNORECASE),
            "<style": re.compile("</style", re.IGNORECASE)}  # fmt: skip
"""Where the text of a comment, script or style (which may hold `</head>`) ends."""


def insert_into_head(page_html: str, tags: str) -> str:
    """`tags` added at the end of the page's `<head>`: before the first `</head>` outside
    comments, scripts and styles, as an HTML parser reads it; a page without one is returned
    unchanged."""
    at = 0
    while match := _HEAD_SCAN.search(page_html, at):
        if not match.group(1):
            return page_html[: match.start()] + tags + page_html[match.start() :]
        end = _RAW_END[match.group(1).lower()].search(page_html, match.end())
        if end is None:
            return page_html
        at = end.end()
    return page_html
