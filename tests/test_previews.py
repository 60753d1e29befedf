"""Link previews, schema.org data and feedback links of the built demo archive."""

from __future__ import annotations

import datetime
import json
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import read_config
from harmoni_arsip import regions
from harmoni_arsip.entries import Entry
from harmoni_arsip.pages.feedback import feedback_links
from harmoni_arsip.pages.head import insert_into_head
from harmoni_arsip.settings import FeedbackSettings, check_feedback
from html_parse import resolve, tags
from PIL import Image
from test_site import ENTRIES

FEED_TYPE = "application/atom+xml"
ENTRY = Entry(
    id="x", title="X", date=datetime.date(2024, 1, 1), description="", kategori="lainnya",
    kecamatan=(), places=(), tags=(), photos=(), cover=None, videos=(), social=(),
    example=False, body="", folder=Path("."), source="x/index.md",
)  # fmt: skip


class _ScriptText(HTMLParser):
    """The text of every `<script type="application/ld+json">`."""

    def __init__(self) -> None:
        super().__init__()
        self.blocks: list[str] = []
        self._inside = False

    def handle_starttag(self, tag, attrs):
        self._inside = tag == "script" and dict(attrs).get("type") == "application/ld+json"
        if self._inside:
            self.blocks.append("")

    def handle_endtag(self, tag):
        self._inside = False

    def handle_data(self, data):
        if self._inside:
            self.blocks[-1] += data


def json_ld(page: Path) -> list[dict]:
    """Every JSON-LD block of a built page, parsed."""
    parser = _ScriptText()
    parser.feed(page.read_text("utf-8"))
    return [json.loads(block) for block in parser.blocks]


def head_meta(page: Path) -> dict[str, str]:
    """Open Graph and Twitter meta tags of a page: property (or name) → content."""
    found = {}
    for meta in tags(page, "meta"):
        key = meta.get("property") or meta.get("name", "")
        if key.startswith(("og:", "twitter:")):
            assert key not in found, f"{key} twice"
            found[key] = meta["content"]
    return found


def site_file(site: Path, site_url: str, url: str) -> Path:
    """The built file an absolute URL of the site points at."""
    assert url.startswith(site_url), url
    return resolve(site / "index.html", url.removeprefix(site_url), site, "")


@pytest.fixture(scope="module")
def config(demo_site) -> dict:
    return read_config(demo_site.project)


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e["id"])
def test_activity_previews_name_the_permanent_url_and_an_existing_cover(demo_site, config, entry):
    site_url = config["site_url"]
    page = demo_site.site / "k" / entry["id"] / "index.html"
    meta = head_meta(page)
    permanent = f"{site_url}k/{entry['id']}/"
    assert meta["og:type"] == "article" and meta["og:locale"] == "id_ID"
    assert meta["og:url"] == permanent and meta["og:site_name"] == config["site_name"]
    assert meta["og:title"] == meta["twitter:title"] == entry["title"]
    assert meta["og:description"] == entry["description"]
    assert meta["twitter:card"] == "summary_large_image"
    assert meta["og:image"] == meta["twitter:image"]
    image = site_file(demo_site.site, site_url, meta["og:image"])
    assert image.parent == page.parent and image.name.endswith("-bagikan.jpg")
    assert max(Image.open(image).size) <= 1200 and not Image.open(image).getexif()
    if "sampul" in entry:
        assert image.name.startswith(Path(entry["sampul"]).stem + "-")
    assert Image.open(image).size == (int(meta["og:image:width"]), int(meta["og:image:height"]))
    assert meta["og:image:type"] == "image/jpeg" and meta["og:image:alt"]


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e["id"])
def test_activity_pages_have_one_canonical_link_the_permanent_url(demo_site, config, entry):
    page = demo_site.site / "k" / entry["id"] / "index.html"
    canonical = [link["href"] for link in tags(page, "link") if link.get("rel") == "canonical"]
    assert canonical == [f"{config['site_url']}k/{entry['id']}/"]


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e["id"])
def test_activity_pages_describe_their_event_for_search_engines(demo_site, config, entry):
    site_url, harmoni = config["site_url"], config["extra"]["harmoni"]
    (event,) = json_ld(demo_site.site / "k" / entry["id"] / "index.html")
    assert event["@context"] == "https://schema.org" and event["@type"] == "Event"
    assert event["name"] == entry["title"]
    assert event["startDate"] == entry["date"].isoformat()
    assert event["url"] == f"{site_url}k/{entry['id']}/"
    assert event["organizer"]["name"] == harmoni["kantor"]
    localities = [place["address"]["addressLocality"] for place in event["location"]]
    kecamatan = entry["kecamatan"]
    official = [  # entries may spell a desa as people do (Baturusa): the official list decides
        regions.find(f"{d}, {kecamatan}, {harmoni['wilayah_nama']}") for d in entry["desa"]
    ]
    assert localities == [f"{r.kind} {r.name}, Kecamatan {kecamatan}" for r in official]
    for place in event["location"]:
        assert place["address"]["addressRegion"] == harmoni["wilayah_nama"]
    assert event["image"]
    for url in event["image"]:
        assert site_file(demo_site.site, site_url, url).exists()


def test_listing_and_home_pages_preview_with_the_latest_cover(demo_site, config):
    site_url = config["site_url"]
    newest = max(ENTRIES, key=lambda e: (e["date"], e["id"]))
    home = head_meta(demo_site.site / "index.html")
    assert home["og:title"] == config["site_name"] and home["og:url"] == site_url
    assert home["og:description"] == config["site_description"]
    assert home["og:image"].startswith(f"{site_url}k/{newest['id']}/")
    for path in ("arsip", "kategori/pelatihan", "kecamatan/merawang", "tentang"):
        meta = head_meta(demo_site.site / path / "index.html")
        assert meta["og:type"] == "website" and meta["og:url"] == f"{site_url}{path}/"
        assert site_file(demo_site.site, site_url, meta["og:image"]).exists()
    pelatihan = {e["id"] for e in ENTRIES if e["kategori"] == "pelatihan"}
    image_url = head_meta(demo_site.site / "kategori" / "pelatihan" / "index.html")["og:image"]
    assert image_url.removeprefix(f"{site_url}k/").split("/")[0] in pelatihan


def test_every_page_links_the_feed_once(demo_site):
    site = demo_site.site
    pages = [
        p
        for p in site.rglob("*.html")
        if p.name != "404.html" and p.relative_to(site).parts[0] != "admin"
    ]  # the web editor is no site page
    assert len(pages) > 30
    for page in pages:
        feeds = [link for link in tags(page, "link") if link.get("type") == FEED_TYPE]
        assert len(feeds) == 1, page
        assert resolve(page, feeds[0]["href"], demo_site.site, "") == demo_site.site / "feed.xml"


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e["id"])
def test_feedback_links_carry_the_activity_correctly_encoded(demo_site, config, entry):
    feedback = config["extra"]["harmoni"]["masukan"]
    permanent = f"{config['site_url']}k/{entry['id']}/"
    page = demo_site.site / "k" / entry["id"] / "index.html"
    links = {a["data-saluran"]: a["href"] for a in tags(page, "a", inside="harmoni-masukan")}
    assert set(links) == {"whatsapp", "email"}  # the demo configures no form
    whatsapp = urlsplit(links["whatsapp"])
    assert (whatsapp.netloc, whatsapp.path) == ("wa.me", f"/{feedback['whatsapp']}")
    (text,) = parse_qs(whatsapp.query)["text"]
    mail = urlsplit(links["email"])
    assert mail.scheme == "mailto" and mail.path == feedback["email"]
    query = parse_qs(mail.query)
    assert entry["id"] in query["subject"][0] and entry["title"] in query["subject"][0]
    for message in (text, query["body"][0]):
        assert entry["title"] in message and entry["id"] in message and permanent in message
    assert "\r\n" in query["body"][0]  # RFC 6068 line breaks
    for href in links.values():
        assert " " not in href and "\n" not in href


def test_no_feedback_channel_configured_means_no_links():
    settings = FeedbackSettings()
    assert check_feedback(settings) == []
    assert feedback_links(ENTRY, "https://contoh.go.id/k/x/", settings) == []


def test_tags_go_before_the_real_end_of_head():
    page = (
        "<html><head><title>x</title><script>var s = '</head>';</script>"
        "<!-- </head> --></head><body></head></body></html>"
    )
    result = insert_into_head(page, "<meta name=x>")
    assert result.count("<meta name=x>") == 1
    assert result.index("<meta name=x>") == page.index("--></head>") + 3
    assert insert_into_head("<p>no head</p>", "<meta>") == "<p>no head</p>"
