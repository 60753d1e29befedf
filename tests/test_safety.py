"""Permanence and safety: published ids never break, withdrawn entries keep their URL, a former
host redirects, no image leaks metadata, hostile input gets a message or correct output."""

from __future__ import annotations

import io
import os
import shutil
import struct
import zlib
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import zxingcpp
from conftest import build_project, read_config, write_config
from harmoni_arsip import cli
from html_parse import gallery_thumbnails, links_to_activities, local_references, resolve, tags
from mkdocs.exceptions import Abort, PluginError
from PIL import Image

LAUNCH = "kegiatan/2024/2024-06-25-peluncuran-harmoni"


def entry_text(entry_id: str, **fields: str) -> str:
    """An entry's text; `fields` replace the defaults (a key written twice is refused)."""
    values = {"id": entry_id, "title": "Uji", "date": "2024-07-01", "kategori": "pelatihan"}
    values.update(fields)
    lines = [f"{key}: {value}" for key, value in values.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\nNarasi.\n"


def add_entry(project: Path, folder: str, text: str, files: dict[str, bytes] | None = None):
    path = project / "kegiatan" / folder
    path.mkdir(parents=True)
    (path / "index.md").write_text(text, encoding="utf-8")
    for name, data in (files or {}).items():
        (path / name).write_bytes(data)
    return path


def image_bytes(image: Image.Image, fmt: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


# -- registry of published ids ------------------------------------------------------------------


@pytest.mark.expect_warnings("tidak punya entri lagi")
def test_removing_a_published_entry_fails_the_build(project, caplog):
    shutil.rmtree(project / LAUNCH)
    with pytest.raises((PluginError, Abort)):
        build_project(project)
    assert "id yang sudah terbit tidak punya entri lagi: 2024-004" in caplog.text
    assert "kegiatan/terbit.txt" in caplog.text


def test_harmoni_daftarkan_registers_new_ids_once(project, capsys):
    add_entry(project, "2026/baru", entry_text("2026-001"))
    assert build_project(project).warnings == []  # registering is publishing, not a defect
    config = str(project / "mkdocs.yml")
    assert cli.main(["-f", config, "daftarkan"]) == 0
    assert "2026-001" in capsys.readouterr().out
    registry = (project / "kegiatan" / "terbit.txt").read_text("utf-8")
    assert registry.count("2026-001 ") == 1
    assert cli.main(["-f", config, "daftarkan"]) == 0
    assert "sudah terdaftar" in capsys.readouterr().out
    assert build_project(project).warnings == []


# -- withdrawal ---------------------------------------------------------------------------------


def test_withdrawn_entry_keeps_its_url_and_publishes_no_media(project):
    index = project / LAUNCH / "index.md"
    text = index.read_text("utf-8")
    index.write_text(
        text.replace("---\n", "---\nditarik:\n  tanggal: 2025-01-10\n"
                     "  alasan: Atas permintaan warga yang tampak di foto.\n", 1),
        "utf-8",
    )  # fmt: skip
    result = build_project(project)
    assert result.warnings == []
    folder = result.site / "k" / "2024-004"
    page = (folder / "index.html").read_text("utf-8")
    assert "telah ditarik" in page and "10 Januari 2025" in page
    assert "Atas permintaan warga yang tampak di foto." in page
    assert sorted(p.name for p in folder.iterdir()) == ["index.html", "qr.png", "qr.svg"]
    assert "2024-004" not in links_to_activities(result.site / "index.html")
    assert "2024-004" not in links_to_activities(result.site / "arsip" / "2024" / "index.html")
    (code,) = zxingcpp.read_barcodes(Image.open(folder / "qr.png"))
    assert code.text.endswith("/k/2024-004/")


# -- moving host and folders --------------------------------------------------------------------


def test_redirect_site_sends_every_old_path_to_the_new_page(project, capsys):
    config = read_config(project)
    old, new = config["site_url"], "https://arsip.dinas.example.go.id/"
    config["site_url"] = new
    config["extra"]["harmoni"]["alamat_lama"] = [old]
    write_config(project, config)
    result = build_project(project)
    out = project / "pengalihan"
    args = ["-f", str(project / "mkdocs.yml"), "pengalihan", "--situs", str(result.site)]
    assert cli.main([*args, "--keluaran", str(out)]) == 0
    (redirect_site,) = out.iterdir()
    redirects = sorted(redirect_site.rglob("index.html"))
    assert len(redirects) == len(list(result.site.rglob("index.html")))
    for page in redirects:
        (refresh,) = [m for m in tags(page, "meta") if m.get("http-equiv") == "refresh"]
        target = refresh["content"].split("url=", 1)[1]
        old_path = page.parent.relative_to(redirect_site).as_posix()
        expected = new + ("" if old_path == "." else old_path + "/")
        assert target == expected
        assert (result.site / target.removeprefix(new) / "index.html").exists()
    assert "2024-004" in (redirect_site / "k" / "2024-004" / "index.html").read_text("utf-8")
    assert (redirect_site / "404.html").exists()


def test_moving_an_entry_folder_changes_nothing_in_its_url(project):
    first = build_project(project)
    qr_before = (first.site / "k" / "2024-004" / "qr.png").read_bytes()
    shutil.move(project / LAUNCH, project / "kegiatan" / "dipindah" / "nama-baru")
    second = build_project(project)
    assert second.warnings == []
    assert (second.site / "k" / "2024-004" / "index.html").exists()
    assert (second.site / "k" / "2024-004" / "qr.png").read_bytes() == qr_before


# -- privacy ------------------------------------------------------------------------------------

METADATA_MARKERS = (
    b"Exif", b"EXIF", b"eXIf", b"II*\x00", b"MM\x00*", b"XMP", b"http://ns.adobe.com", b"8BIM",
    b"Photoshop", b"GPS",
)  # fmt: skip
"""EXIF (JPEG APP1, WebP and PNG chunks, the TIFF header inside), XMP, IPTC and GPS."""
IMAGE_DATA_CHUNKS = {b"VP8 ", b"VP8L", b"ALPH", b"IDAT"}
"""Chunks that hold compressed pixels, whose bytes may spell a marker by chance."""


def metadata_bytes(data: bytes) -> bytes:
    """Every byte of an image file except its compressed pixel data: the container's headers
    and every other chunk or segment, where EXIF, XMP, IPTC and GPS data live."""
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return _chunks(data, 12, "<I", fourcc_first=True)
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return _chunks(data, 8, ">I", fourcc_first=False)
    if data[:2] == b"\xff\xd8":  # JPEG: everything before the scan starts
        start_of_scan = data.find(b"\xff\xda")
        assert start_of_scan > 0
        return data[:start_of_scan]
    raise AssertionError(f"unknown image format: {data[:12]!r}")


def _chunks(data: bytes, at: int, length_format: str, fourcc_first: bool) -> bytes:
    """The non-pixel chunks of a RIFF (fourcc, length, data, padding) or PNG (length, fourcc,
    data, CRC) file, with every chunk's header."""
    kept = [data[:at]]
    while at + 8 <= len(data):
        first, second = data[at : at + 4], data[at + 4 : at + 8]
        kind, length_bytes = (first, second) if fourcc_first else (second, first)
        (length,) = struct.unpack(length_format, length_bytes)
        end = at + 8 + length + (length % 2 if fourcc_first else 4)
        kept.append(data[at : at + 8] if kind in IMAGE_DATA_CHUNKS else data[at:end])
        at = end
    return b"".join(kept)


def test_no_published_image_carries_metadata(demo_site):
    images = [p for p in demo_site.site.rglob("*") if p.suffix in (".webp", ".png", ".jpg")]
    assert len(images) > 50
    for path in images:
        data = metadata_bytes(path.read_bytes())
        for marker in METADATA_MARKERS:
            assert marker not in data, f"{path}: {marker!r}"


def test_the_metadata_scan_finds_what_a_camera_writes():
    exif = Image.Exif()
    exif[0x8825] = {2: (1.0, 30.0, 0.0)}  # GPS latitude
    picture = Image.new("RGB", (40, 30), (90, 140, 60))
    for kind in ("WEBP", "PNG", "JPEG"):
        buffer = io.BytesIO()
        picture.save(buffer, kind, exif=exif.tobytes())
        found = [m for m in METADATA_MARKERS if m in metadata_bytes(buffer.getvalue())]
        assert found, kind


# -- hostile and odd input ----------------------------------------------------------------------


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that claims absurd dimensions (a decompression bomb's header)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b"")


def odd_files() -> dict[str, bytes]:
    rgb = Image.new("RGB", (600, 400), (30, 120, 200))
    frames = [Image.new("P", (300, 200), i) for i in range(3)]
    gif = io.BytesIO()
    frames[0].save(gif, "GIF", save_all=True, append_images=frames[1:], duration=100)
    palette = Image.new("P", (300, 200), 1)
    palette.putpalette([0, 0, 0, 200, 30, 30] + [0] * 762)
    return {
        "a-cmyk.jpg": image_bytes(Image.new("CMYK", (600, 400), (0, 80, 80, 0)), "JPEG"),
        "b-16bit.png": image_bytes(Image.new("I;16", (600, 400), 40000), "PNG"),
        "c-palet.png": image_bytes(palette, "PNG"),
        "d-transparan.png": image_bytes(Image.new("RGBA", (600, 400), (0, 0, 0, 0)), "PNG"),
        "e-animasi.gif": gif.getvalue(),
        "f-png-bernama-jpg.jpg": image_bytes(rgb, "PNG"),
        "Foto Pembukaan Désa 01.JPG": image_bytes(rgb, "JPEG"),
        "g-panjang-sekali.png": image_bytes(Image.new("RGB", (20000, 3), (9, 9, 9)), "PNG"),
        "x-bom.png": png_header_only(40000, 40000),
        "y-kosong.jpg": b"",
    }


@pytest.fixture(scope="module")
def odd_build(tmp_path_factory, warm_copy):
    project = warm_copy(tmp_path_factory.mktemp("aneh") / "proyek")
    caption = "<script>alert('k')</script> Pembukaan"
    folder = add_entry(
        project, "2026/aneh",
        entry_text(
            "2026-050",
            title="\"<script>alert('t')</script> Rapat & Diskusi\"",
            description="\"<img src=x onerror=alert('d')>\"",
            keterangan=f"[{{berkas: a-cmyk.jpg, teks: \"{caption}\"}}]",
            video="[besar.mp4]",
        ),
        odd_files(),
    )  # fmt: skip
    others = sorted((n for n in odd_files() if n != "a-cmyk.jpg"), key=str.casefold)
    index = folder / "index.md"
    items = "".join(f", {{berkas: '{name}', teks: Foto.}}" for name in others)
    index.write_text(index.read_text("utf-8").replace('Pembukaan"}]', f'Pembukaan"}}{items}]'))
    with open(folder / "besar.mp4", "wb") as video:
        video.truncate(2 * 1024**3)  # sparse: 2 GB on paper, nothing on disk
    return build_project(project)


def test_odd_images_come_out_as_correct_web_images(odd_build):
    page = odd_build.site / "k" / "2026-050" / "index.html"
    thumbs = gallery_thumbnails(page)
    names = [Path(t["src"]).name for t in thumbs]
    assert names == [
        "a-cmyk-360.webp", "b-16bit-360.webp", "c-palet-360.webp", "d-transparan-360.webp",
        "e-animasi-360.webp", "f-png-bernama-jpg-360.webp", "foto-pembukaan-desa-01-360.webp",
        "g-panjang-sekali-360.webp",
    ]  # fmt: skip
    for thumb in thumbs:
        image = Image.open(page.parent / thumb["src"])
        assert image.size == (int(thumb["width"]), int(thumb["height"]))
    assert Image.open(page.parent / "a-cmyk-360.webp").mode == "RGB"
    assert Image.open(page.parent / "d-transparan-360.webp").mode == "RGBA"
    assert Image.open(page.parent / "b-16bit-360.webp").getpixel((0, 0))[0] > 100  # not black


def test_hostile_files_get_a_message_each(odd_build):
    warnings = "\n".join(odd_build.warnings)
    assert "x-bom.png: gambar terlalu besar" in warnings
    assert "y-kosong.jpg: berkas kosong" in warnings
    assert "video `besar.mp4` terlalu besar" in warnings and "YouTube" in warnings
    assert "Traceback" not in odd_build.text
    assert not (odd_build.site / "k" / "2026-050" / "besar.mp4").exists()


def test_staff_text_is_escaped_wherever_the_hooks_write_html(odd_build):
    pages = [odd_build.site / "k" / "2026-050" / "index.html", odd_build.site / "index.html"]
    for page in pages:
        html = page.read_text("utf-8")
        assert "<script>alert" not in html and "<img src=x" not in html
    activity = pages[0].read_text("utf-8")
    title = "&lt;script&gt;alert(&#39;t&#39;)&lt;/script&gt; Rapat &amp; Diskusi"
    assert f"<h1>{title}</h1>" in activity
    assert "&lt;script&gt;alert(&#39;k&#39;)&lt;/script&gt; Pembukaan" in activity


# -- whole-site checks --------------------------------------------------------------------------


def test_every_internal_link_and_image_resolves(demo_site):
    base_path = urlsplit(read_config(demo_site.project)["site_url"]).path  # 404.html is absolute
    pages = sorted(demo_site.site.rglob("*.html"))
    broken = [
        f"{page.relative_to(demo_site.site)} → {url}"
        for page in pages for url in local_references(page)
        if not resolve(page, url, demo_site.site, base_path).exists()
    ]  # fmt: skip
    assert len(pages) > 30
    assert broken == []


def test_every_registered_id_resolves_to_a_page(demo_site):
    registry = (demo_site.project / "kegiatan" / "terbit.txt").read_text("utf-8")
    ids = [line.split()[0] for line in registry.splitlines() if line and not line.startswith("#")]
    assert len(ids) == 8
    for entry_id in ids:
        assert (demo_site.site / "k" / entry_id / "index.html").exists()


def test_a_hand_written_page_cannot_take_a_generated_url(project):
    clash = project / "docs" / "kategori" / "pelatihan"
    clash.mkdir(parents=True)
    (clash / "index.md").write_text("# Bentrok\n", "utf-8")
    result = build_project(project)
    assert any("docs/kategori/pelatihan/index.md" in w and "dibuat otomatis" in w
               for w in result.warnings)  # fmt: skip
    assert "Bentrok" in (result.site / "kategori" / "pelatihan" / "index.html").read_text("utf-8")


def test_tests_leave_no_sparse_giants_behind(odd_build):
    big = next(odd_build.project.rglob("besar.mp4"))
    assert os.stat(big).st_blocks * 512 < 1024**2  # the 2 GB video never touched the disk


def test_originals_are_published_only_as_stripped_copies_when_configured(project):
    config = read_config(project)
    config["extra"]["harmoni"]["foto"]["terbitkan_asli"] = True
    write_config(project, config)
    result = build_project(project)
    folder = result.site / "k" / "2024-003"
    original = folder / "foto-02-asli.jpg"
    image = Image.open(original)
    assert image.size == (900, 1200)  # full size, upright (stored sideways with orientation 6)
    assert not image.getexif() and b"Exif" not in original.read_bytes()
    assert "foto-02-asli.jpg" in (folder / "index.html").read_text("utf-8")
    source = next((project / "kegiatan").rglob("2024-05-15-*/foto-02.jpg"))
    assert original.read_bytes() != source.read_bytes()
