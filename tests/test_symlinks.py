"""Only regular files are published: a symbolic link under `kegiatan/` or `docs/` (to a file or
a folder outside the repository) is an error naming it in `harmoni periksa` and in the build
(`--strict` fails), it is never read, and nothing of its target reaches `site/`."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXIF_PHOTOS, build_project
from harmoni_arsip import cli
from mkdocs.exceptions import Abort

SECRET = "RAHASIA-MESIN-PEMBANGUN-7f3a"
"""What the outside files hold: it must appear nowhere in the site."""


@pytest.fixture
def outside(tmp_path) -> Path:
    """A folder outside the project: a text file, a photo and a folder of both."""
    folder = tmp_path / "di-luar"
    (folder / "map").mkdir(parents=True)
    for target in (folder, folder / "map"):
        (target / "rahasia.txt").write_text(SECRET, "utf-8")
        shutil.copyfile(EXIF_PHOTOS / "Landscape_1.jpg", target / "foto.jpg")
    return folder


def _entry_folder(project: Path) -> Path:
    return next((project / "kegiatan").rglob("2024-06-25-peluncuran-harmoni"))


def _links(project: Path, outside: Path) -> list[str]:
    """Symbolic links to `outside` as a video and a photo of an entry, a file and a folder in
    docs/; their paths relative to the project."""
    entry = _entry_folder(project)
    made = {
        entry / "video-luar.mp4": outside / "rahasia.txt",
        entry / "foto-luar.jpg": outside / "foto.jpg",
        project / "docs" / "rahasia.txt": outside / "rahasia.txt",
        project / "docs" / "map-luar": outside / "map",
    }
    for link, target in made.items():
        link.symlink_to(target)
    return sorted(link.relative_to(project).as_posix() for link in made)


def _site_holds_nothing_of(site: Path, outside: Path) -> None:
    assert [p for p in site.rglob("*") if p.is_symlink()] == []
    photo = (outside / "foto.jpg").stat().st_size
    for path in site.rglob("*"):
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path
            assert "luar" not in path.name and path.name != "rahasia.txt", path
    assert all(p.stat().st_size != photo for p in site.rglob("*.jpg"))


@pytest.mark.shared_photos
def test_periksa_names_every_link(project, outside, capsys):
    names = _links(project, outside)
    assert cli.main(["-f", str(project / "mkdocs.yml"), "periksa"]) == 1
    out = capsys.readouterr().out
    for name in names:
        assert f"{name}: ini tautan simbolis (symlink)" in out
    assert SECRET not in out


@pytest.mark.shared_photos
@pytest.mark.expect_warnings("ini tautan simbolis")  # the stopped and the strict build's
def test_build_names_every_link_publishes_nothing_of_them_and_strict_fails(
    project, outside, caplog
):
    names = _links(project, outside)
    with pytest.raises(Abort):
        build_project(project)  # MkDocs would walk into a linked folder: the build stops
    assert "docs/map-luar: ini tautan simbolis" in caplog.text
    assert not (project / "site" / "map-luar").exists()
    (project / "docs" / "map-luar").unlink()
    names.remove("docs/map-luar")
    result = build_project(project)
    for name in names:
        assert any(w.startswith(f"{name}: ini tautan simbolis") for w in result.warnings), name
    _site_holds_nothing_of(result.site, outside)
    assert (result.site / "k" / "2024-004" / "index.html").is_file()  # the entry is published
    with pytest.raises(Exception, match="strict"):
        build_project(project, strict=True)


def test_the_build_never_opens_a_link(project, tmp_path):
    """Links to a named pipe: opening one for reading waits for a writer that never comes, so
    a build that read through a link would not finish."""
    pipe = tmp_path / "pipa"
    os.mkfifo(pipe)
    (_entry_folder(project) / "video.mp4").symlink_to(pipe)
    (project / "docs" / "pipa.txt").symlink_to(pipe)
    (project / "docs" / "pipa.md").symlink_to(pipe)
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml")]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, cwd=project)
    for name in ("video.mp4", "docs/pipa.txt", "docs/pipa.md"):
        assert f"{name}: ini tautan simbolis" in result.stderr
    assert [p for p in (project / "site").rglob("*") if p.is_symlink()] == []


@pytest.mark.shared_photos
def test_harmoni_baru_refuses_a_linked_photo(project, outside, tmp_path, capsys):
    source = tmp_path / "foto-baru"
    source.mkdir()
    shutil.copyfile(EXIF_PHOTOS / "Portrait_3.jpg", source / "asli.jpg")
    (source / "tautan.jpg").symlink_to(outside / "foto.jpg")
    flags = ["--ya", "--judul", "Uji Tautan", "--tanggal", "2024-07-10", "--kategori", "lainnya"]
    args = ["-f", str(project / "mkdocs.yml"), "baru", *flags, "--foto", str(source)]
    assert cli.main(args) == 0
    captured = capsys.readouterr()
    assert "tautan.jpg: tautan simbolis (symlink)" in captured.err
    folder = next((project / "kegiatan").rglob("*uji-tautan"))
    assert sorted(p.name for p in folder.iterdir()) == ["foto-01.jpg", "index.md"]
