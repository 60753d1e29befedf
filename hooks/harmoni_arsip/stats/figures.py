"""The numbers of the statistics page, computed from entries and reach measurements.

Pure functions over plain data: no files, no MkDocs, no drawing.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit

from ..entries import Entry, LocalVideo

IDENTITY_PARAMETERS = frozenset({"v", "story_fbid", "fbid", "id"})
"""Query parameters that name the post itself (YouTube, Facebook); all others are tracking."""


@dataclass(frozen=True)
class MonthCount:
    """Activities held in one calendar month and the social posts about them."""

    year: int
    month: int
    activities: int
    posts: int


@dataclass(frozen=True)
class Count:
    """How many activities one kategori or kecamatan has."""

    key: str
    label: str
    count: int


@dataclass(frozen=True)
class Coverage:
    """Which desa of the configured region have at least one documented activity."""

    covered: int
    total: int
    missing: dict[str, list[str]]
    """Kecamatan → its desa without any activity yet (only kecamatan that have such desa)."""
    per_kecamatan: dict[str, tuple[int, int]]
    """Kecamatan → (desa documented, desa in total)."""


@dataclass(frozen=True)
class MediaTotals:
    """Photos, videos and social posts over all activities."""

    photos: int
    local_videos: int
    platform_videos: int
    posts: int


@dataclass(frozen=True)
class Measurement:
    """One row of the reach data: a post's numbers on one date."""

    url: str
    date: datetime.date
    reach: int
    likes: int
    comments: int
    shares: int
    saves: int
    views: int | None
    line: int
    """Line in the CSV file, for messages."""

    @property
    def interactions(self) -> int:
        """Likes + comments + shares + saves."""
        return self.likes + self.comments + self.shares + self.saves


@dataclass(frozen=True)
class Reach:
    """Summed reach and interactions of some posts."""

    label: str
    posts: int
    reach: int
    interactions: int
    views: int

    @property
    def rate(self) -> float | None:
        """Engagement rate = interactions / reach, or None without reach."""
        return self.interactions / self.reach if self.reach else None


# -- publications ------------------------------------------------------------------------------


def per_month(entries: list[Entry]) -> list[MonthCount]:
    """Every month from the first activity's to the latest one's, oldest first, zeros included."""
    if not entries:
        return []
    counts: dict[tuple[int, int], list[int]] = {}
    for entry in entries:
        slot = counts.setdefault((entry.date.year, entry.date.month), [0, 0])
        slot[0] += 1
        slot[1] += len(entry.social)
    first, last = min(counts), max(counts)
    return [MonthCount(y, m, *counts.get((y, m), (0, 0))) for y, m in _months(first, last)]


def _months(first: tuple[int, int], last: tuple[int, int]) -> Iterable[tuple[int, int]]:
    """(year, month) from `first` to `last` inclusive."""
    year, month = first
    while (year, month) <= last:
        yield year, month
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def per_kategori(entries: list[Entry], names: dict[str, str]) -> list[Count]:
    """Activities per configured kategori, in the configured order."""
    return [
        Count(key, name, sum(e.kategori == key for e in entries)) for key, name in names.items()
    ]


def per_kecamatan(entries: list[Entry], region: dict[str, list[str]]) -> list[Count]:
    """Activities per configured kecamatan (an activity in two kecamatan counts in both)."""
    return [Count(k, k, sum(k in e.kecamatan for e in entries)) for k in region]


def coverage(entries: list[Entry], region: dict[str, list[str]]) -> Coverage:
    """How many configured desa have at least one activity, and which have none yet."""
    documented = {(p.kecamatan, p.desa) for e in entries for p in e.places}
    missing = {k: [d for d in desa if (k, d) not in documented] for k, desa in region.items()}
    per_kecamatan = {k: (len(desa) - len(missing[k]), len(desa)) for k, desa in region.items()}
    total = sum(len(desa) for desa in region.values())
    not_yet = sum(len(names) for names in missing.values())
    return Coverage(total - not_yet, total, {k: v for k, v in missing.items() if v}, per_kecamatan)


def media_totals(entries: list[Entry]) -> MediaTotals:
    """Photos, local and platform videos, and social posts over all activities."""
    local = sum(isinstance(v, LocalVideo) for e in entries for v in e.videos)
    return MediaTotals(
        photos=sum(len(e.photos) for e in entries),
        local_videos=local,
        platform_videos=sum(len(e.videos) for e in entries) - local,
        posts=sum(len(e.social) for e in entries),
    )


# -- reach and engagement ----------------------------------------------------------------------


def normalise_url(url: str) -> str:
    """The identity of a post's address: no scheme, `www.`/`m.`, tracking query, fragment or
    trailing slash, so `https://www.instagram.com/p/X/?igsh=1` matches `instagram.com/p/X`."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    kept = sorted((k, v) for k, v in parse_qsl(parts.query) if k in IDENTITY_PARAMETERS)
    query = "?" + urlencode(kept) if kept else ""
    return host + parts.path.rstrip("/") + query


def latest(measurements: Iterable[Measurement]) -> dict[str, Measurement]:
    """The latest measurement of each post, by normalised URL (a later line wins a tie)."""
    found: dict[str, Measurement] = {}
    for row in measurements:
        key = normalise_url(row.url)
        if key not in found or row.date >= found[key].date:
            found[key] = row
    return found


def unmatched(latest_rows: dict[str, Measurement], entries: list[Entry]) -> list[Measurement]:
    """Measured posts that no activity links to under `media_sosial`, in file order."""
    linked = {normalise_url(link.url) for e in entries for link in e.social}
    rows = [row for key, row in latest_rows.items() if key not in linked]
    return sorted(rows, key=lambda row: row.line)


def _sum(label: str, rows: list[Measurement]) -> Reach:
    """The reach and interactions of `rows` added up."""
    return Reach(
        label=label,
        posts=len(rows),
        reach=sum(r.reach for r in rows),
        interactions=sum(r.interactions for r in rows),
        views=sum(r.views or 0 for r in rows),
    )


def reach_per_activity(
    entries: list[Entry], latest_rows: dict[str, Measurement]
) -> list[tuple[Entry, Reach]]:
    """Each activity with measured posts and their summed numbers, newest activity first."""
    found = []
    for entry in entries:
        rows = _rows_of(entry.social, latest_rows)
        if rows:
            found.append((entry, _sum(entry.title, rows)))
    return found


def reach_per_platform(entries: list[Entry], latest_rows: dict[str, Measurement]) -> list[Reach]:
    """Summed numbers per platform (Instagram, Facebook, …), largest reach first."""
    by_platform: dict[str, list[Measurement]] = {}
    for entry in entries:
        for link in entry.social:
            row = latest_rows.get(normalise_url(link.url))
            if row is not None:
                by_platform.setdefault(link.platform, []).append(row)
    totals = [_sum(platform, rows) for platform, rows in by_platform.items()]
    return sorted(totals, key=lambda t: (-t.reach, t.label))


def reach_total(entries: list[Entry], latest_rows: dict[str, Measurement]) -> Reach:
    """Summed numbers of every measured post linked from an activity."""
    rows = [row for entry in entries for row in _rows_of(entry.social, latest_rows)]
    return _sum("Semua", rows)


def _rows_of(links, latest_rows: dict[str, Measurement]) -> list[Measurement]:
    """The latest measurements of `links` (social links), each post once."""
    keys = dict.fromkeys(normalise_url(link.url) for link in links)
    return [latest_rows[key] for key in keys if key in latest_rows]
