"""The answers of `harmoni mulai`: which office, which region, where it publishes. Checked here,
each refusal one Indonesian sentence that says what to write instead."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .. import regions
from ..problems import HarmoniError

REPO_NAME = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}/[A-Za-z0-9._-]{1,100}")
"""GitHub's rules: an owner of 1–39 letters, digits and single inner hyphens; a repository
name of letters, digits, `.`, `_` and `-` (not `.` or `..`)."""
DOMAIN = re.compile(r"(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}")
LOGO_TYPES = {".svg": "svg", ".png": "png", ".jpg": "jpg", ".jpeg": "jpg", ".webp": "webp"}
LOGO_MAX_BYTES = 2_000_000


@dataclass(frozen=True)
class Contacts:
    """Where citizens' feedback goes (the "Beri masukan" buttons)."""

    whatsapp: str | None = None
    email: str | None = None
    formulir: str | None = None


@dataclass(frozen=True)
class Logo:
    """The office's logo, read and checked."""

    data: bytes
    suffix: str
    """`svg`, `png`, `jpg` or `webp`."""


@dataclass(frozen=True)
class Office:
    """Everything `harmoni mulai` was told."""

    region: regions.Region
    """A kabupaten/kota, or one desa/kelurahan."""
    kantor: str
    kantor_singkat: str
    repo: str
    """`owner/name` on GitHub."""
    parts: tuple[str, ...] = ()
    """A village's dusun/RW (typed: no official list exists)."""
    domain: str | None = None
    """The office's own domain for the site, e.g. `arsip.desa-contoh.id`."""
    program: str | None = None
    contacts: Contacts = Contacts()
    konten_per_bulan: int = 50
    engagement_rate: float = 15
    logo: Logo | None = None

    @property
    def is_village(self) -> bool:
        return self.region.level == 4


def check_region(region: regions.Region) -> regions.Region:
    """A region an archive can be for: a kabupaten/kota or a desa/kelurahan."""
    if region.level in (2, 4):
        return region
    raise HarmoniError(
        f"{region.title} ({region.code}) bukan kabupaten/kota atau desa/kelurahan. Pilih "
        "kabupaten/kota untuk kantor dinas, atau tulis satu desa sebagai "
        "`desa, kecamatan, kabupaten`."
    )


def check_repo(text: str) -> str:
    """`owner/name` as GitHub allows it."""
    repo = text.strip()
    name = repo.partition("/")[2]
    if not REPO_NAME.fullmatch(repo) or name in (".", ".."):
        raise HarmoniError(
            f"`{text}` bukan nama repositori GitHub yang sah. Tulis `pemilik/nama`: pemilik "
            "1–39 huruf, angka atau tanda hubung (tidak di awal/akhir, tidak dua berturut), "
            "nama berisi huruf, angka, `.`, `_` atau `-`, mis. `dinas-pmd/arsip`."
        )
    return repo


def check_domain(text: str) -> str:
    """A host name without scheme or path, e.g. `arsip.contoh.go.id`."""
    domain = text.strip().casefold().removeprefix("https://").removeprefix("http://")
    domain = domain.rstrip("/")
    if not DOMAIN.fullmatch(domain):
        raise HarmoniError(
            f"`{text}` bukan nama domain. Tulis nama saja, tanpa https:// dan tanpa jalur, "
            "mis. `arsip.contoh.go.id`."
        )
    return domain


def check_text(text: str, what: str, longest: int = 200) -> str:
    """A one-line text that is not empty."""
    value = " ".join(text.split())
    if not value or len(value) > longest or any(c in text for c in "\r\n"):
        raise HarmoniError(f"{what} harus satu baris berisi 1–{longest} huruf.")
    return value


def read_logo(path: Path) -> Logo:
    """The logo file's bytes, checked to be an image of a known kind."""
    suffix = LOGO_TYPES.get(path.suffix.casefold())
    if suffix is None:
        raise HarmoniError(
            f"logo {path}: jenis berkas tidak dikenal; pakai SVG, PNG, JPEG atau WebP."
        )
    try:
        size = path.stat().st_size
        if size > LOGO_MAX_BYTES:
            raise HarmoniError(
                f"logo {path}: {size / 1e6:.1f} MB, terlalu besar (paling besar 2 MB)."
            )
        data = path.read_bytes()
    except OSError as err:
        raise HarmoniError(f"logo {path} tidak dapat dibaca ({err.strerror}).") from None
    if not _looks_like(data, suffix):
        raise HarmoniError(f"logo {path}: isinya bukan gambar {suffix.upper()} yang utuh.")
    return Logo(data, suffix)


def _looks_like(data: bytes, suffix: str) -> bool:
    """Whether the bytes start as the kind of image their name says."""
    if suffix == "svg":
        head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
        return head.startswith((b"<svg", b"<?xml")) and b"<svg" in data[:4096].lower()
    if suffix == "png":
        return data.startswith(b"\x89PNG\r\n\x1a\n")
    if suffix == "jpg":
        return data.startswith(b"\xff\xd8\xff")
    return data[:4] == b"RIFF" and data[8:12] == b"WEBP"
