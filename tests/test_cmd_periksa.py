"""`harmoni periksa`: finds every defect the build finds (same file, same words), adds advice,
estimates the site against host limits, and exits as pre-commit and CI expect."""

from __future__ import annotations

import contextlib
import io
import re
import shutil
from pathlib import Path

import pytest
from conftest import CACHE, build_project, list_photos, read_config, write_config
from harmoni_arsip import cli
from harmoni_arsip.checks import hosting
from harmoni_arsip.commands import periksa as periksa_command
from harmoni_arsip.entries.registry import missing_message
from harmoni_arsip.media import images
from harmoni_arsip.problems import Problems
from PIL import Image

ENTRY = "---\nid: {id}\ntitle: T\ndate: 2024-07-01\nkategori: pelatihan\n{extra}---\n\nNarasi.\n"
DEFECTS = {
    "yaml-rusak": "---\nid: 2024-901\ntitle: [Judul\ndate: 2024-07-01\n---\n",
    "tanpa-judul": "---\nid: 2024-902\ndate: 2024-07-01\nkategori: pelatihan\n---\n",
    "kategori-asing": ENTRY.format(id="2024-903", extra="").replace("pelatihan", "olahraga"),
    "desa-asing": ENTRY.format(id="2024-904", extra="desa: Atlantis\n"),
    "id-ganda-1": ENTRY.format(id="2024-905", extra=""),
    "id-ganda-2": ENTRY.format(id="2024-905", extra=""),
    "sampul-hilang": ENTRY.format(id="2024-906", extra="sampul: tidak-ada.jpg\n"),
    "foto-rusak": ENTRY.format(
        id="2024-907",
        extra="keterangan:\n"
        + "".join(
            f"  - berkas: {name}\n    teks: Foto.\n"
            for name in ("baik.jpg", "bukan-gambar.jpg", "terpotong.jpg")
        ),
    ),
}
# (folder, file in it, words of the message): each must be in a build warning and in periksa
EXPECTED = [
    ("yaml-rusak", "index.md", "YAML tidak dapat dibaca"),
    ("tanpa-judul", "index.md", "`title` wajib diisi"),
    ("kategori-asing", "index.md", "kategori `olahraga` tidak dikenal"),
    ("desa-asing", "index.md", "desa `Atlantis` tidak ada di daftar wilayah"),
    ("id-ganda-1", "index.md", "id `2024-905` dipakai lebih dari satu kegiatan"),
    ("id-ganda-2", "index.md", "id `2024-905` dipakai lebih dari satu kegiatan"),
    ("sampul-hilang", "index.md", "berkas `tidak-ada.jpg` tidak ada"),
    ("foto-rusak", "bukan-gambar.jpg", "bukan berkas gambar yang dapat dibaca"),
    ("foto-rusak", "terpotong.jpg", "gambar rusak atau terpotong"),
]


def jpeg(size=(800, 600)) -> bytes:
    """A real photo-like JPEG (noise, so it is large enough to cut in the middle)."""
    buffer = io.BytesIO()
    Image.effect_noise(size, 60).convert("RGB").save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def add_entry(project: Path, folder: str, text: str, files: dict[str, bytes] | None = None):
    path = project / "kegiatan" / "2024" / folder
    path.mkdir(parents=True)
    (path / "index.md").write_text(text, encoding="utf-8")
    for name, data in (files or {}).items():
        (path / name).write_bytes(data)
    return path


DRAWN = re.compile(r"-(qr|poster)\d+[-.]")
"""Names of cached QR codes and posters (`<hash>-qr2.png`, `<hash>-poster2-200-qr2.pdf`)."""


def periksa(project: Path, *args: str) -> tuple[int, str]:
    """Run `harmoni periksa` in-process; its exit status and what it printed."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        status = cli.main(["-f", str(project / "mkdocs.yml"), "periksa", *args])
    return status, out.getvalue()


def group(output: str, title: str) -> list[str]:
    """The lines under one heading (KESALAHAN or PERINGATAN)."""
    match = re.search(rf"^{title} \((\d+)\):\n", output, re.M)
    if not match:
        return []
    return output[match.end() :].splitlines()[: int(match[1])]


@pytest.fixture(scope="module")
def defective(tmp_path_factory, warm_copy):
    """A demo copy with every defect of the build tests: checked first, then built."""
    project = warm_copy(tmp_path_factory.mktemp("periksa") / "proyek")
    for folder, text in DEFECTS.items():
        add_entry(project, folder, text)
    broken = project / "kegiatan" / "2024" / "foto-rusak"
    (broken / "baik.jpg").write_bytes(jpeg())
    (broken / "bukan-gambar.jpg").write_text("ini bukan foto", encoding="utf-8")
    data = jpeg()
    (broken / "terpotong.jpg").write_bytes(data[: len(data) // 3])
    status, output = periksa(project)
    return project, status, output, build_project(project)


@pytest.mark.parametrize(("folder", "name", "words"), EXPECTED)
def test_periksa_names_the_same_file_and_words_as_the_build(defective, folder, name, words):
    _, _, output, build = defective
    path = f"kegiatan/2024/{folder}/{name}"
    (warning,) = [w for w in build.warnings if w.startswith(path) and words in w]
    assert warning in group(output, "KESALAHAN")


def test_periksa_errors_are_exactly_the_build_warnings(defective):
    _, status, output, build = defective
    assert sorted(group(output, "KESALAHAN")) == sorted(build.warnings)
    assert status == 1
    assert re.search(r"^Hasil: \d+ kegiatan dan \d+ foto diperiksa: 9 kesalahan", output, re.M)


def test_withdrawn_entry_gives_the_same_messages_as_the_build(project):
    index = project / "kegiatan" / "2024" / "2024-06-25-peluncuran-harmoni" / "index.md"
    withdrawal = "---\nditarik:\n  tanggal: 2025-01-10\n  alasan: Atas permintaan warga.\n"
    index.write_text(index.read_text("utf-8").replace("---\n", withdrawal, 1), "utf-8")
    _, output = periksa(project)
    assert sorted(group(output, "KESALAHAN")) == sorted(build_project(project).warnings)


def test_periksa_warms_the_cache_for_the_build(project):
    # The cache loses every photo derivative (the image work counted below) and its records;
    # only the QR codes and posters stay, which periksa leaves to the build and which take most
    # of a build from an empty cache.
    cache = project / CACHE
    gone = [p for p in cache.rglob("*") if p.is_file() and not DRAWN.search(p.name)]
    for path in gone:
        path.unlink()
    assert len(gone) > 50 and any(p.suffix == ".webp" for p in gone)
    assert periksa(project)[0] == 0
    before = images.operation_count()
    assert build_project(project).warnings == []
    assert images.operation_count() == before


def test_warnings_only_exit_zero_and_strict_exits_one(project):
    status, output = periksa(project)  # the demo: nothing to report
    assert status == 0 and "KESALAHAN" not in output and "PERINGATAN" not in output
    assert "Perkiraan situs statis: " in output and "Cloudflare Pages" in output
    assert re.search(r"^Tingkat media \(foto dan video\): [\d,]+ MB dalam \d+ berkas; sekarang "
                     r"ikut terbit di situs statis", output, re.M)  # fmt: skip
    add_entry(project, "tanpa-foto", ENTRY.format(id="2024-912", extra=""))
    status, output = periksa(project)
    assert status == 0 and group(output, "KESALAHAN") == []
    assert "kegiatan/2024/tanpa-foto/index.md: kegiatan ini belum punya foto" in output
    assert periksa(project, "--ketat")[0] == 1


def test_advice_on_photos_videos_and_new_entries(project):
    config = read_config(project)
    config["extra"]["harmoni"]["foto"]["berkas_maks_mb"] = 0.05
    write_config(project, config)
    video = "video:\n  - rekaman.mp4\nketerangan:\n  - berkas: foto-01.jpg\n    teks: Foto.\n"
    add_entry(project, "besar", ENTRY.format(id="2024-911", extra=video),
              {"foto-01.jpg": jpeg((1200, 900)), "rekaman.jpg": jpeg((320, 240)),
               "IMG_0001.HEIC": b"heic"})  # fmt: skip
    with (project / "kegiatan" / "2024" / "besar" / "rekaman.mp4").open("wb") as big:
        big.truncate(27_000_000)  # sparse: large on paper only
    add_entry(project, "tanpa-foto", ENTRY.format(id="2024-912", extra=""))
    cli.main(["-f", str(project / "mkdocs.yml"), "daftarkan"])
    status, output = periksa(project)
    warnings = "\n".join(group(output, "PERINGATAN"))
    assert status == 0, output
    assert re.search(r"^kegiatan/2024/besar/foto-01.jpg: berkas foto 0,\d MB \(lebih dari 0,05 MB",
                     warnings, re.M)  # fmt: skip
    assert "kegiatan/2024/besar/rekaman.mp4: video di folder kegiatan (27,0 MB)" in warnings
    assert "kegiatan/2024/besar/rekaman.mp4: berkas ini (27,0 MB) melebihi batas Cloudflare" in (
        warnings
    )
    assert "kegiatan/2024/besar/IMG_0001.HEIC: foto HEIC tidak ditampilkan" in warnings
    assert "kegiatan/2024/tanpa-foto/index.md: kegiatan ini belum punya foto" in warnings


def test_unfinished_new_entry_is_an_error_and_registration_only_the_next_step(project):
    cli.main(["-f", str(project / "mkdocs.yml"), "baru", "--ya", "--judul", "Rapat",
              "--kategori", "lainnya", "--tanggal", "2024-09-01"])  # fmt: skip
    folder = project / "kegiatan" / "2024" / "2024-09-01-rapat"
    (folder / "foto-01.jpg").write_bytes(jpeg())
    list_photos(folder, "foto-01.jpg", caption="")  # a caption slot left empty
    status, output = periksa(project)
    errors = group(output, "KESALAHAN")
    assert status == 1 and len(errors) == 2
    assert errors[0].startswith("kegiatan/2024/2024-09-01-rapat/index.md, baris 11: narasi "
                                "masih berisi paragraf contoh")  # fmt: skip
    caption = "kegiatan/2024/2024-09-01-rapat/index.md, baris 7: foto `foto-01.jpg` belum punya"
    assert errors[1].startswith(f"{caption} keterangan. Keterangan wajib")
    assert "Belum terdaftar sebagai terbit: 2024-007." in output
    assert not any("terdaftar" in line for line in errors)
    assert sorted(build_project(project).warnings) == sorted(errors)  # the build's rule


def test_empty_caption_is_an_error_at_its_item_line(project):
    extra = (
        "keterangan:\n  - berkas: foto-01.jpg\n    teks:\n  - berkas: foto-02.jpg\n    teks: Ya.\n"
    )
    add_entry(project, "kosong", ENTRY.format(id="2024-913", extra=extra),
              {"foto-01.jpg": jpeg(), "foto-02.jpg": jpeg()})  # fmt: skip
    status, output = periksa(project)
    assert status == 1
    assert group(output, "KESALAHAN") == [
        "kegiatan/2024/kosong/index.md, baris 7: foto `foto-01.jpg` belum punya keterangan. "
        "Keterangan wajib: tampil di galeri dan dibacakan pembaca layar. Tulis sesudah `teks:` "
        "pada butir `- berkas: foto-01.jpg` di `keterangan:` (di editor web: isian Foto dan "
        "keterangan)."
    ]


def test_published_id_without_entry_is_an_error_worded_as_the_build_stops(project):
    registry = project / "kegiatan" / "terbit.txt"
    registry.write_text(registry.read_text("utf-8") + "2024-099 2024-12-01\n", "utf-8")
    status, output = periksa(project)
    expected = missing_message("kegiatan/terbit.txt", ["2024-099"])
    assert status == 1 and expected in group(output, "KESALAHAN")


def test_configuration_error_exits_two(project):
    config = read_config(project)
    del config["site_url"]
    write_config(project, config)
    assert periksa(project)[0] == 2


MiB = 1024 * 1024


@pytest.mark.parametrize(
    ("files", "pages", "expected"),
    [
        ([hosting.PublishedFile("a.webp", 10 * MiB)], 40, []),
        ([hosting.PublishedFile("a.webp", 85_000)] * 10_000, 0, ["sudah 85% dari batas GitHub"]),
        ([hosting.PublishedFile("a.webp", 99_000)] * 10_000, 1000, ["melebihi batas GitHub"]),
        ([hosting.PublishedFile("x", 1)] * 19_500, 600, ["melebihi batas Cloudflare Pages"]),
        ([hosting.PublishedFile("v.mp4", 26 * MiB)], 1, ["v.mp4: berkas ini (27,3 MB)"]),
    ],
)
def test_host_limits(files, pages, expected):
    warnings = hosting.host_warnings(hosting.estimate(files, pages))
    lines = [f"{origin}: {message}" for origin, message in warnings]
    assert len(lines) == len(expected)
    for line, words in zip(lines, expected):
        assert words in line


def test_the_media_tier_leaves_the_static_tier_once_a_media_host_serves_it():
    pages = [hosting.PublishedFile("k/1/qr.png", 1_000)]
    photos = [hosting.PublishedFile("k/1/foto-01-360.webp", 100_000)] * 9_000
    video = [hosting.PublishedFile("kegiatan/2024/a/video.mp4", 30 * MiB)]
    here = hosting.estimate(pages, 10, media=photos + video)
    moved = hosting.estimate(pages, 10, media=photos + video, media_moved=True)
    assert here.media == hosting.MediaTier(900_000_000 + 30 * MiB, 9_001, moved=False)
    assert here.bytes - moved.bytes == here.media.bytes and here.files - moved.files == 9_001
    assert [origin for origin, _ in hosting.host_warnings(here)] == [
        hosting.SITE, "kegiatan/2024/a/video.mp4"]  # fmt: skip
    assert hosting.host_warnings(moved) == []  # the bucket has neither limit
    assert "pindah ke host media bila `extra.harmoni.media.url` diisi" in here.summary()
    assert "Tingkat media (host media, extra.harmoni.media.url)" in moved.summary()


def unescape(text: str) -> str:
    """Undo GitHub's workflow-command escaping (the runner does this before showing it)."""
    for code, char in (("%0A", "\n"), ("%0D", "\r"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(code, char)
    return text


def test_github_format_turns_every_error_into_an_annotation_on_its_file_and_line(defective):
    project, _, text_output, _ = defective
    status, output = periksa(project, "--format", "github")
    assert status == 1
    found = re.findall(r"^::error file=([^,]+)(?:,line=(\d+))?,title=harmoni periksa::(.*)$",
                       output, re.M)  # fmt: skip
    expected = group(text_output, "KESALAHAN")
    assert len(found) == len(expected) == 9
    shown = sorted(
        f"{unescape(path)}, baris {line}: {unescape(message)}" if line else
        f"{unescape(path)}: {unescape(message)}"
        for path, line, message in found
    )  # fmt: skip
    assert shown == sorted(expected)


def test_annotation_escapes_what_github_would_read_as_syntax():
    problems = Problems()
    problems.add("kegiatan/2024/a,b:c/index.md", "100% salah\nbaris dua", 7)
    (line,) = periksa_command.github_annotations(problems, "warning")
    assert line == (
        "::warning file=kegiatan/2024/a%2Cb%3Ac/index.md,line=7,title=harmoni periksa::"
        "100%25 salah%0Abaris dua"
    )


def test_yaml_typo_in_a_published_entry_is_explained_once_without_the_registry_alarm(project):
    index = next((project / "kegiatan").rglob("2024-04-01-*/index.md"))
    text = index.read_text("utf-8")
    index.write_text(text.replace("title: Penjaringan Ide", "title: Penjaringan: Ide"), "utf-8")
    status, output = periksa(project)
    (error,) = group(output, "KESALAHAN")
    assert status == 1
    assert error.startswith(f"{index.relative_to(project).as_posix()}, baris 3: YAML tidak dapat "
                            "dibaca: ada titik dua (`:`) di tengah nilai")  # fmt: skip
    assert 'Beri tanda kutip pada seluruh nilainya, mis. `title: "Rapat Desa: Tahap 2"`' in error
    assert "tidak punya entri lagi" not in output and "mapping values" not in output


def test_large_and_unlisted_files_anywhere_in_an_entry_folder(project):
    folder = next((project / "kegiatan").rglob("2024-04-01-*"))
    (folder / "mentah").mkdir()
    with (folder / "mentah" / "rekaman-lengkap.mov").open("wb") as huge:
        huge.truncate(259_000_000)  # sparse: large on paper only
    with (folder / "cuplikan.mp4").open("wb") as video:
        video.truncate(60_000_000)
    status, output = periksa(project)
    relative = folder.relative_to(project).as_posix()
    (error,) = group(output, "KESALAHAN")
    assert status == 1
    assert error.startswith(f"{relative}/mentah/rekaman-lengkap.mov: berkas ini 259,0 MB, lebih "
                            "dari batas GitHub 100 MB per berkas: push yang memuatnya akan "
                            "ditolak")  # fmt: skip
    warnings = group(output, "PERINGATAN")
    assert any(w.startswith(f"{relative}/cuplikan.mp4: berkas ini 60,0 MB; GitHub memperingatkan")
               for w in warnings)  # fmt: skip
    assert any(w.startswith(f"{relative}/cuplikan.mp4: video ini (60,0 MB) tidak tercantum di "
                            "`video:`") for w in warnings)  # fmt: skip
    size = re.search(r"^Folder kegiatan di repositori: ([\d.]+),\d MB", output, re.M)
    assert size and int(size[1].replace(".", "")) > 319  # both videos counted


def test_the_same_photo_twice_in_a_gallery_is_an_error(project):
    folder = next((project / "kegiatan").rglob("2024-04-01-*"))
    shutil.copyfile(folder / "foto-01.jpg", folder / "foto-01-salinan.jpg")
    list_photos(folder, "foto-01-salinan.jpg")
    status, output = periksa(project)
    relative = folder.relative_to(project).as_posix()
    assert status == 1
    assert group(output, "KESALAHAN") == [
        f"{relative}/foto-01-salinan.jpg: foto ini sama persis dengan `foto-01.jpg` (isi "
        "berkasnya sama), jadi tampil dua kali di galeri. Hapus salah satunya dari folder dan "
        "dari `keterangan`."
    ]


def test_the_same_activity_saved_twice_is_flagged(project):
    index = next((project / "kegiatan").rglob("2024-05-15-*/index.md"))
    copy = index.parent.parent / "2024-05-15-uji-coba-publikasi-harmoni-2"
    copy.mkdir()
    text = index.read_text("utf-8").replace("id: 2024-003", "id: 2024-007")
    (copy / "index.md").write_text(text.replace("sampul: foto-02.jpg\n", ""), "utf-8")
    for photo in index.parent.glob("*.jpg"):
        shutil.copyfile(photo, copy / photo.name)
    status, output = periksa(project)
    warnings = "\n".join(group(output, "PERINGATAN"))
    assert status == 0 and periksa(project, "--ketat")[0] == 1
    assert (f"{copy.relative_to(project).as_posix()}/index.md: judul, tanggal dan tempatnya sama "
            f"dengan {index.relative_to(project).as_posix()} (id 2024-003): kegiatan yang sama "
            "tersimpan dua kali?") in warnings  # fmt: skip
