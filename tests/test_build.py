"""Whole builds: caching by content, untouched sources, and bad input reported cleanly."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXIF_PHOTOS, build_project, list_photos, read_config, write_config
from harmoni_arsip.media import images
from html_parse import tags
from mkdocs.exceptions import Abort
from PIL import Image, ImageOps


def snapshot(folder: Path) -> dict[str, str]:
    """Every file below `folder` with the hash of its bytes."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*")) if p.is_file()
    }  # fmt: skip


def test_rebuild_with_nothing_changed_does_no_image_work(project):
    build_project(project)
    before = images.operation_count()
    second = build_project(project)
    assert images.operation_count() == before
    assert second.warnings == []
    assert (second.site / "k" / "2024-001" / "foto-01-360.webp").exists()


@pytest.mark.expect_warnings("keterangan untuk `foto-02.jpg`")
def test_the_cache_keeps_only_what_the_build_uses(project):
    build_project(project)
    media = project / ".cache" / "harmoni" / "media"
    live = {p.name for p in media.rglob("*") if p.is_file()}
    stale = media / "ab" / ("ab" * 20 + "-v0-webp-q10-320.webp")
    stale.parent.mkdir(exist_ok=True)
    stale.write_bytes(b"old")
    photo = project / "kegiatan" / "2024" / "2024-04-01-penjaringan-ide-harmoni" / "foto-02.jpg"
    photo.unlink()
    build_project(project)
    kept = {p.name for p in media.rglob("*") if p.is_file()}
    assert not stale.exists()
    sizes = read_config(project)["extra"]["harmoni"]["foto"]
    assert kept < live  # the removed photo's sizes are gone
    assert len(live - kept) == len(sizes["gambar_kecil"]) + len(sizes["gambar_tampilan"])
    before = images.operation_count()
    build_project(project)
    assert images.operation_count() == before
    assert {p.name for p in media.rglob("*") if p.is_file()} == kept


@pytest.mark.shared_photos
def test_changing_one_photo_redoes_only_that_photo(project):
    build_project(project)
    photo = project / "kegiatan" / "2024" / "2024-04-01-penjaringan-ide-harmoni" / "foto-01.jpg"
    shutil.copyfile(EXIF_PHOTOS / "Landscape_3.jpg", photo)
    before = images.operation_count()
    result = build_project(project)
    sizes = read_config(project)["extra"]["harmoni"]["foto"]  # thumbnail and display sizes
    variants = len(sizes["gambar_kecil"]) + len(sizes["gambar_tampilan"])
    share = 1  # it is the entry's cover: one more encode (same decode) for its link-preview JPEG
    assert images.operation_count() - before == 1 + variants + share
    assert result.warnings == []


def test_touching_a_photo_without_changing_it_does_no_image_work(project):
    build_project(project)
    photo = next((project / "kegiatan").rglob("foto-01.jpg"))
    os.utime(photo, (1, 1))
    before = images.operation_count()
    build_project(project)
    assert images.operation_count() == before


def test_a_build_never_changes_its_sources(project):
    sources = {name: snapshot(project / name) for name in ("kegiatan", "docs")}
    build_project(project)
    build_project(project)
    assert {name: snapshot(project / name) for name in ("kegiatan", "docs")} == sources


def add_bad_photos(project: Path) -> Path:
    folder = project / "kegiatan" / "2024" / "2024-04-01-penjaringan-ide-harmoni"
    (folder / "foto-09-bukan-gambar.jpg").write_text("ini bukan foto", encoding="utf-8")
    data = (EXIF_PHOTOS / "Landscape_1.jpg").read_bytes()
    (folder / "foto-10-terpotong.jpg").write_bytes(data[: len(data) // 3])
    list_photos(folder, "foto-09-bukan-gambar.jpg", "foto-10-terpotong.jpg")
    return folder


@pytest.mark.shared_photos
def test_broken_photos_are_reported_and_left_out(project):
    folder = add_bad_photos(project)
    result = build_project(project)
    relative = folder.relative_to(project).as_posix()
    not_image = [w for w in result.warnings if "foto-09-bukan-gambar.jpg" in w]
    truncated = [w for w in result.warnings if "foto-10-terpotong.jpg" in w]
    assert len(not_image) == 1 and f"{relative}/foto-09-bukan-gambar.jpg" in not_image[0]
    assert "bukan berkas gambar" in not_image[0]
    assert len(truncated) == 1 and "rusak atau terpotong" in truncated[0]
    page = (result.site / "k" / "2024-001" / "index.html").read_text("utf-8")
    assert "foto-09" not in page and "foto-10" not in page
    assert "foto-01-360.webp" in page  # the good photos are still there


@pytest.mark.shared_photos
@pytest.mark.expect_warnings("2024-04-01-penjaringan-ide-harmoni/foto-")
def test_strict_build_fails_on_bad_input(project):
    add_bad_photos(project)
    with pytest.raises(Abort):
        build_project(project, strict=True)


@pytest.mark.shared_photos
def test_command_line_shows_messages_not_tracebacks(project):
    add_bad_photos(project)
    broken = project / "kegiatan" / "2024" / "rusak"
    broken.mkdir()
    (broken / "index.md").write_text("---\nid: 2024-999\ntitle: [rusak\n---\n", "utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=project, capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )  # fmt: skip
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in output
    assert "YAML tidak dapat dibaca" in output and "baris" in output
    assert "foto-09-bukan-gambar.jpg" in output


def test_missing_site_url_stops_with_advice(project):
    config_path = project / "mkdocs.yml"
    text = config_path.read_text("utf-8")
    kept = [line for line in text.splitlines() if not line.startswith("site_url")]
    config_path.write_text("\n".join(kept))
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build"], cwd=project, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "`site_url` belum diisi" in result.stderr and "Traceback" not in result.stderr


def test_published_files_are_readable_by_any_web_server(demo_site):
    for path in (demo_site.site / "k").rglob("*"):
        if path.is_file():
            assert path.stat().st_mode & 0o444 == 0o444, path


def test_a_malformed_setting_stops_with_a_message(project):
    config = read_config(project)
    config["extra"]["harmoni"]["kategori"] = "pelatihan"
    write_config(project, config)
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build"], cwd=project, capture_output=True, text=True
    )
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "extra.harmoni.kategori" in result.stderr


def srcset_widths(value: str) -> list[int]:
    """The `w` descriptors of a srcset, in order."""
    return [int(part.split()[1].rstrip("w")) for part in value.split(",") if part.strip()]


@pytest.mark.shared_photos
def test_a_small_photo_is_published_once_per_size(project):
    photo = project / "kegiatan" / "2024" / "2024-04-01-penjaringan-ide-harmoni" / "foto-01.jpg"
    image = ImageOps.exif_transpose(Image.open(EXIF_PHOTOS / "Portrait_5.jpg")).convert("RGB")
    image.thumbnail((500, 500), Image.Resampling.LANCZOS)
    image.save(photo, quality=90)  # 333×500: smaller than every display size
    result = build_project(project)
    assert result.warnings == []
    folder = result.site / "k" / "2024-001"
    published = sorted(folder.glob("foto-01-*.webp"))  # (its link-preview JPEG is apart)
    sizes = [Image.open(p).size for p in published]
    assert len(set(sizes)) == len(sizes), dict(zip(published, sizes, strict=True))
    assert (333, 500) in sizes
    for page in result.site.rglob("index.html"):
        for img in tags(page, "img"):
            for value in (img.get("srcset"), img.get("data-srcset")):
                widths = srcset_widths(value or "")
                assert len(set(widths)) == len(widths), (page, value)
        for anchor in tags(page, "a", inside="harmoni-galeri"):
            widths = srcset_widths(anchor["data-srcset"])
            assert widths and len(set(widths)) == len(widths), (page, anchor["data-srcset"])
            assert (page.parent / anchor["href"]).is_file()
