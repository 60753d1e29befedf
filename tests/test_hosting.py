"""The built site served over HTTP works at a domain root and under a sub-path: every internal
link and image of every page answers 200, the 404 page included; a wrong address gets the
archive's own 404 page."""

from __future__ import annotations

import functools
import http.server
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from conftest import REPO, build_project, read_config, write_config
from html_parse import references_in, tags

SITES = {
    "root": ("https://arsip.contoh.go.id/", "www"),
    # The demo's own address (a sub-path): its QR codes and posters come from the warm cache.
    "sub-path": (read_config(REPO)["site_url"], "www/harmoni"),
}


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Static files, with the site's own 404 page for a missing file (as GitHub Pages does)."""

    not_found_page: Path

    def send_error(self, code, message=None, explain=None):
        if code != 404 or not self.not_found_page.exists():
            return super().send_error(code, message, explain)
        body = self.not_found_page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="module", params=list(SITES))
def served(request, tmp_path_factory, warm_copy) -> Iterator[tuple[str, str, Path]]:
    """The demo built for `site_url` and served on 127.0.0.1 at that URL's path: yields the
    served base URL, the site_url and the built site folder."""
    site_url, site_dir = SITES[request.param]
    project = warm_copy(tmp_path_factory.mktemp(request.param) / "proyek")
    config = read_config(project)
    config.update(site_url=site_url, site_dir=site_dir)
    write_config(project, config)
    assert build_project(project).warnings == []
    root, site = project / "www", project / site_dir
    handler = type("Handler", (_Handler,), {"not_found_page": site / "404.html"})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(root))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}{urlsplit(site_url).path}"
    try:
        yield base, site_url, site
    finally:
        server.shutdown()
        server.server_close()


def fetch(url: str) -> tuple[int, str, bytes]:
    """Status, content type and body of a GET request."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers.get_content_type(), response.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers.get_content_type(), err.read()


def crawl(base: str, site_url: str) -> tuple[dict[str, int], list[str]]:
    """Every URL reachable from the home page and the 404 page, with its status; and the
    references that point outside the served site."""
    seen: dict[str, int] = {}
    outside: list[str] = []
    queue = [base, base + "404.html"]
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        status, kind, body = fetch(url)
        seen[url] = status
        if status != 200 or kind != "text/html":
            continue
        for reference in references_in(body.decode("utf-8"), keep=lambda u: u.startswith(site_url)):
            target = urldefrag(urljoin(url, reference.replace(site_url, base, 1)))[0]
            if target.startswith(base):
                queue.append(target)
            else:
                outside.append(f"{url} → {reference}")
    return seen, outside


def test_every_internal_link_and_image_answers_200(served):
    base, site_url, _ = served
    seen, outside = crawl(base, site_url)
    assert outside == []
    assert [f"{status} {url}" for url, status in seen.items() if status != 200] == []
    paths = {urlsplit(url).path.removeprefix(urlsplit(base).path) for url in seen}
    assert {"", "404.html", "arsip/", "k/2024-004/", "k/2024-004/qr.png"} <= paths
    assert any(path.endswith(".webp") for path in paths)
    assert any(path.startswith("assets/stylesheets/") for path in paths)


def test_the_404_page_helps_the_visitor_on(served):
    base, _, site = served
    base_path = urlsplit(base).path
    page = site / "404.html"
    links = {a["href"] for a in tags(page, "a", inside="md-content")}
    assert {base_path, base_path + "arsip/"} <= links
    html = page.read_text("utf-8")
    assert "Halaman tidak ditemukan" in html and "Cari" in html
    assert 'id="harmoni-404-kegiatan" hidden' in html and "/\\/k\\/[^/]+/" in html
    stylesheets = [link["href"] for link in tags(page, "link") if link.get("rel") == "stylesheet"]
    assert stylesheets and all(href.startswith(base_path + "assets/") for href in stylesheets)


def test_a_mistyped_activity_address_gets_the_archive_404_page(served):
    base, _, _ = served
    status, kind, body = fetch(base + "k/2024-999/")
    assert (status, kind) == (404, "text/html")
    assert "Halaman tidak ditemukan" in body.decode("utf-8")
