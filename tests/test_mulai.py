"""`harmoni mulai`: a fresh copy of the repository becomes a kabupaten's, a kota's and a single
village's own archive; each builds strictly, holds its region's official lists, publishes a new
activity whose QR code opens its page, and names no other region. Bad input changes nothing."""

from __future__ import annotations

import gzip
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
import zxingcpp
from conftest import HOOK, REPO, BuildResult, build_project, opened
from harmoni_arsip import cli
from harmoni_arsip.entries.readiness import PLACEHOLDER
from PIL import Image

REGIONS = REPO / "hooks" / "harmoni_arsip" / "data" / "wilayah.tsv.gz"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def fresh_fork(target: Path) -> Path:
    """The repository as a new office clones it (mkdocs.yml as text, comments and all), its
    hook pointed at the real hook file."""
    target.mkdir(parents=True)
    shutil.copytree(REPO / "docs", target / "docs")
    shutil.copytree(REPO / "kegiatan", target / "kegiatan")
    text = (REPO / "mkdocs.yml").read_text("utf-8")
    assert "  - hooks/harmoni.py\n" in text
    text = text.replace("  - hooks/harmoni.py\n", f"  - {HOOK.as_posix()}\n")
    (target / "mkdocs.yml").write_text(text, "utf-8")
    return target


def harmoni(project: Path, *args: str) -> subprocess.CompletedProcess:
    """The real command, run in `project` without a terminal."""
    command = [sys.executable, "-m", "harmoni_arsip.cli", *args]
    return subprocess.run(command, cwd=project, capture_output=True, text=True, env=ENV,
                          stdin=subprocess.DEVNULL, timeout=600)  # fmt: skip


def official(prefix: str) -> dict[str, str]:
    """Code → name of the shipped list's places directly below `prefix` (read here without
    the module under test)."""
    depth = prefix.count(".") + 1
    lines = gzip.decompress(REGIONS.read_bytes()).decode("utf-8").splitlines()[1:]
    rows = (line.split("\t") for line in lines)
    return {c: n for c, n in rows if c.startswith(prefix + ".") and c.count(".") == depth}


def snapshot(project: Path) -> dict[str, bytes]:
    """Every file of the project (the built site and caches aside) and its bytes."""
    return {
        p.relative_to(project).as_posix(): p.read_bytes()
        for p in sorted(project.rglob("*"))
        if p.is_file() and p.relative_to(project).parts[0] not in ("site", ".cache")
    }


@dataclass
class Archive:
    """An archive set up by `harmoni mulai`, with one new activity, built strictly."""

    project: Path
    entry_id: str
    built: BuildResult
    first_run: subprocess.CompletedProcess
    site_url: str


def set_up(folder: Path, mulai: list[str], baru: list[str], build_in_mulai=False) -> Archive:
    """Fork, `harmoni mulai`, `harmoni baru` with one photo, `harmoni daftarkan`, build."""
    project = fresh_fork(folder / "proyek")
    options = [] if build_in_mulai else ["--tanpa-bangun"]
    first = harmoni(project, "mulai", *mulai, "--ya", *options)
    assert first.returncode == 0, first.stdout + first.stderr
    photos = folder / "foto"
    photos.mkdir()
    Image.new("RGB", (900, 600), (30, 120, 90)).save(photos / "kegiatan.jpg", "JPEG")
    title = ["--judul", "Musyawarah Desa Pertama", "--tanggal", "2026-11-02", "--kategori", "1"]
    new = harmoni(project, "baru", *title, *baru, "--foto", str(photos), "--ya")
    assert new.returncode == 0, new.stdout + new.stderr
    finish(project / "kegiatan" / "2026" / "2026-11-02-musyawarah-desa-pertama" / "index.md")
    registered = harmoni(project, "daftarkan")
    assert registered.returncode == 0, registered.stdout + registered.stderr
    entry_id = registered.stdout.split(": ", 1)[1].split(".")[0]
    built = build_project(project, strict=True)
    config = yaml.safe_load((project / "mkdocs.yml").read_text("utf-8"))
    return Archive(project, entry_id, built, first, config["site_url"])


def finish(index: Path) -> None:
    """What staff do after `harmoni baru`: write the narrative and the photo's caption (an
    unfinished entry is not registered)."""
    text = index.read_text("utf-8").replace(PLACEHOLDER, "Musyawarah pertama tahun ini.")
    text = text.replace("    teks:\n", "    teks: Peserta musyawarah.\n", 1)
    index.write_text(text, "utf-8")


@pytest.fixture(scope="module")
def kabupaten(tmp_path_factory) -> Archive:
    return set_up(
        tmp_path_factory.mktemp("kabupaten"),
        ["--wilayah", "Kabupaten Belitung", "--kantor", "Dinas PMD Kabupaten Belitung",
         "--kantor-singkat", "DPMD Belitung", "--repo", "dpmd-belitung/arsip",
         "--whatsapp", "6281234567890"],
        ["--kecamatan", "Sijuk", "--desa", "Tanjungbinga"],  # a variant of `Tanjung Binga`
        build_in_mulai=True,
    )  # fmt: skip


@pytest.fixture(scope="module")
def kota(tmp_path_factory) -> Archive:
    return set_up(
        tmp_path_factory.mktemp("kota"),
        ["--wilayah", "19.71", "--kantor", "Dinas PMD Kota Pangkalpinang",
         "--kantor-singkat", "DPMD Pangkalpinang", "--repo", "pemkot-pgk/arsip-kegiatan",
         "--domain", "arsip.pangkalpinang.example", "--program", "SIGAP"],
        ["--kecamatan", "Bukit Intan", "--desa", "Sinar Bulan"],
    )  # fmt: skip


@pytest.fixture(scope="module")
def desa(tmp_path_factory) -> Archive:
    return set_up(
        tmp_path_factory.mktemp("desa"),
        ["--wilayah", "Tanjung Binga, Sijuk, Kabupaten Belitung", "--bagian", "Dusun I",
         "--bagian", "Dusun II", "--kantor", "Pemerintah Desa Tanjung Binga",
         "--kantor-singkat", "Desa Tanjung Binga", "--repo", "desa-tanjungbinga/arsip"],
        ["--kecamatan", "Tanjung Binga", "--desa", "Dusun II"],
    )  # fmt: skip


ARCHIVES = ["kabupaten", "kota", "desa"]


@pytest.fixture(params=ARCHIVES)
def archive(request) -> Archive:
    return request.getfixturevalue(request.param)


def test_each_archive_builds_strictly_without_a_warning(archive):
    assert archive.built.warnings == []
    assert (archive.built.site / "index.html").exists()


def test_no_other_region_is_named_anywhere_in_the_site(archive):
    for path in archive.built.site.rglob("*"):
        if path.is_file():
            assert b"bangka" not in path.read_bytes().lower(), path
    assert len(list((archive.project / "kegiatan").glob("*/*/index.md"))) == 1  # demo gone


def test_the_new_activity_is_published_and_its_qr_code_opens_it(archive):
    page = archive.built.site / "k" / archive.entry_id
    assert "Musyawarah Desa Pertama" in (page / "index.html").read_text("utf-8")
    (code,) = zxingcpp.read_barcodes(Image.open(page / "qr.png"))
    assert opened(code.text) == f"{archive.site_url}k/{archive.entry_id}/"
    assert (page / "qr.png").stat().st_size > 0


def test_a_kabupaten_holds_its_official_kecamatan_and_desa(kabupaten):
    assert "Membangun situs" in kabupaten.first_run.stdout  # mulai built it, strictly
    districts = official("19.02")
    index = (kabupaten.built.site / "kecamatan" / "index.html").read_text("utf-8")
    for name in districts.values():
        assert f"Kecamatan {name}" in index
    sijuk = (kabupaten.built.site / "kecamatan" / "sijuk" / "index.html").read_text("utf-8")
    assert "Desa Tanjung Binga" in sijuk  # the variant typed, the official name shown
    uncovered = [n for n in official("19.02.04").values() if n != "Tanjung Binga"]
    assert all(name in sijuk for name in uncovered)
    row = (kabupaten.built.site / "data" / "kegiatan.csv").read_text("utf-8-sig").splitlines()[1]
    codes = {c for c, n in official("19.02.04").items() if n == "Tanjung Binga"}
    assert ",19.02.04," in row and f",{codes.pop()}," in row


def test_a_kota_holds_its_kelurahan_with_its_domain_and_programme(kota):
    districts = official("19.71")
    index = (kota.built.site / "kecamatan" / "index.html").read_text("utf-8")
    assert all(f"Kecamatan {name}" in index for name in districts.values())
    assert kota.site_url == "https://arsip.pangkalpinang.example/"
    assert (kota.built.site / "CNAME").read_text("utf-8").strip() == "arsip.pangkalpinang.example"
    page = (kota.built.site / "k" / kota.entry_id / "index.html").read_text("utf-8")
    assert "Kelurahan Sinar Bulan" in page and "Kecamatan Bukit Intan" in page
    stats = (kota.built.site / "statistik" / "index.html").read_text("utf-8")
    assert "Pemantauan dan evaluasi SIGAP" in stats


def test_a_village_names_its_dusun_in_its_desa(desa):
    page = (desa.built.site / "k" / desa.entry_id / "index.html").read_text("utf-8")
    assert ">Dusun II</a>" in page and ">Desa Tanjung Binga</a>" in page
    assert "Desa Dusun" not in page and "Kecamatan Tanjung Binga" not in page
    assert '"addressLocality": "Dusun II, Desa Tanjung Binga"' in page
    assert '"addressRegion": "Kecamatan Sijuk, Kabupaten Belitung"' in page
    index = (desa.built.site / "desa" / "index.html").read_text("utf-8")  # no `kecamatan/`
    assert "Desa dan dusun" in index and "Desa Tanjung Binga" in index
    dusun = desa.built.site / "desa" / "tanjung-binga" / "dusun-ii" / "index.html"
    assert "Musyawarah Desa Pertama" in dusun.read_text("utf-8")
    assert not (desa.built.site / "kecamatan").exists()


def test_a_second_run_changes_nothing(kabupaten):
    before = snapshot(kabupaten.project)
    again = harmoni(kabupaten.project, "mulai", "--wilayah", "19.02", "--kantor",
                    "Dinas PMD Kabupaten Belitung", "--kantor-singkat", "DPMD Belitung",
                    "--repo", "dpmd-belitung/arsip", "--whatsapp", "6281234567890", "--ya",
                    "--tanpa-bangun")  # fmt: skip
    assert again.returncode == 0, again.stderr
    assert "Tidak ada yang berubah" in again.stdout
    assert snapshot(kabupaten.project) == before


def test_comments_and_keys_it_does_not_own_are_kept(kabupaten):
    shipped = (REPO / "mkdocs.yml").read_text("utf-8")
    written = (kabupaten.project / "mkdocs.yml").read_text("utf-8")
    for line in shipped.splitlines():
        if line.lstrip().startswith("# ") and "CONTOH (palsu)" not in line:
            assert line in written
    assert "      Sijuk: [Sijuk, Batu Itam," in written and "] # 19.02.04\n" in written
    config = yaml.safe_load(written)
    assert config["extra"]["harmoni"]["foto"]["kualitas"] == 80
    assert config["extra"]["harmoni"]["masukan"] == {"whatsapp": "6281234567890"}
    assert config["theme"]["palette"] == {"primary": "teal", "accent": "amber"}


# -- refusals: a clear message, nothing written ------------------------------------------------

GOOD = ["--kantor", "Dinas PMD Kabupaten Belitung", "--kantor-singkat", "DPMD Belitung",
        "--repo", "dpmd-belitung/arsip", "--ya", "--tanpa-bangun"]  # fmt: skip


def run_in_process(project: Path, args: list[str], capsys) -> tuple[int, str]:
    status = cli.main(["-f", str(project / "mkdocs.yml"), "mulai", *args])
    captured = capsys.readouterr()
    return status, captured.out + captured.err


@pytest.fixture(scope="module")
def fork(tmp_path_factory) -> Path:
    """One fresh copy that every refusal test leaves as it was."""
    return fresh_fork(tmp_path_factory.mktemp("tolak") / "proyek")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--wilayah", "Kabupaten Belitong", *GOOD], "Mungkin maksud Anda: Kabupaten Belitung"),
        (["--wilayah", "Bangka", *GOOD], "cocok dengan 4 wilayah"),
        (["--wilayah", "19", *GOOD], "bukan kabupaten/kota atau desa/kelurahan"),
        (["--wilayah", "19.02", *GOOD[:4], "--repo", "dinas_pmd/arsip", *GOOD[6:]],
         "bukan nama repositori GitHub"),
        (["--wilayah", "19.02", "--bagian", "Dusun I", *GOOD], "--bagian hanya untuk"),
        (["--wilayah", "19.02", "--logo", "tidak-ada.png", *GOOD], "tidak dapat dibaca"),
        (["--wilayah", "19.02", "--logo", "mkdocs.yml", *GOOD], "jenis berkas tidak dikenal"),
        (["--wilayah", "19.02", "--whatsapp", "+62 812", *GOOD], "nomor internasional"),
        (["--wilayah", "19.02", "--domain", "https://a/b c", *GOOD], "bukan nama domain"),
        (["--wilayah", "19.02", "--target-konten", "0", *GOOD], "1 atau lebih"),
    ],
)  # fmt: skip
def test_bad_input_is_refused_and_nothing_is_written(fork, capsys, args, message):
    before = snapshot(fork)
    status, output = run_in_process(fork, args, capsys)
    assert status == 1 and message in output, output
    assert "Traceback" not in output
    assert snapshot(fork) == before


def test_a_broken_logo_is_refused(fork, tmp_path, capsys):
    logo = tmp_path / "logo.png"
    logo.write_bytes(b"not a png at all")
    before = snapshot(fork)
    status, output = run_in_process(fork, ["--wilayah", "19.02", "--logo", str(logo), *GOOD],
                                    capsys)  # fmt: skip
    assert status == 1 and "bukan gambar PNG yang utuh" in output
    assert snapshot(fork) == before


def test_a_key_changed_by_hand_is_not_overwritten(tmp_path, capsys):
    project = fresh_fork(tmp_path / "proyek")
    config = project / "mkdocs.yml"
    text = config.read_text("utf-8")
    text = text.replace("kantor_singkat: DPMD Kabupaten Bangka", "kantor_singkat: Kantor Kami")
    config.write_text(text, "utf-8")
    before = snapshot(project)
    status, output = run_in_process(project, ["--wilayah", "19.02", *GOOD], capsys)
    assert status == 1 and "extra.harmoni.kantor_singkat" in output and "--timpa" in output
    assert snapshot(project) == before
    status, output = run_in_process(project, ["--wilayah", "19.02", "--timpa", *GOOD], capsys)
    assert status == 0, output


def test_an_archive_with_real_published_entries_is_left_alone(tmp_path, capsys):
    project = fresh_fork(tmp_path / "proyek")
    real = project / "kegiatan" / "2026" / "2026-01-05-rapat"
    real.mkdir(parents=True)
    (real / "index.md").write_text(
        "---\nid: 2026-001\ntitle: Rapat\ndate: 2026-01-05\nkategori: lainnya\n---\n", "utf-8"
    )
    with (project / "kegiatan" / "terbit.txt").open("a", encoding="utf-8") as registry:
        registry.write("2026-001 2026-01-06\n")
    before = snapshot(project)
    status, output = run_in_process(project, ["--wilayah", "19.02", *GOOD], capsys)
    assert status == 1 and "sudah berisi kegiatan nyata (2026-001)" in output, output
    assert snapshot(project) == before


def test_windows_line_endings_are_kept(tmp_path, capsys):
    project = fresh_fork(tmp_path / "proyek")
    for name in ("mkdocs.yml", "kegiatan/terbit.txt", "docs/index.md"):
        path = project / name
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    status, output = run_in_process(project, ["--wilayah", "19.02", *GOOD], capsys)
    assert status == 0, output
    written = (project / "mkdocs.yml").read_bytes()
    assert b"\r\n" in written and b"\n" not in written.replace(b"\r\n", b"")
    assert b"Kabupaten Belitung" in written
    registry = (project / "kegiatan" / "terbit.txt").read_bytes()
    assert b"2024-001" not in registry and registry.endswith(b"\r\n")


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="butuh terminal semu (POSIX)")
def test_questions_one_at_a_time_in_a_terminal(tmp_path):
    project = fresh_fork(tmp_path / "proyek")
    answers = "\n".join([
        "Dinas PMD Kabupaten Belitung",  # kantor
        "DPMD Belitung",  # nama singkat
        "Belitung",  # wilayah: two kabupaten begin so
        "1",  # … the first, Kabupaten Belitung
        "dinas pmd/arsip",  # refused: not a GitHub name, asked again
        "dpmd-belitung/arsip",
        "",  # domain: GitHub Pages
        "",  # program
        "6281234567890",  # WhatsApp
        "",  # e-mail
        "0",  # target per month: refused, asked again
        "20",
        "",  # engagement target: 15
        "",  # logo
        "",  # confirm: yes
    ]) + "\n"  # fmt: skip
    controller, terminal = os.openpty()
    with os.fdopen(controller, "wb", buffering=0) as keyboard:
        keyboard.write(answers.encode())
        command = [sys.executable, "-m", "harmoni_arsip.cli", "mulai", "--tanpa-bangun"]
        result = subprocess.run(command, cwd=project, stdin=terminal, capture_output=True,
                                text=True, env=ENV, timeout=120)  # fmt: skip
        os.close(terminal)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1. Kabupaten Belitung (19.02)" in result.stdout
    assert "2. Kabupaten Belitung Timur (19.06)" in result.stdout
    assert "bukan nama repositori GitHub yang sah" in result.stdout
    config = yaml.safe_load((project / "mkdocs.yml").read_text("utf-8"))
    assert config["extra"]["harmoni"]["kode_wilayah"] == "19.02"
    assert config["site_url"] == "https://dpmd-belitung.github.io/arsip/"
    assert config["extra"]["harmoni"]["target"] == {"konten_per_bulan": 20, "engagement_rate": 15}
