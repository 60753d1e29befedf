"""Measure the ways to tell a QR scan from another visit, for this site's addresses.

Run from the repository root with the project's interpreter:

    .venv/bin/python scripts/ukur_atribusi_qr.py

Prints, for each candidate payload (the plain permanent address, a `#q` fragment, a `?src=qr`
query, a stub page `/q/<id>/`):
1. the QR version and size at error correction M and Q, in byte mode (today's codes) and in the
   mixed encoding of issue 11 (upper-case scheme + host in alphanumeric mode, path in bytes);
2. the time from navigation to the activity page's `load` in headless Chromium on an emulated
   slow connection, served from 127.0.0.1 (the stub costs a hop);
3. the address left in the address bar after landing: what a citizen forwards on WhatsApp, and so
   whether a forwarded link would be counted as another scan.
"""

from __future__ import annotations

import functools
import statistics
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import qrcode
import qrcode.constants
import yaml
from qrcode.util import MODE_8BIT_BYTE, MODE_ALPHA_NUM, QRData

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_ID = "2024-007"
PROFILES = {"3G lambat": (400, 400_000), "4G lambat (Lighthouse)": (150, 1_600_000)}
"""Name → (round-trip latency ms, download bits per second)."""
RUNS = 5
PAGE_BYTES = 24_000
"""About the HTML of an activity page, gzipped (its images load after `load` is not awaited)."""
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
STUB = (
    "<!doctype html><meta charset=utf-8><title>…</title>"
    "<script>location.replace('../../k/{id}/')</script>"
    '<meta http-equiv=refresh content="0;url=../../k/{id}/">'
)
PAGE = (
    "<!doctype html><meta charset=utf-8><title>Kegiatan</title>"
    "<script>if(location.hash=='#q')history.replaceState(null,'',location.pathname)</script>"
    "<p>{filler}</p>"
)


def candidates(site_url: str) -> dict[str, str]:
    """Label → QR payload."""
    base = site_url.rstrip("/")
    page = f"{base}/k/{EXAMPLE_ID}/"
    return {
        "alamat tetap (tanpa penanda)": page,
        "fragmen #q": page + "#q",
        "kueri ?src=qr": page + "?src=qr",
        "halaman perantara /q/<id>/": f"{base}/q/{EXAMPLE_ID}/",
    }


def qr_size(payload: str, level: int, mixed: bool) -> str:
    """`v4 (33)`: the smallest version holding `payload`, and its modules per side."""
    code = qrcode.QRCode(version=None, error_correction=level)
    if mixed:
        parts = urlsplit(payload)
        head = f"{parts.scheme}://{parts.netloc}".upper()
        code.add_data(QRData(head.encode(), mode=MODE_ALPHA_NUM))
        code.add_data(QRData(payload[len(head) :].encode(), mode=MODE_8BIT_BYTE))
    else:
        code.add_data(payload, optimize=0)
    code.make(fit=True)
    return f"v{code.version} ({17 + 4 * code.version})"


def print_sizes(site_url: str) -> None:
    """Table 1: QR versions."""
    print(f"1. Ukuran kode QR, alamat contoh {site_url}k/{EXAMPLE_ID}/")
    print(f"   {'muatan':32} {'panjang':>7}  {'bita M':>9} {'bita Q':>9} {'campur M':>9} "
          f"{'campur Q':>9}")  # fmt: skip
    levels = (qrcode.constants.ERROR_CORRECT_M, qrcode.constants.ERROR_CORRECT_Q)
    for label, payload in candidates(site_url).items():
        sizes = [qr_size(payload, level, mixed) for mixed in (False, True) for level in levels]
        print(f"   {label:32} {len(payload):>7}  " + " ".join(f"{s:>9}" for s in sizes))


def serve(folder: Path) -> tuple[ThreadingHTTPServer, str]:
    """A keep-alive HTTP server for `folder` on a free port."""

    class Handler(SimpleHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=folder))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def write_site(folder: Path) -> None:
    """An activity page of typical size and its stub."""
    (folder / "k" / EXAMPLE_ID).mkdir(parents=True)
    (folder / "q" / EXAMPLE_ID).mkdir(parents=True)
    page = PAGE.format(filler="x" * PAGE_BYTES)
    (folder / "k" / EXAMPLE_ID / "index.html").write_text(page)
    (folder / "q" / EXAMPLE_ID / "index.html").write_text(STUB.format(id=EXAMPLE_ID))


def measure(base: str) -> None:
    """Tables 2 and 3: time to the page's `load`, and the address left to forward."""
    from playwright.sync_api import sync_playwright

    paths = {
        "alamat tetap (tanpa penanda)": f"k/{EXAMPLE_ID}/",
        "fragmen #q": f"k/{EXAMPLE_ID}/#q",
        "kueri ?src=qr": f"k/{EXAMPLE_ID}/?src=qr",
        "halaman perantara /q/<id>/": f"q/{EXAMPLE_ID}/",
    }
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_FLAGS)
        for profile, (latency, bits) in PROFILES.items():
            print(f"\n2. Waktu sampai halaman kegiatan selesai dimuat, {profile} "
                  f"(RTT {latency} ms, {bits / 1e6:.1f} Mbit/s), median {RUNS} kali")  # fmt: skip
            for label, path in paths.items():
                times, address = [], ""
                for _ in range(RUNS):
                    context = browser.new_context()
                    page = context.new_page()
                    cdp = context.new_cdp_session(page)
                    cdp.send("Network.enable")
                    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
                    cdp.send("Network.emulateNetworkConditions", {
                        "offline": False, "latency": latency, "downloadThroughput": bits / 8,
                        "uploadThroughput": bits / 8,
                    })  # fmt: skip
                    start = time.perf_counter()  # the page's own clock restarts on the hop
                    page.goto(base + path, wait_until="load")
                    page.wait_for_url(f"**/k/{EXAMPLE_ID}/**", wait_until="load")
                    times.append((time.perf_counter() - start) * 1000)
                    address = page.evaluate("location.href").removeprefix(base)
                    context.close()
                print(f"   {label:32} {statistics.median(times):7.0f} ms   "
                      f"alamat yang dibagikan: /{address}")  # fmt: skip
        browser.close()


def main() -> None:
    config = yaml.load((ROOT / "mkdocs.yml").read_text("utf-8"), Loader=yaml.BaseLoader)
    print_sizes(config["site_url"])
    with tempfile.TemporaryDirectory() as folder:
        write_site(Path(folder))
        server, base = serve(Path(folder))
        try:
            measure(base)
        finally:
            server.shutdown()
    print(
        "\n3. Penerusan: tautan yang diteruskan warga adalah alamat yang tersisa di bilah alamat "
        "(kolom terakhir). Kueri ikut terbawa, jadi setiap pembuka tautan terusan terhitung "
        "sebagai pemindaian; fragmen yang dibaca lalu dihapus dengan history.replaceState dan "
        "halaman perantara tidak meninggalkan penanda."
    )


if __name__ == "__main__":
    main()
