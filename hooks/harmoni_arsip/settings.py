"""The office's settings: the `extra.harmoni` block of mkdocs.yml, and the site it publishes.

Plain frozen dataclasses, read and checked here without MkDocs, so the site plan, the checks and
the staff commands depend on nothing but this module. Every problem becomes one Indonesian line
that names the key; all of them stop the build together.
"""

from __future__ import annotations

import dataclasses
import re
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from . import regions
from .problems import HarmoniError


@dataclass(frozen=True)
class PhotoSettings:
    """Sizes and quality of the images derived from each photo."""

    gambar_kecil: tuple[int, ...] = (360, 560)
    """Long-edge sizes of the gallery thumbnails (the first is the `src`, all go in `srcset`):
    a phone's two-column grid wants about 330 px at a pixel ratio of 1.75, 560 px at 3."""
    gambar_tampilan: tuple[int, ...] = (1280,)
    """Long-edge sizes of the full-screen images in the lightbox: one size that fills a phone
    screen at any pixel ratio keeps a real photo's published bytes within 200 KiB."""
    kualitas: int = 80
    """WebP quality of the full-screen images, 1–100 (80 at 1280 px keeps the SSIM of the
    former 78 at 960 and 1600 px: see scripts/benchmark.py --foto-nyata)."""
    kualitas_kecil: int = 68
    """WebP quality of the thumbnails, 1–100: shown smaller than their pixels, they hide
    compression, and a gallery's thumbnails are most of a page's first load."""
    terbitkan_asli: bool = False
    """Also publish each photo at full size (as a JPEG without any metadata) for download."""
    arsip_maks: int = 2560
    """Long edge of the archival JPEGs that `harmoni baru --foto` imports into an entry."""
    berkas_maks_mb: float = 15
    """`harmoni periksa` warns about an original photo file larger than this (MB)."""


@dataclass(frozen=True)
class TargetSettings:
    """Monitoring targets shown on the statistics page (the desa TOR: 50 konten, 15%)."""

    konten_per_bulan: int = 50
    """Activities to publish per month."""
    engagement_rate: float = 15
    """Engagement rate to reach per post, in percent."""


@dataclass(frozen=True)
class FeedbackSettings:
    """Where citizens send feedback on an activity: each address given gets its own button."""

    whatsapp: str | int | None = None
    """A WhatsApp number in international form, digits only, e.g. `6281234567890`."""
    email: str | None = None
    """An e-mail address."""
    formulir: str | None = None
    """A form address with `{teks}` where the prefilled text goes (e.g. a Google Form link)."""


@dataclass(frozen=True)
class OpenDataSettings:
    """What the open-data page and files say about themselves."""

    lisensi: str | None = None
    """The licence of the data files, e.g. `CC BY 4.0`; unset says none is chosen yet."""
    lisensi_url: str | None = None
    """Where the licence text is."""
    frekuensi: str = "Setiap kali ada kegiatan baru yang diterbitkan"
    """How often the data is updated, in words."""


@dataclass(frozen=True)
class VisitSettings:
    """Counting visits and QR scans without cookies (GoatCounter); off unless `goatcounter` is
    set."""

    goatcounter: str | None = None
    """The GoatCounter site, hosted (`https://kode.goatcounter.com`) or the office's own
    (`https://statistik.contoh.go.id`). Unset: no counting script, no request, no QR marker."""
    berkas: str = "kegiatan/kunjungan.json"
    """The counts `harmoni ambil-kunjungan` fetches, relative to mkdocs.yml (committed)."""


@dataclass(frozen=True)
class EditorSettings:
    """The web editor at `/admin/` (Sveltia CMS): which GitHub repository and branch it saves to."""

    repo: str | None = None
    """`owner/name` of the GitHub repository; unset publishes no `/admin/`."""
    branch: str = "main"
    """The branch the editor commits to (the one the publishing workflow builds)."""


@dataclass(frozen=True)
class BucketSettings:
    """Where `harmoni unggah-media` uploads (any S3-compatible service); the keys come only
    from the environment (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`), never from here."""

    bucket: str | None = None
    """The bucket's name, e.g. `arsip-media`."""
    endpoint: str | None = None
    """The service's S3 address, e.g. `https://nos.wjv-1.neo.id` (Biznet NEO) or
    `https://<akun>.r2.cloudflarestorage.com` (R2); unset: AWS S3 in `region`."""
    region: str = "ap-southeast-3"
    """The bucket's region (AWS Jakarta by default; R2 wants `auto`)."""


@dataclass(frozen=True)
class OriginalsSettings:
    """A private bucket where `harmoni salin-asli` keeps a copy of every original photo and
    video, by the SHA-256 of its bytes; endpoint and region unset: those of `media.s3`."""

    bucket: str | None = None
    """The private bucket's name, e.g. `arsip-asli` (never the public media bucket)."""
    endpoint: str | None = None
    region: str | None = None

    def located(self, media: BucketSettings) -> BucketSettings:
        """Where to copy, with what is unset taken from the media bucket's settings."""
        return BucketSettings(self.bucket, self.endpoint or media.endpoint,
                              self.region or media.region)  # fmt: skip


@dataclass(frozen=True)
class MediaSettings:
    """A media host for photos and videos (object storage behind its public address); off
    unless `url` is set, and then only for what the uploader put there."""

    url: str | None = None
    """The public address of the bucket, e.g. `https://media.dinas.contoh.go.id/`: every
    uploaded file is published at `url` + its key, and the build reads the manifest there."""
    s3: BucketSettings = field(default_factory=BucketSettings)
    asli: OriginalsSettings = field(default_factory=OriginalsSettings)


@dataclass(frozen=True)
class HarmoniSettings:
    """Everything specific to one office; nothing of it is hard-coded."""

    kantor: str
    """The office's full name, shown in the footer of activity pages."""
    kategori: dict[str, str]
    """Category key → display name."""
    wilayah: dict[str, list[str]]
    """Upper-level place (a kecamatan; the village itself in a village's archive) → the names
    of its lower-level places (desa/kelurahan; dusun/RW). Entries' `kecamatan` and `desa` name
    them, also in common spelling variants (`Baturusa` for `Batu Rusa`)."""
    tingkat: tuple[str, ...] = ("Kecamatan", "Desa")
    """The names of the two levels of `wilayah`: `[Kecamatan, Desa]` for a kabupaten's office,
    `[Desa, Dusun]` for a single village's archive."""
    kode_wilayah: str | None = None
    """The official (Kemendagri) code of the office's region: a kabupaten/kota (`19.02`) or a
    single desa (`19.02.04.2001`). Given, every place of `wilayah` gets its official code and
    kind (desa or kelurahan) from the list shipped in the package."""
    program: str | None = None
    """The name of the office's programme the archive belongs to (e.g. `HARMONI`), if any."""
    kantor_singkat: str | None = None
    """A short name for cards and stickers."""
    folder_kegiatan: str = "kegiatan"
    """Where activity folders live, relative to mkdocs.yml."""
    daftar_terbit: str = "kegiatan/terbit.txt"
    """The registry of published ids, relative to mkdocs.yml (committed)."""
    alamat_lama: tuple[str, ...] = ()
    """Former base URLs of the site, for the redirect site of `harmoni pengalihan`."""
    video_maks_mb: int = 100
    """Local videos larger than this are refused: they belong on a video platform."""
    beranda_jumlah: int = 12
    """How many of the latest activities the home page shows."""
    kartu_per_halaman: int = 24
    """Activity cards per page of a listing (year, kategori, kecamatan, desa); longer listings
    continue at `…/halaman/2/`. On a phone the cards stand in one column, so 24 cards are about
    24 screens and, scrolled to the end, about 24 lazily loaded thumbnails: a page that stays
    light on a slow connection however large the archive grows."""
    wilayah_nama: str | None = None
    """The office's region, e.g. `Kabupaten Bangka`: the region of every activity's address."""
    masukan: FeedbackSettings = field(default_factory=FeedbackSettings)
    data_terbuka: OpenDataSettings = field(default_factory=OpenDataSettings)
    umpan_jumlah: int = 50
    """How many of the latest activities the Atom feed lists."""
    foto: PhotoSettings = field(default_factory=PhotoSettings)
    editor: EditorSettings = field(default_factory=EditorSettings)
    target: TargetSettings = field(default_factory=TargetSettings)
    data_jangkauan: str = "kegiatan/jangkauan.csv"
    """Social-media reach measurements kept by staff (CSV), relative to mkdocs.yml."""
    kunjungan: VisitSettings = field(default_factory=VisitSettings)
    """Visit and QR-scan counting (opt-in)."""
    mulai: dict[str, str] | None = None
    """Written by `harmoni mulai`: a fingerprint of each key and page it owns, as it last wrote
    them, so that one changed by hand since is not overwritten unasked."""
    cache: str = ".cache/harmoni"
    """Where derived images are cached, relative to mkdocs.yml (git-ignored)."""
    media: MediaSettings = field(default_factory=MediaSettings)
    """The media host (object storage), opt-in."""


@dataclass(frozen=True)
class Site:
    """The published site as pages, previews and feeds name it (from mkdocs.yml's top level)."""

    site_name: str
    site_url: str
    """The permanent base address: every QR code holds it."""
    description: str
    language: str
    directory_urls: bool
    """`k/2024-001/` (true) or `k/2024-001/index.html` (false)."""
    office: str
    region: str | None
    """The office's region (`extra.harmoni.wilayah_nama`), e.g. `Kabupaten Bangka`."""
    docs_dir: str = "docs"
    """The hand-written pages' folder (mkdocs.yml's `docs_dir`), relative to mkdocs.yml."""
    logo: str | None = None
    """`theme.logo`: the office's logo, a path inside `docs/` (or an address)."""


def site_of(config: Mapping[str, Any], settings: HarmoniSettings) -> Site:
    """The site's identity from mkdocs.yml's top-level keys; stops when `site_url` is unset."""
    theme = config.get("theme") or {}
    return Site(
        site_name=str(config.get("site_name") or ""),
        site_url=require_site_url(config.get("site_url")),
        description=str(config.get("site_description") or ""),
        language=str(theme.get("language") or "en"),
        directory_urls=bool(config.get("use_directory_urls", True)),
        office=settings.kantor,
        region=settings.wilayah_nama,
        docs_dir=str(config.get("docs_dir") or "docs"),
        logo=str(theme.get("logo") or "") or None,
    )


def require_site_url(site_url: str | None) -> str:
    """The site's permanent address (QR codes hold it); stops with advice when unset."""
    if not site_url:
        raise HarmoniError(
            "mkdocs.yml: `site_url` belum diisi. Kode QR berisi alamat lengkap setiap halaman, "
            "jadi isi alamat tetap situs, mis. `site_url: https://dinas.contoh.go.id/arsip/`."
        )
    return site_url


def load_settings(extra: Mapping[str, Any]) -> HarmoniSettings:
    """Validate `extra.harmoni`, or stop with a message that says what to fix."""
    raw = extra.get("harmoni")
    if not isinstance(raw, dict):
        raise HarmoniError(
            "mkdocs.yml: bagian `extra: harmoni:` tidak ada. Salin contoh dari README "
            "(nama kantor, kategori, wilayah) lalu bangun ulang."
        )
    messages: list[str] = []
    settings = _read(HarmoniSettings, raw, "extra.harmoni", messages)
    if not messages:  # the shapes are only worth checking once the types are right
        messages += _check_shapes(settings)
    if messages:
        problems = "\n  ".join(messages)
        raise HarmoniError(f"mkdocs.yml: pengaturan HARMONI tidak valid:\n  {problems}")
    return settings


# -- reading a mapping into a settings class ------------------------------------------------------

_TYPE_NAMES = {
    int: "bilangan bulat", float: "angka", bool: "true atau false", str: "teks",
    dict: "pasangan kunci: nilai", tuple: "daftar", list: "daftar",
}  # fmt: skip


def _read(cls: Any, raw: dict, where: str, messages: list[str]) -> Any:
    """An instance of the dataclass `cls` from `raw`; problems go into `messages`."""
    hints = typing.get_type_hints(cls)
    values: dict[str, Any] = {}
    for key in raw:
        if key not in hints:
            messages.append(f"`{where}.{key}`: kunci tidak dikenal; periksa ejaannya.")
    for item in dataclasses.fields(cls):
        key = f"{where}.{item.name}"
        if item.name not in raw or raw[item.name] is None:
            if item.default is dataclasses.MISSING and item.default_factory is dataclasses.MISSING:
                messages.append(f"`{key}`: wajib diisi.")
            continue
        value = _value(hints[item.name], raw[item.name], key, messages)
        if value is not _INVALID:
            values[item.name] = value
    try:
        return cls(**values)
    except TypeError:  # a required key was missing or invalid: already reported
        return None


_INVALID = object()


def _value(hint: Any, value: Any, key: str, messages: list[str]) -> Any:
    """`value` checked against the type `hint` (converted where a list becomes a tuple)."""
    if dataclasses.is_dataclass(hint):
        if isinstance(value, dict):
            return _read(hint, value, key, messages)
        messages.append(f"`{key}`: harus berisi pasangan kunci: nilai.")
        return _INVALID
    options = _options(hint)
    for option in options:
        origin = typing.get_origin(option) or option
        if origin is tuple and isinstance(value, list):
            (item,) = {a for a in typing.get_args(option) if a is not Ellipsis}
            if all(_matches(item, v) for v in value):
                return tuple(value)
        elif _matches(option, value):
            return float(value) if option is float else value
    names = " atau ".join(dict.fromkeys(_TYPE_NAMES[typing.get_origin(o) or o] for o in options))
    messages.append(f"`{key}`: harus {names}, bukan `{value}`.")
    return _INVALID


def _options(hint: Any) -> list[Any]:
    """The types a hint allows, without None: `str | int | None` → [str, int]."""
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        return [a for a in typing.get_args(hint) if a is not type(None)]
    return [hint]


def _matches(hint: Any, value: Any) -> bool:
    """Whether `value` has the plain type `hint` (bool is not a number here)."""
    origin = typing.get_origin(hint) or hint
    if origin is float:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if origin is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, origin)


def _check_shapes(settings: HarmoniSettings) -> list[str]:
    """Check what the types alone cannot: the category and region maps, ranges."""
    messages = []
    if not settings.kategori or not all(isinstance(v, str) for v in settings.kategori.values()):
        messages.append("`extra.harmoni.kategori` harus berisi pasangan kunci: Nama Kategori.")
    for kecamatan, desa in (settings.wilayah or {}).items():
        if not isinstance(desa, list) or not all(isinstance(d, str) for d in desa):
            messages.append(
                f"`extra.harmoni.wilayah.{kecamatan}` harus berupa daftar nama desa, "
                "mis. [Desa A, Desa B]."
            )
    if len(settings.tingkat) != 2 or not all(isinstance(t, str) and t for t in settings.tingkat):
        messages.append(
            "`extra.harmoni.tingkat` harus berisi dua nama tingkat wilayah, "
            "mis. [Kecamatan, Desa] atau [Desa, Dusun]."
        )
    code = settings.kode_wilayah
    office = regions.get(code) if code is not None else None
    if code is not None and (office is None or office.level not in (2, 4)):
        messages.append(
            f"`extra.harmoni.kode_wilayah`: `{code}` bukan kode kabupaten/kota (mis. `19.02`) "
            "atau desa/kelurahan (mis. `19.02.04.2001`) di daftar wilayah resmi."
        )
    if settings.target.konten_per_bulan < 1:
        messages.append("`extra.harmoni.target.konten_per_bulan` harus 1 atau lebih.")
    if not 0 < settings.target.engagement_rate <= 100:
        messages.append("`extra.harmoni.target.engagement_rate` harus persen antara 0 dan 100.")
    for key in ("kualitas", "kualitas_kecil"):
        if not 1 <= getattr(settings.foto, key) <= 100:
            messages.append(f"`extra.harmoni.foto.{key}` harus antara 1 dan 100.")
    if settings.kartu_per_halaman < 1:
        messages.append("`extra.harmoni.kartu_per_halaman` harus 1 atau lebih.")
    if settings.foto.arsip_maks < 1 or settings.foto.berkas_maks_mb <= 0:
        messages.append("`extra.harmoni.foto.arsip_maks` dan `berkas_maks_mb` harus lebih dari 0.")
    counter = settings.kunjungan.goatcounter
    if counter is not None and not re.fullmatch(r"https?://[^/\s?#]+(/[^\s?#]*)?", counter):
        messages.append(
            "`extra.harmoni.kunjungan.goatcounter` harus alamat situs GoatCounter, "
            "mis. https://kode.goatcounter.com atau https://statistik.contoh.go.id."
        )
    repo = settings.editor.repo
    if repo is not None and not re.fullmatch(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+", repo):
        messages.append(
            "`extra.harmoni.editor.repo` harus nama repositori GitHub `pemilik/nama`, "
            "mis. `dpmd-bangka/harmoni`."
        )
    return messages + check_feedback(settings.masukan) + check_media(settings.media)


_ADDRESS = re.compile(r"https?://[^/\s?#]+(/[^\s?#]*)?")
_BUCKET = re.compile(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")
"""S3's rule for bucket names: 3 to 63 lower-case letters, digits, dots and dashes."""


def check_media(media: MediaSettings) -> list[str]:
    """Check the media host's addresses and bucket name (the keys are never settings)."""
    messages = []
    if media.url is not None and not _ADDRESS.fullmatch(media.url):
        messages.append(
            "`extra.harmoni.media.url` harus alamat publik bucket https://…, "
            "mis. https://media.dinas.contoh.go.id/ (tanpa ? atau #)."
        )
    messages += _check_bucket("media.s3", media.s3)
    originals = media.asli.located(media.s3)
    if originals.bucket is not None:
        messages += _check_bucket("media.asli", originals)
        if (originals.bucket, originals.endpoint) == (media.s3.bucket, media.s3.endpoint):
            messages.append(
                "`extra.harmoni.media.asli.bucket` harus bucket lain, yang pribadi: bucket "
                "media dibaca publik, foto asli tidak."
            )
    return messages


def _check_bucket(key: str, bucket: BucketSettings) -> list[str]:
    """Check one bucket's service address, name and region (`key`: where they are set)."""
    messages = []
    if bucket.endpoint is not None and not _ADDRESS.fullmatch(bucket.endpoint):
        messages.append(
            f"`extra.harmoni.{key}.endpoint` harus alamat layanan S3 https://…, "
            "mis. https://nos.wjv-1.neo.id; kosongkan untuk AWS S3."
        )
    if bucket.bucket is not None and not _BUCKET.fullmatch(bucket.bucket):
        messages.append(
            f"`extra.harmoni.{key}.bucket` harus nama bucket S3: 3 sampai 63 huruf kecil, "
            "angka, titik atau tanda minus, mis. arsip-media."
        )
    if not re.fullmatch(r"[a-z0-9-]{2,32}", bucket.region):
        messages.append(
            f"`extra.harmoni.{key}.region` harus kode region, mis. ap-southeast-3 (AWS "
            "Jakarta) atau auto (Cloudflare R2)."
        )
    return messages


def check_feedback(feedback: FeedbackSettings) -> list[str]:
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
