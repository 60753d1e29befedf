"""The registry of published ids: a committed text file, one `<id> <first publication date>`
per line. An id once published keeps resolving forever: the build fails when a registered id has
neither an entry nor a tombstone. Only the explicit staff step (`harmoni daftarkan`) writes it."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

from .. import inputs
from ..atomic import write_atomic
from ..problems import Problems

HEADER = """\
# Daftar id kegiatan yang pernah terbit, dengan tanggal terbit pertama.
# Diisi oleh perintah `harmoni daftarkan`. Jangan menghapus atau mengubah baris: kode QR yang
# sudah tercetak bergantung padanya. Untuk menarik kegiatan, pakai `ditarik:` di index.md-nya.
"""
LINE = re.compile(r"(?P<id>[0-9a-z][0-9a-z-]*)\s+(?P<date>\d{4}-\d{2}-\d{2})")


def read_registry(path: Path, relative: str, problems: Problems) -> dict[str, datetime.date]:
    """Registered ids with their first publication date; a missing file is an empty registry."""
    inputs.note(path)
    if not path.exists() or path.is_symlink():  # a link is never read (`symlinks.py`)
        return {}
    registered: dict[str, datetime.date] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        date = _line_date(LINE.fullmatch(text))
        if date is None:
            problems.add(
                relative,
                f"baris tidak dapat dibaca: `{text}`. Setiap baris berisi id dan tanggal, "
                "mis. `2024-007 2024-06-25`.",
                number,
            )
        else:
            registered[date[0]] = date[1]
    return registered


def _line_date(match: re.Match[str] | None) -> tuple[str, datetime.date] | None:
    """The id and date of a registry line, or None when the line or its date is malformed."""
    if match is None:
        return None
    try:
        return match["id"], datetime.date.fromisoformat(match["date"])
    except ValueError:
        return None


def check_registry(path: Path, relative: str, ids: list[str], problems: Problems) -> list[str]:
    """The registered ids without an entry (a build must stop on any). `ids` are every id with an
    entry folder, published or left out for its own problems; ids not yet registered are no
    problem: registering is the publishing step (`harmoni daftarkan`, the workflow)."""
    registered = read_registry(path, relative, problems)
    present = set(ids)
    return [i for i in registered if i not in present]


def missing_message(relative: str, missing: list[str]) -> str:
    """Why the build stops when published ids lost their entries, and what to do."""
    return (
        f"{relative}: id yang sudah terbit tidak punya entri lagi: {', '.join(missing)}. "
        "Kode QR yang sudah tercetak akan rusak. Kembalikan folder kegiatannya (atau perbaiki "
        "entrinya bila ada pesan di atas), atau tarik kegiatannya dengan `ditarik:` di "
        "index.md-nya (lihat Panduan staf)."
    )


def unregistered(ids: list[str], registered: dict[str, datetime.date]) -> list[str]:
    """The ids not yet in the registry, in the given order."""
    return [i for i in ids if i not in registered]


def register(path: Path, ids: list[str], today: datetime.date) -> list[str]:
    """Append the ids not yet registered, dated `today`; returns the ones added."""
    registered = read_registry(path, path.name, Problems())
    added = unregistered(ids, registered)
    if not added:
        return []
    text = path.read_text(encoding="utf-8") if path.exists() else HEADER
    if text and not text.endswith("\n"):
        text += "\n"
    text += "".join(f"{entry_id} {today.isoformat()}\n" for entry_id in sorted(added))
    write_atomic(path, text)
    return sorted(added)
