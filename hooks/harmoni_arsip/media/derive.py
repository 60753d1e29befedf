"""The media stage of a whole archive: every photo and video poster of every entry derived (or
found in the cache) and given its site path. The build and `harmoni periksa` both run it, so they
decode and judge every photo alike, and periksa leaves a warm cache for the build."""

from __future__ import annotations

from pathlib import Path

from ..entries import Entry, LocalVideo
from ..problems import Problems
from ..settings import HarmoniSettings
from .cache import MediaCache
from .hosted import IDENTITY
from .images import FULL_SIZE, Variant
from .published import ActivityMedia, publish
from .renditions import MediaFailure, Renderer, Source, file_hash

SHARE_VARIANT = Variant(1200, 82, "jpeg", revision="b")
"""The link-preview picture of each cover: WhatsApp and Facebook do not all read WebP. Made from
the decode of the gallery sizes (revision `b`), not from a second decode of the cover."""


def derive_media(
    entries: list[Entry], settings: HarmoniSettings, cache: MediaCache, project_dir: Path,
    problems: Problems,
) -> dict[str, ActivityMedia]:  # fmt: skip
    """Entry id → its published media; every failing source is one problem in `problems`."""

    def failed(source: Source, message: str) -> None:
        relative = source.path.relative_to(project_dir).as_posix()
        problems.add(relative, message + " Berkas ini tidak ditampilkan di galeri.")

    renderer = Renderer(cache, photo_variants(settings), "foto", cover=SHARE_VARIANT)
    renditions = renderer.render_all(media_sources(entries), failed)
    shares = renderer.covers
    counts = (len(settings.foto.gambar_kecil), len(settings.foto.gambar_tampilan))
    hosted, videos = cache.hosted_url, hosted_videos(entries, cache)
    return {entry.id: publish(entry, renditions, counts, shares, hosted, videos)
            for entry in entries}  # fmt: skip


def hosted_videos(entries: list[Entry], cache: MediaCache) -> dict[Path, str]:
    """The media host's address of each local video it holds (none without a media host)."""
    if cache.hosted is None:
        return {}
    found = {}
    for entry in entries:
        for video in entry.videos:
            if not isinstance(video, LocalVideo):
                continue
            name = content_name(video.path, cache)
            url = cache.hosted_url(name) if name else None
            if url:
                found[video.path] = url
    cache.save()
    return found


def content_name(path: Path, cache: MediaCache) -> str | None:
    """A file's content-addressed name on the media host (`ab12….mp4`), or None when it
    cannot be read; hashed once, then known from the cache's stat index (or, absent from a
    partial checkout, from the media host's manifest)."""
    if path in cache.absent:
        return cache.absent[path] + path.suffix.lower()
    try:
        stat = path.stat()
        digest = cache.indexed_hash(path, stat) or file_hash(path)
    except (OSError, MediaFailure):
        return None
    cache.index(path, stat, digest)
    return digest[:IDENTITY] + path.suffix.lower()


def photo_variants(settings: HarmoniSettings) -> list[Variant]:
    """The derived sizes of every photo, as configured in `extra.harmoni.foto`."""
    photo = settings.foto
    variants = [Variant(size, photo.kualitas_kecil) for size in photo.gambar_kecil]
    variants += [Variant(size, photo.kualitas) for size in photo.gambar_tampilan]
    if photo.terbitkan_asli:
        variants.append(Variant(FULL_SIZE, 90, "jpeg"))
    return variants


def media_sources(entries: list[Entry]) -> list[Source]:
    """Every gallery photo and video poster (a staff photo, else a frame) of `entries`."""
    sources = []
    for entry in entries:
        cover = entry.cover.path if entry.cover else None
        sources += [Source(p.path, cover=p.path == cover) for p in entry.photos]
        for video in entry.videos:
            if isinstance(video, LocalVideo):
                sources.append(Source(video.poster or video.path, is_video=not video.poster))
    return sources
