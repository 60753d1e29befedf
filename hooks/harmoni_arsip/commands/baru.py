"""`harmoni baru`: create an activity entry, asking for what the flags did not give, and
optionally import its photos (HEIC/JPEG/PNG/WebP → upright JPEGs without metadata)."""

from __future__ import annotations

import datetime
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from ..addresses import permanent_url
from ..entries import choices as pick
from ..entries import read_entries
from ..entries.archive import entries_root
from ..entries.choices import ChoiceError
from ..entries.create import (
    NewEntry,
    folder_name,
    index_text,
    make_folder,
    release_id,
    reserve_id,
    used_numbers,
    write_index,
)
from ..formats import megabytes
from ..media.archival import ImportReport, enable_heif, import_photos
from ..problems import Problems
from ..regions import titled
from ..settings import HarmoniSettings
from .common import load_project

T = TypeVar("T")
RESERVATIONS = "id-baru"
"""Folder in the cache (git-ignored) holding one empty folder per id handed out."""
STAGING = "baru"
"""Folder in the cache where a new entry is written and checked before it is moved into place,
so that nothing is left in the entries folder when the check fails."""


def register(commands) -> None:
    """Add `harmoni baru` and its options."""
    parser = commands.add_parser(
        "baru",
        help="buat entri kegiatan baru (dan impor fotonya)",
        description="Membuat folder kegiatan baru berisi index.md dengan id berikutnya yang "
        "belum pernah dipakai. Isian yang tidak diberikan sebagai opsi ditanyakan satu per "
        "satu; dengan --ya, atau bila tidak dijalankan di terminal, tidak ada pertanyaan dan "
        "--judul serta --kategori wajib.",
    )
    parser.add_argument("--judul", help="judul kegiatan")
    parser.add_argument("--tanggal", metavar="YYYY-MM-DD", help="tanggal (bawaan: hari ini)")
    parser.add_argument("--kategori", help="nomor, kunci atau nama kategori")
    parser.add_argument("--kecamatan", help="nomor atau nama kecamatan")
    parser.add_argument(
        "--desa", action="append", default=[], help="nama desa; boleh diulang: --desa A --desa B"
    )
    parser.add_argument("--deskripsi", help="satu kalimat ringkasan")
    parser.add_argument(
        "--foto",
        type=Path,
        metavar="FOLDER",
        help="impor foto dari folder ini (tidak diubah): diputar tegak, tanpa metadata, "
        "diperkecil, dinamai foto-01.jpg, foto-02.jpg, …",
    )
    parser.add_argument("--ya", action="store_true", help="jangan bertanya apa pun")
    parser.set_defaults(run=run)


def run(args) -> int:
    """Create the entry; 0 when it passes the build's checks, 1 otherwise."""
    config, settings, project = load_project(args.config_file)
    root = entries_root(project, settings)
    if args.foto is not None and not args.foto.is_dir():
        return _fail(f"folder foto {args.foto} tidak ditemukan.")
    if args.foto is not None and not _heif_ready():
        return _fail("paket pillow-heif belum terpasang. Jalankan `.venv/bin/pip install -e .`.")
    ask = not args.ya and _is_terminal()
    try:
        entry = _gather(args, settings, ask)
        if ask and not _confirm(entry, settings):
            return _fail("dibatalkan; tidak ada yang dibuat.")
    except ChoiceError as err:
        return _fail(str(err))
    except (EOFError, KeyboardInterrupt):
        return _fail("dibatalkan; tidak ada yang dibuat.")
    reservations = project / settings.cache / RESERVATIONS
    entry_id = _reserve(project, root, settings, entry)
    staging = project / settings.cache / STAGING / entry_id
    try:
        photos, problems = _stage(args.foto, staging, project, settings, entry, entry_id)
        if problems:
            release_id(reservations, entry_id)
            return _refuse(problems, entry)
        folder = _move_into_place(staging, root, entry)
    except BaseException:
        release_id(reservations, entry_id)
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    _report(project, config.site_url, entry, entry_id, folder, photos)
    return 0


def _is_terminal() -> bool:
    """True when a person can answer questions (stdin is a terminal)."""
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (AttributeError, ValueError, OSError):
        return False


def _heif_ready() -> bool:
    """True when HEIC photos can be read (an install older than the import lacks the package)."""
    try:
        enable_heif()
    except ImportError:
        return False
    return True


def _fail(message: str) -> int:
    """Say what went wrong; exit status 1."""
    print(f"Galat: {message}", file=sys.stderr)
    return 1


# -- gathering the values -------------------------------------------------------------------


def _gather(args, settings: HarmoniSettings, ask: bool) -> NewEntry:
    """The entry's values from the flags, asking for the rest when `ask`."""
    title = _title(args.judul, ask)
    date = _date(args.tanggal, ask)
    kategori = _kategori(args.kategori, settings, ask)
    kecamatan = _kecamatan(args.kecamatan, settings, ask and not args.desa)
    desa = _desa(args.desa, kecamatan, settings, ask)
    description = _one_line(args.deskripsi, "deskripsi")
    if args.deskripsi is None and ask:
        description = _ask("Deskripsi satu kalimat (boleh kosong): ", _text, optional=True) or ""
    return NewEntry(title, date, kategori, kecamatan, desa, description)


def _title(value: str | None, ask: bool) -> str:
    """The title: from --judul, asked, or an error."""
    if value is not None:
        return _text(value)
    if ask:
        return _ask("Judul kegiatan: ", _text)
    raise ChoiceError('judul belum diisi. Tambahkan --judul "Judul Kegiatan".')


def _date(value: str | None, ask: bool) -> datetime.date:
    """The activity date: from --tanggal, asked (today by default), or today."""
    today = datetime.date.today()
    if value is not None:
        return pick.parse_date(value)
    if ask:
        return _ask(f"Tanggal kegiatan, YYYY-MM-DD [{today}]: ", pick.parse_date, default=today)
    return today


def _kategori(value: str | None, settings: HarmoniSettings, ask: bool) -> str:
    """The category key: from --kategori, chosen from the list, or an error."""
    if value is not None:
        return pick.resolve_kategori(value, settings)
    options = pick.kategori_options(settings)
    if not ask:
        keys = ", ".join(key for key, _ in options)
        raise ChoiceError(f"kategori belum diisi. Tambahkan --kategori dengan salah satu: {keys}.")
    print("Kategori:")
    for number, (key, name) in enumerate(options, start=1):
        print(f"  {number}. {key} ({name})")
    return _ask("Kategori (nomor atau kunci): ", lambda t: pick.resolve_kategori(t, settings))


def _kecamatan(value: str | None, settings: HarmoniSettings, ask: bool) -> str | None:
    """The kecamatan: from --kecamatan, chosen from the list, or none."""
    if value is not None:
        return pick.resolve_kecamatan(value, settings)
    if not ask:
        return None
    upper = settings.tingkat[0]
    print(f"{upper}:")
    _print_numbered(list(settings.wilayah))
    return _ask(
        f"{upper} (nomor atau nama; kosongkan bila tidak ada): ",
        lambda t: pick.resolve_kecamatan(t, settings),
        optional=True,
    )


def _desa(values: list[str], kecamatan, settings: HarmoniSettings, ask: bool) -> tuple[str, ...]:
    """The desa: from --desa, chosen from the kecamatan's list, or none."""
    texts = [name for value in values for name in pick.split_names(value)]
    if texts or not ask or kecamatan is None:
        return pick.resolve_desa(texts, kecamatan, settings)
    upper, lower = settings.tingkat
    print(f"{lower} di {titled(upper, kecamatan)}:")
    _print_numbered(pick.desa_options(settings, kecamatan))
    chosen = _ask(
        f"{lower} (nomor atau nama, pisahkan dengan koma; kosongkan bila tidak ada): ",
        lambda t: pick.resolve_desa(pick.split_names(t), kecamatan, settings),
        optional=True,
    )
    return chosen or ()


def _print_numbered(names: list[str]) -> None:
    """A numbered list to choose from."""
    for number, name in enumerate(names, start=1):
        print(f"  {number}. {name}")


def _text(value: str) -> str:
    """A one-line text, required."""
    text = _one_line(value, "isian")
    if not text:
        raise ChoiceError("isian ini wajib diisi.")
    return text


def _one_line(value: str | None, what: str) -> str:
    """Staff text without surrounding spaces; a line break is refused."""
    text = (value or "").strip()
    if "\n" in text or "\r" in text:
        raise ChoiceError(f"{what} harus satu baris.")
    return text


def _ask(question: str, parse: Callable[[str], T], default=None, optional=False) -> T:
    """Ask until the answer parses; an empty answer gives `default` (or None if optional)."""
    while True:
        answer = input(question).strip()
        if not answer and (default is not None or optional):
            return default
        try:
            return parse(answer)
        except ChoiceError as err:
            print(f"  {err}")


def _confirm(entry: NewEntry, settings: HarmoniSettings) -> bool:
    """Show what will be written and ask to go ahead."""
    print("\nKegiatan baru:")
    print(f"  judul     : {entry.title}")
    print(f"  tanggal   : {entry.date.isoformat()}")
    print(f"  kategori  : {entry.kategori} ({settings.kategori[entry.kategori]})")
    print(f"  kecamatan : {entry.kecamatan or '-'}")
    print(f"  desa      : {', '.join(entry.desa) or '-'}")
    print(f"  deskripsi : {entry.description or '-'}")
    answer = input("Buat entri ini? [Y/t] ").strip().casefold()
    return answer in ("", "y", "ya")


# -- writing --------------------------------------------------------------------------------


def _reserve(project: Path, root: Path, settings: HarmoniSettings, entry: NewEntry) -> str:
    """Claim the next free id of the activity's year."""
    year = entry.date.year
    used = used_numbers(root, project / settings.daftar_terbit, year)
    return reserve_id(project / settings.cache / RESERVATIONS, year, used)


def _stage(source, staging: Path, project: Path, settings, entry: NewEntry, entry_id: str):
    """Write the entry (and import its photos) into a hidden folder, which no reader sees, and
    check it with the build's own reader: (the photo import, the problems found)."""
    folder = staging / folder_name(entry)
    folder.mkdir(parents=True)
    photos = _import(source, folder, settings) if source is not None else None
    names = [item.target.name for item in photos.imported] if photos else []
    write_index(folder, index_text(entry, entry_id, names))
    problems = Problems()
    archive = read_entries(staging, project, settings, problems)
    if not any(e.id == entry_id for e in archive.entries) and not problems.items:
        problems.add(folder.relative_to(project).as_posix(), "entri baru tidak terbaca.")
    return photos, problems


def _refuse(problems: Problems, entry: NewEntry) -> int:
    """Say why the entry was not created (the caller removes the staged files)."""
    for problem in problems.items:
        where = f"index.md, baris {problem.line}" if problem.line else "index.md"
        print(f"Galat: {where}: {problem.message}", file=sys.stderr)
    return _fail(
        "entri baru tidak lolos pemeriksaan, jadi tidak ada yang dibuat dan id-nya tidak terpakai."
    )


def _move_into_place(staging: Path, root: Path, entry: NewEntry) -> Path:
    """Claim the entry's folder (a free name) and move the checked files into it; on a failure
    (a read-only or full disk, Ctrl-C) the half-filled folder is removed again."""
    folder = make_folder(root, entry)
    staged = staging / folder_name(entry)
    try:
        for path in sorted(staged.iterdir()):
            shutil.move(path, folder / path.name)  # a rename on the same disk
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return folder


def _import(source: Path, folder: Path, settings: HarmoniSettings) -> ImportReport:
    """Import the photos and say what happened, naming every file left out."""
    print(f"Mengimpor foto dari {source} …")
    report = import_photos(source, folder, settings.foto.arsip_maks)
    for skipped in report.skipped:
        print(f"Dilewati: {skipped.source}: {skipped.reason}", file=sys.stderr)
    for source in report.without_metadata:
        print(
            f"Peringatan: {source}: data EXIF rusak dan diabaikan; foto diimpor tanpa "
            "metadata dan tanpa diputar. Periksa arah fotonya.",
            file=sys.stderr,
        )
    count = len(report.imported)
    if count:
        sizes = f"{megabytes(report.source_bytes)} → {megabytes(report.target_bytes)}"
        print(f"{count} foto diimpor: {sizes}")
    else:
        print(f"Tidak ada foto yang diimpor dari {source}.")
    return report


def _report(project: Path, site_url, entry, entry_id, folder: Path, photos) -> None:
    """Where the entry is and what staff do next."""
    relative = folder.relative_to(project).as_posix()
    print(f"\nEntri baru dibuat: {relative}/index.md (id {entry_id})")
    if site_url:
        print(f"Alamat tetapnya nanti: {permanent_url(site_url, entry_id)}")
    print("Langkah berikutnya:")
    steps = []
    if not photos or not photos.imported:
        steps.append(f"Masukkan foto dan video kegiatan ke folder {relative}/.")
    steps += [
        "Sunting index.md: tulis narasinya (ganti paragraf contoh) dan keterangan setiap foto.",
        "Periksa dan lihat hasilnya: .venv/bin/harmoni periksa, lalu .venv/bin/mkdocs serve",
        "Daftarkan sebagai terbit: .venv/bin/harmoni daftarkan",
        f'Commit: git add {relative} kegiatan/terbit.txt && git commit -m "Tambah kegiatan '
        f'{entry_id}: {entry.title}"',
    ]
    for number, step in enumerate(steps, start=1):
        print(f"  {number}. {step}")
