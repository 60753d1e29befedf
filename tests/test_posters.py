"""QR codes and A4 posters of the desa and kecamatan pages: drawn, cached, published, scannable."""

from __future__ import annotations

import io
from pathlib import Path

import pypdfium2
import pytest
import zxingcpp
from conftest import build_project, opened, read_config
from harmoni_arsip.media.cache import MediaCache
from harmoni_arsip.qr import codes, posters, store
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


def test_posters_are_cached_by_their_content(tmp_path, monkeypatch):
    cache = MediaCache(tmp_path / "cache", tmp_path)
    first = store.cached_posters(cache, TEXT)
    assert {k: Path(p).exists() for k, p in first.items()} == {"png": True, "pdf": True}

    def no_drawing(*args, **kwargs):
        raise AssertionError("a cached poster was drawn again")

    monkeypatch.setattr(posters, "render", no_drawing)
    assert store.cached_posters(cache, TEXT) == first
    changed = posters.PosterText(**{**TEXT.__dict__, "activities": TEXT.activities[1:]})
    with pytest.raises(AssertionError, match="drawn again"):
        store.cached_posters(cache, changed)


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
    again = build_project(project)
    assert (again.site / "kecamatan" / "merawang" / "batu-rusa" / "poster.pdf").exists()
