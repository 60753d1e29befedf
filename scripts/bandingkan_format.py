"""Compare WebP and AVIF for the archive's display images on real photos: file size, quality
(PSNR against the same resize kept lossless), encode time, and decode time (a proxy for the work a
phone does). Prints a table; the choice of WebP in the pipeline rests on these figures.

Usage: python scripts/bandingkan_format.py [FOLDER_OF_JPEGS] [--sisi 1600]
"""

from __future__ import annotations

import argparse
import io
import math
import statistics
import time
from pathlib import Path

from PIL import Image, ImageChops, ImageOps, ImageStat, features

DEFAULT_FOLDER = Path(__file__).resolve().parents[2] / "shared" / "testdata" / "exif-orientation"
CANDIDATES = {
    "WebP q78 (dipakai)": ("WEBP", {"quality": 78, "method": 4}),
    "WebP q85": ("WEBP", {"quality": 85, "method": 4}),
    "AVIF q60 speed 8": ("AVIF", {"quality": 60, "speed": 8}),
    "AVIF q70 speed 8": ("AVIF", {"quality": 70, "speed": 8}),
    "JPEG q80": ("JPEG", {"quality": 80, "optimize": True}),
}


def psnr(a: Image.Image, b: Image.Image) -> float:
    """Peak signal-to-noise ratio in dB between two RGB images of one size."""
    mse = statistics.fmean(v**2 for v in ImageStat.Stat(ImageChops.difference(a, b)).rms)
    return 99.0 if mse == 0 else 10 * math.log10(255**2 / mse)


def measure(image: Image.Image, fmt: str, options: dict) -> tuple[int, float, float, float]:
    """Bytes, PSNR, encode seconds and decode seconds of one encoding."""
    started = time.perf_counter()
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    encoded = time.perf_counter() - started
    started = time.perf_counter()
    decoded = Image.open(io.BytesIO(buffer.getvalue()))
    decoded.load()
    decode = time.perf_counter() - started
    return len(buffer.getvalue()), psnr(image, decoded.convert("RGB")), encoded, decode


def load(path: Path, long_edge: int) -> Image.Image:
    """A photo upright and resized as the pipeline's display size."""
    image = ImageOps.exif_transpose(Image.open(path)).convert("RGB")
    image.thumbnail((long_edge, long_edge), Image.Resampling.LANCZOS)
    return image


def main() -> None:
    parser = argparse.ArgumentParser(description="Bandingkan WebP dan AVIF pada foto nyata.")
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_FOLDER)
    parser.add_argument("--sisi", type=int, default=1600, help="sisi terpanjang (px)")
    args = parser.parse_args()
    photos = sorted(args.folder.glob("*.jp*g"))
    if not photos:
        raise SystemExit(f"Tidak ada foto JPEG di {args.folder}")
    images = [load(p, args.sisi) for p in photos]
    print(f"{len(images)} foto dari {args.folder}, sisi terpanjang {args.sisi} px")
    print(f"{'format':22} {'KiB':>7} {'PSNR dB':>8} {'enkode ms':>10} {'dekode ms':>10}")
    for name, (fmt, options) in CANDIDATES.items():
        if fmt == "AVIF" and not features.check("avif"):
            print(f"{name:22} (Pillow ini tidak mendukung AVIF)")
            continue
        rows = [measure(image, fmt, options) for image in images]
        size, quality, encode, decode = (statistics.median(col) for col in zip(*rows))
        figures = f"{size / 1024:7.0f} {quality:8.2f} {encode * 1000:10.0f} {decode * 1000:10.0f}"
        print(f"{name:22} {figures}")


if __name__ == "__main__":
    main()
