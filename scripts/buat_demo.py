"""(Re)create the demo photos and the demo video of the example entries in kegiatan/.

Run from the repository root:

    .venv/bin/python scripts/buat_demo.py

Only the entry folders listed in DEMO_ENTRIES are written to, and only the media files
named there (foto-NN.jpg, video-kegiatan.mp4). The entries' index.md files are never touched.
The photos are byte-for-byte identical on every run (fixed seeds, no timestamps).
"""

from __future__ import annotations

import random
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from PIL import ExifTags, Image, ImageDraw, ImageFont, ImageOps


@dataclass(frozen=True)
class Photo:
    """One demo photo: which scene to draw, the time it was "taken" and its orientation."""

    scene: str  # meeting | field | training | market | banner
    time: str  # HH:MM:SS, local time written to DateTimeOriginal
    portrait: bool = False  # portrait scene stored sideways with EXIF Orientation = 6


@dataclass(frozen=True)
class Entry:
    """One demo entry: caption label and its photos (and optional video). No GPS position: an
    original with one is an error of `harmoni periksa` (the repository is public)."""

    label: str
    photos: tuple[Photo, ...]
    video: bool = False


# Entry folder (relative to kegiatan/, starting with its date) -> what to generate.
DEMO_ENTRIES: dict[str, Entry] = {
    "2024/2024-04-01-penjaringan-ide-harmoni": Entry(
        "Penjaringan Ide HARMONI",
        (Photo("meeting", "09:12:00"), Photo("meeting", "09:47:30"), Photo("training", "10:31:05")),
    ),
    "2024/2024-04-23-observasi-lapangan-merawang": Entry(
        "Observasi Lapangan Merawang",
        (Photo("field", "08:40:10"), Photo("field", "09:25:45"), Photo("meeting", "11:02:20")),
    ),
    "2024/2024-05-15-uji-coba-publikasi-harmoni": Entry(
        "Uji Coba Publikasi HARMONI",
        (
            Photo("training", "09:05:00"),
            Photo("banner", "09:58:40", portrait=True),
            Photo("meeting", "10:44:15"),
        ),
    ),
    "2024/2024-06-25-peluncuran-harmoni": Entry(
        "Peluncuran HARMONI",
        (
            Photo("meeting", "08:30:00"),
            Photo("training", "09:10:25"),
            Photo("field", "10:05:50"),
            Photo("meeting", "10:40:10"),
        ),
        video=True,
    ),
    "2024/2024-08-14-pelatihan-konten-media-sosial": Entry(
        "Pelatihan Konten Media Sosial",
        (
            Photo("training", "08:50:00"),
            Photo("training", "10:15:35"),
            Photo("meeting", "13:20:05"),
        ),
    ),
    "2024/2024-10-09-pembinaan-desa-lumut": Entry(
        "Pembinaan Desa Lumut",
        (Photo("meeting", "09:30:00"), Photo("field", "11:12:40")),
    ),
    "2025/2025-02-19-pendampingan-bumdes-kotawaringin": Entry(
        "Pendampingan BUMDes",
        (Photo("meeting", "09:00:30"), Photo("market", "10:22:10"), Photo("meeting", "11:35:55")),
    ),
    "2025/2025-05-21-umkm-produk-lokal-air-ruai": Entry(
        "UMKM Produk Lokal",
        (Photo("market", "08:45:00"), Photo("market", "09:37:20"), Photo("training", "10:50:45")),
    ),
}

ROOT = Path(__file__).resolve().parent.parent
KEGIATAN = ROOT / "kegiatan"
LANDSCAPE = (1200, 900)
JPEG_QUALITY = 70
MAX_PHOTO_BYTES = 60_000
VIDEO_NAME = "video-kegiatan.mp4"
MAX_VIDEO_BYTES = 150_000

Color = tuple[int, int, int]
SKINS: tuple[Color, ...] = ((224, 172, 125), (198, 134, 90), (160, 105, 70), (236, 190, 150))
SHIRTS: tuple[Color, ...] = (
    (32, 96, 160),
    (190, 60, 50),
    (40, 140, 90),
    (230, 180, 40),
    (120, 70, 150),
    (245, 245, 240),
    (60, 60, 70),
    (200, 110, 40),
)


def seed_for(folder: str, number: int) -> int:
    """Return a stable random seed for one photo (independent of PYTHONHASHSEED)."""
    return sum((i + 1) * ord(c) for i, c in enumerate(folder)) * 100 + number


def font(size: int) -> ImageFont.FreeTypeFont:
    """Return Pillow's built-in font at the given pixel size."""
    return ImageFont.load_default(size=size)  # type: ignore[return-value]


def fitted_font(text: str, max_width: int, size: int) -> ImageFont.FreeTypeFont:
    """Return the largest built-in font (<= size) at which text fits in max_width."""
    while size > 16 and font(size).getlength(text) > max_width:
        size -= 2
    return font(size)


def gradient(
    draw: ImageDraw.ImageDraw, box: tuple[int, int, int, int], top: Color, bottom: Color
) -> None:
    """Fill box with a vertical gradient from top to bottom colour."""
    x0, y0, x1, y1 = box
    span = max(1, y1 - y0 - 1)
    for y in range(y0, y1):
        t = (y - y0) / span
        color = tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        draw.line([(x0, y), (x1, y)], fill=color)


def person(draw: ImageDraw.ImageDraw, x: int, feet: int, height: int, rng: random.Random) -> None:
    """Draw a simple standing person centred on x with feet at y = feet."""
    head = height // 7
    body_w = height // 4
    legs_top = feet - height * 4 // 9
    shoulders = feet - height + head + 4
    draw.rectangle([x - body_w // 3, legs_top, x - 3, feet], fill=(50, 50, 60))
    draw.rectangle([x + 3, legs_top, x + body_w // 3, feet], fill=(50, 50, 60))
    draw.rounded_rectangle(
        [x - body_w // 2, shoulders, x + body_w // 2, legs_top + 10],
        radius=body_w // 4,
        fill=rng.choice(SHIRTS),
    )
    draw.ellipse(
        [x - head // 2, shoulders - head - 2, x + head // 2, shoulders - 2], fill=rng.choice(SKINS)
    )


def seated_back(draw: ImageDraw.ImageDraw, x: int, y: int, size: int, rng: random.Random) -> None:
    """Draw an audience member seen from behind (head and shoulders) at (x, y)."""
    draw.pieslice([x - size, y, x + size, y + 2 * size], 180, 360, fill=rng.choice(SHIRTS))
    draw.ellipse(
        [x - size // 2, y - size // 2 - 6, x + size // 2, y + size // 2 - 6], fill=(35, 30, 30)
    )


def banner(draw: ImageDraw.ImageDraw, box: tuple[int, int, int, int], text: str) -> None:
    """Draw a teal banner with centred text."""
    draw.rectangle(box, fill=(0, 121, 107), outline=(255, 193, 7), width=6)
    x0, y0, x1, y1 = box
    f = fitted_font(text, x1 - x0 - 40, (y1 - y0) * 2 // 3)
    draw.text(((x0 + x1) // 2, (y0 + y1) // 2), text, font=f, fill="white", anchor="mm")


def scene_meeting(draw: ImageDraw.ImageDraw, w: int, h: int, rng: random.Random) -> None:
    """Indoor meeting: wall, banner, long table with people behind it."""
    gradient(draw, (0, 0, w, h * 3 // 5), (236, 228, 210), (214, 204, 184))
    draw.rectangle([0, h * 3 // 5, w, h], fill=(150, 120, 90))
    banner(draw, (w // 6, h // 12, w * 5 // 6, h // 12 + h // 8), "HARMONI")
    count = rng.randint(4, 6)
    for i in range(count):
        x = w * (i + 1) // (count + 1) + rng.randint(-20, 20)
        person(draw, x, h * 3 // 4, h // 2 + rng.randint(-20, 20), rng)
    top = h * 3 // 5
    draw.rectangle([w // 10, top, w * 9 // 10, top + h // 14], fill=(110, 70, 40))
    for i in range(count + 1):
        x = w // 8 + i * (w * 3 // 4) // (count + 1)
        draw.rectangle([x, top - 14, x + 50, top], fill=(250, 250, 250))
    draw.rectangle([w // 10 + 20, top + h // 14, w // 10 + 40, h * 4 // 5], fill=(90, 55, 30))
    draw.rectangle(
        [w * 9 // 10 - 40, top + h // 14, w * 9 // 10 - 20, h * 4 // 5], fill=(90, 55, 30)
    )


def scene_field(draw: ImageDraw.ImageDraw, w: int, h: int, rng: random.Random) -> None:
    """Outdoor village visit: sky, houses, trees and a group of people."""
    horizon = h // 2
    gradient(draw, (0, 0, w, horizon), (120, 180, 230), (200, 228, 245))
    draw.rectangle([0, horizon, w, h], fill=(110, 160, 80))
    draw.polygon([(0, h), (w // 3, horizon + 40), (w // 2, h)], fill=(180, 150, 110))
    for i in range(3):
        x = w // 10 + i * w // 3 + rng.randint(0, 60)
        size = rng.randint(110, 150)
        draw.rectangle(
            [x, horizon - size // 2, x + size, horizon + size // 3],
            fill=rng.choice(((230, 220, 190), (200, 170, 140), (240, 240, 230))),
        )
        draw.polygon(
            [
                (x - 15, horizon - size // 2),
                (x + size // 2, horizon - size),
                (x + size + 15, horizon - size // 2),
            ],
            fill=(170, 60, 40),
        )
        draw.rectangle(
            [x + size // 2 - 15, horizon - 10, x + size // 2 + 15, horizon + size // 3],
            fill=(100, 70, 40),
        )
    for _ in range(3):
        x = rng.randint(40, w - 40)
        draw.rectangle([x - 8, horizon - 60, x + 8, horizon + 20], fill=(100, 70, 40))
        draw.ellipse([x - 55, horizon - 150, x + 55, horizon - 40], fill=(50, 120, 50))
    for i in range(rng.randint(3, 5)):
        person(draw, w // 4 + i * 120 + rng.randint(-20, 20), h * 4 // 5, h * 2 // 5, rng)


def scene_training(draw: ImageDraw.ImageDraw, w: int, h: int, rng: random.Random) -> None:
    """Training room: projector screen, presenter and an audience seen from behind."""
    draw.rectangle([0, 0, w, h], fill=(220, 226, 232))
    draw.rectangle([0, h * 3 // 5, w, h], fill=(120, 110, 100))
    sx0, sy0, sx1, sy1 = w // 5, h // 12, w * 3 // 5, h * 5 // 12
    draw.rectangle([sx0, sy0, sx1, sy1], fill=(255, 255, 255), outline=(80, 80, 80), width=4)
    draw.rectangle([sx0 + 20, sy0 + 20, sx1 - 20, sy0 + 60], fill=(0, 121, 107))
    for i in range(4):
        y = sy0 + 90 + i * 40
        draw.rectangle(
            [sx0 + 30, y, sx0 + 30 + rng.randint(150, (sx1 - sx0) - 80), y + 14],
            fill=(150, 150, 150),
        )
    person(draw, w * 3 // 4, h * 3 // 5 + 20, h // 2, rng)
    for row in range(2):
        y = h * 3 // 5 + row * 75
        for i in range(6):
            x = w // 12 + i * w // 6 + (row * w // 12) + rng.randint(-10, 10)
            seated_back(draw, x, y, 55 + row * 8, rng)


def scene_market(draw: ImageDraw.ImageDraw, w: int, h: int, rng: random.Random) -> None:
    """Local products exhibition: stalls with striped awnings and goods."""
    gradient(draw, (0, 0, w, h // 2), (140, 195, 235), (215, 235, 248))
    draw.rectangle([0, h // 2, w, h], fill=(190, 180, 160))
    for i in range(3):
        x0 = w // 20 + i * w // 3
        x1 = x0 + w // 3 - w // 20
        for s in range(6):
            color = (200, 40, 40) if s % 2 == 0 else (250, 250, 245)
            sw = (x1 - x0) // 6
            draw.rectangle([x0 + s * sw, h // 5, x0 + (s + 1) * sw, h // 5 + 60], fill=color)
        draw.rectangle([x0 + 10, h // 5 + 60, x0 + 24, h * 3 // 5], fill=(90, 60, 40))
        draw.rectangle([x1 - 24, h // 5 + 60, x1 - 10, h * 3 // 5], fill=(90, 60, 40))
        draw.rectangle([x0, h * 3 // 5, x1, h * 3 // 5 + 90], fill=(120, 80, 50))
        for k in range(8):
            gx = x0 + 20 + k * (x1 - x0 - 40) // 8
            goods = rng.choice(((230, 180, 40), (120, 70, 30), (40, 140, 90), (200, 60, 120)))
            if k % 2:
                draw.ellipse([gx, h * 3 // 5 - 36, gx + 30, h * 3 // 5], fill=goods)
            else:
                draw.rectangle([gx, h * 3 // 5 - 44, gx + 26, h * 3 // 5], fill=goods)
    for i in range(4):
        person(draw, w // 6 + i * w // 4 + rng.randint(-30, 30), h * 9 // 10, h * 2 // 5, rng)


def scene_banner(draw: ImageDraw.ImageDraw, w: int, h: int, rng: random.Random) -> None:
    """Portrait scene: one person standing next to a tall roll-up banner."""
    gradient(draw, (0, 0, w, h * 3 // 5), (236, 228, 210), (214, 204, 184))
    draw.rectangle([0, h * 3 // 5, w, h], fill=(150, 120, 90))
    bx0, bx1 = w // 10, w // 10 + w * 2 // 5
    draw.rectangle(
        [bx0, h // 14, bx1, h * 4 // 5], fill=(0, 121, 107), outline=(255, 193, 7), width=6
    )
    draw.rectangle([bx0 - 20, h * 4 // 5, bx1 + 20, h * 4 // 5 + 20], fill=(60, 60, 60))
    word = font(w // 11)
    for i, letter in enumerate("HARMONI"):
        draw.text(
            ((bx0 + bx1) // 2, h // 14 + 80 + i * (w // 9)),
            letter,
            font=word,
            fill="white",
            anchor="mm",
        )
    person(draw, w * 7 // 10, h * 17 // 20, h * 3 // 5, rng)


SCENES = {
    "meeting": scene_meeting,
    "field": scene_field,
    "training": scene_training,
    "market": scene_market,
    "banner": scene_banner,
}


def caption(draw: ImageDraw.ImageDraw, w: int, h: int, label: str, number: int) -> None:
    """Draw the demo tag and the large caption (activity name and photo number)."""
    tag = font(30)
    draw.rounded_rectangle(
        [24, 24, 24 + tag.getlength("CONTOH") + 32, 74], radius=10, fill=(255, 193, 7)
    )
    draw.text((40, 49), "CONTOH", font=tag, fill=(30, 30, 30), anchor="lm")
    band = h * 2 // 9
    draw.rectangle([0, h - band, w, h], fill=(20, 40, 45))
    title = fitted_font(label, w - 80, 64)
    draw.text((w // 2, h - band * 2 // 3), label, font=title, fill="white", anchor="mm")
    draw.text(
        (w // 2, h - band // 4),
        f"Foto {number:02d}",
        font=font(40),
        fill=(255, 193, 7),
        anchor="mm",
    )


def draw_photo(entry: Entry, photo: Photo, number: int, seed: int) -> Image.Image:
    """Draw one photo as a person would see it (landscape, or portrait if requested)."""
    w, h = LANDSCAPE
    if photo.portrait:
        w, h = h, w
    image = Image.new("RGB", (w, h))
    draw = ImageDraw.Draw(image)
    SCENES[photo.scene](draw, w, h, random.Random(seed))
    caption(draw, w, h, entry.label, number)
    return image


def build_exif(when: str, orientation: int) -> Image.Exif:
    """Return EXIF with camera, date/time and orientation (no GPS, no personal data)."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "DemoCam"
    exif[ExifTags.Base.Model] = "HARMONI Demo"
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.DateTime] = when
    sub = exif.get_ifd(ExifTags.IFD.Exif)
    sub[ExifTags.Base.DateTimeOriginal] = when
    sub[ExifTags.Base.DateTimeDigitized] = when
    return exif


def check_photo(path: Path, upright: tuple[int, int], orientation: int) -> None:
    """Reopen a written photo and stop with an error if size or orientation are wrong or it
    carries a GPS position."""
    with Image.open(path) as image:
        exif = image.getexif()
        gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
        shown = ImageOps.exif_transpose(image).size
    problems = []
    if exif.get(ExifTags.Base.Orientation) != orientation:
        problems.append("Orientation salah")
    if gps:
        problems.append("GPS ada")
    if shown != upright:
        problems.append(f"ukuran tampil {shown}, seharusnya {upright}")
    if path.stat().st_size > MAX_PHOTO_BYTES:
        problems.append(f"berkas lebih dari {MAX_PHOTO_BYTES // 1000} KB")
    if problems:
        sys.exit(f"GAGAL: {rel(path)}: {', '.join(problems)}")


def write_photo(folder: str, entry: Entry, photo: Photo, number: int) -> Path:
    """Draw, save (with EXIF) and check one demo photo; return its path."""
    image = draw_photo(entry, photo, number, seed_for(folder, number))
    upright = image.size
    orientation = 1
    if photo.portrait:
        # Store sideways: the viewer must rotate 90 degrees clockwise (Orientation 6).
        image = image.transpose(Image.Transpose.ROTATE_90)
        orientation = 6
    when = f"{folder.split('/')[-1][:10].replace('-', ':')} {photo.time}"
    path = KEGIATAN / folder / f"foto-{number:02d}.jpg"
    exif = build_exif(when, orientation)
    image.save(path, "JPEG", quality=JPEG_QUALITY, optimize=True, exif=exif)
    check_photo(path, upright, orientation)
    return path


def write_video(folder: str) -> Path:
    """Encode a 3-second 320x240 H.264 test-pattern video into the entry folder."""
    import imageio_ffmpeg

    path = KEGIATAN / folder / VIDEO_NAME
    command = [
        imageio_ffmpeg.get_ffmpeg_exe(),
        "-hide_banner",
        "-loglevel",
        "error",
        "-y",
        "-f",
        "lavfi",
        "-i",
        "testsrc2=size=320x240:rate=25:duration=3",
        "-an",
        "-c:v",
        "libx264",
        "-preset",
        "slow",
        "-crf",
        "30",
        "-threads",
        "1",
        "-pix_fmt",
        "yuv420p",
        "-movflags",
        "+faststart",
        "-fflags",
        "+bitexact",
        "-flags:v",
        "+bitexact",
        "-map_metadata",
        "-1",
        str(path),
    ]
    subprocess.run(command, check=True)
    if path.stat().st_size > MAX_VIDEO_BYTES:
        sys.exit(f"GAGAL: {rel(path)}: video lebih dari {MAX_VIDEO_BYTES // 1000} KB")
    return path


def rel(path: Path) -> str:
    """Return path relative to the repository root, with forward slashes."""
    return path.relative_to(ROOT).as_posix()


def report(path: Path) -> int:
    """Print one 'written' line for path and return its size in bytes."""
    size = path.stat().st_size
    print(f"ditulis: {rel(path)} ({round(size / 1024)} KB)")
    return size


def main() -> None:
    """Write every demo photo and video listed in DEMO_ENTRIES."""
    total = 0
    count = 0
    for folder, entry in DEMO_ENTRIES.items():
        (KEGIATAN / folder).mkdir(parents=True, exist_ok=True)
        for number, photo in enumerate(entry.photos, start=1):
            total += report(write_photo(folder, entry, photo, number))
            count += 1
        if entry.video:
            total += report(write_video(folder))
            count += 1
    print(f"Selesai: {count} berkas demo ditulis, total {total / 1024 / 1024:.2f} MB.")


if __name__ == "__main__":
    main()
