"""Reading and validating entries: front matter with line numbers, and every staff mistake
reported with its file, its line and how to fix it."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
import yaml
from conftest import REPO
from harmoni_arsip.entries import LocalVideo, PlatformVideo, read_entries
from harmoni_arsip.entries.frontmatter import FrontMatterError, parse
from harmoni_arsip.entries.links import embed_url, platform_of
from harmoni_arsip.problems import Problems
from harmoni_arsip.settings import load_settings

SETTINGS = load_settings(yaml.safe_load((REPO / "mkdocs.yml").read_text("utf-8"))["extra"])
GOOD = """---
id: 2024-900
title: Pelatihan Operator Desa
date: 2024-07-01
kategori: pelatihan
kecamatan: Merawang
desa: [Riding Panjang, Baturusa]
---

Narasi kegiatan.
"""


def write_entry(root: Path, folder: str, text: str, files: dict[str, bytes] | None = None) -> Path:
    path = root / "kegiatan" / folder
    path.mkdir(parents=True, exist_ok=True)
    (path / "index.md").write_text(text, encoding="utf-8")
    for name, data in (files or {}).items():
        (path / name).write_bytes(data)
    return path


def read(root: Path):
    problems = Problems()
    archive = read_entries(root / "kegiatan", root, SETTINGS, problems)
    return archive.entries, [str(p) for p in problems.items]


def test_front_matter_keeps_key_lines():
    front = parse("---\nid: a\n\ntitle: b\n---\nisi\n")
    assert front.data == {"id": "a", "title": "b"}
    assert front.key_lines == {"id": 2, "title": 4}
    assert front.body == "isi\n"


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("---\nid: a\ntitle: [tidak ditutup\n---\n", 4),
        ("tanpa front matter\n", 1),
        ("---\nid: a\n", 1),
    ],
)
def test_front_matter_errors_carry_a_line(text, line):
    with pytest.raises(FrontMatterError) as caught:
        parse(text)
    assert caught.value.line == line


def test_valid_entry_is_read_with_places_resolved(tmp_path):
    listed = "keterangan:\n  - berkas: a.png\n    teks: A.\n  - berkas: b.jpg\n    teks: B.\n"
    text = GOOD.replace("---\n\n", f"{listed}---\n\n")
    write_entry(tmp_path, "2024/a", text, {"b.jpg": b"x", "a.png": b"x", "catatan.txt": b"x"})
    (entry,), problems = read(tmp_path)
    assert problems == []
    assert entry.id == "2024-900" and entry.date == datetime.date(2024, 7, 1)
    assert [(p.kecamatan, p.desa) for p in entry.places] == [
        ("Merawang", "Riding Panjang"), ("Merawang", "Batu Rusa"),  # the official spelling
    ]  # fmt: skip
    assert [p.name for p in entry.photos] == ["a.png", "b.jpg"]
    assert entry.cover.name == "a.png"


def test_videos_and_posters(tmp_path):
    text = GOOD.replace(
        "---\n\n",
        "video:\n  - klip.mp4\n  - https://youtu.be/abcDEF12345\n"
        "keterangan:\n  - berkas: foto.jpg\n    teks: Foto.\n---\n\n",
    )
    write_entry(tmp_path, "a", text, {"klip.mp4": b"v", "klip.jpg": b"p", "foto.jpg": b"f"})
    (entry,), problems = read(tmp_path)
    assert problems == []
    local, remote = entry.videos
    assert isinstance(local, LocalVideo) and local.poster.name == "klip.jpg"
    assert isinstance(remote, PlatformVideo) and remote.platform == "YouTube"
    assert [p.name for p in entry.photos] == ["foto.jpg"]  # the poster is not a gallery photo


@pytest.mark.parametrize(
    ("url", "platform", "embed"),
    [
        ("https://www.youtube.com/watch?v=abcDEF12345", "YouTube",
         "https://www.youtube-nocookie.com/embed/abcDEF12345"),
        ("https://youtu.be/abcDEF12345", "YouTube",
         "https://www.youtube-nocookie.com/embed/abcDEF12345"),
        ("https://www.tiktok.com/@dinas/video/7300000000000000001", "TikTok",
         "https://www.tiktok.com/embed/v2/7300000000000000001"),
        ("https://www.instagram.com/reel/Cxyz123/", "Instagram",
         "https://www.instagram.com/reel/Cxyz123/embed"),
        ("https://example.org/video", None, None),
    ],
)  # fmt: skip
def test_platform_links(url, platform, embed):
    assert platform_of(url) == platform
    assert embed_url(url) == embed


BAD_CASES = {
    "broken-yaml": (
        "---\nid: 2024-901\ntitle: [Judul\ndate: 2024-07-01\n---\n",
        ["kegiatan/broken-yaml/index.md, baris", "YAML tidak dapat dibaca"],
    ),
    "missing-title": (
        "---\nid: 2024-902\ndate: 2024-07-01\nkategori: pelatihan\n---\n",
        ["kegiatan/missing-title/index.md", "`title` wajib diisi"],
    ),
    "unknown-kategori": (
        "---\nid: 2024-903\ntitle: T\ndate: 2024-07-01\nkategori: olahraga\n---\n",
        ["kegiatan/unknown-kategori/index.md, baris 5", "`olahraga` tidak dikenal",
         "pelatihan, pembinaan-desa, pendampingan-kelembagaan"],
    ),
    "unknown-desa": (
        "---\nid: 2024-904\ntitle: T\ndate: 2024-07-01\nkategori: pelatihan\ndesa: Atlantis\n---\n",
        ["kegiatan/unknown-desa/index.md, baris 6", "desa `Atlantis` tidak ada",
         "kecamatan yang dikenal: Sungailiat, Belinyu"],
    ),
    "ambiguous-desa": (
        "---\nid: 2024-905\ntitle: T\ndate: 2024-07-01\nkategori: pelatihan\n"
        "desa: Riding Panjang\n---\n",
        ["lebih dari satu kecamatan (Belinyu, Merawang)", "Isi `kecamatan`"],
    ),
    "bad-date": (
        "---\nid: 2024-906\ntitle: T\ndate: 2024-02-30\nkategori: pelatihan\n---\n",
        ["kegiatan/bad-date/index.md, baris 4", "YYYY-MM-DD"],
    ),
    "missing-cover": (
        "---\nid: 2024-907\ntitle: T\ndate: 2024-07-01\nkategori: pelatihan\n"
        "sampul: tidak-ada.jpg\n---\n",
        ["kegiatan/missing-cover/index.md, baris 6", "`tidak-ada.jpg` tidak ada"],
    ),
    "escaping-path": (
        "---\nid: 2024-908\ntitle: T\ndate: 2024-07-01\nkategori: pelatihan\n"
        "sampul: ../../rahasia.jpg\n---\n",
        ["baris 6", "tanpa folder"],
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(BAD_CASES))
def test_bad_entry_is_reported_with_file_line_and_advice(tmp_path, case):
    text, expected = BAD_CASES[case]
    write_entry(tmp_path, case, text)
    _, problems = read(tmp_path)
    joined = "\n".join(problems)
    for fragment in expected:
        assert fragment in joined


def test_duplicate_id_names_both_files_and_publishes_neither(tmp_path):
    write_entry(tmp_path, "satu", GOOD)
    write_entry(tmp_path, "dua", GOOD)
    entries, problems = read(tmp_path)
    assert entries == []
    assert len(problems) == 2
    for problem in problems:
        assert "kegiatan/satu/index.md" in problem and "kegiatan/dua/index.md" in problem


CAPTIONED = GOOD.replace("---\n\nNarasi", "{captions}---\n\nNarasi")


@pytest.mark.parametrize(
    "captions",
    [
        "keterangan:\n  - berkas: b.jpg\n    teks: Diskusi.\n"
        "  - berkas: a.jpg\n    teks: Pembukaan.\n",
        "keterangan: [{berkas: b.jpg, teks: Diskusi.}, {berkas: a.jpg, teks: Pembukaan.}]\n",
    ],
    ids=["list", "flow-list"],
)
def test_the_caption_list_is_the_gallery_in_its_order_and_its_first_photo_the_cover(
    tmp_path, captions
):
    write_entry(
        tmp_path, "2024/a", CAPTIONED.format(captions=captions), {"a.jpg": b"x", "b.jpg": b"x"}
    )
    (entry,), problems = read(tmp_path)
    assert problems == []
    assert [(p.name, p.caption) for p in entry.photos] == [
        ("b.jpg", "Diskusi."), ("a.jpg", "Pembukaan."),
    ]  # fmt: skip
    assert entry.cover is not None and entry.cover.name == "b.jpg"


def test_sampul_names_the_cover_among_the_listed_photos(tmp_path):
    captions = (
        "sampul: a.jpg\nketerangan:\n  - berkas: b.jpg\n    teks: B.\n"
        "  - berkas: a.jpg\n    teks: A.\n"
    )
    write_entry(
        tmp_path, "2024/a", CAPTIONED.format(captions=captions), {"a.jpg": b"x", "b.jpg": b"x"}
    )
    (entry,), problems = read(tmp_path)
    assert problems == [] and entry.cover is not None and entry.cover.name == "a.jpg"
    assert [p.name for p in entry.photos] == ["b.jpg", "a.jpg"]


def test_a_photo_not_listed_is_not_published_and_is_reported(tmp_path):
    captions = "keterangan:\n  - berkas: b.jpg\n    teks: B.\n"
    files = {"a.jpg": b"x", "b.jpg": b"x", "video.mp4": b"v", "video.jpg": b"poster"}
    text = CAPTIONED.format(captions=captions + "video: [video.mp4]\n")
    write_entry(tmp_path, "2024/a", text, files)
    (entry,), problems = read(tmp_path)
    assert [p.name for p in entry.photos] == ["b.jpg"]
    assert problems == [
        "kegiatan/2024/a/index.md, baris 8: foto `a.jpg` ada di folder a/ tetapi tidak "
        "tercantum di `keterangan`, jadi tidak terbit. Daftar `keterangan` adalah galerinya: "
        "cantumkan sebagai butir `- berkas: a.jpg` dengan `teks:` keterangannya di tempat urutan "
        "yang diinginkan, atau hapus berkasnya (repositori publik tetap menyimpan berkas yang "
        "tidak terbit)."
    ]  # the video's poster needs no item


def test_the_older_caption_mapping_is_read_and_names_the_command_that_converts_it(tmp_path):
    captions = "keterangan:\n  b.jpg: Diskusi.\n  a.jpg: Pembukaan.\n"
    write_entry(
        tmp_path, "2024/a", CAPTIONED.format(captions=captions), {"a.jpg": b"x", "b.jpg": b"x"}
    )
    (entry,), (problem,) = read(tmp_path)
    assert [(p.name, p.caption) for p in entry.photos] == [
        ("b.jpg", "Diskusi."), ("a.jpg", "Pembukaan."),
    ]  # fmt: skip
    assert "masih berbentuk lama" in problem and "`harmoni ubah-keterangan`" in problem


def test_caption_list_items_with_empty_text_are_uncaptioned(tmp_path):
    captions = "keterangan:\n  - berkas: a.jpg\n    teks: ''\n  - berkas: b.jpg\n    teks:\n"
    write_entry(
        tmp_path, "2024/a", CAPTIONED.format(captions=captions), {"a.jpg": b"x", "b.jpg": b"x"}
    )
    (entry,), problems = read(tmp_path)
    assert problems == []
    assert [p.caption for p in entry.photos] == ["", ""]


def test_bad_caption_items_are_reported_at_their_own_lines(tmp_path):
    captions = (
        "keterangan:\n"
        "  - berkas: a.jpg\n    teks: Pembukaan.\n"  # lines 9-10
        "  - Diskusi tanpa nama berkas\n"  # line 11
        "  - berkas: c.jpg\n    teks: Tidak ada.\n"  # line 12
        "  - berkas: a.jpg\n    teks: Lagi.\n"  # line 14
    )
    write_entry(tmp_path, "2024/a", CAPTIONED.format(captions=captions), {"a.jpg": b"x"})
    (entry,), problems = read(tmp_path)
    assert problems == [
        "kegiatan/2024/a/index.md, baris 11: butir ke-2 `keterangan` harus berisi `berkas` "
        "(nama foto) dan `teks`; diabaikan. Tulis setiap foto sebagai butir "
        "`- berkas: foto-01.jpg` dengan baris `teks: Pembukaan acara.` tepat di bawahnya.",
        "kegiatan/2024/a/index.md, baris 12: keterangan untuk `c.jpg`, tetapi berkas itu tidak "
        "ada di folder a/. Periksa ejaan nama berkas.",
        "kegiatan/2024/a/index.md, baris 14: `a.jpg` punya lebih dari satu keterangan; yang "
        "terakhir dipakai. Hapus butir yang tidak perlu.",
    ]
    assert entry.photos[0].caption == "Lagi."


def test_desa_outside_the_chosen_kecamatan_is_reported(tmp_path):
    text = GOOD.replace("desa: [Riding Panjang, Baturusa]", "desa: [Baturusa, Lumut]")
    write_entry(tmp_path, "2024/a", text)
    (entry,), problems = read(tmp_path)
    assert problems == [
        "kegiatan/2024/a/index.md, baris 7: desa `Lumut` tidak termasuk kecamatan Merawang, "
        "melainkan Belinyu. Pilih desa dari kecamatan yang diisi, atau perbaiki `kecamatan`."
    ]
    assert [(p.kecamatan, p.desa) for p in entry.places] == [("Merawang", "Batu Rusa")]


def test_misspelt_desa_suggests_the_nearest_names_of_the_entrys_kecamatan(tmp_path):
    text = GOOD.replace("desa: [Riding Panjang, Baturusa]", "desa: [Riding Panjang, Baturussa]")
    write_entry(tmp_path, "2024/a", text)
    _, (problem,) = read(tmp_path)
    assert "desa `Baturussa` tidak ada di Kecamatan Merawang. Mungkin maksudnya: Batu Rusa? " in (
        problem
    )
    assert "Desa di kecamatan itu: Batu Rusa, Balun Ijuk," in problem and "Lumut" not in problem


def test_misspelt_desa_without_kecamatan_names_the_nearest_with_their_kecamatan(tmp_path):
    text = GOOD.replace("kecamatan: Merawang\n", "").replace(
        "desa: [Riding Panjang, Baturusa]", "desa: Kotawaringn"
    )
    write_entry(tmp_path, "2024/a", text)
    _, (problem,) = read(tmp_path)
    assert "Mungkin maksudnya: Kota Waringin (Kecamatan Puding Besar)? " in problem
    assert "Balun Ijuk" not in problem  # not every desa of the region


def test_misspelt_kecamatan_suggests_the_nearest(tmp_path):
    write_entry(tmp_path, "2024/a", GOOD.replace("kecamatan: Merawang", "kecamatan: Merawng"))
    _, problems = read(tmp_path)
    assert any("kecamatan `Merawng` tidak ada di daftar wilayah. Mungkin maksudnya: Merawang? "
               in p for p in problems)  # fmt: skip


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ("title: Rapat Desa: Tahap 2", "Beri tanda kutip pada seluruh nilainya"),
        ("title: 'Rapat Desa", "tanda kutip dibuka tetapi tidak ditutup"),
        ("title: @dpmd Rapat", "Beri tanda kutip pada seluruh nilainya"),
        ("title: [Rapat] Desa", "Beri tanda kutip pada seluruh nilainya"),
        ("title: Rapat\n\tdesa: x", "ganti tab dengan dua spasi"),  # reported at line 4
    ],
)
def test_yaml_errors_are_explained_in_indonesian_with_the_fix(tmp_path, line, words):
    write_entry(tmp_path, "2024/a", f"---\nid: 2024-001\n{line}\ndate: 2024-07-01\n---\n")
    _, (problem,) = read(tmp_path)
    line_number = 4 if "\t" in line else 3
    assert problem.startswith(
        f"kegiatan/2024/a/index.md, baris {line_number}: YAML tidak dapat dibaca: "
    )
    assert words in problem
    assert not any(english in problem for english in ("mapping", "scanning", "token", "found"))


def test_ubah_keterangan_converts_the_older_mapping_in_place_and_nothing_else(tmp_path):
    from harmoni_arsip.entries.migrate import convert_captions

    text = (
        "---\nid: 2024-001\ntitle: A\n# keterangan foto\nketerangan:\n  foto-02.jpg: 'Kedua: ya'\n"
        "  foto-01.jpg:\n  'foto 3.jpg': \"Tiga\"\nsampul: foto-01.jpg  # sampul\n---\n\nNarasi.\n"
    )
    converted = convert_captions(text)
    assert converted == (
        "---\nid: 2024-001\ntitle: A\n# keterangan foto\nketerangan:\n"
        "  - berkas: foto-02.jpg\n    teks: 'Kedua: ya'\n"
        "  - berkas: foto-01.jpg\n    teks:\n"
        "  - berkas: foto 3.jpg\n    teks: Tiga\n"
        "sampul: foto-01.jpg  # sampul\n---\n\nNarasi.\n"
    )
    assert convert_captions(converted) is None  # already a list: nothing to do
    assert convert_captions("---\ntitle: [rusak\n---\n") is None
