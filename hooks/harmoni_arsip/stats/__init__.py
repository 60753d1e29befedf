"""Stage 4: the statistics page (monitoring and evaluation) — publications per month against the
target, per kategori and kecamatan, desa coverage, and social-media reach and engagement.

`figures` computes, `measurements` reads the staff's reach data, `charts` draws, `report` puts
them together; the build only asks `make_report` and renders `statistik.html`.
"""

from __future__ import annotations

import logging
from pathlib import Path

from .. import LOG_NAME
from ..entries import Entry
from ..problems import Problems
from ..settings import HarmoniSettings
from . import figures
from .measurements import read_measurements
from .report import REACH_ACTIVITIES, StatsReport, build_report, month_label
from .visits import read_visits

log = logging.getLogger(LOG_NAME)

__all__ = ["REACH_ACTIVITIES", "StatsReport", "make_report", "month_label"]


def make_report(
    project_dir: Path, settings: HarmoniSettings, entries: list[Entry], problems: Problems
) -> StatsReport:
    """Read the reach data, warn about posts no activity links to, compute the page."""
    relative = settings.data_jangkauan
    rows = read_measurements(project_dir / relative, relative, problems)
    for row in figures.unmatched(figures.latest(rows), entries):
        log.info(unmatched_message(relative, row))
    visits_file = settings.kunjungan.berkas
    visits = read_visits(project_dir / visits_file, visits_file, problems)
    return build_report(entries, settings, rows, visits)


def unmatched_message(relative: str, row: figures.Measurement) -> str:
    """A note, not a warning: a withdrawn activity's posts stay in the data and match nothing."""
    return (
        f"{relative}, baris {row.line}: alamat `{row.url}` tidak tercantum di `media_sosial` "
        "kegiatan mana pun, jadi angkanya tidak dihitung. Jika bukan kegiatan yang ditarik, "
        "periksa alamatnya atau tambahkan ke entri kegiatannya."
    )
