"""The archive's search: Pagefind's bundle made by the build, and the search box in a real
headless Chromium at phone size.

What Pagefind indexed is read from its own output (its fragments are gzipped JSON); what a
citizen finds is typed into the box of the served demo, also under a sub-path (`/harmoni/`), as
on GitHub Pages. Stemming is Pagefind's Indonesian (`<html lang="id">`): "latih" must find
exactly the activities that say "pelatihan".
"""

from __future__ import annotations

import gzip
import json
from http.server import SimpleHTTPRequestHandler
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from conftest import build_project
from test_browser import (
    ARTIFACTS,
    HEIGHT,
    TIMEOUT_MS,
    WIDTH,
    Watched,
    _keep_local,
    _served,
)
from test_site import ENTRIES

SEARCH_FILES = ("harmoni-cari.js", "/pagefind/", "cari/nama.json")
"""Requests that only a search may make."""


def fragments(site: Path) -> dict[str, dict]:
    """Pagefind's record of every indexed page (its URL, text, metadata and filters)."""
    found = {}
    for path in (site / "pagefind" / "fragment").iterdir():
        data = json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
        found[data["url"]] = data
    return found


def test_the_bundle_is_published_without_what_the_box_does_not_use(demo_site):
    bundle = demo_site.site / "pagefind"
    names = {path.name for path in bundle.iterdir()}
    assert {"pagefind.js", "pagefind-entry.json", "wasm.id.pagefind"} <= names
    assert not {"pagefind-ui.js", "pagefind-component-ui.js", "pagefind-worker.js"} & names
    entry = json.loads((bundle / "pagefind-entry.json").read_text("utf-8"))
    assert list(entry["languages"]) == ["id"]  # Material's `language: id` → <html lang="id">
    assert not (demo_site.site / "search").exists()  # Material's lunr index is gone
    assert "search" not in (demo_site.site / "index.html").read_text("utf-8").split("<body")[0]


def test_activities_are_indexed_by_title_and_narrative_with_clean_facts(demo_site):
    indexed = fragments(demo_site.site)
    for entry in ENTRIES:
        record = indexed[f"/k/{entry['id']}/"]
        assert record["meta"]["title"] == entry["title"]
        body = entry["folder"].joinpath("index.md").read_text("utf-8").split("---", 2)[2]
        sentence = next(line for line in body.splitlines() if line.strip())
        assert " ".join(sentence.split()[:4]) in record["content"]
        # gallery, share links and QR code, and the facts' labels, are left out
        for left_out in ("Galeri foto", "Salin tautan", "Unduh SVG", "Nomor arsip", "Contoh Entri"):
            assert left_out not in record["content"], (entry["id"], left_out)
        assert record["filters"]["jenis"] == ["kegiatan"]
        assert record["filters"]["tahun"] == [str(entry["date"].year)]
        assert record["meta"]["tanggal"].endswith(str(entry["date"].year))
        assert record["meta"]["image"] == ""  # no photo URL in the index


def test_facts_labels_and_values_are_separated_in_the_page_text(demo_site, browser):
    page = browser.new_page()
    try:
        page.goto((demo_site.site / "k" / "2024-005" / "index.html").as_uri())
        text = " ".join(page.locator(".harmoni-fakta").inner_text().split())
        assert "Tanggal 14 Agustus 2024" in text.replace("\n", " ")
    finally:
        page.close()


def test_listings_are_indexed_by_name_and_guides_as_guides(demo_site):
    indexed = fragments(demo_site.site)
    merawang = indexed["/kecamatan/merawang/"]
    assert merawang["meta"]["title"] == "Kecamatan Merawang"
    assert merawang["filters"]["jenis"] == ["tempat"]
    assert "Pelatihan" not in merawang["content"]  # the cards (other pages' text) are left out
    assert indexed["/kategori/pelatihan/"]["filters"]["jenis"] == ["kategori"]
    assert indexed["/arsip/2024/"]["filters"]["jenis"] == ["tahun"]
    guide = indexed["/panduan-staf/"]
    assert guide["filters"]["jenis"] == ["panduan"] and "¶" not in guide["meta"]["title"]
    assert not {"/", "/statistik/", "/cari/", "/admin/"} & set(indexed)


def _changed(project: Path, word: str) -> None:
    """Add `word` to the narrative of activity 2024-005."""
    index = next((project / "kegiatan").rglob("*pelatihan-konten*/index.md"))
    index.write_text(index.read_text("utf-8") + f"\nKata uji: {word}.\n", "utf-8")


def test_an_unchanged_site_is_not_indexed_again_and_a_change_is(project):
    cache = project / ".cache" / "harmoni" / "pagefind"
    bundle = build_project(project).site / "pagefind"
    cached = {path: path.stat().st_ino for path in cache.rglob("*") if path.is_file()}
    published = {path: path.read_bytes() for path in bundle.rglob("*") if path.is_file()}
    in_place = {path: path.stat().st_ino for path in published}
    build_project(project)
    # not indexed again: the cached bundle untouched, the site's copy kept where it was
    assert {path: path.stat().st_ino for path in cache.rglob("*") if path.is_file()} == cached
    assert {path: path.read_bytes() for path in bundle.rglob("*") if path.is_file()} == published
    assert {path: path.stat().st_ino for path in published} == in_place
    _changed(project, "zebrakuda")
    site = build_project(project).site
    assert "zebrakuda" in fragments(site)["/k/2024-005/"]["content"]
    assert len(list((project / ".cache" / "harmoni" / "pagefind").iterdir())) <= 2


# --- in the browser --------------------------------------------------------------------------


class _SubPathHandler(SimpleHTTPRequestHandler):
    """Serves the site under /harmoni/, as GitHub Pages serves a project site."""

    def log_message(self, format, *args):  # noqa: A002 - the standard library's name
        pass

    def translate_path(self, path):
        return super().translate_path(path.removeprefix("/harmoni"))


@pytest.fixture(scope="module")
def sub_path_url(demo_site):
    with _served(demo_site.site, _SubPathHandler) as base:
        yield base + "harmoni/"


@pytest.fixture(scope="module")
def site_url(demo_site):
    with _served(demo_site.site) as url:
        yield url


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        viewport={"width": WIDTH, "height": HEIGHT}, device_scale_factor=2, is_mobile=True,
        has_touch=True, locale="id-ID", service_workers="block",
    )  # fmt: skip
    context.set_default_timeout(TIMEOUT_MS)
    context.route("**/*", _keep_local)
    try:
        yield Watched(context.new_page())
    finally:
        context.close()


def _search(page, words: str) -> dict[str, list[str]]:
    """Type `words` into the header's box; the results by group title (without the count)."""
    box = page.locator("form.harmoni-cari input")
    box.tap()
    box.fill(words)
    page.wait_for_function(
        "(w) => document.querySelector('.harmoni-cari-hasil')?.dataset.selesai === w", arg=words
    )
    groups = {}
    for group in page.locator(".harmoni-cari-kelompok").all():
        items = group.locator("xpath=following-sibling::ul[1]/li/a")
        groups[group.inner_text().split(" (")[0]] = [a.get_attribute("href") for a in items.all()]
    return groups


def _count(page, title: str) -> int:
    for group in page.locator(".harmoni-cari-kelompok").all():
        if group.inner_text().startswith(title + " ("):
            return int(group.inner_text().split("(")[1].rstrip(")"))
    return 0


def _indexed_part(html: str) -> str:
    """The part of an activity page that the index reads (title, facts, narrative)."""
    parts = html.split("data-pagefind-body", 1)[1].split('<div class="harmoni-kegiatan">')
    return parts[0] + parts[1]


def _activities_saying(site: Path, word: str) -> set[str]:
    return {
        f"/k/{page.parent.name}/"
        for page in site.glob("k/*/index.html")
        if word in _indexed_part(page.read_text("utf-8")).lower()
    }


@pytest.mark.parametrize(
    ("stem", "word"),
    [("latih", "pelatihan"), ("bina", "pembinaan"), ("daya", "pemberdayaan")],
)
def test_indonesian_stems_find_the_activities_that_use_the_word(
    demo_site, site_url, phone, stem, word
):
    expected = _activities_saying(demo_site.site, word)
    assert expected, f"the demo has no activity saying {word!r}"
    page = phone.page
    page.goto(urljoin(site_url, "k/2024-004/"), wait_until="load")
    by_word = _search(page, word)["Kegiatan"]
    by_stem = _search(page, stem)["Kegiatan"]
    assert _count(page, "Kegiatan") == len(expected)
    assert by_stem == by_word
    assert {urlsplit(href).path for href in by_stem} <= expected
    assert not phone.errors and not phone.local_failures


def test_a_place_name_offers_its_page_and_a_typo_the_nearest_name(site_url, phone):
    page = phone.page
    page.goto(urljoin(site_url, "k/2024-004/"), wait_until="load")
    found = _search(page, "merawang")
    places = found["Tempat, kategori dan tahun"]
    assert places[0] == "/kecamatan/merawang/"
    assert (
        list(found)
        == ["Kegiatan", "Tempat, kategori dan tahun", "Panduan dan informasi"][: len(found)]
    )
    _search(page, "baturasa")
    hint = page.locator(".harmoni-cari-saran")
    assert hint.inner_text() == "Mungkin maksud Anda: Batu Rusa"
    hint.locator("a").tap()
    page.wait_for_function(
        "() => document.querySelector('.harmoni-cari-hasil')?.dataset.selesai === 'Batu Rusa'"
    )
    assert _count(page, "Kegiatan") >= 1
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"cari-baturusa-{WIDTH}x{HEIGHT}.png"))
    assert not phone.errors and not phone.local_failures


def test_a_page_nobody_searches_loads_no_search_code_index_or_sitemap(site_url, phone):
    page = phone.page
    page.goto(urljoin(site_url, "k/2024-004/"), wait_until="load")
    page.wait_for_load_state("networkidle")
    page.mouse.wheel(0, 2000)
    page.wait_for_timeout(500)
    assert not [url for url in phone.requests if any(part in url for part in SEARCH_FILES)]
    assert not [url for url in phone.requests if "sitemap.xml" in url]
    # the feed stays discoverable in the page as served
    html = (page.request.get(page.url)).text()
    assert 'rel="alternate" type="application/atom+xml"' in html


def test_search_works_under_a_sub_path(sub_path_url, phone):
    page = phone.page
    page.goto(urljoin(sub_path_url, "kategori/"), wait_until="load")
    found = _search(page, "pelatihan")
    assert found["Kegiatan"] and all(href.startswith("/harmoni/k/") for href in found["Kegiatan"])
    assert any("/harmoni/pagefind/pagefind.js" in url for url in phone.requests)
    page.locator(".harmoni-cari-daftar a").first.tap()
    page.wait_for_url(urljoin(sub_path_url, found["Kegiatan"][0]))
    assert not phone.errors and not phone.local_failures


def test_the_search_page_takes_words_from_its_address(site_url, phone):
    page = phone.page
    page.goto(urljoin(site_url, "cari/?q=pemberdayaan"), wait_until="load")
    page.wait_for_function(
        "() => document.querySelector('.harmoni-cari-hasil')?.dataset.selesai === 'pemberdayaan'"
    )
    assert _count(page, "Kegiatan") >= 1
    assert page.locator("form.harmoni-cari input").input_value() == "pemberdayaan"


def test_without_javascript_the_box_leads_to_the_listings(site_url, browser):
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT},
                                  java_script_enabled=False)  # fmt: skip
    try:
        page = context.new_page()
        page.goto(urljoin(site_url, "k/2024-004/"), wait_until="load")
        box = page.locator("form.harmoni-cari input")
        box.fill("merawang")
        box.press("Enter")
        page.wait_for_url("**/cari/?q=merawang")
        assert "Pencarian memerlukan JavaScript" in page.inner_text("article")
        page.locator("article").get_by_role("link", name="Kecamatan dan desa").click()
        page.wait_for_url(urljoin(site_url, "kecamatan/"))
    finally:
        context.close()
