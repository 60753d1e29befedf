"""What a MkDocs build of the archive made, kept for the next build with the same inputs.

A build with nothing changed should cost about what MkDocs costs for the same pages alone. So the
adapter keeps, beside the image cache, everything it handed to MkDocs (the navigation, the pages'
Markdown, the written and linked files, the staff problems) and every piece of HTML it rendered,
under the fingerprint of the plan's inputs (`inputs.py`). When the fingerprint is unchanged the
next build reads this one file instead of reading the entries, looking up every derived image
and rendering every page; rendered HTML is also keyed by what MkDocs passed in (the narrative),
so a change to `mkdocs.yml`'s Markdown settings renders again.

The file holds plain data only (strings, bytes, numbers, lists, tuples, dicts) and is read with
an unpickler that refuses every class: a cache restored in CI can at worst be ignored.
"""

from __future__ import annotations

import logging
import pickle
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from . import LOG_NAME
from .atomic import write_atomic

log = logging.getLogger(LOG_NAME)
MEMO_FILE = "build-terakhir.pickle"
"""The memo's name in the cache folder (`extra.harmoni.cache`)."""
FORMAT = 1


@dataclass
class BuildMemo:
    """What the adapter gave MkDocs in one build, as plain data."""

    key: str
    """The fingerprint of the plan's inputs this memo belongs to."""
    nav: list[Any]
    """The generated navigation sections (MkDocs' `nav` format)."""
    documents: list[tuple[str, bool, str]]
    """Each generated page: its source address, whether the navigation lists it, its Markdown."""
    canonical: dict[str, str]
    """Permanent addresses of the generated pages that have one, by source address."""
    written: list[tuple[str, bytes]]
    """Files made from data (feed, open data, editor config): address and bytes."""
    copied: list[tuple[str, str, int, int]]
    """Files published as they are (images, QR codes, posters, videos): address, source path,
    and the source's device and inode (what the site folder holds while it is unchanged)."""
    problems: list[tuple[str, str, int | None]]
    """Problems in staff input found while planning (path, message, line)."""
    markers: list[str]
    """Markers that hand-written pages use to ask for generated content."""
    rendered: dict[str, str] = field(default_factory=dict)
    """HTML rendered in earlier builds, by what it was rendered from."""
    changed: bool = field(default=True, compare=False)
    """Whether this build added to the memo (it is then saved)."""

    def remember(self, key: str, html: str) -> str:
        """Keep `html`, rendered from what `key` names; returns it."""
        self.rendered[key] = html
        self.changed = True
        return html


def load_memo(path: Path, key: str) -> BuildMemo | None:
    """The memo saved at `path` if it belongs to `key`, else None (absent, stale, unreadable)."""
    try:
        with open(path, "rb") as handle:
            data = _PlainUnpickler(handle).load()
        if data.get("format") != FORMAT or data.get("key") != key:
            return None
        memo = BuildMemo(**data["memo"])
    except Exception:  # noqa: BLE001 - any damage to a cache file only means building afresh
        return None
    memo.changed = False
    return memo


def save_memo(path: Path, memo: BuildMemo) -> None:
    """Save `memo` atomically if this build added to it."""
    if not memo.changed:
        return
    data = {f.name: getattr(memo, f.name) for f in fields(memo) if f.name != "changed"}
    content = pickle.dumps({"format": FORMAT, "key": memo.key, "memo": data}, protocol=5)
    try:
        write_atomic(path, content)
    except OSError as err:  # a read-only cache only costs the next build its speed
        log.info(f"HARMONI: memo build tidak tersimpan ({err})")
    memo.changed = False


class _PlainUnpickler(pickle.Unpickler):
    """Reads only plain data: any class or function in the file stops the reading."""

    def find_class(self, module: str, name: str) -> Any:
        raise pickle.UnpicklingError(f"{module}.{name} bukan data biasa")
