"""The mask pattern `qrcode` would choose for a symbol, found without drawing it eight times.

`qrcode` chooses a symbol's mask by drawing the whole symbol with each of the eight patterns and
scoring each drawing module by module in pure Python (`qrcode.util.lost_point`): most of the CPU
time of making a code. The same score is computed here on whole symbols at once: a symbol is one
integer (bit `row * side + column` is the module, 1 = dark), so each of the score's rules is a
handful of shifts, ANDs and bit counts. The modules that do not depend on the mask are laid out
once per version and the data bits once per symbol; a pattern is an XOR.

The score is `qrcode`'s own, rule for rule (including its quirks: the format modules are light
while scoring, the finder-like rule sees no quiet zone), so the chosen pattern, and the symbol
`qrcode` then makes with it, are the same as `qrcode`'s choice; tests compare the two on many
addresses, versions and levels.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import qrcode
import qrcode.util

PATTERNS = range(8)
FINDER_LIKE = ((1, 0, 1, 1, 1, 0, 1, 0, 0, 0, 0), (0, 0, 0, 0, 1, 0, 1, 1, 1, 0, 1))
"""Dark-light-dark in 1:1:3:1:1 with four light modules after or before: 40 points each."""


def best(code: qrcode.QRCode) -> int:
    """The mask pattern `code.make()` would choose (its version and data already set). The data
    codewords are kept in `code.data_cache`, where `make` looks for them."""
    layout = _layout(code.version)
    if code.data_cache is None:
        code.data_cache = qrcode.util.create_data(
            code.version, code.error_correction, code.data_list
        )
    placed = _placed(layout, code.data_cache)
    scores = [
        _score(layout.fixed | (placed ^ layout.masks[pattern]), layout.geometry)
        for pattern in PATTERNS
    ]
    return scores.index(min(scores))


@dataclass(frozen=True)
class _Geometry:
    """A symbol's size, and where the score's windows fit in it."""

    side: int
    full: int
    """Every module."""
    across: tuple[int, int]
    """Modules with one more module (a pair), and with ten more, to their right in the row."""
    down: tuple[int, int]
    """Modules with one more module, and with ten more, below them in the column."""


@dataclass(frozen=True)
class _Layout:
    """What every symbol of one version shares."""

    geometry: _Geometry
    fixed: int
    """The modules that are not data, as `qrcode` draws them while scoring."""
    order: tuple[int, ...]
    """Bit of each data module, in the order the data fills them."""
    masks: tuple[int, ...]
    """By pattern: the data modules that pattern darkens (XORs)."""


@functools.cache
def _layout(version: int) -> _Layout:
    """The fixed modules, data order and masks of `version`, from `qrcode`'s own drawing."""
    code = qrcode.QRCode(version=version)
    side = code.modules_count = 4 * version + 17
    code.modules = [[None] * side for _ in range(side)]
    code.setup_position_probe_pattern(0, 0)
    code.setup_position_probe_pattern(side - 7, 0)
    code.setup_position_probe_pattern(0, side - 7)
    code.setup_position_adjust_pattern()
    code.setup_timing_pattern()
    code.setup_type_info(True, 0)
    if version >= 7:
        code.setup_type_number(True)
    fixed = sum(1 << (r * side + c) for r, row in enumerate(code.modules)
                for c, dark in enumerate(row) if dark)  # fmt: skip
    cells = _data_cells(code.modules)
    masks = []
    for pattern in PATTERNS:
        darkens = qrcode.util.mask_func(pattern)
        masks.append(sum(1 << (r * side + c) for r, c in cells if darkens(r, c)))
    order = tuple(r * side + c for r, c in cells)
    return _Layout(_geometry(side), fixed, order, tuple(masks))


def _data_cells(modules: list[list[bool | None]]) -> list[tuple[int, int]]:
    """The free modules in the order `qrcode`'s `map_data` fills them: two-module columns from
    the right, up and down in turn, the vertical timing column skipped."""
    side = len(modules)
    cells = []
    upward = True
    for right in range(side - 1, 0, -2):
        if right <= 6:
            right -= 1
        rows = range(side - 1, -1, -1) if upward else range(side)
        cells += [(r, c) for r in rows for c in (right, right - 1) if modules[r][c] is None]
        upward = not upward
    return cells


def _geometry(side: int) -> _Geometry:
    def starts(length: int, across: bool) -> int:
        return sum(1 << (r * side + c) for r in range(side) for c in range(side)
                   if (c if across else r) + length <= side)  # fmt: skip

    return _Geometry(
        side, (1 << side * side) - 1, (starts(2, True), starts(11, True)),
        (starts(2, False), starts(11, False)),
    )  # fmt: skip


def _placed(layout: _Layout, data: list[int]) -> int:
    """The data bits in their modules, unmasked (modules past the data stay light)."""
    bits = "".join(f"{byte:08b}" for byte in data)
    return sum(1 << at for at, bit in zip(layout.order, bits) if bit == "1")


def _score(symbol: int, geometry: _Geometry) -> int:
    """`qrcode.util.lost_point` of `symbol`."""
    side = geometry.side
    light = geometry.full ^ symbol
    score = 0
    for step, (pairs, elevens) in ((1, geometry.across), (side, geometry.down)):
        same = ~(symbol ^ (symbol >> step)) & pairs
        # Runs of five or more alike: `length - 2` points each, that is one per window of five
        # inside the run plus two per run (a run's first window has no window just before it).
        fives = same & (same >> step) & (same >> 2 * step) & (same >> 3 * step)
        score += fives.bit_count() + 2 * (fives & ~(fives << step)).bit_count()
        for pattern in FINDER_LIKE:
            found = elevens
            for offset, dark in enumerate(pattern):
                found &= (symbol if dark else light) >> offset * step
            score += 40 * found.bit_count()
    across = ~(symbol ^ (symbol >> 1)) & geometry.across[0]
    down = ~(symbol ^ (symbol >> side)) & geometry.down[0]
    score += 3 * (across & (across >> side) & down).bit_count()
    percent = float(symbol.bit_count()) / side**2
    return score + int(abs(percent * 100 - 50) / 5) * 10
