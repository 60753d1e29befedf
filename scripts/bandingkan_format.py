"""Compare WebP and AVIF for the archive's images on real photos: file size, quality (PSNR,
and SSIM on luma as foto_nyata.py measures it, against the same resize kept lossless), encode
time, and decode time (a proxy for the work a phone does). Prints a table; the choice of WebP in
the pipeline rests on these figures.

Usage: python scripts/bandingkan_format.py [FOLDER_OF_JPEGS] [--sisi 1600]
"""

from __future__ import annotations

import argparse
import io
import math
import statistics
import time
from pathlib import Path

from foto_nyata import ssim
from PIL import Image, ImageChops, ImageOps, ImageStat, features

DEFAULT_FOLDER = Path(__file__).resolve().parents[2] / "shared" / "testdata" / "exif-orientation"
CANDIDATES = {
    "WebP q68 (gambar kecil)": ("WEBP", {"quality": 68, "method": 4}),
    "WebP q78": ("WEBP", {"quality": 78, "method": 4}),
    "WebP q80 (layar penuh)": ("WEBP", {"quality": 80, "method": 4}),
    "WebP q78 metode 6": ("WEBP", {"quality": 78, "method": 6}),
    "WebP q78 sharp_yuv": ("WEBP", {"quality": 78, "method": 4, "use_sharp_yuv": True}),
    "WebP q85": ("WEBP", {"quality": 85, "method": 4}),
    "AVIF q55 speed 8": ("AVIF", {"quality": 55, "speed": 8}),
    "AVIF q60 speed 8": ("AVIF", {"quality": 60, "speed": 8}),
    "AVIF q70 speed 8": ("AVIF", {"quality": 70, "speed": 8}),
    "JPEG q80": ("JPEG", {"quality": 80, "optimize": True}),
}


def psnr(a: Image.Image, b: Image.Image) -> float:
    """Peak signal-to-noise ratio in dB between two RGB images of one size."""
    mse = statistics.fmean(v**2 for v in ImageStat.Stat(ImageChops.difference(a, b)).rms)
    return 99.0 if mse == 0 else 10 * math.log10(255**2 / mse)


def measure(image: Image.Image, fmt: str, options: dict) -> tuple[int, float, float, float, float]:
    """Bytes, PSNR, SSIM, encode seconds and decode seconds of one encoding."""
    started = time.perf_counter()
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    encoded = time.perf_counter() - started
    started = time.perf_counter()
    decoded = Image.open(io.BytesIO(buffer.getvalue()))
    decoded.load()
    decode = time.perf_counter() - started
    rgb = decoded.convert("RGB")
    return len(buffer.getvalue()), psnr(image, rgb), ssim(image, rgb), encoded, decode


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
    columns = ("KiB", 7), ("PSNR dB", 8), ("SSIM", 7), ("enkode ms", 10), ("dekode ms", 10)
    print(f"{'format':24} " + " ".join(f"{name:>{width}}" for name, width in columns))
    for name, (fmt, options) in CANDIDATES.items():
        if fmt == "AVIF" and not features.check("avif"):
            print(f"{name:24} (Pillow ini tidak mendukung AVIF)")
            continue
        rows = [measure(image, fmt, options) for image in images]
        size, quality, similar, encode, decode = (statistics.median(c) for c in zip(*rows))
        figures = f"{size / 1024:7.1f} {quality:8.2f} {similar:7.4f} {encode * 1000:10.0f}"
        print(f"{name:24} {figures} {decode * 1000:10.0f}")


if __name__ == "__main__":
    main()
