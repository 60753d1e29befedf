"""Visits and QR scans: GoatCounter's per-path counts summed per month and per page, kept in a
committed JSON file (`kegiatan/kunjungan.json`) that the Statistik page shows.

Pure functions over plain data: the command fetches, the build reads.
"""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass
from pathlib import Path

from .. import inputs
from ..counting import QR_EVENT_PREFIX
from ..entries import Entry
from ..problems import Problems

TOP_ACTIVITIES = 10
_ACTIVITY_PATH = re.compile(r"/k/([^/]+)/(?:index\.html)?$")


@dataclass(frozen=True)
class MonthVisits:
    """One calendar month: page visits and QR scans."""

    month: str
    """`2026-11`."""
    visits: int
    scans: int


@dataclass(frozen=True)
class PageVisits:
    """One page over the whole period."""

    path: str
    title: str
    visits: int
    scans: int


@dataclass(frozen=True)
class VisitData:
    """What the data file holds."""

    source: str
    fetched: datetime.date
    start: datetime.date
    end: datetime.date
    months: list[MonthVisits]
    pages: list[PageVisits]


MAX_PATH = 500
"""Characters of a page path kept from GoatCounter."""
MAX_TITLE = 300
"""Characters of a page title kept."""
MAX_COUNT = 10**12
"""The most visits one path can have in one answer."""
_SAFE_PATH = re.compile(r"[\w\-./~%+=&?:@!$,;()*]+")
"""What a page path of the site looks like (no spaces, quotes, angle brackets, controls)."""
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def clean_hits(hits: list[dict]) -> tuple[list[dict], int]:
    """The hits whose fields are what GoatCounter documents, and how many were dropped: anyone
    can send a hit with any path to a public counter, so what reaches the data file is held to
    the shape of a real page path and real counts."""
    kept = [clean for hit in hits if (clean := _clean_hit(hit)) is not None]
    return kept, len(hits) - len(kept)


def _clean_hit(hit: dict) -> dict | None:
    """One hit with only the fields `summarise` reads, or None when any is malformed."""
    path, count, stats = hit.get("path"), hit.get("count"), hit.get("stats", [])
    if not isinstance(path, str) or len(path) > MAX_PATH or not _SAFE_PATH.fullmatch(path):
        return None
    if hit.get("event") is not True and not path.startswith("/"):
        return None  # a page view's path is a path of the site
    if not _is_count(count) or not isinstance(stats, list):
        return None
    days = [
        {"day": s["day"], "daily": s["daily"]}
        for s in stats
        if isinstance(s, dict) and isinstance(s.get("day"), str) and _DAY.fullmatch(s["day"])
        and _is_count(s.get("daily"))
    ]  # fmt: skip
    if len(days) != len(stats):
        return None
    title = hit.get("title", "")
    return {
        "path": path, "event": hit.get("event") is True, "count": count, "stats": days,
        "title": title[:MAX_TITLE] if isinstance(title, str) else "",
    }  # fmt: skip


def _is_count(value: object) -> bool:
    """A whole number from 0 to `MAX_COUNT` (not a bool, not a float)."""
    return type(value) is int and 0 <= value <= MAX_COUNT


def summarise(hits: list[dict], source: str, fetched: datetime.date, start: datetime.date,
              end: datetime.date, earlier: VisitData | None = None) -> dict:  # fmt: skip
    """The data file's content from GoatCounter's `/api/v0/stats/hits` entries: page views
    (not events) are visits; events `qr/<path>` are QR scans of `<path>`. Months before `start`
    are kept from `earlier`, so history outlives the fetched period."""
    months = {month: [0, 0] for month in _months(start, end)}
    pages: dict[str, dict] = {}
    for hit in hits:
        path, event = str(hit.get("path", "")), bool(hit.get("event"))
        prefix = QR_EVENT_PREFIX + "/"
        if event and not path.startswith(prefix):
            continue  # other events (none are sent today)
        slot = 1 if event else 0
        page = path[len(QR_EVENT_PREFIX) :] if event else path
        record = pages.setdefault(page, {"path": page, "judul": "", "kunjungan": 0, "scan_qr": 0})
        record["scan_qr" if event else "kunjungan"] += int(hit.get("count", 0))
        if not event:
            record["judul"] = str(hit.get("title", ""))
        for stat in hit.get("stats", []):
            month = str(stat.get("day", ""))[:7]
            if month in months:
                months[month][slot] += int(stat.get("daily", 0))
    kept = [m for m in (earlier.months if earlier else []) if m.month < start.isoformat()[:7]]
    rows = [{"bulan": m.month, "kunjungan": m.visits, "scan_qr": m.scans} for m in kept]
    rows += [{"bulan": k, "kunjungan": v, "scan_qr": s} for k, (v, s) in months.items()]
    return {
        "sumber": source,
        "diambil": fetched.isoformat(),
        "dari": start.isoformat(),
        "sampai": end.isoformat(),
        "bulan": rows,
        "halaman": sorted(pages.values(), key=lambda p: (-p["kunjungan"], p["path"])),
    }


def _months(start: datetime.date, end: datetime.date) -> list[str]:
    """`YYYY-MM` of every month from `start` to `end`."""
    found, year, month = [], start.year, start.month
    while (year, month) <= (end.year, end.month):
        found.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


def to_json(content: dict) -> str:
    """The data file's text: stable, readable diffs in git."""
    return json.dumps(content, ensure_ascii=False, indent=1) + "\n"


def read_visits(path: Path, relative: str, problems: Problems) -> VisitData | None:
    """The data file, or None when it does not exist (yet) or cannot be read."""
    inputs.note(path)
    if not path.is_file() or path.is_symlink():  # a link is never read (`symlinks.py`)
        return None
    try:
        raw = json.loads(path.read_text("utf-8"))
        return VisitData(
            source=str(raw["sumber"]),
            fetched=datetime.date.fromisoformat(raw["diambil"]),
            start=datetime.date.fromisoformat(raw["dari"]),
            end=datetime.date.fromisoformat(raw["sampai"]),
            months=[
                MonthVisits(m["bulan"], int(m["kunjungan"]), int(m["scan_qr"]))
                for m in raw["bulan"]
            ],  # fmt: skip
            pages=[
                PageVisits(p["path"], p.get("judul", ""), int(p["kunjungan"]), int(p["scan_qr"]))
                for p in raw["halaman"]
            ],  # fmt: skip
        )
    except (ValueError, KeyError, TypeError):
        problems.add(
            relative,
            "data kunjungan tidak terbaca. Berkas ini ditulis `harmoni ambil-kunjungan`; "
            "kembalikan versi sebelumnya dari riwayat git atau jalankan perintah itu lagi.",
        )
        return None


def activity_id(path: str) -> str | None:
    """The activity id of a page path (`/arsip/k/2024-007/` → `2024-007`)."""
    match = _ACTIVITY_PATH.search(path)
    return match[1] if match else None


def top_activities(data: VisitData, entries: list[Entry]) -> list[tuple[Entry, int, int]]:
    """The most-visited published activities: (entry, visits, QR scans), most visits first."""
    by_id = {entry.id: entry for entry in entries}
    totals: dict[str, list[int]] = {}
    for page in data.pages:
        entry_id = activity_id(page.path)
        if entry_id in by_id:
            slot = totals.setdefault(entry_id, [0, 0])
            slot[0] += page.visits
            slot[1] += page.scans
    ranked = sorted(totals.items(), key=lambda item: (-item[1][0], -item[1][1], item[0]))
    return [(by_id[i], visits, scans) for i, (visits, scans) in ranked[:TOP_ACTIVITIES]]
