"""A printable A4 poster for a desa or kecamatan notice board: the office, the place's name, a
large QR code to its page with the address in text, and its latest activities.

Pure Pillow, drawn in millimetres at `DPI`; knows nothing of MkDocs. The PNG holds the
poster's own few colours (`PALETTE`: each ink, its anti-aliased blends with the paper it is drawn
on, the QR code's black), so no palette has to be searched for.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, ImageColor, ImageDraw, ImageFont

from ..sourcedate import pdf_date
from .pdf_page import pdf_page
from .typography import A4, ellipsize, font, pixels, printed_url, wrap_words

POSTER_VERSION = "4"
"""Bump when the drawing changes, so cached posters are made again."""
DPI = 200
MARGIN = 16.0
BAND = 38.0
"""Height of the coloured band with the office name."""
QR_SIDE = 95.0
"""The QR code, quiet zone included: scannable from a few metres away."""
MAX_ACTIVITIES = 6
INK, GREY, ACCENT, WHITE, RULE = "#1b1b1b", "#4d4d4d", "#00695c", "#ffffff", "#c8c8c8"
BLENDS = 16
"""Shades from each ink to the paper, for the anti-aliased edges of letters."""
PNG_COMPRESSION = 3
"""zlib level of the PNG: about 75 KB in 10 ms; level 9 makes it 55 KB in 130 ms, for a file
staff download now and then to print."""


@dataclass(frozen=True)
class PosterText:
    """What a poster says, already formatted for citizens."""

    office: str
    site_name: str
    place: str
    """`Desa Baturusa` or `Kecamatan Merawang`."""
    region: str
    """The line under the place, e.g. `Kecamatan Merawang`; may be empty."""
    url: str
    """The page the QR code opens."""
    activities: tuple[tuple[str, str], ...]
    """(date, title) of the latest activities, newest first."""
    created: int | None = None
    """The PDF's date in seconds since 1970 (UTC), from `sourcedate.timestamp` (never the
    clock); None leaves the date out. Part of the cache key like everything else here."""

    @property
    def short_url(self) -> str:
        """The address as printed: without `https://`."""
        return printed_url(self.url)


class _Canvas:
    """An A4 page being drawn, with text helpers in millimetres."""

    def __init__(self, dpi: int) -> None:
        self.dpi = dpi
        self.image = Image.new("RGB", (pixels(A4[0], dpi), pixels(A4[1], dpi)), WHITE)
        self.draw = ImageDraw.Draw(self.image)

    def font(self, size: float, bold: bool) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
        return font(bold, pixels(size, self.dpi))

    def width(self, text: str, size: float, bold: bool) -> float:
        """Width of `text` in millimetres."""
        return self.font(size, bold).getlength(text) * 25.4 / self.dpi

    def text(self, x: float, y: float, text: str, size: float, bold: bool, colour: str,
             anchor: str = "la") -> None:  # fmt: skip
        """Draw `text` with its top-left (or `anchor`) at (x, y) mm."""
        position = (pixels(x, self.dpi), pixels(y, self.dpi))
        self.draw.text(position, text, fill=colour, font=self.font(size, bold), anchor=anchor)


def poster_image(text: PosterText, matrix: list[list[bool]], dpi: int = DPI) -> Image.Image:
    """The whole poster as an RGB image."""
    canvas = _Canvas(dpi)
    _band(canvas, text)
    y = _heading(canvas, text, BAND + 14)
    y = _qr(canvas, text, matrix, y + 6)
    _activities(canvas, text, y + 10)
    return canvas.image


def _band(canvas: _Canvas, text: PosterText) -> None:
    """The office name (up to two lines) and the site name on a teal band."""
    canvas.draw.rectangle((0, 0, canvas.image.width, pixels(BAND, canvas.dpi)), fill=ACCENT)
    room = A4[0] - 2 * MARGIN
    lines = wrap_words(text.office, lambda s: canvas.width(s, 7, True) <= room, 2)
    y = 8 if len(lines) == 2 else 12
    for line in lines:
        canvas.text(MARGIN, y, line, 7, True, WHITE)
        y += 9
    canvas.text(MARGIN, y + 1, text.site_name, 5, False, WHITE)


def _heading(canvas: _Canvas, text: PosterText, y: float) -> float:
    """The place (large) and its region; returns the y below them."""
    room = A4[0] - 2 * MARGIN
    size = 16.0
    while size > 9 and canvas.width(text.place, size, True) > room:
        size -= 1
    place = ellipsize(text.place, lambda s: canvas.width(s, size, True) <= room)
    canvas.text(A4[0] / 2, y, place, size, True, INK, "mt")
    y += size * 1.25
    if text.region:
        canvas.text(A4[0] / 2, y, text.region, 7, False, GREY, "mt")
        y += 10
    return y


def _qr(canvas: _Canvas, text: PosterText, matrix: list[list[bool]], y: float) -> float:
    """The QR code, centred, with a call to scan and the address; returns the y below."""
    canvas.text(A4[0] / 2, y, "Pindai untuk melihat dokumentasi kegiatan", 5.5, True, ACCENT, "mt")
    y += 8
    side = pixels(QR_SIDE, canvas.dpi)
    module = side // len(matrix)
    symbol = _symbol(matrix, module)
    left = (canvas.image.width - symbol.width) // 2
    canvas.image.paste(symbol, (left, pixels(y, canvas.dpi)))
    y += symbol.height * 25.4 / canvas.dpi + 1
    room = A4[0] - 2 * MARGIN
    size = 5.0
    while size > 3 and canvas.width(text.short_url, size, True) > room:
        size -= 0.25
    canvas.text(A4[0] / 2, y, text.short_url, size, True, INK, "mt")
    return y + size * 1.3


def _symbol(matrix: list[list[bool]], module: int) -> Image.Image:
    """The QR modules scaled by a whole number of pixels (sharp edges, nothing resampled)."""
    rows = len(matrix)
    small = Image.new("1", (rows, rows), 1)
    small.putdata([0 if dark else 1 for row in matrix for dark in row])
    return small.resize((rows * module, rows * module), Image.Resampling.NEAREST).convert("RGB")


def _activities(canvas: _Canvas, text: PosterText, y: float) -> None:
    """The latest activities, one line each (date, then the title shortened to fit)."""
    canvas.draw.line(
        (pixels(MARGIN, canvas.dpi), pixels(y - 4, canvas.dpi), pixels(A4[0] - MARGIN, canvas.dpi),
         pixels(y - 4, canvas.dpi)), fill=RULE, width=max(1, pixels(0.3, canvas.dpi)),
    )  # fmt: skip
    if not text.activities:
        canvas.text(MARGIN, y, "Belum ada kegiatan yang didokumentasikan.", 5, False, GREY)
        return
    canvas.text(MARGIN, y, "Kegiatan terbaru", 6, True, INK)
    y += 10
    room = A4[0] - 2 * MARGIN
    for date, title in text.activities[:MAX_ACTIVITIES]:
        canvas.text(MARGIN, y, date, 3.8, False, GREY)
        line = ellipsize(title, lambda s: canvas.width(s, 4.6, True) <= room)
        canvas.text(MARGIN, y + 5, line, 4.6, True, INK)
        y += 11.5


def _palette() -> Image.Image:
    """A palette image of every colour the poster is drawn in: white letters on the band are
    blends of the same two colours as teal letters on white."""
    colours: list[tuple[int, ...]] = [ImageColor.getrgb(WHITE), (0, 0, 0), ImageColor.getrgb(RULE)]
    for ink in (INK, GREY, ACCENT):
        rgb = ImageColor.getrgb(ink)
        colours += [tuple(round(c + (255 - c) * step / BLENDS) for c in rgb[:3])
                    for step in range(BLENDS)]  # fmt: skip
    palette = Image.new("P", (1, 1))
    palette.putpalette([channel for colour in colours for channel in colour[:3]])
    return palette


PALETTE = _palette()


def render(text: PosterText, matrix: list[list[bool]], dpi: int = DPI) -> dict[str, bytes]:
    """The poster drawn once, as a PNG of its own colours (its DPI recorded) and a one-page A4
    PDF showing that PNG, losslessly (`pdf_page.py`)."""
    image = poster_image(text, matrix, dpi)
    as_png = io.BytesIO()
    image.quantize(palette=PALETTE, dither=Image.Dither.NONE).save(
        as_png, format="PNG", compress_level=PNG_COMPRESSION, dpi=(dpi, dpi)
    )
    png = as_png.getvalue()
    created = pdf_date(text.created)
    pdf = pdf_page(png, dpi, f"Poster {text.place}", "HARMONI Arsip", created)
    return {"png": png, "pdf": pdf}
