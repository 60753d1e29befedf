"""The office logo on stickers: embedded as is in SVG stickers, as pixels in PNG and PDF ones.

Pillow cannot read SVG and cairo is not available, so an SVG logo is rasterised with `resvg_py`
(a small wheel); when that is missing or fails, raster stickers go without the logo.
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, UnidentifiedImageError

RASTER_PIXELS = 512
"""Rasterise an SVG logo this large once; stickers scale it down."""
_MIME = {".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg",
         ".jpeg": "image/jpeg", ".webp": "image/webp", ".gif": "image/gif"}  # fmt: skip


@dataclass(frozen=True)
class Logo:
    """A logo ready for both kinds of sticker."""

    data_uri: str
    """The original file as a `data:` URI, for `<image href>` in SVG."""
    raster: Image.Image | None
    """RGBA pixels for PNG and PDF, or None when the logo could not be rasterised."""
    aspect: float
    """Width over height."""


def load_logo(path: Path) -> Logo:
    """Read a logo file; raises ValueError (message for staff) when it is not an image."""
    mime = _MIME.get(path.suffix.lower())
    if mime is None or not path.is_file():
        raise ValueError(f"{path.name} bukan berkas gambar SVG, PNG, JPEG, WebP atau GIF.")
    data = path.read_bytes()
    raster = rasterise_svg(data) if mime == "image/svg+xml" else _open_raster(data, path)
    aspect = raster.width / raster.height if raster else _svg_aspect(data)
    uri = f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
    return Logo(uri, raster, aspect)


def _open_raster(data: bytes, path: Path) -> Image.Image:
    """A raster logo as RGBA pixels."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            return image.convert("RGBA")
    except (UnidentifiedImageError, OSError) as err:
        raise ValueError(f"{path.name} tidak dapat dibaca sebagai gambar ({err}).") from err


def rasterise_svg(data: bytes) -> Image.Image | None:
    """An SVG as RGBA pixels (longest side `RASTER_PIXELS`), or None without a rasteriser."""
    try:
        import resvg_py
    except ImportError:
        return None
    aspect = _svg_aspect(data)
    size = (RASTER_PIXELS, round(RASTER_PIXELS / aspect)) if aspect >= 1 else (
        round(RASTER_PIXELS * aspect), RASTER_PIXELS)  # fmt: skip
    try:
        png = resvg_py.svg_to_bytes(
            svg_string=data.decode("utf-8"), width=size[0], height=size[1], dpi=96
        )
        with Image.open(io.BytesIO(bytes(png))) as image:
            return image.convert("RGBA")
    except (ValueError, UnicodeDecodeError, OSError, UnidentifiedImageError):
        return None


def _svg_aspect(data: bytes) -> float:
    """Width over height of an SVG, from its viewBox (1 when unknown)."""
    text = data[:2000].decode("utf-8", "ignore")
    start = text.find("viewBox=")
    if start < 0:
        return 1.0
    quote = text[start + 8]
    numbers = text[start + 9 : text.find(quote, start + 9)].replace(",", " ").split()
    try:
        width, height = float(numbers[2]), float(numbers[3])
    except (IndexError, ValueError):
        return 1.0
    return width / height if width > 0 and height > 0 else 1.0
