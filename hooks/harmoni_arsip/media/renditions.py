"""Turn every photo and video of the build into cached web images, in parallel threads.

Threads, not processes: Pillow releases the GIL while decoding, resizing and encoding, and so
does hashlib. A source the stat index does not know is read once, in its thread: the same bytes
are hashed (its cache key) and, unless the cache holds its images already, decoded.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from .. import LOG_NAME, stage_cpu
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
    cover: bool = False
    """Its entry's cover: gets the renderer's `cover` variant too (the link-preview JPEG)."""


class MediaFailure(Exception):
    """A source that cannot be turned into web images; the message is for staff."""


Found = tuple[Rendition, Rendition | None]
"""A source's rendition and, for a cover, the rendition of its `cover` variant."""
_Placed = tuple[str, str, int, int, int, int]
"""A variant as a source of one size gets it: cache settings, suffix, width, height, long edge,
position among the variants."""


class Renderer:
    """Derives the images of many sources with one set of variants (and covers' one more)."""

    def __init__(
        self, cache: MediaCache, variants: list[images.Variant], stage: str,
        cover: images.Variant | None = None,
    ) -> None:  # fmt: skip
        self.cache = cache
        self.variants = variants
        self.stage = stage
        """The name its CPU time is counted under (`stage_cpu`)."""
        self.cover = cover
        """The extra variant of cover sources, made from the same decode where it is no larger
        than the largest variant."""
        self.covers: dict[Path, Rendition] = {}
        """The `cover` rendition of each cover source, filled by `render_all`."""
        self._layouts: dict[tuple[int, int], list[_Placed]] = {}
        """`_layout` by source size."""

    def render_all(
        self, sources: Iterable[Source], on_failure: Callable[[Source, str], None]
    ) -> dict[Path, Rendition]:
        """Renditions by source path; each failing source is passed to `on_failure`."""
        done: dict[Path, Rendition] = {}
        pending: list[tuple[Source, os.stat_result, str | None]] = []
        for source in dict.fromkeys(sources):
            try:
                stat = source.path.stat()
            except OSError as err:
                self._absent(source, err, on_failure, done)
                continue
            source_hash = self.cache.indexed_hash(source.path, stat)
            found = self._found(source_hash, source.cover) if source_hash else None
            if found:
                self._keep(source, found, done)
            else:
                pending.append((source, stat, source_hash))
        for source, found in self._render_pending(pending, on_failure):
            self._keep(source, found, done)
        self.cache.save()
        return done

    def _absent(self, source: Source, err: OSError, on_failure, done) -> None:
        """A source absent from the checkout: found from the media host by its git blob id,
        else a failure."""
        identity = self.cache.absent.get(source.path)
        found = self._found(identity, source.cover) if identity else None
        if found:
            self._keep(source, found, done)
        else:
            on_failure(source, f"berkas tidak dapat dibaca ({err.strerror}).")

    def _keep(self, source: Source, found: Found, done: dict[Path, Rendition]) -> None:
        done[source.path] = found[0]
        if found[1] is not None:
            self.covers[source.path] = found[1]

    def _found(self, source_hash: str, cover: bool) -> Found | None:
        """Everything a source needs, from an earlier build, or None when anything is missing."""
        rendition = self._cached(source_hash)
        if rendition is None or not (cover and self.cover):
            return (rendition, None) if rendition else None
        extra = self._cover_rendition(source_hash, rendition.size)
        return (rendition, extra) if self.cache.available(extra.images[0].path) else None

    def _cached(self, source_hash: str) -> Rendition | None:
        """The rendition from an earlier build, if its size is known and every file is there."""
        size = self.cache.known_size(source_hash)
        if size is None:
            return None
        rendition = self._rendition(source_hash, size)
        present = all(self.cache.available(i.path) for i in rendition.images)
        return rendition if present else None

    def _cover_rendition(self, source_hash: str, size: tuple[int, int]) -> Rendition:
        """The cover variant's image of a source of `size`."""
        assert self.cover is not None
        width, height = images.fitted_size(size, self.cover.long_edge)
        path = self.cache.path_for(source_hash, self.cover.settings, self.cover.suffix)
        return Rendition(size, (DerivedImage(path, width, height, self.cover.long_edge, 0),))

    def _rendition(self, source_hash: str, size: tuple[int, int]) -> Rendition:
        """The cached images of a source of `size`: one per distinct variant."""
        path_for = self.cache.path_for
        derived = tuple(
            DerivedImage(path_for(source_hash, settings, suffix), width, height, edge, index)
            for settings, suffix, width, height, edge, index in self._layout(size)
        )
        return Rendition(size, derived)

    def _layout(self, size: tuple[int, int]) -> list[_Placed]:
        """The distinct variants of a source of `size` with their sizes and positions, worked
        out once per size (an archive's photos come in a few sizes)."""
        layout = self._layouts.get(size)
        if layout is None:
            layout = []
            for variant in images.distinct(size, self.variants):
                width, height = images.fitted_size(size, variant.long_edge)
                index = self.variants.index(variant)
                placed = (variant.settings, variant.suffix, width, height, variant.long_edge, index)
                layout.append(placed)
            self._layouts[size] = layout
        return layout

    def _render_pending(self, pending, on_failure) -> list[tuple[Source, Found]]:
        """Run the image work over all cores, logging progress on long runs."""
        if not pending:
            return []
        results: list[tuple[Source, Found]] = []
        progress = _Progress(len(pending))
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            futures = {pool.submit(self._measured, s, h): (s, st) for s, st, h in pending}
            for future in as_completed(futures):
                source, stat = futures[future]
                try:
                    source_hash, found, made = future.result()
                    results.append((source, found))
                    self.cache.index(source.path, stat, source_hash)
                    self.cache.remember_size(source_hash, found[0].size)
                    progress.made += made
                except MediaFailure as err:
                    on_failure(source, str(err))
                progress.step()
        progress.finish()
        return results

    def _measured(self, source: Source, source_hash: str | None) -> tuple[str, Found, bool]:
        """`_render_one`, its CPU time counted for this renderer's stage."""
        with stage_cpu.thread_cpu(self.stage):
            return self._render_one(source, source_hash)

    def _render_one(self, source: Source, source_hash: str | None) -> tuple[str, Found, bool]:
        """Hash (when the index did not know the source), decode, derive and store one source's
        images; its hash, its renditions, and whether images were made (not found cached)."""
        photo = None if source.is_video else _read_file(source.path)
        if source_hash is None:
            source_hash = file_hash(source.path) if photo is None else _hash(photo)
            found = self._found(source_hash, source.cover)
            if found:  # the same photo under another name, or touched
                return source_hash, found, False
        data = photo if photo is not None else _read_source(source)
        cover = self.cover if source.cover else None
        gallery = self._cached(source_hash)  # a photo that just became the cover has one
        try:
            damaged = functools.partial(_damaged_metadata, source)
            size, outputs, extra = self._derive(data, gallery, cover, damaged)
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
        rendition = gallery or self._rendition(source_hash, size)
        made = [] if gallery else list(zip(rendition.images, outputs, strict=True))
        cover_rendition = self._cover_rendition(source_hash, size) if cover else None
        if cover_rendition and extra is not None:
            made.append((cover_rendition.images[0], extra))
        for derived, data_out in made:
            self.cache.write(derived.path, data_out)
        return source_hash, (rendition, cover_rendition), True

    def _derive(
        self,
        data: bytes,
        gallery: Rendition | None,
        cover: images.Variant | None,
        damaged: Callable[[str], None],
    ) -> tuple[tuple[int, int], list[bytes], bytes | None]:
        """The upright size, the variants' bytes (none when `gallery` is cached) and the cover
        variant's (None without one): from one decode where the cover variant is no larger
        than the largest variant, else from a decode of its own."""
        largest = max(v.long_edge for v in self.variants)
        if gallery is None and cover and cover.long_edge <= largest:
            size, outputs = images.derive(data, self.variants, cover, damaged)
            return size, outputs[:-1], outputs[-1]
        size, outputs = (
            images.derive(data, self.variants, None, damaged) if gallery is None else ((0, 0), [])
        )
        if cover is None:
            return size, outputs, None
        with stage_cpu.thread_cpu(images.SIDE_STAGE):
            size, (extra,) = images.derive(data, [cover], None, damaged)
        return size, outputs, extra


def _hash(data: bytes) -> str:
    """The content hash of a source's bytes (the cache key of its images)."""
    return hashlib.sha256(data).hexdigest()


def file_hash(path: Path) -> str:
    """The content hash of a file too large to hold (a video), read in blocks."""
    try:
        with path.open("rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError as err:
        raise MediaFailure(f"berkas tidak dapat dibaca ({err.strerror}).") from None


def _read_file(path: Path) -> bytes:
    """A photo's bytes; an unreadable or empty file is a failure for staff."""
    try:
        data = path.read_bytes()
    except OSError as err:
        raise MediaFailure(f"berkas tidak dapat dibaca ({err.strerror}).") from None
    if not data:
        raise MediaFailure("berkas kosong (0 byte). Salin ulang foto dari sumbernya.")
    return data


def _damaged_metadata(source: Source, message: str) -> None:
    """Say that a photo's EXIF was unreadable and left out (the photo is still published)."""
    log.info(f"HARMONI: {source.path.name}: {message}; foto dipakai tanpa metadata.")


def _read_source(source: Source) -> bytes:
    """The image bytes of a video source: a frame of the video."""
    try:
        data = poster_frame(source.path)
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
        self.total, self.count, self.made = total, 0, 0
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
        if self.made:
            log.info(f"HARMONI: {self.made} gambar baru dibuat dalam {seconds:.1f} detik")
