"""QR codes and posters kept in the derived-media cache, keyed by what they show: a build where
no address or poster text changed draws nothing.

A build asks for every file first (`CodeFiles.qr`, `CodeFiles.posters`: the cache paths, at
once), then `start`s the making of the missing ones in other processes (`workers`) while it
derives the photos, and `finish`es before anything reads them.
"""

from __future__ import annotations

import hashlib
import json
from concurrent.futures import Future
from dataclasses import asdict

from .. import stage_cpu
from ..media.cache import MediaCache
from . import codes, posters, workers
from .typography import note_fonts

QR_KINDS = ("png", "svg")
"""PNG for screens, SVG for print."""
POSTER_KINDS = ("png", "pdf")


PNG_HEADER = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
"""A PNG's signature and the start of its first chunk (IHDR), which begins with the width."""


class CodeFiles:
    """The QR codes and posters of one build in the cache; the missing ones made together."""

    def __init__(self, cache: MediaCache) -> None:
        self.cache = cache
        self._orders: dict[str, workers.Order] = {}
        """What is missing, by address: every use of one address made in one job."""
        self._running: list[tuple[workers.Order, Future[workers.Made]]] = []
        self._pool: workers.Pool | None = None

    def qr(self, url: str, kind: str) -> str:
        """Where the QR image (`png` or `svg`) for `url` is; ordered when missing."""
        path = self._qr_path(url, kind)
        if not self.cache.has(path):
            self._order(url).qr[kind] = path
        return path

    def pixels(self, url: str) -> int:
        """The width (= height) of the QR PNG of `url`: read from the header of the cached PNG
        when there is one (choosing the symbol for thousands of addresses is slow), else known
        without making it."""
        path = self._qr_path(url, "png")
        if self.cache.has(path):
            width = _png_width(path)
            if width is not None:
                return width
        return codes.png_pixels(url)

    def _qr_path(self, url: str, kind: str) -> str:
        key = hashlib.sha256(url.encode()).hexdigest()
        return self.cache.path_for(key, f"qr{codes.QR_VERSION}", "." + kind)

    def posters(self, text: posters.PosterText) -> dict[str, str]:
        """Where the poster's PNG and PDF are; ordered (both, drawn once) when either is
        missing."""
        note_fonts()
        key = hashlib.sha256(json.dumps(asdict(text), sort_keys=True).encode()).hexdigest()
        settings = f"poster{posters.POSTER_VERSION}-{posters.DPI}-qr{codes.QR_VERSION}"
        paths = {kind: self.cache.path_for(key, settings, "." + kind) for kind in POSTER_KINDS}
        if not all(self.cache.has(path) for path in paths.values()):
            self._order(text.url).posters[text] = paths
        return paths

    @property
    def missing(self) -> int:
        """Addresses with a file still to make (not yet started)."""
        return len(self._orders)

    def start(self) -> None:
        """Begin making every file ordered so far, beside whatever the caller does next."""
        if not self._orders:
            return
        self._pool = self._pool or workers.Pool(len(self._orders))
        orders, self._orders = list(self._orders.values()), {}
        self._running += [(order, self._pool.submit(order)) for order in orders]

    def finish(self) -> None:
        """Make what is still missing and wait until every ordered file is in the cache."""
        self.start()
        running, self._running = self._running, []
        try:
            for order, future in running:
                made = workers.result(order, future)
                for path, data in made.files:
                    self.cache.write(path, data)
                for stage, seconds in made.cpu.items():
                    stage_cpu.add(stage, seconds)
        finally:
            if self._pool is not None:
                self._pool.close()
                self._pool = None

    def _order(self, url: str) -> workers.Order:
        return self._orders.setdefault(url, workers.Order(url))


def _png_width(path: str) -> int | None:
    """The width in a PNG file's header, or None when the file is not a readable PNG."""
    try:
        with open(path, "rb") as file:
            head = file.read(len(PNG_HEADER) + 4)
    except OSError:
        return None
    if not head.startswith(PNG_HEADER) or len(head) < len(PNG_HEADER) + 4:
        return None
    return int.from_bytes(head[len(PNG_HEADER) :], "big")
