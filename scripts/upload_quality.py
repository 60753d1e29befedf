"""How much the web editor's in-browser WebP encoding costs the images the site shows.

The editor resizes each photo in the browser and stores it as WebP; the build then derives every
image on the site from that file (WebP 80 at 1280 px for display, `extra.harmoni.foto`). This
prints, for each upload quality, the stored size and how close the site's 1280 px image stays to
one made from the original (PSNR against the uncompressed resize), so the choice of
`UPLOAD_QUALITY` in `harmoni_arsip/editor/config.py` rests on numbers.
Run: .venv/bin/python scripts/upload_quality.py
"""

from __future__ import annotations

import io
import math
import sys
from pathlib import Path

from PIL import Image, ImageChops, ImageOps, ImageStat

PHOTOS = Path(__file__).resolve().parents[2] / "shared" / "testdata" / "exif-orientation"
DISPLAY_EDGE, DISPLAY_QUALITY = 1280, 80
QUALITIES = (75, 80, 85, 90, 95, 100)


def encode(image: Image.Image, quality: int) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "WEBP", quality=quality)
    return buffer.getvalue()


def decode(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data)).convert("RGB")


def shrink(image: Image.Image) -> Image.Image:
    small = image.copy()
    small.thumbnail((DISPLAY_EDGE, DISPLAY_EDGE), Image.Resampling.LANCZOS)
    return small


def psnr(a: Image.Image, b: Image.Image) -> float:
    mse = sum(v * v for v in ImageStat.Stat(ImageChops.difference(a, b)).rms) / 3
    return 10 * math.log10(255**2 / mse) if mse else 99.0


def main() -> int:
    names = sorted(PHOTOS.glob("*_1.jpg"))
    if not names:
        print(f"Foto uji tidak ada di {PHOTOS}.", file=sys.stderr)
        return 1
    print("mutu unggah | ukuran rata-rata | PSNR gambar situs (dB) | selisih dari foto asli")
    originals = [ImageOps.exif_transpose(Image.open(p)).convert("RGB") for p in names]
    clean = [shrink(o) for o in originals]
    direct = [psnr(decode(encode(shrink(o), DISPLAY_QUALITY)), c) for o, c in zip(originals, clean)]
    base = sum(direct) / len(direct)
    print(f"   (asli)   |        -        | {base:6.2f}                 |   0.00")
    for quality in QUALITIES:
        uploads = [encode(o, quality) for o in originals]
        shown = [decode(encode(shrink(decode(u)), DISPLAY_QUALITY)) for u in uploads]
        score = sum(psnr(s, c) for s, c in zip(shown, clean)) / len(clean)
        size = sum(len(u) for u in uploads) / len(uploads) / 1000
        row = f"   {quality:3d}      | {size:8.0f} KB     | {score:6.2f}                 |"
        print(f"{row} {score - base:6.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
