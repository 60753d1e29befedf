"""Visits and QR scans counted without cookies (GoatCounter, opt-in).

A local HTTP server stands in for GoatCounter: it records what the pages send to `/count` and
answers `GET /api/v0/stats/hits` in the documented shape (`handlers/api.go`, its testdata), with
pagination by `exclude_paths`. The built site is served by another local server and opened in
headless Chromium; the demo site without the setting shows that nothing is sent at all.
"""

from __future__ import annotations

import datetime
import functools
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, SimpleHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
import zxingcpp
from conftest import build_project, opened, read_config, write_config
from harmoni_arsip import counting
from harmoni_arsip.cli import main
from harmoni_arsip.commands.ambil_kunjungan import default_start
from harmoni_arsip.stats.visits import activity_id, summarise
from PIL import Image

TOKEN = "rahasia-uji"
ACTIVITY, OTHER = "2024-004", "2024-001"
HITS = [  # GoatCounter's /api/v0/stats/hits entries, two pages of answers
    [
        {"count": 30, "event": False, "path": f"/k/{ACTIVITY}/", "path_id": 50,
         "title": "Peluncuran", "stats": [{"day": "2026-10-30", "daily": 10},
                                          {"day": "2026-11-02", "daily": 20}]},
        {"count": 12, "event": False, "path": "/", "path_id": 51, "title": "Beranda",
         "stats": [{"day": "2026-11-02", "daily": 12}]},
    ],
    [
        {"count": 5, "event": True, "path": f"qr/k/{ACTIVITY}/", "path_id": 52,
         "title": "Scan QR: Peluncuran", "stats": [{"day": "2026-11-02", "daily": 5}]},
        {"count": 7, "event": False, "path": f"/k/{OTHER}/", "path_id": 53, "title": "Ide",
         "stats": [{"day": "2026-11-20", "daily": 7}]},
        {"count": 2, "event": True, "path": "klik-unduh", "path_id": 54, "title": "",
         "stats": [{"day": "2026-11-20", "daily": 2}]},
    ],
]  # fmt: skip


class Counter:
    """The stand-in GoatCounter: records hits and API requests."""

    def __init__(self) -> None:
        self.hits: list[dict[str, str]] = []
        self.api: list[tuple[dict[str, list[str]], str]] = []

    def handler(self) -> type[BaseHTTPRequestHandler]:
        counter = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_POST(self) -> None:  # navigator.sendBeacon
                self.do_GET()

            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                query = parse_qs(parts.query)
                if parts.path == "/count":
                    counter.hits.append({k: v[0] for k, v in query.items()})
                    self._answer(200, b"", "image/gif")
                elif parts.path == "/api/v0/stats/hits":
                    counter.api.append((query, self.headers.get("Authorization", "")))
                    if self.headers.get("Authorization") != f"Bearer {TOKEN}":
                        return self._answer(403, b'{"error":"no token"}', "application/json")
                    page = 1 if query.get("exclude_paths") else 0
                    body = {"hits": HITS[page], "total": 3, "more": page == 0}
                    self._answer(200, json.dumps(body).encode(), "application/json")
                else:
                    self._answer(404, b"", "text/plain")

            def _answer(self, status: int, body: bytes, kind: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Access-Control-Allow-Origin", "*")
                self.end_headers()
                self.wfile.write(body)

        return Handler


def serve(handler) -> tuple[ThreadingHTTPServer, str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def counted(tmp_path_factory, warm_copy):
    """The demo archive with counting configured, its counts fetched, built and served."""
    project = warm_copy(tmp_path_factory.mktemp("kunjungan") / "proyek")
    counter = Counter()
    gc_server, gc_url = serve(counter.handler())
    site_server, site_url = serve(functools.partial(_Quiet, directory=str(project / "site")))
    config = read_config(project)
    config["site_url"] = site_url + "/"
    config["extra"]["harmoni"]["kunjungan"] = {"goatcounter": gc_url}
    write_config(project, config)
    try:
        yield project, counter, site_url + "/"
    finally:
        gc_server.shutdown()
        site_server.shutdown()


@pytest.fixture(scope="module")
def counted_site(counted, monkeypatch_module):
    """`harmoni ambil-kunjungan` run against the stand-in, then a build."""
    project, counter, site_url = counted
    monkeypatch_module.setenv("GOATCOUNTER_TOKEN", TOKEN)
    args = ["--dari", "2026-10-01", "--sampai", "2026-11-30"]
    assert main(["-f", str(project / "mkdocs.yml"), "ambil-kunjungan", *args]) == 0
    build_project(project)
    return project, counter, site_url


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


# -- pure parts --------------------------------------------------------------------------------


def test_the_qr_marker_and_script_exist_only_with_counting():
    assert counting.qr_address("https://x.go.id/k/1/", False) == "https://x.go.id/k/1/"
    assert counting.qr_address("https://x.go.id/k/1/", True) == "https://x.go.id/k/1/#q"
    script = counting.counter_script("https://gc.contoh.go.id/", "https://x.go.id/arsip/")
    assert '"https://gc.contoh.go.id/count"' in script and '"x.go.id"' in script


def test_counts_are_summed_per_month_and_page_and_history_is_kept():
    content = summarise(HITS[0] + HITS[1], "gc", datetime.date(2026, 12, 1),
                        datetime.date(2026, 10, 1), datetime.date(2026, 11, 30))  # fmt: skip
    assert content["bulan"] == [{"bulan": "2026-10", "kunjungan": 10, "scan_qr": 0},
                                {"bulan": "2026-11", "kunjungan": 39, "scan_qr": 5}]  # fmt: skip
    pages = {p["path"]: (p["kunjungan"], p["scan_qr"]) for p in content["halaman"]}
    assert pages == {f"/k/{ACTIVITY}/": (30, 5), "/": (12, 0), f"/k/{OTHER}/": (7, 0)}
    assert activity_id(f"/arsip/k/{ACTIVITY}/") == ACTIVITY and activity_id("/arsip/") is None
    assert default_start(datetime.date(2026, 12, 2)) == datetime.date(2026, 1, 1)


# -- the scheduled job's command against the documented API ------------------------------------


def test_ambil_kunjungan_reads_every_page_of_the_api_into_the_data_file(counted_site):
    project, counter, _ = counted_site
    (first, auth), (second, _) = counter.api[:2]
    assert auth == f"Bearer {TOKEN}"
    assert (first["start"], first["end"], first["limit"]) == (["2026-10-01"], ["2026-11-30"],
                                                              ["100"])  # fmt: skip
    assert "exclude_paths" not in first and second["exclude_paths"] == ["50,51"]
    data = json.loads((project / "kegiatan" / "kunjungan.json").read_text("utf-8"))
    assert data["bulan"][-1] == {"bulan": "2026-11", "kunjungan": 39, "scan_qr": 5}
    assert data["sumber"].startswith("http://127.0.0.1:")


def test_statistik_shows_visits_and_qr_scans_per_month_and_the_most_visited(counted_site):
    project, _, _ = counted_site
    html = (project / "site" / "statistik" / "index.html").read_text("utf-8")
    section = html[html.index('id="kunjungan"') :]
    assert '<tr><th scope="row">November 2026</th><td class="harmoni-kanan">39</td>' in section
    assert '<td class="harmoni-kanan">5</td>' in section
    first = section[section.index("paling banyak dikunjungi") :]
    assert first.index("Peluncuran Inovasi HARMONI") < first.index("Penjaringan")
    assert 'href="../privasi/"' in section


def test_a_fetch_without_token_or_changes_says_so(counted_site, monkeypatch, capsys):
    project, _, _ = counted_site
    data = project / "kegiatan" / "kunjungan.json"
    before = data.read_text("utf-8")
    args = ["-f", str(project / "mkdocs.yml"), "ambil-kunjungan", "--dari", "2026-10-01",
            "--sampai", "2026-11-30"]  # fmt: skip
    assert main(args) == 0
    assert "tidak ada angka baru" in capsys.readouterr().out
    assert data.read_text("utf-8") == before
    monkeypatch.delenv("GOATCOUNTER_TOKEN")
    assert main(args) == 2
    assert "GOATCOUNTER_TOKEN" in capsys.readouterr().err


def test_qr_codes_carry_the_scan_marker_only_with_counting(counted_site, demo_site):
    project, _, site_url = counted_site
    marked = zxingcpp.read_barcodes(Image.open(project / "site" / "k" / ACTIVITY / "qr.png"))
    assert [opened(r.text) for r in marked] == [f"{site_url}k/{ACTIVITY}/#q"]
    plain = zxingcpp.read_barcodes(Image.open(demo_site.site / "k" / ACTIVITY / "qr.png"))
    assert plain[0].text.endswith(f"/k/{ACTIVITY}/")
    html = (demo_site.site / "k" / ACTIVITY / "index.html").read_text("utf-8")
    assert "Penghitung kunjungan" not in html and "/count" not in html
    counted_html = (project / "site" / "k" / ACTIVITY / "index.html").read_text("utf-8")
    head = counted_html[: counted_html.index("</head>")]
    assert "Penghitung kunjungan" in head and "/count" in head  # inline: no extra request


# -- the page script in Chromium ---------------------------------------------------------------


def _hits_after(counter: Counter, count: int, wait: float = 5.0) -> list[dict[str, str]]:
    """The recorded hits once `count` have arrived (or the wait ran out)."""
    deadline = time.monotonic() + wait
    while len(counter.hits) < count and time.monotonic() < deadline:
        time.sleep(0.05)
    return list(counter.hits)


@pytest.mark.browser
def test_a_visit_sends_one_hit_and_a_qr_scan_a_second_then_drops_the_marker(counted_site,
                                                                            browser):  # fmt: skip
    project, counter, site_url = counted_site
    counter.hits.clear()
    page = browser.new_page()
    page.goto(f"{site_url}k/{ACTIVITY}/", wait_until="load")
    (visit,) = _hits_after(counter, 1)
    assert visit["p"] == f"/k/{ACTIVITY}/" and "e" not in visit
    assert visit["t"] == page.title() and visit["rnd"]
    time.sleep(0.5)
    assert len(counter.hits) == 1  # a visit is one hit

    counter.hits.clear()
    page.goto(f"{site_url}k/{OTHER}/#q", wait_until="load")
    view, scan = sorted(_hits_after(counter, 2), key=lambda hit: "e" in hit)
    assert view["p"] == f"/k/{OTHER}/" and "e" not in view
    assert (scan["p"], scan["e"]) == (f"qr/k/{OTHER}/", "true")
    assert page.url == f"{site_url}k/{OTHER}/"  # forwarded from here, it is not a scan again
    page.close()


@pytest.mark.browser
def test_without_counting_no_request_leaves_the_site(demo_site, browser):
    server, site = serve(functools.partial(_Quiet, directory=str(demo_site.site)))
    try:
        page = browser.new_page()
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        page.goto(f"{site}/k/{ACTIVITY}/#q", wait_until="load")
        page.wait_for_timeout(1000)
        assert requests and all(url.startswith(site + "/") for url in requests)
        assert not any("count" in url for url in requests)
        page.close()
    finally:
        server.shutdown()


def test_privacy_page_is_in_the_navigation(demo_site):
    html = (demo_site.site / "privasi" / "index.html").read_text("utf-8")
    assert "Pasal 20 ayat (2) huruf e" in html and "Peraturan Pemerintah Nomor 71" in html
    assert 'href="privasi/"' in (demo_site.site / "index.html").read_text("utf-8")


def test_a_counter_address_that_is_not_a_web_address_stops_with_advice():
    from harmoni_arsip.problems import HarmoniError
    from harmoni_arsip.settings import load_settings

    base = {"kantor": "Kantor", "kategori": {"a": "A"}, "wilayah": {"K": ["D"]}}
    assert load_settings({"harmoni": base}).kunjungan.goatcounter is None
    with pytest.raises(HarmoniError, match="kunjungan.goatcounter` harus alamat situs"):
        load_settings({"harmoni": {**base, "kunjungan": {"goatcounter": "kode.goatcounter.com"}}})
