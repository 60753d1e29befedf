"""Make QR codes as PNG (screens) and SVG (print) with the `qrcode` library.

Error correction M survives a scuffed or partly dirty sticker while keeping the symbol small; the
version is the smallest that holds the URL; the quiet zone is the standard four modules.
"""

from __future__ import annotations

import io

import qrcode
import qrcode.constants
from qrcode.image.pil import PilImage
from qrcode.image.svg import SvgPathFillImage

QR_VERSION = "1"
"""Bump when the output changes, so cached codes are made again."""
ERROR_CORRECTION = qrcode.constants.ERROR_CORRECT_M
QUIET_ZONE = 4
PNG_MODULE_PIXELS = 10


def _code(url: str) -> qrcode.QRCode:
    """The smallest QR symbol for `url` at the chosen error correction."""
    code = qrcode.QRCode(
        version=None, error_correction=ERROR_CORRECTION, border=QUIET_ZONE,
        box_size=PNG_MODULE_PIXELS,
    )  # fmt: skip
    code.add_data(url, optimize=0)
    code.make(fit=True)
    return code


def matrix(url: str) -> list[list[bool]]:
    """The QR symbol for `url` as rows of modules (True = dark), quiet zone included."""
    return _code(url).get_matrix()


def png_pixels(data: bytes) -> int:
    """Width (= height) of a PNG made by `png`, read from its header without decoding it."""
    return int.from_bytes(data[16:20], "big")


def png(url: str) -> bytes:
    """A black-on-white PNG of the QR code for `url`."""
    buffer = io.BytesIO()
    _code(url).make_image(image_factory=PilImage).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def svg(url: str) -> bytes:
    """A single-path SVG of the QR code for `url` on white, scalable to any print size."""
    buffer = io.BytesIO()
    _code(url).make_image(image_factory=SvgPathFillImage).save(buffer)
    return buffer.getvalue()
