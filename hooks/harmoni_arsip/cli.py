"""The `harmoni` command for staff. Messages in Bahasa Indonesia; every failure says what to do
next; the exit status is fit for CI and pre-commit hooks."""

from __future__ import annotations

import argparse
import sys

from mkdocs.exceptions import ConfigurationError, PluginError

from .commands import daftarkan, pengalihan

COMMANDS = (daftarkan, pengalihan)
"""Each module registers its own subcommand."""


def main(argv: list[str] | None = None) -> int:
    """Run the command; returns the exit status."""
    args = _parser().parse_args(argv)
    try:
        return args.run(args)
    except (ConfigurationError, PluginError) as err:
        print(f"Galat: {err}", file=sys.stderr)
        return 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="harmoni", description="Alat staf untuk arsip HARMONI.", add_help=False
    )
    parser.add_argument("-h", "--help", action="help", help="tampilkan bantuan ini lalu keluar")
    parser.add_argument(
        "-f", "--config-file", default="mkdocs.yml", help="berkas konfigurasi (bawaan: mkdocs.yml)"
    )
    commands = parser.add_subparsers(title="perintah", required=True, metavar="PERINTAH")
    for command in COMMANDS:
        command.register(commands)
    return parser


if __name__ == "__main__":
    sys.exit(main())
