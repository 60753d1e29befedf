"""The office's settings: the `extra.harmoni` block of mkdocs.yml, validated with MkDocs' own
config machinery."""

from __future__ import annotations

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
    """WebP quality, 1–100."""
    terbitkan_asli = c.Type(bool, default=False)
    """Also publish each photo at full size (as a JPEG without any metadata) for download."""


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
    foto = c.SubConfig(PhotoSettings)
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
    if not 1 <= settings.foto.kualitas <= 100:
        messages.append("`extra.harmoni.foto.kualitas` harus antara 1 dan 100.")
    return messages
