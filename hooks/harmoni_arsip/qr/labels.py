"""Label sheets: where each label sits on an A4 page, and how large a QR module prints on it.

All lengths are millimetres. The defaults fit the common 3 × 8 sheet of 70 × 36 mm labels
(e.g. Avery 3475): no side margin, no gaps, 4.5 mm at the top and bottom.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from ..formats import number
from .typography import A4, MM_PER_INCH

MODULE_MIN_MM = 0.762
"""The smallest printed module (9 dots at 300 dpi) that both decoders read in every trial of
`scripts/ketahanan_qr.py` from 10 cm: smaller is refused. At 8 dots OpenCV misses some."""
DPI = 300
"""Print resolution of PNG stickers and PDF sheets (modules are whole dots at it); text is
measured at it too."""
GRID_LIMIT = 30
"""More columns or rows than this is surely a typing error."""
_GRID = re.compile(r"\s*(\d+)\s*[x×X*]\s*(\d+)\s*")


@dataclass(frozen=True)
class Sheet:
    """A sheet of equal labels in a grid."""

    columns: int
    rows: int
    margin_top: float = 4.5
    """Blank space above the first row and below the last one."""
    margin_side: float = 0.0
    """Blank space left of the first column and right of the last one."""
    gap_column: float = 0.0
    """Space between two columns."""
    gap_row: float = 0.0
    """Space between two rows."""
    page: tuple[float, float] = A4

    @property
    def per_page(self) -> int:
        """How many labels one page holds."""
        return self.columns * self.rows

    @property
    def label_width(self) -> float:
        used = 2 * self.margin_side + (self.columns - 1) * self.gap_column
        return (self.page[0] - used) / self.columns

    @property
    def label_height(self) -> float:
        used = 2 * self.margin_top + (self.rows - 1) * self.gap_row
        return (self.page[1] - used) / self.rows

    def position(self, index: int) -> tuple[float, float]:
        """Top-left corner of label `index` on its page, filling row by row."""
        row, column = divmod(index % self.per_page, self.columns)
        x = self.margin_side + column * (self.label_width + self.gap_column)
        y = self.margin_top + row * (self.label_height + self.gap_row)
        return x, y


def parse_grid(text: str) -> tuple[int, int]:
    """`3x8` → (3, 8): columns by rows; raises ValueError with a message for staff."""
    match = _GRID.fullmatch(text)
    columns, rows = (int(match[1]), int(match[2])) if match else (0, 0)
    if not (1 <= columns <= GRID_LIMIT and 1 <= rows <= GRID_LIMIT):
        raise ValueError(
            f"`{text}` bukan susunan label yang valid. Tulis kolom x baris, mis. `3x8` "
            f"(masing-masing 1 sampai {GRID_LIMIT})."
        )
    return columns, rows


def sheet_problem(sheet: Sheet) -> str | None:
    """Why the margins and gaps leave no room for labels, or None when they fit the page."""
    if min(sheet.margin_top, sheet.margin_side, sheet.gap_column, sheet.gap_row) < 0:
        return "tepi dan jarak tidak boleh negatif."
    if sheet.label_width < 10 or sheet.label_height < 10:
        return (
            f"label hanya {mm(sheet.label_width)} × {mm(sheet.label_height)} mm: tepi dan jarak "
            "terlalu besar untuk susunan ini. Kurangi kolom/baris, tepi atau jarak."
        )
    return None


def module_size(qr_side: float, modules: int) -> float:
    """Printed size of one module: whole dots at `DPI` that fit `modules` in the QR side
    (quiet zone included)."""
    return module_dots(qr_side, modules, DPI) * MM_PER_INCH / DPI


def smallest_side(modules: int) -> float:
    """The smallest QR side (mm, quiet zone included, rounded up to 0,1 mm) whose modules are
    at least `MODULE_MIN_MM`."""
    dots = math.ceil(round(MODULE_MIN_MM * DPI / MM_PER_INCH, 3))
    return math.ceil(dots * modules * MM_PER_INCH / DPI * 10) / 10


def module_dots(qr_side: float, modules: int, dpi: int) -> int:
    """Whole printer dots per module that fit in `qr_side` mm: every module prints alike."""
    return max(1, int(qr_side * dpi / MM_PER_INCH // modules))


def mm(value: float) -> str:
    """A length for staff, Indonesian style: `0.8` → `0,80`."""
    return number(value, 2)
