"""The ways staff run MkDocs keep publishing every file of the plan, though the images are no
MkDocs files: `mkdocs serve` answers for them, and `mkdocs gh-deploy` pushes them."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from conftest import CACHE, build_project, clean_build_of, opened, read_config, site_files

ACTIVITY = "k/2024-001/"
IMAGE = ACTIVITY + "foto-01-360.webp"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=10) as answer:  # noqa: S310 (loopback only)
        return answer.status, answer.read()


def _environment() -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def _serve(project: Path) -> tuple[subprocess.Popen, str, bytes]:
    """`mkdocs serve` of `project` on a free port once it answers for the activity page: the
    process, its base URL and the page. A port taken meanwhile by another test (the suite runs
    on several workers) makes `serve` exit: then it starts again on another port."""
    for _attempt in range(3):
        port = _free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--no-livereload", "-a", f"127.0.0.1:{port}"],
            cwd=project, env=_environment(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}/harmoni/"
        deadline = time.monotonic() + 240
        while server.poll() is None and time.monotonic() < deadline:
            try:
                return server, base, _checked(_get(base + ACTIVITY))
            except OSError:
                time.sleep(0.2)
        server.terminate()
        server.wait(timeout=30)
        assert time.monotonic() < deadline, "serve did not start"
    raise AssertionError("serve exited three times: no free port")


def _checked(answer: tuple[int, bytes]) -> bytes:
    """The body of a 200 answer."""
    status, body = answer
    assert status == 200
    return body


def test_mkdocs_serve_answers_for_pages_and_images(project):
    server, base, page = _serve(project)
    try:
        assert b"foto-01-360.webp" in page
        status, image = _get(base + IMAGE)
        assert status == 200 and image[:4] == b"RIFF" and image[8:12] == b"WEBP"
        assert _get(base + ACTIVITY + "qr.png")[1][:8] == b"\x89PNG\r\n\x1a\n"
    finally:
        server.terminate()
        server.wait(timeout=30)


def _git(folder: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=folder, check=True, capture_output=True, text=True
    ).stdout


def test_gh_deploy_pushes_every_image_and_qr_code(project, tmp_path):
    remote = tmp_path / "remote.git"
    _git(tmp_path, "init", "-q", "--bare", str(remote))
    _git(project, "init", "-q", "-b", "main")
    _git(project, "config", "user.email", "staf@contoh.go.id")
    _git(project, "config", "user.name", "Staf")
    _git(project, "add", "-A")
    _git(project, "commit", "-q", "-m", "arsip")
    _git(project, "remote", "add", "origin", str(remote))
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "gh-deploy", "--strict", "--no-history"],
        cwd=project, env=_environment(), check=True, capture_output=True,
    )  # fmt: skip
    published = set(_git(remote, "ls-tree", "-r", "--name-only", "gh-pages").split())
    built = {p.relative_to(project / "site").as_posix() for p in (project / "site").rglob("*")
             if p.is_file()}  # fmt: skip
    assert {IMAGE, ACTIVITY + "qr.png", ACTIVITY + "qr.svg", ACTIVITY + "index.html"} <= published
    assert built <= published


def _qr_texts(png: bytes, svg: bytes) -> list[str]:
    """What the PNG and the SVG (rendered at 300 dpi) of a QR code decode to."""
    import io

    import resvg_py
    import zxingcpp
    from PIL import Image

    rendered = resvg_py.svg_to_bytes(svg_string=svg.decode(), dpi=300)
    images = [Image.open(io.BytesIO(png)), Image.open(io.BytesIO(bytes(rendered))).convert("L")]
    return [code.text for image in images for code in zxingcpp.read_barcodes(image)]


def _cache_files(project: Path) -> set[str]:
    cache = project / CACHE
    return {p.relative_to(cache).as_posix() for p in cache.rglob("*") if p.is_file()}


def test_a_preview_shows_permanent_qr_codes_and_leaves_the_build_warm(project, tmp_path):
    built = build_project(project)
    site_url = read_config(project)["site_url"]
    cache_before = _cache_files(project)
    memo_before = {p.name: p.stat().st_mtime_ns for p in (project / CACHE).glob("build-*")}
    server, base, page = _serve(project)
    try:
        assert "127.0.0.1" in base
        assert "Pratinjau" in page.decode("utf-8")  # the preview says what it is
        png = _checked(_get(base + ACTIVITY + "qr.png"))
        svg = _checked(_get(base + ACTIVITY + "qr.svg"))
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert [opened(text) for text in _qr_texts(png, svg)] == [site_url + ACTIVITY] * 2
    assert _cache_files(project) >= cache_before  # serve prunes nothing of the real site's
    after = {p.name: p.stat().st_mtime_ns for p in (project / CACHE).glob("build-*")}
    assert {name: after[name] for name in memo_before} == memo_before  # its own memo slot
    again = build_project(project)
    assert "rencana dibuat ulang" not in again.text  # warm
    assert "Pratinjau" not in (again.site / ACTIVITY / "index.html").read_text("utf-8")
    assert again.warnings == built.warnings == []
    assert site_files(again.site) == clean_build_of(project, tmp_path / "bersih")
