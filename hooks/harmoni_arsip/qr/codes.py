"""Make QR codes as PNG (screens) and SVG (print) with the `qrcode` library.

What a code holds: the page's permanent address with its scheme and host in upper case, so they
go in the compact alphanumeric mode (5.5 bits a character instead of 8), and its path exactly as
it is, in byte mode (a path is case-sensitive; scheme and host are not, by the URL standard, so
a phone opens `HTTPS://A.ID/x/` as `https://a.id/x/`). Runs of the path that the alphanumeric or
numeric mode can hold go in them where that is shorter. For this archive's 49-character
addresses that is a version-3 symbol (29 modules) instead of version 4 (33).

How much error correction, and how much quiet zone, depends on the use (`Encoding`), chosen by
measurement with `scripts/ketahanan_qr.py`; the symbol is always the smallest version that holds
the address at that level, and within that version the highest level that still fits.

The version and level are chosen by counting bits (`best_fit`), the mask pattern by `masks`
(the pattern `qrcode` would choose, without drawing the symbol eight times), and each symbol is
made once: the made symbols of the last few (address, level) pairs are kept, so a code's PNG,
SVG and poster share one.
"""

from __future__ import annotations

import functools
import io
import itertools
from dataclasses import dataclass
from typing import Literal, cast
from urllib.parse import urlsplit, urlunsplit

import qrcode
import qrcode.constants
import qrcode.util
from PIL import Image

from . import masks

QR_VERSION = "3"
"""Bump when the output changes, so cached codes are made again."""
PNG_MODULE_PIXELS = 10
SYMBOLS_KEPT = 64
"""Made symbols kept for reuse: the uses of one address (PNG, SVG, poster) come together."""

LEVELS = {
    "L": qrcode.constants.ERROR_CORRECT_L,
    "M": qrcode.constants.ERROR_CORRECT_M,
    "Q": qrcode.constants.ERROR_CORRECT_Q,
    "H": qrcode.constants.ERROR_CORRECT_H,
}
"""Error-correction levels, weakest first: they restore about 7, 15, 25 and 30 % of a code."""
_NAMES = {value: name for name, value in LEVELS.items()}


@dataclass(frozen=True)
class Encoding:
    """How an address becomes a QR symbol."""

    correction: str = "M"
    """The least error correction (`L`, `M`, `Q` or `H`); raised while the version stays."""
    mixed: bool = True
    """Scheme and host upper-cased in alphanumeric mode; False: the whole address as bytes."""
    quiet_zone: int = 4
    """White modules around the symbol (the standard asks for 4)."""
    boost: bool = True
    """Raise the correction as far as the smallest version allows."""


SCREEN = Encoding("M")
"""The page's QR code (PNG on screens, SVG to download): clean and lit from behind; M keeps
the symbol smallest, so its modules largest."""
STICKER = Encoding("H", quiet_zone=2)
"""Printed stickers, outdoors, scuffed and dirty: H reads through a blot over 15 % of the code
where M and Q fail. The quiet zone is 2 modules (the label adds 1.5 mm of white around it): the
modules grow by a tenth, and both decoders read it better than with 4 at the same label size."""
PRINT = Encoding("H")
"""A4 posters on notice boards in sun and rain, and the SVG staff download to print at a size
of their choosing: H and the standard quiet zone (nothing else around the code is known)."""
BYTES_M = Encoding("M", mixed=False, boost=False)
"""The codes made before version 2: the address as bytes, correction M (for comparison)."""

_ALNUM = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")
_MODES = (qrcode.util.MODE_NUMBER, qrcode.util.MODE_ALPHA_NUM, qrcode.util.MODE_8BIT_BYTE)
_SIXTHS = {qrcode.util.MODE_NUMBER: 20, qrcode.util.MODE_ALPHA_NUM: 33}
"""Cost of one character in sixths of a bit (numeric 10/3 bits, alphanumeric 11/2 bits)."""
_HEADER = {
    qrcode.util.MODE_NUMBER: 14,
    qrcode.util.MODE_ALPHA_NUM: 13,
    qrcode.util.MODE_8BIT_BYTE: 12,
}
"""Mode indicator plus character count, in bits, for versions 1 to 9."""


def payload(url: str, encoding: Encoding = STICKER) -> str:
    """The text the code holds: `url` with its scheme and host upper-cased (when `mixed`)."""
    if not encoding.mixed:
        return url
    parts = urlsplit(url)
    head = f"{parts.scheme}://{parts.netloc}".upper()
    if not set(head) <= _ALNUM:  # an internationalised host: nothing to gain
        return url
    return head + urlunsplit(("", "", parts.path, parts.query, parts.fragment))


def opened_address(text: str) -> str:
    """The address a phone opens for a decoded `text`: scheme and host in lower case, the rest
    as it is (the URL standard's comparison)."""
    parts = urlsplit(text)
    return urlunsplit(
        (parts.scheme.lower(), parts.netloc.lower(), parts.path, parts.query, parts.fragment)
    )


_Mode = Literal[1, 2, 4]
"""A segment mode as the `qrcode` library types it: numeric, alphanumeric, byte."""


def segments(text: str) -> list[tuple[bytes, int]]:
    """`text` cut into (bytes, mode) segments of the fewest bits in total."""
    return list(_segments(text))


@functools.lru_cache(maxsize=SYMBOLS_KEPT)
def _segments(text: str) -> tuple[tuple[bytes, int], ...]:
    """`segments`, worked out once per text: each symbol of an address tries several versions
    and correction levels, all with the same segments."""
    data = text.encode("utf-8")
    if len(data) != len(text):  # non-ASCII: one byte segment, UTF-8 as before
        return ((data, qrcode.util.MODE_8BIT_BYTE),)
    modes = _cheapest_modes(text)
    runs: list[tuple[bytes, int]] = []
    for char, mode in zip(text, modes):
        if runs and runs[-1][1] == mode:
            runs[-1] = (runs[-1][0] + char.encode(), mode)
        else:
            runs.append((char.encode(), mode))
    return tuple(runs)


def _allowed(char: str) -> tuple[int, ...]:
    """The modes that can hold `char`."""
    if char.isdigit():
        return _MODES
    if char in _ALNUM:
        return _MODES[1:]
    return _MODES[2:]


def _cheapest_modes(text: str) -> list[int]:
    """The mode of each character that makes the whole text shortest (dynamic programming over
    characters: each step either continues the previous segment or starts a new one)."""
    infinity = 10**9
    cost = {mode: 0 for mode in _MODES}
    back: list[dict[int, int]] = []
    for char in text:
        step: dict[int, int] = {}
        new_cost: dict[int, int] = {}
        for mode in _MODES:
            if mode not in _allowed(char):
                new_cost[mode], step[mode] = infinity, mode
                continue
            start = min(_MODES, key=lambda m: cost[m])
            stay = cost[mode] if back else infinity
            fresh = cost[start] + 6 * _HEADER[mode]
            new_cost[mode], step[mode] = (stay, mode) if stay <= fresh else (fresh, start)
            new_cost[mode] += _SIXTHS.get(mode, 48)
        back.append(step)
        cost = new_cost
    mode = min(_MODES, key=lambda m: cost[m])
    modes = []
    for step in reversed(back):
        modes.append(mode)
        mode = step[mode]
    return modes[::-1]


def _fitted(text: str, level: str, quiet_zone: int) -> qrcode.QRCode:
    """The smallest symbol holding `text` at correction `level`, its version chosen by
    counting bits; not made yet (no modules)."""
    code = qrcode.QRCode(
        version=None, error_correction=LEVELS[level], border=quiet_zone,
        box_size=PNG_MODULE_PIXELS,
    )  # fmt: skip
    for data, mode in _segments(text):
        segment = qrcode.util.QRData(data, mode=cast(_Mode, mode), check_data=False)
        code.add_data(segment, optimize=0)
    code.best_fit()
    return code


def _chosen(text: str, encoding: Encoding) -> qrcode.QRCode:
    """The symbol for `text`, not made yet: smallest version at the least correction, then the
    most correction that version holds."""
    code = _fitted(text, encoding.correction, encoding.quiet_zone)
    if not encoding.boost:
        return code
    levels = list(LEVELS)
    for level in reversed(levels[levels.index(encoding.correction) + 1 :]):
        stronger = _fitted(text, level, encoding.quiet_zone)
        if stronger.version == code.version:
            return stronger
    return code


@functools.lru_cache(maxsize=SYMBOLS_KEPT)
def _code(url: str, encoding: Encoding) -> qrcode.QRCode:
    """The made QR symbol for `url` (shared: never changed after it is made)."""
    text = payload(url, encoding)
    level = _NAMES[_chosen(text, encoding).error_correction]
    return _made(text, level, encoding.quiet_zone)


@functools.lru_cache(maxsize=SYMBOLS_KEPT)
def _made(text: str, level: str, quiet_zone: int) -> qrcode.QRCode:
    """The symbol holding `text` at `level`, made once for every encoding that chose it."""
    code = _fitted(text, level, quiet_zone)
    code.mask_pattern = masks.best(code)
    code.make(fit=False)
    return code


def version(url: str, encoding: Encoding = STICKER) -> tuple[int, str]:
    """The symbol version and error-correction level used for `url` (nothing is made)."""
    code = _chosen(payload(url, encoding), encoding)
    return code.version, _NAMES[code.error_correction]


def side(url: str, encoding: Encoding = SCREEN) -> int:
    """Modules across the symbol for `url`, quiet zone included (nothing is made)."""
    return 4 * version(url, encoding)[0] + 17 + 2 * encoding.quiet_zone


def matrix(url: str, encoding: Encoding = STICKER) -> list[list[bool]]:
    """The QR symbol for `url` as rows of modules (True = dark), quiet zone included."""
    return _code(url, encoding).get_matrix()


def png_pixels(url: str, encoding: Encoding = SCREEN) -> int:
    """Width (= height) of the PNG `png` makes for `url`, known without making it."""
    return side(url, encoding) * PNG_MODULE_PIXELS


def png(url: str, encoding: Encoding = SCREEN) -> bytes:
    """A black-on-white PNG of the QR code for `url`, `PNG_MODULE_PIXELS` pixels a module (the
    symbol as a one-bit image, enlarged without blending)."""
    rows = matrix(url, encoding)
    side = len(rows)
    grey = bytes(0 if dark else 255 for row in rows for dark in row)
    modules = Image.frombytes("L", (side, side), grey).convert("1")
    image = modules.resize((side * PNG_MODULE_PIXELS,) * 2, Image.Resampling.NEAREST)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def svg(url: str, encoding: Encoding = PRINT) -> bytes:
    """A single-path SVG of the QR code for `url` on white, one millimetre a module, scalable to
    any print size: each row's run of dark modules is one rectangle of the path."""
    rows = matrix(url, encoding)
    path = []
    for y, row in enumerate(rows):
        x = 0
        for dark, run in itertools.groupby(row):
            width = sum(1 for _ in run)
            if dark:
                path.append(f"M{x},{y}h{width}v1h-{width}z")
            x += width
    side = len(rows)
    return (
        "<?xml version='1.0' encoding='UTF-8'?>\n"
        f'<svg width="{side}mm" height="{side}mm" version="1.1" viewBox="0 0 {side} {side}" '
        'xmlns="http://www.w3.org/2000/svg"><rect fill="white" x="0" y="0" width="100%" '
        f'height="100%"/><path d="{"".join(path)}" fill="#000000" stroke="none"/></svg>'
    ).encode("ascii")
