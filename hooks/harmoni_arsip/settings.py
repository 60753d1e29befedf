"""The office's settings: the `extra.harmoni` block of mkdocs.yml, validated with MkDocs' own
config machinery."""

from __future__ import annotations

import re

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError


class PhotoSettings(base.Config):
    """Sizes and quality of the images derived from each photo."""

    gambar_kecil = c.ListOfItems(c.Type(int), default=[320, 640])
    """Long-edge sizes of the gallery thumbnails (the first is the `src`, all go in `srcset`)."""
    gambar_tampilan = c.ListOfItems(c.Type(int), default=[960, 1600])
    """Long-edge sizes of the full-screen images in the lightbox."""
    kualitas = c.Type(int, default=78)
    """WebP quality of the full-screen images, 1–100."""
    kualitas_kecil = c.Type(int, default=68)
    """WebP quality of the thumbnails, 1–100: shown smaller than their pixels, they hide
    compression, and a gallery's thumbnails are most of a page's first load."""
    terbitkan_asli = c.Type(bool, default=False)
    """Also publish each photo at full size (as a JPEG without any metadata) for download."""
    arsip_maks = c.Type(int, default=2560)
    """Long edge of the archival JPEGs that `harmoni baru --foto` imports into an entry."""
    berkas_maks_mb = c.Type((int, float), default=15)
    """`harmoni periksa` warns about an original photo file larger than this (MB)."""


class TargetSettings(base.Config):
    """Monitoring targets shown on the statistics page (the desa TOR: 50 konten, 15%)."""

    konten_per_bulan = c.Type(int, default=50)
    """Activities to publish per month."""
    engagement_rate = c.Type((int, float), default=15)
    """Engagement rate to reach per post, in percent."""


class FeedbackSettings(base.Config):
    """Where citizens send feedback on an activity: each address given gets its own button."""

    whatsapp = c.Optional(c.Type((str, int)))
    """A WhatsApp number in international form, digits only, e.g. `6281234567890`."""
    email = c.Optional(c.Type(str))
    """An e-mail address."""
    formulir = c.Optional(c.Type(str))
    """A form address with `{teks}` where the prefilled text goes (e.g. a Google Form link)."""


class OpenDataSettings(base.Config):
    """What the open-data page and files say about themselves."""

    lisensi = c.Optional(c.Type(str))
    """The licence of the data files, e.g. `CC BY 4.0`; unset says none is chosen yet."""
    lisensi_url = c.Optional(c.Type(str))
    """Where the licence text is."""
    frekuensi = c.Type(str, default="Setiap kali ada kegiatan baru yang diterbitkan")
    """How often the data is updated, in words."""


class HarmoniSettings(base.Config):
    """Everything specific to one office; nothing of it is hard-coded."""

    kantor = c.Type(str)
    """The office's full name, shown in the footer of activity pages."""
    kantor_singkat = c.Optional(c.Type(str))
    """A short name for cards and stickers."""
    folder_kegiatan = c.Type(str, default="kegiatan")
    """Where activity folders live, relative to mkdocs.yml."""
    daftar_terbit = c.Type(str, default="kegiatan/terbit.txt")
    """The registry of published ids, relative to mkdocs.yml (committed)."""
    alamat_lama = c.ListOfItems(c.Type(str), default=[])
    """Former base URLs of the site, for the redirect site of `harmoni pengalihan`."""
    video_maks_mb = c.Type(int, default=100)
    """Local videos larger than this are refused: they belong on a video platform."""
    beranda_jumlah = c.Type(int, default=12)
    """How many of the latest activities the home page shows."""
    kategori = c.Type(dict)
    """Category key → display name."""
    wilayah = c.Type(dict)
    """Kecamatan name → list of its desa names."""
    wilayah_nama = c.Optional(c.Type(str))
    """The office's region, e.g. `Kabupaten Bangka`: the region of every activity's address."""
    masukan = c.SubConfig(FeedbackSettings)
    data_terbuka = c.SubConfig(OpenDataSettings)
    umpan_jumlah = c.Type(int, default=50)
    """How many of the latest activities the Atom feed lists."""
    foto = c.SubConfig(PhotoSettings)
    target = c.SubConfig(TargetSettings)
    data_jangkauan = c.Type(str, default="kegiatan/jangkauan.csv")
    """Social-media reach measurements kept by staff (CSV), relative to mkdocs.yml."""
    cache = c.Type(str, default=".cache/harmoni")
    """Where derived images are cached, relative to mkdocs.yml (git-ignored)."""


def load_settings(extra: dict) -> HarmoniSettings:
    """Validate `extra.harmoni`, or stop the build with a message that says what to fix."""
    raw = extra.get("harmoni")
    if not isinstance(raw, dict):
        raise PluginError(
            "mkdocs.yml: bagian `extra: harmoni:` tidak ada. Salin contoh dari README "
            "(nama kantor, kategori, wilayah) lalu bangun ulang."
        )
    settings = HarmoniSettings()
    settings.load_dict(raw)
    failed, warnings = settings.validate()
    messages = [f"`extra.harmoni.{key}`: {err}" for key, err in failed + warnings]
    if not failed:  # the shapes are only worth checking once the types are right
        messages += _check_shapes(settings)
    if messages:
        raise PluginError("mkdocs.yml: pengaturan HARMONI tidak valid:\n  " + "\n  ".join(messages))
    return settings


def _check_shapes(settings: HarmoniSettings) -> list[str]:
    """Check what MkDocs' option types cannot: the shapes of the category and region maps."""
    messages = []
    if not settings.kategori or not all(isinstance(v, str) for v in settings.kategori.values()):
        messages.append("`extra.harmoni.kategori` harus berisi pasangan kunci: Nama Kategori.")
    for kecamatan, desa in (settings.wilayah or {}).items():
        if not isinstance(desa, list) or not all(isinstance(d, str) for d in desa):
            messages.append(
                f"`extra.harmoni.wilayah.{kecamatan}` harus berupa daftar nama desa, "
                "mis. [Desa A, Desa B]."
            )
    if settings.target.konten_per_bulan < 1:
        messages.append("`extra.harmoni.target.konten_per_bulan` harus 1 atau lebih.")
    if not 0 < settings.target.engagement_rate <= 100:
        messages.append("`extra.harmoni.target.engagement_rate` harus persen antara 0 dan 100.")
    for key in ("kualitas", "kualitas_kecil"):
        if not 1 <= getattr(settings.foto, key) <= 100:
            messages.append(f"`extra.harmoni.foto.{key}` harus antara 1 dan 100.")
    if settings.foto.arsip_maks < 1 or settings.foto.berkas_maks_mb <= 0:
        messages.append("`extra.harmoni.foto.arsip_maks` dan `berkas_maks_mb` harus lebih dari 0.")
    return messages + _check_feedback(settings.masukan)


def _check_feedback(feedback: FeedbackSettings) -> list[str]:
    """Check the feedback addresses, so that no button leads nowhere."""
    messages = []
    number = str(feedback.whatsapp or "")
    if feedback.whatsapp is not None and not re.fullmatch(r"[1-9][0-9]{7,14}", number):
        messages.append(
            "`extra.harmoni.masukan.whatsapp` harus nomor internasional tanpa + atau spasi, "
            'diawali kode negara, dalam tanda kutip, mis. "6281234567890".'
        )
    if feedback.email is not None and not re.fullmatch(r"[^@\s?&]+@[^@\s?&]+", feedback.email):
        messages.append("`extra.harmoni.masukan.email` harus alamat e-mail, mis. a@contoh.go.id.")
    form = feedback.formulir
    if form is not None and not (form.startswith(("https://", "http://")) and "{teks}" in form):
        messages.append(
            "`extra.harmoni.masukan.formulir` harus alamat https://… yang memuat `{teks}` di "
            "tempat isian teks, mis. tautan isian otomatis Google Form."
        )
    return messages
