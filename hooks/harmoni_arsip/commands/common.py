"""What every subcommand needs: the project's MkDocs config, settings and folder."""

from __future__ import annotations

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
