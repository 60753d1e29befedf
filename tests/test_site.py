"""The demo archive built for real: pages at permanent URLs, galleries, facets, QR codes."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
import zxingcpp
from conftest import REPO, opened, read_config
from harmoni_arsip.addresses import slug
from html_parse import gallery_thumbnails, links_to_activities, tags
from PIL import Image

PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")


def demo_entries() -> list[dict]:
    """The demo entries' front matter, read independently of the pipeline."""
    entries = []
    for index in sorted((REPO / "kegiatan").rglob("index.md")):
        data = yaml.safe_load(index.read_text("utf-8").split("---")[1])
        data["folder"] = index.parent
        data["desa"] = [data["desa"]] if isinstance(data.get("desa"), str) else data.get("desa", [])
        entries.append(data)
    return entries


ENTRIES = demo_entries()


def gallery_photos(entry: dict) -> list[Path]:
    """Photo files of an entry's folder that belong in the gallery (not video posters)."""
    videos = {Path(v).stem for v in entry.get("video", []) if "://" not in v}
    return sorted(
        p for p in entry["folder"].iterdir()
        if p.suffix.lower() in PHOTO_SUFFIXES and p.stem not in videos
    )  # fmt: skip


def test_the_demo_builds_without_warnings(demo_site):
    assert demo_site.warnings == []


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e["id"])
def test_every_entry_has_a_page_at_its_permanent_url_listing_every_photo(demo_site, entry):
    page = demo_site.site / "k" / entry["id"] / "index.html"
    assert page.exists()
    html = page.read_text("utf-8")
    assert entry["title"] in html
    anchors = tags(page, "a", inside="harmoni-galeri")
    thumbs = gallery_thumbnails(page)
    without_js = gallery_thumbnails(page, deferred=False)
    assert len(anchors) == len(thumbs) == len(without_js) == len(gallery_photos(entry))
    for image, fallback in zip(thumbs, without_js, strict=True):
        assert "loading" not in image and image["alt"]  # harmoni.js loads it when near
        assert fallback["loading"] == "lazy"  # without JavaScript, the browser's lazy loading
        for key in ("src", "srcset", "sizes", "alt", "width", "height"):
            assert fallback[key] == image[key]
        published = page.parent / image["src"]
        assert published.exists()
        assert Image.open(published).size == (int(image["width"]), int(image["height"]))
    for anchor in anchors:
        assert (page.parent / anchor["href"]).exists()


def test_activity_pages_stay_out_of_the_navigation(demo_site):
    nav = {a["href"] for a in tags(demo_site.site / "index.html", "a", inside="md-nav")}
    assert not [href for href in nav if href.startswith("k/")]
    assert {"arsip/", "arsip/2024/", "kategori/", "kategori/pelatihan/", "kecamatan/"} <= nav
    assert "kecamatan/merawang/" in nav and "kecamatan/merawang/baturusa/" not in nav


def test_the_lightbox_is_loaded_only_when_a_photo_is_tapped(demo_site):
    page = demo_site.site / "k" / "2024-001" / "index.html"
    (gallery,) = [d for d in tags(page, "div") if "harmoni-galeri" in d.get("class", "").split()]
    for key in ("data-lightbox-js", "data-lightbox-css"):
        assert (page.parent / gallery[key]).resolve().is_file()
    for html in demo_site.site.rglob("*.html"):  # no page loads it up front (harmoni.js does)
        loaded = [s.get("src", "") for s in tags(html, "script")]
        loaded += [link.get("href", "") for link in tags(html, "link")]
        assert not [url for url in loaded if "glightbox" in url], html


def test_originals_are_not_published(demo_site):
    jpegs = [p for p in demo_site.site.rglob("*") if p.suffix.lower() in (".jpg", ".jpeg")]
    originals = {p.read_bytes() for p in (REPO / "kegiatan").rglob("*.jpg")}
    assert all(p.name.endswith("-bagikan.jpg") for p in jpegs)  # only link-preview copies
    assert not [p for p in jpegs if p.read_bytes() in originals]


def test_published_images_are_upright_stripped_and_sized(demo_site):
    config = read_config(demo_site.project)["extra"]["harmoni"]["foto"]
    allowed = set(config["gambar_kecil"] + config["gambar_tampilan"])
    webps = list((demo_site.site / "k").rglob("*.webp"))
    assert webps
    for path in webps:
        data = path.read_bytes()
        assert b"Exif" not in data and b"GPS" not in data and b"XMP " not in data
        image = Image.open(path)
        assert not image.getexif()
        label = int(path.stem.rsplit("-", 1)[1])
        assert label in allowed
        if "-sampul-" not in path.name:  # video posters are as small as their video
            assert max(image.size) == min(label, 1200)  # demo photos are 1200 px; no upscaling
    # The demo's sideways portrait (stored 1200×900 with orientation 6) comes out portrait.
    portrait = Image.open(demo_site.site / "k" / "2024-003" / "foto-02-560.webp")
    assert portrait.size == (420, 560)


def test_every_qr_code_decodes_to_its_page(demo_site):
    site_url = read_config(demo_site.project)["site_url"]
    codes = sorted((demo_site.site / "k").glob("*/qr.png"))
    assert len(codes) == len(ENTRIES)
    for png in codes:
        (result,) = zxingcpp.read_barcodes(Image.open(png))
        entry_id = png.parent.name
        # Scheme and host travel in upper case (a smaller code); the path keeps its case.
        host, path = site_url.split("/", 3)[2], "/" + site_url.split("/", 3)[3]
        assert result.text == f"HTTPS://{host.upper()}{path}k/{entry_id}/"
        assert opened(result.text) == f"{site_url}k/{entry_id}/"
        page = demo_site.site / opened(result.text).removeprefix(site_url) / "index.html"
        assert page == demo_site.site / "k" / entry_id / "index.html" and page.exists()
        (shown,) = tags(page, "img", inside="harmoni-qr")
        assert Image.open(png).size == (int(shown["width"]), int(shown["height"]))
        svg = (png.parent / "qr.svg").read_text("utf-8")
        assert svg.startswith("<?xml") and "<path" in svg


def facet_cases():
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text("utf-8"))["extra"]["harmoni"]
    for key in config["kategori"]:
        yield f"kategori/{key}", {e["id"] for e in ENTRIES if e["kategori"] == key}
    for year in {e["date"].year for e in ENTRIES}:
        yield f"arsip/{year}", {e["id"] for e in ENTRIES if e["date"].year == year}
    for kecamatan, desa_names in config["wilayah"].items():
        in_kecamatan = {e["id"] for e in ENTRIES if e.get("kecamatan") == kecamatan}
        yield f"kecamatan/{slug(kecamatan)}", in_kecamatan
        for desa in desa_names:
            ids = {e["id"] for e in ENTRIES if e.get("kecamatan") == kecamatan
                   and desa in e["desa"]}  # fmt: skip
            if ids:  # a desa without activities gets no page (see the next test)
                yield f"kecamatan/{slug(kecamatan)}/{slug(desa)}", ids


def test_desa_without_activities_are_named_on_their_kecamatan_page(demo_site):
    page = demo_site.site / "kecamatan" / "belinyu" / "index.html"
    html = page.read_text("utf-8")
    assert "Belum ada kegiatan yang didokumentasikan di: Kuto Panji, Air Jukung," in html
    assert (demo_site.site / "kecamatan" / "belinyu" / "lumut" / "index.html").exists()
    assert not (demo_site.site / "kecamatan" / "belinyu" / "bintet").exists()


# Ids from sorted sets: every xdist worker must collect the same names (set order follows the hash
# seed, which differs between processes).
@pytest.mark.parametrize(
    ("path", "expected"),
    list(facet_cases()),
    ids=lambda v: str(sorted(v) if isinstance(v, set) else v)[:40],
)
def test_facet_pages_list_exactly_their_entries(demo_site, path, expected):
    page = demo_site.site / path / "index.html"
    assert links_to_activities(page) == expected


def test_home_page_shows_the_latest_activities(demo_site):
    page = demo_site.site / "index.html"
    latest = sorted(ENTRIES, key=lambda e: (e["date"], e["id"]), reverse=True)[:12]
    assert links_to_activities(page) == {e["id"] for e in latest}
    assert "harmoni:kegiatan-terbaru" not in page.read_text("utf-8")


def test_local_video_gets_a_poster_and_platform_videos_load_nothing(demo_site):
    page = demo_site.site / "k" / "2024-004" / "index.html"
    (video,) = tags(page, "video")
    assert (page.parent / video["poster"]).exists()
    (source,) = tags(page, "source")
    assert (page.parent / source["src"]).exists()
    youtube = demo_site.site / "k" / "2024-005" / "index.html"
    assert tags(youtube, "iframe") == []
    (card,) = [t for t in tags(youtube, "div") if "data-sematan" in t]
    assert card["data-sematan"].startswith("https://www.youtube-nocookie.com/embed/")
