"""Putting tags at the end of a built page's `<head>` (link previews, the feed link, the visit
counter): a string operation on the page MkDocs wrote, without parsing it."""

from __future__ import annotations

import re

_HEAD_SCAN = re.compile(
    r"<(?:(!--|[sS][cC][rR][iI][pP][tT]\b|[sS][tT][yY][lL][eE]\b)|/[hH][eE][aA][dD]\s*>)"
)
"""A comment, script or style that starts, or the end of the head. Tag names are matched in
ASCII upper or lower case, as HTML reads them, without `re.IGNORECASE`: a pattern that starts
with a literal `<` is searched several times faster."""
_RAW_END = {"!--": re.compile("-->"), "script": re.compile("</[sS][cC][rR][iI][pP][tT]"),
            "style": re.compile("</[sS][tT][yY][lL][eE]")}  # fmt: skip
"""Where the text of a comment, script or style (which may hold `</head>`) ends."""


def insert_into_head(page_html: str, tags: str) -> str:
    """`tags` added at the end of the page's `<head>` (`head_end`); a page without one is
    returned unchanged."""
    at = head_end(page_html)
    return page_html if at is None else page_html[:at] + tags + page_html[at:]


def head_end(page_html: str) -> int | None:
    """Where the page's `<head>` ends: at the first `</head>` outside comments, scripts and
    styles, as an HTML parser reads it; None for a page without one."""
    at = 0
    while match := _HEAD_SCAN.search(page_html, at):
        if not match.group(1):
            return match.start()
        end = _RAW_END[match.group(1).lower()].search(page_html, match.end())
        if end is None:
            return None
        at = end.end()
    return None
