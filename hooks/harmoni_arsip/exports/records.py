"""One flat record per published activity: the fields of the open data, defined once for the
CSV header, the JSON keys and the table on the open-data page."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .. import addresses
from ..entries import Entry
from ..media.published import ActivityMedia, preview_image
from ..places import Places

LIST_SEPARATOR = "; "
"""Between the items of a list field in the CSV (the JSON has real lists)."""


@dataclass(frozen=True)
class Field:
    """One column of the open data, as the open-data page documents it."""

    name: str
    kind: str
    """The type, in Bahasa Indonesia: `teks`, `tanggal`, `bilangan bulat`, `daftar teks`."""
    description: str


FIELDS = (
    Field("id", "teks", "Nomor arsip kegiatan. Tetap: tidak pernah berubah atau dipakai ulang."),
    Field("url", "teks (URL)", "Alamat tetap halaman kegiatan; juga isi kode QR kegiatan."),
    Field("judul", "teks", "Judul kegiatan."),
    Field("tanggal", "tanggal", "Tanggal kegiatan, format TTTT-BB-HH (ISO 8601)."),
    Field("kategori", "teks", "Kode kategori kegiatan, mis. pelatihan."),
    Field("kategori_nama", "teks", "Nama kategori kegiatan."),
    Field("kecamatan", "daftar teks", "Kecamatan tempat kegiatan."),
    Field("desa", "daftar teks", "Desa tempat kegiatan (boleh kosong)."),
    Field(
        "kode_kecamatan",
        "daftar teks",
        "Kode wilayah resmi (Kemendagri) setiap kecamatan, mis. 19.02.04; kosong bila tidak "
        "diketahui.",
    ),
    Field(
        "kode_desa",
        "daftar teks",
        "Kode wilayah resmi setiap desa/kelurahan, mis. 19.02.04.2001 (digit ke-7 angka 1: "
        "kelurahan, 2: desa); kosong bila tidak diketahui.",
    ),
    Field("jumlah_foto", "bilangan bulat", "Banyak foto di galeri halaman kegiatan."),
    Field(
        "jumlah_video", "bilangan bulat", "Banyak video (berkas dan tautan YouTube, TikTok, dll.)."
    ),
    Field("media_sosial", "daftar teks (URL)", "Alamat unggahan kegiatan di media sosial."),
    Field(
        "sampul_url",
        "teks (URL)",
        "Alamat lengkap foto sampul (JPEG untuk pratinjau tautan); kosong bila tanpa foto.",
    ),
    Field("deskripsi", "teks", "Ringkasan kegiatan (boleh kosong)."),
)
FIELD_NAMES = tuple(f.name for f in FIELDS)


def activity_record(
    entry: Entry, media: ActivityMedia, site_url: str, kategori: dict[str, str], places: Places
) -> dict[str, object]:
    """The open-data record of one published activity, keyed by `FIELD_NAMES`."""
    cover = media.cover and preview_image(media.cover, site_url)
    record = {
        "id": entry.id,
        "url": addresses.permanent_url(site_url, entry.id),
        "judul": entry.title,
        "tanggal": entry.date.isoformat(),
        "kategori": entry.kategori,
        "kategori_nama": kategori.get(entry.kategori, entry.kategori),
        "kecamatan": list(entry.kecamatan),
        "desa": list(dict.fromkeys(entry.desa)),
        "kode_kecamatan": _codes(places.code(k) for k in entry.kecamatan),
        "kode_desa": _codes(places.code(p.kecamatan, p.desa) for p in entry.places),
        "jumlah_foto": len(media.photos),
        "jumlah_video": len(media.videos) + len(media.platform_videos),
        "media_sosial": [link.url for link in entry.social],
        "sampul_url": cover.url if cover else None,
        "deskripsi": entry.description,
    }
    assert tuple(record) == FIELD_NAMES
    return record


def _codes(codes: Iterable[str | None]) -> list[str]:
    """The official codes known, each once, in order."""
    return list(dict.fromkeys(code for code in codes if code))
