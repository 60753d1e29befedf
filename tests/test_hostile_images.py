"""Hostile photos: only JPEG, PNG, WebP and GIF open (HEIC on import), whatever the file is
named; damaged EXIF never stops a build or an import; no comment or other metadata of a source
reaches a published file or an imported archival JPEG. Real photos from ../shared/testdata,
hostile files made here."""

from __future__ import annotations

import io
import struct
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import EXIF_PHOTOS, build_project, list_photos, read_config, write_config
from harmoni_arsip import cli
from harmoni_arsip.media import images
from PIL import Image, ImageOps, PngImagePlugin

pytestmark = pytest.mark.shared_photos

MARKER = b"RAHASIA-KOMENTAR-18"
"""Text hidden in every metadata field of the hostile files; no output may carry it."""
UNSUPPORTED = "bukan berkas gambar yang dapat dibaca sebagai JPEG, PNG, WebP atau GIF"
VARIANTS = [images.Variant(360, 70), images.Variant(1200, 82, "jpeg")]


def real_photo(name: str = "Landscape_1.jpg") -> Image.Image:
    return Image.open(EXIF_PHOTOS / name)


def encoded(image: Image.Image, fmt: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def damaged_exif(orientation: int = 6, tag: int = 0x012D) -> bytes:
    """EXIF whose orientation reads, but whose second tag holds a type Pillow's writer chokes on
    (`ImageOps.exif_transpose` raised struct.error / AttributeError on main)."""
    entries = [
        (0x0112, 3, 1, struct.pack("<HH", orientation, 0)),
        (tag, 5, 1, struct.pack("<I", 38)),
    ]
    ifd = struct.pack("<H", len(entries))
    ifd += b"".join(struct.pack("<HHI", t, kind, n) + value for t, kind, n, value in entries)
    tiff = (
        b"II*\x00" + struct.pack("<I", 8) + ifd + struct.pack("<I", 0) + struct.pack("<II", 72, 1)
    )
    return b"Exif\x00\x00" + tiff


def with_jpeg_comment(data: bytes, text: bytes = MARKER) -> bytes:
    """`data` (a JPEG) with a COM segment right after the start marker."""
    return data[:2] + b"\xff\xfe" + struct.pack(">H", len(text) + 2) + text + data[2:]


def commented_files() -> dict[str, bytes]:
    """A real photo in each accepted format, with the marker in comments and text chunks."""
    photo = real_photo().convert("RGB")
    text = PngImagePlugin.PngInfo()
    text.add_text("Comment", MARKER.decode())
    text.add_text("Description", MARKER.decode(), zip=True)
    text.add_itxt("XML:com.adobe.xmp", MARKER.decode())
    gif = photo.resize((300, 200)).convert("P")
    return {
        "foto-01.jpg": with_jpeg_comment((EXIF_PHOTOS / "Landscape_1.jpg").read_bytes()),
        "foto-02.png": encoded(photo, "PNG", pnginfo=text),
        "foto-03.gif": encoded(gif, "GIF", comment=MARKER),
        "foto-04.webp": encoded(photo, "WEBP", exif=damaged_exif(1) + MARKER, xmp=MARKER),
    }


def disguised_files() -> dict[str, bytes]:
    """Other formats named `.jpg`; the EPS would loop forever in Ghostscript."""
    small = Image.new("RGB", (64, 48), (10, 120, 200))
    eps = b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 64 48\n{ } loop\nshowpage\n%%EOF\n"
    return {
        "tiff.jpg": encoded(small, "TIFF"),
        "bmp.jpg": encoded(small, "BMP"),
        "ico.jpg": encoded(small, "ICO"),
        "dds.jpg": encoded(small.convert("RGBA"), "DDS"),
        "eps.jpg": eps,
    }


def metadata_free(data: bytes) -> bool:
    return MARKER not in data and b"Exif" not in data and b"\xff\xfe" not in _jpeg_head(data)


def _jpeg_head(data: bytes) -> bytes:
    """A JPEG's segments before the scan (where COM lives); empty for other formats."""
    return data[: data.find(b"\xff\xda")] if data.startswith(b"\xff\xd8") else b""


# -- the image opener -----------------------------------------------------------------------


@pytest.mark.parametrize(("name", "data"), disguised_files().items())
def test_other_formats_named_jpg_are_refused_by_name(name, data):
    started = time.perf_counter()
    with pytest.raises(images.UnsupportedImage) as caught:
        images.derive(data, VARIANTS)
    assert time.perf_counter() - started < 2
    kind = name.split(".")[0].upper()
    message = str(caught.value)
    assert message.startswith(f"{UNSUPPORTED} (isinya berkas ")
    assert kind in message


@pytest.mark.parametrize("fmt", ["JPEG", "WEBP", "PNG"])
@pytest.mark.parametrize("tag", [0x012D, 0x013C])
def test_damaged_exif_is_no_metadata_not_a_crash(fmt, tag):
    stored_sideways = real_photo("Landscape_6.jpg").convert("RGB")  # orientation 6
    data = encoded(stored_sideways, fmt, exif=damaged_exif(6, tag))
    size, outputs = images.derive(data, VARIANTS)
    reference_size, _ = images.derive((EXIF_PHOTOS / "Landscape_6.jpg").read_bytes(), VARIANTS)
    assert size == reference_size  # still turned upright by its readable orientation
    assert all(metadata_free(output) for output in outputs)


@pytest.mark.parametrize(("name", "data"), commented_files().items())
def test_comments_and_text_chunks_never_reach_an_output(name, data):
    assert MARKER in data
    _, outputs = images.derive(data, VARIANTS)
    for output in outputs:
        assert metadata_free(output), name
        assert not Image.open(io.BytesIO(output)).info.get("comment")


def test_a_damaged_jpeg_says_damaged_not_unsupported():
    data = (EXIF_PHOTOS / "Landscape_1.jpg").read_bytes()
    with pytest.raises(images.DamagedImage):
        images.derive(data[:2] + b"\xff\xe1\x00\x10Exif\x00\x00MM\x00*" + data[2:40], VARIANTS)


# -- the build -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory, warm_copy):
    project = warm_copy(tmp_path_factory.mktemp("foto-jahat") / "proyek")
    config = read_config(project)
    config["extra"]["harmoni"]["foto"]["terbitkan_asli"] = True
    write_config(project, config)
    folder = project / "kegiatan" / "2026" / "foto-jahat"
    folder.mkdir(parents=True)
    front = "id: 2026-060\ntitle: Uji\ndate: 2026-01-05\nkategori: pelatihan\nsampul: foto-01.jpg"
    text = f"---\n{front}\n---\n\nNarasi.\n"
    (folder / "index.md").write_text(text, "utf-8")
    damaged = encoded(real_photo("Landscape_6.jpg").convert("RGB"), "JPEG", exif=damaged_exif())
    files = {**commented_files(), **disguised_files(), "foto-05-exif-rusak.jpg": damaged}
    for name, data in files.items():
        (folder / name).write_bytes(data)
    list_photos(folder, *sorted(files))  # only listed photos are published (and checked)
    return build_project(project)


def test_the_build_names_each_disguised_file_and_publishes_the_rest(hostile_build):
    warnings = "\n".join(hostile_build.warnings)
    for name in disguised_files():
        assert f"kegiatan/2026/foto-jahat/{name}: {UNSUPPORTED}" in warnings
    assert "Traceback" not in hostile_build.text
    page = hostile_build.site / "k" / "2026-060"
    assert (page / "foto-05-exif-rusak-asli.jpg").exists()
    assert Image.open(page / "foto-05-exif-rusak-asli.jpg").size == (1800, 1200)  # upright


def test_no_published_file_of_the_entry_carries_a_comment(hostile_build):
    page = hostile_build.site / "k" / "2026-060"
    published = [p for p in page.iterdir() if p.suffix in (".jpg", ".webp", ".png", ".gif")]
    names = {p.name for p in published}
    assert "foto-01-bagikan.jpg" in names and "foto-01-asli.jpg" in names
    assert len(published) >= 10
    for path in published:
        assert metadata_free(path.read_bytes()), path.name


# -- harmoni baru --foto ---------------------------------------------------------------------


def test_baru_foto_imports_damaged_and_commented_photos_clean(project, tmp_path, capsys):
    source = tmp_path / "dari-ponsel"
    source.mkdir()
    for name, data in commented_files().items():
        if not name.endswith(".gif"):
            (source / name).write_bytes(data)
    damaged = encoded(real_photo("Landscape_6.jpg").convert("RGB"), "WEBP", exif=damaged_exif())
    (source / "rusak.webp").write_bytes(damaged)
    (source / "disamarkan.jpg").write_bytes(disguised_files()["tiff.jpg"])
    status = cli.main(["-f", str(project / "mkdocs.yml"), "baru", "--judul", "Impor Uji",
                       "--tanggal", "2026-02-03", "--kategori", "pelatihan", "--foto", str(source),
                       "--ya"])  # fmt: skip
    out = capsys.readouterr()
    assert status == 0, out.err
    assert "disamarkan.jpg: bukan foto JPEG, PNG, WebP atau HEIC (isinya berkas TIFF)" in out.err
    (folder,) = (project / "kegiatan" / "2026").glob("2026-02-03-impor-uji")
    written = sorted(folder.glob("foto-*"))  # never larger: a small WebP or PNG stays one
    assert len(written) == 4
    for path in written:
        assert metadata_free(path.read_bytes()), path.name
    # upright as shown: a JPEG kept as it was keeps only its orientation tag
    assert [ImageOps.exif_transpose(Image.open(p)).size for p in written] == [(1800, 1200)] * 4


def run_harmoni(project: Path, *args: str, fsize: int | None = None, as_user: int | None = None):
    """`harmoni` in its own process, optionally with a file-size limit (a disk that fills up)
    or as another user (a folder it cannot write)."""

    def limit() -> None:
        import resource
        import signal

        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        if fsize is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))

    command = [sys.executable, "-m", "harmoni_arsip.cli", "-f", str(project / "mkdocs.yml")]
    return subprocess.run(
        [*command, *args], capture_output=True, text=True, timeout=120, preexec_fn=limit,
        user=as_user, cwd=project,
    )  # fmt: skip


def test_baru_on_a_full_disk_leaves_no_folder_and_no_used_id(project, tmp_path):
    source = tmp_path / "foto"
    source.mkdir()
    (source / "a.jpg").write_bytes((EXIF_PHOTOS / "Landscape_1.jpg").read_bytes())
    reservations = project / ".cache" / "harmoni" / "id-baru"
    before = set(reservations.iterdir()) if reservations.exists() else set()
    result = run_harmoni(project, "baru", "--judul", "Disk Penuh", "--tanggal", "2026-03-04",
                         "--kategori", "pelatihan", "--foto", str(source), "--ya",
                         fsize=40_000)  # fmt: skip
    assert result.returncode == 2, result.stderr
    assert "Galat: tidak dapat menulis" in result.stderr and "Traceback" not in result.stderr
    assert "Kosongkan ruang disk" in result.stderr
    assert not list((project / "kegiatan").rglob("*disk-penuh*"))
    after = set(reservations.iterdir()) if reservations.exists() else set()
    assert after == before
