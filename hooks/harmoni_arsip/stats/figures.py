"""The numbers of the statistics page, computed from entries and reach measurements.

Pure functions over plain data: no files, no MkDocs, no drawing.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, fields
from urllib.parse import parse_qsl, urlencode, urlsplit

from ..entries import Entry, LocalVideo, links

IDENTITY_PARAMETERS = frozenset({"v", "story_fbid", "fbid", "id"})
"""Query parameters that name the post itself (YouTube, Facebook); all others are tracking."""
POST_IDS = {
    "Instagram": re.compile(r"/(?:p|reel|reels|tv)/([\w-]+)"),
    "TikTok": re.compile(r"/video/(\d+)"),
    "Facebook": re.compile(r"(?:/posts/|/videos/|/reel/|/permalink/|story_fbid=|fbid=)(\d+)"),
}
"""Where a post's own id is in its address, per platform."""
VIEW_BASED = frozenset({"TikTok"})
"""Platforms whose exports have no reach: their engagement rate is on views."""


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


@dataclass(frozen=True, kw_only=True)
class Counts:
    """A post's numbers: the metrics of the reach data, declared once."""

    reach: int | None
    """None where the platform gives no reach (TikTok)."""
    likes: int
    comments: int
    shares: int
    saves: int
    views: int | None


METRICS = tuple(item.name for item in fields(Counts))
"""The metric names, in the order of `Counts`."""


@dataclass(frozen=True, kw_only=True)
class Measurement(Counts):
    """One row of the reach data: a post's numbers on one date."""

    url: str
    date: datetime.date
    line: int
    """Line in the CSV file, for messages."""
    platform: str = ""
    """Set by `harmoni impor-jangkauan`; hand-typed rows leave it empty."""
    post_id: str = ""
    """The platform's id of the post (imported rows)."""
    source: str = ""
    """The export file the figures came from; empty for hand-typed rows."""

    @property
    def interactions(self) -> int:
        """Likes + comments + shares + saves."""
        return self.likes + self.comments + self.shares + self.saves

    @property
    def keys(self) -> frozenset[str]:
        """Every identity this post is known by: its address's, and its platform id's."""
        found = {post_key(self.url)}
        if self.platform and self.post_id:
            found.add(f"{self.platform.lower()}:{self.post_id}")
        return frozenset(found)

    @property
    def identity(self) -> str:
        """One of `keys`, the same for every snapshot of the post."""
        if self.platform and self.post_id:
            return f"{self.platform.lower()}:{self.post_id}"
        return post_key(self.url)


@dataclass(frozen=True)
class Reach:
    """Summed reach and interactions of some posts."""

    label: str
    posts: int
    reach: int
    interactions: int
    views: int
    on_views: bool = False
    """The rate is on views, not reach (TikTok gives no reach)."""
    sources: tuple[str, ...] = ()
    """The export files the figures came from; "" stands for hand-typed rows."""
    measured_until: datetime.date | None = None
    """The date of the latest figures summed here."""

    @property
    def base(self) -> int:
        """The rate's denominator: reach, or views where the platform gives no reach."""
        return self.views if self.on_views else self.reach

    @property
    def rate(self) -> float | None:
        """Engagement rate = interactions / reach (or / views), or None without one."""
        return self.interactions / self.base if self.base else None

    @property
    def formula(self) -> str:
        """The rate's formula in words, as the page shows it beside the figure."""
        if self.on_views:
            return "(suka + komentar + bagikan) ÷ tayangan"
        return "(suka + komentar + bagikan + simpan) ÷ jangkauan"


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


def post_key(url: str) -> str:
    """A post's identity from its address: `instagram:<shortcode>`, `tiktok:<video id>`,
    `facebook:<post id>` where the address has one, else the normalised address."""
    platform = links.platform_of(url) if links.is_web_url(url.strip()) else None
    pattern = POST_IDS.get(platform or "")
    match = pattern.search(url) if pattern else None
    if platform and match:
        return f"{platform.lower()}:{match[1]}"
    return normalise_url(url)


def latest(measurements: Iterable[Measurement]) -> dict[str, Measurement]:
    """The latest measurement of each post, by identity (a later line wins a tie)."""
    found: dict[str, Measurement] = {}
    for row in measurements:
        key = row.identity
        if key not in found or row.date >= found[key].date:
            found[key] = row
    return found


def unmatched(latest_rows: dict[str, Measurement], entries: list[Entry]) -> list[Measurement]:
    """Measured posts that no activity links to under `media_sosial`, in file order."""
    linked = {post_key(link.url) for e in entries for link in e.social}
    rows = [row for row in latest_rows.values() if not row.keys & linked]
    return sorted(rows, key=lambda row: row.line)


def _sum(label: str, rows: list[Measurement], on_views: bool = False) -> Reach:
    """The reach and interactions of `rows` added up."""
    return Reach(
        label=label,
        posts=len(rows),
        reach=sum(r.reach or 0 for r in rows),
        interactions=sum(r.interactions - (r.saves if on_views else 0) for r in rows),
        views=sum(r.views or 0 for r in rows),
        on_views=on_views,
        sources=tuple(sorted({r.source for r in rows})),
        measured_until=max((r.date for r in rows), default=None),
    )


def reach_per_activity(
    entries: list[Entry], latest_rows: dict[str, Measurement]
) -> list[tuple[Entry, Reach]]:
    """Each activity with measured reach-based posts and their summed numbers, newest first
    (views-based posts are left out: one rate cannot mix the two denominators)."""
    index = _index(latest_rows)
    found = []
    for entry in entries:
        reached = [link for link in entry.social if link.platform not in VIEW_BASED]
        rows = _rows_of(reached, index)
        if rows:
            found.append((entry, _sum(entry.title, rows)))
    return found


def reach_per_platform(entries: list[Entry], latest_rows: dict[str, Measurement]) -> list[Reach]:
    """Summed numbers per platform (Instagram, Facebook, …), largest reach first; TikTok's
    rate is on views."""
    index = _index(latest_rows)
    by_platform: dict[str, list] = {}
    for entry in entries:
        for link in entry.social:
            by_platform.setdefault(link.platform, []).append(link)
    totals = []
    for platform, platform_links in by_platform.items():
        rows = _rows_of(platform_links, index)
        if rows:
            totals.append(_sum(platform, rows, platform in VIEW_BASED))
    return sorted(totals, key=lambda t: (t.on_views, -t.reach, t.label))


def reach_total(entries: list[Entry], latest_rows: dict[str, Measurement]) -> Reach:
    """Summed numbers of every measured reach-based post linked from an activity."""
    index = _index(latest_rows)
    reached = [link for e in entries for link in e.social if link.platform not in VIEW_BASED]
    return _sum("Semua", _rows_of(reached, index))


def unmeasured(entries: list[Entry], latest_rows: dict[str, Measurement]) -> list[Entry]:
    """Activities with posts under `media_sosial` that have no figures at all yet."""
    index = _index(latest_rows)
    return [e for e in entries if e.social and not _rows_of(e.social, index)]


def _index(latest_rows: dict[str, Measurement]) -> dict[str, list[Measurement]]:
    """Identity key → the latest rows known by it."""
    index: dict[str, list[Measurement]] = {}
    for row in latest_rows.values():
        for key in row.keys:
            index.setdefault(key, []).append(row)
    return index


def _rows_of(social_links, index: dict[str, list[Measurement]]) -> list[Measurement]:
    """The latest measurement of each of `social_links` that has one, each post once."""
    rows = {}
    for key in dict.fromkeys(post_key(link.url) for link in social_links):
        candidates = index.get(key)
        if candidates:
            row = max(candidates, key=lambda r: (r.date, r.line))
            rows[row.identity] = row
    return list(rows.values())
