"""A folder that cannot be written or a disk that fills up: every command that writes says so in
Bahasa Indonesia, naming the file, and leaves nothing half-written (no traceback, no empty entry
folder, no id used up, the registry and the data files as they were)."""

from __future__ import annotations

import datetime
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml
from conftest import EXIF_PHOTOS, copy_project, read_config, write_config
from test_hostile_images import run_harmoni
from test_hostile_network import GOOD, Recorder, json_answer
from test_platforms import TIKTOK, TIKTOK_ROWS, csv_bytes

FULL = 0
"""RLIMIT_FSIZE for a full disk: any write of a byte fails (EFBIG)."""


def assert_staff_message(result, path_words: str) -> None:
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("Galat: tidak dapat menulis"), result.stderr
    assert path_words in result.stderr


def test_daftarkan_on_a_full_disk_leaves_the_registry_as_it_was(project):
    folder = project / "kegiatan" / "2026" / "baru"
    folder.mkdir(parents=True)
    text = "---\nid: 2026-001\ntitle: Uji\ndate: 2026-01-02\nkategori: pelatihan\n---\n\nIsi.\n"
    (folder / "index.md").write_text(text, "utf-8")
    registry = project / "kegiatan" / "terbit.txt"
    before = registry.read_bytes()
    # daftarkan checks the entry first; with its QR code already cached, only the registry is
    # left to write when the disk is full
    assert run_harmoni(project, "periksa").returncode == 0
    result = run_harmoni(project, "daftarkan", fsize=FULL)
    assert_staff_message(result, "kegiatan")
    assert "berkas melebihi batas ukuran" in result.stderr
    assert registry.read_bytes() == before
    assert not [p for p in registry.parent.iterdir() if p.name.startswith(".tmp-")]


def test_impor_jangkauan_on_a_full_disk_leaves_the_reach_data_as_it_was(project, tmp_path):
    export = tmp_path / "Content.csv"
    export.write_bytes(csv_bytes(TIKTOK, TIKTOK_ROWS))
    reach = project / "kegiatan" / "jangkauan.csv"
    before = reach.read_bytes()
    result = run_harmoni(project, "impor-jangkauan", str(export), "--tanggal", "2026-11-30",
                         fsize=FULL)  # fmt: skip
    assert_staff_message(result, "jangkauan.csv")
    assert reach.read_bytes() == before


def test_ambil_kunjungan_on_a_full_disk_writes_nothing(tmp_path):
    project = copy_project(tmp_path / "proyek", entries=None)
    counter = Recorder(json_answer(GOOD))
    try:
        config = read_config(project)
        config["extra"]["harmoni"]["kunjungan"] = {"goatcounter": counter.url}
        write_config(project, config)
        os.environ["GOATCOUNTER_TOKEN"] = "token-uji"
        try:
            result = run_harmoni(project, "ambil-kunjungan", fsize=FULL)
        finally:
            del os.environ["GOATCOUNTER_TOKEN"]
    finally:
        counter.close()
    assert_staff_message(result, "kunjungan.json")
    assert not (project / "kegiatan" / "kunjungan.json").exists()
    assert json.dumps(GOOD)  # the answer was fine: only the write failed


@contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """`folder` cannot be written while the block runs: immutable (`chattr +i`) for root, who
    writes through any mode bits, else without write permission."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(0o755)
        return
    chattr = shutil.which("chattr")
    if chattr is None or subprocess.run([chattr, "+i", str(folder)]).returncode != 0:
        pytest.skip("chattr +i is not available here (root ignores mode bits)")
    try:
        yield
    finally:
        subprocess.run([chattr, "-i", str(folder)], check=True)


def test_baru_in_a_read_only_kegiatan_folder_uses_up_no_id(tmp_path):
    project = copy_project(tmp_path / "proyek", entries=None)
    kegiatan = project / "kegiatan"
    reservations = project / ".cache" / "harmoni" / "id-baru"
    with read_only(kegiatan):
        result = run_harmoni(project, "baru", "--judul", "Hanya Baca", "--tanggal", "2026-03-04",
                             "--kategori", "pelatihan", "--ya")  # fmt: skip
    assert_staff_message(result, "kegiatan/2026")
    assert "tidak ada izin menulis" in result.stderr
    assert list(kegiatan.iterdir()) == []
    assert list(reservations.iterdir()) == []


# -- workflow commands in what harmoni prints -----------------------------------------------------


def active_commands(log: str) -> list[str]:
    """The workflow commands GitHub's runner would act on in `log` (its stop-commands rule)."""
    active, stopped = [], None
    for line in re.split(r"\r\n|\r|\n", log):
        if stopped is not None:
            stopped = None if line == f"::{stopped}::" else stopped
        elif line.startswith("::stop-commands::"):
            stopped = line.removeprefix("::stop-commands::")
        elif line.startswith("::"):
            active.append(line)
    return active


def test_staff_text_printed_under_actions_runs_no_workflow_command(tmp_path):
    project = copy_project(tmp_path / "proyek", entries=None)
    folder = project / "kegiatan" / "2026" / "judul"
    folder.mkdir(parents=True)
    front = {"id": "2026-001", "title": "Rapat\n::add-mask::rahasia\n::error::palsu",
             "date": datetime.date(2026, 1, 2), "kategori": "pelatihan",
             "media_sosial": ["https://www.instagram.com/p/contohBARU/"]}  # fmt: skip
    text = "---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\n\nIsi.\n"
    (folder / "index.md").write_text(text, "utf-8")
    shutil.copyfile(EXIF_PHOTOS / "Landscape_1.jpg", folder / "foto-01.jpg")
    export = tmp_path / "Content.csv"
    export.write_bytes(csv_bytes(TIKTOK, TIKTOK_ROWS))
    command = [sys.executable, "-m", "harmoni_arsip.cli", "-f", str(project / "mkdocs.yml"),
               "impor-jangkauan", str(export), "--tanggal", "2026-11-30"]  # fmt: skip
    env = {**os.environ, "GITHUB_ACTIONS": "true"}
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120,
                            stdin=subprocess.DEVNULL)  # fmt: skip
    log = result.stdout
    assert "\n::error::palsu" in log  # the title really is printed across lines
    assert log.startswith("::stop-commands::")
    assert active_commands(log) == []


def test_periksa_annotations_are_the_only_commands_let_through(monkeypatch, capsys):
    from harmoni_arsip.commands.common import workflow_commands_paused, workflow_commands_resumed

    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    with workflow_commands_paused():
        print("judul\n::add-mask::rahasia")
        with workflow_commands_resumed():
            print("::error file=kegiatan/a/index.md,line=2::kategori `x%0A::error::y`")
        print("::warning::palsu")
    assert active_commands(capsys.readouterr().out) == [
        "::error file=kegiatan/a/index.md,line=2::kategori `x%0A::error::y`"
    ]
