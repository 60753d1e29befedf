"""The statistics page's content: the figures, the charts drawn from them, and their formats."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from ..entries import Entry
from ..formats import MONTHS, month_name, percent
from ..settings import HarmoniSettings
from . import charts
from . import figures as fig
from .visits import VisitData, top_activities

CHART_MONTHS = 12
REACH_ACTIVITIES = 50
"""Activities in the per-activity reach table, newest first: the page must not grow with the
archive (every activity's posts are in the reach data file itself)."""
"""The monthly chart shows the last year of the period (month names stay unique)."""


@dataclass(frozen=True)
class YearSummary:
    """One year of the period: activities and months that met the monthly target."""

    year: int
    activities: int
    months: int
    months_reached: int


@dataclass(frozen=True)
class StatsReport:
    """Everything the statistics page shows."""

    activities: int
    media: fig.MediaTotals
    recent_months: list[fig.MonthCount]
    years: list[YearSummary]
    kategori: list[fig.Count]
    kecamatan: list[fig.Count]
    coverage: fig.Coverage
    target_per_month: int
    target_rate: float
    """As a fraction: 0.15 for 15%."""
    reach_total: fig.Reach
    reach_platforms: list[fig.Reach]
    reach_activities: list[tuple[Entry, fig.Reach]]
    """The newest `REACH_ACTIVITIES` activities with measured posts."""
    measured_until: datetime.date | None
    visits: VisitData | None = None
    """Visits and QR scans fetched from GoatCounter, if any were."""
    top_visited: list[tuple[Entry, int, int]] = field(default_factory=list)
    """The most-visited activities: (entry, visits, QR scans)."""
    charts: dict[str, str] = field(default_factory=dict)
    """Chart key → inline SVG."""
    upper_level: str = "Kecamatan"
    """The name of the upper level of places (`extra.harmoni.tingkat`), for the chart title."""


def build_report(
    entries: list[Entry], settings: HarmoniSettings, measurements: list[fig.Measurement],
    visits: VisitData | None = None,
) -> StatsReport:  # fmt: skip
    """Compute every figure from the entries and reach measurements, then draw the charts."""
    months = fig.per_month(entries)
    target = settings.target.konten_per_bulan
    latest = fig.latest(measurements)
    report = StatsReport(
        activities=len(entries),
        media=fig.media_totals(entries),
        recent_months=months[-CHART_MONTHS:],
        years=year_summaries(months, target),
        kategori=fig.per_kategori(entries, settings.kategori),
        kecamatan=fig.per_kecamatan(entries, settings.wilayah),
        coverage=fig.coverage(entries, settings.wilayah),
        target_per_month=target,
        target_rate=settings.target.engagement_rate / 100,
        reach_total=fig.reach_total(entries, latest),
        reach_platforms=fig.reach_per_platform(entries, latest),
        reach_activities=fig.reach_per_activity(entries, latest)[:REACH_ACTIVITIES],
        measured_until=max((row.date for row in latest.values()), default=None),
        visits=visits,
        top_visited=top_activities(visits, entries) if visits else [],
        upper_level=settings.tingkat[0],
    )
    report.charts.update(draw_charts(report))
    return report


def year_summaries(months: list[fig.MonthCount], target: int) -> list[YearSummary]:
    """Per year of the period, newest first."""
    years = sorted({m.year for m in months}, reverse=True)
    return [
        YearSummary(
            year,
            sum(m.activities for m in months if m.year == year),
            sum(m.year == year for m in months),
            sum(m.year == year and m.activities >= target for m in months),
        )
        for year in years
    ]


def draw_charts(report: StatsReport) -> dict[str, str]:
    """The page's charts as inline SVG, by key; none for data the page does not have."""
    drawn = {}
    if report.recent_months:
        drawn["bulan"] = _month_chart(report)
    drawn["kategori"] = _count_chart("kategori", "Kegiatan per kategori", report.kategori)
    drawn["kecamatan"] = _count_chart(
        "kecamatan", f"Kegiatan per {report.upper_level.casefold()}", report.kecamatan
    )
    if report.reach_platforms:
        drawn["platform"] = _rate_chart(report)
    return drawn


def _month_chart(report: StatsReport) -> str:
    """Activities per month of the last year against the monthly target."""
    months = report.recent_months
    labels = [MONTHS[m.month - 1][:3] for m in months]
    values = [m.activities for m in months]
    first, last = months[0], months[-1]
    return charts.columns(
        "grafik-bulan",
        f"Publikasi per bulan, {month_label(first)} sampai {month_label(last)}",
        f"Diagram batang jumlah kegiatan per bulan; garis putus-putus: target "
        f"{report.target_per_month} per bulan. "
        + ", ".join(f"{month_label(m)}: {m.activities}" for m in months),
        labels,
        values,
        report.target_per_month,
    )


def _count_chart(key: str, title: str, counts: list[fig.Count]) -> str:
    """Horizontal bars of activity counts."""
    return charts.bars(
        f"grafik-{key}",
        title,
        "Diagram batang. " + ", ".join(f"{c.label}: {c.count}" for c in counts),
        [c.label for c in counts],
        [c.count for c in counts],
    )


def _rate_chart(report: StatsReport) -> str:
    """Engagement rate per platform against the target rate, in percent."""
    rows = report.reach_platforms
    target = report.target_rate * 100
    return charts.bars(
        "grafik-platform",
        "Tingkat keterlibatan per platform",
        f"Diagram batang tingkat keterlibatan (persen); garis putus-putus: target "
        f"{percent(report.target_rate)}. "
        + ", ".join(f"{r.label}: {percent(r.rate)}" for r in rows),
        [f"{r.label} (tayangan)" if r.on_views else r.label for r in rows],
        [(r.rate or 0) * 100 for r in rows],
        target,
        "%",
    )


def month_label(month: fig.MonthCount | str) -> str:
    """`Mei 2025`, from a month of the figures or a `2025-05` key."""
    if isinstance(month, str):
        year, number = month.split("-")
        return f"{month_name(int(number))} {year}"
    return f"{month_name(month.month)} {month.year}"
