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
