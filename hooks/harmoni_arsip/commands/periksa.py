"""`harmoni periksa`: check every entry and photo with the build's own rules, without building;
fit for a pre-commit hook and CI (exit 1 on errors, 0 on warnings only)."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from .. import LOG_NAME
from ..build_lock import project_lock
from ..checks.archive import Findings, check_archive
from ..formats import number
from ..problems import Problems
from .common import load_project, workflow_commands_resumed


def register(commands) -> None:
    """Add `harmoni periksa` and its options."""
    parser = commands.add_parser(
        "periksa",
        help="periksa semua entri tanpa membangun situs",
        description="Memeriksa setiap entri dan foto dengan aturan yang sama seperti "
        "pembangunan situs (kesalahan: juga narasi contoh dan foto tanpa keterangan), ditambah "
        "isi folder kegiatan yang tersimpan di repositori (kesalahan: berkas di atas 100 MB, "
        "foto asli dengan lokasi GPS atau data pribadi lain) dan saran (peringatan): kegiatan "
        "tanpa foto, berkas besar, video yang tidak tercantum, dan perkiraan ukuran situs "
        "terhadap batas hosting. "
        "Keluar dengan status 1 bila ada kesalahan, 0 bila hanya ada peringatan.",
    )
    parser.add_argument(
        "--ketat", action="store_true", help="peringatan juga membuat pemeriksaan gagal"
    )
    parser.add_argument(
        "--format",
        choices=("teks", "github"),
        default="teks",
        help="`github`: setiap masalah juga sebagai anotasi alur kerja GitHub Actions, tampil "
        "pada berkas dan baris yang disebut (bawaan: teks)",
    )
    parser.set_defaults(run=run)


def run(args) -> int:
    """Check, print the findings; 1 on errors (or on warnings with --ketat), else 0."""
    config, settings, project = load_project(args.config_file)
    lock = project_lock(args.config_file)  # it fills the image cache a build prunes
    with _progress_shown():
        lock.acquire()
        try:
            findings = check_archive(config, settings, project)
        finally:
            lock.release()
    _print_group("KESALAHAN", findings.errors)
    _print_group("PERINGATAN", findings.warnings)
    if args.format == "github":
        lines = github_annotations(findings.errors, "error")
        with workflow_commands_resumed():
            for line in lines + github_annotations(findings.warnings, "warning"):
                print(line)
    print(findings.site.summary())
    print(findings.repository.summary())
    if findings.unregistered:
        print(_next_step(findings.unregistered))
    print(_summary(findings))
    if findings.errors or (args.ketat and findings.warnings):
        return 1
    return 0


def _print_group(title: str, problems: Problems) -> None:
    """A heading, then one `berkas, baris N: pesan` line per problem."""
    if not problems:
        return
    print(f"{title} ({len(problems)}):")
    for problem in problems.items:
        print(problem)


def github_annotations(problems: Problems, level: str) -> list[str]:
    """One GitHub Actions workflow command per problem (`::error file=…,line=…::message`), so
    that GitHub shows it on the file and line it names."""
    lines = []
    for problem in problems.items:
        where = f"file={_escape_property(problem.path)}"
        if problem.line:
            where += f",line={problem.line}"
        lines.append(f"::{level} {where},title=harmoni periksa::{_escape_data(problem.message)}")
    return lines


def _escape_data(text: str) -> str:
    """Escape a workflow command's message (GitHub's toolkit rules)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    """Escape a workflow command's property value (GitHub's toolkit rules)."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _next_step(ids: tuple[str, ...]) -> str:
    """Entries not yet registered: what to do before committing them (not a problem)."""
    return (
        f"Belum terdaftar sebagai terbit: {', '.join(ids)}. Bila kegiatannya sudah siap, "
        "jalankan `harmoni daftarkan` lalu commit daftar terbit bersama entrinya (alur kerja "
        "penerbitan juga mendaftarkannya sendiri)."
    )


def _summary(findings: Findings) -> str:
    """The closing line: what was checked and what was found."""
    checked = f"{number(findings.entries)} kegiatan dan {number(findings.photos)} foto diperiksa"
    if not findings.errors and not findings.warnings:
        return f"Hasil: {checked}; tidak ada masalah."
    found = f"{len(findings.errors)} kesalahan, {len(findings.warnings)} peringatan"
    if findings.errors:
        advice = "Perbaiki kesalahan di atas: `mkdocs build --strict` gagal selama masih ada."
    else:
        advice = "Situs tetap dapat dibangun; sebaiknya tindak lanjuti peringatannya."
    return f"Hasil: {checked}: {found}. {advice}"


@contextmanager
def _progress_shown() -> Iterator[None]:
    """Show the media stage's progress lines (new photos take a while the first time)."""
    logger = logging.getLogger(LOG_NAME)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    handler.setLevel(logging.INFO)
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
