"""The Atom feed, the sitemap and the open data (JSON, CSV) of real builds, and hostile text in
every place the archive exports it."""

from __future__ import annotations

import csv
import datetime
import io
import json
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from conftest import build_project, list_photos, read_config, write_config
from harmoni_arsip import regions
from html_parse import resolve, tags
from PIL import Image
from test_previews import head_meta, json_ld, site_file
from test_site import ENTRIES, facet_cases, gallery_photos

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWEST_FIRST = sorted(ENTRIES, key=lambda e: (e["date"], e["id"]), reverse=True)


@pytest.fixture(scope="module")
def config(demo_site) -> dict:
    return read_config(demo_site.project)


def read_csv(site: Path) -> list[dict[str, str]]:
    """The rows of the CSV export, read as Excel-minded programs do (BOM-aware)."""
    data = (site / "data" / "kegiatan.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM, so Excel reads it as UTF-8
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def read_json(site: Path) -> dict:
    return json.loads((site / "data" / "kegiatan.json").read_text("utf-8"))


def feed_entries(site: Path) -> list[ET.Element]:
    return ET.parse(site / "feed.xml").getroot().findall(f"{ATOM}entry")


# -- feed ---------------------------------------------------------------------------------------


def test_feed_lists_the_newest_activities_with_their_permanent_urls(demo_site, config):
    site_url, limit = config["site_url"], config["extra"]["harmoni"]["umpan_jumlah"]
    root = ET.parse(demo_site.site / "feed.xml").getroot()
    assert root.tag == f"{ATOM}feed"
    self_link = root.find(f"{ATOM}link[@rel='self']").get("href")
    assert self_link == f"{site_url}feed.xml"
    assert root.findtext(f"{ATOM}updated") == f"{NEWEST_FIRST[0]['date'].isoformat()}T00:00:00Z"
    entries = feed_entries(demo_site.site)
    expected = NEWEST_FIRST[:limit]
    assert len(entries) == len(expected)
    for element, entry in zip(entries, expected, strict=True):
        permanent = f"{site_url}k/{entry['id']}/"
        assert element.findtext(f"{ATOM}id") == permanent
        assert element.find(f"{ATOM}link[@rel='alternate']").get("href") == permanent
        assert element.findtext(f"{ATOM}title") == entry["title"]
        assert element.findtext(f"{ATOM}summary") == entry["description"]
        assert element.findtext(f"{ATOM}updated").startswith(entry["date"].isoformat())
        assert element.find(f"{ATOM}category").get("term") == entry["kategori"]
        assert (demo_site.site / "k" / entry["id"] / "index.html").exists()


# -- sitemap ------------------------------------------------------------------------------------


def test_sitemap_lists_every_activity_and_listing_once(demo_site, config):
    site_url = config["site_url"]
    root = ET.parse(demo_site.site / "sitemap.xml").getroot()
    locations = [loc.text for loc in root.iter(f"{SITEMAP}loc")]
    assert len(locations) == len(set(locations))
    expected = {f"{site_url}k/{e['id']}/" for e in ENTRIES}
    expected |= {f"{site_url}{path}/" for path, _ in facet_cases()}
    expected |= {f"{site_url}{root}/" for root in ("arsip", "kategori", "kecamatan")}
    expected |= {site_url, f"{site_url}data-terbuka/"}
    assert expected <= set(locations)
    for url in locations:
        assert site_file(demo_site.site, site_url, url).exists()


# -- open data ----------------------------------------------------------------------------------


class _ColumnNames(HTMLParser):
    """The `<code>` texts in the open-data page's field table."""

    def __init__(self) -> None:
        super().__init__()
        self.names: list[str] = []
        self._in_table = self._in_code = False

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._in_table = "harmoni-kolom" in (dict(attrs).get("class") or "")
        self._in_code = self._in_table and tag == "code"

    def handle_endtag(self, tag):
        self._in_code = False
        if tag == "table":
            self._in_table = False

    def handle_data(self, data):
        if self._in_code:
            self.names.append(data)


def test_open_data_page_documents_exactly_the_csv_columns(demo_site):
    parser = _ColumnNames()
    parser.feed((demo_site.site / "data-terbuka" / "index.html").read_text("utf-8"))
    header = (demo_site.site / "data" / "kegiatan.csv").read_text("utf-8-sig").splitlines()[0]
    assert parser.names == header.split(",")
    assert parser.names == list(read_json(demo_site.site)["kegiatan"][0])


def test_open_data_page_links_the_files(demo_site):
    page = demo_site.site / "data-terbuka" / "index.html"
    targets = {resolve(page, a["href"], demo_site.site, "") for a in tags(page, "a")}
    for name in ("data/kegiatan.csv", "data/kegiatan.json", "feed.xml"):
        assert demo_site.site / name in targets


def expected_row(entry: dict, config: dict) -> dict[str, str]:
    """What the CSV must say of an entry, from its front matter (read independently)."""
    harmoni = config["extra"]["harmoni"]
    region = harmoni["wilayah_nama"]
    official = [regions.find(f"{d}, {entry['kecamatan']}, {region}") for d in entry["desa"]]
    return {
        "id": entry["id"],
        "url": f"{config['site_url']}k/{entry['id']}/",
        "judul": entry["title"],
        "tanggal": entry["date"].isoformat(),
        "kategori": entry["kategori"],
        "kategori_nama": harmoni["kategori"][entry["kategori"]],
        "kecamatan": entry["kecamatan"],
        "desa": "; ".join(r.name for r in official),  # entries may spell it as people do
        "kode_kecamatan": official[0].parent_code,  # every demo entry names its desa
        "kode_desa": "; ".join(r.code for r in official),
        "jumlah_foto": str(len(gallery_photos(entry))),
        "jumlah_video": str(len(entry.get("video", []))),
        "media_sosial": "; ".join(entry.get("media_sosial", [])),
        "deskripsi": entry.get("description", ""),
    }


def test_csv_lists_every_activity_of_the_build(demo_site, config):
    rows = read_csv(demo_site.site)
    assert [row["id"] for row in rows] == [e["id"] for e in NEWEST_FIRST]
    for row, entry in zip(rows, NEWEST_FIRST, strict=True):
        cover = row.pop("sampul_url")
        assert row == expected_row(entry, config)
        image = site_file(demo_site.site, config["site_url"], cover)
        assert image.parent == demo_site.site / "k" / entry["id"]
        if "sampul" in entry:
            assert image.name.startswith(Path(entry["sampul"]).stem + "-")
        assert Image.open(image).format == "JPEG"  # the link-preview copy of the cover


def test_json_holds_the_same_records_with_real_lists(demo_site):
    document = read_json(demo_site.site)
    records = document["kegiatan"]
    assert document["jumlah"] == len(records) == len(ENTRIES)
    assert document["diperbarui"] == NEWEST_FIRST[0]["date"].isoformat()
    assert document["lisensi"]
    for record, row in zip(records, read_csv(demo_site.site), strict=True):
        assert isinstance(record["desa"], list) and isinstance(record["jumlah_foto"], int)
        flat = {k: "; ".join(v) if isinstance(v, list) else str(v) for k, v in record.items()}
        assert flat == row


# -- a variant project: hostile text, a withdrawn entry, a form for feedback, a short feed and no
# -- directory URLs ------------------------------------------------------------------------------

TITLE = "</script><script>alert(\"t\")</script> Rapat & 'Diskusi' <b>"
DESCRIPTION = 'x" onmouseover="alert(1)" & <img src=x onerror=alert(2)>'
FORM = "https://formulir.contoh.go.id/isi?usp=pp_url&entry.1={teks}"
HOSTILE_ID = "2026-050"
WITHDRAWN_ID = "2024-004"


def add_hostile_entry(project: Path) -> None:
    """An entry whose title and description try to break out of every format."""
    folder = project / "kegiatan" / "2026" / "hostile"
    folder.mkdir(parents=True)
    front = {"id": HOSTILE_ID, "title": TITLE, "date": datetime.date(2026, 7, 1),
             "kategori": "pelatihan", "description": DESCRIPTION, "kecamatan": "Merawang",
             "desa": "Baturusa"}  # fmt: skip
    text = "---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\n\nNarasi.\n"
    (folder / "index.md").write_text(text, "utf-8")
    Image.new("RGB", (800, 600), (200, 80, 40)).save(folder / "foto-01.jpg", "JPEG")
    list_photos(folder, "foto-01.jpg")


@pytest.fixture(scope="module")
def variant(tmp_path_factory, warm_copy):
    project = warm_copy(tmp_path_factory.mktemp("varian") / "proyek")
    config = read_config(project)
    config["use_directory_urls"] = False
    config["extra"]["harmoni"]["umpan_jumlah"] = 3
    config["extra"]["harmoni"]["masukan"] = {"formulir": FORM}
    write_config(project, config)
    add_hostile_entry(project)
    withdraw(project, WITHDRAWN_ID)
    return build_project(project)


def withdraw(project: Path, entry_id: str) -> None:
    """Mark an entry withdrawn, as staff do (see tests/test_safety.py)."""
    (index,) = [p for p in (project / "kegiatan").rglob("index.md")
                if f"id: {entry_id}\n" in p.read_text("utf-8")]  # fmt: skip
    text = index.read_text("utf-8")
    withdrawal = "---\nditarik:\n  tanggal: 2025-01-10\n  alasan: Permintaan warga.\n"
    index.write_text(text.replace("---\n", withdrawal, 1), "utf-8")


def test_hostile_title_stays_text_in_meta_and_json_ld(variant):
    page = variant.site / "k" / HOSTILE_ID / "index.html"
    html = page.read_text("utf-8")
    assert "<script>alert" not in html and "<img src=x" not in html and "<b>" not in html
    meta = head_meta(page)
    assert meta["og:title"] == meta["twitter:title"] == TITLE
    assert meta["og:description"] == DESCRIPTION
    (description,) = [m for m in tags(page, "meta") if m.get("name") == "description"]
    assert description == {"name": "description", "content": DESCRIPTION}  # the theme's own
    (event,) = json_ld(page)
    assert event["name"] == TITLE and event["description"] == DESCRIPTION
    script = html[html.index('<script type="application/ld+json">') :]
    script = script[len('<script type="application/ld+json">') : script.index("</script>")]
    assert "<" not in script and "\\u003c/script\\u003e" in script


def test_hostile_title_stays_text_in_feed_csv_and_json(variant):
    raw = (variant.site / "feed.xml").read_bytes()
    assert b"<script>" not in raw and b"<b>" not in raw
    first = feed_entries(variant.site)[0]
    assert first.findtext(f"{ATOM}title") == TITLE
    assert first.findtext(f"{ATOM}summary") == DESCRIPTION
    (row,) = [r for r in read_csv(variant.site) if r["id"] == HOSTILE_ID]
    assert (row["judul"], row["deskripsi"]) == (TITLE, DESCRIPTION)
    (record,) = [r for r in read_json(variant.site)["kegiatan"] if r["id"] == HOSTILE_ID]
    assert (record["judul"], record["deskripsi"]) == (TITLE, DESCRIPTION)


def test_feed_stops_at_the_configured_number(variant):
    site_url = read_config(variant.project)["site_url"]
    ids = [e.findtext(f"{ATOM}id") for e in feed_entries(variant.site)]
    newest = [HOSTILE_ID] + [e["id"] for e in NEWEST_FIRST[:2]]
    assert ids == [f"{site_url}k/{entry_id}/" for entry_id in newest]
    assert len(read_csv(variant.site)) == len(ENTRIES)  # all published: one new, one withdrawn


def test_withdrawn_entry_is_in_no_export_and_previews_no_photo(variant):
    site_url = read_config(variant.project)["site_url"]
    permanent = f"{site_url}k/{WITHDRAWN_ID}/"
    assert WITHDRAWN_ID not in {row["id"] for row in read_csv(variant.site)}
    assert WITHDRAWN_ID not in {r["id"] for r in read_json(variant.site)["kegiatan"]}
    assert permanent.encode() not in (variant.site / "feed.xml").read_bytes()
    meta = head_meta(variant.site / "k" / WITHDRAWN_ID / "index.html")
    assert meta["og:url"] == permanent and meta["twitter:card"] == "summary"
    assert "og:image" not in meta and "twitter:image" not in meta
    assert json_ld(variant.site / "k" / WITHDRAWN_ID / "index.html") == []


def test_form_feedback_carries_the_hostile_title_encoded(variant):
    site_url = read_config(variant.project)["site_url"]
    page = variant.site / "k" / HOSTILE_ID / "index.html"
    links = tags(page, "a", inside="harmoni-masukan")
    assert [a["data-saluran"] for a in links] == ["formulir"]  # only what is configured
    url = urlsplit(links[0]["href"])
    assert (url.scheme, url.netloc, url.path) == ("https", "formulir.contoh.go.id", "/isi")
    query = parse_qs(url.query)
    assert query["usp"] == ["pp_url"]
    (text,) = query["entry.1"]
    assert TITLE in text and HOSTILE_ID in text and f"{site_url}k/{HOSTILE_ID}/" in text


def test_without_directory_urls_the_permanent_url_stays_canonical(variant):
    site_url = read_config(variant.project)["site_url"]
    page = variant.site / "k" / HOSTILE_ID / "index.html"
    permanent = f"{site_url}k/{HOSTILE_ID}/"
    canonical = [link["href"] for link in tags(page, "link") if link.get("rel") == "canonical"]
    assert canonical == [permanent] and head_meta(page)["og:url"] == permanent
    assert site_file(variant.site, site_url, head_meta(page)["og:image"]).exists()
    (feed,) = [link for link in tags(page, "link") if link.get("type") == "application/atom+xml"]
    assert resolve(page, feed["href"], variant.site, "") == variant.site / "feed.xml"
    sitemap = ET.parse(variant.site / "sitemap.xml").getroot()
    locations = [loc.text for loc in sitemap.iter(f"{SITEMAP}loc")]
    assert permanent in locations and len(locations) == len(set(locations))
