"""Merge imported platform figures into the reach data (`kegiatan/jangkauan.csv`) as dated
snapshots.

Pure functions over text: the command reads and writes the file. Rules:
- every existing row is kept as it was (hand-typed rows are never lost, older snapshots stay);
- an imported post gets one row per snapshot date; importing the same post again for the same
  date replaces only that imported row (so re-running an import changes nothing);
- a post that an activity links to under `media_sosial` is written with the staff's address,
  so the row reads like a hand-typed one; other posts keep the export's address.
"""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass, field

from ..entries import Entry
from ..problems import HarmoniError
from .bounds import BoundExceeded, csv_rows
from .figures import normalise_url, post_key
from .measurements import COLUMNS, IMPORT_COLUMNS
from .platforms import PostFigures

HEADER = COLUMNS + IMPORT_COLUMNS


@dataclass(frozen=True)
class Match:
    """Which activity an exported post belongs to, and the address staff gave it."""

    entry: Entry
    url: str


@dataclass
class MergeResult:
    """The new file text and what changed."""

    text: str
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    matched: list[tuple[PostFigures, Match]] = field(default_factory=list)
    unmatched: list[PostFigures] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.replaced)


def link_index(entries: list[Entry]) -> dict[str, Match]:
    """Identity key (platform id, or normalised address) → the activity linking to it."""
    index: dict[str, Match] = {}
    for entry in entries:
        for link in entry.social:
            for key in (post_key(link.url), normalise_url(link.url)):
                index.setdefault(key, Match(entry, link.url))
    return index


def match_post(post: PostFigures, index: dict[str, Match]) -> Match | None:
    """The activity of an exported post: by platform id, else by its permalink."""
    keys = [post_key(post.url), normalise_url(post.url)]
    if post.post_id:
        keys.insert(0, f"{post.platform.lower()}:{post.post_id}")
    return next((index[key] for key in keys if key in index), None)


def latest_per_post(posts: list[PostFigures]) -> list[PostFigures]:
    """One row per post when several files hold it: the last one read wins (files are
    lifetime totals; staff give the newer export last, or one export per platform)."""
    found: dict[tuple[str, str], PostFigures] = {}
    for post in posts:
        found[(post.platform, post.post_id or normalise_url(post.url))] = post
    return list(found.values())


def merge(existing: str | None, posts: list[PostFigures], date: datetime.date,
          entries: list[Entry]) -> MergeResult:  # fmt: skip
    """The reach data with `posts` added as snapshots dated `date`."""
    text = (existing or "").removeprefix("\ufeff")
    delimiter = _delimiter(text)
    rows = _existing_rows(text, delimiter)
    header = [cell.strip().lower() for cell in rows[0]] if rows else list(HEADER)
    header += [name for name in HEADER if name not in header]
    body = rows[1:]
    where = _imported_rows(header, body)
    index = link_index(entries)
    result = MergeResult(text="")
    for post in latest_per_post(posts):
        match = match_post(post, index)
        if match:
            result.matched.append((post, match))
        else:
            result.unmatched.append(post)
        cells = _cells(header, post, date, match.url if match else post.url)
        _upsert(body, where, cells, (post.platform, post.post_id or normalise_url(post.url),
                                     date.isoformat()), result)  # fmt: skip
    result.text = _write(header, body, delimiter, existing)
    return result


def _existing_rows(text: str, delimiter: str) -> list[list[str]]:
    """The rows of the reach data as it is, or `HarmoniError` when it is beyond the readers'
    bounds (nothing is merged into a file that cannot be read back)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return list(csv_rows(reader))
    except BoundExceeded as err:
        raise HarmoniError(
            f"data jangkauan tidak terbaca di baris {reader.line_num}: {err} Perbaiki berkasnya "
            "dulu (mis. buka di lembar kerja dan hapus isian yang tidak semestinya), lalu impor "
            "lagi; tidak ada yang diubah."
        ) from None


def _upsert(body: list[list[str]], where: dict, cells: list[str], key: tuple, result) -> None:
    """Replace the imported row of the same post and date, or append a new one."""
    if key in where:
        row = where[key]
        if body[row] == cells:
            result.unchanged += 1
        else:
            body[row] = cells
            result.replaced += 1
        return
    where[key] = len(body)
    body.append(cells)
    result.added += 1


def _imported_rows(header: list[str], body: list[list[str]]) -> dict[tuple, int]:
    """(platform, post id or address, date) → row index, for rows an import wrote (they have
    a `sumber`); hand-typed rows are never replaced."""
    found = {}
    for number, row in enumerate(body):
        values = dict(zip(header, (cell.strip() for cell in row)))
        if not values.get("sumber"):
            continue
        post = values.get("id_unggahan") or normalise_url(values.get("url", ""))
        found[(values.get("platform", ""), post, values.get("tanggal", ""))] = number
    return found


def _cells(header: list[str], post: PostFigures, date: datetime.date, url: str) -> list[str]:
    """One CSV row for `post` in the file's column order."""
    values = {
        "url": url,
        "tanggal": date.isoformat(),
        "jangkauan": _text(post.reach),
        "suka": str(post.likes),
        "komentar": str(post.comments),
        "bagikan": str(post.shares),
        "simpan": str(post.saves),
        "tayangan": _text(post.views),
        "platform": post.platform,
        "id_unggahan": post.post_id,
        "sumber": post.source,
    }
    return [values.get(name, "") for name in header]


def _text(value: int | None) -> str:
    return "" if value is None else str(value)


def _delimiter(text: str) -> str:
    """The existing file's separator (`;` from Excel in Indonesian), else `,`."""
    first = text.split("\n", 1)[0]
    return ";" if first.count(";") > first.count(",") else ","


def _write(header: list[str], body: list[list[str]], delimiter: str, existing: str | None) -> str:
    """The file text, in the existing file's separator and line endings (a BOM kept)."""
    out = io.StringIO()
    newline = "\r\n" if existing and "\r\n" in existing else "\n"
    writer = csv.writer(out, delimiter=delimiter, lineterminator=newline)
    writer.writerow(header)
    writer.writerows(body)
    bom = "\ufeff" if existing and existing.startswith("\ufeff") else ""
    return bom + out.getvalue()
