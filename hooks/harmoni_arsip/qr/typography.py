"""What stickers and posters share on paper: millimetres to printer pixels, the A4 page, the
font, lines wrapped and shortened with an ellipsis, and the address as printed."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from PIL import ImageFont

from .. import inputs

FONT_FILES = {False: "DejaVuSans.ttf", True: "DejaVuSans-Bold.ttf"}
ELLIPSIS = "\u2026"
MM_PER_INCH = 25.4
A4 = (210.0, 297.0)
"""Width and height of an A4 page, in millimetres."""


def pixels(length: float, dpi: int) -> int:
    """A length in millimetres as whole printer pixels at `dpi`."""
    return round(length * dpi / MM_PER_INCH)


def font(bold: bool, pixel_size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """DejaVu Sans where installed, else Pillow's own scalable font (`note_fonts`)."""
    note_fonts()
    return _font(bold, pixel_size)


def note_fonts() -> None:
    """Note the font files as inputs of the plan: posters and stickers are drawn with them,
    in this process or in another one (`workers.py`), whose notes do not reach the plan."""
    for bold in (False, True):
        inputs.note(font_file(bold) or f"pillow:{FONT_FILES[bold]}")


@functools.lru_cache(maxsize=2)
def font_file(bold: bool) -> str | None:
    """Where the font is installed (Pillow's own search of the font folders, done once), or
    None."""
    try:
        face = ImageFont.truetype(FONT_FILES[bold], 10)
    except OSError:
        return None
    return str(face.path)


@functools.lru_cache(maxsize=256)
def _font(bold: bool, pixel_size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    path = font_file(bold)
    if path is None:
        return ImageFont.load_default(size=pixel_size)
    return ImageFont.truetype(path, pixel_size)


def printed_url(url: str) -> str:
    """The address without `https://`, as printed beside a QR code."""
    return re.sub(r"^[a-z]+://", "", url)


def wrap(tokens: list[str], joiner: str, fits: Callable[[str], bool]) -> list[str]:
    """Greedy line filling; a token too long for a line on its own is cut where it must be."""
    lines: list[str] = []
    for token in tokens:
        candidate = lines[-1] + joiner + token if lines else token
        if lines and fits(candidate):
            lines[-1] = candidate
        else:
            lines += _cut(token, fits)
    return lines


def wrap_words(text: str, fits: Callable[[str], bool], max_lines: int) -> list[str]:
    """The words of `text` in at most `max_lines` lines that fit, the last one shortened."""
    lines = wrap(text.split(), " ", fits)
    if len(lines) > max_lines:
        lines = lines[: max_lines - 1] + [ellipsize(" ".join(lines[max_lines - 1 :]), fits)]
    return lines


def _cut(token: str, fits: Callable[[str], bool]) -> list[str]:
    """A single token split into pieces that each fit."""
    pieces = [""]
    for char in token:
        if pieces[-1] and not fits(pieces[-1] + char):
            pieces.append("")
        pieces[-1] += char
    return pieces


def ellipsize(text: str, fits: Callable[[str], bool]) -> str:
    """`text` as it is where it fits; else shortened at a word where possible, with an
    ellipsis."""
    if fits(text):
        return text
    words = text.split(" ")
    while len(words) > 1 and not fits(" ".join(words) + ELLIPSIS):
        words.pop()
    shortened = " ".join(words)
    while shortened and not fits(shortened + ELLIPSIS):
        shortened = shortened[:-1]
    return shortened.rstrip(" ,.;:-") + ELLIPSIS
