"""The statistics page (monitoring and evaluation): publications against the target, coverage
of kategori, kecamatan and desa, and social-media reach and engagement."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .. import addresses
from ..formats import number, percent
from ..stats import REACH_ACTIVITIES, StatsReport, month_label
from .base import GeneratedPage

TITLE = "Statistik"
DESCRIPTION = (
    "Pemantauan dan evaluasi {program}: jumlah publikasi per bulan, cakupan wilayah, serta "
    "jangkauan dan keterlibatan masyarakat di media sosial."
)
"""The page's description; `{program}` is the office's programme, else `arsip ini`."""


@dataclass(kw_only=True)
class StatisticsPage(GeneratedPage):
    """The statistics page, in the navigation."""

    template = "statistik.html"
    report: StatsReport

    def context(self) -> dict[str, Any]:
        return {
            "stats": self.report, "angka": number, "persen": percent, "bulan_tahun": month_label,
            "archive_uri": addresses.archive_src_uri, "reach_rows": REACH_ACTIVITIES,
        }  # fmt: skip


def statistics_page(report: StatsReport, program: str | None) -> StatisticsPage:
    """The page of `report`, at `statistik/`."""
    description = DESCRIPTION.format(program=program or "arsip ini")
    return StatisticsPage(addresses.STATS_SRC_URI, TITLE, description, report=report)
