"""`harmoni daftarkan --beri-id` on real git repositories: new entries saved at the same time get
different ids, an id blanked by an out-of-date browser copy comes back, a registered id is never
handed out again, and nothing but the `id:` line of `index.md` changes."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import copy_project
from harmoni_arsip import cli
from harmoni_arsip.entries.frontmatter import parse
from harmoni_arsip.entries.readiness import PLACEHOLDER

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git tidak terpasang")

NEW_ENTRY = """\
---
id: ''
title: {title}
date: {date}
kategori: pelatihan
kecamatan: Merawang
desa: Baturusa
keterangan: []
---

Narasi {title}.
"""


def git(folder: Path, *args: str) -> str:
    """Run git in `folder` as a fixed test user; fail the test on any error."""
    result = subprocess.run(
        ["git", "-c", "user.name=Staf", "-c", "user.email=staf@contoh.go.id", *args],
        cwd=folder, capture_output=True, text=True, check=True, timeout=60,
    )  # fmt: skip
    return result.stdout


def commit_all(folder: Path, message: str) -> None:
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "-m", message)


def beri_id(project: Path) -> int:
    """Run `harmoni daftarkan --beri-id` in-process; its exit status."""
    return cli.main(["-f", str(project / "mkdocs.yml"), "daftarkan", "--beri-id"])


def add_entry(project: Path, folder: str, title: str, date: str) -> Path:
    index = project / "kegiatan" / date[:4] / folder / "index.md"
    index.parent.mkdir(parents=True)
    index.write_text(NEW_ENTRY.format(title=title, date=date), encoding="utf-8")
    return index


def entry_id(index: Path):
    return parse(index.read_text("utf-8")).data.get("id")


def registry_ids(project: Path) -> list[str]:
    lines = (project / "kegiatan" / "terbit.txt").read_text("utf-8").splitlines()
    return [line.split()[0] for line in lines if line and not line.startswith("#")]


@pytest.fixture
def origin(tmp_path) -> Path:
    """A bare repository holding the demo project, as GitHub would."""
    project = copy_project(tmp_path / "awal")
    (project / ".gitignore").write_text(".cache/\nsite/\n", encoding="utf-8")
    git(project, "init", "-q", "-b", "main")
    commit_all(project, "Arsip demo")
    bare = tmp_path / "origin.git"
    git(tmp_path, "clone", "-q", "--bare", str(project), str(bare))
    return bare


def clone(origin: Path, target: Path) -> Path:
    git(origin.parent, "clone", "-q", str(origin), str(target))
    return target


def only_id_line_changed(before: str, after: str) -> bool:
    """True when the two texts differ in exactly one line, an `id:` line."""
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    changed = [(a, b) for a, b in zip(old, new, strict=True) if a != b]
    return len(changed) == 1 and changed[0][1].startswith("id: ")


def test_entries_saved_at_the_same_time_get_different_ids(origin, tmp_path):
    staff_a, staff_b = clone(origin, tmp_path / "a"), clone(origin, tmp_path / "b")
    add_entry(staff_a, "2025-07-01-rapat-a", "Rapat A", "2025-07-01")
    commit_all(staff_a, "Kegiatan A")
    git(staff_a, "push", "-q", "origin", "main")
    add_entry(staff_b, "2025-07-01-rapat-b", "Rapat B", "2025-07-01")
    add_entry(staff_b, "2024-12-30-rapat-c", "Rapat C", "2024-12-30")
    commit_all(staff_b, "Kegiatan B dan C")
    git(staff_b, "pull", "-q", "--rebase", "origin", "main")
    git(staff_b, "push", "-q", "origin", "main")

    workflow = clone(origin, tmp_path / "ci")
    before = {p: p.read_text("utf-8") for p in (workflow / "kegiatan").rglob("index.md")}
    assert beri_id(workflow) == 0

    folder = workflow / "kegiatan"
    assert entry_id(folder / "2025/2025-07-01-rapat-a/index.md") == "2025-003"
    assert entry_id(folder / "2025/2025-07-01-rapat-b/index.md") == "2025-004"
    assert entry_id(folder / "2024/2024-12-30-rapat-c/index.md") == "2024-007"
    assert registry_ids(workflow)[-3:] == ["2024-007", "2025-003", "2025-004"]
    changed = [p for p, text in before.items() if p.read_text("utf-8") != text]
    assert len(changed) == 3
    assert all(only_id_line_changed(before[p], p.read_text("utf-8")) for p in changed)
    # A second run finds nothing to do and changes nothing.
    after = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    assert beri_id(workflow) == 0
    assert after == {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_blanked_id_comes_back_from_git_history(origin, tmp_path):
    staff = clone(origin, tmp_path / "staf")
    index = add_entry(staff, "2025-07-01-rapat-a", "Rapat A", "2025-07-01")
    commit_all(staff, "Kegiatan A")
    assert beri_id(staff) == 0
    commit_all(staff, "Beri id")
    assert entry_id(index) == "2025-003"
    add_entry(staff, "2025-07-02-rapat-b", "Rapat B", "2025-07-02")
    commit_all(staff, "Kegiatan B")
    # An out-of-date browser copy saves a new caption with the id still empty.
    stale = NEW_ENTRY.format(title="Rapat A", date="2025-07-01").replace(
        "keterangan: []", "keterangan:\n  - berkas: foto-01.jpg\n    teks: Pembukaan."
    )
    index.write_text(stale, encoding="utf-8")
    commit_all(staff, "Ubah keterangan dari salinan lama")
    registered = registry_ids(staff)

    assert beri_id(staff) == 0

    assert entry_id(index) == "2025-003"
    assert only_id_line_changed(stale, index.read_text("utf-8"))
    assert entry_id(staff / "kegiatan/2025/2025-07-02-rapat-b/index.md") == "2025-004"
    assert registry_ids(staff) == [*registered, "2025-004"]


def test_blanked_id_of_a_moved_folder_comes_back(origin, tmp_path):
    staff = clone(origin, tmp_path / "staf")
    old = staff / "kegiatan/2024/2024-10-09-pembinaan-desa-lumut"
    new = old.with_name("2024-10-09-pembinaan-lumut")
    git(staff, "mv", str(old), str(new))
    commit_all(staff, "Ganti nama folder")
    text = (new / "index.md").read_text("utf-8").replace("id: 2024-006", "id: ''")
    (new / "index.md").write_text(text, encoding="utf-8")
    commit_all(staff, "Salinan lama")

    assert beri_id(staff) == 0
    assert entry_id(new / "index.md") == "2024-006"


def test_registered_id_is_never_handed_out_again(origin, tmp_path):
    staff = clone(origin, tmp_path / "staf")
    withdrawn = staff / "kegiatan/2025/2025-05-21-umkm-produk-lokal-air-ruai"
    shutil.rmtree(withdrawn)  # 2025-002 stays in the registry
    with (staff / "kegiatan/terbit.txt").open("a", encoding="utf-8") as registry:
        registry.write("2025-009 2025-12-01\n")
    index = add_entry(staff, "2025-08-01-rapat", "Rapat", "2025-08-01")
    commit_all(staff, "Entri baru")

    beri_id(staff)

    assert entry_id(index) == "2025-010"
    assert registry_ids(staff).count("2025-009") == 1
    assert entry_id(staff / "kegiatan/2025/2025-02-19-pendampingan-bumdes-kotawaringin/index.md") \
        == "2025-001"  # fmt: skip


def test_missing_id_key_is_added_and_line_endings_kept(project):
    index = project / "kegiatan/2025/2025-09-09-tanpa-id/index.md"
    index.parent.mkdir(parents=True)
    text = "---\r\ntitle: Tanpa id\r\ndate: 2025-09-09\r\nkategori: lainnya\r\n---\r\n\r\nIsi.\r\n"
    index.write_bytes(text.encode("utf-8"))

    assert beri_id(project) == 0  # not a git repository: a new id, no history needed

    assert index.read_bytes() == text.replace("---\r\n", "---\r\nid: 2025-003\r\n", 1).encode()


SCRIPT = Path(__file__).resolve().parents[1] / ".github" / "scripts" / "beri-id.sh"
RACE_HOOK = """#!/bin/sh
# The first push of the workflow meets a save that landed after its fetch.
if [ ! -e "$RACE_DONE" ]; then
  touch "$RACE_DONE"
  git -C "$OTHER_CLONE" push -q origin main
fi
"""


def test_workflow_script_pushes_ids_and_starts_over_when_a_save_lands_meanwhile(origin, tmp_path):
    staff = clone(origin, tmp_path / "staf")
    add_entry(staff, "2025-07-01-rapat-a", "Rapat A", "2025-07-01")
    commit_all(staff, "Kegiatan A")
    git(staff, "push", "-q", "origin", "main")
    late = clone(origin, tmp_path / "terlambat")
    add_entry(late, "2025-07-02-rapat-b", "Rapat B", "2025-07-02")
    commit_all(late, "Kegiatan B, disimpan saat alur kerja berjalan")
    workflow = clone(origin, tmp_path / "ci")
    hook = workflow / ".git" / "hooks" / "pre-push"
    hook.write_text(RACE_HOOK, encoding="utf-8")
    hook.chmod(0o755)
    output = tmp_path / "github-output"
    env = {
        **os.environ, "BRANCH": "main", "GITHUB_OUTPUT": str(output),
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "RACE_DONE": str(tmp_path / "race-done"), "OTHER_CLONE": str(late),
    }  # fmt: skip
    env.pop("GH_TOKEN", None)

    run = subprocess.run(["bash", str(SCRIPT)], cwd=workflow, env=env, capture_output=True,
                         text=True, timeout=300)  # fmt: skip

    assert run.returncode == 0, run.stdout + run.stderr
    assert "mengulang dari commit terbaru" in run.stdout
    published = clone(origin, tmp_path / "hasil")
    head = git(published, "rev-parse", "HEAD").strip()
    assert output.read_text().startswith(f"commit={head}\nlaporan<<")  # and an empty report
    assert git(published, "log", "-1", "--format=%an").strip() == "github-actions[bot]"
    folder = published / "kegiatan" / "2025"
    assert entry_id(folder / "2025-07-01-rapat-a" / "index.md") == "2025-003"
    assert entry_id(folder / "2025-07-02-rapat-b" / "index.md") == "2025-004"
    assert registry_ids(published)[-2:] == ["2025-003", "2025-004"]
    changed = git(published, "show", "--name-only", "--format=", "HEAD").split()
    assert sorted(changed) == [
        "kegiatan/2025/2025-07-01-rapat-a/index.md", "kegiatan/2025/2025-07-02-rapat-b/index.md",
        "kegiatan/terbit.txt",
    ]  # fmt: skip


def test_ids_of_lines_lost_from_the_registry_are_not_handed_out_again(origin, tmp_path):
    staff = clone(origin, tmp_path / "staf")
    registry = staff / "kegiatan" / "terbit.txt"
    with registry.open("a", encoding="utf-8") as file:
        file.write("2025-007 2025-12-01\n")
    commit_all(staff, "Terbit 2025-007 (entrinya kemudian dihapus)")
    registry.write_text(registry.read_text("utf-8").replace("2025-007 2025-12-01\n", ""), "utf-8")
    index = add_entry(staff, "2025-08-01-rapat", "Rapat", "2025-08-01")
    commit_all(staff, "Baris hilang dari daftar terbit, entri baru")

    assert beri_id(staff) == 0
    assert entry_id(index) == "2025-008"


def run_workflow_script(workflow: Path, tmp_path: Path) -> tuple[subprocess.CompletedProcess, dict]:
    """Run the beri-id job's script in a clone as the runner would; its outputs and summary."""
    output, summary = tmp_path / "github-output", tmp_path / "ringkasan.md"
    for path in (output, summary):
        path.unlink(missing_ok=True)
    env = {
        **os.environ, "BRANCH": "main", "GITHUB_OUTPUT": str(output),
        "GITHUB_STEP_SUMMARY": str(summary), "RUNNER_TEMP": str(tmp_path),
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
    }  # fmt: skip
    env.pop("GH_TOKEN", None)
    run = subprocess.run(["bash", str(SCRIPT)], cwd=workflow, env=env, capture_output=True,
                         text=True, timeout=600)  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
    text = output.read_text("utf-8")
    laporan = re.search(r"^laporan<<(\S+)\n(.*?)^\1$", text, re.M | re.S)
    assert laporan is not None
    return run, {"laporan": laporan[2], "summary": summary.read_text("utf-8"), "raw": text}


def test_a_failing_entry_is_not_registered_and_the_report_names_it_then_a_fix_publishes(
    origin, tmp_path
):
    staff = clone(origin, tmp_path / "staf")
    good = add_entry(staff, "2025-07-01-rapat-a", "Rapat A", "2025-07-01")
    bad = add_entry(staff, "2025-07-02-rapat-b", "Rapat B", "2025-07-02")
    bad.write_text(bad.read_text("utf-8").replace("Narasi Rapat B.", PLACEHOLDER), "utf-8")
    commit_all(staff, "Dua kegiatan dari editor web, satu belum selesai")
    git(staff, "push", "-q", "origin", "main")
    workflow = clone(origin, tmp_path / "ci")

    _, first = run_workflow_script(workflow, tmp_path)

    published = clone(origin, tmp_path / "hasil-1")
    folder = published / "kegiatan" / "2025"
    assert entry_id(folder / "2025-07-01-rapat-a" / "index.md") == "2025-003"
    assert entry_id(folder / "2025-07-02-rapat-b" / "index.md") == "2025-004"  # id kept
    assert "2025-003" in registry_ids(published) and "2025-004" not in registry_ids(published)
    report = first["laporan"]
    assert report.startswith("## Kegiatan belum terbit\n")
    assert "### Rapat B\n" in report and "Rapat A" not in report
    assert "Berkas: `kegiatan/2025/2025-07-02-rapat-b/index.md`" in report
    assert ("[Buka di editor web](https://dpmd-bangka.github.io/harmoni/admin/#/collections/"
            "kegiatan/entries/2025/2025-07-02-rapat-b/index)") in report  # fmt: skip
    assert "- baris 11: narasi masih berisi paragraf contoh dari `harmoni baru`." in report
    assert first["summary"] == report
    assert good.exists()

    fix = clone(origin, tmp_path / "perbaikan")
    index = fix / "kegiatan" / "2025" / "2025-07-02-rapat-b" / "index.md"
    index.write_text(index.read_text("utf-8").replace(PLACEHOLDER, "Narasi Rapat B."), "utf-8")
    commit_all(fix, "Narasi Rapat B")
    git(fix, "push", "-q", "origin", "main")

    _, second = run_workflow_script(workflow, tmp_path)

    assert second["laporan"] == "" and "Semua kegiatan lolos pemeriksaan." in second["summary"]
    assert "2025-004" in registry_ids(clone(origin, tmp_path / "hasil-2"))


def test_a_photo_removed_from_the_list_leaves_the_folder_one_never_listed_stays(origin, tmp_path):
    staff = clone(origin, tmp_path / "staf")
    folder = staff / "kegiatan" / "2024" / "2024-04-01-penjaringan-ide-harmoni"
    index = folder / "index.md"
    text = index.read_text("utf-8")
    item = "  - berkas: foto-02.jpg\n    teks: Diskusi kelompok menyaring gagasan yang paling "
    assert item in text
    start = text.index(item)
    end = text.index("  - berkas: foto-03.jpg")
    index.write_text(text[:start] + text[end:], "utf-8")  # "Remove" in the editor
    shutil.copyfile(folder / "foto-01.jpg", folder / "foto-lain.jpg")  # never listed
    commit_all(staff, "Ubah kegiatan (editor web): foto-02 dilepas")

    assert beri_id(staff) == 0

    assert not (folder / "foto-02.jpg").exists()
    assert (folder / "foto-lain.jpg").exists() and (folder / "foto-01.jpg").exists()
