"""`harmoni ambil-kunjungan`: fetch visits and QR scans from GoatCounter's API into the data
file the Statistik page shows (run by the scheduled workflow `kunjungan.yml`)."""

from __future__ import annotations

import datetime
import json
import os
import time
import urllib.error
import urllib.request
from urllib.parse import urlencode

from ..atomic import write_atomic
from ..problems import HarmoniError, Problems
from ..stats.visits import read_visits, summarise, to_json
from .common import date_option, load_project

TOKEN_VARIABLE = "GOATCOUNTER_TOKEN"
PAGE_LIMIT = 100
"""Paths per request: the API's maximum."""
PAUSE = 0.3
"""Seconds between requests: GoatCounter allows 4 a second."""
MAX_REQUESTS = 200
"""A bound on pagination (20 000 paths)."""


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
    end = args.sampai or datetime.date.today()
    start = args.dari or default_start(end)
    hits = fetch_hits(site, token, start, end)
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
    """The data without the fetch date: a day with no new visits rewrites nothing."""
    content = json.loads(text)
    content.pop("diambil", None)
    return content


def fetch_hits(site: str, token: str, start: datetime.date, end: datetime.date) -> list[dict]:
    """Every path's entry of `GET /api/v0/stats/hits` for the period, page by page (each page
    excludes the paths already read, as the API documents for pagination)."""
    hits: list[dict] = []
    for _ in range(MAX_REQUESTS):
        query = {"start": start.isoformat(), "end": end.isoformat(), "limit": PAGE_LIMIT}
        if hits:
            query["exclude_paths"] = ",".join(str(h["path_id"]) for h in hits)
        answer = _get(site.rstrip("/") + "/api/v0/stats/hits?" + urlencode(query), token)
        hits += answer.get("hits", [])
        if not answer.get("more") or not answer.get("hits"):
            return hits
        time.sleep(PAUSE)
    return hits


def _get(url: str, token: str) -> dict:
    """One API request; failures become a message staff (or CI logs) can act on."""
    request = urllib.request.Request(url, headers={
        "Authorization": f"Bearer {token}", "Content-Type": "application/json",
    })  # fmt: skip
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.loads(response.read().decode("utf-8"))
    except urllib.error.HTTPError as err:
        if err.code in (401, 403):
            raise HarmoniError(
                f"GoatCounter menolak token (HTTP {err.code}). Buat token baru dengan izin "
                f"'Read statistics' dan simpan di {TOKEN_VARIABLE}."
            ) from None
        raise HarmoniError(f"GoatCounter menjawab HTTP {err.code} untuk {url}.") from None
    except (urllib.error.URLError, TimeoutError, ValueError) as err:
        raise HarmoniError(f"GoatCounter tidak dapat dihubungi ({err}). Coba lagi nanti.") from None
