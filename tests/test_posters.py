"""QR codes and A4 posters of the desa and kecamatan pages: drawn, cached, published, scannable."""

from __future__ import annotations

import io
from pathlib import Path

import cv2
import numpy as np
import pypdfium2
import pytest
import zxingcpp
from conftest import build_project, opened, read_config
from harmoni_arsip.media.cache import MediaCache
from harmoni_arsip.qr import codes, masks, posters, store, workers
from harmoni_arsip.qr.pdf_page import png_parts
from harmoni_arsip.qr.typography import ellipsize, pixels, wrap_words
from html_parse import tags
from PIL import Image

URL = "https://dpmd-bangka.github.io/harmoni/kecamatan/merawang/baturusa/"
TEXT = posters.PosterText(
    office="Dinas Pemberdayaan Masyarakat dan Desa Kabupaten Bangka",
    site_name="Arsip HARMONI",
    place="Desa Baturusa",
    region="Kecamatan Merawang",
    url=URL,
    activities=tuple((f"{d} Mei 2024", "Judul kegiatan yang cukup panjang " * 3) for d in range(9)),
)
A4_POINTS = (595.4, 842.0)


def decode(image: Image.Image) -> list[str]:
    return [opened(result.text) for result in zxingcpp.read_barcodes(image)]


def pdf_page(data: bytes, dpi: int = 150) -> tuple[tuple[float, float], Image.Image]:
    """The size (points) and a rendering of the first page of a PDF."""
    document = pypdfium2.PdfDocument(data)
    page = document[0]
    size = page.get_size()
    image = page.render(scale=dpi / 72).to_pil()
    document.close()
    return size, image


def test_the_poster_png_is_a4_at_its_dpi_and_its_qr_code_scans():
    drawn = posters.render(TEXT, codes.matrix(URL))
    image = Image.open(io.BytesIO(drawn["png"]))
    assert image.size == (pixels(210, posters.DPI), pixels(297, posters.DPI)) == (1654, 2339)
    assert round(image.info["dpi"][0]) == posters.DPI
    assert decode(image) == [URL]


def test_the_poster_pdf_is_one_a4_page_whose_qr_code_scans():
    (size, image) = pdf_page(posters.render(TEXT, codes.matrix(URL))["pdf"])
    assert size == pytest.approx(A4_POINTS, abs=1)
    assert decode(image) == [URL]


def test_the_poster_pdf_shows_the_png_pixel_for_pixel_in_about_its_bytes():
    drawn = posters.render(TEXT, codes.matrix(URL))
    document = pypdfium2.PdfDocument(drawn["pdf"])
    try:
        (shown,) = document[0].get_objects(filter=[pypdfium2.raw.FPDF_PAGEOBJ_IMAGE])
        pdf_pixels = shown.get_bitmap(render=False).to_pil().convert("RGB")
    finally:
        document.close()
    png_pixels = Image.open(io.BytesIO(drawn["png"])).convert("RGB")
    assert pdf_pixels.size == png_pixels.size
    assert pdf_pixels.tobytes() == png_pixels.tobytes()  # lossless: no JPEG artefacts to print
    assert len(drawn["pdf"]) < len(drawn["png"]) + 4_000  # the PNG's data, not a second encoding


def test_only_a_palette_png_is_embedded_as_it_is():
    for mode in ("RGB", "L"):
        other = io.BytesIO()
        Image.new(mode, (8, 8)).save(other, format="PNG")
        with pytest.raises(ValueError):
            png_parts(other.getvalue())
    with pytest.raises(ValueError):
        png_parts(b"%PDF-1.4 bukan PNG")


def test_long_titles_are_shortened_and_lines_wrapped():
    fits = lambda text: len(text) <= 12  # noqa: E731 - a width rule for the test
    # stickers and posters shorten alike: at a word where one fits, else inside the word
    assert ellipsize("Pelatihan operator desa", fits) == "Pelatihan\u2026"
    assert ellipsize("Pemberdayaan desa", fits) == "Pemberdayaa\u2026"
    assert ellipsize("satu dua", fits) == "satu dua"
    assert wrap_words("Dinas Pemberdayaan Masyarakat dan Desa", fits, 2) == [
        "Dinas", "Pemberdayaa\u2026",
    ]  # fmt: skip
    assert wrap_words("satu dua tiga", fits, 2) == ["satu dua", "tiga"]


def test_the_poster_png_holds_only_its_own_colours_and_both_decoders_read_it():
    image = Image.open(io.BytesIO(posters.render(TEXT, codes.matrix(URL, codes.PRINT))["png"]))
    assert image.mode == "P"
    palette = set(zip(*[iter(posters.PALETTE.getpalette() or [])] * 3, strict=True))
    used = {colour for _count, colour in image.convert("RGB").getcolors(1000) or []}
    assert (255, 255, 255) in used and (0x00, 0x69, 0x5C) in used and (0, 0, 0) in used
    assert used <= palette and len(palette) <= 64
    assert decode(image) == [URL]
    grey = np.array(image.convert("L"))
    text, _points, _straight = cv2.QRCodeDetector().detectAndDecode(grey)
    assert opened(text) == URL


def test_each_address_gets_one_symbol_per_error_correction_level(monkeypatch):
    made: list[int] = []
    best_mask = masks.best

    def counted(code):
        made.append(code.error_correction)
        return best_mask(code)

    monkeypatch.setattr(masks, "best", counted)
    codes._code.cache_clear()
    codes._made.cache_clear()
    order = workers.Order(URL, {"png": "qr.png", "svg": "qr.svg"},
                          {TEXT: {"png": "poster.png", "pdf": "poster.pdf"}})  # fmt: skip
    files = dict(workers.make(order).files)
    # The PNG for screens and the SVG and poster for print: one symbol per level, made once.
    levels = {codes.version(URL, use)[1] for use in (codes.SCREEN, codes.PRINT)}
    assert sorted(made) == sorted(codes.LEVELS[level] for level in levels)
    codes._code.cache_clear()
    codes.matrix(URL, codes.Encoding("H", boost=False))
    codes.matrix(URL, codes.PRINT)
    assert len(made) == len(levels)  # another encoding of the same symbol: not made again
    assert set(files) == {"qr.png", "qr.svg", "poster.png", "poster.pdf"}
    assert decode(Image.open(io.BytesIO(files["poster.png"]))) == [URL]
    assert decode(Image.open(io.BytesIO(files["qr.png"]))) == [URL]


@pytest.mark.parametrize("processes", [True, False])
def test_codes_made_in_other_processes_or_a_thread_are_the_codes_made_here(tmp_path, processes):
    cache = MediaCache(tmp_path / "cache", tmp_path)
    files = store.CodeFiles(cache)
    count = workers.FEWEST_FOR_PROCESSES - (0 if processes else 2)  # the poster's is one more
    addresses = [f"{URL}k/2024-{n:03d}/" for n in range(count)]
    paths = {url: {kind: files.qr(url, kind) for kind in store.QR_KINDS} for url in addresses}
    poster = files.posters(TEXT)
    files.start()
    executor = files._pool and files._pool._executor
    assert isinstance(executor, workers.ProcessPoolExecutor) == processes
    files.finish()
    for url in addresses:
        assert Path(paths[url]["png"]).read_bytes() == codes.png(url)
        assert Path(paths[url]["svg"]).read_bytes() == codes.svg(url)
    drawn = posters.render(TEXT, codes.matrix(URL, codes.PRINT))
    assert {kind: Path(path).read_bytes() for kind, path in poster.items()} == drawn


def test_posters_are_cached_by_their_content(tmp_path, monkeypatch):
    cache = MediaCache(tmp_path / "cache", tmp_path)
    files = store.CodeFiles(cache)
    first = files.posters(TEXT)
    assert files.missing == 1
    files.finish()
    assert {k: Path(p).exists() for k, p in first.items()} == {"png": True, "pdf": True}

    again = store.CodeFiles(MediaCache(tmp_path / "cache", tmp_path))
    assert again.posters(TEXT) == first
    assert again.missing == 0  # nothing to draw
    changed = posters.PosterText(**{**TEXT.__dict__, "activities": TEXT.activities[1:]})
    assert again.posters(changed) != first
    assert again.missing == 1


def place_pages(site: Path) -> list[Path]:
    """Every built kecamatan and desa page."""
    return sorted(site.glob("kecamatan/*/index.html")) + sorted(
        site.glob("kecamatan/*/*/index.html")
    )


def test_every_kecamatan_and_desa_page_offers_its_qr_code_and_poster(demo_site):
    site_url = read_config(demo_site.project)["site_url"]
    pages = place_pages(demo_site.site)
    desa_pages = [p for p in pages if len(p.relative_to(demo_site.site).parts) == 4]
    assert len(pages) >= 8 + 8 and len(desa_pages) >= 8
    for page in pages:
        folder = page.parent
        url = site_url + folder.relative_to(demo_site.site).as_posix() + "/"
        files = {name: folder / name for name in ("qr.png", "qr.svg", "poster.png", "poster.pdf")}
        assert all(path.exists() for path in files.values()), folder
        assert decode(Image.open(files["qr.png"])) == [url]
        links = {a["href"] for a in tags(page, "a", inside="harmoni-poster")}
        assert links == {"poster.pdf", "poster.png"}
        (shown,) = tags(page, "img", inside="harmoni-qr")
        assert shown["src"] == "qr.png"
        assert Image.open(files["qr.png"]).size == (int(shown["width"]), int(shown["height"]))


@pytest.mark.parametrize("kind", ["png", "pdf"])
def test_each_desa_poster_scans_to_its_own_page(demo_site, kind):
    site_url = read_config(demo_site.project)["site_url"]
    desa_pages = sorted(demo_site.site.glob("kecamatan/*/*/index.html"))
    assert desa_pages
    for page in desa_pages:
        poster = page.parent / f"poster.{kind}"
        image = Image.open(poster) if kind == "png" else pdf_page(poster.read_bytes())[1]
        (scanned,) = decode(image)
        assert scanned.startswith(site_url)
        target = demo_site.site / scanned.removeprefix(site_url) / "index.html"
        assert target == page and target.exists()


def test_a_warm_build_draws_no_poster_or_qr_code(project, monkeypatch):
    build_project(project)

    def no_drawing(*args, **kwargs):
        raise AssertionError("image work in a warm build")

    monkeypatch.setattr(posters, "render", no_drawing)
    monkeypatch.setattr(codes, "png", no_drawing)
    monkeypatch.setattr(codes, "svg", no_drawing)
    monkeypatch.setattr(workers, "Pool", no_drawing)  # nor is any worker started
    again = build_project(project)
    assert (again.site / "kecamatan" / "merawang" / "batu-rusa" / "poster.pdf").exists()
