"""How robust are the archive's QR codes? Render every kind of code the archive makes, simulate a
print and a phone's capture, damage some, and decode with two independent decoders.

Run from the repository root with the project's interpreter (needs opencv-python-headless):

    .venv/bin/python scripts/ketahanan_qr.py                # 40 trials per case
    .venv/bin/python scripts/ketahanan_qr.py --percobaan 10   # a quicker look
    .venv/bin/python scripts/ketahanan_qr.py --ringkas      # only the table for docs/stiker.md

Kinds of code: the activity page's QR PNG as shown on a screen (CSS 12rem), a sticker on each
label sheet `docs/stiker.md` offers (drawn by the sticker code at 300 dpi), and the A4 desa/
kecamatan poster (drawn by the poster code at 200 dpi).

Print: blur of a fraction of a printer dot, grey ink on off-white paper. Capture: a phone
camera frame 1280 px across a 65° field of view (an old phone's scanner preview) at a given
distance; rotation up to 8°, perspective tilt, defocus, uneven light, sensor noise and JPEG.
Damage: an opaque elliptical blot (mud, or a scrape down to the paper) covering 15 % of the
symbol's area, anywhere except over the three finder patterns (a code whose finder pattern is
gone cannot be found by any decoder, whatever its error correction). Each trial draws its
parameters from a seeded generator: the same options give the same table.

Decoders: zxing-cpp (z) and OpenCV's `QRCodeDetector` (cv); OpenCV's ArUco-based detector is
shown beside them for reference. Both OpenCV detectors miss a few percent of plainly sharp
captures at random, whatever the encoding: they, not zxing, set the limits below.

A trial counts for a decoder only when it returns text that opens exactly the page's permanent
address (scheme and host compared case-insensitively, as the URL standard says; the path as it
is). The exit status is always 0; the goals are printed with OK / TIDAK TERCAPAI.
"""

from __future__ import annotations

import argparse
import math
import re
import sys
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import cv2
import numpy as np
import zxingcpp
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from harmoni_arsip.qr import codes, labels, posters, stickers  # noqa: E402

FRAME_PIXELS = 1280
"""Width of the camera frame a scanner app analyses."""
FIELD_OF_VIEW = 65.0
"""Horizontal field of view of a phone's main camera, degrees."""
DAMAGE = 0.15
"""Share of the symbol's area (quiet zone excluded) that the damage covers."""
SCREEN_CSS_PIXELS = 192
"""The page shows its QR PNG 12rem wide (harmoni.css)."""
SCREEN_DPI = 96

SHEETS = {
    "3x8 (70 × 36)": labels.Sheet(3, 8, 4.5),
    "L7160 (63,5 × 38,1)": labels.Sheet(3, 7, 15.15, 7.25, 2.5),
    "L7163 (99,1 × 38,1)": labels.Sheet(2, 7, 15.15, 4.65, 2.5),
    "3427 (105 × 74)": labels.Sheet(2, 4, 0.5),
}
"""The label sheets docs/stiker.md offers; the first is `harmoni stiker`'s default."""
DEFAULT_SHEET = "3x8 (70 × 36)"


@dataclass(frozen=True)
class Printed:
    """A rendered code: a grey image, its resolution, and the symbol's box in pixels."""

    image: np.ndarray
    dpi: float
    symbol: tuple[int, int, int, int]
    """Left, top, right, bottom of the dark modules' extent (quiet zone excluded)."""
    modules: int
    """Modules across the symbol, quiet zone excluded."""
    printed: bool = True
    """False for a screen (no ink, no paper)."""

    @property
    def module_mm(self) -> float:
        """Size of one module on paper or screen."""
        left, _, right, _ = self.symbol
        return (right - left) / self.modules * 25.4 / self.dpi


# -- rendering the archive's codes --------------------------------------------------------------


def site_url() -> str:
    """The demo's `site_url` from mkdocs.yml."""
    match = re.search(r"^site_url:\s*(\S+)", (ROOT / "mkdocs.yml").read_text("utf-8"), re.M)
    return match[1] if match else "https://example.org/"


def _gray(image: Image.Image) -> np.ndarray:
    return np.asarray(image.convert("L"), dtype=np.uint8)


def _symbol_box(gray: np.ndarray) -> tuple[int, int, int, int]:
    """The extent of pure-black pixels: the QR modules (text and bands are never pure black)."""
    ys, xs = np.nonzero(gray == 0)
    return int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1


def _printed(image: Image.Image, dpi: float, matrix: list[list[bool]], quiet: int, **kw) -> Printed:
    gray = _gray(image)
    return Printed(gray, dpi, _symbol_box(gray), len(matrix) - 2 * quiet, **kw)


def render_screen(url: str, encoding: codes.Encoding) -> Printed:
    """The page's QR PNG as the browser shows it: 12rem wide, pixelated scaling."""
    png = Image.open(__import__("io").BytesIO(codes.png(url, encoding)))
    shown = png.convert("L").resize((SCREEN_CSS_PIXELS,) * 2, Image.Resampling.NEAREST)
    matrix = codes.matrix(url, encoding)
    return _printed(shown, SCREEN_DPI, matrix, encoding.quiet_zone, printed=False)


def render_sticker(
    url: str, encoding: codes.Encoding, sheet: labels.Sheet, whole_dots: bool = True
) -> Printed:
    """One sticker of `sheet` as `harmoni stiker` draws it at 300 dpi (without logo)."""
    text = stickers.StickerText(
        office="DPMD Kabupaten Bangka", title="Peluncuran Platform HARMONI di Kecamatan Merawang",
        date="25 Juni 2024", entry_id=url.rstrip("/").rsplit("/", 1)[-1], url=url,
    )  # fmt: skip
    plan = stickers.layout(sheet.label_width, sheet.label_height, text, None)
    matrix = codes.matrix(url, encoding)
    image = stickers.png_image(plan, matrix, None)
    if not whole_dots:
        image = _fractional_qr(image, plan.qr, matrix)
    return _printed(image, stickers.DPI, matrix, encoding.quiet_zone)


def _fractional_qr(image: Image.Image, box: stickers.Box, matrix) -> Image.Image:
    """The same sticker with the QR box filled exactly, modules on fractional dots (as before)."""
    scale = stickers.DPI / 25.4
    step = box.width * scale / len(matrix)
    left, top = box.x * scale, box.y * scale
    pixels = np.asarray(image).copy()
    span = (slice(round(top), round(top + box.width * scale)),
            slice(round(left), round(left + box.width * scale)))  # fmt: skip
    pixels[span] = 255
    for row, start, end in stickers._runs(matrix):
        pixels[round(top + row * step) : round(top + (row + 1) * step),
               round(left + start * step) : round(left + end * step)] = 0  # fmt: skip
    return Image.fromarray(pixels)


def render_poster(url: str, encoding: codes.Encoding) -> Printed:
    """A desa poster at 200 dpi, cropped to its QR code with 15 mm around it."""
    text = posters.PosterText(
        office="Dinas Pemberdayaan Masyarakat dan Desa Kabupaten Bangka",
        site_name="Arsip HARMONI", place="Desa Baturusa", region="Kecamatan Merawang", url=url,
        activities=(("25 Juni 2024", "Peluncuran Platform HARMONI"),),
    )  # fmt: skip
    matrix = codes.matrix(url, encoding)
    gray = _gray(posters.poster_image(text, matrix))
    left, top, right, bottom = _symbol_box(gray)
    margin = round(15 * posters.DPI / 25.4)
    crop = gray[max(0, top - margin) : bottom + margin, max(0, left - margin) : right + margin]
    return Printed(np.ascontiguousarray(crop), posters.DPI, _symbol_box(crop),
                   len(matrix) - 2 * encoding.quiet_zone)  # fmt: skip


# -- print, damage, capture ---------------------------------------------------------------------


def print_on_paper(printed: Printed, rng: np.random.Generator) -> np.ndarray:
    """Ink spread by a fraction of a dot, grey ink on off-white paper (float image, 0–255)."""
    image: np.ndarray = printed.image.astype(np.float32)
    if not printed.printed:
        return image * (230 - 25) / 255 + 25  # a screen: no true black or white
    image = np.asarray(cv2.GaussianBlur(image, (0, 0), rng.uniform(0.4, 0.9)))
    ink, paper = rng.uniform(15, 45), rng.uniform(222, 250)
    return image * (paper - ink) / 255 + ink


def damage(image: np.ndarray, printed: Printed, rng: np.random.Generator) -> np.ndarray:
    """An opaque elliptical blot over `DAMAGE` of the symbol, clear of the finder patterns."""
    left, top, right, bottom = printed.symbol
    side = right - left
    module = side / printed.modules
    area = DAMAGE * side * side
    finders = [(left, top), (right - 8 * module, top), (left, bottom - 8 * module)]
    for _ in range(1000):
        aspect = rng.uniform(0.5, 2.0)
        a = math.sqrt(area / math.pi * aspect)  # half-axes a (x) and b (y): pi*a*b = area
        b = area / (math.pi * a)
        cx, cy = rng.uniform(left + a, right - a), rng.uniform(top + b, bottom - b)
        if not any(_overlaps(cx, cy, a, b, fx, fy, 8 * module) for fx, fy in finders):
            break
    shade = rng.uniform(40, 90) if rng.random() < 0.5 else 248.0
    out = image.copy()
    cv2.ellipse(out, (round(cx), round(cy)), (round(a), round(b)), 0, 0, 360, shade, -1)
    return out


def _overlaps(cx, cy, a, b, fx, fy, size) -> bool:
    """Whether the ellipse's bounding box meets the square finder area at (fx, fy)."""
    return cx + a > fx and cx - a < fx + size and cy + b > fy and cy - b < fy + size


def pixels_per_mm(distance_cm: float) -> float:
    """Camera pixels per millimetre of the object at `distance_cm`."""
    width_mm = 2 * distance_cm * 10 * math.tan(math.radians(FIELD_OF_VIEW / 2))
    return FRAME_PIXELS / width_mm


def capture(image: np.ndarray, dpi: float, distance_cm: float, rng) -> np.ndarray:
    """What a phone at `distance_cm` sees: scaled, tilted, rotated, defocused, unevenly lit,
    noisy, JPEG-compressed (an 8-bit grey frame)."""
    scale = pixels_per_mm(distance_cm) * 25.4 / dpi
    small = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    height, width = small.shape
    pad = max(24, round(0.3 * max(height, width)))
    background = rng.uniform(80, 170)
    frame = cv2.copyMakeBorder(small, pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=background)
    frame = _tilt(frame, rng, background)
    frame = cv2.GaussianBlur(frame, (0, 0), rng.uniform(0.4, 1.1))
    frame = frame * _light(frame.shape, rng) + rng.normal(0, rng.uniform(2, 5), frame.shape)
    frame = np.clip(frame, 0, 255).astype(np.uint8)
    quality = int(rng.integers(55, 86))
    ok, jpeg = cv2.imencode(".jpg", frame, [cv2.IMWRITE_JPEG_QUALITY, quality])
    return np.asarray(cv2.imdecode(jpeg, cv2.IMREAD_GRAYSCALE))


def _tilt(frame: np.ndarray, rng, background: float) -> np.ndarray:
    """Rotation up to 8° and a perspective tilt (corners moved by up to 6 % of the code)."""
    height, width = frame.shape
    corners = np.array([[0, 0], [width, 0], [width, height], [0, height]], np.float32)
    angle = math.radians(rng.uniform(-8, 8))
    centre = np.array([width / 2, height / 2], np.float32)
    turn = np.array([[math.cos(angle), -math.sin(angle)], [math.sin(angle), math.cos(angle)]])
    moved = (corners - centre) @ turn.T + centre
    moved += rng.uniform(-0.06, 0.06, (4, 2)) * np.array([width, height]) * 0.6
    matrix = cv2.getPerspectiveTransform(corners, moved.astype(np.float32))
    return cv2.warpPerspective(frame, matrix, (width, height), flags=cv2.INTER_LINEAR,
                               borderMode=cv2.BORDER_CONSTANT, borderValue=background)  # fmt: skip


def _light(shape, rng) -> np.ndarray:
    """A linear fall of light across the frame, from 45–75 % to full, in a random direction."""
    height, width = shape
    direction = rng.uniform(0, 2 * math.pi)
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
    along = xs / width * math.cos(direction) + ys / height * math.sin(direction)
    along = (along - along.min()) / max(1e-6, float(along.max() - along.min()))
    low = rng.uniform(0.45, 0.75)
    return low + (1 - low) * along


# -- decoding -----------------------------------------------------------------------------------


_OPENCV = cv2.QRCodeDetector()
_OPENCV_ARUCO = cv2.QRCodeDetectorAruco()


def decoded_by_zxing(frame: np.ndarray) -> list[str]:
    return [result.text for result in zxingcpp.read_barcodes(frame)]


def decoded_by_opencv(frame: np.ndarray, detector=_OPENCV) -> list[str]:
    text, _points, _straight = detector.detectAndDecode(frame)
    return [text] if text else []


def opens(texts: list[str], url: str) -> bool:
    """Whether a decoded text opens exactly `url`."""
    return any(codes.opened_address(text) == url for text in texts)


@dataclass(frozen=True)
class Result:
    """Shares of trials read by zxing-cpp, by OpenCV's `QRCodeDetector`, and, for reference, by
    OpenCV's ArUco-based detector."""

    zxing: float
    opencv: float
    aruco: float

    @property
    def both(self) -> bool:
        """The goal: both decoders read every trial."""
        return self.zxing == 1.0 and self.opencv == 1.0

    @property
    def brief(self) -> str:
        """`100/98`: zxing and OpenCV, percent."""
        return f"{self.zxing * 100:.0f}/{self.opencv * 100:.0f}"

    def __str__(self) -> str:
        return f"z {_pct(self.zxing)} · cv {_pct(self.opencv)} (aruco {_pct(self.aruco)})"


def _pct(share: float) -> str:
    return f"{share * 100:.0f} %"


def trials(
    printed: Printed, url: str, distance_cm: float, count: int, seed: int, case: str,
    damaged: bool = False,
) -> Result:  # fmt: skip
    """Success rates of the decoders over `count` seeded trials."""
    hits = [0, 0, 0]
    for trial in range(count):
        rng = np.random.default_rng([seed, zlib.crc32(case.encode()), trial])
        image = print_on_paper(printed, rng)
        if damaged:
            image = damage(image, printed, rng)
        frame = capture(image, printed.dpi, distance_cm, rng)
        hits[0] += opens(decoded_by_zxing(frame), url)
        hits[1] += opens(decoded_by_opencv(frame), url)
        hits[2] += opens(decoded_by_opencv(frame, _OPENCV_ARUCO), url)
    return Result(*(hit / count for hit in hits))


# -- the report ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Use:
    """A kind of code, how it is rendered, at which distance it must read."""

    name: str
    render: Callable[[codes.Encoding], Printed]
    encoding: codes.Encoding
    distance: int
    """Where the goal is measured (cm): the distance the guide tells citizens."""
    distances: tuple[int, ...]
    """Where the table shows it; includes `distance`."""


STICKER_DISTANCE = 10
"""The guide asks citizens to hold the phone about 10 cm from a sticker (the code then fills a
quarter of the camera's width; phones focus from 8–10 cm)."""


def _sticker_of(url: str, sheet: labels.Sheet, encoding: codes.Encoding) -> Printed:
    return render_sticker(url, encoding, sheet)


def uses(url: str, place_url: str) -> list[Use]:
    """Every kind of code the archive makes, with its chosen encoding."""
    near = (10, 15, 20, 25)
    found = [Use("halaman (layar)", lambda e: render_screen(url, e), codes.SCREEN, 30,
                 (20, 30, 40, 50))]  # fmt: skip
    for name, sheet in SHEETS.items():
        draw = partial(_sticker_of, url, sheet)
        found.append(Use(f"stiker {name}", draw, codes.STICKER, STICKER_DISTANCE, near))
    found.append(Use("poster A4", lambda e: render_poster(place_url, e), codes.PRINT, 40,
                     (40, 60, 80, 100)))  # fmt: skip
    return found


ENCODINGS = {
    "byte, M (sebelumnya)": codes.BYTES_M,
    "campuran, L": codes.Encoding("L", boost=False),
    "campuran, M": codes.Encoding("M", boost=False),
    "campuran, Q": codes.Encoding("Q", boost=False),
    "campuran, H": codes.Encoding("H", boost=False),
    "campuran, H, zona tenang 2": codes.Encoding("H", quiet_zone=2, boost=False),
}


def mm(value: float, decimals: int) -> str:
    """A length Indonesian style: `0,85`."""
    return f"{value:.{decimals}f}".replace(".", ",")


def describe(encoding: codes.Encoding) -> str:
    """`campuran, H, zona tenang 2`: an encoding in words."""
    mode = "campuran" if encoding.mixed else "byte"
    return f"{mode}, {encoding.correction}, zona tenang {encoding.quiet_zone}"


def _smallest_sheet() -> tuple[str, labels.Sheet]:
    """The offered sheet with the smallest QR code."""
    return min(SHEETS.items(), key=lambda i: stickers.qr_side(i[1].label_width, i[1].label_height))


def compare_encodings(url: str, count: int, seed: int) -> None:
    """Encodings side by side on the smallest and the default sticker."""
    small_name, smallest = _smallest_sheet()
    print(f"\n## Penyandian: stiker terkecil {small_name}; {DEFAULT_SHEET} dengan "
          f"{DAMAGE:.0%} rusak dari {STICKER_DISTANCE} cm\n")  # fmt: skip
    print("| penyandian | versi | modul | 10 cm | 15 cm | 20 cm | rusak 15 % |")
    print("|---|---|---|---|---|---|---|")
    for name, encoding in ENCODINGS.items():
        small = render_sticker(url, encoding, smallest)
        default = render_sticker(url, encoding, SHEETS[DEFAULT_SHEET])
        cells = [str(trials(small, url, d, count, seed, f"enc {name} {d}")) for d in (10, 15, 20)]
        hurt = trials(default, url, STICKER_DISTANCE, count, seed, f"enc {name} damage",
                      damaged=True)  # fmt: skip
        version, level = codes.version(url, encoding)
        print(f"| {name} | {version}-{level} | {mm(small.module_mm, 2)} mm | " + " | ".join(cells)
              + f" | {hurt} |")  # fmt: skip


def compare_dots(url: str, count: int, seed: int) -> None:
    """Whole printer dots per module against fractional ones, on the smallest sticker."""
    _, smallest = _smallest_sheet()
    print(f"\n## Titik printer utuh per modul (stiker terkecil, {describe(codes.STICKER)})\n")
    print("| modul | 10 cm | 15 cm | 20 cm |")
    print("|---|---|---|---|")
    for name, whole in (("titik utuh", True), ("pecahan titik (sebelumnya)", False)):
        printed = render_sticker(url, codes.STICKER, smallest, whole_dots=whole)
        cells = [
            str(trials(printed, url, d, count, seed, f"dots {name} {d}")) for d in (10, 15, 20)
        ]
        print(f"| {name}, {mm(printed.module_mm, 3)} mm | " + " | ".join(cells) + " |")


def render_bare(url: str, encoding: codes.Encoding, dots: int) -> Printed:
    """The sticker's code alone at `dots` 300-dpi dots per module, 1.5 mm of label around it."""
    matrix = codes.matrix(url, encoding)
    edge = round(stickers.QR_EDGE * stickers.DPI / 25.4)
    side = len(matrix) * dots + 2 * edge
    cells = np.kron(np.array(matrix, dtype=np.uint8), np.ones((dots, dots), np.uint8))
    image = np.full((side, side), 255, np.uint8)
    image[edge : side - edge, edge : side - edge] = 255 - 255 * cells
    return Printed(image, stickers.DPI, _symbol_box(image), len(matrix) - 2 * encoding.quiet_zone)


def module_floor(url: str, count: int, seed: int) -> float | None:
    """The smallest module (mm, whole 300-dpi dots) that both decoders read in every trial from
    `STICKER_DISTANCE`; this is `labels.MODULE_MIN_MM`."""
    heading = f"Modul terkecil yang terbaca 100 % dari {STICKER_DISTANCE} cm"
    print(f"\n## {heading} ({describe(codes.STICKER)})\n")
    print("| titik per modul | modul | hasil |")
    print("|---|---|---|")
    floor = None
    for dots in range(10, 3, -1):
        printed = render_bare(url, codes.STICKER, dots)
        result = trials(printed, url, STICKER_DISTANCE, count, seed, f"floor {dots}")
        print(f"| {dots} | {mm(printed.module_mm, 3)} mm | {result} |")
        if not result.both:
            break
        floor = printed.module_mm
    return floor


def report_uses(url: str, place_url: str, count: int, seed: int) -> list[str]:
    """The chosen encoding of every use at several distances; returns the goals missed."""
    print("\n## Pilihan per penggunaan (z / cv, persen percobaan yang terbaca)\n")
    print(f"| kode | penyandian | sisi QR | modul | menurut jarak | rusak {DAMAGE:.0%} |")
    print("|---|---|---|---|---|---|")
    missed = []
    for use in uses(url, place_url):
        printed = use.render(use.encoding)
        target = place_url if use.name.startswith("poster") else url
        found = {d: trials(printed, target, d, count, seed, f"use {use.name}@{d}")
                 for d in use.distances}  # fmt: skip
        hurt = None
        if printed.printed:
            hurt = trials(printed, target, use.distance, count, seed, f"use {use.name} damage",
                          damaged=True)  # fmt: skip
        version, level = codes.version(target, use.encoding)
        side = printed.module_mm * (printed.modules + 2 * use.encoding.quiet_zone)
        rates = " · ".join(f"{d} cm: {r.brief}" for d, r in found.items())
        damaged = f"{use.distance} cm: {hurt.brief}" if hurt else "–"
        print(f"| {use.name} | {describe(use.encoding)} ({version}-{level}) | {mm(side, 1)} mm "
              f"| {mm(printed.module_mm, 2)} mm | {rates} | {damaged} |")  # fmt: skip
        if not found[use.distance].both:
            missed.append(f"{use.name}: {found[use.distance]} dari {use.distance} cm")
        if use.name == f"stiker {DEFAULT_SHEET}" and hurt and not hurt.both:
            missed.append(f"{use.name} rusak {DAMAGE:.0%}: {hurt}")
    return missed


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--percobaan", type=int, default=40, help="percobaan per kasus (40)")
    parser.add_argument("--benih", type=int, default=2026, help="benih acak (2026)")
    parser.add_argument("--id", default="2024-001", help="id kegiatan contoh")
    parser.add_argument("--ringkas", action="store_true", help="hanya tabel pilihan per penggunaan")
    options = parser.parse_args(argv)
    base = site_url()
    url = base.rstrip("/") + f"/k/{options.id}/"
    place_url = base.rstrip("/") + "/kecamatan/merawang/baturusa/"
    print(f"Alamat contoh: {url} ({len(url)} karakter); {options.percobaan} percobaan per kasus; "
          f"kamera {FRAME_PIXELS} px selebar {FIELD_OF_VIEW:.0f}°.")  # fmt: skip
    if not options.ringkas:
        compare_encodings(url, options.percobaan, options.benih)
        compare_dots(url, options.percobaan, options.benih)
        floor = module_floor(url, options.percobaan, options.benih)
        print(
            f"\nModul terkecil: {mm(floor, 3)} mm "
            f"(labels.MODULE_MIN_MM: {mm(labels.MODULE_MIN_MM, 3)} mm)."
            if floor
            else "\nModul terkecil: tidak ada."
        )
    missed = report_uses(url, place_url, options.percobaan, options.benih)
    print()
    print("Sasaran: 100 % kedua pembaca pada jarak uji, dan stiker bawaan dengan 15 % rusak: "
          + ("OK" if not missed else "TIDAK TERCAPAI: " + "; ".join(missed)))  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
