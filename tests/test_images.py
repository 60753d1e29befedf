"""The image pipeline on real photos: upright, no metadata, the configured sizes."""

from __future__ import annotations

import io

import pytest
from conftest import EXIF_PHOTOS
from harmoni_arsip.media import images
from PIL import Image, ImageChops, ImageStat

pytestmark = pytest.mark.shared_photos
VARIANTS = [images.Variant(320, 80), images.Variant(960, 80)]


def decode(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def difference(a: Image.Image, b: Image.Image) -> float:
    """Mean absolute pixel difference, 0–255."""
    return sum(ImageStat.Stat(ImageChops.difference(a.convert("RGB"), b.convert("RGB"))).mean) / 3


@pytest.mark.parametrize("kind", ["Landscape", "Portrait"])
@pytest.mark.parametrize("flag", range(9))
def test_every_orientation_flag_comes_out_upright(kind, flag):
    size, outputs = images.derive((EXIF_PHOTOS / f"{kind}_{flag}.jpg").read_bytes(), VARIANTS)
    _, reference = images.derive((EXIF_PHOTOS / f"{kind}_1.jpg").read_bytes(), VARIANTS)
    upright = decode(outputs[1])
    expected = decode(reference[1])
    assert size == ((1800, 1200) if kind == "Landscape" else (1200, 1800))
    assert upright.size == expected.size == images.fitted_size(size, 960)
    assert difference(upright, expected) < 8  # the same picture, not a mirrored/rotated one


def test_outputs_carry_no_metadata_and_the_configured_sizes():
    source = EXIF_PHOTOS / "Landscape_6.jpg"
    assert Image.open(source).getexif()  # the original has EXIF
    _, outputs = images.derive(source.read_bytes(), VARIANTS)
    for data, variant in zip(outputs, VARIANTS, strict=True):
        image = decode(data)
        assert image.format == "WEBP"
        assert max(image.size) == variant.long_edge
        assert not image.getexif()
        assert not {"exif", "xmp", "icc_profile"} & set(image.info)
        assert b"Exif" not in data and b"XMP " not in data and b"ICCP" not in data


def test_small_photos_are_never_upscaled():
    assert images.fitted_size((800, 600), 1600) == (800, 600)
    assert images.fitted_size((4000, 3000), 1600) == (1600, 1200)
    assert images.fitted_size((3000, 4000), 320) == (240, 320)


def test_transparent_png_keeps_its_alpha():
    buffer = io.BytesIO()
    Image.new("RGBA", (400, 300), (255, 0, 0, 0)).save(buffer, "PNG")
    _, (small, _) = images.derive(buffer.getvalue(), VARIANTS)
    assert decode(small).mode == "RGBA"


def test_operations_are_counted():
    before = images.operation_count()
    images.derive((EXIF_PHOTOS / "Portrait_1.jpg").read_bytes(), VARIANTS)
    assert images.operation_count() - before == 1 + len(VARIANTS)  # one decode, one encode each
