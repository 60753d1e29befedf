"""`harmoni ambil-kunjungan`: fetch visits and QR scans from GoatCounter's API into the data
file the Statistik page shows (run by the scheduled workflow `kunjungan.yml`)."""

from __future__ import annotations

import datetime
import json
import os
import time
from urllib.parse import urlencode, urljoin, urlsplit

from .. import fetching
from ..atomic import write_atomic
from ..problems import HarmoniError, Problems
from ..stats.visits import clean_hits, read_visits, summarise, to_json
from .common import date_option, load_project

TOKEN_VARIABLE = "GOATCOUNTER_TOKEN"
HOST_VARIABLE = "GOATCOUNTER_HOST"
"""The host the token may go to, when set (the scheduled workflow sets it from a repository
variable, which a commit cannot change)."""
PAGE_LIMIT = 100
"""Paths per request: the API's maximum."""
PAUSE = 0.3
"""Seconds between requests: GoatCounter allows 4 a second."""
MAX_REQUESTS = 200
"""A bound on pagination (20 000 paths)."""
MAX_HOPS = 5
"""Redirects followed (within one origin) for one request."""
MAX_ANSWER = 20 * 1024 * 1024
"""Bytes of one answer (a page of 100 paths is a few hundred KB)."""
REQUEST_SECONDS = 60.0
"""Time for one request, every read of its answer included."""
TOTAL_SECONDS = 900.0
"""Time for the whole fetch."""


def register(commands) -> None:
    """Add `harmoni ambil-kunjungan` and its options."""
    parser = commands.add_parser(
        "ambil-kunjungan",
        help="ambil angka kunjungan dan scan QR dari GoatCounter",
        description="Mengambil jumlah kunjungan dan scan QR per halaman dari API GoatCounter "
        "(extra.harmoni.kunjungan.goatcounter) dengan token di variabel lingkungan "
        f"{TOKEN_VARIABLE}, lalu menulis berkas data kunjungan (extra.harmoni.kunjungan.berkas) "
        "yang ditampilkan halaman Statistik pada pembangunan berikutnya.",
    )
    parser.add_argument("--dari", type=date_option, help="tanggal awal (bawaan: 12 bulan terakhir)")
    parser.add_argument("--sampai", type=date_option, help="tanggal akhir (bawaan: hari ini)")
    parser.set_defaults(run=run)


def run(args) -> int:
    """Fetch every path's counts for the period, write the data file if it changed."""
    _, settings, project = load_project(args.config_file)
    site = settings.kunjungan.goatcounter
    if site is None:
        raise HarmoniError(
            "penghitung kunjungan belum diatur. Isi `extra.harmoni.kunjungan.goatcounter` di "
            "mkdocs.yml dengan alamat situs GoatCounter kantor."
        )
    token = os.environ.get(TOKEN_VARIABLE, "").strip()
    if not token:
        raise HarmoniError(
            f"token API GoatCounter tidak ada. Simpan token (izin 'Read statistics') di variabel "
            f"lingkungan {TOKEN_VARIABLE}; di GitHub sebagai secret repositori dengan nama itu."
        )
    _check_host(site, os.environ.get(HOST_VARIABLE, ""))
    end = args.sampai or datetime.date.today()
    start = args.dari or default_start(end)
    hits, dropped = clean_hits(fetch_hits(site, token, start, end))
    if dropped:
        print(f"{dropped} alamat dari GoatCounter dilewati: bukan alamat halaman yang wajar.")
    target = project / settings.kunjungan.berkas
    earlier = read_visits(target, settings.kunjungan.berkas, Problems())
    content = summarise(hits, site, datetime.date.today(), start, end, earlier)
    text = to_json(content)
    old = target.read_text("utf-8") if target.is_file() else None
    if old is not None and _without_date(old) == _without_date(text):
        print(f"{settings.kunjungan.berkas}: tidak ada angka baru.")
        return 0
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(target, text)
    last = content["bulan"][-1]
    print(
        f"{settings.kunjungan.berkas}: {len(hits)} alamat, {start} sampai {end}; bulan "
        f"{last['bulan']}: {last['kunjungan']} kunjungan, {last['scan_qr']} scan QR."
    )
    return 0


def default_start(end: datetime.date) -> datetime.date:
    """The first day of the month eleven months before `end`: twelve calendar months."""
    month = end.year * 12 + end.month - 1 - 11
    return datetime.date(month // 12, month % 12 + 1, 1)


def _without_date(text: str) -> object:
    """The data without the fetch date: a day with no new visits rewrites nothing (a file that
    is no JSON object, e.g. damaged by hand, is simply rewritten)."""
    try:
        content = json.loads(text)
    except ValueError:
        return None
    if isinstance(content, dict):
        content.pop("diambil", None)
    return content


def fetch_hits(site: str, token: str, start: datetime.date, end: datetime.date) -> list[dict]:
    """Every path's entry of `GET /api/v0/stats/hits` for the period, page by page (each page
    excludes the paths already read, as the API documents for pagination)."""
    _check_address(site)
    stop_at = time.monotonic() + TOTAL_SECONDS
    hits: list[dict] = []
    for _ in range(MAX_REQUESTS):
        query = {"start": start.isoformat(), "end": end.isoformat(), "limit": PAGE_LIMIT}
        if hits:
            query["exclude_paths"] = ",".join(str(h["path_id"]) for h in hits)
        answer = _get(site.rstrip("/") + "/api/v0/stats/hits?" + urlencode(query), token, stop_at)
        page = _hits_of(answer)
        hits += page
        if not answer.get("more") or not page:
            return hits
        time.sleep(PAUSE)
    return hits


def _check_host(site: str, expected: str) -> None:
    """Refuse a counter address whose host is not the one `GOATCOUNTER_HOST` names (if set)."""
    wanted = expected.strip().lower()
    wanted = fetching.origin(wanted)[1] if "://" in wanted else wanted.rstrip("/")
    host = fetching.origin(site)[1]
    if wanted and host != wanted:
        raise HarmoniError(
            f"alamat GoatCounter di mkdocs.yml (`{host}`) tidak sama dengan {HOST_VARIABLE} "
            f"(`{wanted}`); token tidak dikirim. Bila kantor memang pindah ke host lain, ubah "
            f"variabel repositori {HOST_VARIABLE} (Settings → Secrets and variables → Actions)."
        )


def _check_address(site: str) -> None:
    """The token goes over https only (plain http only to this machine, for tests)."""
    scheme = fetching.origin(site)[0]
    if scheme == "https" or (scheme == "http" and fetching.is_loopback(site)):
        return
    raise HarmoniError(
        f"alamat GoatCounter `{site}` bukan https://: token API tidak dikirim tanpa enkripsi. "
        "Tulis alamatnya dengan https:// di `extra.harmoni.kunjungan.goatcounter`."
    )


def _hits_of(answer: dict) -> list[dict]:
    """The `hits` of one answer, each with a whole-number `path_id`, or `HarmoniError`."""
    hits = answer.get("hits", [])
    if not isinstance(hits, list) or not all(
        isinstance(hit, dict) and type(hit.get("path_id")) is int for hit in hits
    ):
        raise HarmoniError(
            "jawaban GoatCounter tidak berbentuk seperti yang didokumentasikan (`hits` berisi "
            "data tanpa `path_id`). Tidak ada yang ditulis; coba lagi nanti."
        )
    return hits


def _get(url: str, token: str, stop_at: float) -> dict:
    """One API request, following redirects only within the same origin; failures become a
    message staff (or CI logs) can act on. The token never leaves the origin it was set for."""
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    for _ in range(MAX_HOPS):
        try:
            response = fetching.get(url, headers, REQUEST_SECONDS, MAX_ANSWER, stop_at)
        except fetching.FetchError as err:
            raise HarmoniError(
                f"GoatCounter tidak dapat dihubungi ({err}). Coba lagi nanti."
            ) from None
        if response.location is None:
            return _json(response, url)
        url = _same_origin(url, urljoin(url, response.location))
    raise HarmoniError(f"GoatCounter mengalihkan lebih dari {MAX_HOPS} kali. Periksa alamatnya.")


def _same_origin(url: str, target: str) -> str:
    """`target` when it is on `url`'s origin, else `HarmoniError` (the token is not sent)."""
    if fetching.origin(target) != fetching.origin(url):
        raise HarmoniError(
            f"GoatCounter mengalihkan ke `{_without_query(target)}`, di luar "
            f"`{_without_query(url)}`; token tidak dikirim ke sana. Periksa alamat "
            "`extra.harmoni.kunjungan.goatcounter`."
        )
    return target


def _without_query(url: str) -> str:
    """`url` up to its path, for messages."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}"


def _json(response: fetching.Response, url: str) -> dict:
    """The JSON object of a 200 answer, or `HarmoniError`."""
    if response.status in (401, 403):
        raise HarmoniError(
            f"GoatCounter menolak token (HTTP {response.status}). Buat token baru dengan izin "
            f"'Read statistics' dan simpan di {TOKEN_VARIABLE}."
        )
    if response.status != 200:
        raise HarmoniError(
            f"GoatCounter menjawab HTTP {response.status} untuk {_without_query(url)}."
        )
    try:
        answer = json.loads(response.body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        answer = None
    if not isinstance(answer, dict):
        raise HarmoniError(
            f"GoatCounter menjawab sesuatu yang bukan data JSON yang dikenal "
            f"({len(response.body)} byte dari {_without_query(url)}). Coba lagi nanti."
        )
    return answer
