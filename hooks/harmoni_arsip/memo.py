"""The memo: the last build's manifest, kept for the next build with the same inputs.

A build with nothing changed should cost about what MkDocs costs for the same pages alone. So
the manifest (`manifest.py`) is kept beside the image cache, one file per permanent `site_url`
and per kind of build (`mkdocs build` and `mkdocs serve` each keep their own, so switching
between them leaves both warm). A later build uses it only while every input its plan noted is
as it was, the settings and library versions are equal, and every file it publishes as it is
still is the file it recorded; else it says why and the plan is made again.

Beside it, `Sanitized` keeps the sanitized content of the last build's pages by a digest of
their HTML, valid only under the same sanitizer rules.

The files hold plain data only (strings, bytes, numbers, lists, tuples, dicts) and is read with
an unpickler that refuses every class: a cache restored in CI can at worst be ignored.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import LOG_NAME
from .atomic import write_atomic
from .inputs import Inputs, stat_of
from .manifest import Manifest, PageOut

log = logging.getLogger(LOG_NAME)
FORMAT = 3
PAGE_FIELDS = ("src_uri", "in_nav", "markdown", "canonical_url", "before", "after",
               "head")  # fmt: skip


@dataclass(frozen=True)
class Recalled:
    """What the memo gave: the manifest, or None and why it could not be used (for staff)."""

    manifest: Manifest | None
    reason: str


def memo_path(cache_dir: Path, site_url: str, preview: bool) -> Path:
    """Where the memo of builds (or previews) of the site at `site_url` is kept."""
    kind = "pratinjau" if preview else "situs"
    return cache_dir / f"build-{kind}-{hashlib.sha256(site_url.encode()).hexdigest()[:12]}.pickle"


def recall(path: Path, values: str, project_dir: Path) -> Recalled:
    """The manifest kept at `path` if it may serve this build (`values`: this build's
    `input_values`), else why not, naming a changed file relative to `project_dir`."""
    try:
        with open(path, "rb") as handle:
            data = _PlainUnpickler(handle).load()
        manifest = _from_plain(data) if data.get("format") == FORMAT else None
    except FileNotFoundError:
        return Recalled(None, "belum ada rencana tersimpan")
    except Exception:  # noqa: BLE001 - any damage to a cache file only means planning afresh
        manifest = None
    if manifest is None:
        return Recalled(None, "rencana tersimpan tidak terbaca")
    changed = Inputs(values=values).changed(manifest.inputs) or _changed_copy(manifest)
    if changed is None:
        return Recalled(manifest, "")
    return Recalled(None, f"{_shown(changed, project_dir)} berubah")


def _changed_copy(manifest: Manifest) -> str | None:
    """The first source of a published file that is no longer the file the manifest saw."""
    for _uri, source, stat in manifest.copied:
        if stat_of(source) != stat:
            return source
    return None


def _shown(path: str, project_dir: Path) -> str:
    """A path as staff know it: relative to the project where it lies inside."""
    if not os.path.isabs(path):
        return path
    relative = os.path.relpath(path, project_dir)
    return path if relative.startswith("..") else relative.replace(os.sep, "/")


def keep(path: Path, manifest: Manifest) -> None:
    """Save `manifest` at `path` atomically (a read-only cache only costs the next build)."""
    content = pickle.dumps(_to_plain(manifest), protocol=5)
    try:
        write_atomic(path, content)
    except OSError as err:
        log.info(f"HARMONI: rencana tidak tersimpan ({err})")


def _to_plain(manifest: Manifest) -> dict[str, Any]:
    data = {name: getattr(manifest, name) for name in (
        "nav", "written", "copied", "inserts", "head", "default_description", "problems",
        "stop", "preview_note")}  # fmt: skip
    data["pages"] = [tuple(getattr(page, name) for name in PAGE_FIELDS) for page in manifest.pages]
    data["inputs"] = (manifest.inputs.paths, manifest.inputs.values)
    return {"format": FORMAT, "manifest": data}


def _from_plain(data: dict[str, Any]) -> Manifest:
    fields = dict(data["manifest"])
    paths, values = fields.pop("inputs")
    pages = [PageOut(**dict(zip(PAGE_FIELDS, page, strict=True))) for page in fields.pop("pages")]
    return Manifest(inputs=Inputs(paths, values), pages=pages, **fields)


class Sanitized:
    """The sanitized content of the last build's pages, by a digest of the HTML MkDocs gave:
    a build cleans only content that changed (the sanitizer costs as much as the rest of the
    page's assembly). Kept beside the memo, plain data, rewritten only when it changed."""

    def __init__(self, memo: Path, rules: str) -> None:
        """`rules`: what the sanitizer's output depends on besides its input (its code and
        library version); other rules than the last build's, and nothing is reused."""
        self.path = memo.with_name(memo.stem + "-tersaring.pickle")
        self.rules = rules
        self.earlier: dict[bytes, str] = {}
        self.used: dict[bytes, str] = {}
        try:
            with open(self.path, "rb") as handle:
                data = _PlainUnpickler(handle).load()
            if data.get("rules") == rules and isinstance(data.get("pages"), dict):
                self.earlier = data["pages"]
        except Exception:  # noqa: BLE001 - a damaged cache file only means cleaning again
            pass

    def clean(self, html: str, sanitize: Callable[[str], str], kind: str = "") -> str:
        """`sanitize(html)`, or what it gave for the same HTML (and `kind` of cleaning) in
        the last build."""
        data = f"{kind}\0{html}".encode("utf-8", "surrogatepass")
        key = hashlib.blake2b(data, digest_size=16).digest()
        found = self.used.get(key)
        if found is None:
            found = self.earlier.get(key)
            self.used[key] = found if isinstance(found, str) else sanitize(html)
        return self.used[key]

    def keep(self) -> None:
        """Save what this build used, when it differs from what was read."""
        if self.used != self.earlier:
            content = pickle.dumps({"rules": self.rules, "pages": self.used}, protocol=5)
            try:
                write_atomic(self.path, content)
            except OSError as err:
                log.info(f"HARMONI: konten tersaring tidak tersimpan ({err})")


class _PlainUnpickler(pickle.Unpickler):
    """Reads only plain data: any class or function in the file stops the reading."""

    def find_class(self, module: str, name: str) -> Any:
        raise pickle.UnpicklingError(f"{module}.{name} bukan data biasa")
