"""Shared fixtures: real builds of real projects in temporary folders.

Fixture projects point at the real hook file (never a copy), so the package is imported once per
process, as under `mkdocs serve`.

The demo is built once per session (`demo_site`); the projects tests change and build start from
a COPY of that build's image cache (`project`, `warm_copy`), so they derive only what they change.
Each copy is the test's own: a test may prune, overwrite or delete its cache without touching
another's. Tests of a cold cache use `cold_project` (or `copy_project` alone).
"""

from __future__ import annotations

import logging
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config

REPO = Path(__file__).resolve().parents[1]
HOOK = REPO / "hooks" / "harmoni.py"
CACHE = Path(".cache") / "harmoni"
"""The image cache, relative to mkdocs.yml (the `cache` setting's default)."""
TESTDATA = REPO.parent / "shared" / "testdata"
EXIF_PHOTOS = TESTDATA / "exif-orientation"


# Builds here are dated by their input (posters' PDF dates); tests of SOURCE_DATE_EPOCH set it
# themselves. Cleared before the session's demo build, whatever the developer's shell holds.
os.environ.pop("SOURCE_DATE_EPOCH", None)


def pytest_collection_modifyitems(config, items):
    """Tests that read the shared photos skip where `../shared/testdata` is not beside the
    checkout; CI sets HARMONI_BUTUH_DATA_UJI=1 so that they fail there instead of skipping."""
    if EXIF_PHOTOS.is_dir() or os.environ.get("HARMONI_BUTUH_DATA_UJI") == "1":
        return
    skip = pytest.mark.skip(reason=f"foto uji bersama tidak ada di {TESTDATA}")
    for item in items:
        if "shared_photos" in item.keywords:
            item.add_marker(skip)


@dataclass
class BuildResult:
    """A finished build: where it went and what it logged."""

    project: Path
    site: Path
    messages: list[logging.LogRecord]

    @property
    def warnings(self) -> list[str]:
        return [r.getMessage() for r in self.messages if r.levelno >= logging.WARNING]

    @property
    def text(self) -> str:
        return "\n".join(r.getMessage() for r in self.messages)


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def copy_project(target: Path, entries: Path | None = REPO / "kegiatan") -> Path:
    """A copy of the repository's site (config, docs, entries) wired to the real hook file."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copytree(REPO / "docs", target / "docs")
    if entries is not None:
        shutil.copytree(entries, target / "kegiatan")
    else:
        (target / "kegiatan").mkdir()
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    config["hooks"] = [str(HOOK)]
    write_config(target, config)
    return target


def with_cache(project: Path, cache: Path) -> Path:
    """`project` with a copy (real bytes, not links) of the image cache `cache`."""
    shutil.copytree(cache, project / CACHE)
    return project


def write_config(project: Path, config: dict) -> None:
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")


def read_config(project: Path) -> dict:
    return yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))


def build_project(project: Path, strict: bool = False) -> BuildResult:
    """Run a real MkDocs build of `project` into `project/site`, collecting its log records."""
    handler = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        config = load_config(str(project / "mkdocs.yml"), strict=strict)
        build(config)
    finally:
        logger.removeHandler(handler)
    return BuildResult(project, project / "site", handler.records)


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory) -> BuildResult:
    """The demo archive, built once for the whole session."""
    project = copy_project(tmp_path_factory.mktemp("demo") / "proyek")
    return build_project(project)


@pytest.fixture(scope="session")
def warm_cache(demo_site) -> Path:
    """The image cache of the session's demo build: copy it (`with_cache`), never build in it."""
    return demo_site.project / CACHE


@pytest.fixture(scope="session")
def warm_copy(warm_cache):
    """`warm_copy(folder)`: a copy of the demo project in `folder` with a copy of the warm image
    cache, for module-scoped fixtures."""
    return lambda folder: with_cache(copy_project(folder), warm_cache)


@pytest.fixture
def project(tmp_path, warm_copy) -> Path:
    """A fresh copy of the demo project to change and build, with its own copy of the warm image
    cache."""
    return warm_copy(tmp_path / "proyek")


@pytest.fixture
def cold_project(tmp_path) -> Path:
    """A fresh copy of the demo project with no image cache: for tests of a cold cache."""
    return copy_project(tmp_path / "proyek")


def opened(text: str) -> str:
    """The address a phone opens for a decoded QR text: scheme and host are case-insensitive
    (the URL standard), so they compare in lower case; the path stays as it is."""
    scheme, rest = text.split("://", 1)
    host, slash, path = rest.partition("/")
    return f"{scheme.lower()}://{host.lower()}{slash}{path}"
