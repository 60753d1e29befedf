"""Hostile servers against the commands that fetch, all on 127.0.0.1: `ambil-kunjungan` never
sends its token to another origin or over plain http to another machine, ends a slow-drip
answer at its deadline and turns every malformed answer into a message; `cek-situs` follows no
redirect or sitemap entry to `file:` or another host, keeps `--batas-total` during a read, and
names a bomb `qr.png`."""

from __future__ import annotations

import json
import os
import shutil
import socket
import struct
import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import copy_project, read_config, write_config
from harmoni_arsip import cli
from harmoni_arsip.commands import ambil_kunjungan
from test_cek_situs import answer, cek, failures, replace, serve

TOKEN = "token-uji-18"
HIT = {"count": 3, "event": False, "path": "/k/2024-001/", "path_id": 1, "title": "Uji",
       "stats": [{"day": "2026-11-02", "daily": 3}]}  # fmt: skip
GOOD = {"hits": [HIT], "more": False}


class Recorder:
    """A stand-in server: `respond(handler)` answers; every request's path and token is kept."""

    def __init__(self, respond) -> None:
        self.respond, self.seen = respond, []
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:
                recorder.seen.append((self.path, self.headers.get("Authorization", "")))
                recorder.respond(self)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def send(handler, status: int, body: bytes = b"", headers: dict | None = None) -> None:
    handler.send_response(status)
    for name, value in {"Content-Length": str(len(body)), **(headers or {})}.items():
        handler.send_header(name, value)
    handler.end_headers()
    handler.wfile.write(body)


def json_answer(content) -> callable:
    return lambda handler: send(handler, 200, json.dumps(content).encode())


@pytest.fixture
def site(demo_site, tmp_path) -> Path:
    """A copy of the built demo site to break (files hard-linked: replace, never edit)."""
    copy = tmp_path / "situs"
    shutil.copytree(demo_site.site, copy, copy_function=os.link)
    return copy


@pytest.fixture
def counter_project(tmp_path, monkeypatch):
    """A project (no entries needed) whose counter address each test sets."""
    project = copy_project(tmp_path / "proyek", entries=None)
    monkeypatch.setenv("GOATCOUNTER_TOKEN", TOKEN)
    monkeypatch.delenv("GOATCOUNTER_HOST", raising=False)
    monkeypatch.setattr(ambil_kunjungan, "REQUEST_SECONDS", 2.0, raising=False)
    monkeypatch.setattr(ambil_kunjungan, "PAUSE", 0.0, raising=False)

    def fetch(address: str) -> int:
        config = read_config(project)
        config["extra"]["harmoni"]["kunjungan"] = {"goatcounter": address}
        write_config(project, config)
        argv = ["-f", str(project / "mkdocs.yml"), "ambil-kunjungan", "--dari", "2026-10-01",
                "--sampai", "2026-11-30"]  # fmt: skip
        return cli.main(argv)

    fetch.project = project
    return fetch


@pytest.fixture
def servers():
    made: list[Recorder] = []

    def make(respond) -> Recorder:
        made.append(Recorder(respond))
        return made[-1]

    yield make
    for server in made:
        server.close()


def test_the_token_never_follows_a_redirect_to_another_origin(counter_project, servers, capsys):
    thief = servers(json_answer(GOOD))
    counter = servers(lambda h: send(h, 302, headers={"Location": thief.url + "/api/v0/x"}))
    assert counter_project(counter.url) == 2
    err = capsys.readouterr().err
    assert f"GoatCounter mengalihkan ke `{thief.url}/api/v0/x`" in err
    assert "token tidak dikirim ke sana" in err and "Traceback" not in err
    assert thief.seen == []
    assert counter.seen[0][1] == f"Bearer {TOKEN}"


def test_a_redirect_within_the_origin_is_followed(counter_project, servers):
    def respond(handler) -> None:
        if handler.path.startswith("/api/v0/stats/hits"):
            send(handler, 301, headers={"Location": "/baru" + handler.path})
        else:
            json_answer(GOOD)(handler)

    counter = servers(respond)
    assert counter_project(counter.url) == 0
    assert [path.split("?")[0] for path, _ in counter.seen] == [
        "/api/v0/stats/hits", "/baru/api/v0/stats/hits"]  # fmt: skip
    data = json.loads((counter_project.project / "kegiatan" / "kunjungan.json").read_text())
    assert data["halaman"][0]["path"] == "/k/2024-001/"


def test_the_token_never_goes_over_plain_http_to_another_machine(counter_project, capsys):
    assert counter_project("http://gc.contoh.invalid") == 2
    err = capsys.readouterr().err
    assert "`http://gc.contoh.invalid` bukan https://: token API tidak dikirim" in err


def test_a_counter_host_other_than_the_repository_variable_is_refused(
    counter_project, servers, monkeypatch, capsys
):
    counter = servers(json_answer(GOOD))
    monkeypatch.setenv("GOATCOUNTER_HOST", "statistik.contoh.go.id")
    assert counter_project(counter.url) == 2
    assert (
        "tidak sama dengan GOATCOUNTER_HOST (`statistik.contoh.go.id`)" in capsys.readouterr().err
    )
    assert counter.seen == []


def drip(handler) -> None:
    """Promise 1,000 bytes, then send one every 0.2 s for at most 8 s."""
    handler.send_response(200)
    handler.send_header("Content-Length", "1000")
    handler.end_headers()
    for _ in range(40):
        try:
            handler.wfile.write(b" ")
            handler.wfile.flush()
        except OSError:
            return
        time.sleep(0.2)


def reset(handler) -> None:
    """Close the connection with a TCP reset, before any answer."""
    handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    handler.connection.close()
    handler.close_connection = True


def short(handler) -> None:
    handler.send_response(200)
    handler.send_header("Content-Length", "500")
    handler.end_headers()
    handler.wfile.write(b'{"hits": [')
    handler.close_connection = True


MALFORMED = {
    "json-rusak": (lambda h: send(h, 200, b"{bukan json"), "bukan data JSON"),
    "json-daftar": (json_answer([1, 2]), "bukan data JSON yang dikenal"),
    "hits-tanpa-id": (json_answer({"hits": [{"path": "/"}]}), "tanpa `path_id`"),
    "reset": (reset, "tidak dapat dihubungi"),
    "terpotong": (short, "terpotong"),
    "terlalu-besar": (lambda h: send(h, 200, b"", {"Content-Length": str(10**9)}),
                      "terlalu besar"),
}  # fmt: skip


@pytest.mark.parametrize("case", MALFORMED)
def test_every_malformed_answer_is_a_message(counter_project, servers, capsys, case):
    respond, words = MALFORMED[case]
    counter = servers(respond)
    assert counter_project(counter.url) == 2
    err = capsys.readouterr().err
    assert err.startswith("Galat: ") and "GoatCounter" in err and words in err, err
    assert not (counter_project.project / "kegiatan" / "kunjungan.json").exists()


def test_a_slow_drip_answer_ends_at_the_deadline(counter_project, servers, capsys):
    counter = servers(drip)
    started = time.monotonic()
    assert counter_project(counter.url) == 2
    assert time.monotonic() - started < 5  # the request's 2 s, not the drip's 8 s
    assert "tidak menjawab dalam 2 detik" in capsys.readouterr().err


def test_only_plausible_paths_and_counts_reach_the_data_file(counter_project, servers, capsys):
    hostile = [
        {"path": "<script>alert(1)</script>", "count": 1},
        {"path": "javascript:alert(1)", "count": 1},
        {"path": "/a\n::error::palsu", "count": 1},
        {"path": "/" + "x" * 10_000, "count": 1},
        {"path": "/k/2024-002/", "count": -5},
        {"path": "/k/2024-003/", "count": 10**30},
        {"path": "/k/2024-004/", "count": 2, "stats": [{"day": "2026-11-02'", "daily": 2}]},
    ]
    hits = [{"event": False, "title": "x", "stats": [], "path_id": 10 + i, **hit}
            for i, hit in enumerate(hostile)] + GOOD["hits"]  # fmt: skip
    counter = servers(json_answer({"hits": hits, "more": False}))
    assert counter_project(counter.url) == 0
    assert "7 alamat dari GoatCounter dilewati" in capsys.readouterr().out
    data = json.loads((counter_project.project / "kegiatan" / "kunjungan.json").read_text())
    assert [page["path"] for page in data["halaman"]] == ["/k/2024-001/"]


# -- cek-situs -----------------------------------------------------------------------------------


def test_cek_situs_follows_no_redirect_to_a_file_or_another_host(demo_site, site, servers, capsys):
    other = servers(lambda h: send(h, 200, b"milik orang lain"))
    faults = {"/k/2024-004/": answer(302, "file:///etc/passwd"),
              "/k/2024-001/": answer(302, other.url + "/k/2024-001/")}  # fmt: skip
    with serve(site, faults) as (base, _):
        assert cek(demo_site.project, base) == 1
    out = capsys.readouterr().out
    assert f"GAGAL {base}k/2024-004/: dialihkan dari {base}k/2024-004/ ke alamat di luar situs " \
           "(file:///etc/passwd); tidak dibuka" in failures(out)  # fmt: skip
    assert any(line.startswith(f"GAGAL {base}k/2024-001/: dialihkan") for line in failures(out))
    assert other.seen == [] and "root:" not in out


def test_cek_situs_opens_no_sitemap_entry_outside_the_site(demo_site, site, servers, capsys):
    other = servers(lambda h: send(h, 200, b"<html></html>"))
    sitemap = site / "sitemap.xml"
    extra = f"<url><loc>file:///etc/passwd</loc></url><url><loc>{other.url}/x/</loc></url>"
    replace(sitemap, sitemap.read_bytes().replace(b"</urlset>", extra.encode() + b"</urlset>"))
    with serve(site) as (base, _):
        assert cek(demo_site.project, base, "--lengkap") == 1
    lines = failures(capsys.readouterr().out)
    assert lines == [
        "GAGAL file:///etc/passwd: sitemap.xml memuat alamat di luar situs; tidak dibuka",
        f"GAGAL {other.url}/x/: sitemap.xml memuat alamat di luar situs; tidak dibuka",
    ]
    assert other.seen == []


def test_cek_situs_keeps_its_total_deadline_during_a_slow_read(demo_site, site, capsys):
    with serve(site, {"/k/2024-004/": drip}) as (base, _):
        started = time.monotonic()
        status = cek(demo_site.project, base, "--waktu", "30", "--batas-total", "2")
        took = time.monotonic() - started
    assert status == 1 and took < 5, took
    assert "batas waktu pemeriksaan habis" in capsys.readouterr().out


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that claims absurd dimensions (a decompression bomb's header)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b"")


@pytest.mark.parametrize(("size", "words"), [(40_000, "bom dekompresi"), (5_000, "terlalu besar")])
def test_a_bomb_qr_png_is_a_message(demo_site, site, capsys, size, words):
    replace(site / "k" / "2024-004" / "qr.png", png_header_only(size, size))
    with serve(site) as (base, _):
        assert cek(demo_site.project, base) == 1
    (line,) = failures(capsys.readouterr().out)
    assert line.startswith(f"GAGAL {base}k/2024-004/qr.png: gambar kode QR terlalu besar")
    assert words in line


def test_fetching_refuses_every_scheme_but_http_and_https():
    from harmoni_arsip import fetching

    for url in ("file:///etc/passwd", "ftp://127.0.0.1/", "data:text/plain,x", "gopher://x/"):
        with pytest.raises(fetching.FetchError, match="bukan alamat http"):
            fetching.get(url, {}, 1.0, 100)


def test_a_damaged_data_file_is_rewritten_not_a_traceback(counter_project, servers):
    data = counter_project.project / "kegiatan" / "kunjungan.json"
    data.write_text('{"sumber": "x", "bulan": [', "utf-8")
    counter = servers(json_answer(GOOD))
    assert counter_project(counter.url) == 0
    assert json.loads(data.read_text("utf-8"))["halaman"][0]["path"] == "/k/2024-001/"
