"""The built demo site in a real headless Chromium, as a phone sees it.

Serves the demo archive (`demo_site`) over HTTP on 127.0.0.1 and drives the system Chromium
through Playwright (never a downloaded browser). Checks that gallery thumbnails and home-page
cards load, that tapping a thumbnail opens the GLightbox lightbox with a display-size photo and
its caption, that a swipe moves to the next photo, and that platform videos (YouTube, TikTok)
make no request off the machine until the visitor asks for them.

Screenshots go to `test-artifacts/` at the repository root (git-ignored).

Without a browser the tests are skipped, unless `HARMONI_BUTUH_PERAMBAN=1` (set by `.ci/run`):
then they fail, so CI can never pass by silently skipping them.
"""

from __future__ import annotations

import contextlib
import functools
import shutil
import threading
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from conftest import EXIF_PHOTOS, build_project, list_photos

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[1]
ARTIFACTS = REPO / "test-artifacts"
WIDTH, HEIGHT = 390, 844
SIZE = f"{WIDTH}x{HEIGHT}"
LOCAL_HOST = "127.0.0.1"
TIMEOUT_MS = 20_000

# Every image matched by `selector` has finished loading with real pixels.
JS_ALL_LOADED = """(selector) => {
  const imgs = [...document.querySelectorAll(selector)];
  return imgs.length > 0 && imgs.every((img) => img.complete && img.naturalWidth > 0);
}"""
JS_NOT_LOADED = """(selector) => [...document.querySelectorAll(selector)]
  .filter((img) => !(img.complete && img.naturalWidth > 0))
  .map((img) => img.getAttribute("src"))"""
JS_NO_ANIMATIONS = """() => document.getAnimations().every((a) => a.playState !== "running")"""


# --- fixtures (the browser itself is conftest.py's session fixture) --------------------------


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the standard library's name
        pass


@contextlib.contextmanager
def _served(site: Path, handler_class: type[SimpleHTTPRequestHandler] = _QuietHandler):
    """`site` served over HTTP at http://127.0.0.1:<free port>/ while the block runs (by
    `handler_class`, a quiet static file server unless given)."""
    handler = functools.partial(handler_class, directory=str(site))
    server = ThreadingHTTPServer((LOCAL_HOST, 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site", daemon=True)
    thread.start()
    try:
        yield f"http://{LOCAL_HOST}:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@pytest.fixture(scope="module")
def site_url(demo_site):
    """The built demo site served over HTTP at http://127.0.0.1:<free port>/."""
    with _served(demo_site.site) as url:
        yield url


MANY_PHOTOS = 30


@pytest.fixture(scope="module")
def many_photos_url(tmp_path_factory, warm_copy):
    """The demo with 30 real photos in one activity (2024-004), served over HTTP; the URL of
    that activity page. Three distinct photos in turn and the warm cache keep the build short."""
    project = warm_copy(tmp_path_factory.mktemp("banyak-foto") / "proyek")
    folder = next((project / "kegiatan").rglob("2024-06-25-peluncuran-harmoni"))
    for old in folder.glob("foto-*"):
        old.unlink()
    sources = [
        EXIF_PHOTOS / name for name in ("Landscape_1.jpg", "Portrait_6.jpg", "Landscape_3.jpg")
    ]
    for number in range(1, MANY_PHOTOS + 1):
        shutil.copyfile(sources[number % len(sources)], folder / f"foto-{number:02d}.jpg")
    list_photos(folder, *(f"foto-{n:02d}.jpg" for n in range(5, MANY_PHOTOS + 1)))  # 1-4 listed
    result = build_project(project)
    assert result.warnings == []
    with _served(result.site) as url:
        yield urljoin(url, "k/2024-004/")


class Watched:
    """A phone-sized page that records every request, failure and script error."""

    def __init__(self, page):
        self.page = page
        self.requests: list[str] = []
        self.failed: list[str] = []
        self.errors: list[str] = []
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("requestfailed", lambda r: self.failed.append(f"{r.url} ({r.failure})"))
        page.on(
            "response",
            lambda r: self.failed.append(f"{r.url} (HTTP {r.status})") if r.status >= 400 else None,
        )
        page.on("pageerror", lambda e: self.errors.append(str(e)))

    @property
    def local_failures(self) -> list[str]:
        return [f for f in self.failed if urlsplit(f.split(" ", 1)[0]).hostname == LOCAL_HOST]

    @property
    def outside_requests(self) -> list[str]:
        return [
            url
            for url in self.requests
            if urlsplit(url).scheme in ("http", "https") and urlsplit(url).hostname != LOCAL_HOST
        ]


def _keep_local(route):
    """Nothing leaves the machine: requests to any other host are aborted (but still recorded)."""
    if urlsplit(route.request.url).hostname in (LOCAL_HOST, None):
        route.continue_()
    else:
        route.abort("internetdisconnected")


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        viewport={"width": WIDTH, "height": HEIGHT},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="id-ID",
        service_workers="block",
    )
    context.set_default_timeout(TIMEOUT_MS)
    context.route("**/*", _keep_local)
    page = context.new_page()
    try:
        yield Watched(page)
    finally:
        context.close()


# --- helpers --------------------------------------------------------------------------------


def _screenshot(page, name: str, full_page: bool = True) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path), full_page=full_page)
    print(f"Tangkapan layar: {path}")
    return path


def _load_lazy_images(page, selector: str) -> None:
    """Scroll each lazy image near the viewport, then wait until all of them have pixels."""
    images = page.locator(selector)
    count = images.count()
    assert count > 0, f"no images match {selector!r}"
    for i in range(count):
        images.nth(i).scroll_into_view_if_needed()
    try:
        page.wait_for_function(JS_ALL_LOADED, arg=selector, timeout=TIMEOUT_MS)
    except Exception as error:  # noqa: BLE001 - report which images are broken
        missing = page.evaluate(JS_NOT_LOADED, selector)
        raise AssertionError(f"images not loaded on {page.url}: {missing}") from error


def _settle(page) -> None:
    """Let CSS animations and transitions finish before a screenshot or a measurement."""
    try:
        page.wait_for_function(JS_NO_ANIMATIONS, timeout=5_000)
    except Exception:  # noqa: BLE001 - a looping spinner is no reason to fail
        pass
    page.wait_for_timeout(150)


class _GalleryImages(HTMLParser):
    """Counts the thumbnails inside div.harmoni-galeri (not their <noscript> copies)."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0  # > 0 while inside the gallery div
        self.images = 0

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        if self.depth:
            if tag == "div":
                self.depth += 1
            elif tag == "img" and "harmoni-tunda" in classes:
                self.images += 1
        elif tag == "div" and "harmoni-galeri" in classes:
            self.depth = 1

    def handle_endtag(self, tag):
        if self.depth and tag == "div":
            self.depth -= 1


def _gallery_counts(site: Path) -> dict[str, int]:
    counts = {}
    for index in sorted(site.glob("k/*/index.html")):
        parser = _GalleryImages()
        parser.feed(index.read_text(encoding="utf-8"))
        counts[index.parent.name] = parser.images
    return counts


def _swipe_left(page, y: float) -> None:
    """A real one-finger swipe from right to left (touch events through the DevTools protocol)."""
    cdp = page.context.new_cdp_session(page)
    try:
        start, end, steps = WIDTH * 0.85, WIDTH * 0.15, 8
        cdp.send(
            "Input.dispatchTouchEvent",
            {"type": "touchStart", "touchPoints": [{"x": start, "y": y}]},
        )
        for step in range(1, steps + 1):
            x = start + (end - start) * step / steps
            cdp.send(
                "Input.dispatchTouchEvent",
                {"type": "touchMove", "touchPoints": [{"x": x, "y": y}]},
            )
            page.wait_for_timeout(16)
        cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    finally:
        cdp.detach()


# --- tests ----------------------------------------------------------------------------------


def test_galeri_dan_lightbox_di_ponsel(demo_site, site_url, phone):
    counts = _gallery_counts(demo_site.site)
    entry_id, photos = max(counts.items(), key=lambda item: (item[1], item[0]))
    assert photos >= 2, f"the demo needs an activity with at least 2 photos, got {counts}"

    page = phone.page
    page.goto(urljoin(site_url, f"k/{entry_id}/"), wait_until="load")
    thumbs = page.locator(".harmoni-galeri a.glightbox")
    assert thumbs.count() == photos

    page.locator(".harmoni-galeri").scroll_into_view_if_needed()
    _load_lazy_images(page, ".harmoni-galeri img")
    page.evaluate("window.scrollTo(0, 0)")
    _settle(page)
    _screenshot(page, f"kegiatan-{SIZE}.png")

    # Tap (touch, not a mouse click) the first thumbnail.
    first = thumbs.first
    href = first.get_attribute("href")
    srcset = first.get_attribute("data-srcset") or ""
    displays = {urljoin(page.url, href)}
    displays |= {urljoin(page.url, part.split()[0]) for part in srcset.split(",") if part.strip()}
    assert all(url.endswith(".webp") for url in displays), displays
    description = first.get_attribute("data-description")
    caption = None
    if description:
        caption = page.locator(description).first.inner_text().strip()
    else:
        caption = (first.locator("img").get_attribute("alt") or "").strip() or None

    first.scroll_into_view_if_needed()
    first.tap()

    lightbox = page.locator(".glightbox-container")
    lightbox.wait_for(state="visible")
    current = lightbox.locator(".gslide.current")
    current.wait_for(state="visible")
    page.wait_for_function(JS_ALL_LOADED, arg=".glightbox-container .gslide.current img")
    image = current.locator("img").first
    shown = image.evaluate("img => ({src: img.src, current: img.currentSrc, w: img.naturalWidth})")
    assert shown["w"] > 0
    assert shown["src"] in displays, f"lightbox shows {shown['src']}, expected one of {displays}"
    assert shown["current"] in displays, f"lightbox picked {shown['current']} from its srcset"
    if description:
        desc = current.locator(".gslide-description")
        desc.wait_for(state="visible")
        assert caption in " ".join(desc.inner_text().split())
    _settle(page)
    _screenshot(page, f"lightbox-{SIZE}.png", full_page=False)

    # Swipe to the second photo.
    slides = lightbox.locator(".gslide")
    assert slides.count() == photos
    box = image.bounding_box()
    _swipe_left(page, y=box["y"] + box["height"] / 2 if box else HEIGHT / 2)
    page.wait_for_function(
        "() => document.querySelectorAll('.glightbox-container .gslide')[1]"
        "?.classList.contains('current')",
        timeout=10_000,
    )
    page.wait_for_function(JS_ALL_LOADED, arg=".glightbox-container .gslide.current img")
    second_href = thumbs.nth(1).get_attribute("href")
    second_src = lightbox.locator(".gslide.current img").first.evaluate("img => img.src")
    assert second_src == urljoin(page.url, second_href)

    assert not phone.local_failures, f"failed requests: {phone.local_failures}"
    assert not phone.errors, f"JavaScript errors: {phone.errors}"


def test_beranda_kartu_terbaru(demo_site, site_url, phone):
    entries = len(list(demo_site.site.glob("k/*/index.html")))
    page = phone.page
    page.goto(site_url, wait_until="load")
    cards = page.locator(".harmoni-kartu li")
    assert cards.count() == min(entries, 12), f"{cards.count()} cards for {entries} entries"
    _load_lazy_images(page, ".harmoni-kartu li img")
    page.evaluate("window.scrollTo(0, 0)")
    _settle(page)
    _screenshot(page, f"beranda-{SIZE}.png")
    assert not phone.local_failures, f"failed requests: {phone.local_failures}"
    assert not phone.errors, f"JavaScript errors: {phone.errors}"


def test_video_platform_baru_dimuat_setelah_diminta(demo_site, site_url, browser):
    pages = sorted(
        index.parent.name
        for index in demo_site.site.glob("k/*/index.html")
        if "data-sematan=" in index.read_text(encoding="utf-8")
    )
    assert pages, "the demo has no platform video (YouTube/TikTok) to test"
    for entry_id in pages:
        context = browser.new_context(
            viewport={"width": WIDTH, "height": HEIGHT},
            device_scale_factor=2,
            is_mobile=True,
            has_touch=True,
            service_workers="block",
        )
        context.set_default_timeout(TIMEOUT_MS)
        context.route("**/*", _keep_local)
        try:
            watched = Watched(context.new_page())
            page = watched.page
            page.goto(urljoin(site_url, f"k/{entry_id}/"), wait_until="load")
            page.wait_for_load_state("networkidle")
            assert page.locator("iframe").count() == 0, f"k/{entry_id}/ has an iframe up front"
            assert not watched.outside_requests, (
                f"k/{entry_id}/ contacted other hosts before being asked: "
                f"{watched.outside_requests}"
            )
            cards = page.locator(".harmoni-sematan[data-sematan]")
            for i in range(cards.count()):
                card = cards.nth(i)
                embed = card.get_attribute("data-sematan")
                card.locator("button").click()
                frame = card.locator("iframe")
                frame.wait_for(state="attached")
                assert frame.get_attribute("src") == embed
            assert not watched.errors, f"JavaScript errors on k/{entry_id}/: {watched.errors}"
        finally:
            context.close()


# Thumbnails of the gallery that have real pixels, and those whose box is on screen now.
JS_THUMBS = """() => [...document.querySelectorAll(".harmoni-galeri img.harmoni-tunda")]
.map((img) => {
  const box = img.getBoundingClientRect();
  return {loaded: img.complete && img.naturalWidth > 0 && !!img.getAttribute('src'),
          onScreen: box.bottom > 0 && box.top < innerHeight};
})"""
SLOW_4G = {"offline": False, "latency": 150, "downloadThroughput": 1_638_400 / 8,
           "uploadThroughput": 750_000 / 8}  # fmt: skip
"""Lighthouse's mobile throttling: 1.6 Mbit/s down, 150 ms round trip."""


def _thumb_requests(watched: Watched) -> list[str]:
    return [url for url in watched.requests if "/k/2024-004/foto-" in url]


@pytest.mark.shared_photos
def test_galeri_memuat_foto_kecil_saat_pembaca_mendekat(many_photos_url, phone):
    page = phone.page
    page.goto(many_photos_url, wait_until="load")
    page.wait_for_timeout(500)
    thumbs = page.evaluate(JS_THUMBS)
    assert len(thumbs) == MANY_PHOTOS
    first = sum(t["loaded"] for t in thumbs)
    assert 0 < first < MANY_PHOTOS / 2, f"{first} thumbnails loaded before scrolling"
    assert len(_thumb_requests(phone)) == first  # the others were not even requested
    assert not thumbs[-1]["loaded"]

    _load_lazy_images(page, ".harmoni-galeri img.harmoni-tunda")  # scrolls to each in turn
    requested = _thumb_requests(phone)
    assert len(requested) == len(set(requested)) == MANY_PHOTOS  # one size each, once
    assert not phone.local_failures and not phone.errors


@pytest.mark.shared_photos
def test_foto_kecil_sudah_tampil_sebelum_digulir_ke_sana_di_4g(many_photos_url, phone):
    page = phone.page
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", SLOW_4G)
    page.goto(many_photos_url, wait_until="load")
    late = []
    bottom = page.evaluate(
        "document.querySelector('.harmoni-galeri').getBoundingClientRect().bottom + scrollY"
    )
    for y in range(0, int(bottom), HEIGHT // 2):  # half a screen a second: skimming, not reading
        page.evaluate(f"window.scrollTo(0, {y})")
        page.wait_for_timeout(1000)
        shown = page.evaluate(JS_THUMBS)
        late += [i for i, t in enumerate(shown) if t["onScreen"] and not t["loaded"]]
    cdp.detach()
    assert not late, f"thumbnails still empty when on screen: {sorted(set(late))}"


@pytest.mark.shared_photos
def test_galeri_tanpa_javascript(many_photos_url, browser):
    context = browser.new_context(
        viewport={"width": WIDTH, "height": HEIGHT}, device_scale_factor=2, is_mobile=True,
        java_script_enabled=False,
    )  # fmt: skip
    try:
        page = context.new_page()
        page.goto(many_photos_url, wait_until="load")
        fallback = ".harmoni-galeri noscript img"
        _load_lazy_images(page, fallback)
        assert page.locator(fallback).count() == MANY_PHOTOS
        link = page.locator(".harmoni-galeri a.glightbox").first
        image = page.locator(fallback).first
        assert image.bounding_box() == link.bounding_box()  # covers the empty square
        assert image.is_visible()
        _screenshot(page, f"galeri-tanpa-js-{SIZE}.png")
        href = link.get_attribute("href")
        link.click()
        page.wait_for_url(urljoin(many_photos_url, href))
    finally:
        context.close()
