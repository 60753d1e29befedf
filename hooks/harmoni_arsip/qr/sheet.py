"""A4 sheets of stickers as one PDF: each page a 300 dpi image, stickers on the label grid.

Pillow writes the PDF (JPEG at quality 95 without chroma subsampling: crisp edges, small files);
the page size in the PDF is exactly A4, so printing at 100 % puts every sticker on its label.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from PIL import Image, ImageDraw

from ..atomic import atomic_path
from ..sourcedate import pdf_date
from .labels import DPI, Sheet
from .typography import pixels

OUTLINE = "#b0b0b0"


def pages(
    stickers: Iterable[Image.Image], sheet: Sheet, outlines: bool = False
) -> Iterator[Image.Image]:
    """The stickers placed on as many A4 pages as they need, one page at a time; optional thin
    label outlines (for a test print on plain paper)."""
    page, index = None, 0
    for sticker in stickers:
        page = page or _blank_page(sheet)
        _place(page, sticker, sheet, index, outlines)
        index = (index + 1) % sheet.per_page
        if index == 0:
            yield page
            page = None
    if page is not None:
        yield page


def _blank_page(sheet: Sheet) -> Image.Image:
    """A white A4 page at the print resolution."""
    return Image.new("RGB", (pixels(sheet.page[0], DPI), pixels(sheet.page[1], DPI)), "white")


def _place(page: Image.Image, sticker: Image.Image, sheet: Sheet, index: int, outline: bool):
    """One sticker on label `index` of the page."""
    x, y = (pixels(value, DPI) for value in sheet.position(index))
    page.paste(sticker, (x, y))
    if outline:
        right, bottom = x + sticker.width - 1, y + sticker.height - 1
        ImageDraw.Draw(page).rectangle((x, y, right, bottom), outline=OUTLINE, width=2)


def save_pdf(
    pages: Iterable[Image.Image], path: Path, title: str, created: int | None = None
) -> int:
    """All pages in one PDF at `DPI`, appended one by one (memory holds one page), written
    under a temporary name then moved into place; returns the page count. The PDF is dated
    `created` (seconds since 1970, UTC; None: undated), never by the clock."""
    date = pdf_date(created)
    count = 0
    with atomic_path(path) as partial:
        for count, page in enumerate(pages, start=1):
            page.save(
                partial, "PDF", append=count > 1, resolution=DPI, quality=95, subsampling=0,
                title=title, producer="HARMONI Arsip", creationDate=date, modDate=date,
            )  # fmt: skip
    return count
