"""Read the reach data staff keep (CSV): one row per post URL and measurement date.

Every bad row becomes a problem naming the file and line, in Bahasa Indonesia, and is left out;
the build goes on. Accepts what spreadsheet programs write: a UTF-8 byte-order mark, `;` as
separator (Excel in Indonesian), dates as 2025-05-28 or 28/05/2025, 1.250 for 1250.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from pathlib import Path

from .. import inputs
from ..entries import links
from ..problems import Problems
from .bounds import MAX_COUNT_DIGITS, BoundExceeded, csv_rows, shown
from .figures import Measurement

COLUMNS = ("url", "tanggal", "jangkauan", "suka", "komentar", "bagikan", "simpan", "tayangan")
"""The columns staff type; `harmoni impor-jangkauan` adds `IMPORT_COLUMNS` after them."""
IMPORT_COLUMNS = ("platform", "id_unggahan", "sumber")
"""Where an imported row came from: the platform, the post's id there, the export file."""
REQUIRED = ("url", "tanggal")
_COUNT = re.compile(r"\d+|\d{1,3}(?:([.,])\d{3})(?:\1\d{3})*")
_DAY_FIRST = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")


class RowError(ValueError):
    """A cell that cannot be read; the message says which and how to fix it."""


def read_measurements(path: Path, relative: str, problems: Problems) -> list[Measurement]:
    """The valid rows of the CSV at `path` (none if it does not exist); problems are recorded
    under `relative`, the path staff know."""
    inputs.note(path)
    if not path.is_file() or path.is_symlink():  # a link is never read (`symlinks.py`)
        return []
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        problems.add(relative, "berkas bukan teks UTF-8. Simpan ulang sebagai CSV UTF-8.")
        return []
    return parse_measurements(text, relative, problems)


def parse_measurements(text: str, relative: str, problems: Problems) -> list[Measurement]:
    """The valid rows of CSV `text`; each bad row is recorded in `problems` and skipped."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        return _rows(reader, relative, problems)
    except BoundExceeded as err:
        problems.add(
            relative,
            f"{err} Data jangkauan tidak dipakai sampai berkasnya diperbaiki (mis. buka di "
            "lembar kerja dan hapus isian yang tidak semestinya).",
            reader.line_num,
        )
        return []


def _rows(reader, relative: str, problems: Problems) -> list[Measurement]:
    """The valid rows of `reader`; bad rows go into `problems`."""
    lines = csv_rows(reader)
    header = [cell.strip().lower() for cell in next(lines, [])]
    missing = [name for name in REQUIRED if name not in header]
    if "jangkauan" not in header and "tayangan" not in header:
        missing.append("jangkauan")
    if missing:
        problems.add(relative, _header_message(missing), 1)
        return []
    rows = []
    for cells in lines:
        if not any(cell.strip() for cell in cells):
            continue
        values = dict(zip(header, (cell.strip() for cell in cells)))
        try:
            rows.append(_measurement(values, reader.line_num))
        except RowError as err:
            problems.add(relative, f"{err} Baris ini diabaikan.", reader.line_num)
    return rows


def _delimiter(text: str) -> str:
    """`;` when the header line uses it (Excel with Indonesian settings), else `,`."""
    first = text.split("\n", 1)[0]
    return ";" if first.count(";") > first.count(",") else ","


def _header_message(missing: list[str]) -> str:
    """What to write on the first line."""
    names = ", ".join(f"`{name}`" for name in missing)
    return (
        f"kolom {names} tidak ada di baris judul. Baris pertama harus berisi: "
        f"{','.join(COLUMNS)}. Data jangkauan tidak dipakai sampai diperbaiki."
    )


def _measurement(values: dict[str, str], line: int) -> Measurement:
    """One row as a `Measurement`, or `RowError`."""
    url = values.get("url", "")
    if not links.is_web_url(url):
        raise RowError(
            f"`url` berisi `{shown(url)}`, bukan alamat unggahan (harus diawali https://)."
        )
    views, reach = values.get("tayangan", ""), values.get("jangkauan", "")
    return Measurement(
        url=url,
        date=parse_date(values.get("tanggal", "")),
        reach=parse_count("jangkauan", reach, required=True) if reach or not views else None,
        likes=parse_count("suka", values.get("suka", "")),
        comments=parse_count("komentar", values.get("komentar", "")),
        shares=parse_count("bagikan", values.get("bagikan", "")),
        saves=parse_count("simpan", values.get("simpan", "")),
        views=parse_count("tayangan", views) if views else None,
        line=line,
        platform=values.get("platform", ""),
        post_id=values.get("id_unggahan", ""),
        source=values.get("sumber", ""),
    )


def parse_date(text: str) -> datetime.date:
    """`2025-05-28` or `28/05/2025` as a date, or `RowError`."""
    try:
        if match := _DAY_FIRST.fullmatch(text):
            return datetime.date(int(match[3]), int(match[2]), int(match[1]))
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise RowError(
            f"`tanggal` berisi `{shown(text)}`, bukan tanggal. Tulis seperti 2025-05-28 atau "
            "28/05/2025."
        ) from None


def parse_count(column: str, text: str, required: bool = False) -> int:
    """A whole non-negative number (`1250`, `1.250`, `1,250`); empty is 0 unless `required`."""
    if not text:
        if required:
            raise RowError(
                f"`{column}` kosong. Isi jumlah akun yang dijangkau, mis. 1250 (atau "
                "`tayangan` untuk platform tanpa angka jangkauan, seperti TikTok)."
            )
        return 0
    if not _COUNT.fullmatch(text):
        raise RowError(
            f"`{column}` berisi `{shown(text)}`, bukan bilangan bulat. Tulis angkanya saja, "
            "mis. 1250."
        )
    digits = re.sub(r"[.,]", "", text)
    if len(digits) > MAX_COUNT_DIGITS:
        raise RowError(
            f"`{column}` berisi bilangan {len(digits)} digit, lebih dari {MAX_COUNT_DIGITS} "
            "digit yang mungkin untuk sebuah unggahan. Periksa angkanya."
        )
    return int(digits)
