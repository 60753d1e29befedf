"""Pure Pillow image work: read a photo upright, resize it, encode it without metadata.

Knows nothing of MkDocs. Every decode and encode is counted in `operations`, so tests can assert
that a rebuild with nothing changed does no image work.
"""

from __future__ import annotations

import io
import math
import threading
import warnings
from dataclasses import dataclass

from PIL import Image, ImageCms, ImageFile, ImageOps

from .. import stage_cpu

PIPELINE_VERSION = "1"
"""Bump when the output of `derive` changes, so every cached derivative is made again."""

Image.MAX_IMAGE_PIXELS = 100_000_000  # a 100 MP photo is the most a phone makes; more is a bomb
ImageFile.LOAD_TRUNCATED_IMAGES = False
# Pillow only warns between 1x and 2x the limit; `_open_upright` refuses all of it instead.
warnings.simplefilter("ignore", Image.DecompressionBombWarning)

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
    data: bytes, variants: list[Variant], side: Variant | None = None
) -> tuple[tuple[int, int], list[bytes]]:
    """Decode `data` upright and encode each of its `distinct` variants (in that order);
    returns the upright size too. A `side` variant no larger than the largest of `variants`
    (the cover's link-preview JPEG) is made from the same decode and appended: resized from
    the smallest of them that is at least its size, never feeding the others, whose bytes stay
    what they are without it."""
    image, size = _open_upright(data, max(v.long_edge for v in variants))
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


def _open_upright(data: bytes, long_edge: int) -> tuple[Image.Image, tuple[int, int]]:
    """Decode at the smallest scale that still covers `long_edge`; apply EXIF orientation."""
    _count()
    image = Image.open(io.BytesIO(data))
    limit = Image.MAX_IMAGE_PIXELS  # None when an application turned the check off
    if limit is not None and image.width * image.height > limit:
        raise Image.DecompressionBombError(f"{image.width}×{image.height} piksel")
    upright_size = _upright_size(image)
    scale = min(1.0, long_edge / max(image.size))
    image.draft(None, (math.ceil(image.width * scale), math.ceil(image.height * scale)))
    image.load()
    return _to_srgb(ImageOps.exif_transpose(image)), upright_size


def _upright_size(image: Image.Image) -> tuple[int, int]:
    """The size as a person sees it: width and height swap for orientations 5 to 8."""
    orientation = image.getexif().get(0x0112, 1)
    return (image.height, image.width) if orientation in (5, 6, 7, 8) else image.size


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
