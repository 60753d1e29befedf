"""Photo import on real inputs (an iPhone-style HEIC, a rotated JPEG with GPS, a transparent PNG):
no metadata but the orientation, no larger than the archival size nor than the original, in the
order taken; the source folder is never changed."""

from __future__ import annotations

import hashlib
import io
import shutil
from pathlib import Path

import pytest
from conftest import EXIF_PHOTOS, build_project, read_config, write_config
from harmoni_arsip import cli
from harmoni_arsip.media import archival
from PIL import Image

BLUE, RED = (20, 20, 200), (200, 30, 30)
ORIENTATION, GPS_IFD, EXIF_IFD, DATE_TAKEN = 0x0112, 0x8825, 0x8769, 0x9003


def metadata(orientation: int | None, taken: str | None) -> Image.Exif:
    """EXIF with an orientation, a GPS position and a time taken, as a phone writes them."""
    exif = Image.Exif()
    if orientation:
        exif[ORIENTATION] = orientation
    gps = exif.get_ifd(GPS_IFD)
    gps.update({1: "S", 2: (1.0, 52.0, 12.0), 3: "E", 4: (105.0, 51.0, 0.0)})
    if taken:
        exif.get_ifd(EXIF_IFD)[DATE_TAKEN] = taken
    return exif


def make_heic(path: Path, taken: str) -> None:
    """A landscape-stored HEIC shown portrait (orientation 6), blue on its left edge as stored
    (so on top when upright), with GPS."""
    archival.enable_heif()
    image = Image.new("RGB", (1600, 800), RED)
    image.paste(BLUE, (0, 0, 400, 800))
    image.save(path, "HEIF", exif=metadata(6, taken).tobytes(), quality=90)


def make_jpeg_with_gps(path: Path, taken: str) -> None:
    """The shared Portrait_6.jpg (stored landscape, orientation 6) with GPS and a time taken."""
    with Image.open(EXIF_PHOTOS / "Portrait_6.jpg") as source:
        exif = source.getexif()
        exif[GPS_IFD] = metadata(None, None).get_ifd(GPS_IFD)
        exif.get_ifd(EXIF_IFD)[DATE_TAKEN] = taken
        source.save(path, "JPEG", exif=exif.tobytes(), quality=95)


def make_transparent_png(path: Path) -> None:
    """A PNG, transparent except for a red square in the middle."""
    image = Image.new("RGBA", (600, 400), (0, 0, 0, 0))
    image.paste((*RED, 255), (200, 100, 400, 300))
    image.save(path, "PNG")


def snapshot(folder: Path) -> dict[str, str]:
    """Every file below `folder` with the hash of its bytes."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*")) if p.is_file()
    }  # fmt: skip


def assert_clean_jpeg(path: Path, long_edge: int) -> Image.Image:
    """An upright JPEG without any metadata block, within the archival size."""
    data = path.read_bytes()
    image = Image.open(io.BytesIO(data))
    image.load()
    assert image.format == "JPEG" and image.mode == "RGB"
    assert max(image.size) <= long_edge
    assert not image.getexif()
    assert b"Exif" not in data and b"http://ns.adobe.com/xap" not in data
    assert not {"exif", "icc_profile", "xmp"} & set(image.info)
    return image


@pytest.fixture
def camera_roll(tmp_path) -> Path:
    """A folder as copied from a phone: HEIC, PNG, a broken file and a note."""
    folder = tmp_path / "dari-ponsel"
    folder.mkdir()
    make_heic(folder / "IMG_0002.HEIC", "2024:07:10 09:30:00")
    make_transparent_png(folder / "A-bagan.png")
    (folder / "IMG_0003.jpg").write_bytes(b"\xff\xd8\xff bukan foto")
    shutil.copyfile(folder / "A-bagan.png", folder / "A-bagan salinan.png")
    (folder / "catatan.txt").write_text("daftar hadir", encoding="utf-8")
    return folder


def test_heic_becomes_a_clean_upright_jpeg_and_a_small_png_stays_a_png(camera_roll, tmp_path):
    before = snapshot(camera_roll)
    target = tmp_path / "entri"
    target.mkdir()
    report = archival.import_photos(camera_roll, target, 1000)
    assert snapshot(camera_roll) == before
    assert [i.source.name for i in report.imported] == ["IMG_0002.HEIC", "A-bagan.png"]
    assert sorted(p.name for p in target.iterdir()) == ["foto-01.jpg", "foto-02.png"]
    heic = assert_clean_jpeg(target / "foto-01.jpg", 1000)
    assert heic.size == (500, 1000)  # portrait, as the phone showed it
    assert _close(heic.getpixel((250, 20)), BLUE) and _close(heic.getpixel((250, 980)), RED)
    # the PNG is smaller than any JPEG of it: kept, pixels and all, never upscaled
    source, png = Image.open(camera_roll / "A-bagan.png"), Image.open(target / "foto-02.png")
    assert png.size == (600, 400) and png.tobytes() == source.tobytes()
    assert report.imported[1].target_bytes <= report.imported[1].source_bytes
    assert {s.source.name: s.reason for s in report.skipped} == {
        "A-bagan salinan.png": "sama persis dengan A-bagan.png.",
        "IMG_0003.jpg": "gambar rusak atau terpotong "
        "(isi berkas JPEG/PNG/GIF/WebP ini tidak terbaca).",
        "catatan.txt": "bukan foto JPEG, PNG, WebP atau HEIC.",
    }


@pytest.mark.shared_photos
def test_rotated_jpeg_with_gps_is_upright_and_clean_and_sorted_by_time_taken(tmp_path):
    source = tmp_path / "kamera"
    source.mkdir()
    make_jpeg_with_gps(source / "z-pagi.jpg", "2024:07:10 08:00:00")
    make_heic(source / "a-siang.heic", "2024:07:10 12:00:00")
    make_transparent_png(source / "0-tanpa-waktu.png")
    assert Image.open(source / "z-pagi.jpg").getexif().get_ifd(GPS_IFD)  # the input has GPS
    before = snapshot(source)
    target = tmp_path / "entri"
    target.mkdir()
    report = archival.import_photos(source, target, 1200)
    assert snapshot(source) == before
    order = [(i.source.name, i.target.name) for i in report.imported]
    assert order == [
        ("z-pagi.jpg", "foto-01.jpg"), ("a-siang.heic", "foto-02.jpg"),
        ("0-tanpa-waktu.png", "foto-03.png"),
    ]  # fmt: skip
    upright = assert_clean_jpeg(target / "foto-01.jpg", 1200)
    assert upright.size == (800, 1200)  # stored 1800×1200 landscape, shown portrait


@pytest.mark.shared_photos
def test_a_jpeg_within_the_archival_size_is_kept_byte_for_byte_without_its_metadata(tmp_path):
    source = tmp_path / "kamera"
    source.mkdir()
    make_jpeg_with_gps(source / "pagi.jpg", "2024:07:10 08:00:00")  # 1800×1200, orientation 6
    original = (source / "pagi.jpg").read_bytes()
    target = tmp_path / "entri"
    target.mkdir()
    (imported,) = archival.import_photos(source, target, 2560).imported
    kept = imported.target.read_bytes()
    assert imported.target.name == "foto-01.jpg" and len(kept) < len(original)
    with Image.open(io.BytesIO(kept)) as photo, Image.open(io.BytesIO(original)) as before:
        assert photo.tobytes() == before.tobytes()  # not re-encoded: the same pixels
        exif = photo.getexif()
        assert dict(exif) == {ORIENTATION: 6} and not exif.get_ifd(GPS_IFD)
        assert "xmp" not in photo.info


def test_photo_names_keep_their_order():
    assert archival.photo_names(3) == ["foto-01.jpg", "foto-02.jpg", "foto-03.jpg"]
    assert archival.photo_names(120)[-1] == "foto-120.jpg"
    assert archival.photo_names(120)[0] == "foto-001.jpg"


@pytest.mark.expect_warnings("paragraf contoh dari `harmoni baru`", "belum punya keterangan")
def test_harmoni_baru_imports_photos_at_the_configured_size(project, camera_roll, capsys):
    config = read_config(project)
    config["extra"]["harmoni"]["foto"]["arsip_maks"] = 640
    write_config(project, config)
    before = snapshot(camera_roll)
    status = cli.main([
        "-f", str(project / "mkdocs.yml"), "baru", "--ya", "--judul", "Pelatihan Operator",
        "--tanggal", "2024-07-10", "--kategori", "pelatihan", "--foto", str(camera_roll),
    ])  # fmt: skip
    output = capsys.readouterr()
    assert status == 0, output.err
    assert snapshot(camera_roll) == before
    folder = project / "kegiatan" / "2024" / "2024-07-10-pelatihan-operator"
    assert sorted(p.name for p in folder.iterdir()) == ["foto-01.jpg", "foto-02.png", "index.md"]
    assert_clean_jpeg(folder / "foto-01.jpg", 640)
    assert "2 foto diimpor: " in output.out and " MB → " in output.out
    assert f"Dilewati: {camera_roll / 'IMG_0003.jpg'}: gambar rusak" in output.err
    text = (folder / "index.md").read_text("utf-8")
    assert (
        "keterangan:\n  - berkas: foto-01.jpg\n    teks:\n  - berkas: foto-02.png\n    teks:\n"
        in text
    )
    assert (build_project(project).site / "k" / "2024-007" / "foto-02-360.webp").exists()


def _close(pixel, expected, tolerance: int = 40) -> bool:
    """A pixel near the expected colour (JPEG is lossy)."""
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, expected))
