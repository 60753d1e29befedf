"""Import photos into an entry folder: without personal metadata (no GPS, no camera data), at
most a configured long edge, never larger than the original, numbered in the order taken.

A JPEG already within the long edge is kept byte for byte, only its metadata removed (its
orientation tag stays, which the build honours): re-encoding it would only make it larger and
lose quality. A PNG or WebP within it becomes a JPEG unless that is larger than the original.
Anything larger, and every HEIC (which browsers cannot show), becomes an upright JPEG.

Reads HEIC/HEIF (iPhone), JPEG, PNG and WebP. Pure Pillow, knows nothing of MkDocs; decoding and
encoding go through `images.derive`, the path the build uses. The source folder is only read.
"""

from __future__ import annotations

import hashlib
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from ..atomic import write_atomic
from ..formats import number
from . import images, metadata

ARCHIVAL_QUALITY = 88
"""JPEG quality of imported photos: visually lossless at archival size, a fraction of a phone's
original file."""
IMPORT_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".heic", ".heif")
HEIF_SUFFIXES = (".heic", ".heif")
KEPT_SUFFIXES = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}
"""Formats kept as they are (metadata removed) when within the long edge, and their suffix."""
EXIF_IFD = 0x8769
DATE_TIME_ORIGINAL = 0x9003

_heif_lock = threading.Lock()
_heif_ready = False


def enable_heif() -> None:
    """Let Pillow open HEIC/HEIF files (once per process)."""
    global _heif_ready
    with _heif_lock:
        if not _heif_ready:
            from pillow_heif import register_heif_opener  # imported here: loads libheif

            register_heif_opener()
            _heif_ready = True


@dataclass(frozen=True)
class Imported:
    """One photo written into the entry folder."""

    source: Path
    target: Path
    source_bytes: int
    target_bytes: int


@dataclass(frozen=True)
class Skipped:
    """A file of the source folder that was not imported, and why (for staff)."""

    source: Path
    reason: str


@dataclass(frozen=True)
class ImportReport:
    """What an import did."""

    imported: tuple[Imported, ...]
    skipped: tuple[Skipped, ...]
    without_metadata: tuple[Path, ...] = ()
    """Sources whose EXIF was damaged: imported as stored (not turned), without it."""

    @property
    def source_bytes(self) -> int:
        """The size of the imported originals together."""
        return sum(i.source_bytes for i in self.imported)

    @property
    def target_bytes(self) -> int:
        """The size of the archival JPEGs together."""
        return sum(i.target_bytes for i in self.imported)


@dataclass(frozen=True)
class _Converted:
    """One source turned into archival JPEG bytes, with its sort key."""

    source: Path
    source_bytes: int
    taken: str
    """EXIF DateTimeOriginal (`YYYY:MM:DD HH:MM:SS`), or empty."""
    data: bytes
    suffix: str
    """`.jpg`, or `.png` / `.webp` for an original kept in its own format."""
    damaged_metadata: bool = False


def import_photos(source_dir: Path, target_dir: Path, long_edge: int) -> ImportReport:
    """Convert every photo of `source_dir` into `target_dir` as `foto-01.jpg`, `foto-02.jpg`, …
    (by time taken, then file name); other and unreadable files are skipped."""
    enable_heif()
    candidates, skipped = _candidates(source_dir)
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        results = list(pool.map(lambda path: _convert(path, long_edge), candidates))
    converted, doubles = _drop_doubles(r for r in results if isinstance(r, _Converted))
    converted = sorted(converted, key=_order)
    skipped += [r for r in results if isinstance(r, Skipped)] + doubles
    names = photo_names(len(converted))
    imported = [
        _write(item, target_dir / Path(name).with_suffix(item.suffix))
        for item, name in zip(converted, names)
    ]
    damaged = tuple(item.source for item in converted if item.damaged_metadata)
    skipped_sorted = tuple(sorted(skipped, key=lambda s: s.source.name))
    return ImportReport(tuple(imported), skipped_sorted, damaged)


def _drop_doubles(items) -> tuple[list[_Converted], list[Skipped]]:
    """The same photo twice in the source folder (same bytes, another name) is imported once,
    under the shorter name (a copy is usually `IMG_1234 (1).jpg` or `… salinan.jpg`)."""
    kept: dict[bytes, _Converted] = {}
    doubles = []
    for item in sorted(items, key=lambda i: (len(i.source.name), i.source.name.casefold())):
        key = hashlib.sha256(item.data).digest()
        if key in kept:
            doubles.append(Skipped(item.source, f"sama persis dengan {kept[key].source.name}."))
        else:
            kept[key] = item
    return list(kept.values()), doubles


def photo_names(count: int) -> list[str]:
    """`foto-01.jpg` … with enough digits that name order is the numbering order."""
    width = max(2, len(str(count)))
    return [f"foto-{number:0{width}d}.jpg" for number in range(1, count + 1)]


def archival_jpeg(data: bytes, long_edge: int, on_damaged_metadata=None) -> bytes:
    """An upright JPEG of `data` without metadata, long edge at most `long_edge`, never
    upscaled; transparency is flattened onto white. Damaged EXIF goes to
    `on_damaged_metadata` and the photo is kept as stored."""
    variant = images.Variant(long_edge, ARCHIVAL_QUALITY, "jpeg")
    _, (output,) = images.derive(data, [variant], None, on_damaged_metadata)
    return output


def archival_photo(data: bytes, long_edge: int, on_damaged_metadata=None) -> tuple[bytes, str]:
    """The archival bytes of a photo and their suffix (see the module docstring). Damaged EXIF
    goes to `on_damaged_metadata` and the photo is kept as stored (not turned)."""
    kind, size, exif_readable = _inspect(data)
    if kind not in KEPT_SUFFIXES or max(size) > long_edge:
        return archival_jpeg(data, long_edge, on_damaged_metadata), ".jpg"
    try:
        kept = metadata.strip(data)  # damaged EXIF: no orientation kept, so as stored
    except metadata.UnsupportedPhoto:
        return archival_jpeg(data, long_edge, on_damaged_metadata), ".jpg"
    if not exif_readable and on_damaged_metadata is not None:
        on_damaged_metadata("data EXIF foto rusak dan diabaikan")
    if kind == "JPEG":
        return kept, ".jpg"
    encoded = archival_jpeg(data, long_edge)
    return (kept, KEPT_SUFFIXES[kind]) if len(kept) < len(encoded) else (encoded, ".jpg")


def _inspect(data: bytes) -> tuple[str, tuple[int, int], bool]:
    """The image format (only those `images.open_image` accepts), its stored size and whether
    its EXIF can be read, after decoding it fully (a broken file raises)."""
    with images.open_image(data) as image:
        limit = Image.MAX_IMAGE_PIXELS
        if limit is not None and image.width * image.height > limit:
            raise Image.DecompressionBombError(f"{image.width}×{image.height} piksel")
        image.load()
        try:
            image.getexif().get(metadata.ORIENTATION)
        except Exception:  # fuzzed EXIF raises TypeError, struct.error, … from deep inside
            return image.format or "", image.size, False
        return image.format or "", image.size, True


def taken_at(data: bytes) -> str:
    """The EXIF DateTimeOriginal of an image, or empty (unreadable EXIF counts as none)."""
    try:
        with images.open_image(data) as image:
            value = image.getexif().get_ifd(EXIF_IFD).get(DATE_TIME_ORIGINAL)
    except Exception:  # broken EXIF must never stop an import
        return ""
    return value.strip("\x00 ") if isinstance(value, str) else ""


def _candidates(source_dir: Path) -> tuple[list[Path], list[Skipped]]:
    """The photo files directly in `source_dir` and the other files, which are skipped."""
    photos, skipped = [], []
    for path in sorted(source_dir.iterdir(), key=lambda p: p.name.casefold()):
        if path.name.startswith("."):
            continue
        if path.is_symlink():  # never read through: it may point anywhere on the machine
            skipped.append(Skipped(path, "tautan simbolis (symlink), bukan berkas foto biasa."))
        elif not path.is_file():
            continue
        elif path.suffix.lower() in IMPORT_SUFFIXES:
            photos.append(path)
        else:
            skipped.append(Skipped(path, "bukan foto JPEG, PNG, WebP atau HEIC."))
    return photos, skipped


def _convert(path: Path, long_edge: int) -> _Converted | Skipped:
    """Read one source (read-only) and make its archival JPEG, or say why it cannot be."""
    try:
        data = path.read_bytes()
    except OSError as err:
        return Skipped(path, f"tidak dapat dibaca ({err.strerror}).")
    if not data:
        return Skipped(path, "berkas kosong (0 byte).")
    damaged: list[str] = []
    try:
        output, suffix = archival_photo(data, long_edge, damaged.append)
    except images.UnsupportedImage:
        found = images.sniffed_format(data)
        inside = f" (isinya berkas {found})" if found else ""
        return Skipped(path, f"bukan foto JPEG, PNG, WebP atau HEIC{inside}.")
    except Image.DecompressionBombError:
        return Skipped(path, f"gambar terlalu besar (lebih dari {_pixels()} piksel).")
    except (OSError, ValueError, SyntaxError) as err:
        return Skipped(path, f"gambar rusak atau terpotong ({err}).")
    return _Converted(path, len(data), taken_at(data), output, suffix, bool(damaged))


def _pixels() -> str:
    """Pillow's pixel limit, written the Indonesian way (100.000.000)."""
    return number(Image.MAX_IMAGE_PIXELS or 0)  # None only when the check is off: never raised


def _order(item: _Converted) -> tuple[int, str, str]:
    """Photos with a time taken first, by that time; then the others by file name."""
    return (0 if item.taken else 1, item.taken, item.source.name.casefold())


def _write(item: _Converted, target: Path) -> Imported:
    """Write under a hidden temporary name, then move into place."""
    write_atomic(target, item.data)
    return Imported(item.source, target, item.source_bytes, len(item.data))
