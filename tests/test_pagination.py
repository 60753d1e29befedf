"""Listing pages that stay small: a long listing (year, kategori, kecamatan, desa) is split into
pages of `kartu_per_halaman` cards; the first page keeps the listing's address, later ones are at
`…/halaman/<n>/`, linked in Indonesian; only first pages are in the navigation and the search;
warm builds stay exactly the clean build when an activity shifts the pages."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import build_project, clean_build_of, read_config, site_files, write_config
from harmoni_arsip import addresses
from harmoni_arsip.pages.listing import Listing, Pagination, paginate
from harmoni_arsip.problems import HarmoniError
from harmoni_arsip.settings import load_settings
from html_parse import tags
from test_browser import _served
from test_search import fragments

SIZE = 2
"""Cards per page in these tests: the demo's 6 activities of 2024 make 3 pages."""
NEW_ENTRY = """---
id: 2024-099
title: Musyawarah Desa Baturusa tentang Arsip Kegiatan
date: 2024-12-20
description: Musyawarah desa membahas arsip kegiatan.
kategori: lainnya
kecamatan: Merawang
desa: [Baturusa]
---

Musyawarah desa di Baturusa membahas cara menyimpan dokumentasi kegiatan.
"""


def paginated(project: Path, size: int = SIZE) -> Path:
    """`project` set to `size` cards per listing page."""
    config = read_config(project)
    config["extra"]["harmoni"]["kartu_per_halaman"] = size
    write_config(project, config)
    return project


def card_links(page: Path) -> list[str]:
    """The activity addresses a listing page's cards lead to, in order."""
    return [a["href"] for a in tags(page, "a", inside="harmoni-kartu")]


def page_links(page: Path) -> list[dict[str, str]]:
    """The links between the pages of a listing."""
    return tags(page, "a", inside="harmoni-halaman")


@pytest.mark.parametrize(
    ("src_uri", "number", "expected"),
    [
        ("arsip/2024/index.md", 1, "arsip/2024/index.md"),
        ("arsip/2024/index.md", 2, "arsip/2024/halaman/2/index.md"),
        ("kategori/pelatihan/index.md", 10, "kategori/pelatihan/halaman/10/index.md"),
        ("kecamatan/merawang/baturusa/index.md", 3,
         "kecamatan/merawang/baturusa/halaman/3/index.md"),
    ],
)  # fmt: skip
def test_later_pages_live_in_the_listing_folder_and_the_first_keeps_its_address(
    src_uri, number, expected
):
    assert addresses.listing_page_src_uri(src_uri, number) == expected
    assert addresses.site_url_of(expected, True).endswith("/")
    assert addresses.site_url_of(expected, False).endswith("/index.html")


@pytest.mark.parametrize(
    ("number", "count", "shown"),
    [
        (1, 1, [1]),
        (1, 3, [1, 2, 3]),
        (1, 80, [1, 2, 3, None, 80]),
        (40, 80, [1, None, 38, 39, 40, 41, 42, None, 80]),
        (80, 80, [1, None, 78, 79, 80]),
        (4, 7, [1, 2, 3, 4, 5, 6, 7]),
    ],
)
def test_the_page_links_stay_few_however_long_the_listing(number, count, shown):
    part = Pagination(number, tuple(f"p{n}" for n in range(1, count + 1)), 24)
    assert part.shown() == shown
    assert part.previous == (f"p{number - 1}" if number > 1 else None)
    assert part.next == (f"p{number + 1}" if number < count else None)


def test_a_listing_without_activities_still_has_its_one_page():
    (only,) = paginate(Listing("kategori/index.md", "Kategori", ""), 24)
    assert only.count == 1 and only.slice([]) == []


@pytest.mark.parametrize("value", [0, -3])
def test_cards_per_page_must_be_at_least_one(value):
    raw = {"kantor": "Dinas", "kategori": {"a": "A"}, "wilayah": {}, "kartu_per_halaman": value}
    with pytest.raises(HarmoniError, match=r"kartu_per_halaman` harus 1 atau lebih"):
        load_settings({"harmoni": raw})


def test_long_listings_are_split_into_linked_pages_of_cards(project):
    site = build_project(paginated(project)).site
    year = [site / "arsip" / "2024" / "index.html",
            site / "arsip" / "2024" / "halaman" / "2" / "index.html",
            site / "arsip" / "2024" / "halaman" / "3" / "index.html"]  # fmt: skip
    assert not (site / "arsip" / "2024" / "halaman" / "4").exists()
    cards = [card_links(page) for page in year]
    assert [len(c) for c in cards] == [SIZE, SIZE, 2]
    opened = [re.search(r"k/(\d{4}-\d{3})/$", link)[1] for c in cards for link in c]
    assert opened == [f"2024-00{n}" for n in range(6, 0, -1)]  # newest first, each once
    first, middle, last = (page_links(page) for page in year)
    assert [(a.get("rel"), a["href"]) for a in first] == [
        (None, "halaman/2/"), (None, "halaman/3/"), ("next", "halaman/2/")]  # fmt: skip
    assert [(a.get("rel"), a["href"]) for a in middle] == [
        ("prev", "../../"), (None, "../../"), (None, "../3/"), ("next", "../3/")]  # fmt: skip
    assert [a.get("rel") for a in last][0] == "prev" and "next" not in [a.get("rel") for a in last]
    middle_html = year[1].read_text("utf-8")
    assert 'aria-label="Halaman daftar kegiatan"' in middle_html
    assert "‹ Sebelumnya" in middle_html and "Berikutnya ›" in middle_html
    assert re.search(r'<span aria-current="page"[^>]*>2</span>', middle_html)
    assert "<title>Tahun 2024 (halaman 2 dari 3)" in middle_html
    assert "arsip/2024/halaman/" not in _nav(middle_html)  # the navigation lists first pages only
    # a kecamatan's later page has its cards but not the QR code and poster of its first page
    assert len(card_links(site / "kategori" / "lainnya" / "halaman" / "2" / "index.html")) == 2
    assert not (site / "kategori" / "lainnya" / "halaman" / "3").exists()
    indexed = fragments(site)
    assert {"/arsip/2024/", "/kategori/lainnya/", "/k/2024-001/"} <= set(indexed)
    assert not [url for url in indexed if "/halaman/" in url]  # one search result per listing
    sitemap = (site / "sitemap.xml").read_text("utf-8")
    assert "/arsip/2024/halaman/3/</loc>" in sitemap


def _nav(html: str) -> str:
    """The site navigation of a page (Material's primary sidebar)."""
    return html.split('class="md-nav md-nav--primary"', 1)[1].split("</nav>", 1)[0]


def test_a_place_keeps_its_qr_code_and_poster_on_its_first_page(project):
    (project / "kegiatan" / "2024" / "baru").mkdir()
    (project / "kegiatan" / "2024" / "baru" / "index.md").write_text(NEW_ENTRY, "utf-8")
    site = build_project(paginated(project)).site
    folder = site / "kecamatan" / "merawang"
    first, second = folder / "index.html", folder / "halaman" / "2" / "index.html"
    assert len(card_links(first)) == SIZE and len(card_links(second)) == 1
    assert "poster.pdf" in first.read_text("utf-8")
    assert "poster.pdf" not in second.read_text("utf-8")
    assert [a["href"] for a in tags(first, "a", inside="harmoni-daftar-halaman")] == [
        "batu-rusa/", "riding-panjang/"]  # fmt: skip
    assert "harmoni-daftar-halaman" not in second.read_text("utf-8")


def test_an_activity_that_shifts_the_pages_gives_the_clean_build_warm(project, tmp_path):
    build_project(paginated(project))
    new = project / "kegiatan" / "2024" / "baru"
    new.mkdir()
    (new / "index.md").write_text(NEW_ENTRY, "utf-8")  # newest of 2024: every card moves on
    warm = build_project(project)
    assert (warm.site / "arsip" / "2024" / "halaman" / "4" / "index.html").exists()
    assert _same_site(warm.site, clean_build_of(project, tmp_path / "bersih-1"))
    shutil.rmtree(new)  # and back: page 4 leaves the site
    warm = build_project(project)
    assert not (warm.site / "arsip" / "2024" / "halaman" / "4").exists()
    assert _same_site(warm.site, clean_build_of(project, tmp_path / "bersih-2"))


def _same_site(site: Path, clean: dict[str, bytes]) -> bool:
    """Whether the built `site` holds exactly the files of the clean build, byte for byte."""
    warm = site_files(site)
    assert sorted(warm) == sorted(clean)
    assert [name for name in clean if clean[name] != warm[name]] == []
    return True


@pytest.mark.browser
def test_on_a_phone_the_page_links_are_named_large_enough_and_lead_on(project, browser):
    site = build_project(paginated(project)).site
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                  has_touch=True, locale="id-ID")  # fmt: skip
    errors: list[str] = []
    try:
        with _served(site) as base:
            page = context.new_page()
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.goto(base + "arsip/2024/", wait_until="load")
            links = page.get_by_role("navigation", name="Halaman daftar kegiatan")
            current = links.locator("[aria-current=page]")
            assert current.inner_text() == "1"
            for link in links.get_by_role("link").all():
                box = link.bounding_box()
                assert box is not None and box["width"] >= 44 and box["height"] >= 44, box
            links.get_by_role("link", name="Halaman 3").focus()  # reachable by keyboard
            links.get_by_role("link", name="Berikutnya ›").tap()
            page.wait_for_url(base + "arsip/2024/halaman/2/")
            assert page.locator("h1").inner_text().startswith("Tahun 2024")
            assert links.locator("[aria-current=page]").inner_text() == "2"
    finally:
        context.close()
    assert errors == []
