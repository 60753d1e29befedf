"""What the site publishes under `/admin/`: the bundled Sveltia CMS and its `config.yml`, made
from `mkdocs.yml` (kategori, wilayah, photo size, repository) so that a forked archive gets a
working editor by changing `mkdocs.yml` only. Pure functions: no MkDocs, no writing.

The form writes entries in the format `entries.reader` reads: keys and their order as in the
demo entries, captions as a `keterangan` list of `{berkas, teks}`, photos next to `index.md`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import yaml

from .. import inputs
from ..settings import HarmoniSettings

BUNDLE = Path(__file__).parent / "bundle"
"""The Vite build of Sveltia CMS (see `editor/` at the repository root for how it is made)."""
ADMIN = "admin"
"""Where the editor is published on the site."""
UPLOAD_QUALITY = 90
"""WebP quality of photos resized in the browser (WebP is the only format Sveltia CMS converts
to). The archive derives every image shown on the site from this file again (WebP 80 at 1280 px),
so the first encoding is kept high: measured by scripts/upload_quality.py on the shared test
photos, the site's images lose 0.48 dB PSNR against ones made from the original at 90 (1.23 dB
at 80, 0.24 dB at 95), and the stored file is 26 % smaller than at 95."""
MAX_UPLOAD_MB = 30
"""Larger files are refused by the editor before resizing (a phone photo is 2–8 MB)."""
ENTRY_PATH = "{{fields.date | date('YYYY')}}/{{fields.date | date('YYYY-MM-DD')}}-{{slug}}/index"
"""A new entry's `index.md` below the activities folder: year and date from the activity date."""
DATE_SHOWN = "DD/MM/YYYY"
"""How the entry list shows an activity's date (stored as `YYYY-MM-DD`). The form's date input
is the browser's own, shown as the device's language writes dates (DD/MM/YYYY in Indonesian)."""
GUARD_RULES = "penjaga.json"
"""The rules that the editor's own guards (editor/src/guards.js) check beside Sveltia CMS's."""
SLUG_MAX = 60
"""Longest title part of a new folder name, as `harmoni baru` makes it."""


@dataclass(frozen=True)
class EditorFile:
    """One file of `/admin/`: generated text or a file of the bundle."""

    uri: str
    """Path on the site, e.g. `admin/config.yml`."""
    content: str | None = None
    source: Path | None = None


def editor_files(
    settings: HarmoniSettings,
    site_name: str,
    site_url: str,
    logo: str | None = None,
    bundle: Path = BUNDLE,
) -> list[EditorFile]:
    """Every file of `/admin/`, or none when no repository is set (`extra.harmoni.editor.repo`)."""
    if not settings.editor.repo:
        return []
    config = config_text(editor_config(settings, site_name, site_url, logo))
    rules = json.dumps(guard_rules(settings), ensure_ascii=False, indent=1)
    files = [
        EditorFile(f"{ADMIN}/config.yml", content=config),
        EditorFile(f"{ADMIN}/{GUARD_RULES}", content=rules + "\n"),
    ]
    inputs.note_tree(bundle)
    for path in sorted(p for p in bundle.rglob("*") if p.is_file()):
        files.append(EditorFile(f"{ADMIN}/{path.relative_to(bundle).as_posix()}", source=path))
    return files


def config_text(config: dict) -> str:
    """The configuration as YAML, with a note that it is generated."""
    header = (
        "# Dibuat otomatis dari mkdocs.yml setiap kali situs dibangun; jangan disunting.\n"
        "# Ubah kategori, wilayah, ukuran foto atau repositori di mkdocs.yml (extra.harmoni).\n"
    )
    return header + yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=100)


def editor_config(
    settings: HarmoniSettings, site_name: str, site_url: str, logo: str | None = None
) -> dict:
    """Sveltia CMS's configuration for this archive; `logo` is `theme.logo` (a path inside
    `docs/`), shown at sign-in and as the tab's icon instead of Sveltia's."""
    config: dict = {
        "app_title": f"Editor {site_name}",
        "site_url": site_url,
        "backend": _backend(settings),
        "media_folder": "",
        "public_folder": "",
        "media_libraries": _media_libraries(settings),
        "slug": {"encoding": "ascii", "clean_accents": True, "maxlength": SLUG_MAX},
        "output": {"omit_empty_optional_fields": True},
        "editor": {"preview": False},
        "collections": [_activities(settings)],
    }
    if logo:
        config["logo"] = {"src": _from_admin(logo)}
    return config


def _from_admin(path: str) -> str:
    """A site path (or an address) as the editor page at `/admin/` reaches it: the same site,
    so that the editor loads nothing from elsewhere."""
    if "://" in path or path.startswith(("/", "data:")):
        return path
    return f"../{path}"


def guard_rules(settings: HarmoniSettings) -> dict:
    """What `editor/src/main.js` enforces: the files the archive depends on, which the editor
    neither lists nor deletes (paths from the repository root), and which desa belong to which
    kecamatan, so that a desa of another kecamatan cannot be saved."""
    kept = (settings.daftar_terbit, settings.data_jangkauan, settings.kunjungan.berkas)
    return {
        "dilindungi": sorted({Path(path).as_posix() for path in kept}),
        "tingkat": list(settings.tingkat),
        "wilayah": settings.wilayah,
    }


def _backend(settings: HarmoniSettings) -> dict:
    """GitHub, signed in with a personal access token: no OAuth server of our own."""
    return {
        "name": "github",
        "repo": settings.editor.repo,
        "branch": settings.editor.branch,
        "auth_methods": ["token"],
        "commit_messages": {
            "create": "Tambah kegiatan {{slug}} (editor web)",
            "update": "Ubah kegiatan {{slug}} (editor web)",
            "delete": "Hapus kegiatan {{slug}} (editor web)",
            "uploadMedia": "Unggah {{path}} (editor web)",
            "deleteMedia": "Hapus {{path}} (editor web)",
        },
    }


def _media_libraries(settings: HarmoniSettings) -> dict:
    """Photos resized in the browser to the archive's size; no stock-photo pickers."""
    longest = settings.foto.arsip_maks
    return {
        "stock_assets": False,
        "default": {
            "config": {
                "max_file_size": MAX_UPLOAD_MB * 1_000_000,
                "slugify_filename": True,
                "transformations": {
                    "raster_image": {
                        "format": "webp", "quality": UPLOAD_QUALITY, "width": longest,
                        "height": longest,
                    },
                },
            },
        },
    }  # fmt: skip


def _activities(settings: HarmoniSettings) -> dict:
    """The collection of activity entries: `<folder>/<year>/<date>-<slug>/index.md`."""
    return {
        "name": "kegiatan",
        "label": "Kegiatan",
        "label_singular": "Kegiatan",
        "description": "Dokumentasi kegiatan. Kegiatan baru mendapat id setelah disimpan dan "
        "terbit beberapa menit kemudian.",
        "folder": settings.folder_kegiatan,
        "path": ENTRY_PATH,
        "slug": "{{title}}",
        "media_folder": "",
        "public_folder": "",
        "extension": "md",
        "format": "frontmatter",
        "create": True,
        "delete": False,
        "identifier_field": "title",
        "thumbnail": ["sampul", "keterangan.*.berkas"],
        "summary": f"{{{{date | date('{DATE_SHOWN}')}}}} · {{{{title}}}}",
        "sortable_fields": {
            "fields": ["date", "title"],
            "default": {"field": "date", "direction": "descending"},
        },
        "view_groups": [{"label": "Tahun", "field": "date", "pattern": r"\d{4}"}],
        "fields": _fields(settings),
    }


def _fields(settings: HarmoniSettings) -> list[dict]:
    """The form, in the key order of the demo entries; labels and hints in Bahasa Indonesia."""
    return [
        {"name": "id", "label": "Nomor arsip (id)", "widget": "string", "required": False,
         "readonly": True,
         "hint": "Diisi otomatis setelah disimpan, lalu tidak pernah berubah: kode QR memuatnya."},
        {"name": "title", "label": "Judul", "widget": "string"},
        {"name": "date", "label": "Tanggal kegiatan", "widget": "datetime", "type": "date",
         "format": "YYYY-MM-DD",
         "hint": "Pilih dari kalender (ikon di kanan). Urutan hari dan bulan mengikuti bahasa "
         "peramban: di peramban berbahasa Inggris bulan lebih dulu (07/14/2025 = 14 Juli 2025)."},
        {"name": "description", "label": "Ringkasan", "widget": "text", "required": False,
         "hint": "Satu kalimat; tampil di kartu kegiatan dan saat tautan dibagikan."},
        {"name": "kategori", "label": "Kategori", "widget": "select",
         "options": [{"label": name, "value": key} for key, name in settings.kategori.items()]},
        {"name": "kecamatan", "label": "Kecamatan", "widget": "select", "required": False,
         "options": list(settings.wilayah)},
        {"name": "desa", "label": "Desa/kelurahan", "widget": "select", "multiple": True,
         "required": False, "options": _desa_options(settings.wilayah),
         "hint": "Pilih desa dari kecamatan yang dipilih di atas (nama kecamatan dalam kurung); "
         "pemeriksaan situs menolak desa dari kecamatan lain."},
        {"name": "tags", "label": "Tag", "widget": "list", "required": False,
         "hint": "Kata kunci tambahan, satu per isian."},
        {"name": "contoh", "label": "Entri contoh", "widget": "hidden"},
        {"name": "sampul", "label": "Foto sampul", "widget": "image", "required": False,
         "choose_url": False,
         "hint": "Salah satu foto di daftar Foto dan keterangan; bila kosong, foto pertama di "
         "daftar itu yang dipakai."},
        {"name": "keterangan", "label": "Foto dan keterangan", "label_singular": "foto",
         "widget": "list", "required": False, "summary": "{{fields.berkas}}: {{fields.teks}}",
         "hint": "Daftar ini adalah galeri: urutannya urutan di situs, foto pertama menjadi "
         "sampul. Foto yang dihapus dari daftar tidak terbit dan dihapus dari folder. Foto "
         "diperkecil di peramban sebelum diunggah.",
         "fields": [
             {"name": "berkas", "label": "Foto", "widget": "image", "choose_url": False},
             {"name": "teks", "label": "Keterangan foto", "widget": "string",
              "hint": "Wajib: apa yang terlihat di foto, satu kalimat. Tampil di galeri dan "
              "dibacakan pembaca layar."},
         ]},
        {"name": "video", "label": "Video", "widget": "list", "required": False,
         "hint": "Alamat video di YouTube, TikTok, Facebook atau Instagram (dianjurkan), atau "
         "nama berkas video di folder kegiatan.",
         "field": {"name": "alamat", "label": "Alamat atau berkas video", "widget": "string"}},
        {"name": "media_sosial", "label": "Unggahan media sosial", "widget": "list",
         "required": False, "hint": "Alamat unggahan kegiatan ini di Instagram, Facebook atau "
         "TikTok.",
         "field": {"name": "alamat", "label": "Alamat unggahan", "widget": "string",
                   "pattern": ["^https://", "Harus alamat web yang diawali https://"]}},
        {"name": "ditarik", "label": "Tarik dari situs", "widget": "object", "required": False,
         "collapsed": True,
         "hint": "Hanya untuk menarik kegiatan yang sudah terbit: isi tanggal dan alasannya. "
         "Halamannya lalu hanya menampilkan keterangan penarikan.",
         "fields": [
             {"name": "tanggal", "label": "Tanggal penarikan", "widget": "datetime",
              "type": "date", "format": "YYYY-MM-DD"},
             {"name": "alasan", "label": "Alasan penarikan", "widget": "string"},
         ]},
        {"name": "body", "label": "Narasi kegiatan", "widget": "markdown",
         "hint": "Apa kegiatannya, siapa yang hadir, apa yang dilakukan, dan apa hasilnya."},
    ]  # fmt: skip


def _desa_options(wilayah: dict[str, list[str]]) -> list[dict]:
    """Every desa once, labelled with its kecamatan(s) so staff pick the right one."""
    owners: dict[str, list[str]] = {}
    for kecamatan, names in wilayah.items():
        for desa in names:
            owners.setdefault(desa, []).append(kecamatan)
    return [
        {"label": f"{desa} ({', '.join(kecamatan)})", "value": desa}
        for desa, kecamatan in sorted(owners.items(), key=lambda item: item[0].casefold())
    ]
