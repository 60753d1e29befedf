"""The Content-Security-Policy of every published page, as a `<meta http-equiv>` tag (static
hosts such as GitHub Pages send no headers of the site's choosing).

A page may run the archive's own script files and exactly the inline scripts its theme and the
archive put on it, each allowed by the SHA-256 of its text as built (Material's base template
writes a few, whose text depends on the page's depth; the visit counter is one when counting is
on). Anything else that reaches a page, by a bug of the sanitizer or of a template, does not run.
The hashes are taken from the page outside its content: what staff wrote is never allowed.

Styles stay `'unsafe-inline'`: the theme and Markdown's tables write `style` attributes, and a
style cannot run a script; the sanitizer keeps only table alignment in staff content anyway.
Frames are allowed only to the video platforms whose script-free players the archive embeds
when a visitor asks for one. With a media host, images and videos may come from its origin too.
`/admin/` (the web editor) has its own policy, `ADMIN_POLICY`.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

from ..entries import links
from ..entries.links import EMBED_ORIGINS

_SCRIPT_START = re.compile(r"<script\b([^>]*)>")
_SCRIPT_END = re.compile(r"</script\s*>")
"""An inline script as the theme and the archive write them (lower case: one written otherwise
gets no hash, so it does not run, the safe side): its start tag, and the first end tag after it
(found by two searches: one lazy `(.*?)` across the text of every script is twice as slow)."""
_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
_SRC = re.compile(r"\bsrc\s*=", re.IGNORECASE)
_RUNS = frozenset({"", "text/javascript", "application/javascript", "module"})
"""Script types a browser runs (`application/json`, `application/ld+json` are data)."""
_CHARSET = re.compile(r"<meta\s+charset\s*=[^>]*>", re.IGNORECASE)
_HEAD = re.compile(r"<head\b[^>]*>", re.IGNORECASE)

ADMIN_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data: https://avatars.githubusercontent.com",
    "media-src 'self' blob: data:",
    "font-src 'self' data:",
    "connect-src 'self' blob: data: https://api.github.com https://www.githubstatus.com",
    "worker-src 'self' blob:",
    "frame-src 'none'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'none'",
])  # fmt: skip
"""The web editor (Sveltia CMS, bundled): its own script files only, GitHub's API (the only
host it sends the staff member's token to) and GitHub's status page, photos it resizes as
`blob:` and `data:` images, WebAssembly for its image codecs (without `'wasm-unsafe-eval'` an
iPhone's HEIC photo is never inserted); fonts of the bundle only (editor/vite.config.js drops
the CDN copies Sveltia UI declares); no frames, no forms, no inline scripts. Measured in
headless Chromium (tests/test_editor.py: no violation while an entry is written and saved or a
HEIC photo is added; tests/test_csp.py: none on the sign-in page)."""


def inline_script_hashes(html: str) -> list[str]:
    """The CSP hash source (`'sha256-…'`) of each inline script a browser would run in
    `html`, in order, without repeats."""
    found: list[str] = []
    for attributes, text in _inline_scripts(html):
        kind = _TYPE.search(attributes)
        if _SRC.search(attributes) or (kind and kind.group(1).lower() not in _RUNS):
            continue
        digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()
        if f"'sha256-{digest}'" not in found:
            found.append(f"'sha256-{digest}'")
    return found


def _inline_scripts(html: str) -> Iterator[tuple[str, str]]:
    """The attributes and text of each `<script>` element in `html`, in order."""
    at = 0
    while (start := _SCRIPT_START.search(html, at)) is not None:
        end = _SCRIPT_END.search(html, start.end())
        if end is None:
            return
        yield start.group(1), html[start.end() : end.start()]
        at = end.end()


def page_policy(
    script_hashes: Iterable[str], counter: str | None = None, media: str | None = None
) -> str:
    """The policy of a public page that may run `script_hashes` besides the site's script
    files; `counter` is the GoatCounter site when visits are counted (its image and beacon),
    `media` the media host's address, where photos and videos may come from."""
    counting = f" {origin_of(counter)}" if counter else ""
    hosted = f" {origin_of(media)}" if media else ""
    return "; ".join([
        "default-src 'self'",
        # Pagefind's search runs as WebAssembly: compiling it needs 'wasm-unsafe-eval' (no
        # JavaScript `eval`, no inline script).
        " ".join(["script-src 'self' 'wasm-unsafe-eval'", *script_hashes]),
        "style-src 'self' 'unsafe-inline'",
        f"img-src 'self' data:{counting}{hosted}",
        f"media-src 'self'{hosted}",
        "font-src 'self' data:",
        f"connect-src 'self'{counting}",
        "worker-src 'self'",
        " ".join(["frame-src", *EMBED_ORIGINS]),
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ])  # fmt: skip


def origin_of(url: str) -> str:
    """`https://host[:port]` of an address."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def with_page_policy(
    page_html: str, content: str, counter: str | None = None, media: str | None = None
) -> str:
    """A built page with its policy first in its `<head>`: the hashes are those of the inline
    scripts outside `content` (the page's own text, from staff, never allowed)."""
    found = page_policy_tag(page_html, content, counter, media)
    return page_html if found is None else inserted(page_html, *found)


def page_policy_tag(
    page_html: str, content: str, counter: str | None = None, media: str | None = None
) -> tuple[int, str] | None:
    """Where `with_page_policy` puts the policy's tag in the page, and the tag; None for a
    page without a head."""
    at = policy_at(page_html)
    if at is None:
        return None
    hashes = inline_script_hashes(page_html)
    if "<script" in content:  # never after the sanitizer; should one slip through, it won't run
        inside = set(inline_script_hashes(content))
        hashes = [digest for digest in hashes if digest not in inside]
    return at, policy_tag(page_policy(hashes, counter, media))


def with_policy(page_html: str, policy: str) -> str:
    """`page_html` with a CSP `<meta>` tag right after its charset (or at the start of its
    `<head>`), before any script; unchanged when it has no head."""
    at = policy_at(page_html)
    return page_html if at is None else inserted(page_html, at, policy_tag(policy))


def policy_at(page_html: str) -> int | None:
    """Where a policy's tag goes: right after the page's charset (or the start of its
    `<head>`), before any script; None when it has no head."""
    anchor = _CHARSET.search(page_html) or _HEAD.search(page_html)
    return None if anchor is None else anchor.end()


def policy_tag(policy: str) -> str:
    """The `<meta>` tag that sets `policy`."""
    return f'<meta http-equiv="Content-Security-Policy" content="{policy}">'


def finishing_rules() -> str:
    """What a page's finishing (`head.head_end`, `page_policy_tag`) depends on besides the
    page: the code of this module, of `head.py` and of the embed origins (a cache of its
    results is only valid under the same)."""
    from . import head

    modules = (__file__, head.__file__, links.__file__)
    code = b"".join(Path(name).read_bytes() for name in modules)
    return hashlib.sha256(code).hexdigest()


def inserted(page_html: str, at: int, tag: str) -> str:
    """`tag` inserted into the page at `at`."""
    return page_html[:at] + tag + page_html[at:]
