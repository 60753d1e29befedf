"""The date stamped into generated files (the posters' and the sticker sheet's PDF metadata).

Never the clock, so two builds of the same input give byte-identical files: `SOURCE_DATE_EPOCH`
when it is set (https://reproducible-builds.org/specs/source-date-epoch/, as MkDocs itself reads
it for the sitemap), else a date taken from the input, such as the newest activity on a poster.
"""

from __future__ import annotations

import datetime
import logging
import os
import time
from collections.abc import Mapping

from . import LOG_NAME

log = logging.getLogger(LOG_NAME)

VARIABLE = "SOURCE_DATE_EPOCH"


def source_date_epoch(environ: Mapping[str, str] | None = None) -> int | None:
    """The environment's `SOURCE_DATE_EPOCH` in seconds, or None when unset or malformed."""
    value = (os.environ if environ is None else environ).get(VARIABLE, "").strip()
    if not value:
        return None
    if not value.isdigit():
        log.warning(
            f"{VARIABLE}={value!r} bukan jumlah detik sejak 1970 (bilangan bulat); diabaikan, "
            "tanggal diambil dari data kegiatan. Perbaiki atau hapus variabel itu."
        )
        return None
    return int(value)


def timestamp(newest: datetime.date | None, environ: Mapping[str, str] | None = None) -> int | None:
    """Seconds since the epoch for a generated file: `SOURCE_DATE_EPOCH` when set, else midnight
    (UTC) of `newest`; None (no date at all) when neither is known."""
    fixed = source_date_epoch(environ)
    if fixed is not None or newest is None:
        return fixed
    midnight = datetime.datetime.combine(newest, datetime.time(), datetime.UTC)
    return int(midnight.timestamp())


def pdf_date(seconds: int | None) -> time.struct_time | None:
    """A timestamp as the UTC time Pillow writes into a PDF's `CreationDate` and `ModDate`;
    None makes Pillow leave both out (it would otherwise write the clock's time)."""
    return None if seconds is None else time.gmtime(seconds)
