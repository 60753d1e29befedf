"""The projected size of the published site against the limits of static hosts."""

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
class SiteEstimate:
    """What the published site will weigh."""

    bytes: int
    files: int
    large: tuple[PublishedFile, ...]
    """Files over the per-file limit of Cloudflare Pages."""
    search_files: int = 0
    """Of `files`, those of the search bundle (Pagefind's: an estimate, it splits its index as
    it sees fit)."""

    def summary(self) -> str:
        """One line for staff: the projected size and file count, and the limits."""
        return (
            f"Perkiraan situs: {megabytes(self.bytes)} dalam {number(self.files)} berkas "
            f"({LIMITS})."
        )


def estimate(
    files: list[PublishedFile], pages: int, search: tuple[int, int] = (0, 0)
) -> SiteEstimate:
    """The site's size: the files as they are plus an estimate for each page and for the search
    bundle (`search`: its files and bytes)."""
    total = sum(f.size for f in files) + pages * PAGE_BYTES + search[1]
    large = tuple(f for f in files if f.size > CLOUDFLARE_FILE_BYTES)
    return SiteEstimate(total, len(files) + pages + search[0], large, search[0])


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
