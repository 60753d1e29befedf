"""Personal metadata in original photos: `periksa` names it as an error with the command that
removes it, and `harmoni bersihkan-foto` removes only the metadata (same pixels, orientation and
colour profile kept, never a larger file), for JPEG, PNG and WebP."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest
from conftest import EXIF_PHOTOS
from harmoni_arsip import cli
from harmoni_arsip.media import metadata
from PIL import Image

GPS_IFD, EXIF_IFD, ORIENTATION = 0x8825, 0x8769, 0x0112
XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><dc:creator>Budi</dc:creator></x:xmpmeta>'


def personal_exif(orientation: int) -> Image.Exif:
    """EXIF as a phone writes it: a position, the owner, a serial number, an orientation."""
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif.get_ifd(GPS_IFD).update({1: "S", 2: (1.0, 52.0, 12.0), 3: "E", 4: (105.0, 51.0, 0.0)})
    exif.get_ifd(EXIF_IFD).update({0xA430: "Budi Santoso", 0xA431: "SN12345"})
    return exif


def photo_bytes(fmt: str) -> bytes:
    """A real photo (the shared Landscape_6.jpg, orientation 6) saved as `fmt` with metadata."""
    with Image.open(EXIF_PHOTOS / "Landscape_6.jpg") as source:
        image = source.convert("RGB").resize((480, 320))
        icc = source.info.get("icc_profile")
    buffer = io.BytesIO()
    options: dict = {"exif": personal_exif(6)}
    if fmt == "JPEG":
        options.update(quality=90, icc_profile=icc)
    if fmt == "WEBP":
        options.update(xmp=XMP, quality=80)
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def run(project: Path, *args: str) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        status = cli.main(["-f", str(project / "mkdocs.yml"), *args])
    return status, out.getvalue()


@pytest.mark.shared_photos
@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_strip_keeps_pixels_and_orientation_and_removes_personal_data(fmt):
    data = photo_bytes(fmt)
    assert "lokasi GPS" in metadata.find_personal(io.BytesIO(data))
    assert "nama pemilik kamera" in metadata.find_personal(io.BytesIO(data))
    clean = metadata.strip(data)
    assert len(clean) < len(data)
    assert metadata.find_personal(io.BytesIO(clean)) == []
    with Image.open(io.BytesIO(data)) as before, Image.open(io.BytesIO(clean)) as after:
        assert after.format == before.format and after.tobytes() == before.tobytes()
        assert dict(after.getexif()) == {ORIENTATION: 6}
        assert after.info.get("icc_profile") == before.info.get("icc_profile")
    for words in (b"Budi", b"SN12345", b"creator"):
        assert words not in clean


@pytest.mark.shared_photos
def test_periksa_names_the_photo_and_the_command_and_the_command_fixes_it(project):
    folder = next((project / "kegiatan").rglob("2024-04-01-*"))
    photo = folder / "foto-02.jpg"
    photo.write_bytes(photo_bytes("JPEG"))
    before = photo.stat().st_size
    status, output = run(project, "periksa")
    relative = photo.relative_to(project).as_posix()
    assert status == 1
    assert (f"{relative}: foto asli memuat data pribadi (lokasi GPS, nama pemilik kamera, nomor "
            "seri kamera). ") in output  # fmt: skip
    assert "Jalankan `harmoni bersihkan-foto`" in output
    others = {p: p.read_bytes() for p in folder.parent.rglob("*.jpg") if p != photo}
    status, output = run(project, "bersihkan-foto")
    assert status == 0
    assert f"{photo}: lokasi GPS, nama pemilik kamera, nomor seri kamera dihapus (" in output
    assert "1 foto dibersihkan." in output
    assert photo.stat().st_size < before
    assert all(p.read_bytes() == data for p, data in others.items())  # clean ones untouched
    assert run(project, "periksa")[0] == 0
    assert run(project, "bersihkan-foto")[1].strip() == "Tidak ada foto dengan data pribadi."
