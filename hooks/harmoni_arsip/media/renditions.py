"""Turn every photo and video of the build into cached web images, in parallel threads.

Threads, not processes: Pillow releases the GIL while decoding, resizing and encoding, and a
process pool cannot import hook siblings under `spawn`/`forkserver`.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from .. import LOG_NAME
from ..formats import number
from . import images
from .cache import MediaCache
from .video import PosterError, poster_frame

log = logging.getLogger(LOG_NAME)
PROGRESS_EVERY = 2.0
"""Seconds between progress lines on long image work."""


@dataclass(frozen=True)
class DerivedImage:
    """One derived WebP file in the cache."""

    path: str
    width: int
    height: int
    long_edge: int
    """The variant's configured long edge, which names the published file."""
    index: int
    """The position of its variant in the renderer's list (thumbnails, displays, full size)."""


@dataclass(frozen=True)
class Rendition:
    """The web images of one source, small to large, in the order of the variants."""

    size: tuple[int, int]
    """The source's upright size."""
    images: tuple[DerivedImage, ...]
    """One per distinct variant: a variant that would repeat a smaller one's size is absent."""


@dataclass(frozen=True)
class Source:
    """A photo, or a video whose poster frame is the image."""

    path: Path
    is_video: bool = False


class MediaFailure(Exception):
    """A source that cannot be turned into web images; the message is for staff."""


class Renderer:
    """Derives the images of many sources with one set of variants."""

    def __init__(self, cache: MediaCache, variants: list[images.Variant]) -> None:
        self.cache = cache
        self.variants = variants

    def render_all(
        self, sources: Iterable[Source], on_failure: Callable[[Source, str], None]
    ) -> dict[Path, Rendition]:
        """Renditions by source path; each failing source is passed to `on_failure`."""
        done: dict[Path, Rendition] = {}
        pending: list[tuple[Source, str]] = []
        for source in dict.fromkeys(sources):
            try:
                source_hash = self.cache.source_hash(source.path)
            except OSError as err:
                on_failure(source, f"berkas tidak dapat dibaca ({err.strerror}).")
                continue
            cached = self._cached(source_hash)
            if cached:
                done[source.path] = cached
            else:
                pending.append((source, source_hash))
        done.update(self._render_pending(pending, on_failure))
        self.cache.save()
        return done

    def _cached(self, source_hash: str) -> Rendition | None:
        """The rendition from an earlier build, if its size is known and every file is there."""
        size = self.cache.known_size(source_hash)
        if size is None:
            return None
        rendition = self._rendition(source_hash, size)
        present = all(self.cache.has(i.path) for i in rendition.images)
        return rendition if present else None

    def _rendition(self, source_hash: str, size: tuple[int, int]) -> Rendition:
        """The cached images of a source of `size`: one per distinct variant."""
        derived = []
        for variant in images.distinct(size, self.variants):
            width, height = images.fitted_size(size, variant.long_edge)
            path = self.cache.path_for(source_hash, variant.settings, variant.suffix)
            index = self.variants.index(variant)
            derived.append(DerivedImage(path, width, height, variant.long_edge, index))
        return Rendition(size, tuple(derived))

    def _render_pending(self, pending, on_failure) -> dict[Path, Rendition]:
        """Run the image work over all cores, logging progress on long runs."""
        if not pending:
            return {}
        results: dict[Path, Rendition] = {}
        progress = _Progress(len(pending))
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            futures = {pool.submit(self._render_one, s, h): (s, h) for s, h in pending}
            for future in as_completed(futures):
                source, source_hash = futures[future]
                try:
                    results[source.path] = rendition = future.result()
                    self.cache.remember_size(source_hash, rendition.size)
                except MediaFailure as err:
                    on_failure(source, str(err))
                progress.step()
        progress.finish()
        return results

    def _render_one(self, source: Source, source_hash: str) -> Rendition:
        """Decode, derive and store one source's images."""
        data = _read_source(source)
        try:
            size, outputs = images.derive(
                data, self.variants, lambda message: _damaged_metadata(source, message)
            )
        except images.UnsupportedImage as err:
            raise MediaFailure(
                f"{err}. Ekspor ulang sebagai JPEG, PNG atau WebP, atau hapus berkas ini dari "
                "folder kegiatan."
            ) from None
        except Image.DecompressionBombError:
            raise MediaFailure(
                f"gambar terlalu besar (lebih dari {number(Image.MAX_IMAGE_PIXELS or 0)} piksel). "
                "Perkecil dulu, mis. sisi terpanjang 2560 px."
            ) from None
        except (OSError, ValueError, SyntaxError) as err:
            raise MediaFailure(
                f"gambar rusak atau terpotong ({err}). Salin ulang foto dari sumbernya "
                "(ponsel/kamera) atau ekspor ulang."
            ) from None
        rendition = self._rendition(source_hash, size)
        for derived, data_out in zip(rendition.images, outputs, strict=True):
            self.cache.write(derived.path, data_out)
        return rendition


def _damaged_metadata(source: Source, message: str) -> None:
    """Say that a photo's EXIF was unreadable and left out (the photo is still published)."""
    log.info(f"HARMONI: {source.path.name}: {message}; foto dipakai tanpa metadata.")


def _read_source(source: Source) -> bytes:
    """The image bytes of a source: the photo file, or a frame of the video."""
    try:
        data = poster_frame(source.path) if source.is_video else source.path.read_bytes()
    except PosterError as err:
        raise MediaFailure(
            f"gambar sampul video tidak dapat dibuat ({err}). Pastikan videonya bisa diputar, "
            "atau taruh foto sampul bernama sama (mis. video.jpg untuk video.mp4)."
        ) from None
    except OSError as err:
        raise MediaFailure(f"berkas tidak dapat dibaca ({err.strerror}).") from None
    if not data:
        raise MediaFailure("berkas kosong (0 byte). Salin ulang foto dari sumbernya.")
    return data


class _Progress:
    """Logs a progress line every few seconds while images are being made."""

    def __init__(self, total: int) -> None:
        self.total, self.count = total, 0
        self.started = self.last = time.monotonic()

    def step(self) -> None:
        self.count += 1
        now = time.monotonic()
        if now - self.last >= PROGRESS_EVERY and self.count < self.total:
            self.last = now
            rate = self.count / (now - self.started)
            left = (self.total - self.count) / rate
            log.info(
                f"HARMONI: gambar {self.count}/{self.total} selesai, sekitar {left:.0f} detik lagi"
            )

    def finish(self) -> None:
        seconds = time.monotonic() - self.started
        log.info(f"HARMONI: {self.total} gambar baru dibuat dalam {seconds:.1f} detik")
