"""One flat record per published activity: the fields of the open data, defined once for the
CSV header, the JSON keys and the table on the open-data page."""

from __future__ import annotations

from dataclasses import dataclass

from .. import addresses
from ..entries import Entry
from ..media.published import ActivityMedia, preview_image

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
    entry: Entry, media: ActivityMedia, site_url: str, kategori: dict[str, str]
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
        "jumlah_foto": len(media.photos),
        "jumlah_video": len(media.videos) + len(media.platform_videos),
        "media_sosial": [link.url for link in entry.social],
        "sampul_url": cover.url if cover else None,
        "deskripsi": entry.description,
    }
    assert tuple(record) == FIELD_NAMES
    return record
