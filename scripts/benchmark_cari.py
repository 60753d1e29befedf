"""Measure the archive's search (Pagefind) on generated archives of N activities without photos.

For each size (default 1,000 and 10,000) the script generates the archive with the generator of
scripts/benchmark.py, builds it with `mkdocs build`, indexes it once more from nothing to time
Pagefind alone, then serves the site on 127.0.0.1 with gzip (as GitHub Pages does) and opens it
in headless Chromium at phone size (the system's /usr/bin/chromium or CHROME_PATH). It prints, in
one run:

- index time (Pagefind alone, from nothing) and the time of a warm build's check (no change),
- the bundle's size (files, bytes),
- bytes a phone transfers for one activity page without searching (and that none of them is
  search code or index),
- bytes of the first search (typing "pelatihan" in the box: the box's code, the names list,
  Pagefind, the index pieces and the results shown), and its time with the CPU slowed 4×,
- the Indonesian stemming checks (latih = pelatihan, bina = pembinaan, daya = pemberdayaan,
  counted as the box counts activities),
- results per query, by group (activities; places, kategori and years; guides).

Usage: .venv/bin/python scripts/benchmark_cari.py [--aktivitas 1000 10000] [--folder DIR]
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import io
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import benchmark
from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "hooks"))

from harmoni_arsip import search_index  # noqa: E402

CHROMIUM = os.environ.get("CHROME_PATH") or "/usr/bin/chromium"
STEMS = (("latih", "pelatihan"), ("bina", "pembinaan"), ("daya", "pemberdayaan"))
QUERIES = ("pelatihan", "latih", "pembinaan", "bina", "pemberdayaan", "daya", "berdaya",
           "merawang", "baturusa", "baturasa", "bumdes", "posyandu")  # fmt: skip
GROUPS = (("kegiatan",), ("tempat", "kategori", "tahun"), ("panduan",))
COMPRESSED = {".html", ".js", ".css", ".json", ".xml", ".svg", ".txt"}
"""What the local server gzips, as GitHub Pages does (Pagefind's own files are gzipped)."""
PHONE = {"width": 390, "height": 844}
SEARCH_PARTS = ("harmoni-cari.js", "/pagefind/", "cari/nama.json")

COUNT_JS = """async ([query, groups]) => {
  const root = new URL(document.querySelector("form.harmoni-cari").dataset.akar, location.href);
  const pf = await import(new URL("pagefind/pagefind.js", root).href);
  const counts = [];
  for (const kinds of groups) {
    const found = await pf.search(query, {filters: {jenis: {any: kinds}}});
    counts.push(found.results.length);
  }
  return counts;
}"""


class _GzipHandler(SimpleHTTPRequestHandler):
    """Serves files, gzipping text as a static host does."""

    def log_message(self, format, *args):  # noqa: A002 - the standard library's name
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix not in COMPRESSED or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        if not path.is_file():
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@contextlib.contextmanager
def served(site: Path) -> Iterator[str]:
    handler = functools.partial(_GzipHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def generate(entries: int, work: Path) -> Path:
    """An archive of `entries` activities without photos (scripts/benchmark.py's generator)."""
    project = work / f"arsip-{entries}"
    shutil.rmtree(project, ignore_errors=True)
    config = benchmark.bench_config()
    benchmark.write_project(project, config)
    options = benchmark.Options(entries, 0, 0.5, None, 1, True)
    plans = benchmark.plan_entries(options, benchmark.archive_config(config), project)
    benchmark.write_entries(plans, benchmark.archive_config(config))
    return project


def build(project: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q"], cwd=project, check=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )  # fmt: skip
    return time.perf_counter() - started


def index_alone(site: Path) -> float:
    """Pagefind over the built site from nothing, into a temporary folder."""
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        search_index._make_bundle(str(site), Path(folder) / "bundel")
        return time.perf_counter() - started


def warm_check(site: Path, cache: Path) -> float:
    """What a build with no changed page spends on search: the pages' fingerprint (the bundle
    in place is kept by the site folder, like every unchanged file)."""
    started = time.perf_counter()
    search_index.index_site(
        str(site), search_index.bundle_for(cache, search_index.site_digests(str(site)))
    )
    return time.perf_counter() - started


def bundle_size(site: Path) -> tuple[int, int]:
    files = [p for p in (site / "pagefind").rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


class Transfers:
    """Bytes on the wire per request (DevTools protocol: encodedDataLength)."""

    def __init__(self, page) -> None:
        self.urls: dict[str, str] = {}
        self.bytes: dict[str, int] = {}
        self.cdp = page.context.new_cdp_session(page)
        self.cdp.send("Network.enable")
        self.cdp.send("Network.setCacheDisabled", {"cacheDisabled": False})
        self.cdp.on("Network.requestWillBeSent", self._sent)
        self.cdp.on("Network.loadingFinished", self._finished)

    def _sent(self, event) -> None:
        self.urls[event["requestId"]] = event["request"]["url"]

    def _finished(self, event) -> None:
        self.bytes[event["requestId"]] = int(event["encodedDataLength"])

    def total(self) -> int:
        return sum(self.bytes.values())

    def loaded(self) -> list[str]:
        return [self.urls.get(key, "?") for key in self.bytes]


def measure_browser(site: Path, entry_id: str) -> dict:
    """One activity page without searching, then a first search, on a phone-sized Chromium."""
    with served(site) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True,
                                      has_touch=True, service_workers="block")  # fmt: skip
        page = context.new_page()
        wire = Transfers(page)
        page.goto(f"{url}k/{entry_id}/", wait_until="load")
        page.wait_for_load_state("networkidle")
        page_bytes = wire.total()
        searchy = [u for u in wire.loaded() if any(p in u for p in SEARCH_PARTS + ("sitemap",))]
        wire.cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
        box = page.locator("form.harmoni-cari input")
        started = time.perf_counter()
        box.tap()
        box.fill("pelatihan")
        page.wait_for_function(
            "() => document.querySelector('.harmoni-cari-hasil')?.dataset.selesai === 'pelatihan'",
            timeout=120_000,
        )
        search_seconds = time.perf_counter() - started
        page.wait_for_load_state("networkidle")
        search_bytes = wire.total() - page_bytes
        wire.cdp.send("Emulation.setCPUThrottlingRate", {"rate": 1})
        counts = {q: page.evaluate(COUNT_JS, [q, [list(g) for g in GROUPS]]) for q in QUERIES}
        browser.close()
    return {"page": page_bytes, "searchy": searchy, "search": search_bytes,
            "search_seconds": search_seconds, "counts": counts}  # fmt: skip


def kb(size: int) -> str:
    return f"{size / 1000:,.0f} KB".replace(",", ".")


def run(entries: int, work: Path, reuse: bool) -> None:
    print(f"\n== {entries:,} kegiatan tanpa foto".replace(",", "."), flush=True)
    project = work / f"arsip-{entries}"
    site = project / "site"
    if reuse and (site / "pagefind" / "pagefind-entry.json").is_file():
        print(f"memakai situs yang sudah dibangun di {site}", flush=True)
    else:
        seconds = build(generate(entries, work))
        print(f"pembangunan (mkdocs build, dingin, termasuk indeks): {seconds:.1f} dtk", flush=True)
    alone = index_alone(site)
    warm = warm_check(site, project / ".cache" / "harmoni")
    files, size = bundle_size(site)
    pages = len(list((site / "pagefind" / "fragment").iterdir()))
    print(f"waktu indeks (Pagefind saja, dari nol): {alone:.1f} dtk; pemeriksaan pembangunan "
          f"hangat tanpa perubahan: {warm:.2f} dtk")  # fmt: skip
    print(f"ukuran indeks: {kb(size)} dalam {files:,} berkas ({pages:,} halaman terindeks)"
          .replace(",", "."))  # fmt: skip
    figures = measure_browser(site, "bench-0001")
    verdict = "tidak ada" if not figures["searchy"] else ", ".join(figures["searchy"])
    print(f"byte satu halaman kegiatan tanpa mencari: {kb(figures['page'])} "
          f"(kode/indeks pencarian atau sitemap dimuat: {verdict})")  # fmt: skip
    print(f"byte pencarian pertama ('pelatihan'): {kb(figures['search'])}; hasil tampil dalam "
          f"{figures['search_seconds']:.1f} dtk dengan CPU diperlambat 4×")  # fmt: skip
    counts = figures["counts"]
    for stem, word in STEMS:
        same = "SAMA" if counts[stem][0] == counts[word][0] else "BEDA"
        print(f"pemotongan imbuhan: {stem} {counts[stem][0]} = {word} {counts[word][0]} → {same}")
    print("hasil per kata (kegiatan / tempat, kategori, tahun / panduan):")
    for query in QUERIES:
        print(f"  {query:14} {' / '.join(str(n) for n in counts[query])}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--aktivitas", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--folder", type=Path, help="folder kerja (bawaan: folder sementara)")
    parser.add_argument(
        "--pakai-ulang", action="store_true",
        help="pakai situs yang sudah dibangun di --folder (mis. bangun saat mesin sibuk, "
        "ukur waktu indeks saat mesin sepi)",
    )  # fmt: skip
    args = parser.parse_args()
    load = os.getloadavg()
    print(f"beban mesin: {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} ({os.cpu_count()} inti)")
    with contextlib.ExitStack() as stack:
        work = args.folder or Path(stack.enter_context(tempfile.TemporaryDirectory()))
        work.mkdir(parents=True, exist_ok=True)
        for entries in args.aktivitas:
            run(entries, work, args.pakai_ulang)
    load = os.getloadavg()
    print(f"\nbeban mesin di akhir: {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}")


if __name__ == "__main__":
    main()
