"""The open-data files: every published activity as JSON and as CSV.

The CSV is UTF-8 with a byte-order mark (BOM): Excel, which most offices open CSV files with,
otherwise reads UTF-8 as the old Windows code page and garbles every non-ASCII letter. Programs
read it with the `utf-8-sig` encoding. Lists go in one cell, separated by `; `.

A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'` (OWASP's
advice against CSV injection): a spreadsheet would otherwise run staff text such as
`=HYPERLINK(…)` as a formula. The JSON file keeps every value as written.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
from dataclasses import dataclass

from .. import regions
from ..settings import HarmoniSettings
from . import CSV_URI, JSON_URI
from .records import FIELD_NAMES, LIST_SEPARATOR

CSV_ENCODING = "utf-8-sig"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""The first characters that make a spreadsheet read a cell as a formula."""


@dataclass(frozen=True)
class Dataset:
    """What the data says about itself (in the JSON file and on the open-data page)."""

    title: str
    description: str
    publisher: str
    licence: str | None
    licence_url: str | None
    frequency: str
    updated: datetime.date | None
    """The date of the newest activity, so an unchanged archive gives the same files."""
    count: int
    json_url: str
    csv_url: str
    codes_source: str | None = None
    """Where the official region codes come from (set when `kode_wilayah` is)."""


def dataset(
    settings: HarmoniSettings, site_name: str, site_url: str, records: list[dict]
) -> Dataset:
    """The description of the dataset of `records` (newest first)."""
    open_data = settings.data_terbuka
    return Dataset(
        title=f"Daftar kegiatan {site_name}",
        description=f"Kegiatan yang didokumentasikan {settings.kantor} di {site_name}: tanggal, "
        "tempat, kategori, jumlah foto dan video, serta alamat halaman setiap kegiatan.",
        publisher=settings.kantor,
        licence=open_data.lisensi,
        licence_url=open_data.lisensi_url,
        frequency=open_data.frekuensi,
        updated=max((datetime.date.fromisoformat(r["tanggal"]) for r in records), default=None),
        count=len(records),
        json_url=site_url.rstrip("/") + "/" + JSON_URI,
        csv_url=site_url.rstrip("/") + "/" + CSV_URI,
        codes_source=regions.source() if settings.kode_wilayah else None,
    )


def json_bytes(about: Dataset, records: list[dict]) -> bytes:
    """The JSON file: the dataset's description and its records under `kegiatan`."""
    document = {
        "judul": about.title,
        "deskripsi": about.description,
        "penerbit": about.publisher,
        "lisensi": about.licence,
        "lisensi_url": about.licence_url,
        "frekuensi_pembaruan": about.frequency,
        "diperbarui": about.updated.isoformat() if about.updated else None,
        "jumlah": about.count,
        "url_csv": about.csv_url,
        "sumber_kode_wilayah": about.codes_source,
        "kegiatan": records,
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def csv_bytes(records: list[dict]) -> bytes:
    """The CSV file: a header row of `FIELD_NAMES`, then one row per record."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)  # RFC 4180: comma, double quotes, CRLF
    writer.writerow(FIELD_NAMES)
    for record in records:
        writer.writerow([_cell(record[name]) for name in FIELD_NAMES])
    return buffer.getvalue().encode(CSV_ENCODING)


def _cell(value: object) -> str:
    """A CSV cell: lists joined, absent values empty, a would-be formula neutralised."""
    if isinstance(value, list):
        text = LIST_SEPARATOR.join(str(item) for item in value)
    else:
        text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text
