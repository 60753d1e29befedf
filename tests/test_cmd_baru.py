"""`harmoni baru`: a new entry that the build publishes, ids that are never reused or handed out
twice, questions in a terminal, and clear refusals."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import build_project
from harmoni_arsip import cli
from harmoni_arsip.entries import read_entries
from harmoni_arsip.entries.frontmatter import parse
from harmoni_arsip.entries.readiness import PLACEHOLDER
from harmoni_arsip.problems import Problems
from harmoni_arsip.settings import load_settings
from mkdocs.config import load_config

FLAGS = ["--ya", "--judul", "Pelatihan Operator Desa", "--tanggal", "2024-07-10",
         "--kategori", "pelatihan"]  # fmt: skip


def baru(project: Path, *args: str) -> int:
    """Run `harmoni baru` in-process on `project`."""
    return cli.main(["-f", str(project / "mkdocs.yml"), "baru", *args])


def new_folders(project: Path, before: set[Path]) -> list[Path]:
    """Entry folders created since `before`."""
    return sorted({p.parent for p in (project / "kegiatan").rglob("index.md")} - before)


def folders(project: Path) -> set[Path]:
    return {p.parent for p in (project / "kegiatan").rglob("index.md")}


def front(folder: Path) -> dict:
    return parse((folder / "index.md").read_text("utf-8")).data


def add_entry(project: Path, folder: str, text: str) -> None:
    path = project / "kegiatan" / folder
    path.mkdir(parents=True)
    (path / "index.md").write_text(text, encoding="utf-8")


def register(project: Path, *ids: str) -> None:
    with (project / "kegiatan" / "terbit.txt").open("a", encoding="utf-8") as registry:
        registry.writelines(f"{entry_id} 2024-12-01\n" for entry_id in ids)


def snapshot(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*")) if p.is_file()
    }  # fmt: skip


def test_new_entry_is_valid_and_published_at_its_permanent_url(project, capsys):
    before = folders(project)
    args = ["--kecamatan", "Merawang", "--desa", "Balunijuk", "--desa", "Kimak",
            "--deskripsi", "Operator desa belajar: SID dan laporan."]  # fmt: skip
    assert baru(project, *FLAGS, *args) == 0
    output = capsys.readouterr().out
    (folder,) = new_folders(project, before)
    assert folder == project / "kegiatan" / "2024" / "2024-07-10-pelatihan-operator-desa"
    data = front(folder)
    assert data["id"] == "2024-007"  # demo registry: 2024-001 … 2024-006
    assert data["title"] == "Pelatihan Operator Desa" and str(data["date"]) == "2024-07-10"
    assert data["desa"] == ["Balun Ijuk", "Kimak"] and data["kecamatan"] == "Merawang"
    assert data["description"] == "Operator desa belajar: SID dan laporan."
    assert "kegiatan/2024/2024-07-10-pelatihan-operator-desa/index.md (id 2024-007)" in output
    assert "harmoni daftarkan" in output and "git add" in output
    index = folder / "index.md"  # step 2 of what `baru` printed: staff write the narrative
    index.write_text(index.read_text("utf-8").replace(PLACEHOLDER, "Narasi."), "utf-8")
    assert cli.main(["-f", str(project / "mkdocs.yml"), "periksa"]) == 0  # step 3
    output = capsys.readouterr().out
    assert "KESALAHAN (" not in output and "terdaftar" not in output.split("Perkiraan situs")[0]
    assert "Belum terdaftar sebagai terbit: 2024-007. " in output  # the next step, no problem
    assert cli.main(["-f", str(project / "mkdocs.yml"), "daftarkan"]) == 0  # step 4
    result = build_project(project)
    assert result.warnings == []
    page = (result.site / "k" / "2024-007" / "index.html").read_text("utf-8")
    assert "Pelatihan Operator Desa" in page


def test_next_id_follows_the_highest_used_even_with_gaps(project):
    add_entry(project, "2024/lompat", "---\nid: 2024-010\ntitle: T\ndate: 2024-05-01\n"
              "kategori: pelatihan\n---\n")  # fmt: skip
    add_entry(project, "2023/rusak", "---\nid: 2023-004\ntitle: [rusak\n---\n")
    before = folders(project)
    assert baru(project, *FLAGS) == 0
    assert front(new_folders(project, before)[0])["id"] == "2024-011"
    before = folders(project)
    assert baru(project, *FLAGS[:-4], "--tanggal", "2023-03-01", "--kategori", "lainnya") == 0
    assert front(new_folders(project, before)[0])["id"] == "2023-005"  # a broken entry counts


def test_registered_ids_are_never_reused_withdrawn_or_gone(project):
    add_entry(project, "2024/ditarik", "---\nid: 2024-008\nditarik:\n  tanggal: 2024-12-01\n"
              "  alasan: Atas permintaan warga.\n---\n")  # fmt: skip
    register(project, "2024-007", "2024-008")  # 2024-007 has no entry at all any more
    before = folders(project)
    assert baru(project, *FLAGS) == 0
    assert front(new_folders(project, before)[0])["id"] == "2024-009"


def test_two_runs_get_two_ids_and_two_folders(project):
    before = folders(project)
    assert baru(project, *FLAGS) == 0
    assert baru(project, *FLAGS) == 0
    first, second = new_folders(project, before)
    assert second.name == first.name + "-2"
    assert {front(first)["id"], front(second)["id"]} == {"2024-007", "2024-008"}


def test_concurrent_runs_never_share_an_id(project, capsys):
    before = folders(project)
    statuses: list[int] = []
    start = threading.Barrier(4)

    def run() -> None:
        start.wait()
        statuses.append(baru(project, *FLAGS))

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    capsys.readouterr()
    created = new_folders(project, before)
    assert statuses == [0, 0, 0, 0] and len(created) == 4
    assert sorted(front(f)["id"] for f in created) == [f"2024-{n:03d}" for n in range(7, 11)]
    config = load_config(str(project / "mkdocs.yml"))
    problems = Problems()
    read_entries(project / "kegiatan", project, load_settings(config.extra), problems)
    assert problems.items == []


def test_bad_kategori_lists_the_valid_ones_and_creates_nothing(project, capsys):
    before = snapshot(project / "kegiatan")
    assert baru(project, *FLAGS[:-1], "olahraga") == 1
    error = capsys.readouterr().err
    assert "kategori `olahraga` tidak dikenal" in error
    for key, name in load_settings(load_config(str(project / "mkdocs.yml")).extra).kategori.items():
        assert f". {key} ({name})" in error
    assert snapshot(project / "kegiatan") == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--desa", "Riding Panjang"], "ada di lebih dari satu kecamatan (Belinyu, Merawang)"),
        (
            ["--kecamatan", "Merawang", "--desa", "Atlantis"],
            "Desa di Kecamatan Merawang: Batu Rusa",
        ),
        (
            ["--kecamatan", "Merawang", "--desa", "Lumut"],
            "desa `Lumut` termasuk Kecamatan Belinyu, bukan Kecamatan Merawang. Pilih desa "
            "Kecamatan Merawang (Batu Rusa, Balun Ijuk",
        ),
        (
            ["--kecamatan", "Merawang", "--desa", "Balunjuk"],
            "desa `Balunjuk` tidak ada di Kecamatan Merawang. Mungkin maksudnya: Balun Ijuk? ",
        ),
        (["--desa", "Kotawaringn"], "Mungkin maksudnya: Kota Waringin (Kecamatan Puding Besar)?"),
        (["--kecamatan", "Merawng"], "Mungkin maksudnya: Merawang? Pilih salah satu: Bakam"),
        (["--kecamatan", "Atlantis"], "Pilih salah satu: Bakam, Belinyu"),
        (["--tanggal", "2024-02-30"], "bukan tanggal yang valid"),
    ],
)
def test_bad_place_or_date_is_refused_before_writing(project, capsys, args, message):
    before = snapshot(project / "kegiatan")
    assert baru(project, *FLAGS, *args) == 1
    error = capsys.readouterr().err
    assert message in error
    assert "Entri baru dibuat" not in error and "Lumut" not in error.replace("`Lumut`", "")
    assert snapshot(project / "kegiatan") == before
    assert not any(p.name.startswith(".") for p in (project / "kegiatan").rglob("*"))
    before = folders(project)
    assert baru(project, *FLAGS) == 0  # the id was not used up
    assert front(new_folders(project, before)[0])["id"] == "2024-007"


def run_harmoni(project: Path, args: list[str], answers: str, terminal: bool):
    """Run the real command with `answers` typed on its stdin, a terminal or a pipe."""
    command = [sys.executable, "-m", "harmoni_arsip.cli", "baru", *args]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if not terminal:
        return subprocess.run(
            command, cwd=project, input=answers, capture_output=True, text=True, env=env,
            timeout=120,
        )  # fmt: skip
    controller, terminal_end = os.openpty()
    with os.fdopen(controller, "wb", buffering=0) as keyboard:
        keyboard.write(answers.encode())  # typed ahead: the terminal keeps the lines
        result = subprocess.run(
            command, cwd=project, stdin=terminal_end, capture_output=True, text=True, env=env,
            timeout=120,
        )  # fmt: skip
        os.close(terminal_end)
    return result


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="butuh terminal semu (POSIX)")
def test_questions_in_a_terminal(project):
    answers = "\n".join([
        "Pelatihan Operator Desa",  # judul
        "2024-07-10",  # tanggal
        "9",  # kategori: not a number on the list, asked again
        "pelatihan",  # kategori, by its key
        "merawang",  # kecamatan, any letter case
        "2, Kimak",  # desa: number 2 of Merawang's list and a name
        "Operator desa belajar mengelola SID.",  # deskripsi
        "",  # confirm: yes
    ]) + "\n"  # fmt: skip
    before = folders(project)
    result = run_harmoni(project, [], answers, terminal=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert ". pelatihan (Pelatihan)" in result.stdout and ". lainnya (Lainnya)" in result.stdout
    assert "kategori `9` tidak dikenal" in result.stdout
    assert "2. Balun Ijuk" in result.stdout
    (folder,) = new_folders(project, before)
    data = front(folder)
    assert data["id"] == "2024-007" and data["kategori"] == "pelatihan"
    assert data["kecamatan"] == "Merawang" and data["desa"] == ["Balun Ijuk", "Kimak"]
    assert data["description"] == "Operator desa belajar mengelola SID."


def test_without_a_terminal_missing_values_are_an_error(project):
    before = snapshot(project / "kegiatan")
    result = run_harmoni(project, ["--judul", "Rapat"], "pelatihan\n", terminal=False)
    assert result.returncode == 1
    assert "kategori belum diisi. Tambahkan --kategori dengan salah satu: " in result.stderr
    assert "pelatihan, pembinaan-desa" in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(project / "kegiatan") == before
