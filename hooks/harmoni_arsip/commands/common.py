"""What every subcommand needs: the project's MkDocs config, settings and folder."""

from __future__ import annotations

import argparse
import datetime
from pathlib import Path

from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from ..problems import HarmoniError
from ..settings import HarmoniSettings, load_settings


def load_project(config_file: str) -> tuple[MkDocsConfig, HarmoniSettings, Path]:
    """The MkDocs config, the office settings and the project folder."""
    path = Path(config_file)
    if not path.exists():
        raise HarmoniError(f"{path} tidak ditemukan. Jalankan perintah dari folder repositori.")
    config = load_config(str(path))
    return config, load_settings(config.extra), path.resolve().parent


def date_option(text: str) -> datetime.date:
    """An argparse type for a date option: YYYY-MM-DD, else argparse's error in Indonesian."""
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"`{text}` bukan tanggal; tulis sebagai YYYY-MM-DD, mis. 2026-11-30"
        ) from None
