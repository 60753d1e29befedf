"""What `harmoni mulai` writes for an office: the values of the mkdocs.yml keys it owns and the
office's own pages (home, "Tentang", logo, custom domain)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .. import regions
from ..addresses import slug
from .office import Office

PART_WORDS = ("Dusun", "RW", "Lingkungan", "Jorong", "Banjar", "Korong")
"""What a village's parts may be called; the first word of the first part decides."""


@dataclass(frozen=True)
class Owned:
    """The owned keys' values (None: the key is removed) and files (relative path → bytes)."""

    keys: dict[str, Any]
    files: dict[str, bytes] = field(default_factory=dict)
    notes: dict[str, dict[str, str]] = field(default_factory=dict)
    """Owned map key → item → a comment at the end of the item's line (the official codes
    beside the names of `wilayah`)."""


def owned(office: Office) -> Owned:
    """Everything `harmoni mulai` writes for `office`."""
    region = office.region
    places = _village_places(office) if office.is_village else _office_places(region)
    contacts = {k: v for k, v in vars(office.contacts).items() if v}
    keys: dict[str, Any] = {
        "site_name": f"Arsip {office.kantor_singkat}",
        "site_description": f"Dokumentasi kegiatan {office.kantor}",
        "site_url": site_url(office),
        "copyright": office.kantor,
        "extra.harmoni.kantor": office.kantor,
        "extra.harmoni.kantor_singkat": office.kantor_singkat,
        "extra.harmoni.program": office.program,
        **places,
        "extra.harmoni.masukan": contacts or None,
        "extra.harmoni.target": {
            "konten_per_bulan": office.konten_per_bulan,
            "engagement_rate": _number(office.engagement_rate),
        },
        "extra.harmoni.editor.repo": office.repo,
        "nav:tentang.md": f"Tentang {office.program}" if office.program else "Tentang arsip ini",
    }
    upper, lower = places["extra.harmoni.tingkat"]
    files = {
        "docs/index.md": home_page(office, f"{upper} dan {lower.casefold()}", slug(upper)).encode(),
        "docs/tentang.md": about_page(office).encode(),
    }
    if office.logo is not None:
        logo = f"assets/logo.{office.logo.suffix}"
        keys["theme.logo"] = keys["theme.favicon"] = logo
        files[f"docs/{logo}"] = office.logo.data
    if office.domain:
        files["docs/CNAME"] = f"{office.domain}\n".encode()
    codes = {"extra.harmoni.wilayah": _codes(region)} if not office.is_village else {}
    return Owned(keys, files, codes)


def site_url(office: Office) -> str:
    """The permanent address: the custom domain, else GitHub Pages of the repository."""
    if office.domain:
        return f"https://{office.domain}/"
    owner, name = office.repo.split("/")
    pages = f"{owner.casefold()}.github.io"
    return f"https://{pages}/" if name.casefold() == pages else f"https://{pages}/{name}/"


def _codes(region: regions.Region) -> dict[str, str]:
    """Kecamatan → its official code, for the reader of mkdocs.yml."""
    return {d.name: d.code for d in regions.children(region.code)}


def _office_places(region: regions.Region) -> dict[str, Any]:
    """A kabupaten/kota: its kecamatan and desa/kelurahan, as the official list has them."""
    wilayah = {
        d.name: [v.name for v in regions.children(d.code)] for d in regions.children(region.code)
    }
    kinds = {v.kind for d in regions.children(region.code) for v in regions.children(d.code)}
    lower = (
        "Kelurahan" if kinds == {"Kelurahan"} else "Desa" if kinds <= {"Desa"} else "Desa/Kelurahan"
    )
    return {
        "extra.harmoni.tingkat": ["Kecamatan", lower],
        "extra.harmoni.kode_wilayah": region.code,
        "extra.harmoni.wilayah_nama": region.title,
        "extra.harmoni.wilayah": wilayah,
    }


def _village_places(office: Office) -> dict[str, Any]:
    """A single village: the village above, its typed dusun/RW below."""
    region = office.region
    district = regions.get(region.parent_code or "")
    regency = regions.get(district.parent_code or "") if district else None
    first = office.parts[0].split(" ", 1)[0] if office.parts else ""
    part = next((w for w in PART_WORDS if w.casefold() == first.casefold()), "Dusun")
    upper = ", ".join(r.title for r in (district, regency) if r)
    return {
        "extra.harmoni.tingkat": [region.kind, part],
        "extra.harmoni.kode_wilayah": region.code,
        "extra.harmoni.wilayah_nama": upper,
        "extra.harmoni.wilayah": {region.name: list(office.parts)},
    }


def _where(office: Office) -> str:
    """The office's region in words: `Kabupaten Belitung`, `Desa Sijuk, Kecamatan Sijuk, …`."""
    if not office.is_village:
        return office.region.title
    district = regions.get(office.region.parent_code or "")
    regency = regions.get(district.parent_code or "") if district else None
    return ", ".join(r.title for r in (office.region, district, regency) if r)


def _office_where(office: Office) -> str:
    """The office with its region, unless its name already says it."""
    where = _where(office)
    return office.kantor if where in office.kantor else f"{office.kantor}, {where}"


def home_page(office: Office, places: str, root: str) -> str:
    """docs/index.md: the welcome, the latest activities, and where to look further (`places`:
    the title of the places' page, e.g. `Kecamatan dan desa`, in the folder `root`)."""
    about = f"Tentang {office.program}" if office.program else "Tentang arsip ini"
    return f"""---
title: Beranda
hide:
  - toc
---

# Arsip {office.kantor_singkat}

Selamat datang di arsip dokumentasi kegiatan {_office_where(office)}. Setiap
kegiatan tercatat di sini lengkap dengan foto, video, dan narasinya, serta memiliki kode QR yang
dapat dipindai dengan ponsel untuk langsung membuka halaman kegiatan tersebut.

<!-- harmoni:kegiatan-terbaru -->

Ingin melihat kegiatan lainnya? Telusuri [Arsip per tahun](arsip/index.md), saring menurut
[Kategori](kategori/index.md), atau temukan kegiatan di wilayah Anda melalui halaman
[{places}]({root}/index.md). Baca juga halaman [{about}](tentang.md).
"""


def about_page(office: Office) -> str:
    """docs/tentang.md: what the archive is and how to use it (the office edits it later)."""
    program = f" Arsip ini bagian dari program {office.program}." if office.program else ""
    title = f"Tentang {office.program}" if office.program else "Tentang arsip ini"
    return f"""# {title}

Situs ini adalah arsip dokumentasi kegiatan {_office_where(office)}.{program}

## Untuk apa arsip ini?

Setiap kegiatan didokumentasikan dengan foto, video, dan narasi, lalu diterbitkan di sini agar
masyarakat dapat mengetahui secara langsung program dan kegiatan yang dilaksanakan. Kegiatan dapat
ditelusuri menurut tahun, kategori, dan wilayah.

## Kode QR

Setiap kegiatan memiliki halaman sendiri dengan alamat tetap dan kode QR. Kode QR yang sudah
dicetak atau dibagikan akan selalu membuka halaman yang sama: pindai dengan kamera ponsel untuk
melihat dokumentasi lengkapnya.

## Data terbuka

Daftar semua kegiatan juga tersedia sebagai data terbuka (CSV dan JSON) di halaman
[Data terbuka](data-terbuka.md).
"""


def _number(value: float) -> int | float:
    """`15` rather than `15.0` in mkdocs.yml."""
    return int(value) if value == int(value) else value
