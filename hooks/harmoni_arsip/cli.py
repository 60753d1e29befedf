"""The `harmoni` command for staff. Messages in Bahasa Indonesia; every failure says what to do
next; the exit status is fit for CI and pre-commit hooks."""

from __future__ import annotations

import argparse
import errno
import sys

from mkdocs.exceptions import ConfigurationError, PluginError

from .commands import (
    ambil_foto,
    ambil_kunjungan,
    baru,
    bersihkan_foto,
    cek_situs,
    cocokkan_media,
    daftarkan,
    hapus_media,
    impor_jangkauan,
    lapor_isu,
    mulai,
    pengalihan,
    periksa,
    salin_asli,
    stiker,
    ubah_keterangan,
    unggah_media,
)
from .commands.common import workflow_commands_paused
from .problems import HarmoniError

COMMANDS = (
    mulai, ambil_kunjungan, baru, bersihkan_foto, daftarkan, impor_jangkauan, pengalihan,
    periksa, stiker, cek_situs, ubah_keterangan, lapor_isu, unggah_media, ambil_foto,
    hapus_media, cocokkan_media, salin_asli,
)  # fmt: skip
"""Each module registers its own subcommand."""


def main(argv: list[str] | None = None) -> int:
    """Run the command; returns the exit status."""
    args = _parser().parse_args(argv)
    with workflow_commands_paused():
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    """The command, every staff failure turned into a message."""
    try:
        return args.run(args)
    except (ConfigurationError, PluginError, HarmoniError) as err:
        print(f"Galat: {err}", file=sys.stderr)
        return 2
    except OSError as err:  # a read-only folder, a full disk: nothing half-written is left
        print(f"Galat: {write_failure(err)}", file=sys.stderr)
        return 2


WRITE_FAILURES = {
    errno.EROFS: "sistem berkasnya hanya-baca",
    errno.ENOSPC: "disk penuh",
    errno.EFBIG: "berkas melebihi batas ukuran yang diizinkan (disk atau kuota penuh)",
    errno.EDQUOT: "kuota disk habis",
    errno.EACCES: "tidak ada izin menulis",
    errno.EPERM: "tidak ada izin menulis",
}
"""What the usual write failures mean, for staff."""


def write_failure(err: OSError) -> str:
    """A staff message for a failed file operation: which file, why, what to do."""
    where = f"`{err.filename}`" if err.filename else "berkas"
    reason = WRITE_FAILURES.get(err.errno or 0, err.strerror or str(err))
    return (
        f"tidak dapat menulis atau membaca {where}: {reason}. Tidak ada berkas setengah jadi yang "
        "tertinggal. Kosongkan ruang disk atau pastikan folder proyek dapat ditulis, lalu "
        "jalankan perintah ini lagi."
    )


ERRORS = {
    "unrecognized arguments": "argumen tidak dikenal",
    "the following arguments are required": "argumen berikut wajib diisi",
    "invalid choice": "pilihan tidak dikenal",
    "expected one argument": "perlu satu nilai",
    "invalid int value": "bukan bilangan bulat",
    "choose from": "pilih dari",
    "argument ": "argumen ",
}
"""argparse's own error texts, in Indonesian."""


class IndonesianParser(argparse.ArgumentParser):
    """An argument parser whose own texts (help option, headings, errors) are in Indonesian."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._optionals.title = "pilihan"
        self.add_argument("-h", "--help", action="help", help="tampilkan bantuan ini lalu keluar")

    def format_usage(self) -> str:
        return super().format_usage().replace("usage:", "cara pakai:", 1)

    def format_help(self) -> str:
        return super().format_help().replace("usage:", "cara pakai:", 1)

    def error(self, message: str):
        """Exit 2 with the usage and the problem, pointing at `--help`."""
        for english, indonesian in ERRORS.items():
            message = message.replace(english, indonesian)
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: galat: {message}\nLihat `{self.prog} --help`.\n")


def _parser() -> argparse.ArgumentParser:
    parser = IndonesianParser(prog="harmoni", description="Alat staf HARMONI Arsip.")
    parser.add_argument(
        "-f", "--config-file", default="mkdocs.yml", help="berkas konfigurasi (bawaan: mkdocs.yml)"
    )
    commands = parser.add_subparsers(
        title="perintah", required=True, metavar="PERINTAH", parser_class=IndonesianParser
    )
    for command in COMMANDS:
        command.register(commands)
    return parser


if __name__ == "__main__":
    sys.exit(main())
