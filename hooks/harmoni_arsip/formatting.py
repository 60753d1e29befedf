"""Numbers as staff read them: Indonesian separators (1.234,5) and sizes in MB."""

from __future__ import annotations


def number(value: float, decimals: int = 0) -> str:
    """`12345.6` → `12.345,6`: a dot between thousands, a comma before decimals."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def megabytes(size: int) -> str:
    """A size in bytes as MB (10^6 bytes) with one decimal: `48,2 MB`."""
    return f"{number(size / 1_000_000, 1)} MB"
