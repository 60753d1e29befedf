"""What every subcommand needs: the project's MkDocs config, settings and folder."""

from __future__ import annotations

import argparse
import datetime
import os
import secrets
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import contextmanager
from pathlib import Path

from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from ..media.bucket import Bucket, keys_from
from ..media.hosted import HostedMedia, hosted_media
from ..problems import HarmoniError
from ..settings import HarmoniSettings, MediaSettings, load_settings

PROGRESS_EVERY = 2.0
"""Seconds between progress lines of an upload."""


def load_project(config_file: str) -> tuple[MkDocsConfig, HarmoniSettings, Path]:
    """The MkDocs config, the office settings and the project folder."""
    path = Path(config_file)
    if not path.exists():
        raise HarmoniError(f"{path} tidak ditemukan. Jalankan perintah dari folder repositori.")
    config = load_config(str(path))
    return config, load_settings(config.extra), path.resolve().parent


def media_url(media: MediaSettings, command: str, quiet_without: bool) -> str | None:
    """The media host's address; without one, a stop for staff, or None and a line saying so
    (with `--bila-diatur`, as the workflows run the media commands)."""
    if media.url is None and quiet_without:
        print(f"{command}: host media tidak diatur (extra.harmoni.media.url); tidak ada yang "
              "dikerjakan.")  # fmt: skip
        return None
    return required_media_url(media)


def required_media_url(media: MediaSettings) -> str:
    """The media host's address, or a stop for staff without one."""
    if media.url is None:
        raise HarmoniError(
            "`extra.harmoni.media.url` belum diisi: tanpa host media semua foto terbit dari "
            "situs sendiri dan tidak ada bucket yang perlu diurus. Lihat docs/media.md."
        )
    return media.url


def media_bucket(media: MediaSettings) -> Bucket:
    """The media host's bucket, opened with the keys from the environment."""
    return Bucket(media.s3, keys_from(os.environ))


def hosted_in(bucket: Bucket, url: str) -> HostedMedia | None:
    """The media host as its manifest in the bucket says (None before the first upload); a
    broken manifest stops the command, and is never overwritten."""
    data, _ = bucket.read_manifest()
    try:
        return hosted_media(url, data) if data is not None else None
    except (ValueError, RecursionError) as err:
        raise HarmoniError(f"manifest media di bucket rusak ({err}); tidak ditimpa.") from None


def upload_new(bucket: Bucket, uploads: list[tuple[str, str]], workers: int,
               command: str) -> tuple[int, int]:  # fmt: skip
    """Put each (local file, key) where no object is, in parallel, with a progress line every
    two seconds; returns the files and bytes newly put."""
    made = size = done = 0
    started = last = time.monotonic()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = {pool.submit(_upload_one, bucket, path, key) for path, key in uploads}
        for future in as_completed(futures):
            put = future.result()
            made, size, done = made + bool(put), size + put, done + 1
            now = time.monotonic()
            if now - last >= PROGRESS_EVERY and done < len(uploads):
                last = now
                rate = done / (now - started)
                print(f"{command}: {done}/{len(uploads)} berkas, {rate:.0f} berkas/detik",
                      flush=True)  # fmt: skip
    return made, size


def _upload_one(bucket: Bucket, path: str, key: str) -> int:
    """Put one file unless its key exists; its size when put, else 0."""
    data = Path(path).read_bytes()
    return len(data) if bucket.put_new(key, data) else 0


def add_only_if_set(parser: argparse.ArgumentParser) -> None:
    """The `--bila-diatur` option of the media commands."""
    parser.add_argument("--bila-diatur", action="store_true",
                        help="tanpa extra.harmoni.media.url selesai tanpa kesalahan (untuk alur "
                        "kerja)")  # fmt: skip


def date_option(text: str) -> datetime.date:
    """An argparse type for a date option: YYYY-MM-DD, else argparse's error in Indonesian."""
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"`{text}` bukan tanggal; tulis sebagai YYYY-MM-DD, mis. 2026-11-30"
        ) from None


_pause_token: str | None = None
"""The token that ends the current `::stop-commands::`, while one is in force."""


@contextmanager
def workflow_commands_paused() -> Iterator[None]:
    """Under GitHub Actions, make the runner ignore workflow commands in everything the block
    prints (`::stop-commands::<token>` … `::<token>::`, as GitHub documents): staff text such as
    a title with a line break cannot then become `::error::`, `::add-mask::` or another command.
    Elsewhere, nothing changes."""
    global _pause_token
    if os.environ.get("GITHUB_ACTIONS") != "true":
        yield
        return
    _pause_token = secrets.token_hex(16)
    _emit(f"::stop-commands::{_pause_token}")
    try:
        yield
    finally:
        _emit(f"::{_pause_token}::")
        _pause_token = None


@contextmanager
def workflow_commands_resumed() -> Iterator[None]:
    """Let the block's own workflow commands through (periksa's annotations, whose staff text
    is escaped), then pause again with a new token."""
    global _pause_token
    if _pause_token is None:
        yield
        return
    _emit(f"::{_pause_token}::")
    try:
        yield
    finally:
        _pause_token = secrets.token_hex(16)
        _emit(f"::stop-commands::{_pause_token}")


def _emit(line: str) -> None:
    """Print a control line after everything printed before it."""
    sys.stderr.flush()
    print(line, flush=True)
