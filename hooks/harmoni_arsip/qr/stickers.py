"""One printable sticker per activity: QR code, title, date, id, short address, office logo and
name.

`layout` places everything in millimetres; `png` and `svg` draw that same layout, so a sticker
looks alike on screen, on paper and on the PDF sheet. Pure Pillow; knows nothing of MkDocs.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from PIL import Image, ImageDraw

from .labels import DPI, module_dots, smallest_side
from .logo import Logo
from .typography import MM_PER_INCH, ellipsize, font, pixels, printed_url, wrap

QR_EDGE = 0.6
"""Between the label's edge and the QR code's quiet zone (which adds its own white): small, so
the code on a 36 mm label gets 10 printer dots a module instead of 9 (scripts/ketahanan_qr.py:
OpenCV reads the larger modules more often, damaged ones too)."""
QR_WIDTH_SHARE = 0.55
"""On a wide label the QR code takes at most this share of the width; the text the rest."""
PADDING = 4.0
"""Between the label's edge and any text: printers and cutters are not exact."""
TEXT_GAP = 0.6
"""Between the QR code's quiet zone and the text."""
QR_MAX = 50.0
"""A larger QR code does not scan better; the rest of the label goes to the text."""
TITLE_MAX_LINES = 4
BODY_MIN, BODY_MAX = 1.7, 3.0
"""Font size (mm) of the small text: 1.7 mm is about 5 pt, small but legible in print."""
BODY_FLOOR = 1.2
"""Only on the most cramped labels does the small text shrink below `BODY_MIN`, to this."""
LINE_HEIGHT = 1.18
"""Line pitch over font size (DejaVu Sans: ascent 0.93, descent 0.24 of the size)."""
ASCENT = 0.93
INK, GREY, ACCENT = "#1b1b1b", "#474747", "#00695c"
FONT_FAMILY = "'DejaVu Sans', Verdana, Arial, sans-serif"


@dataclass(frozen=True)
class StickerText:
    """What a sticker says, already formatted for staff and citizens."""

    office: str
    title: str
    date: str
    entry_id: str
    url: str
    """The permanent address the QR code holds."""

    @property
    def short_url(self) -> str:
        """The address as printed: without `https://`."""
        return printed_url(self.url)


@dataclass(frozen=True)
class Box:
    """A rectangle in millimetres from the label's top-left corner."""

    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Line:
    """One line of text: `x` is its left edge, `baseline` its baseline (mm)."""

    text: str
    x: float
    baseline: float
    size: float
    """Font size (em) in millimetres."""
    bold: bool
    colour: str
    width: float


@dataclass(frozen=True)
class Layout:
    """Where everything on one sticker goes."""

    width: float
    height: float
    qr: Box
    logo: Box | None
    lines: tuple[Line, ...]
    office: bool
    """Whether the office name (and logo) found room."""


@dataclass(frozen=True)
class _Block:
    """Consecutive lines of one style, and the space after them."""

    lines: list[str]
    size: float
    bold: bool
    colour: str
    gap_after: float
    logo: float | None = None
    """The aspect of the logo drawn before these lines (the office name), if any."""
    office: bool = False
    """Whether these lines are the office name."""


# -- measuring text -----------------------------------------------------------------------------


def text_width(text: str, size: float, bold: bool) -> float:
    """Width in millimetres of `text` at font size `size` (mm)."""
    pixel_size = max(1, pixels(size, DPI))
    return font(bold, pixel_size).getlength(text) * MM_PER_INCH / DPI


def _url_tokens(url: str) -> list[str]:
    """`a.id/harmoni/k/1/` → `a.id/`, `harmoni/`, `k/1/`: an address breaks after a slash, but
    its last two parts (the activity's own path) stay together."""
    tokens = re.findall(r"[^/]*/|[^/]+", url)
    return tokens[:-2] + ["".join(tokens[-2:])] if len(tokens) > 2 else tokens


# -- layout -------------------------------------------------------------------------------------


def smallest_label(modules: int) -> tuple[float, float, float]:
    """The QR side, and the width and height of the smallest wide label, whose modules are at
    least `labels.MODULE_MIN_MM`."""
    side = smallest_side(modules)
    width = math.ceil(side / QR_WIDTH_SHARE * 10) / 10
    return side, width, math.ceil((side + 2 * QR_EDGE) * 10) / 10


def qr_side(width: float, height: float) -> float:
    """Side of the QR code (quiet zone included) on a label of this size."""
    return _frame(width, height)[0].width


def _frame(width: float, height: float) -> tuple[Box, Box, bool]:
    """The QR square, the text area, and whether they sit side by side (wide labels)."""
    if width >= height * 1.25:
        side = min(height - 2 * QR_EDGE, width * QR_WIDTH_SHARE, QR_MAX)
        qr = Box(QR_EDGE, (height - side) / 2, side, side)
        left = qr.x + side + TEXT_GAP
        return qr, Box(left, PADDING, width - left - PADDING, height - 2 * PADDING), True
    side = min(width - 2 * QR_EDGE, height * 0.6, QR_MAX)
    qr = Box((width - side) / 2, QR_EDGE, side, side)
    top = qr.y + side + TEXT_GAP
    return qr, Box(PADDING, top, width - 2 * PADDING, height - top - PADDING), False


def layout(
    width: float, height: float, text: StickerText, logo_aspect: float | None, office: bool = True
) -> Layout:
    """Place the QR code, logo and text on a `width` × `height` mm label. Small text has one size
    per label size (stickers on a sheet look alike); the title is as large as fits in at most
    four lines. On a cramped label the office name goes first, then the title is shortened with
    an ellipsis, then the small text shrinks: nothing is ever cut off. `office=False` leaves the
    office name and logo out (for a sheet where some stickers have no room for them)."""
    qr, area, beside = _frame(width, height)
    blocks = _fit(text, area, logo_aspect, office)
    if not beside:  # the QR code and the text below it, centred as one group
        shift = max(0.0, (height - qr.width - TEXT_GAP - _height(blocks)) / 2 - qr.y)
        qr = Box(qr.x, qr.y + shift, qr.width, qr.width)
        area = Box(area.x, area.y + shift, area.width, _height(blocks))
    return _place(width, height, qr, area, blocks, centred=not beside)


def _fit(text: StickerText, area: Box, logo_aspect: float | None, office: bool) -> list[_Block]:
    """The largest text that fits in `area`, trying the options in order of preference."""
    body = min(max(area.height * 0.068, BODY_MIN), BODY_MAX)
    for office in (True, False) if office else (False,):
        title = min(body * 2.0, 5.5)
        while title >= body * 1.15:
            blocks = _compose(text, title, body, area.width, logo_aspect if office else False)
            if blocks and _fits(blocks, area):
                return blocks
            title *= 0.95
    while True:
        blocks = _shorten(text, body * 1.15, body, area, last=body <= BODY_FLOOR)
        if blocks and (body <= BODY_FLOOR or _fits(blocks, area)):
            return blocks
        body = max(BODY_FLOOR, body * 0.93)


def _fits(blocks: list[_Block], area: Box) -> bool:
    """True when the blocks fit the area, the title in at most four lines."""
    return len(blocks[-3].lines) <= TITLE_MAX_LINES and _height(blocks) <= area.height


def _compose(text, title, body, width, logo, cut=False) -> list[_Block] | None:
    """The text blocks at these font sizes (mm), wrapped to `width`, with the office name (and
    the logo, of aspect `logo`) unless `logo` is False. None when the office name needs more than
    two lines, or a part of the address does not fit a line (unless `cut`)."""

    def fits(size: float, bold: bool, room: float = width) -> Callable[[str], bool]:
        return lambda line: text_width(line, size, bold) <= room

    meta = [f"{text.date} \u00b7 ID {text.entry_id}"]
    if not fits(body, False)(meta[0]):
        meta = [text.date, f"ID {text.entry_id}"]
    tokens = _url_tokens(text.short_url)
    if not cut and not all(fits(body, False)(token) for token in tokens):
        return None
    address = wrap(tokens, "", fits(body, False))
    blocks = [
        _Block(wrap(text.title.split(" "), " ", fits(title, True)), title, True, INK, body * 0.55),
        _Block(meta, body, False, GREY, body * 0.2),
        _Block(address, body, False, ACCENT, 0),
    ]
    if logo is False:
        return blocks
    room = width - (_logo_side(body) * logo + body * 0.5 if logo else 0)
    office = wrap(text.office.split(" "), " ", fits(body, True, room))
    if len(office) > 2 or not all(fits(body, True, room)(line) for line in office):
        return None
    return [_Block(office, body, True, ACCENT, body * 0.8, logo, office=True), *blocks]


def _logo_side(body: float) -> float:
    """Height of the logo beside the office name."""
    return body * 2.3


def _block_height(block: _Block) -> float:
    """Height of a block's lines (the office name is at least as tall as the logo)."""
    lines = len(block.lines) * block.size * LINE_HEIGHT
    return max(lines, _logo_side(block.size)) if block.logo else lines


def _height(blocks: list[_Block]) -> float:
    """Total height of the text, gaps included."""
    return sum(_block_height(b) + b.gap_after for b in blocks) - blocks[-1].gap_after


def _shorten(text, title: float, body: float, area: Box, last: bool) -> list[_Block] | None:
    """Without the office name, the title cut short with an ellipsis to leave room for the
    date, id and address (the `last` try may also cut the address mid-word)."""
    blocks = _compose(text, title, body, area.width, False, cut=last)
    if blocks is None:
        return None
    pitch = title * LINE_HEIGHT
    spare = area.height - _height(blocks) + len(blocks[0].lines) * pitch
    keep = max(1, min(TITLE_MAX_LINES, int(spare // pitch)))
    lines = blocks[0].lines
    if keep < len(lines):
        fits = lambda line: text_width(line, title, True) <= area.width  # noqa: E731
        lines = lines[: keep - 1] + [ellipsize(" ".join(lines[keep - 1 :]), fits)]
        blocks[0] = _Block(lines, title, True, INK, blocks[0].gap_after)
    return blocks


def _place(width, height, qr, area, blocks: list[_Block], centred: bool) -> Layout:
    """Turn blocks into positioned lines, the text block centred vertically in its area."""
    top = area.y + max(0.0, (area.height - _height(blocks)) / 2)
    lines: list[Line] = []
    logo = None
    for block in blocks:
        widths = [text_width(t, block.size, block.bold) for t in block.lines]
        lefts = [area.x + ((area.width - w) / 2 if centred else 0) for w in widths]
        first_top = top + (_block_height(block) - len(block.lines) * block.size * LINE_HEIGHT) / 2
        if block.logo:
            logo_top = top + (_block_height(block) - _logo_side(block.size)) / 2
            logo, left = _office_logo(block, block.logo, area, logo_top, max(widths), centred)
            lefts = [left] * len(widths)
        for number, (words, left, line_width) in enumerate(zip(block.lines, lefts, widths)):
            baseline = first_top + block.size * (number * LINE_HEIGHT + _BASELINE)
            lines.append(Line(words, left, baseline, block.size, block.bold, block.colour,
                              line_width))  # fmt: skip
        top += _block_height(block) + block.gap_after
    return Layout(width, height, qr, logo, tuple(lines), any(b.office for b in blocks))


_BASELINE = ASCENT + (LINE_HEIGHT - 1.164) / 2
"""Baseline below the top of a line box, over the font size (glyphs centred in the box)."""


def _office_logo(block: _Block, aspect: float, area: Box, top: float, widest: float, centred: bool):
    """The logo's box (`aspect` = its width over its height) and the left edge of the office
    name beside it."""
    side = _logo_side(block.size)
    logo_width, gap = side * aspect, block.size * 0.5
    left = area.x + ((area.width - logo_width - gap - widest) / 2 if centred else 0)
    return Box(left, top, logo_width, side), left + logo_width + gap


# -- drawing ------------------------------------------------------------------------------------


def png_image(plan: Layout, matrix: list[list[bool]], logo: Logo | None, dpi: int = DPI):
    """The sticker as an RGB image at `dpi`."""
    image = Image.new("RGB", (pixels(plan.width, dpi), pixels(plan.height, dpi)), "white")
    draw = ImageDraw.Draw(image)
    _draw_qr(draw, matrix, plan.qr, dpi)
    if plan.logo and logo and logo.raster:
        _paste_logo(image, logo.raster, plan.logo, dpi)
    for line in plan.lines:
        position = (line.x * dpi / MM_PER_INCH, line.baseline * dpi / MM_PER_INCH)
        face = font(line.bold, max(1, pixels(line.size, dpi)))
        draw.text(position, line.text, font=face, fill=line.colour, anchor="ls")
    return image


def png(plan: Layout, matrix: list[list[bool]], logo: Logo | None, dpi: int = DPI) -> bytes:
    """The sticker as PNG bytes."""
    return encode_png(png_image(plan, matrix, logo, dpi), dpi)


def encode_png(image: Image.Image, dpi: int = DPI) -> bytes:
    """PNG bytes tagged with the print resolution, so editors open it at its real size."""
    buffer = io.BytesIO()
    image.save(buffer, "PNG", dpi=(dpi, dpi), optimize=True)
    return buffer.getvalue()


def _draw_qr(draw: ImageDraw.ImageDraw, matrix: list[list[bool]], box: Box, dpi: int) -> None:
    """Dark modules as black rectangles, each module a whole number of printer dots (all alike,
    none blurred), the symbol centred in its box."""
    dots = module_dots(box.width, len(matrix), dpi)
    scale = dpi / MM_PER_INCH
    left = round(box.x * scale + (box.width * scale - dots * len(matrix)) / 2)
    top = round(box.y * scale + (box.width * scale - dots * len(matrix)) / 2)
    for row, start, end in _runs(matrix):
        draw.rectangle(
            (left + start * dots, top + row * dots, left + end * dots - 1,
             top + (row + 1) * dots - 1),
            fill="black",
        )  # fmt: skip


def _runs(matrix: list[list[bool]]) -> list[tuple[int, int, int]]:
    """Horizontal runs of dark modules as (row, first column, column after the last)."""
    runs = []
    for row, cells in enumerate(matrix):
        column = 0
        while column < len(cells):
            if cells[column]:
                end = column
                while end < len(cells) and cells[end]:
                    end += 1
                runs.append((row, column, end))
                column = end
            column += 1
    return runs


def _paste_logo(image: Image.Image, raster: Image.Image, box: Box, dpi: int) -> None:
    """The logo scaled into its box, over white."""
    size = (max(1, pixels(box.width, dpi)), max(1, pixels(box.height, dpi)))
    scaled = raster.resize(size, Image.Resampling.LANCZOS)
    image.paste(scaled, (pixels(box.x, dpi), pixels(box.y, dpi)), scaled)


def svg(plan: Layout, matrix: list[list[bool]], logo: Logo | None) -> bytes:
    """The sticker as SVG in millimetres; text keeps its measured width in any font."""
    parts = [
        '<svg xmlns="http://www.w3.org/2000/svg" '
        f'width="{_n(plan.width)}mm" height="{_n(plan.height)}mm" '
        f'viewBox="0 0 {_n(plan.width)} {_n(plan.height)}">',
        f'<rect width="{_n(plan.width)}" height="{_n(plan.height)}" fill="#fff"/>',
        _svg_qr(matrix, plan.qr),
    ]
    if plan.logo and logo:
        box = plan.logo
        parts.append(
            f'<image href="{logo.data_uri}" x="{_n(box.x)}" y="{_n(box.y)}" '
            f'width="{_n(box.width)}" height="{_n(box.height)}" '
            'preserveAspectRatio="xMidYMid meet"/>'
        )
    parts += [_svg_text(line) for line in plan.lines]
    parts.append("</svg>\n")
    return "\n".join(parts).encode("utf-8")


def _svg_qr(matrix: list[list[bool]], box: Box) -> str:
    """The dark modules as one path in module units, scaled onto the QR box: the modules as
    large as on the PNG (whole 300 dpi dots), centred in the box."""
    path = "".join(f"M{start} {row}h{end - start}v1h{start - end}z" for row, start, end in
                   _runs(matrix))  # fmt: skip
    scale = module_dots(box.width, len(matrix), DPI) * MM_PER_INCH / DPI
    inset = (box.width - scale * len(matrix)) / 2
    return (
        f'<path transform="translate({_n(box.x + inset)} {_n(box.y + inset)}) '
        f'scale({scale:.5f})" '
        f'shape-rendering="crispEdges" fill="#000" d="{path}"/>'
    )


def _svg_text(line: Line) -> str:
    """One line of escaped text at its measured width."""
    weight = ' font-weight="bold"' if line.bold else ""
    return (
        f'<text x="{_n(line.x)}" y="{_n(line.baseline)}" font-size="{_n(line.size)}"{weight} '
        f'font-family={quoteattr(FONT_FAMILY)} fill="{line.colour}" '
        f'textLength="{_n(line.width)}" lengthAdjust="spacingAndGlyphs">{escape(line.text)}</text>'
    )


def _n(value: float) -> str:
    """A compact number for SVG."""
    return f"{value:.3f}".rstrip("0").rstrip(".")
