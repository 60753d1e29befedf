"""Pure Pillow image work: read a photo upright, resize it, encode it without metadata.

Only JPEG, PNG, WebP, GIF and (once `pillow-heif` is registered) HEIF are opened, whatever the
file is named: Pillow would otherwise accept some forty formats by content, EPS through
Ghostscript among them. Damaged EXIF means "not turned", never a crash; no comment, EXIF, XMP,
ICC or text chunk of the source reaches an output.

Knows nothing of MkDocs. Every decode and encode is counted in `operations`, so tests can assert
that a rebuild with nothing changed does no image work.
"""

from __future__ import annotations

import io
import math
import threading
import warnings
from collections.abc import Callable
from dataclasses import dataclass

from PIL import Image, ImageCms, ImageFile, UnidentifiedImageError

from .. import stage_cpu

PIPELINE_VERSION = "1"
"""Bump when the output of `derive` changes, so every cached derivative is made again."""

Image.MAX_IMAGE_PIXELS = 100_000_000  # a 100 MP photo is the most a phone makes; more is a bomb
ImageFile.LOAD_TRUNCATED_IMAGES = False
# Pillow only warns between 1x and 2x the limit; `_open_upright` refuses all of it instead.
warnings.simplefilter("ignore", Image.DecompressionBombWarning)

OPEN_FORMATS = ("JPEG", "PNG", "WEBP", "GIF", "HEIF")
"""The only formats a photo is opened as (Pillow's names)."""
FORMAT_NAMES = "JPEG, PNG, WebP atau GIF"
"""The formats a gallery shows, for messages."""


class UnsupportedImage(ValueError):
    """The bytes are no image of `OPEN_FORMATS` (another format, or not an image at all)."""


class DamagedImage(ValueError):
    """An image of an accepted format that cannot be decoded (damaged or cut short)."""


_SIGNATURES = (
    (b"%!PS", "PostScript/EPS"), (b"\xc5\xd0\xd3\xc6", "EPS"), (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"), (b"BM", "BMP"), (b"\x00\x00\x01\x00", "ICO"), (b"DDS ", "DDS"),
    (b"%PDF", "PDF"), (b"<", "teks/HTML/SVG"), (b"\x00\x00\x00\x0cjP", "JPEG 2000"),
    (b"8BPS", "Photoshop (PSD)"), (b"\x00\x00\x00\x0cJXL", "JPEG XL"),
)  # fmt: skip
"""Leading bytes of formats staff may meet, to name them in a message (never opened)."""


_ACCEPTED_SIGNATURES = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF87a", b"GIF89a")
"""How JPEG, PNG and GIF files start (WebP: `RIFF....WEBP`): one Pillow cannot open is damaged."""


def sniffed_format(data: bytes) -> str | None:
    """The name of the format `data` seems to be in, from its first bytes, if known."""
    head = data[:16].lstrip()
    return next((name for magic, name in _SIGNATURES if head.startswith(magic)), None)


def _describe(err: Exception) -> str:
    """A short description of a decoder's failure, for staff."""
    text = str(err).strip()[:200]
    return f"{type(err).__name__}: {text}" if text else type(err).__name__


_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
_lock = threading.Lock()
_operations = 0


def operation_count() -> int:
    """Decodes and encodes performed by this process so far."""
    return _operations


def _count() -> None:
    """Count one image operation."""
    global _operations
    with _lock:
        _operations += 1


SIDE_STAGE = "sampul JPEG"
"""The stage a `side` variant's CPU time is counted under (`stage_cpu`): the cover's JPEG."""
FULL_SIZE = 1_000_000
"""The long edge of a full-size variant: larger than any photo, so never a downscale."""


@dataclass(frozen=True)
class Variant:
    """One derived size: the long edge in pixels, the quality and the format."""

    long_edge: int
    quality: int
    format: str = "webp"
    """`webp` for the web sizes, `jpeg` for full-size downloads (every viewer opens JPEG)."""
    revision: str = ""
    """Changed when this variant alone is made differently, so its cached files are remade."""

    @property
    def suffix(self) -> str:
        """The file ending of this variant's derivatives."""
        return ".jpg" if self.format == "jpeg" else ".webp"

    @property
    def settings(self) -> str:
        """What the cache key of this variant depends on, besides the source."""
        return f"v{PIPELINE_VERSION}{self.revision}-{self.format}-q{self.quality}-{self.long_edge}"


def fitted_size(size: tuple[int, int], long_edge: int) -> tuple[int, int]:
    """`size` scaled down so its long edge is at most `long_edge` (never up)."""
    width, height = size
    scale = min(1.0, long_edge / max(width, height))
    return max(1, round(width * scale)), max(1, round(height * scale))


def distinct(size: tuple[int, int], variants: list[Variant]) -> list[Variant]:
    """The variants that give a photo of `size` a picture of its own, in order: one whose fitted
    size an earlier variant of the same format already has (a small photo under every larger
    width) is left out, so it is neither encoded nor published twice."""
    seen: set[tuple[str, tuple[int, int]]] = set()
    kept = []
    for variant in variants:
        key = (variant.format, fitted_size(size, variant.long_edge))
        if key not in seen:
            seen.add(key)
            kept.append(variant)
    return kept


def derive(
    data: bytes,
    variants: list[Variant],
    side: Variant | None = None,
    on_damaged_metadata: Callable[[str], None] | None = None,
) -> tuple[tuple[int, int], list[bytes]]:
    """Decode `data` upright and encode each of its `distinct` variants (in that order);
    returns the upright size too. A `side` variant no larger than the largest of `variants`
    (the cover's link-preview JPEG) is made from the same decode and appended: resized from
    the smallest of them that is at least its size, never feeding the others, whose bytes stay
    what they are without it. Unreadable EXIF is passed to `on_damaged_metadata` (a message
    for staff) and the photo is used as stored. Raises `UnsupportedImage`,
    `Image.DecompressionBombError`, or `DamagedImage` for any other failure to decode."""
    try:
        return _derive(data, variants, side, on_damaged_metadata)
    except (UnsupportedImage, Image.DecompressionBombError, DamagedImage, MemoryError):
        raise
    except Exception as err:  # a damaged file raises whatever its decoder trips over
        raise DamagedImage(_describe(err)) from None


def _derive(
    data: bytes,
    variants: list[Variant],
    side: Variant | None,
    on_damaged_metadata: Callable[[str], None] | None,
) -> tuple[tuple[int, int], list[bytes]]:
    """`derive` without the translation of failures."""
    image, size = _open_upright(data, max(v.long_edge for v in variants), on_damaged_metadata)
    wanted = distinct(size, variants)
    outputs: dict[Variant, bytes] = {}
    current = image
    for variant in sorted(wanted, key=lambda v: v.long_edge, reverse=True):
        if side is not None and side not in outputs and side.long_edge >= variant.long_edge:
            outputs[side] = _side(current, size, side)
        current = _fitted(current, size, variant.long_edge)
        outputs[variant] = _encode(current, variant)
    if side is not None and side not in outputs:
        outputs[side] = _side(current, size, side)
    return size, [outputs[v] for v in wanted] + ([outputs[side]] if side else [])


def _side(image: Image.Image, size: tuple[int, int], side: Variant) -> bytes:
    """The side variant from `image` (at least its size), its CPU time counted apart."""
    with stage_cpu.thread_cpu(SIDE_STAGE):
        return _encode(_fitted(image, size, side.long_edge), side)


def _fitted(image: Image.Image, size: tuple[int, int], long_edge: int) -> Image.Image:
    """`image` (a photo of upright `size`, maybe already smaller) resized to `long_edge`."""
    target = fitted_size(size, long_edge)
    if image.size == target:
        return image
    return image.resize(target, Image.Resampling.LANCZOS, reducing_gap=3.0)


def open_image(data: bytes) -> Image.Image:
    """`data` opened lazily as one of `OPEN_FORMATS`, or `UnsupportedImage`."""
    Image.init()
    formats = [name for name in OPEN_FORMATS if name in Image.OPEN]
    try:
        return Image.open(io.BytesIO(data), formats=formats)
    except UnidentifiedImageError:
        if data.startswith(_ACCEPTED_SIGNATURES) or data[8:12] == b"WEBP":
            raise DamagedImage("isi berkas JPEG/PNG/GIF/WebP ini tidak terbaca") from None
        found = sniffed_format(data)
        inside = f" (isinya berkas {found})" if found else ""
        raise UnsupportedImage(
            f"bukan berkas gambar yang dapat dibaca sebagai {FORMAT_NAMES}{inside}"
        ) from None


def _open_upright(
    data: bytes, long_edge: int, on_damaged_metadata: Callable[[str], None] | None = None
) -> tuple[Image.Image, tuple[int, int]]:
    """Decode at the smallest scale that still covers `long_edge`; apply EXIF orientation."""
    _count()
    image = open_image(data)
    limit = Image.MAX_IMAGE_PIXELS  # None when an application turned the check off
    if limit is not None and image.width * image.height > limit:
        raise Image.DecompressionBombError(f"{image.width}×{image.height} piksel")
    orientation = _orientation(image, on_damaged_metadata)
    upright_size = (image.height, image.width) if orientation in (5, 6, 7, 8) else image.size
    scale = min(1.0, long_edge / max(image.size))
    image.draft(None, (math.ceil(image.width * scale), math.ceil(image.height * scale)))
    image.load()
    if orientation in _TURNS:
        image = image.transpose(_TURNS[orientation])
    clean = _to_srgb(image)
    clean.info = {}  # comments, EXIF, XMP, text chunks: JPEG's save would write `comment`
    return clean, upright_size


def _orientation(image: Image.Image, on_damaged: Callable[[str], None] | None) -> int:
    """The EXIF orientation (1 to 8), or 1 when the EXIF block cannot be read."""
    try:
        value = image.getexif().get(0x0112, 1)
    except Exception as err:  # fuzzed EXIF raises TypeError, struct.error, … from deep inside
        if on_damaged is not None:
            on_damaged(f"data EXIF foto rusak ({type(err).__name__}) dan diabaikan")
        return 1
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


_TURNS = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
"""The turn that makes a photo of each EXIF orientation upright (as `ImageOps.exif_transpose`
does), without reading its EXIF block a second time."""


def _to_srgb(image: Image.Image) -> Image.Image:
    """RGB (or RGBA where there is transparency) in sRGB, so no colour profile is needed."""
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    mode = "RGBA" if has_alpha else "RGB"
    icc = image.info.get("icc_profile")
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        image = image.point(lambda v: v / 256).convert("L")
    if icc and image.mode in ("RGB", "RGBA", "CMYK"):
        try:
            profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            converted = ImageCms.profileToProfile(image, profile, _SRGB, outputMode=mode)
            if converted is not None:  # None only when converting in place
                return converted
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile: fall back to a plain conversion
    return image.convert(mode) if image.mode != mode else image


def _encode(image: Image.Image, variant: Variant) -> bytes:
    """WebP or JPEG bytes with no EXIF, XMP, IPTC or ICC block."""
    _count()
    buffer = io.BytesIO()
    if variant.format == "jpeg":
        _flatten(image).save(buffer, "JPEG", quality=variant.quality, optimize=True)
    else:
        image.save(buffer, "WEBP", quality=variant.quality, method=4)
    return buffer.getvalue()


def _flatten(image: Image.Image) -> Image.Image:
    """An RGB image, transparency composited onto white (JPEG has no alpha)."""
    if image.mode != "RGBA":
        return image
    background = Image.new("RGB", image.size, (255, 255, 255))
    background.paste(image, mask=image.getchannel("A"))
    return background
