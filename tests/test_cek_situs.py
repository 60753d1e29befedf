"""`harmoni cek-situs` against a local HTTP server serving the built demo site: a healthy site
passes; a removed page, a wrong status, a redirect loop, a slow server, a QR code that opens
another address, a withdrawn page without its notice and a broken former host each fail, named."""

from __future__ import annotations

import os
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

    def do_GET(self) -> None:
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
def serve(folder: Path, faults=None) -> Iterator[tuple[str, list]]:
    """`folder` on http://127.0.0.1:<free port>/ while the block runs; yields its address and
    the list of (path, user agent) requested."""
    seen: list[tuple[str, str]] = []
    handler = type("Fault", (Handler,), {"faults": faults or {}, "seen": seen})
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
