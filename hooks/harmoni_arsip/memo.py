"""The memo: the last build's manifest, kept for the next build with the same inputs.

A build with nothing changed should cost about what MkDocs costs for the same pages alone. So
the manifest (`manifest.py`) is kept beside the image cache, one file per permanent `site_url`
and per kind of build (`mkdocs build` and `mkdocs serve` each keep their own, so switching
between them leaves both warm). A later build uses it only while every input its plan noted is
as it was, the settings and library versions are equal, and every file it publishes as it is
still is the file it recorded; else it says why and the plan is made again.

Beside it, `Sanitized` keeps the sanitized content of the last build's pages by a digest of
their HTML, and `Finished` how each page was finished (where its head tags and policy go, the
policy, the finished page's digest), each valid only under the same rules (the code that
computes them).

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


class _Kept:
    """Results the last build computed for its pages, by a digest of what each was computed
    from: a build computes only those of pages that changed. Kept beside the memo, plain data,
    valid only under the same `rules`, rewritten only when it changed."""

    SUFFIX = ""
    """The end of the file's name, after the memo's."""

    def __init__(self, memo: Path, rules: str) -> None:
        """`rules`: what the results depend on besides their input (the code computing them,
        library versions); other rules than the last build's, and nothing is reused."""
        self.path = memo.with_name(memo.stem + self.SUFFIX + ".pickle")
        self.rules = rules
        self.earlier: dict[bytes, Any] = {}
        self.used: dict[bytes, Any] = {}
        try:
            with open(self.path, "rb") as handle:
                data = _PlainUnpickler(handle).load()
            if data.get("rules") == rules and isinstance(data.get("pages"), dict):
                self.earlier = data["pages"]
        except Exception:  # noqa: BLE001 - a damaged cache file only means computing again
            pass

    def _result(self, parts: tuple[str, ...], compute: Callable[[], Any]) -> Any:
        """What `compute()` gives, or gave in the last build for the same `parts`."""
        data = "\0".join(parts).encode("utf-8", "surrogatepass")
        key = hashlib.sha256(data).digest()[:16]
        found = self.used.get(key)
        if found is None:
            found = self.earlier.get(key)
            self.used[key] = found if self._valid(found) else compute()
        return self.used[key]

    @staticmethod
    def _valid(found: object) -> bool:
        """Whether a result read from the file has the shape of one."""
        return False

    def keep(self) -> None:
        """Save what this build used, when it differs from what was read."""
        if self.used != self.earlier:
            content = pickle.dumps({"rules": self.rules, "pages": self.used}, protocol=5)
            try:
                write_atomic(self.path, content)
            except OSError as err:
                log.info(f"HARMONI: hasil halaman tidak tersimpan ({self.path.name}: {err})")


class Sanitized(_Kept):
    """The sanitized content of the last build's pages, by a digest of the HTML MkDocs gave
    (the sanitizer costs as much as the rest of the page's assembly)."""

    SUFFIX = "-tersaring"

    def clean(self, html: str, sanitize: Callable[[str], str], kind: str = "") -> str:
        """`sanitize(html)`, or what it gave for the same HTML (and `kind` of cleaning) in
        the last build."""
        result: str = self._result((kind, html), lambda: sanitize(html))
        return result

    @staticmethod
    def _valid(found: object) -> bool:
        return isinstance(found, str)


Finishing = tuple[int, int, str, bytes]
"""How a page MkDocs wrote is finished: where its head tags go and where its policy tag goes
(each -1: nowhere), the policy tag, and the digest of the finished page."""


class Finished(_Kept):
    """How the last build finished its pages (head tags and Content-Security-Policy), by a
    digest of the page MkDocs wrote, the tags and the page's content: finding where the head
    ends and hashing every inline script costs more than the digest."""

    SUFFIX = "-selesai"

    def finishing(self, parts: tuple[str, ...], finish: Callable[[], Finishing]) -> Finishing:
        """`finish()`, or what it gave for the same `parts` (the page, its tags, its content,
        and the settings the policy depends on) in the last build."""
        result: Finishing = self._result(parts, finish)
        return result

    @staticmethod
    def _valid(found: object) -> bool:
        return (
            isinstance(found, tuple) and len(found) == 4
            and all(isinstance(at, int) for at in found[:2])
            and isinstance(found[2], str) and isinstance(found[3], bytes)
        )  # fmt: skip


class _PlainUnpickler(pickle.Unpickler):
    """Reads only plain data: any class or function in the file stops the reading."""

    def find_class(self, module: str, name: str) -> Any:
        raise pickle.UnpicklingError(f"{module}.{name} bukan data biasa")
