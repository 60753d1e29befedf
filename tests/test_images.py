"""The image pipeline on real photos: upright, no metadata, the configured sizes."""

from __future__ import annotations

import io

import pytest
from conftest import EXIF_PHOTOS
from harmoni_arsip.media import images
from PIL import Image, ImageChops, ImageOps, ImageStat

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


def jpeg_of(path, long_edge: int) -> bytes:
    """A real photo made smaller, as a phone's "small" export would be."""
    image = ImageOps.exif_transpose(Image.open(path)).convert("RGB")
    image.thumbnail((long_edge, long_edge), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def test_a_small_photo_is_encoded_once_per_size_it_really_has():
    variants = [images.Variant(320, 68), images.Variant(640, 68), images.Variant(960, 78),
                images.Variant(1600, 78), images.Variant(images.FULL_SIZE, 90, "jpeg")]  # fmt: skip
    data = jpeg_of(EXIF_PHOTOS / "Landscape_6.jpg", 700)
    before = images.operation_count()
    size, outputs = images.derive(data, variants)
    assert size == (700, 467)
    kept = images.distinct(size, variants)
    assert kept == [variants[0], variants[1], variants[2], variants[4]]  # 1600 would be 700 again
    assert [decode(o).size for o in outputs] == [(320, 213), (640, 427), (700, 467), (700, 467)]
    assert [decode(o).format for o in outputs] == ["WEBP", "WEBP", "WEBP", "JPEG"]
    assert images.operation_count() - before == 1 + len(kept)  # no encode for the duplicate


def test_a_large_photo_keeps_every_variant():
    variants = [images.Variant(320, 68), images.Variant(960, 78), images.Variant(1600, 78)]
    assert images.distinct((1800, 1200), variants) == variants
    assert images.distinct((1200, 1800), variants) == variants
    assert images.distinct((300, 200), variants) == variants[:1]


def test_the_cover_jpeg_comes_from_the_same_decode_and_leaves_the_gallery_as_it_was():
    variants = [images.Variant(320, 68), images.Variant(960, 78), images.Variant(1600, 78)]
    share = images.Variant(1200, 82, "jpeg", revision="b")
    data = jpeg_of(EXIF_PHOTOS / "Landscape_6.jpg", 1800)
    size, alone = images.derive(data, variants)
    before = images.operation_count()
    same_size, outputs = images.derive(data, variants, share)
    assert images.operation_count() - before == 1 + len(variants) + 1  # one decode
    assert same_size == size and outputs[:-1] == alone  # byte for byte
    cover = decode(outputs[-1])
    assert (cover.format, cover.size) == ("JPEG", (1200, 800))
    _, (own_decode,) = images.derive(data, [share])  # as it was made before: within JPEG noise
    assert difference(cover, decode(own_decode)) < 2
