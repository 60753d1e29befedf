"""Find entry folders, validate their front matter, and build `Entry` objects.

Every problem is collected with its file and line; an entry whose required fields are broken is
left out of the site, a broken optional field is ignored, and the build reports them all at once.
"""

from __future__ import annotations

import datetime
import os
import re
from collections.abc import Mapping
from pathlib import Path

from .. import addresses, inputs
from ..formats import number
from ..problems import Problems
from ..regions import match_name, titled
from ..settings import HarmoniSettings
from ..symlinks import is_linked, report_symlinks
from . import links
from .frontmatter import FrontMatterError, parse
from .model import Archive, Entry, LocalVideo, Photo, Place, PlatformVideo, SocialLink, Tombstone
from .spelling import did_you_mean, nearest

PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif")
VIDEO_SUFFIXES = (".mp4", ".webm", ".m4v")
DERIVED_NAME_ROOM = 32
"""Bytes a published name may add to a photo's or video's name: `-sampul`, `-2` when two names
meet, `-bagikan.jpg` or `-1280.webp`."""
ID_PATTERN = re.compile(r"[0-9a-z][0-9a-z-]{0,39}")
ID_LINE = re.compile(r"""^id:[ \t]*["']?([0-9a-z][0-9a-z-]*)["']?[ \t]*(?:#.*)?$""", re.M)
"""An `id:` line as written by hand or by the tools, found even when the YAML is broken."""
CAPTION_EXAMPLE = (
    "Tulis setiap foto sebagai butir `- berkas: foto-01.jpg` dengan baris "
    "`teks: Pembukaan acara.` tepat di bawahnya."
)
"""How a caption list is written, for messages."""
KNOWN_KEYS = (
    "id", "title", "date", "description", "kategori", "kecamatan", "desa", "tags", "sampul",
    "keterangan", "video", "media_sosial", "contoh", "ditarik",
)  # fmt: skip


class _Skip(Exception):
    """Raised inside validation when an entry cannot be published at all."""


def read_entries(
    root: Path, project_dir: Path, settings: HarmoniSettings, problems: Problems,
    absent: Mapping[Path, list[Path]] | None = None,
) -> Archive:  # fmt: skip
    """All valid entries under `root` (newest first) and the withdrawn ones; problems go into
    `problems`. `absent` (entry folder → files) adds photos absent from a partial checkout
    that the media host holds, as if they were there."""
    found, broken = [], []
    links = report_symlinks(root, project_dir, problems)
    for index in _find_index_files(root, links):
        entry = _read_entry(index, project_dir, settings, problems, absent or {})
        if entry is not None:
            found.append(entry)
        else:
            broken += ids_in_file(index)
    kept = _drop_duplicate_ids(found, problems)
    kept_objects = {id(e) for e in kept}  # by identity: comparing entries field by field is slow
    broken += [e.id for e in found if id(e) not in kept_objects]
    entries = [e for e in kept if isinstance(e, Entry)]
    return Archive(
        sorted(entries, key=lambda e: (e.date, e.id), reverse=True),
        [e for e in kept if isinstance(e, Tombstone)],
        tuple(dict.fromkeys(broken)),
    )


def ids_in_file(index: Path) -> list[str]:
    """The ids on the `id:` lines of an `index.md`, read as text (its YAML may be broken)."""
    try:
        return ID_LINE.findall(index.read_text(encoding="utf-8", errors="replace"))
    except OSError:
        return []


def _find_index_files(root: Path, links: list[Path]) -> list[Path]:
    """Every `index.md` below `root`, skipping hidden folders and symbolic links (a linked
    folder is not walked into), in path order; each folder looked into is noted as an input of
    the plan (a new entry changes its folder)."""
    found = []
    for top, folders, files in os.walk(root):
        inputs.note(top)
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        index = Path(top) / "index.md"
        if "index.md" in files and not is_linked(index, links):
            found.append(index)
    return sorted(found)


def _read_entry(
    index: Path, project_dir: Path, settings: HarmoniSettings, problems: Problems,
    absent: Mapping[Path, list[Path]],
):  # fmt: skip
    """One entry, or None when it cannot be published; its problems go into `problems`."""
    source = index.relative_to(project_dir).as_posix()
    try:
        inputs.note(index)
        front = parse(index.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        problems.add(source, "berkas bukan teks UTF-8. Simpan ulang sebagai UTF-8.")
        return None
    except FrontMatterError as err:
        problems.add(source, f"{err} Perbaiki lalu bangun ulang.", err.line)
        return None
    check = _EntryCheck(source, index.parent, front.data, front.key_lines, settings, problems)
    check.item_lines = front.item_lines
    check.absent = absent.get(index.parent, [])
    try:
        return check.entry(front.body)
    except _Skip:
        return None


def _drop_duplicate_ids(entries: list, problems: Problems) -> list:
    """Leave out every entry whose id another entry also uses, naming all their files."""
    by_id: dict[str, list] = {}
    for entry in entries:
        by_id.setdefault(entry.id, []).append(entry)
    for entry_id, same in by_id.items():
        if len(same) > 1:
            others = ", ".join(e.source for e in same)
            for entry in same:
                problems.add(
                    entry.source,
                    f"id `{entry_id}` dipakai lebih dari satu kegiatan ({others}). "
                    "Setiap kegiatan harus punya id sendiri: ganti id salah satunya dengan id "
                    "yang belum pernah dipakai.",
                    None,
                )
    return [e for e in entries if len(by_id[e.id]) == 1]


class _EntryCheck:
    """Validates one entry's front matter field by field."""

    def __init__(self, source, folder, data, key_lines, settings, problems) -> None:
        self.source, self.folder, self.data = source, folder, data
        self.key_lines, self.settings, self.problems = key_lines, settings, problems
        self.item_lines: dict[str, list[int]] = {}
        self.absent: list[Path] = []
        """Photos of this folder absent from the checkout but held by the media host."""
        self.fatal = False

    def problem(self, key: str | None, message: str, fatal: bool = False) -> None:
        """Record a problem at the line of `key` (or the top of the front matter)."""
        self.problems.add(self.source, message, self.key_lines.get(key, 1) if key else 1)
        self.fatal = self.fatal or fatal

    def item_problem(self, key: str, position: int, message: str) -> None:
        """Record a problem at the line of item `position` (0-based) of the list under `key`."""
        lines = self.item_lines.get(key, [])
        line = lines[position] if position < len(lines) else self.key_lines.get(key, 1)
        self.problems.add(self.source, message, line)

    def entry(self, body: str) -> Entry | Tombstone:
        """The validated entry; raises `_Skip` when a required field is broken."""
        self._check_unknown_keys()
        if "ditarik" in self.data:
            return self._tombstone()
        files = self._publishable(_folder_files(self.folder) | {p.name: p for p in self.absent})
        entry_id, title, date = self._id(), self._required_text("title"), self._date()
        kategori = self._kategori()
        if self.fatal or date is None:
            raise _Skip
        videos = self._videos(files)
        photos = self._photos(files, videos)
        kecamatan, places = self._region()
        return Entry(
            id=entry_id,
            title=title,
            date=date,
            kategori=kategori,
            description=self._optional_text("description"),
            kecamatan=kecamatan,
            places=places,
            tags=self._text_list("tags"),
            photos=photos,
            cover=self._cover(photos),
            videos=videos,
            social=self._social(),
            example=self.data.get("contoh") is True,
            body=body,
            folder=self.folder,
            source=self.source,
        )

    def _publishable(self, files: dict[str, Path]) -> dict[str, Path]:
        """The folder's files whose published names fit the file system (a problem for each
        other photo or video, left out before anything is written)."""
        limit = _name_max(self.folder) - DERIVED_NAME_ROOM
        kept = {}
        for name, path in files.items():
            media = _is_photo_name(name) or name.lower().endswith(VIDEO_SUFFIXES)
            if media and len(addresses.slug(path.stem)) > limit:
                self.problems.add(
                    f"{self.source.rpartition('/')[0]}/{name}",
                    f"nama berkas terlalu panjang ({len(name)} karakter): nama gambar turunan "
                    f"yang diterbitkan (mis. `…-sampul-1280.webp`) tidak muat di sistem berkas. "
                    f"Persingkat namanya menjadi paling banyak {limit} karakter; berkas ini "
                    "tidak diterbitkan.",
                )
            else:
                kept[name] = path
        return kept

    def _tombstone(self) -> Tombstone:
        """A withdrawn entry: only its id and the when and why of the withdrawal are needed."""
        entry_id = self._id()
        value = self.data.get("ditarik")
        when = value.get("tanggal") if isinstance(value, dict) else None
        reason = value.get("alasan") if isinstance(value, dict) else None
        if not isinstance(when, datetime.date) or not isinstance(reason, str) or not reason.strip():
            self.problem(
                "ditarik",
                "`ditarik` harus berisi `tanggal` (YYYY-MM-DD) dan `alasan`, mis. "
                "`ditarik: {tanggal: 2025-01-10, alasan: Atas permintaan warga di foto.}`",
                fatal=True,
            )
            raise _Skip
        if self.fatal:
            raise _Skip
        title = self.data.get("title")
        return Tombstone(
            entry_id, title.strip() if isinstance(title, str) else "", when, reason.strip(),
            self.source,
        )  # fmt: skip

    def _check_unknown_keys(self) -> None:
        for key in self.data:
            if key not in KNOWN_KEYS:
                self.problem(
                    str(key),
                    f"kunci `{key}` tidak dikenal dan diabaikan. Kunci yang dikenal: "
                    f"{', '.join(KNOWN_KEYS)}.",
                )

    def _id(self) -> str:
        value = self.data.get("id")
        if value is None:
            self.problem(None, "`id` wajib diisi, mis. `id: 2024-007`.", fatal=True)
            return ""
        if not isinstance(value, str) or not ID_PATTERN.fullmatch(value):
            self.problem(
                "id",
                f"`id: {value}` tidak valid. Gunakan huruf kecil, angka dan tanda hubung saja, "
                "diawali angka atau huruf, mis. `id: 2024-007` (tulis angka murni dalam tanda "
                'kutip, mis. `id: "0042"`).',
                fatal=True,
            )
            return ""
        return value

    def _required_text(self, key: str) -> str:
        value = self.data.get(key)
        if not isinstance(value, str) or not value.strip():
            self.problem(key, f"`{key}` wajib diisi dengan teks.", fatal=True)
            return ""
        return value.strip()

    def _optional_text(self, key: str) -> str:
        value = self.data.get(key)
        if value is None:
            return ""
        if not isinstance(value, str | int | float):
            self.problem(key, f"`{key}` harus berupa teks satu baris; diabaikan.")
            return ""
        return str(value).strip()

    def _date(self) -> datetime.date | None:
        value = self.data.get("date")
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        if value is None:
            self.problem(None, "`date` wajib diisi, mis. `date: 2024-06-24`.", fatal=True)
        else:
            self.problem(
                "date",
                f"`date: {value}` bukan tanggal yang valid. Tulis sebagai YYYY-MM-DD, "
                "mis. `date: 2024-06-24`.",
                fatal=True,
            )
        return None

    def _kategori(self) -> str:
        value = self.data.get("kategori")
        valid = list(self.settings.kategori)
        if value not in valid:
            got = "tidak diisi" if value is None else f"`{value}` tidak dikenal"
            self.problem(
                "kategori" if value is not None else None,
                f"kategori {got}. Pilih salah satu: {', '.join(valid)} "
                "(daftarnya diatur di mkdocs.yml, `extra.harmoni.kategori`).",
                fatal=True,
            )
            return ""
        return value

    def _text_list(self, key: str) -> tuple[str, ...]:
        """A field that may be one text or a list of texts."""
        value = self.data.get(key)
        if value is None:
            return ()
        items = value if isinstance(value, list) else [value]
        if not all(isinstance(item, str | int) for item in items):
            self.problem(key, f"`{key}` harus berupa teks atau daftar teks; diabaikan.")
            return ()
        return tuple(str(item).strip() for item in items if str(item).strip())

    def _region(self) -> tuple[tuple[str, ...], tuple[Place, ...]]:
        """The entry's kecamatan and desa, checked against the configured region list."""
        region: dict[str, list[str]] = self.settings.wilayah
        kecamatan = []
        for name in self._text_list("kecamatan"):
            official = match_name(name, region)
            if official is not None:
                kecamatan.append(official)
            else:
                self.problem(
                    "kecamatan",
                    f"kecamatan `{name}` tidak ada di daftar wilayah. "
                    f"{did_you_mean(nearest(name, list(region)))}Pilih salah satu: "
                    f"{', '.join(region)} (atau tambahkan di mkdocs.yml, `extra.harmoni.wilayah`).",
                )
        places = [p for name in self._text_list("desa") if (p := self._place(name, kecamatan))]
        for place in places:
            if place.kecamatan not in kecamatan:
                kecamatan.append(place.kecamatan)
        return tuple(kecamatan), tuple(places)

    def _place(self, desa: str, kecamatan: list[str]) -> Place | None:
        """Find which kecamatan a desa belongs to, preferring the entry's own kecamatan; a
        spelling variant (`Baturusa`) becomes the configured name (`Batu Rusa`)."""
        region: dict[str, list[str]] = self.settings.wilayah
        spelled = {k: match_name(desa, names) for k, names in region.items()}
        owners = [k for k, name in spelled.items() if name is not None]
        chosen = [k for k in owners if k in kecamatan] or owners
        if owners and kecamatan and not set(owners) & set(kecamatan):
            self.problem(
                "desa",
                f"desa `{desa}` tidak termasuk kecamatan {', '.join(kecamatan)}, melainkan "
                f"{', '.join(owners)}. Pilih desa dari kecamatan yang diisi, atau perbaiki "
                "`kecamatan`.",
            )
            return None
        if len(chosen) == 1:
            return Place(chosen[0], spelled[chosen[0]] or desa)
        if not owners:
            self.problem("desa", self._unknown_desa(desa, kecamatan))
        else:
            self.problem(
                "desa",
                f"desa `{desa}` ada di lebih dari satu kecamatan ({', '.join(owners)}). "
                "Isi `kecamatan` agar jelas desa yang dimaksud.",
            )
        return None

    def _unknown_desa(self, desa: str, kecamatan: list[str]) -> str:
        """A desa not in the region list: the nearest names of the entry's kecamatan (or of all),
        and the names of that kecamatan."""
        region: dict[str, list[str]] = self.settings.wilayah
        upper, lower = self.settings.tingkat  # the office's level names
        if kecamatan:
            options = [d for k in kecamatan for d in region[k]]
            return (
                f"desa `{desa}` tidak ada di {', '.join(titled(upper, k) for k in kecamatan)}. "
                f"{did_you_mean(nearest(desa, options))}{lower} di {upper.casefold()} itu: "
                f"{', '.join(options)} (atau tambahkan di mkdocs.yml, `extra.harmoni.wilayah`)."
            )
        everywhere = sorted({d for names in region.values() for d in names})
        found = [
            f"{d} ({', '.join(titled(upper, k) for k in region if d in region[k])})"
            for d in nearest(desa, everywhere)
        ]
        return (
            f"desa `{desa}` tidak ada di daftar wilayah. {did_you_mean(found)}Isi juga "
            f"`kecamatan` agar desanya mudah diperiksa; kecamatan yang dikenal: "
            f"{', '.join(region)} (daftarnya di mkdocs.yml, `extra.harmoni.wilayah`)."
        )

    def _file_name(self, key: str, value, files: dict[str, Path]) -> Path | None:
        """A file named in the front matter, which must sit in the entry's own folder."""
        if not isinstance(value, str) or not value.strip():
            self.problem(key, f"`{key}` harus berisi nama berkas; diabaikan.")
            return None
        name = value.strip()
        if "/" in name or "\\" in name or name in (".", ".."):
            self.problem(
                key,
                f"`{name}` harus nama berkas di folder kegiatan ini saja, tanpa folder "
                "(mis. `foto-01.jpg`); diabaikan.",
            )
            return None
        if name not in files:
            self.problem(
                key,
                f"berkas `{name}` tidak ada di folder {self.folder.name}/. Periksa ejaan "
                "(huruf besar/kecil berpengaruh) atau tambahkan berkasnya.",
            )
            return None
        return files[name]

    def _videos(self, files: dict[str, Path]) -> tuple[LocalVideo | PlatformVideo, ...]:
        value = self.data.get("video")
        if value is None:
            return ()
        items = value if isinstance(value, list) else [value]
        videos: list[LocalVideo | PlatformVideo] = []
        for item in items:
            video = self._video(item, files)
            if video is not None:
                videos.append(video)
        return tuple(videos)

    def _video(self, item, files: dict[str, Path]) -> LocalVideo | PlatformVideo | None:
        if isinstance(item, str) and "://" in item:
            url = item.strip()
            reason = links.refusal(url)
            if reason is not None:
                self.problem("video", f"`{url}` {reason}; diabaikan.")
                return None
            platform = links.platform_of(url)
            if platform is None:
                self.problem(
                    "video",
                    f"`{url}` bukan alamat YouTube, TikTok, Facebook atau Instagram; diabaikan.",
                )
                return None
            return PlatformVideo(url, platform, links.embed_url(url))
        path = self._file_name("video", item, files)
        if path is None:
            return None
        # absent from a partial checkout, it passed this check before it was uploaded
        size_mb = 0 if path in self.absent else path.stat().st_size / 1_000_000
        if size_mb > self.settings.video_maks_mb:
            self.problem(
                "video",
                f"video `{path.name}` terlalu besar ({number(size_mb)} MB; batasnya "
                f"{self.settings.video_maks_mb} MB). Video besar memberatkan repositori dan "
                "ponsel warga: unggah ke YouTube, Facebook atau TikTok, tulis alamatnya di "
                "`video:`, lalu hapus berkasnya dari folder.",
            )
            return None
        if path.suffix.lower() not in VIDEO_SUFFIXES:
            self.problem(
                "video",
                f"`{path.name}` bukan video yang bisa diputar di peramban. Gunakan MP4 (H.264) "
                "atau WebM, atau unggah ke platform video dan tulis alamatnya.",
            )
            return None
        poster = next(
            (p for n, p in files.items() if Path(n).stem == path.stem and _is_photo_name(n)), None
        )
        caption = self._captions().get(path.name, "")
        return LocalVideo(path, poster, caption)

    def _captions(self) -> dict[str, str]:
        """File name → caption in the order listed, from the list form (`- berkas: …` /
        `teks: …`, what the web editor writes) or the older mapping form (`foto-01.jpg: …`)."""
        value = self.data.get("keterangan")
        if isinstance(value, dict):
            return {str(k): str(v).strip() for k, v in value.items() if v is not None}
        if isinstance(value, list):
            pairs = (_caption_pair(item) for item in value)
            return {name: text for pair in pairs if pair for name, text in [pair]}
        return {}

    def _photos(self, files: dict[str, Path], videos) -> tuple[Photo, ...]:
        """The gallery: the photos listed under `keterangan`, in that order. A photo file of the
        folder that is not listed (other than a video's poster) is not published."""
        posters = {v.poster for v in videos if isinstance(v, LocalVideo)}
        captions = self._captions()
        self._check_captions(files)
        listed = [n for n in captions if n in files and _is_photo_name(n)]
        for name in sorted(files, key=str.casefold):
            if _is_photo_name(name) and name not in captions and files[name] not in posters:
                self.problem("keterangan", self._unlisted(name))
        return tuple(Photo(files[n], captions[n]) for n in listed if files[n] not in posters)

    def _unlisted(self, name: str) -> str:
        """A photo in the folder that the gallery list leaves out."""
        return (
            f"foto `{name}` ada di folder {self.folder.name}/ tetapi tidak tercantum di "
            "`keterangan`, jadi tidak terbit. Daftar `keterangan` adalah galerinya: cantumkan "
            f"sebagai butir `- berkas: {name}` dengan `teks:` keterangannya di tempat urutan yang "
            "diinginkan, atau hapus berkasnya (repositori publik tetap menyimpan berkas yang "
            "tidak terbit)."
        )

    def _check_captions(self, files: dict[str, Path]) -> None:
        """Report caption items that cannot be used, each at its own line."""
        raw = self.data.get("keterangan")
        if isinstance(raw, dict):
            self.problem(
                "keterangan",
                "`keterangan` masih berbentuk lama (`foto-01.jpg: teks`). Jalankan "
                "`harmoni ubah-keterangan` untuk mengubahnya ke bentuk daftar (isi dan urutannya "
                "tetap), atau buka dan simpan kegiatan ini di editor web.",
            )
            for name in raw:
                if str(name) not in files:
                    self.problem("keterangan", self._no_such_photo(str(name)))
        elif isinstance(raw, list):
            self._check_caption_items(raw, files)
        elif raw is not None:
            self.problem("keterangan", f"`keterangan` harus berupa daftar. {CAPTION_EXAMPLE}")

    def _check_caption_items(self, items: list, files: dict[str, Path]) -> None:
        """Each item names a file of this folder once and gives it a text (or nothing)."""
        seen: set[str] = set()
        for position, item in enumerate(items):
            pair = _caption_pair(item)
            if pair is None:
                self.item_problem(
                    "keterangan", position,
                    f"butir ke-{position + 1} `keterangan` harus berisi `berkas` (nama foto) dan "
                    f"`teks`; diabaikan. {CAPTION_EXAMPLE}",
                )  # fmt: skip
            elif pair[0] not in files:
                self.item_problem("keterangan", position, self._no_such_photo(pair[0]))
            elif pair[0] in seen:
                self.item_problem(
                    "keterangan", position,
                    f"`{pair[0]}` punya lebih dari satu keterangan; yang terakhir dipakai. "
                    "Hapus butir yang tidak perlu.",
                )  # fmt: skip
            if pair is not None:
                seen.add(pair[0])

    def _no_such_photo(self, name: str) -> str:
        """A caption names a file that is not in the entry's folder."""
        return (
            f"keterangan untuk `{name}`, tetapi berkas itu tidak ada di folder "
            f"{self.folder.name}/. Periksa ejaan nama berkas."
        )

    def _cover(self, photos: tuple[Photo, ...]) -> Photo | None:
        value = self.data.get("sampul")
        if value is None:
            return photos[0] if photos else None
        path = self._file_name("sampul", value, {p.name: p.path for p in photos})
        match = next((p for p in photos if p.path == path), None)
        return match or (photos[0] if photos else None)

    def _social(self) -> tuple[SocialLink, ...]:
        links_found = []
        for url in self._text_list("media_sosial"):
            reason = links.refusal(url)
            if reason is not None:
                self.problem("media_sosial", f"`{url}` {reason}; diabaikan.")
                continue
            links_found.append(SocialLink(url, links.platform_of(url) or "Tautan"))
        return tuple(links_found)


def _caption_pair(item) -> tuple[str, str] | None:
    """(file name, caption) of one `keterangan` list item, or None when it is not one; an empty
    `teks` is no caption."""
    if not isinstance(item, dict):
        return None
    name, text = item.get("berkas"), item.get("teks")
    if not isinstance(name, str) or not name.strip():
        return None
    if text is not None and not isinstance(text, str | int | float):
        return None
    return name.strip(), "" if text is None else str(text).strip()


def _name_max(folder: Path) -> int:
    """The longest file name (bytes) the file system of `folder` holds; 255 when unknown."""
    try:
        return os.pathconf(folder, "PC_NAME_MAX")
    except (OSError, ValueError, AttributeError):
        return 255


def _folder_files(folder: Path) -> dict[str, Path]:
    """The regular files directly in an entry folder, by name (never a symbolic link); the
    folder and each file are inputs of the plan (photos and videos are read or published from
    here)."""
    inputs.note(folder)
    files = {
        p.name: p
        for p in folder.iterdir()
        if not p.is_symlink() and p.is_file() and not p.name.startswith(".")
    }
    for path in files.values():
        inputs.note(path)
    return files


def _is_photo_name(name: str) -> bool:
    """True for a file name with a photo extension."""
    return name.lower().endswith(PHOTO_SUFFIXES)
