"""Warm builds: with nothing changed a build replays the previous one (its memo) and leaves the
published files in place; after any change the site is exactly the one a clean build gives."""

from __future__ import annotations

import os
import pickle
import shutil
from pathlib import Path

import pytest
from conftest import CACHE, build_project, read_config, write_config
from harmoni_arsip.inputs import plan_fingerprint
from harmoni_arsip.mkdocs_memo import MEMO_FILE, load_memo
from harmoni_arsip.settings import load_settings, site_of
from harmoni_arsip.site_folder import ASIDE
from mkdocs.config import load_config

ENTRY = Path("kegiatan") / "2024" / "2024-04-01-penjaringan-ide-harmoni"


def site_files(site: Path) -> dict[str, bytes]:
    """Every file of a built site (hidden ones too), by its path in the site."""
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def clean_build_of(project: Path, folder: Path) -> dict[str, bytes]:
    """The site a clean build of `project`'s current input gives: a copy without its site and
    without the memo, built in another folder."""
    shutil.copytree(project, folder, ignore=shutil.ignore_patterns("site", MEMO_FILE))
    return site_files(build_project(folder).site)


def test_a_build_with_nothing_changed_keeps_every_published_file_in_place(project):
    first = build_project(project)
    before = site_files(first.site)
    photo = first.site / "k" / "2024-001" / "foto-01-360.webp"
    inode = photo.stat().st_ino
    memo = project / CACHE / MEMO_FILE
    saved = memo.stat().st_mtime_ns
    second = build_project(project)
    assert site_files(second.site) == before
    assert photo.stat().st_ino == inode  # neither deleted nor linked again
    assert memo.stat().st_mtime_ns == saved  # nothing new to remember
    assert not (second.site / ASIDE).exists()
    assert second.warnings == first.warnings == []


def test_after_changes_the_site_is_the_one_a_clean_build_gives(project, tmp_path):
    build_project(project)
    entry = project / ENTRY
    (entry / "foto-03.jpg").unlink()  # its sizes must leave the site, with its caption
    text = (entry / "index.md").read_text("utf-8")
    text = text.replace("title: Penjaringan Ide Inovasi HARMONI", "title: Penjaringan Ide Baru")
    caption = text.index("  - berkas: foto-03.jpg")
    text = text[:caption] + text[text.index("media_sosial:", caption) :]
    (entry / "index.md").write_text(text, "utf-8")
    (project / "docs" / "privasi.md").unlink()  # MkDocs warns about links to it
    (project / "docs" / "baru.md").write_text("# Halaman baru\n\nIsi.\n", "utf-8")
    warm = build_project(project)
    assert [warning for warning in warm.warnings if "privasi.md" not in warning] == []
    assert not (warm.site / "k" / "2024-001" / "foto-03-360.webp").exists()
    assert not (warm.site / "privasi").exists()
    assert (warm.site / "baru" / "index.html").exists()
    assert "Penjaringan Ide Baru" in (warm.site / "k" / "2024-001" / "index.html").read_text()
    clean = clean_build_of(project, tmp_path / "bersih")
    warm_files = site_files(warm.site)
    assert sorted(warm_files) == sorted(clean)
    assert [name for name in clean if clean[name] != warm_files[name]] == []


def test_a_file_deleted_from_the_cache_is_made_again(project, tmp_path):
    first = build_project(project)
    published = first.site / "k" / "2024-001" / "foto-01-360.webp"
    cached = next(
        p for p in (project / CACHE / "media").rglob("*.webp")
        if p.stat().st_ino == published.stat().st_ino
    )  # fmt: skip
    published.unlink()
    cached.unlink()  # the memo still names it: the build must notice and make it again
    rebuilt = build_project(project)
    assert cached.exists()
    assert published.stat().st_ino == cached.stat().st_ino
    assert rebuilt.warnings == []
    assert site_files(rebuilt.site) == clean_build_of(project, tmp_path / "bersih")


def test_a_change_to_markdown_settings_renders_the_pages_again(project):
    index = project / ENTRY / "index.md"
    index.write_text(index.read_text("utf-8") + "\n## Tindak lanjut\n\nDirangkum.\n", "utf-8")
    first = build_project(project)
    page = first.site / "k" / "2024-001" / "index.html"
    assert 'class="headerlink"' in page.read_text("utf-8")
    config = read_config(project)
    config["markdown_extensions"] = [
        {"toc": {"permalink": False}} if isinstance(item, dict) and "toc" in item else item
        for item in config["markdown_extensions"]
    ]
    write_config(project, config)
    second = build_project(project)
    html = page.read_text("utf-8")
    assert 'id="tindak-lanjut"' in html
    assert 'class="headerlink"' not in html
    assert second.warnings == []


def test_problems_are_reported_again_by_a_build_that_replays_the_memo(project):
    index = project / ENTRY / "index.md"
    index.write_text(index.read_text("utf-8").replace("contoh: true", "contoh: true\ncatatan: x"))
    first = build_project(project)
    assert len(first.warnings) == 1 and "kunci `catatan` tidak dikenal" in first.warnings[0]
    second = build_project(project)
    assert second.warnings == first.warnings


def test_a_previous_site_left_by_an_interrupted_build_is_not_published(project):
    build_project(project)
    leftover = project / "site" / ASIDE / "k" / "2099-001" / "index.html"
    leftover.parent.mkdir(parents=True)
    leftover.write_text("lama", "utf-8")
    stray = project / "site" / "k" / "2099-002" / "foto.webp"
    stray.parent.mkdir(parents=True)
    stray.write_bytes(b"lama")
    built = build_project(project)
    assert not (built.site / ASIDE).exists()
    assert not stray.exists()  # as MkDocs' cleaning would remove it
    assert not stray.parent.exists()


def fingerprint(project: Path) -> str:
    config = load_config(str(project / "mkdocs.yml"))
    settings = load_settings(config.extra)
    return plan_fingerprint(project.resolve(), settings, site_of(config, settings))


def test_the_fingerprint_changes_with_every_input_of_the_plan(project, monkeypatch):
    start = fingerprint(project)
    (project / "docs" / "tentang.md").write_text("# Lain\n", "utf-8")  # MkDocs' input, not ours
    (project / "site").mkdir()
    assert fingerprint(project) == start
    seen = {start}

    def changed() -> str:
        value = fingerprint(project)
        assert value not in seen
        seen.add(value)
        return value

    photo = project / ENTRY / "foto-01.jpg"
    photo.write_bytes(photo.read_bytes())  # same bytes, a new write
    changed()
    (project / ENTRY / "catatan.txt").write_text("x", "utf-8")
    changed()
    registry = project / "kegiatan" / "terbit.txt"
    registry.write_text(registry.read_text("utf-8") + "\n", "utf-8")
    changed()
    config = read_config(project)
    config["extra"]["harmoni"]["beranda_jumlah"] = 2
    write_config(project, config)
    changed()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    changed()


def test_a_memo_holding_anything_but_plain_data_is_not_read(tmp_path):
    marker = tmp_path / "dijalankan"

    class Payload:
        def __reduce__(self):
            return (Path.touch, (marker,))

    memo = tmp_path / MEMO_FILE
    memo.write_bytes(pickle.dumps({"format": 1, "key": "k", "memo": Payload()}))
    assert load_memo(memo, "k") is None
    assert not marker.exists()
    memo.write_bytes(b"rusak")
    assert load_memo(memo, "k") is None


@pytest.mark.skipif(not hasattr(os, "link"), reason="needs hard links")
def test_the_memo_belongs_to_its_inputs(project):
    build_project(project)
    memo = project / CACHE / MEMO_FILE
    key = fingerprint(project)
    assert load_memo(memo, key) is not None
    assert load_memo(memo, "lain") is None
