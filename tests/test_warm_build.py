"""Warm builds: with nothing changed a build replays the previous one (its memo) and leaves the
published files in place; after any change the site is exactly the one a clean build gives."""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CACHE, build_project, clean_build_of, read_config, site_files, write_config
from harmoni_arsip.manifest import input_values
from harmoni_arsip.memo import memo_path, recall
from harmoni_arsip.settings import load_settings, site_of
from harmoni_arsip.site_folder import ASIDE
from mkdocs.config import load_config

ENTRY = Path("kegiatan") / "2024" / "2024-04-01-penjaringan-ide-harmoni"


def cache_file_of(project: Path, published: Path) -> Path:
    """The file of the image cache that `published` is a copy of."""
    data = published.read_bytes()
    return next(p for p in (project / CACHE / "media").rglob("*" + published.suffix)
                if p.stat().st_size == len(data) and p.read_bytes() == data)  # fmt: skip


def test_a_build_with_nothing_changed_keeps_every_published_file_in_place(project):
    first = build_project(project)
    before = site_files(first.site)
    photo = first.site / "k" / "2024-001" / "foto-01-360.webp"
    inode = photo.stat().st_ino
    (memo,) = (project / CACHE).glob("build-situs-????????????.pickle")
    saved = memo.stat().st_mtime_ns
    second = build_project(project)
    assert site_files(second.site) == before
    assert photo.stat().st_ino == inode  # neither deleted nor linked again
    assert memo.stat().st_mtime_ns == saved  # nothing new to remember
    assert not (second.site / ASIDE).exists()
    assert second.warnings == first.warnings == []


@pytest.mark.expect_warnings("privasi.md")
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


def test_the_sanitized_pages_kept_are_used_only_as_they_were_made(project):
    """The sanitized content kept for the next build: a damaged file, or one made under other
    sanitizer rules, is not used; the site is the same either way."""
    reference = site_files(build_project(project).site)
    (kept,) = (project / CACHE).glob("build-situs-*-tersaring.pickle")
    kept.write_bytes(b"rusak")
    assert site_files(build_project(project).site) == reference
    data = pickle.loads(kept.read_bytes())
    poisoned = {key: "<script>alert(1)</script>" for key in data["pages"]}
    kept.write_bytes(pickle.dumps({"rules": "aturan lain", "pages": poisoned}))
    site = build_project(project).site
    assert site_files(site) == reference
    assert not any(b"alert(1)" in p.read_bytes() for p in site.rglob("*.html"))


def test_a_file_deleted_from_the_cache_is_made_again(project, tmp_path):
    first = build_project(project)
    published = first.site / "k" / "2024-001" / "foto-01-360.webp"
    cached = cache_file_of(project, published)
    published.unlink()
    cached.unlink()  # the memo still names it: the build must notice and make it again
    rebuilt = build_project(project)
    assert cached.exists()
    assert published.read_bytes() == cached.read_bytes()
    assert "rencana dibuat ulang" in rebuilt.text
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


def why_not_warm(project: Path) -> str:
    """Why the next build of `project` would plan again ("" when it would not)."""
    config = load_config(str(project / "mkdocs.yml"))
    settings = load_settings(config.extra)
    site = site_of(config, settings)
    memo = memo_path(project / CACHE, site.site_url, preview=False)
    markdown = (config.markdown_extensions, config.mdx_configs)
    values = input_values(project.resolve(), settings, site, markdown)
    return recall(memo, values, project.resolve()).reason


def test_every_input_of_the_plan_makes_the_next_build_plan_again(project, monkeypatch):
    build_project(project)
    assert why_not_warm(project) == ""
    (project / "docs" / "tentang.md").write_text("# Lain\n", "utf-8")  # checked by the plan
    assert why_not_warm(project) == "docs/tentang.md berubah"
    build_project(project)
    (project / "docs" / "baru.md").write_text("# Baru\n", "utf-8")
    assert why_not_warm(project) == "docs berubah"
    build_project(project)
    photo = project / ENTRY / "foto-01.jpg"
    photo.write_bytes(photo.read_bytes())  # same bytes, a new write
    assert why_not_warm(project) == f"{ENTRY.as_posix()}/foto-01.jpg berubah"
    build_project(project)
    (project / ENTRY / "catatan.txt").write_text("x", "utf-8")
    assert why_not_warm(project) == f"{ENTRY.as_posix()} berubah"
    build_project(project)
    (project / "kegiatan" / "2025" / "baru").mkdir(parents=True)
    assert why_not_warm(project).endswith("berubah")
    build_project(project)
    registry = project / "kegiatan" / "terbit.txt"
    registry.write_text(registry.read_text("utf-8") + "\n", "utf-8")
    assert why_not_warm(project) == "kegiatan/terbit.txt berubah"
    build_project(project)
    reach = project / "kegiatan" / "jangkauan.csv"
    reach.write_bytes(reach.read_bytes())
    assert why_not_warm(project) == "kegiatan/jangkauan.csv berubah"
    build_project(project)
    config = read_config(project)
    config["extra"]["harmoni"]["beranda_jumlah"] = 2
    write_config(project, config)
    assert why_not_warm(project) == "pengaturan atau versi pustaka berubah"
    build_project(project)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert why_not_warm(project) == "pengaturan atau versi pustaka berubah"


def test_a_memo_holding_anything_but_plain_data_is_not_read(tmp_path):
    marker = tmp_path / "dijalankan"

    class Payload:
        def __reduce__(self):
            return (Path.touch, (marker,))

    memo = tmp_path / "build-situs-x.pickle"
    memo.write_bytes(pickle.dumps({"format": 2, "manifest": Payload()}))
    assert recall(memo, "", tmp_path).reason == "rencana tersimpan tidak terbaca"
    assert not marker.exists()
    memo.write_bytes(b"rusak")
    assert recall(memo, "", tmp_path).reason == "rencana tersimpan tidak terbaca"


def _overlay_glightbox(folder: Path) -> Path:
    """A copy of the installed mkdocs-glightbox (package and metadata) in `folder`, to put
    first on PYTHONPATH: a test may then replace its files the way pip would."""
    import importlib.metadata

    dist = importlib.metadata.distribution("mkdocs-glightbox")
    package = Path(str(dist.locate_file("mkdocs_glightbox")))
    shutil.copytree(package, folder / "mkdocs_glightbox")
    info = Path(str(dist._path))  # type: ignore[attr-defined]  # the .dist-info folder
    shutil.copytree(info, folder / info.name)
    return folder / "mkdocs_glightbox" / "glightbox" / "glightbox.min.js"


def _build_in_process_of_its_own(project: Path, python_path: Path) -> str:
    """`mkdocs build` of `project` in a new Python process with `python_path` first on its
    path; its log."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(python_path)}
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build"], cwd=project, env=env,
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return done.stderr


def test_a_replaced_file_of_an_installed_distribution_is_published(project, tmp_path):
    script = _overlay_glightbox(tmp_path / "paket")
    _build_in_process_of_its_own(project, tmp_path / "paket")
    _build_in_process_of_its_own(project, tmp_path / "paket")  # warm
    new = script.with_name("baru.tmp")
    new.write_bytes(script.read_bytes() + b"\n/* versi baru */\n")
    os.replace(new, script)  # as pip installs: a new file, a new inode
    _build_in_process_of_its_own(project, tmp_path / "paket")
    published = project / "site" / "assets" / "glightbox" / "glightbox.min.js"
    assert published.read_bytes() == script.read_bytes()


def test_a_collision_is_reported_once_per_build_and_never_kept(project):
    collision = project / "docs" / "statistik" / "index.md"
    collision.parent.mkdir()
    collision.write_text("# Statistik buatan tangan\n", "utf-8")
    first = build_project(project)
    assert len(first.warnings) == 1 and "docs/statistik/index.md" in first.warnings[0]
    published = first.site / "k" / "2024-001" / "foto-01-360.webp"
    cached = cache_file_of(project, published)
    published.unlink()
    cached.unlink()
    assert build_project(project).warnings == first.warnings
    assert build_project(project).warnings == first.warnings  # warm: still once
    shutil.rmtree(collision.parent)
    fixed = build_project(project, strict=True)  # raises on any warning
    assert fixed.warnings == []
    assert (fixed.site / "k" / "2024-001" / "foto-01-360.webp").exists()


def test_writing_into_the_published_site_changes_no_original(project):
    built = build_project(project)
    entry = project / "kegiatan" / "2024" / "2024-06-25-peluncuran-harmoni"
    (video,) = built.site.glob("k/*/video-kegiatan.mp4")
    photo = built.site / "k" / "2024-001" / "foto-01-360.webp"
    cached = cache_file_of(project, photo)
    originals = {path: path.read_bytes() for path in (entry / "video-kegiatan.mp4", cached)}
    for published in (video, photo):
        with open(published, "r+b") as handle:  # as a careless tool would, in place
            handle.write(b"rusak")
    assert {path: path.read_bytes() for path in originals} == originals
    rebuilt = build_project(project)  # and the next build publishes the originals again
    assert video.read_bytes() == originals[entry / "video-kegiatan.mp4"]
    assert photo.read_bytes() == originals[cached]
    assert rebuilt.warnings == []


def test_the_theme_compiled_by_one_build_serves_the_next_with_the_same_site(project, tmp_path):
    first = build_project(project)
    compiled = project / CACHE / "templat-tema"
    kept = {path.name: path.stat().st_mtime_ns for path in compiled.iterdir()}
    assert len(kept) > 10  # Material's templates and the archive's own theme templates
    second = build_project(project)
    assert {path.name: path.stat().st_mtime_ns for path in compiled.iterdir()} == kept
    assert site_files(second.site) == site_files(first.site)
    without = tmp_path / "tanpa-cache-templat"
    shutil.copytree(project, without, ignore=shutil.ignore_patterns("site", "templat-tema"))
    (without / CACHE / "templat-tema").write_text("bukan folder", "utf-8")  # cannot be made
    uncached = build_project(without)
    assert uncached.warnings == []
    assert site_files(uncached.site) == site_files(second.site)


def test_the_finished_pages_kept_are_used_only_as_they_were_made(project):
    """How each page was finished (its head tags and policy) is kept for the next build: a
    damaged file, one made under other rules, or results of another shape are not used."""
    reference = site_files(build_project(project).site)
    (kept,) = (project / CACHE).glob("build-situs-*-selesai.pickle")
    data = pickle.loads(kept.read_bytes())
    assert len(data["pages"]) > 40  # one for every page of the demo
    assert site_files(build_project(project).site) == reference  # served from the file
    poisoned = {key: (0, 0, "<script>alert(1)</script>", b"\0" * 16) for key in data["pages"]}
    for damaged in (
        b"rusak",
        pickle.dumps({"rules": "aturan lain", "pages": poisoned}),
        pickle.dumps({"rules": data["rules"], "pages": dict.fromkeys(data["pages"], ("0", 0))}),
    ):
        kept.write_bytes(damaged)
        assert site_files(build_project(project).site) == reference
