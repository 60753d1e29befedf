"""What the QR codes hold: every decoder returns text that opens exactly the permanent address
(scheme and host may come back in upper case, the path never changes), in a smaller symbol than
the plain byte encoding."""

from __future__ import annotations

import io
import os
import random

import cv2
import numpy as np
import pytest
import qrcode
import qrcode.util
import zxingcpp
from conftest import opened
from harmoni_arsip.qr import codes, masks
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

ADDRESSES = [
    "https://dpmd-bangka.github.io/harmoni/k/2024-001/",
    "https://arsip.example.id/Harmoni/Kec/k/2025-012/",  # a path that must keep its case
    "http://localhost:8000/k/2024-001/",
    "https://arsip.desa-sukamaju.id/k/2024-001/",
    "https://bücher.example/k/2024-001/",  # an internationalised host: left as it is
]
ENCODINGS = {
    "layar": codes.SCREEN,
    "stiker": codes.STICKER,
    "cetak": codes.PRINT,
    "byte-m": codes.BYTES_M,
}


def image_of(matrix: list[list[bool]], module: int = 6) -> np.ndarray:
    """A clean grey image of a module matrix."""
    cells = np.kron(np.array(matrix, dtype=np.uint8), np.ones((module, module), np.uint8))
    return (255 - 255 * cells).astype(np.uint8)


def zxing_texts(image) -> list[str]:
    return [code.text for code in zxingcpp.read_barcodes(image)]


def opencv_texts(image: np.ndarray) -> list[str]:
    padded = cv2.copyMakeBorder(image, 24, 24, 24, 24, cv2.BORDER_CONSTANT, value=255)
    text, _points, _straight = cv2.QRCodeDetector().detectAndDecode(padded)
    return [text] if text else []


@pytest.mark.parametrize("url", ADDRESSES)
@pytest.mark.parametrize("use", ENCODINGS)
def test_both_decoders_return_text_that_opens_exactly_the_address(url, use):
    image = image_of(codes.matrix(url, ENCODINGS[use]))
    for texts in (zxing_texts(image), opencv_texts(image)):
        assert [opened(text) for text in texts] == [url]
        # Only scheme and host may change case; the path comes back byte for byte.
        assert texts[0].split("/", 3)[3] == url.split("/", 3)[3]


def test_scheme_and_host_travel_in_upper_case_for_a_smaller_symbol():
    url = ADDRESSES[0]
    assert codes.payload(url) == "HTTPS://DPMD-BANGKA.GITHUB.IO/harmoni/k/2024-001/"
    assert codes.opened_address(codes.payload(url)) == url
    assert codes.version(url, codes.BYTES_M) == (4, "M")
    assert codes.version(url, codes.SCREEN) == (3, "M")
    assert codes.version(url, codes.STICKER) == (5, "H")
    assert len(codes.matrix(url, codes.SCREEN)) == 29 + 2 * 4
    assert len(codes.matrix(url, codes.STICKER)) == 37 + 2 * 2


def test_the_path_keeps_its_case_and_an_unusual_host_is_left_alone():
    assert codes.payload(ADDRESSES[1]) == "HTTPS://ARSIP.EXAMPLE.ID/Harmoni/Kec/k/2025-012/"
    assert codes.payload(ADDRESSES[4]) == ADDRESSES[4]
    assert codes.payload(ADDRESSES[0], codes.BYTES_M) == ADDRESSES[0]


def test_segments_are_the_cheapest_cut():
    text = "HTTPS://DPMD-BANGKA.GITHUB.IO/harmoni/k/2024-001/"
    cut = codes.segments(text)
    assert b"".join(data for data, _ in cut).decode() == text
    modes = [mode for _, mode in cut]
    assert modes == [2, 4, 2]  # alphanumeric, byte, alphanumeric
    assert [data for data, _ in cut] == [b"HTTPS://DPMD-BANGKA.GITHUB.IO/", b"harmoni/k",
                                         b"/2024-001/"]  # fmt: skip
    assert codes.segments("123456789012") == [(b"123456789012", 1)]  # numeric
    assert codes.segments("ü/x") == [("ü/x".encode(), 4)]


def test_error_correction_is_raised_while_the_version_stays():
    url = "https://a.id/"  # 89 bits: version 1 holds them at L, M and Q (104 bits), not H (72)
    assert codes.version(url, codes.Encoding("L", boost=False)) == (1, "L")
    assert codes.version(url, codes.Encoding("L")) == (1, "Q")


def symbols_made_both_ways(text: bytes, version: int, level: str) -> tuple[list, list]:
    """The modules `qrcode` makes for `text` choosing the mask itself, and with `masks`' mask."""
    made = []
    for choose in (False, True):
        code = qrcode.QRCode(version=version, error_correction=codes.LEVELS[level])
        code.add_data(qrcode.util.QRData(text, mode=qrcode.util.MODE_8BIT_BYTE))
        if choose:
            code.mask_pattern = masks.best(code)
        code.make(fit=False)
        made.append(code.modules)
    return made[0], made[1]


@pytest.mark.parametrize("version", [1, 2, 3, 4, 5, 6, 7, 10, 14, 27, 40])
@pytest.mark.parametrize("level", list(codes.LEVELS))
def test_the_mask_is_the_one_qrcode_chooses(version, level):
    """Every version's layout (alignment patterns from 2, version blocks from 7), every level,
    data filling most of the symbol or a little of it (the rest padding)."""
    capacity = qrcode.util.BIT_LIMIT_TABLE[codes.LEVELS[level]][version] // 8 - 3
    rng = random.Random(f"{version}{level}")
    for length in (capacity, capacity // 3):
        text = bytes(rng.randrange(256) for _ in range(length))
        by_qrcode, by_masks = symbols_made_both_ways(text, version, level)
        assert by_masks == by_qrcode


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.binary(min_size=1, max_size=120), st.sampled_from(list(codes.LEVELS)))
def test_the_mask_is_the_one_qrcode_chooses_for_any_short_text(text, level):
    code = qrcode.QRCode(error_correction=codes.LEVELS[level])
    code.add_data(qrcode.util.QRData(text, mode=qrcode.util.MODE_8BIT_BYTE))
    by_qrcode, by_masks = symbols_made_both_ways(text, code.best_fit(), level)
    assert by_masks == by_qrcode


def test_page_png_and_svg_decode_to_the_address():
    import resvg_py

    url = ADDRESSES[0]
    png = Image.open(io.BytesIO(codes.png(url)))
    assert [opened(t) for t in zxing_texts(png)] == [url]
    svg = codes.svg(url).decode()
    rendered = Image.open(io.BytesIO(bytes(resvg_py.svg_to_bytes(svg_string=svg, dpi=300))))
    assert [opened(t) for t in zxing_texts(rendered.convert("L"))] == [url]


def test_the_page_gives_the_size_of_the_cached_png_without_choosing_the_symbol(tmp_path):
    from harmoni_arsip.media.cache import MediaCache
    from harmoni_arsip.qr.store import CodeFiles

    url = ADDRESSES[1]
    assert CodeFiles(MediaCache(tmp_path, tmp_path)).pixels(url) == codes.png_pixels(url)
    cache = MediaCache(tmp_path, tmp_path)
    path = CodeFiles(cache).qr(url, "png")
    os.makedirs(os.path.dirname(path))
    cache.write(path, codes.png(url))
    assert CodeFiles(MediaCache(tmp_path, tmp_path)).pixels(url) == Image.open(path).width
    assert Image.open(path).width == codes.png_pixels(url)
    odd = io.BytesIO()  # the header is what counts: the size of the file the page shows
    Image.new("1", (123, 123)).save(odd, format="PNG")
    cache.write(path, odd.getvalue())
    assert CodeFiles(MediaCache(tmp_path, tmp_path)).pixels(url) == 123
    cache.write(path, b"not a PNG")
    assert CodeFiles(MediaCache(tmp_path, tmp_path)).pixels(url) == codes.png_pixels(url)
