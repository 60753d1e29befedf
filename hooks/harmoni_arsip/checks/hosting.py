"""The projected size of the published site against the limits of its hosts, in two tiers.

The static tier is what GitHub Pages (or another static host) serves: pages, assets, QR codes,
the search bundle and, while no media host is set, the photos and videos too. The media tier is
the photos' derived images and the local videos: what a media host (object storage behind a CDN,
`extra.harmoni.media.url`) serves instead, where neither the 1 GB nor the file count applies.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..formats import megabytes, number

GITHUB_PAGES_BYTES = 1_000_000_000
"""GitHub Pages: a published site may be at most 1 GB."""
CLOUDFLARE_FILES = 20_000
"""Cloudflare Pages (free plan): at most 20,000 files per site…"""
CLOUDFLARE_FILE_BYTES = 25 * 1024 * 1024
"""…and at most 25 MiB per file."""
PAGE_BYTES = 27_000
"""One page's share of the site: its HTML (about 24 KB with the theme's navigation, measured on
the demo archive) plus its part of the sitemap (the search bundle is estimated apart)."""
NEAR = 0.8
"""From this share of a limit on, say that the site comes close to it."""
LIMITS = (
    "GitHub Pages: situs paling besar 1 GB; Cloudflare Pages gratis: 20.000 berkas, "
    "25 MiB per berkas"
)
SITE = "situs (perkiraan)"
"""The `berkas` of a message about the whole site."""


@dataclass(frozen=True)
class PublishedFile:
    """A file the build will publish: where it comes from (for messages) and its size."""

    origin: str
    size: int


@dataclass(frozen=True)
class MediaTier:
    """The photos' derived images and the local videos."""

    bytes: int = 0
    files: int = 0
    moved: bool = False
    """Whether a media host serves them (else they are part of the static tier)."""

    def summary(self) -> str:
        """One line for staff: what the media tier weighs and where it is served from."""
        size = f"{megabytes(self.bytes)} dalam {number(self.files)} berkas"
        if self.moved:
            return (
                f"Tingkat media (host media, extra.harmoni.media.url): {size}; tidak dihitung "
                "dalam batas situs statis (penyimpanan objek menagih per GB tersimpan)."
            )
        return (
            f"Tingkat media (foto dan video): {size}; sekarang ikut terbit di situs statis, "
            "dan pindah ke host media bila `extra.harmoni.media.url` diisi."
        )


@dataclass(frozen=True)
class SiteEstimate:
    """What the published site will weigh: the static tier (`bytes`, `files`) and the media
    tier."""

    bytes: int
    files: int
    large: tuple[PublishedFile, ...]
    """Files of the static tier over the per-file limit of Cloudflare Pages."""
    search_files: int = 0
    """Of `files`, those of the search bundle (Pagefind's: an estimate, it splits its index as
    it sees fit)."""
    media: MediaTier = MediaTier()

    def summary(self) -> str:
        """Two lines for staff: each tier's projected size and file count, and the limits."""
        return (
            f"Perkiraan situs statis: {megabytes(self.bytes)} dalam {number(self.files)} berkas "
            f"({LIMITS}).\n{self.media.summary()}"
        )


def estimate(
    files: list[PublishedFile], pages: int, search: tuple[int, int] = (0, 0),
    media: list[PublishedFile] | None = None, media_moved: bool = False,
) -> SiteEstimate:  # fmt: skip
    """The site's size: the files as they are plus an estimate for each page and for the search
    bundle (`search`: its files and bytes); the `media` files count in the static tier unless
    `media_moved` (a media host serves them)."""
    media = media or []
    tier = MediaTier(sum(f.size for f in media), len(media), media_moved)
    static = files if media_moved else [*files, *media]
    total = sum(f.size for f in static) + pages * PAGE_BYTES + search[1]
    large = tuple(f for f in static if f.size > CLOUDFLARE_FILE_BYTES)
    return SiteEstimate(total, len(static) + pages + search[0], large, search[0], tier)


def host_warnings(site: SiteEstimate) -> list[tuple[str, str]]:
    """(berkas, message) for every host limit the site passes or comes close to."""
    found = []
    size = _against(
        site.bytes / GITHUB_PAGES_BYTES, f"ukuran {megabytes(site.bytes)}", "GitHub Pages (1 GB)"
    )
    if size:
        found.append((SITE, f"{size}. {_shrink_advice()}"))
    count = _against(
        site.files / CLOUDFLARE_FILES,
        f"{number(site.files)} berkas",
        "Cloudflare Pages gratis (20.000 berkas)",
    )
    if count:
        found.append((SITE, f"{count}. {_shrink_advice()}"))
    for large in site.large:
        found.append(
            (
                large.origin,
                f"berkas ini ({megabytes(large.size)}) melebihi batas Cloudflare Pages gratis "
                "(25 MiB per berkas). Unggah video ke YouTube, Facebook atau TikTok dan tulis "
                "alamatnya di `video:`, atau perkecil berkasnya.",
            )
        )
    return found


def _against(share: float, what: str, limit: str) -> str | None:
    """`what` passes or nears a limit: the start of the message, or None."""
    if share > 1:
        return f"{what} melebihi batas {limit}"
    if share >= NEAR:
        return f"{what} sudah {number(share * 100)}% dari batas {limit}"
    return None


def _shrink_advice() -> str:
    """How to make the site smaller."""
    return (
        "Kurangi video di folder kegiatan (unggah ke platform video), matikan "
        "`extra.harmoni.foto.terbitkan_asli`, atau kurangi ukuran di `extra.harmoni.foto`."
    )
