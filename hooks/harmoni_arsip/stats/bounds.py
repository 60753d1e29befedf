"""The bounds of every reach-data reader: how large a file, a cell, a number or an id may be.

Exports and the reach CSV come from outside (a platform's download, a spreadsheet, a commit):
hostile input is normal input, so every reader stops at these bounds with a message instead of
running out of memory or time.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator

from ..formats import number

MAX_FIELD = 128 * 1024
"""Characters in one CSV cell (Python's csv default): no export has a cell near it."""
MAX_COUNT_DIGITS = 15
"""Digits of a count: a quadrillion views is more than any post will ever have."""
MAX_ID_DIGITS = 20
"""Digits of a platform's post id (TikTok's are 19, Facebook's up to 17)."""
MAX_UNCOMPRESSED = 200 * 1024 * 1024
"""Bytes all members of one ZIP or workbook may expand to (a year of exports is a few MB)."""
MAX_MEMBERS = 1000
"""Members of one ZIP or workbook."""
MAX_ROWS = 200_000
"""Rows of one table (one row per post)."""
MAX_COLUMNS = 500
"""Columns of one table (exports have a few dozen)."""
MAX_CELLS = 1_000_000
"""Cells of one spreadsheet table, rows × columns (a spreadsheet reader fills every gap)."""
SHOWN = 60
"""Characters of a bad value quoted in a message."""


class BoundExceeded(ValueError):
    """Input beyond a bound; the message says which, for staff."""


def shown(text: str) -> str:
    """`text` cut to `SHOWN` characters for a message (a 100 KB cell is not repeated)."""
    return text if len(text) <= SHOWN else text[:SHOWN] + f"… ({number(len(text))} karakter)"


def csv_rows(reader) -> Iterator[list[str]]:
    """The rows of a `csv.reader`, bounded: a cell over `MAX_FIELD` characters, a row over
    `MAX_COLUMNS` cells or more than `MAX_ROWS` rows raises `BoundExceeded`, and so does a
    line the csv module cannot read at all."""
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            raise BoundExceeded(_csv_message(err)) from None
        if len(row) > MAX_COLUMNS:
            raise BoundExceeded(
                f"baris berisi {number(len(row))} kolom (paling banyak {MAX_COLUMNS})."
            )
        if reader.line_num > MAX_ROWS:
            raise BoundExceeded(f"berkas lebih dari {number(MAX_ROWS)} baris.")
        yield row


def _csv_message(err: csv.Error) -> str:
    """What went wrong in a CSV line, in Bahasa Indonesia."""
    if "field larger than field limit" in str(err):
        return f"ada sel yang lebih panjang dari {MAX_FIELD // 1024} KiB."
    return f"baris CSV tidak terbaca ({err})."
