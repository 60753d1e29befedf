"""Read the platforms' own per-post exports: Meta Business Suite (Facebook, Instagram, with
English or Indonesian headers) and TikTok Studio (CSV, XLSX or the ZIP as downloaded).

Pure functions over bytes: no project files, no MkDocs. Every unreadable file, row or cell
becomes a `ReadProblem` naming the file, row and column in Bahasa Indonesia; readable rows are
kept. Columns are found by name (the set and order vary between exports), never by position.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..entries import links
from ..formats import number
from .bounds import (
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_COUNT_DIGITS,
    MAX_FIELD,
    MAX_ID_DIGITS,
    MAX_MEMBERS,
    MAX_ROWS,
    MAX_UNCOMPRESSED,
    BoundExceeded,
    csv_rows,
    shown,
)
from .figures import METRICS, Counts

ALIASES: dict[str, tuple[str, ...]] = {
    "post_id": ("post id", "id postingan"),
    "link": ("permalink", "video link", "tautan permanen", "tautan video"),
    "published": ("publish time", "waktu penerbitan", "waktu publikasi", "post time"),
    "reach": ("reach", "jangkauan"),
    "views": ("views", "tayangan", "total views"),
    "likes": ("likes", "suka", "reactions", "reaksi", "total likes"),
    "comments": ("comments", "komentar", "total comments"),
    "shares": ("shares", "frekuensi dibagikan", "dibagikan", "bagikan", "total shares"),
    "saves": ("saves", "frekuensi disimpan"),
}
"""Our field → the export's column names (lower case, matched whole: `Komentar` is not
`Komentar data`, `Reactions` is not `Reactions, Comments and Shares`). Indonesian Facebook
headers were not seen in a real file: the likely names are listed, English works for sure."""
_MANGLED = re.compile(r"\d+(?:[.,]\d+)?E\+?\d+", re.IGNORECASE)
_US_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_INSTAGRAM_CODE = re.compile(r"/(?:p|reel|reels|tv)/([\w-]+)")
_TIKTOK_ID = re.compile(r"/video/(\d+)")
_FACEBOOK_ID = re.compile(r"(?:/posts/|/videos/|/reel/|/permalink/|story_fbid=|fbid=)(\d+)")
_COUNT = re.compile(r"\d+|\d{1,3}(?:([.,])\d{3})(?:\1\d{3})*")


@dataclass(frozen=True, kw_only=True)
class PostFigures(Counts):
    """One post's lifetime figures as one export states them."""

    platform: str
    """`Facebook`, `Instagram` or `TikTok` (the names `media_sosial` links get)."""
    post_id: str
    """The platform's id: Instagram shortcode, TikTok video id, Facebook post id (or "")."""
    url: str
    published: datetime.date | None
    source: str
    """The file name (with the ZIP member), for the page and for messages."""
    line: int


@dataclass(frozen=True)
class ReadProblem:
    """A file, row or cell that could not be read, with what to do about it."""

    source: str
    message: str
    line: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        where = self.source
        if self.line:
            where += f", baris {self.line}"
        if self.column:
            where += f", kolom `{self.column}`"
        return f"{where}: {self.message}"


@dataclass
class ExportRead:
    """What one or more export files held."""

    posts: list[PostFigures] = field(default_factory=list)
    problems: list[ReadProblem] = field(default_factory=list)
    tables: list[tuple[str, str, int]] = field(default_factory=list)
    """(source, platform, rows read) of every per-post table found."""
    skipped: list[str] = field(default_factory=list)
    """Sources that are exports, but not per-post ones (e.g. TikTok's Overview.csv)."""

    def extend(self, other: ExportRead) -> None:
        """Add another file's results."""
        self.posts += other.posts
        self.problems += other.problems
        self.tables += other.tables
        self.skipped += other.skipped


class CellError(ValueError):
    """A cell that cannot be read; `column` names it."""

    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column = column


# -- files -------------------------------------------------------------------------------------


def read_export(name: str, data: bytes, inside_zip: bool = False) -> ExportRead:
    """The posts of one downloaded file: CSV, XLSX, or a ZIP of either (one level deep)."""
    if data[:4] == b"PK\x03\x04":
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
            _check_archive(archive)
        except zipfile.BadZipFile:
            return _unreadable(name, "berkas ZIP rusak. Unduh ulang dari platformnya.")
        except BoundExceeded as err:
            return _unreadable(name, f"{err} Ini bukan ekspor platform; jangan diimpor.")
        if "xl/workbook.xml" in archive.namelist():
            return _read_xlsx(name, archive, data)
        if inside_zip:
            return _unreadable(name, "ZIP di dalam ZIP tidak dibaca. Ekstrak dulu, lalu impor "
                               "berkas CSV atau XLSX di dalamnya.")  # fmt: skip
        return _read_zip(name, archive)
    if name.lower().endswith((".xlsx", ".xls")):
        return _unreadable(name, "bukan berkas Excel yang utuh. Unduh ulang dari platformnya.")
    try:
        text, delimiter = decode_text(data)
    except UnicodeDecodeError:
        return _unreadable(
            name, "bukan teks CSV (UTF-8 atau UTF-16). Pakai berkas yang diunduh, tanpa diubah."
        )
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return parse_table(name, _numbered(csv_rows(reader)))
    except BoundExceeded as err:
        return _unreadable(name, f"{err} Berkas ini dilewati; impor berkas asli dari platformnya.")


def _check_archive(archive: zipfile.ZipFile) -> None:
    """Refuse a ZIP (or workbook) whose members are too many or would expand past
    `MAX_UNCOMPRESSED` (a zip bomb): judged from its directory, before anything is unpacked."""
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise BoundExceeded(f"ZIP berisi {number(len(members))} berkas (paling banyak "
                            f"{number(MAX_MEMBERS)}).")  # fmt: skip
    total = sum(member.file_size for member in members)
    if total > MAX_UNCOMPRESSED:
        raise BoundExceeded(
            f"isinya mengembang menjadi {number(total // 1024**2)} MB (paling banyak "
            f"{number(MAX_UNCOMPRESSED // 1024**2)} MB)."
        )


def _unreadable(name: str, message: str) -> ExportRead:
    return ExportRead(problems=[ReadProblem(name, message)])


def _read_zip(name: str, archive: zipfile.ZipFile) -> ExportRead:
    """Every CSV or XLSX inside a ZIP (TikTok Studio's download)."""
    result = ExportRead()
    members = [m for m in archive.namelist() if m.lower().endswith((".csv", ".xlsx"))]
    if not members:
        return _unreadable(name, "ZIP ini tidak berisi berkas CSV atau XLSX.")
    for member in sorted(members):
        source = f"{name}:{member}"
        try:
            data = _member_bytes(archive, member)
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError, EOFError, zlib.error):
            result.extend(_unreadable(source, "berkas di dalam ZIP rusak, terkunci sandi, atau "
                                      "dimampatkan dengan cara yang tidak dikenal."))  # fmt: skip
            continue
        result.extend(read_export(source, data, inside_zip=True))
    return result


def _member_bytes(archive: zipfile.ZipFile, member: str) -> bytes:
    """A member's bytes, never more than its directory entry says (checked by `_check_archive`)
    and never more than `MAX_UNCOMPRESSED`."""
    with archive.open(member) as handle:
        return handle.read(MAX_UNCOMPRESSED + 1)


_DTD = b"<!DOCTYPE"


def _read_xlsx(name: str, archive: zipfile.ZipFile, data: bytes) -> ExportRead:
    """The first sheet of a workbook, each cell as text (ids stored as numbers flagged)."""
    import openpyxl  # only staff importing spreadsheets pay for loading it

    if _has_dtd(archive):
        return _unreadable(name, "berkas Excel ini memuat DTD (`<!DOCTYPE`), yang tidak pernah "
                           "ada di ekspor platform. Unduh ulang dari platformnya.")  # fmt: skip
    try:
        _check_sheets(archive)
    except BoundExceeded as err:
        return _unreadable(name, f"{err} Berkas ini dilewati; impor berkas asli dari platformnya.")
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError, EOFError, zlib.error):
        return _unreadable(name, "berkas Excel tidak terbaca. Unduh ulang dari platformnya.")
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged workbook
        return _unreadable(name, "berkas Excel tidak terbaca. Unduh ulang dari platformnya.")
    try:
        return _read_sheet(name, book.worksheets[0])
    except BoundExceeded as err:
        return _unreadable(name, f"{err} Berkas ini dilewati; impor berkas asli dari platformnya.")
    except Exception:  # a damaged sheet fails only when its rows are read
        return _unreadable(name, "lembar Excel tidak terbaca. Unduh ulang dari platformnya.")
    finally:
        book.close()


def _has_dtd(archive: zipfile.ZipFile) -> bool:
    """True when an XML member of a workbook declares a DTD (in its first 4 KB, where the
    prolog is): entity tricks start there, and no export has one."""
    for member in archive.namelist():
        if member.lower().endswith((".xml", ".rels")):
            with archive.open(member) as handle:
                if _DTD in handle.read(4096).upper():
                    return True
    return False


def _read_sheet(name: str, sheet) -> ExportRead:
    """The rows of a read-only sheet as text, within `MAX_ROWS` × `MAX_COLUMNS`."""
    values = sheet.iter_rows(max_row=MAX_ROWS, max_col=MAX_COLUMNS, values_only=True)
    rows = (_bounded([_cell_text(v) for v in row]) for row in values)
    return parse_table(name, _numbered(rows))


_ROW_NUMBER = re.compile(rb"<(?:\w+:)?row\b[^>]*?\br=\"(\d{1,12})\"")
_CELL_COLUMN = re.compile(rb"<(?:\w+:)?c\b[^>]*?\br=\"([A-Z]{1,5})\d")
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\b[^>]*?\bref=\"[A-Z]*\d*:?([A-Z]{1,5})(\d{1,12})\"")


def _check_sheets(archive: zipfile.ZipFile) -> None:
    """Refuse a workbook whose sheets reach beyond `MAX_ROWS` rows, `MAX_COLUMNS` columns or
    `MAX_CELLS` cells, as declared or as used: a 5 KB file may declare A1:XFD1048576 or put one
    cell in row 1,048,576, and a reader fills every row and column up to there."""
    for member in archive.namelist():
        if member.startswith("xl/worksheets/") and member.endswith(".xml"):
            rows, columns = _extent(_member_bytes(archive, member))
            if rows > MAX_ROWS or columns > MAX_COLUMNS or rows * columns > MAX_CELLS:
                raise BoundExceeded(
                    f"lembar kerja menjangkau {number(rows)} baris × {number(columns)} kolom "
                    f"(paling banyak {number(MAX_ROWS)} baris, {MAX_COLUMNS} kolom, "
                    f"{number(MAX_CELLS)} sel)."
                )


def _extent(xml: bytes) -> tuple[int, int]:
    """The last row and column a sheet's XML declares or uses."""
    rows = [int(number) for number in _ROW_NUMBER.findall(xml)]
    columns = [_column_number(letters) for letters in _CELL_COLUMN.findall(xml)]
    if match := _DIMENSION.search(xml):
        columns.append(_column_number(match[1]))
        rows.append(int(match[2]))
    return max(rows, default=0), max(columns, default=0)


def _column_number(letters: bytes) -> int:
    """`A` → 1, `XFD` → 16384."""
    value = 0
    for letter in letters:
        value = value * 26 + letter - 64
    return value


def _bounded(cells: list[str]) -> list[str]:
    """A sheet's row, or `BoundExceeded` for a cell longer than a CSV cell may be."""
    if any(len(cell) > MAX_FIELD for cell in cells):
        raise BoundExceeded(f"ada sel yang lebih panjang dari {MAX_FIELD // 1024} KiB.")
    return cells


def _cell_text(value: object) -> str:
    """A spreadsheet value as the text a CSV would hold; large floats keep their `E+`."""
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value).upper()
    if isinstance(value, datetime.datetime):
        return value.strftime("%m/%d/%Y %H:%M")
    return str(value)


def _numbered(rows: Iterable[list[str]]) -> Iterable[tuple[int, list[str]]]:
    """Rows with their 1-based row numbers."""
    return enumerate(rows, start=1)


def decode_text(data: bytes) -> tuple[str, str]:
    """The text of a CSV export and its delimiter: UTF-16 (with BOM) or UTF-8 (BOM or not),
    without the `sep=,` line that Meta's daily files start with."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        text = data.decode("utf-16")
    else:
        text = data.decode("utf-8-sig")
    first, _, rest = text.partition("\n")
    match = re.fullmatch(r'"?sep=(.)"?\r?', first.strip("\ufeff"))
    if match:
        return rest, match[1]
    return text, ";" if first.count(";") > first.count(",") else ","


# -- tables ------------------------------------------------------------------------------------


def parse_table(source: str, rows: Iterable[tuple[int, list[str]]]) -> ExportRead:
    """The posts of one table; the header is the first row naming a link column (Meta's
    daily files and TikTok's Overview are exports too, but not per post: skipped)."""
    result = ExportRead()
    columns: dict[str, int] | None = None
    for line, cells in rows:
        if columns is None:
            names = [cell.strip().lower() for cell in cells]
            if names[:1] in (["date"], ["tanggal"]):
                result.skipped.append(source)
                return result
            columns = _columns(names)
            continue
        if not any(cell.strip() for cell in cells):
            continue
        try:
            result.posts.append(_post(source, line, columns, cells))
        except CellError as err:
            result.problems.append(ReadProblem(source, str(err), line, err.column))
    if columns is None:
        result.problems.append(ReadProblem(source, _header_message(), 1))
        return result
    platforms = {post.platform for post in result.posts}
    result.tables.append((source, ", ".join(sorted(platforms)) or "-", len(result.posts)))
    return result


def _columns(names: list[str]) -> dict[str, int] | None:
    """Our field → column index, for the fields whose column this header has; None when the
    row has no link column (not a header)."""
    found = {}
    for fieldname, aliases in ALIASES.items():
        for alias in aliases:
            if alias in names:
                found[fieldname] = names.index(alias)
                break
    return found if "link" in found else None


def _header_message() -> str:
    return (
        "bukan ekspor per unggahan yang dikenal: tidak ada kolom `Permalink` (Facebook, "
        "Instagram) atau `Video link` (TikTok). Unduh ekspor konten per unggahan dari Meta "
        "Business Suite atau TikTok Studio, lalu impor berkas itu tanpa dibuka di Excel."
    )


def _post(source: str, line: int, columns: dict[str, int], cells: list[str]) -> PostFigures:
    """One row as `PostFigures`, or `CellError`."""

    def cell(fieldname: str) -> str:
        index = columns.get(fieldname)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    url = cell("link")
    platform = links.platform_of(url) if links.is_web_url(url) else None
    if platform not in ("Facebook", "Instagram", "TikTok"):
        _check_mangled("Permalink", url)
        raise CellError("Permalink", f"berisi `{shown(url)}`, bukan alamat unggahan Facebook, "
                        "Instagram, atau TikTok. Baris ini dilewati.")  # fmt: skip
    post_id = platform_id(platform, url, cell("post_id"))
    counts = {name: parse_count(_column_name(name), cell(name)) for name in METRICS}
    return PostFigures(
        platform=platform,
        post_id=post_id,
        url=url,
        published=_published(platform, post_id, cell("published")),
        reach=counts["reach"] if "reach" in columns else None,
        likes=counts["likes"] or 0,
        comments=counts["comments"] or 0,
        shares=counts["shares"] or 0,
        saves=counts["saves"] or 0,
        views=counts["views"] if "views" in columns else None,
        source=source,
        line=line,
    )


def _column_name(fieldname: str) -> str:
    """The English column name staff see in messages."""
    return ALIASES[fieldname][0].title()


def platform_id(platform: str, url: str, export_id: str) -> str:
    """The id that staff links carry: Instagram's shortcode and TikTok's video id come from the
    link (Instagram's `Post ID` is another number); Facebook's from `Post ID` or the link."""
    _check_mangled("Post ID", export_id)
    column = "Permalink"
    if platform == "Instagram":
        match = _INSTAGRAM_CODE.search(url)
    elif platform == "TikTok":
        match = _TIKTOK_ID.search(url)
    elif re.fullmatch(r"\d+(?:_\d+)?", export_id):
        return _checked_number("Post ID", export_id.rpartition("_")[2])
    else:
        match = _FACEBOOK_ID.search(url)
    if match:
        return _checked_number(column, match[1]) if match[1].isdigit() else match[1]
    if platform == "Facebook":
        return ""  # matched by its permalink instead
    raise CellError(
        "Permalink", f"alamat `{shown(url)}` tidak memuat kode unggahan. Baris ini dilewati."
    )


def _checked_number(column: str, digits: str) -> str:
    """A numeric post id, or `CellError` when it is longer than any platform's."""
    if len(digits) > MAX_ID_DIGITS:
        raise CellError(
            column,
            f"memuat id {number(len(digits))} digit, lebih panjang dari id unggahan mana pun "
            f"({MAX_ID_DIGITS} digit). Baris ini dilewati.",
        )
    return digits


def _check_mangled(column: str, value: str) -> None:
    """Stop at ids a spreadsheet program rewrote as `1.2E+17` (their last digits are lost)."""
    if _MANGLED.search(value):
        raise CellError(
            column,
            f"berisi `{shown(value)}`: nomor panjang ini sudah diubah program lembar kerja (Excel, "
            "LibreOffice) menjadi notasi ilmiah dan digit terakhirnya hilang. Impor berkas "
            "asli yang diunduh dari platformnya, tanpa dibuka dan disimpan ulang.",
        )


def _published(platform: str, post_id: str, text: str) -> datetime.date | None:
    """The posting date: `MM/DD/YYYY HH:MM` in Meta's exports (English and Indonesian alike);
    TikTok's dates have no year, but its video id carries the posting time (`id >> 32`)."""
    if platform == "TikTok" and post_id.isdigit():
        seconds = int(post_id) >> 32
        try:
            return datetime.datetime.fromtimestamp(seconds, datetime.UTC).date()
        except (OverflowError, OSError, ValueError):  # an id from no real video
            return None
    if match := _US_DATE.match(text):
        try:
            return datetime.date(int(match[3]), int(match[1]), int(match[2]))
        except ValueError:
            return None
    try:
        return datetime.date.fromisoformat(text[:10])
    except ValueError:
        return None


def parse_count(column: str, text: str) -> int | None:
    """A whole non-negative number (`1250`, `1.250`, `1,250`); empty or `-` is None."""
    if text in ("", "-", "undefined"):
        return None
    if not _COUNT.fullmatch(text):
        raise CellError(
            column,
            f"berisi `{shown(text)}`, bukan bilangan bulat tidak negatif. Baris ini dilewati.",
        )
    digits = re.sub(r"[.,]", "", text)
    if len(digits) > MAX_COUNT_DIGITS:
        raise CellError(column, f"berisi bilangan {number(len(digits))} digit, lebih dari "
                        f"{MAX_COUNT_DIGITS} digit. Baris ini dilewati.")  # fmt: skip
    return int(digits)
