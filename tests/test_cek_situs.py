"""`harmoni cek-situs` against a local HTTP server serving the built demo site: a healthy site
passes; a removed page, a wrong status, a redirect loop, a slow server, a QR code that opens
another address, a withdrawn page without its notice and a broken former host each fail, named.
The complete check fetches shared files once, asks a media host (a second server) with HEAD
for status, type and cache header, and on a slow link rotates within its deadline."""

from __future__ import annotations

import json
import os
import re
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import REPO, copy_project, read_config, write_config
from harmoni_arsip import cli
from harmoni_arsip.checks import live
from harmoni_arsip.redirects import page_paths, write_redirect_site

SITE_URL = "https://dpmd-bangka.github.io/harmoni/"
FAST = ["--waktu", "2", "--ulang", "1", "--jeda", "0.05"]
"""Short timeouts and pauses: a local server answers at once or not at all."""


class Handler(SimpleHTTPRequestHandler):
    """Serves a folder; `faults` maps a path to a function that answers instead."""

    faults: dict[str, Callable[[SimpleHTTPRequestHandler], None]] = {}
    seen: list[tuple[str, str]] = []
    delay = 0.0
    """Seconds before every answer: a slow link."""

    def do_GET(self) -> None:
        time.sleep(self.delay)
        self.seen.append((self.path, self.headers.get("User-Agent", "")))
        fault = self.faults.get(self.path)
        if fault:
            fault(self)
        else:
            super().do_GET()

    def list_directory(self, path):
        """A folder without index.html is not found, as on GitHub Pages."""
        self.send_error(404)
        return None

    def log_message(self, *args) -> None:
        pass


@contextmanager
def serve(folder: Path, faults=None, delay: float = 0.0, handler_class=None
          ) -> Iterator[tuple[str, list]]:  # fmt: skip
    """`folder` on http://127.0.0.1:<free port>/ while the block runs; yields its address and
    the list of (path, user agent) requested."""
    seen: list[tuple[str, str]] = []
    attributes = {"faults": faults or {}, "seen": seen, "delay": delay}
    handler = type("Fault", (handler_class or Handler,), attributes)
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(folder)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", seen
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def site(demo_site, tmp_path) -> Path:
    """A copy of the built demo site to break (files hard-linked: replace, never edit)."""
    copy = tmp_path / "situs"
    shutil.copytree(demo_site.site, copy, copy_function=os.link)
    return copy


def replace(path: Path, data: bytes) -> None:
    """New content for a hard-linked file, leaving the shared original alone."""
    path.unlink()
    path.write_bytes(data)


def cek(project: Path, base: str, *options: str) -> int:
    argv = ["-f", str(project / "mkdocs.yml"), "cek-situs", "--situs", base, *FAST, *options]
    return cli.main(argv)


def failures(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("GAGAL ")]


def answer(status: int, location: str | None = None, delay: float = 0.0):
    """A fault: wait `delay` seconds, then answer `status` (with a Location)."""

    def respond(handler: SimpleHTTPRequestHandler) -> None:
        time.sleep(delay)
        handler.send_response(status)
        if location:
            handler.send_header("Location", location)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    return respond


def test_a_healthy_site_passes_every_check_and_names_the_archive(demo_site, site, capsys):
    with serve(site) as (base, seen):
        assert cek(demo_site.project, base, "--lengkap") == 0
    output = capsys.readouterr().out
    assert failures(output) == []
    assert "Semua" in output and "pemeriksaan lolos" in output
    paths = {path for path, _ in seen}
    assert {"/k/2024-001/", "/k/2024-001/qr.png", "/sitemap.xml"} <= paths
    assert any(path.endswith(".webp") for path in paths)  # --lengkap: the gallery images too
    assert {agent for _, agent in seen} == {f"HARMONI-Arsip-cek-situs/1 (+{SITE_URL})"}


def test_a_removed_page_fails_naming_it(demo_site, site, capsys):
    (site / "k" / "2025-002" / "index.html").unlink()
    with serve(site) as (base, _):
        assert cek(demo_site.project, base) == 1
    output = capsys.readouterr().out
    assert failures(output) == [f"GAGAL {base}k/2025-002/: menjawab 404"]
    assert "1 dari" in output and "pemeriksaan gagal" in output


def test_a_server_error_is_retried_then_fails(demo_site, site, capsys):
    with serve(site, {"/k/2024-002/": answer(500)}) as (base, seen):
        assert cek(demo_site.project, base, "--ulang", "2") == 1
    assert failures(capsys.readouterr().out) == [f"GAGAL {base}k/2024-002/: menjawab 500"]
    assert [path for path, _ in seen].count("/k/2024-002/") == 3  # once, then two retries


def test_a_redirect_loop_fails(demo_site, site, capsys):
    loop = {"/k/2024-003/": answer(301, "/k/2024-003/x/"), "/k/2024-003/x/": answer(302, "..")}
    with serve(site, loop) as (base, _):
        assert cek(demo_site.project, base) == 1
    (line,) = failures(capsys.readouterr().out)
    assert line.startswith(f"GAGAL {base}k/2024-003/: pengalihan berputar tanpa ujung")


def test_a_slow_server_times_out_with_bounded_retries_and_total_time(demo_site, site, capsys):
    slow = {"/k/2024-005/": answer(200, delay=3)}
    with serve(site, slow) as (base, seen):
        started = time.monotonic()
        status = cek(demo_site.project, base, "--waktu", "0.5", "--ulang", "1")
        took = time.monotonic() - started
    assert status == 1
    assert failures(capsys.readouterr().out) == [
        f"GAGAL {base}k/2024-005/: tidak menjawab dalam 0.5 detik"
    ]
    assert [path for path, _ in seen].count("/k/2024-005/") == 2
    assert took < 2.5  # two tries of 0.5 s, not two of 3 s


def test_the_whole_check_stops_at_its_deadline(demo_site, site, capsys):
    everything_slow = {f"/k/{i}/": answer(200, delay=2) for i in registered()}
    with serve(site, everything_slow) as (base, _):
        started = time.monotonic()
        status = cek(demo_site.project, base, "--paralel", "1", "--batas-total", "1")
        took = time.monotonic() - started
    assert status == 1 and took < 4
    assert "batas waktu pemeriksaan habis" in capsys.readouterr().out


def test_a_qr_code_that_opens_another_address_fails(demo_site, site, capsys):
    replace(site / "k" / "2024-001" / "qr.png", (site / "k" / "2024-002" / "qr.png").read_bytes())
    with serve(site) as (base, _):
        assert cek(demo_site.project, base) == 1
    assert failures(capsys.readouterr().out) == [
        f"GAGAL {base}k/2024-001/qr.png: kode QR membuka {SITE_URL}k/2024-002/, "
        f"bukan {SITE_URL}k/2024-001/"
    ]


def test_a_withdrawn_id_needs_the_withdrawal_notice(demo_site, site, tmp_path, capsys):
    project = copy_project(tmp_path / "proyek")
    index = project / "kegiatan" / "2024" / "2024-06-25-peluncuran-harmoni" / "index.md"
    withdrawal = "---\nditarik:\n  tanggal: 2025-01-10\n  alasan: Atas permintaan warga.\n"
    index.write_text(index.read_text("utf-8").replace("---\n", withdrawal, 1), "utf-8")
    with serve(site) as (base, _):
        assert cek(project, base) == 1
        assert failures(capsys.readouterr().out) == [
            f"GAGAL {base}k/2024-004/: kegiatan ini ditarik, tetapi halamannya tidak memuat "
            "pemberitahuan penarikan"
        ]
        template = REPO / "hooks" / "harmoni_arsip" / "templates" / "tombstone.html"
        assert live.TOMBSTONE_MARK in template.read_text("utf-8")
        tombstone = f"<html><body><p>{live.TOMBSTONE_MARK}</p></body></html>"
        replace(site / "k" / "2024-004" / "index.html", tombstone.encode())
        assert cek(project, base) == 0


def test_former_hosts_must_redirect_to_the_permanent_address(demo_site, site, tmp_path, capsys):
    old_site = tmp_path / "lama"
    with serve(site) as (base, _), serve(old_site) as (old_base, _):
        write_redirect_site(page_paths(demo_site.site), old_base, SITE_URL, old_site)
        project = copy_project(tmp_path / "proyek")
        config = read_config(project)
        config["extra"]["harmoni"]["alamat_lama"] = [old_base]
        write_config(project, config)
        assert cek(project, base) == 0
        assert "dan 1 alamat lama" in capsys.readouterr().out
        elsewhere = '<meta http-equiv="refresh" content="0; url=https://contoh.id/k/2024-006/">'
        replace(old_site / "k" / "2024-006" / "index.html", elsewhere.encode())
        (old_site / "k" / "2025-001" / "index.html").unlink()
        assert cek(project, base) == 1
    assert failures(capsys.readouterr().out) == [
        f"GAGAL {old_base}k/2024-006/: mengalihkan ke https://contoh.id/k/2024-006/, "
        f"bukan {SITE_URL}k/2024-006/",
        f"GAGAL {old_base}k/2025-001/: menjawab 404",
    ]


def registered() -> list[str]:
    """The ids of the demo's registry, read independently."""
    lines = (REPO / "kegiatan" / "terbit.txt").read_text("utf-8").splitlines()
    return [line.split()[0] for line in lines if line.strip() and not line.startswith("#")]


@pytest.mark.parametrize(
    ("html", "target"),
    [
        ('<meta http-equiv="refresh" content="0; url=https://a.id/k/1/">', "https://a.id/k/1/"),
        ("<META HTTP-EQUIV='Refresh' CONTENT='0;URL=/k/1/'>", "/k/1/"),
        ('<script>location.replace("https://a.id/k/2/" + location.search);</script>',
         "https://a.id/k/2/"),
        ("<p>Tidak ada pengalihan.</p>", None),
    ],
)  # fmt: skip
def test_redirect_targets_are_parsed(html, target):
    assert live.redirect_target(html.encode()) == target


def test_with_scan_counting_the_qr_codes_must_carry_the_scan_marker(demo_site, site, tmp_path,
                                                                    capsys):  # fmt: skip
    project = copy_project(tmp_path / "proyek")
    config = read_config(project)
    config["extra"]["harmoni"]["kunjungan"] = {"goatcounter": "https://arsip.goatcounter.com"}
    write_config(project, config)
    with serve(site) as (base, _):
        assert cek(project, base) == 1  # the demo site was built without counting
    found = failures(capsys.readouterr().out)
    assert len(found) == len(registered())
    assert found[0] == (
        f"GAGAL {base}k/2024-001/qr.png: kode QR membuka {SITE_URL}k/2024-001/, "
        f"bukan {SITE_URL}k/2024-001/#q"
    )


def test_the_complete_check_fetches_what_pages_share_once(demo_site, site, tmp_path, capsys):
    with serve(site) as (base, seen):
        assert cek(demo_site.project, base, "--lengkap", "--catatan", str(tmp_path / "c.json")) == 0
    paths = [path for path, _ in seen]
    assert [path for path in set(paths) if paths.count(path) > 1] == []
    assert paths.count("/assets/harmoni/harmoni.css") == 1  # on every page, fetched once
    assert any(re.fullmatch(r"/assets/stylesheets/main\.[0-9a-f]+\.min\.css", p) for p in paths)
    assert any(p.startswith("/assets/javascripts/bundle.") for p in paths)
    assert "Giliran: seluruh" in capsys.readouterr().out


class MediaHandler(Handler):
    """A media host: HEAD and GET with the headers `headers` gives each path."""

    answers: dict[str, dict[str, str]] = {}

    def do_HEAD(self) -> None:
        self.seen.append(("HEAD " + self.path, self.headers.get("User-Agent", "")))
        headers = self.answers.get(self.path)
        self.send_response(404 if headers is None else 200)
        for name, value in (headers or {"Content-Length": "0"}).items():
            self.send_header(name, value)
        self.end_headers()


GOOD = {"Content-Type": "image/webp", "Cache-Control": "public, max-age=31536000, immutable",
        "Content-Length": "1234"}  # fmt: skip


def on_media_host(site: Path, media: str, names: list[str]) -> dict[str, str]:
    """Point the cards of the year 2024 at `media` (as a build with a media host does): each
    named thumbnail becomes `<media>/<n>.webp`; the paths on the media host by name."""
    page = site / "arsip" / "2024" / "index.html"
    html = page.read_text("utf-8")
    moved = {}
    for number, name in enumerate(names):
        moved[name] = f"/foto/{number}.webp"
        html = html.replace(f'src="../../k/{name}"', f'src="{media}foto/{number}.webp"')
    replace(page, html.encode())
    return moved


def test_photos_on_a_media_host_are_checked_with_head_for_type_and_cache(
    demo_site, site, tmp_path, capsys
):
    page = (site / "arsip" / "2024" / "index.html").read_text("utf-8")
    names = re.findall(r'src="\.\./\.\./k/([^"]+\.webp)"', page)[:4]
    assert len(names) == 4
    with serve(tmp_path, handler_class=MediaHandler) as (media, asked):
        moved = on_media_host(site, media, names)
        paths = list(moved.values())
        MediaHandler.answers = {
            paths[0]: GOOD,
            paths[1]: {**GOOD, "Cache-Control": "public, max-age=3600"},
            paths[2]: {**GOOD, "Content-Type": "application/octet-stream"},
        }  # paths[3]: not uploaded
        with serve(site) as (base, _):
            status = cek(demo_site.project, base, "--lengkap", "--host-media", media,
                         "--catatan", str(tmp_path / "c.json"))  # fmt: skip
    assert status == 1
    assert sorted(path for path, _ in asked) == sorted(f"HEAD {p}" for p in paths)  # HEAD, once
    assert sorted(failures(capsys.readouterr().out)) == [
        f"GAGAL {media}foto/1.webp: Cache-Control `public, max-age=3600`, bukan `public, "
        "max-age=31536000, immutable`: ponsel pengunjung mengunduh fotonya lagi",
        f"GAGAL {media}foto/2.webp: Content-Type `application/octet-stream`, bukan `image/webp`",
        f"GAGAL {media}foto/3.webp: menjawab 404",
    ]


def test_on_a_slow_link_the_complete_check_rotates_within_its_deadline(
    demo_site, site, tmp_path, capsys
):
    project = copy_project(tmp_path / "proyek")
    state = tmp_path / "giliran.json"
    # a loaded machine answers late, not never: a request may take up to 5 s
    options = ("--lengkap", "--catatan", str(state), "--paralel", "2", "--batas-total", "6",
               "--waktu", "5")  # fmt: skip
    runs: list[set[str]] = []
    with serve(site, delay=0.2) as (base, seen):  # about 200 requests: 20 s, not 6
        for _ in range(2):
            time.sleep(0.3)  # requests the last run gave up on reach the server meanwhile
            seen.clear()
            started = time.monotonic()
            assert cek(project, base, *options) == 0  # what waits is no failure
            assert time.monotonic() - started < 6 + 2  # its deadline, and reading the project
            runs.append({path for path, _ in seen if path.endswith("/")})
            if not runs[1:]:
                first = json.loads(state.read_text("utf-8"))["diperiksa"]
        output = capsys.readouterr().out
        assert re.search(r"Giliran: \d+ dari \d+ bagian situs diperiksa sebelum batas waktu.*; "
                         r"sisanya didahulukan", output)  # fmt: skip
        assert "GAGAL" not in output
        # the second run goes on from there (after what the first run's deadline cut short)
        again = {"/" + _page(key) for key, when in first.items() if when == -1}
        assert runs[0] and runs[1] - runs[0] and runs[0] & runs[1] <= again
        remembered = json.loads(state.read_text("utf-8"))
        assert remembered["versi"] == 1 and remembered["diperiksa"]["id:2024-001"] > 0
        entry = project / "kegiatan" / "2024" / "2024-04-01-penjaringan-ide-harmoni" / "index.md"
        entry.write_text(entry.read_text("utf-8") + "\nParagraf baru.\n", "utf-8")
        cut = [key for key, when in remembered["diperiksa"].items() if when == -1]
        time.sleep(0.3)
        seen.clear()
        assert cek(project, base, *options) == 0
    pages = [path for path, _ in seen if path.endswith("/")]
    # what changed comes first, with what the deadline cut short last time
    assert "/k/2024-001/" in pages[: len(cut) + 2]


def _page(key: str) -> str:
    """The page path of a rotation key: `id:2024-001` → `k/2024-001/`."""
    return f"k/{key[3:]}/" if key.startswith("id:") else key


def test_a_damaged_rotation_memory_only_means_starting_afresh(demo_site, site, tmp_path, capsys):
    state = tmp_path / "giliran.json"
    state.write_bytes(b"\x00{rusak")
    with serve(site) as (base, _):
        assert cek(demo_site.project, base, "--lengkap", "--catatan", str(state)) == 0
    assert "bukan catatan cek-situs yang dikenal" in capsys.readouterr().out
    assert json.loads(state.read_text("utf-8"))["versi"] == 1


def test_what_a_page_loads_is_found_once_each_without_fragments():
    html = b"""<link rel="stylesheet" href="../assets/a.css"><link rel="icon" href="x.svg">
    <script src="../assets/b.js"></script><script>inline()</script>
    <img src="foto-360.webp"><img src="data:image/png;base64,AA">
    <a href="qr.png">QR</a><a href="poster.pdf">PDF</a><a href="../lain/">halaman</a>
    <video src="https://media.contoh.id/v.mp4" poster="https://media.contoh.id/v.webp"></video>
    <a href="foto-360.webp#besar">lagi</a>"""
    assert live.page_resources("https://a.id/k/1/", html) == [
        "https://a.id/k/assets/a.css", "https://a.id/k/assets/b.js",
        "https://a.id/k/1/foto-360.webp", "https://a.id/k/1/qr.png",
        "https://media.contoh.id/v.mp4", "https://media.contoh.id/v.webp",
    ]  # fmt: skip
