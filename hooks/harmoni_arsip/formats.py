"""Numbers, sizes and dates as staff and citizens read them: one Indonesian style everywhere
(`100.000.000`, `6,5 MB`, `24 Juni 2024`)."""

from __future__ import annotations

import datetime

MONTHS = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
    "Oktober", "November", "Desember",
)  # fmt: skip


def number(value: float, decimals: int = 0) -> str:
    """`12345.6` → `12.345,6`: a dot between thousands, a comma before decimals."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def megabytes(size: float) -> str:
    """A size in bytes as MB (10^6 bytes) with one decimal: `48,2 MB`."""
    return f"{number(size / 1_000_000, 1)} MB"


def percent(rate: float | None) -> str:
    """`0.1234` → `12,3%`; no rate (nothing measured) → `–`."""
    return "–" if rate is None else f"{number(rate * 100, 1)}%"


def decimal(value: float, places: int = 1) -> str:
    """At most `places` decimals, none when whole: `15.0` → `15`, `12.5` → `12,5`,
    `1500` → `1.500` (chart ticks, settings quoted back to staff)."""
    text = number(value, places)
    return text.rstrip("0").rstrip(",") if "," in text else text


def month_name(month: int) -> str:
    """`6` → `Juni`."""
    return MONTHS[month - 1]


def indonesian_date(value: datetime.date) -> str:
    """`2024-06-24` → `24 Juni 2024`."""
    return f"{value.day} {month_name(value.month)} {value.year}"
