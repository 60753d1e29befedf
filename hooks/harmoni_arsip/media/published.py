"""What an activity page publishes: its images at their site paths, its videos and QR codes.

An image the media host holds keeps its site path (its name on the page) but gets the host's
address, `url`: pages link there, and the site does not publish it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path, PurePath, PurePosixPath

from .. import addresses
from ..entries import Entry, LocalVideo, PlatformVideo
from .renditions import Rendition


@dataclass(frozen=True)
class WebImage:
    """One published image file: its site path (from the site root) and size."""

    src_uri: str
    width: int
    height: int
    cache_path: str
    url: str | None = None
    """Its address on the media host, when it is there (else the site publishes it)."""

    @property
    def href(self) -> str:
        """Where pages link: the media host's address, else the site path."""
        return self.url or self.src_uri


Hosted = Callable[[str], str | None]
"""The media host's address of a media-cache file, or None (`MediaCache.hosted_url`)."""


def _not_hosted(path: str) -> None:
    return None


@dataclass(frozen=True)
class GalleryImage:
    """A photo (or video poster) as published: thumbnails and full-screen sizes."""

    caption: str
    alt: str
    thumbs: tuple[WebImage, ...]
    displays: tuple[WebImage, ...]
    original: tuple[WebImage, ...]
    """The full-size download, where the office publishes one (else empty)."""
    share: tuple[WebImage, ...] = ()
    """For the cover only: a JPEG for link previews (WhatsApp and Facebook want JPEG/PNG)."""
    source_size: tuple[int, int] = (0, 0)
    """The upright size of its source (the media host's manifest records it)."""

    @property
    def files(self) -> tuple[WebImage, ...]:
        """Every file to publish, each once (a small photo's display may be its thumbnail)."""
        every = (*self.thumbs, *self.displays, *self.original, *self.share)
        return tuple({web.src_uri: web for web in every}.values())


IMAGE_TYPES = {".webp": "image/webp", ".jpg": "image/jpeg", ".png": "image/png"}


@dataclass(frozen=True)
class PreviewImage:
    """The picture of a link preview: an absolute URL, its size and a text for screen readers."""

    url: str
    width: int
    height: int
    alt: str
    mime: str


@dataclass(frozen=True)
class PublishedVideo:
    """A local video copied as is, with its poster."""

    src_uri: str
    source: Path
    poster: GalleryImage | None
    caption: str
    url: str | None = None
    """Its address on the media host, when it is there (else the site publishes it)."""

    @property
    def href(self) -> str:
        """Where pages link: the media host's address, else the site path."""
        return self.url or self.src_uri


@dataclass(frozen=True)
class ActivityMedia:
    """Everything an activity page shows besides its text and QR code."""

    photos: tuple[GalleryImage, ...]
    cover: GalleryImage | None
    videos: tuple[PublishedVideo, ...]
    platform_videos: tuple[PlatformVideo, ...]


def publish(
    entry: Entry,
    renditions: dict[Path, Rendition],
    counts: tuple[int, int],
    shares: dict[Path, Rendition] | None = None,
    hosted: Hosted = _not_hosted,
    video_urls: dict[Path, str] | None = None,
) -> ActivityMedia:
    """Assign site paths to an entry's derived media; sources that failed are left out.
    `shares` holds the link-preview JPEG of covers, where the build made them; `hosted` gives
    the media host's address of the derived files it holds, `video_urls` of the videos."""
    names = _NameAllocator(addresses.activity_dir(entry.id), hosted)
    photos, cover = [], None
    for number, photo in enumerate(entry.photos, start=1):
        rendition = renditions.get(photo.path)
        if rendition is None:
            continue
        alt = photo.caption or f"Foto {number} dari {len(entry.photos)}: {entry.title}"
        image = _gallery_image(names, photo.path, photo.caption, alt, rendition, counts)
        if entry.cover is not None and photo.path == entry.cover.path:
            image = cover = _with_share(image, (shares or {}).get(photo.path), names)
        photos.append(image)
    return ActivityMedia(
        photos=tuple(photos),
        cover=cover or (photos[0] if photos else None),
        videos=tuple(_videos(entry, renditions, names, counts, video_urls or {})),
        platform_videos=tuple(v for v in entry.videos if isinstance(v, PlatformVideo)),
    )


def _videos(entry, renditions, names, counts, urls):
    """The local videos, each with the poster image it got (staff photo or taken frame)."""
    for video in entry.videos:
        if not isinstance(video, LocalVideo):
            continue
        poster_source = video.poster or video.path
        rendition = renditions.get(poster_source)
        alt = f"Video: {video.caption or entry.title}"
        poster = rendition and _gallery_image(
            names, poster_source, video.caption, alt, rendition, counts, suffix="-sampul"
        )
        uri = names.name(video.path.name)
        yield PublishedVideo(uri, video.path, poster or None, video.caption, urls.get(video.path))


def _gallery_image(names, source, caption, alt, rendition, counts, suffix="") -> GalleryImage:
    """Site paths for one source's derivatives: thumbnails, display sizes, full size."""
    stem = names.stem((source if isinstance(source, PurePath) else Path(source)).stem + suffix)
    web = [names.web(f"{stem}-{_label(d)}", d) for d in rendition.images]
    thumbs, displays = counts
    groups: tuple[list[WebImage], list[WebImage], list[WebImage]] = ([], [], [])
    for image, derived in zip(web, rendition.images, strict=True):
        group = 0 if derived.index < thumbs else 1 if derived.index < thumbs + displays else 2
        groups[group].append(image)
    small, large, full = groups
    # A photo no larger than a thumbnail shows its largest thumbnail full screen.
    return GalleryImage(caption, alt, tuple(small), tuple(large or small[-1:]), tuple(full),
                        source_size=rendition.size)  # fmt: skip


def _with_share(image: GalleryImage, share: Rendition | None, names) -> GalleryImage:
    """The cover with its link-preview JPEG, named after its thumbnails."""
    if share is None:
        return image
    (derived,) = share.images
    stem = image.thumbs[0].src_uri.rsplit("/", 1)[1].rsplit("-", 1)[0] if image.thumbs else "sampul"
    web = names.web(f"{stem}-bagikan.jpg", derived)
    return replace(image, share=(web,))


def _label(derived) -> str:
    """`320.webp` for a web size, `asli.jpg` for the full-size download."""
    return f"{derived.long_edge}.webp" if derived.path.endswith(".webp") else "asli.jpg"


class _NameAllocator:
    """Gives each published file of a page a unique, URL-safe name."""

    def __init__(self, folder: str, hosted: Hosted) -> None:
        self.folder = folder
        self.hosted = hosted
        self.used: set[str] = {"index", "qr"}

    def web(self, name: str, derived) -> WebImage:
        """The published file `name` of a derived image, with its media host address."""
        path = derived.path
        return WebImage(f"{self.folder}{name}", derived.width, derived.height, path,
                        self.hosted(path))  # fmt: skip

    def stem(self, wanted: str) -> str:
        base = addresses.slug(wanted)
        candidate, n = base, 2
        while candidate in self.used:
            candidate, n = f"{base}-{n}", n + 1
        self.used.add(candidate)
        return candidate

    def name(self, file_name: str) -> str:
        path = Path(file_name)
        return f"{self.folder}{self.stem(path.stem)}{path.suffix.lower()}"


def preview_image(image: GalleryImage, site_url: str) -> PreviewImage | None:
    """The link-preview JPEG of a cover, else the largest display size of `image` (thumbnails
    when no display size is configured)."""
    sizes = image.share or image.displays or image.thumbs
    if not sizes:
        return None
    big = sizes[-1]
    mime = IMAGE_TYPES.get(PurePosixPath(big.src_uri).suffix, "image/webp")
    url = big.url or addresses.absolute_url(site_url, big.src_uri)
    return PreviewImage(url, big.width, big.height, image.alt, mime)
