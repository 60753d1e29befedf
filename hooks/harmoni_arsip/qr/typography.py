"""Type shared by stickers and posters: the font, the ellipsis, the address as printed."""

from __future__ import annotations

import functools
import re

from PIL import ImageFont

FONT_FILES = {False: "DejaVuSans.ttf", True: "DejaVuSans-Bold.ttf"}
ELLIPSIS = "\u2026"


@functools.lru_cache(maxsize=256)
def font(bold: bool, pixel_size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """DejaVu Sans where installed, else Pillow's own scalable font."""
    try:
        return ImageFont.truetype(FONT_FILES[bold], pixel_size)
    except OSError:
        return ImageFont.load_default(size=pixel_size)


def printed_url(url: str) -> str:
    """The address without `https://`, as printed beside a QR code."""
    return re.sub(r"^[a-z]+://", "", url)
