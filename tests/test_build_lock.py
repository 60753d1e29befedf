"""One build at a time in a project (real processes), and file names the file system cannot
hold refused by `harmoni periksa` and the build before anything is written."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import EXIF_PHOTOS, build_project
from harmoni_arsip import cli
from harmoni_arsip.build_lock import LOCK_FILE

HOLD = """import fcntl, sys
handle = open(sys.argv[1], "a")
fcntl.flock(handle, fcntl.LOCK_EX)
print("dipegang", flush=True)
sys.stdin.read()
"""
"""A process that holds a lock file until its standard input closes."""


def _mkdocs_build(project: Path) -> subprocess.Popen:
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml")]
    return subprocess.Popen(command, cwd=project, stderr=subprocess.PIPE, text=True)


def _published(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())


def test_a_second_build_waits_for_the_first_and_says_so(project):
    reference = _published(build_project(project).site)
    marker = project / "site" / "masih-ada.txt"
    marker.write_text("dari pembangunan sebelumnya", "utf-8")
    lock = project / ".cache" / LOCK_FILE
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(lock)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "dipegang"
        build = _mkdocs_build(project)
        assert build.stderr is not None
        lines = []
        while not any("pembangunan lain sedang berjalan" in line for line in lines):
            line = build.stderr.readline()
            assert line, "".join(lines)
            lines.append(line)
        time.sleep(1)
        assert marker.exists()  # it waits: the site folder is untouched
        assert build.poll() is None
    finally:
        holder.communicate("", timeout=30)
    _, rest = build.communicate(timeout=600)
    assert build.returncode == 0, rest
    assert "menunggu sampai selesai" in "".join(lines)
    assert not marker.exists()
    assert _published(project / "site") == reference


def test_two_builds_at_once_both_finish_with_the_whole_site(project):
    reference = _published(build_project(project).site)
    builds = [_mkdocs_build(project) for _ in range(2)]
    outputs = [build.communicate(timeout=900)[1] for build in builds]
    assert [build.returncode for build in builds] == [0, 0], outputs
    assert all("Traceback" not in output for output in outputs)
    assert _published(project / "site") == reference


def _cached(cache: Path) -> list[str]:
    """The files of the cache folder (the lock file aside)."""
    return sorted(p.name for p in cache.rglob("*") if p.name != LOCK_FILE)


LONG_STEM = "dokumentasi-kegiatan-" * 11 + "x" * 11  # 246 characters with `.jpg`


@pytest.mark.shared_photos
def test_a_name_too_long_for_the_file_system_is_refused_before_writing(project, capsys):
    folder = next((project / "kegiatan").rglob("2024-06-25-peluncuran-harmoni"))
    name = LONG_STEM + ".jpg"
    assert len(name) == 246
    shutil.copyfile(EXIF_PHOTOS / "Landscape_1.jpg", folder / name)
    cache = project / ".cache"
    before = _cached(cache)
    assert cli.main(["-f", str(project / "mkdocs.yml"), "periksa"]) == 1
    out = capsys.readouterr().out
    relative = (folder / name).relative_to(project).as_posix()
    assert f"{relative}: nama berkas terlalu panjang (246 karakter)" in out
    assert _cached(cache) == before  # nothing derived from it
    result = build_project(project)
    assert any(w.startswith(f"{relative}: nama berkas terlalu panjang") for w in result.warnings)
    assert (result.site / "k" / "2024-004" / "index.html").is_file()
    assert not [p for p in result.site.rglob("*") if "dokumentasi-kegiatan" in p.name]


def test_periksa_waits_for_a_build_too(project):
    """`harmoni periksa` fills the image cache that a build prunes: it waits its turn."""
    lock = project / ".cache" / LOCK_FILE
    lock.parent.mkdir(exist_ok=True)
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(lock)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "dipegang"
        command = [sys.executable, "-m", "harmoni_arsip.cli", "-f", str(project / "mkdocs.yml"),
                   "periksa"]  # fmt: skip
        check = subprocess.Popen(command, cwd=project, stderr=subprocess.PIPE, text=True,
                                 stdout=subprocess.DEVNULL)  # fmt: skip
        assert check.stderr is not None
        first = check.stderr.readline()
        assert "pembangunan lain sedang berjalan" in first, first
        assert check.poll() is None
    finally:
        holder.communicate("", timeout=30)
    assert check.wait(timeout=600) == 0
