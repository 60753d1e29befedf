"""QR codes and posters kept in the derived-media cache, keyed by what they show: a build where
no address or poster text changed draws nothing."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict

from ..media.cache import MediaCache
from . import codes, posters

QR_KINDS = ("png", "svg")
"""PNG for screens, SVG for print."""
POSTER_KINDS = ("png", "pdf")


def cached_qr(cache: MediaCache, url: str, kind: str) -> str:
    """The cached QR image (`png` or `svg`) for `url`, made on first use."""
    key = hashlib.sha256(url.encode()).hexdigest()
    path = cache.path_for(key, f"qr{codes.QR_VERSION}", "." + kind)
    if not cache.has(path):
        cache.write(path, codes.png(url) if kind == "png" else codes.svg(url))
    return path


def qr_pixels(cache: MediaCache, url: str) -> int:
    """The width (= height) of the QR PNG of `url`, known without making it."""
    return codes.png_pixels(url)


def cached_posters(cache: MediaCache, text: posters.PosterText) -> dict[str, str]:
    """The poster's PNG and PDF from the cache, drawn (once, for both) when either is missing."""
    key = hashlib.sha256(json.dumps(asdict(text), sort_keys=True).encode()).hexdigest()
    settings = f"poster{posters.POSTER_VERSION}-{posters.DPI}-qr{codes.QR_VERSION}"
    paths = {kind: cache.path_for(key, settings, "." + kind) for kind in POSTER_KINDS}
    if not all(cache.has(path) for path in paths.values()):
        for kind, data in posters.render(text, codes.matrix(text.url, codes.PRINT)).items():
            cache.write(paths[kind], data)
    return paths
