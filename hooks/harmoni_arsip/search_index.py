"""The archive's search index: Pagefind run over the built pages, at `pagefind/` in the site.

Pagefind (the `pagefind_bin` wheel: one executable, no Node) reads the published HTML and writes
a static bundle that a phone fetches in small pieces, and only when someone searches. Pages mark
what is indexed themselves (`data-pagefind-body`, `-meta`, `-filter`, `-weight`, `-ignore` in the
templates); their `<html lang="id">` makes Pagefind stem Indonesian ("latih" finds "pelatihan").

The bundle is cached by content: the key is a hash of every HTML page's bytes and Pagefind's
version, taken from the pages as the build hands them to MkDocs (`bundle_for`). A build whose
pages did not change publishes the cached bundle like any file kept in place (the previous
build's copy stays where it is) instead of indexing again; a changed page is in the index after
the next build. Files of the bundle that the archive's own search box does not use (Pagefind's
ready-made interfaces, its web worker) are left out of the site.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import subprocess
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from . import LOG_NAME
from .site_folder import copy_files

log = logging.getLogger(LOG_NAME)

BUNDLE_DIR = "pagefind"
"""Where the bundle is published, from the site root (the search box loads it from there)."""
CACHE_DIR = "pagefind"
"""Bundles of earlier builds, inside the archive's cache folder, one folder per key."""
KEEP_BUNDLES = 2
"""Bundles kept in the cache: `mkdocs serve` (another address, so other pages) and `build`
each find theirs."""
UNUSED = (
    "pagefind-ui.js", "pagefind-ui.css", "pagefind-component-ui.js",
    "pagefind-component-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
    "pagefind-highlight.js", "pagefind-worker.js",
)  # fmt: skip
"""Bundle files the archive does not publish: Pagefind's own interfaces (the archive has its
own small search box) and its web worker (the box searches on the page: one file less)."""
EXCLUDED = ".headerlink"
"""Left out of the index: the "¶" that links each heading of a hand-written page. (Pagefind
1.5.2 stopped on a `+` in this option: keep to simple selectors.)"""
SHUFFLED = re.compile(r"pagefind/(filter/.*|pagefind\.[^/]*\.pf_meta|pagefind-entry\.json)")
"""Files of the bundle (paths from the site root) that Pagefind 1.5.2 writes in another order
on every run (its filter values come out of a hash map): the same bytes in another order, so
other names, and the names in the index's metadata with them. Words, fragments and code do not
move; a build whose pages did not change publishes the cached bundle, unchanged."""
COMPLETE = ".lengkap"
"""Written last into a cached bundle: a bundle without it was interrupted."""
TIMEOUT_SECONDS = 900


FIXED_FILES = 8
"""Files of a bundle whatever the site: its code, WebAssembly, entry and metadata, and one
filter file for each of `jenis`, `kategori`, `kecamatan` and `tahun`."""
FIXED_BYTES = 120_000
"""Their bytes (Pagefind 1.5.2: 45 KB of code, 70 KB of WebAssembly)."""
PAGE_BYTES = 2_400
"""An indexed page's share of the bundle: its fragment and its part of the word index
(measured on the demo archive)."""
PAGES_PER_CHUNK = 40
"""About how many pages share one file of the word index (demo archive)."""


def bundle_estimate(pages: int) -> tuple[int, int]:
    """The files and bytes of the bundle of a site with `pages` indexed pages, for
    `harmoni periksa` (the bundle itself exists only after a build)."""
    files = FIXED_FILES + pages + 1 + pages // PAGES_PER_CHUNK
    return files, FIXED_BYTES + pages * PAGE_BYTES


@dataclass(frozen=True)
class Bundle:
    """The search bundle of one set of pages, in the cache (complete or still to be made)."""

    folder: Path
    """Its folder in the cache, named by the key of the pages it indexes."""

    @property
    def ready(self) -> bool:
        """Made by an earlier build, completely."""
        return (self.folder / COMPLETE).exists()

    def published(self) -> dict[str, tuple[str, tuple[int, int]]]:
        """Its files as the site publishes them: address → file in the cache and the file's
        size and modification time (the site folder keeps a copy in place while they match)."""
        found = {}
        for inside, source in bundle_files(self.folder):
            stat = os.stat(source)
            found[f"{BUNDLE_DIR}/{inside}"] = (source, (stat.st_size, stat.st_mtime_ns))
        return found


def bundle_for(cache_dir: str | Path, pages: Mapping[str, bytes]) -> Bundle:
    """The bundle of the site's pages (address → `page_digest` of the page as written; the
    build takes them before the site folder is completed, so a ready bundle is published like
    every other file kept in place)."""
    bundle = Bundle(Path(cache_dir) / CACHE_DIR / site_fingerprint(pages))
    if bundle.ready:
        os.utime(bundle.folder)  # most recently used: kept by `_prune`
    return bundle


def page_digest(page: str | bytes) -> bytes:
    """The digest of one page as MkDocs writes it (UTF-8, characters it cannot encode as
    references): SHA-256, which processors compute in hardware (twice as fast as BLAKE2 here,
    on every page of every build), cut to 16 bytes."""
    data = page.encode("utf-8", errors="xmlcharrefreplace") if isinstance(page, str) else page
    return hashlib.sha256(data).digest()[:16]


def file_digests(paths: Mapping[str, str]) -> dict[str, bytes]:
    """`page_digest` of each file (address → path on disk)."""
    found = {}
    for uri, path in paths.items():
        with open(path, "rb") as page:
            found[uri] = page_digest(page.read())
    return found


def site_digests(site_dir: str) -> dict[str, bytes]:
    """`page_digest` of every HTML page of a completed site folder."""
    return file_digests({uri: os.path.join(site_dir, uri) for uri in _html_pages(site_dir)})


def index_site(site_dir: str, bundle: Bundle) -> None:
    """Make `bundle` with Pagefind over the completed site and copy it to `site_dir/pagefind/`,
    unless it is ready (then the site folder already holds it). A failure is logged (the site
    is published without search), never raised."""
    started = time.monotonic()
    if bundle.ready:
        log.info("HARMONI: indeks pencarian tidak berubah, dipakai lagi")
    else:
        try:
            _make_bundle(site_dir, bundle.folder)
        except SearchIndexError as err:
            log.error(f"HARMONI: indeks pencarian tidak dibuat: {err}")
            return
        _publish(bundle.folder, os.path.join(site_dir, BUNDLE_DIR))
        log.info(f"HARMONI: indeks pencarian dibuat ({time.monotonic() - started:.1f} dtk)")
    _prune(bundle.folder.parent)


class SearchIndexError(Exception):
    """Pagefind could not index the site (the message says why, in Indonesian)."""


def site_fingerprint(pages: Mapping[str, bytes]) -> str:
    """A hash of every HTML page of the site (address and digest) and of Pagefind's version:
    what the index is made from."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"pagefind {pagefind_version()}\0".encode())
    for uri in sorted(pages):
        digest.update(uri.encode() + b"\0" + pages[uri])
    return digest.hexdigest()


def _html_pages(site_dir: str) -> list[str]:
    """The HTML files of the site, by path from its root (the bundle's own folder left out)."""
    found = []
    for folder, folders, files in os.walk(site_dir):
        if folder == site_dir:
            folders[:] = [f for f in folders if f != BUNDLE_DIR and not f.startswith(".")]
        relative = os.path.relpath(folder, site_dir)
        prefix = "" if relative == "." else relative.replace(os.sep, "/") + "/"
        found += [prefix + name for name in files if name.endswith(".html")]
    return found


def pagefind_version() -> str:
    """The installed Pagefind's version (the `pagefind_bin` wheel)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("pagefind_bin")
    except PackageNotFoundError:
        return "?"


def _executable() -> str:
    """Pagefind's executable, as its Python package finds it (`PAGEFIND_BINARY_PATH`, then the
    `pagefind_bin` wheel, then the PATH)."""
    try:
        from pagefind.service import get_executable
    except ImportError:
        found = None
    else:
        found = get_executable()
    if found is None:
        raise SearchIndexError(
            "Pagefind tidak terpasang. Pasang ulang dengan "
            "`.venv/bin/pip install -c constraints.txt -e .`."
        )
    return str(found)


def _make_bundle(site_dir: str, target: Path) -> None:
    """Index the site with Pagefind into `target` (through a temporary folder beside it)."""
    partial = target.with_name(target.name + ".sebagian")
    shutil.rmtree(partial, ignore_errors=True)
    partial.parent.mkdir(parents=True, exist_ok=True)
    command = [_executable(), "--site", site_dir, "--output-path", str(partial), "--quiet",
               "--exclude-selectors", EXCLUDED]  # fmt: skip
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS)
    except (OSError, subprocess.TimeoutExpired) as err:
        raise SearchIndexError(f"Pagefind tidak bisa dijalankan ({err}).") from None
    if result.returncode != 0 or not (partial / "pagefind-entry.json").exists():
        output = (result.stderr or result.stdout).strip()[-2000:]
        shutil.rmtree(partial, ignore_errors=True)
        raise SearchIndexError(f"Pagefind berhenti dengan status {result.returncode}: {output}")
    _drop_unused(partial)
    (partial / COMPLETE).write_text(pagefind_version(), encoding="utf-8")
    shutil.rmtree(target, ignore_errors=True)
    os.replace(partial, target)


def _drop_unused(bundle: Path) -> None:
    """Remove the files the archive does not publish (`UNUSED`), and the WebAssembly of languages
    no page has."""
    for name in UNUSED:
        (bundle / name).unlink(missing_ok=True)
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    languages = set(entry.get("languages", {}))
    for wasm in bundle.glob("wasm.*.pagefind"):
        if wasm.name.split(".")[1] not in languages:
            wasm.unlink()


def bundle_files(bundle: Path) -> list[tuple[str, str]]:
    """Every published file of a bundle: (path inside the bundle, its path on disk)."""
    return [
        (path.relative_to(bundle).as_posix(), str(path))
        for path in sorted(bundle.rglob("*"))
        if path.is_file() and path.name != COMPLETE
    ]


def _publish(bundle: Path, target: str) -> None:
    """Copy the bundle's files into the site (copies, like every published file: a write into
    the site never reaches the cache), replacing what a previous build left there."""
    shutil.rmtree(target, ignore_errors=True)
    copy_files(bundle_files(bundle), target)


def _prune(cache: Path) -> None:
    """Keep the `KEEP_BUNDLES` most recently used bundles; remove the rest and leftovers."""
    bundles = sorted(
        (folder for folder in cache.iterdir() if folder.is_dir()),
        key=lambda folder: folder.stat().st_mtime,
        reverse=True,
    )
    complete = [folder for folder in bundles if (folder / COMPLETE).exists()]
    for folder in bundles:
        if folder not in complete[:KEEP_BUNDLES]:
            shutil.rmtree(folder, ignore_errors=True)
