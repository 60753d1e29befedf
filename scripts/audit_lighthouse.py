"""Audit the demo archive with Lighthouse as a phone sees it, served gzipped like GitHub Pages.

Run from the repository root with the project's interpreter:

    .venv/bin/python scripts/audit_lighthouse.py
    .venv/bin/python scripts/audit_lighthouse.py --keep /tmp/audit   # keep site and reports
    .venv/bin/python scripts/audit_lighthouse.py --foto-nyata           # 30 real photos
    .venv/bin/python scripts/audit_lighthouse.py --foto-nyata FOLDER    # photos of your own

Installs npm `lighthouse@13` into `.cache/lighthouse/` (git-ignored) when it is missing, and
drives the system Chromium (`CHROME_PATH`, default /usr/bin/chromium; no browser download).
Builds a copy of the demo in which one activity has 30 photos, serves it on 127.0.0.1 with gzip
for text responses, and audits the home page, that activity page and the statistics page in
Lighthouse's default mobile emulation (412×823, device pixel ratio 1.75), and the activity page
once more at a device pixel ratio of 3 (with `--kunjungan`: visits counted, to a local stand-in
for GoatCounter). Prints the four category scores per page, the activity page's bytes
transferred up to the load event and in the whole audit (total-byte-weight, without scrolling),
and the audits that cost points.

The 30 photos are variations of the demo's generated pictures, which compress far better than
camera photos; with `--foto-nyata` they are real photos instead (by default the shared test
photos beside the checkout, used in turn; see foto_nyata.py), and the script also prints the
bytes each published photo costs and their quality (SSIM).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import mimetypes
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import foto_nyata
import yaml
from PIL import Image, ImageEnhance, ImageOps

REPO = Path(__file__).resolve().parents[1]
LIGHTHOUSE_DIR = REPO / ".cache" / "lighthouse"
LIGHTHOUSE = LIGHTHOUSE_DIR / "node_modules" / ".bin" / "lighthouse"
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run "
    "--disable-background-networking --disable-component-update --disable-sync"
)
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
GOALS = {"performance": 0.95, "accessibility": 1.0, "best-practices": 1.0, "seo": 1.0}
FIRST_LOAD_GOALS = {"kegiatan": 300_000, "kegiatan-dpr3": 450_000}
"""Bytes a phone may transfer opening the 30-photo page (issue 13), at each pixel ratio."""
DPR3_EMULATION = (
    "--screenEmulation.mobile",
    "--screenEmulation.width=412",
    "--screenEmulation.height=823",
    "--screenEmulation.deviceScaleFactor=3",
)
"""Lighthouse's default phone, but at a device pixel ratio of 3, common on newer phones."""
GZIP_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml",
              "application/xml", "application/rss+xml", "application/atom+xml")  # fmt: skip
PHOTO_COUNT = foto_nyata.PHOTO_COUNT


# -- lighthouse --------------------------------------------------------------------------------


def ensure_lighthouse() -> Path:
    """The Lighthouse command, installed from npm into `.cache/lighthouse/` on first use."""
    if not LIGHTHOUSE.exists():
        LIGHTHOUSE_DIR.mkdir(parents=True, exist_ok=True)
        print("Memasang lighthouse@13 dari npm ke .cache/lighthouse/ …", flush=True)
        subprocess.run(
            ["npm", "install", "--prefix", str(LIGHTHOUSE_DIR), "lighthouse@13", "--no-audit",
             "--no-fund", "--loglevel=error"], check=True,
        )  # fmt: skip
    return LIGHTHOUSE


def run_lighthouse(url: str, report: Path, chrome: str, extra: tuple[str, ...] = ()) -> dict:
    """Audit `url` (mobile emulation, the default) and return the Lighthouse result (LHR)."""
    env = {**os.environ, "CHROME_PATH": chrome}
    subprocess.run(
        [str(ensure_lighthouse()), url, "--output=json", f"--output-path={report}", "--quiet",
         "--disable-full-page-screenshot", f"--only-categories={','.join(CATEGORIES)}",
         f"--chrome-flags={CHROME_FLAGS}", *extra], check=True, env=env, timeout=300,
    )  # fmt: skip
    return json.loads(report.read_text("utf-8"))


def median_run(url: str, stem: Path, chrome: str, times: int, extra: tuple[str, ...] = ()) -> dict:
    """Audit `url` `times` times; the result whose performance score is the median (scores
    shift with the machine's load: one run proves little)."""
    runs = [run_lighthouse(url, stem.with_name(f"{stem.name}-{n}.json"), chrome, extra)
            for n in range(1, times + 1)]  # fmt: skip
    runs.sort(key=lambda lhr: lhr["categories"]["performance"]["score"])
    scores = ", ".join(f"{lhr['categories']['performance']['score']:.2f}" for lhr in runs)
    print(f"{stem.name}: skor kinerja {times} audit: {scores}", flush=True)
    return runs[len(runs) // 2]


# -- the site ----------------------------------------------------------------------------------


def make_project(
    work: Path, counting: tuple[str, str] | None = None, real: Path | None = None
) -> tuple[Path, list[Path]]:
    """A copy of the demo project wired to the real hook file, one activity given 30 photos:
    real ones from the folder `real`, else variations of the demo's; and their sources. With
    `counting` (site URL, counter URL), visits are counted as a published site counts."""
    project, folder = foto_nyata.demo_project(work)
    if counting:
        path = project / "mkdocs.yml"
        config = yaml.safe_load(path.read_text("utf-8"))
        config["site_url"] = counting[0]
        config["extra"]["harmoni"]["kunjungan"] = {"goatcounter": counting[1]}
        path.write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    if real is not None:
        return project, foto_nyata.fill_entry(folder, foto_nyata.real_photos(real), PHOTO_COUNT)
    add_photos(folder, PHOTO_COUNT)
    foto_nyata.list_gallery(folder)
    return project, []


def add_photos(folder: Path, count: int) -> None:
    """Fill an entry folder up to `count` photos: mirrored, cropped, recoloured demo photos."""
    originals = sorted(folder.glob("foto-*.jpg"))
    for number in range(len(originals) + 1, count + 1):
        with Image.open(originals[number % len(originals)]) as source:
            image = ImageOps.exif_transpose(source).convert("RGB")
        if number % 2:
            image = ImageOps.mirror(image)
        inset = 20 * (number % 5)
        image = image.crop((inset, inset, image.width - inset, image.height - inset))
        image = ImageEnhance.Color(image).enhance(0.6 + (number % 7) / 10)
        image.save(folder / f"foto-{number:02d}.jpg", quality=85)


def build(project: Path) -> Path:
    """Build the project with MkDocs; returns the site folder."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    mkdocs = Path(sys.executable).with_name("mkdocs")
    subprocess.run([str(mkdocs), "build", "-q", "-f", str(project / "mkdocs.yml")], check=True,
                   env=env)  # fmt: skip
    return project / "site"


class GzipHandler(SimpleHTTPRequestHandler):
    """Static files as GitHub Pages serves them: text gzipped, a 404 page, short caching."""

    def do_GET(self) -> None:  # noqa: N802 - the standard library's name
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        status = 200 if path.is_file() else 404
        if status == 404:
            path = Path(self.directory) / "404.html"
        data = path.read_bytes() if path.is_file() else b"Not Found"
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if kind.startswith(GZIP_TYPES) and "gzip" in self.headers.get("Accept-Encoding", ""):
            data = gzip.compress(data, 6, mtime=0)
            encoded = True
        else:
            encoded = False
        self.send_response(status)
        self.send_header(
            "Content-Type", kind + ("; charset=utf-8" if kind.startswith("text/") else "")
        )
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "max-age=600")
        self.send_header("Vary", "Accept-Encoding")
        if encoded:
            self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        try:
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the browser stopped reading (a cancelled request): nothing to serve

    def log_message(self, format, *args):  # noqa: A002 - the standard library's name
        pass


class CounterHandler(BaseHTTPRequestHandler):
    """A stand-in for GoatCounter's `/count`: answers every hit with an empty 200."""

    def do_GET(self) -> None:  # noqa: N802 - the standard library's name
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.send_header("Access-Control-Allow-Origin", "*")
        self.end_headers()

    do_POST = do_GET  # navigator.sendBeacon

    def log_message(self, format, *args):  # noqa: A002 - the standard library's name
        pass


def serve_counter() -> tuple[ThreadingHTTPServer, str]:
    """The stand-in counter on 127.0.0.1 at a free port."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), CounterHandler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def serve(site: Path) -> tuple[ThreadingHTTPServer, str]:
    """Serve `site` on 127.0.0.1 at a free port, in a background thread."""
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(site))
    )
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


# -- reading the results -----------------------------------------------------------------------


def first_load_bytes(lhr: dict) -> int:
    """Bytes transferred up to the load event, without scrolling (lazy images not included)."""
    load = lhr["audits"]["metrics"]["details"]["items"][0]["observedLoad"]
    requests = lhr["audits"]["network-requests"]["details"]["items"]
    return sum(r.get("transferSize", 0) for r in requests if r.get("networkEndTime", 0) <= load)


def image_requests(lhr: dict) -> int:
    """How many images the page fetched during the audit."""
    requests = lhr["audits"]["network-requests"]["details"]["items"]
    return sum(1 for r in requests if r.get("resourceType") == "Image")


def report_weight(name: str, lhr: dict) -> bool:
    """Print the bytes one audit of the activity page transferred; True within its goal."""
    before = first_load_bytes(lhr)
    total = lhr["audits"]["total-byte-weight"]["numericValue"]
    goal = FIRST_LOAD_GOALS[name]
    verdict = "OK" if total <= goal else "TIDAK TERCAPAI"
    print(
        f"{name:<14} {before / 1000:.0f} KB sampai load, {total / 1000:.0f} KB seluruhnya "
        f"(total-byte-weight, {image_requests(lhr)} gambar), sasaran ≤ {goal / 1000:.0f} KB: "
        f"{verdict}"
    )
    return total <= goal


def lost_points(lhr: dict) -> list[str]:
    """The audits that cost points, with their titles and displayed values."""
    found = []
    for category in CATEGORIES:
        for ref in lhr["categories"][category]["auditRefs"]:
            audit = lhr["audits"][ref["id"]]
            score = audit.get("score")
            if ref["weight"] and score is not None and score < 1:
                shown = audit.get("displayValue", "")
                found.append(f"  {category}: {audit['id']} ({score:.2f}) {audit['title']} {shown}")
    return found


def report(name: str, lhr: dict) -> bool:
    """Print one page's scores; True if every goal is met."""
    scores = {c: lhr["categories"][c]["score"] for c in CATEGORIES}
    row = "  ".join(f"{c} {scores[c]:.2f}" for c in CATEGORIES)
    ok = all(scores[c] >= GOALS[c] for c in CATEGORIES)
    print(f"{name:<12} {row}  {'OK' if ok else 'TIDAK TERCAPAI'}")
    for line in lost_points(lhr):
        print(line)
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="folder for the site and the JSON reports")
    parser.add_argument(
        "--kunjungan", action="store_true",
        help="count visits (extra.harmoni.kunjungan) to a local stand-in for GoatCounter",
    )  # fmt: skip
    parser.add_argument(
        "--foto-nyata",
        type=Path,
        nargs="?",
        const=foto_nyata.DEFAULT_FOLDER,
        metavar="FOLDER",
        help="30 foto nyata dari FOLDER (bawaan: foto uji bersama) alih-alih foto buatan",
    )
    parser.add_argument(
        "--ulang", type=int, default=3, metavar="N",
        help="audit setiap halaman N kali; yang dilaporkan audit dengan skor kinerja median (3)",
    )  # fmt: skip
    args = parser.parse_args(argv)
    chrome = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
    ensure_lighthouse()
    work = args.keep or Path(tempfile.mkdtemp(prefix="audit-lighthouse-"))
    if args.keep and work.exists():
        shutil.rmtree(work)
    server, base = serve(work / "proyek" / "site")  # site_url must be known before the build
    counter = serve_counter() if args.kunjungan else None
    counting = (base, counter[1]) if counter else None
    project, sources = make_project(work, counting, args.foto_nyata)
    site = build(project)
    activity = next(p for p in site.glob("k/*/index.html")
                    if p.read_text("utf-8").count("glightbox\"") >= PHOTO_COUNT)  # fmt: skip
    pages = {"beranda": "", "kegiatan": activity.parent.relative_to(site).as_posix() + "/",
             "statistik": "statistik/"}  # fmt: skip
    results = {}
    try:
        for name, path in pages.items():
            results[name] = median_run(base + path, work / f"lighthouse-{name}", chrome, args.ulang)
        results["kegiatan-dpr3"] = median_run(
            base + pages["kegiatan"], work / "lighthouse-kegiatan-dpr3", chrome, args.ulang,
            DPR3_EMULATION,
        )  # fmt: skip
    finally:
        server.shutdown()
        if counter:
            counter[0].shutdown()
    all_ok = [report(name, lhr) for name, lhr in results.items()]
    kind = "foto nyata" if sources else "foto buatan"
    print(f"Halaman kegiatan {pages['kegiatan']}: {PHOTO_COUNT} {kind}")
    all_ok += [report_weight(name, results[name]) for name in FIRST_LOAD_GOALS]
    if sources:
        figures = foto_nyata.measure(activity.parent, sources)
        print("\n".join(foto_nyata.report_lines(figures)))
    print(f"Beban mesin saat audit (skor kinerja peka beban CPU): {os.getloadavg()[0]:.1f}")
    print(f"Laporan JSON: {work}")
    return 0 if all(all_ok) else 1


if __name__ == "__main__":
    sys.exit(main())
