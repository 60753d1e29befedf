"""Shared fixtures: real builds of real projects in temporary folders.

Fixture projects point at the real hook file (never a copy), so the package is imported once per
process, as under `mkdocs serve`.

The demo is built once per run (`demo_site`); the projects tests change and build start from
a COPY of that build's image cache (`project`, `warm_copy`), so they derive only what they change.
Each copy is the test's own: a test may prune, overwrite or delete its cache without touching
another's. A test of an empty cache uses `copy_project` alone.

The suite runs on every core (pytest-xdist, `--numprocesses=auto --dist=loadfile` in
pyproject.toml): each worker is its own session, with its own browser and `tmp_path_factory`
folder; the first worker that needs the demo builds it for all (the others wait) and nothing
writes into it. A test file runs whole on one worker, so its module fixtures are built once.
Tests share nothing else writable but `test-artifacts/`, where every screenshot has its own name.
"""

from __future__ import annotations

import contextlib
import http.server
import json
import logging
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config
from s3_lokal import NoServer, S3Server, seaweedfs

http.server.ThreadingHTTPServer.request_queue_size = 128
"""The local servers of the tests accept as many waiting connections as a browser opens at
once: with the standard library's 5, a loaded machine reset some of Chromium's requests."""

try:
    import fcntl
except ImportError:  # Windows: each worker builds its own demo
    fcntl = None  # type: ignore[assignment]

REPO = Path(__file__).resolve().parents[1]
HOOK = REPO / "hooks" / "harmoni.py"
CACHE = Path(".cache") / "harmoni"
"""The image cache, relative to mkdocs.yml (the `cache` setting's default)."""
TESTDATA = REPO.parent / "shared" / "testdata"
EXIF_PHOTOS = TESTDATA / "exif-orientation"


# Builds here are dated by their input (posters' PDF dates); tests of SOURCE_DATE_EPOCH set it
# themselves. Cleared before the session's demo build, whatever the developer's shell holds.
os.environ.pop("SOURCE_DATE_EPOCH", None)


def pytest_addoption(parser, pluginmanager):
    """Without pytest-xdist (`-p no:xdist`, or an older venv) the suite runs in one process: the
    worker options that pyproject.toml's addopts pass are then accepted and ignored."""
    if pluginmanager.has_plugin("xdist"):
        return
    group = parser.getgroup("xdist", "pytest-xdist is not loaded: these options are ignored")
    group.addoption("--numprocesses", default=None, help="ignored without pytest-xdist")
    group.addoption("--dist", default="no", help="ignored without pytest-xdist")
    group.addoption("--no-loadscope-reorder", action="store_true", help="ignored, as above")


SLOW_FILES = (
    "test_browser.py",
    "test_search.py",
    "test_editor.py",
    "test_reproducible.py",
    "test_safety.py",
    "test_hosting.py",
    "test_cmd_periksa.py",
    "test_visits.py",
    "test_build.py",
    "test_mulai.py",
    "test_engine.py",
)
"""The test files that take longest, longest first. They run early (`_run_order`): pytest-xdist
hands out whole files in collection order (`--no-loadscope-reorder`), so no worker is left alone
at the end with a long file while the others idle."""


def _run_order(items: list[pytest.Item]) -> list[pytest.Item]:
    """The slowest file, then the files that need no demo build (another worker runs them while
    the first builds the demo), then the other slow files, then the rest; each file's tests keep
    their order."""
    needs_demo = {item.path.name for item in items if "demo_site" in item.fixturenames}

    def rank(item: pytest.Item) -> tuple[int, int]:
        name = item.path.name
        if name in SLOW_FILES:
            slowness = SLOW_FILES.index(name)
            return (0 if slowness == 0 else 2, slowness)
        return (1 if name not in needs_demo else 3, 0)

    return sorted(items, key=rank)


def pytest_collection_modifyitems(config, items):
    """Files in their run order (`_run_order`). Tests that read the shared photos skip where
    `../shared/testdata` is not beside the checkout; CI sets HARMONI_BUTUH_DATA_UJI=1 so that
    they fail there instead of skipping."""
    items[:] = _run_order(items)
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

    def __post_init__(self) -> None:
        _results.append(self)

    @property
    def warnings(self) -> list[str]:
        """The build's warnings; a test that reads them declares that it checks them
        (`_no_unexpected_warnings`)."""
        self.checked = True
        return [r.getMessage() for r in self.messages if r.levelno >= logging.WARNING]

    @property
    def text(self) -> str:
        return "\n".join(r.getMessage() for r in self.messages)


_results: list[BuildResult] = []
"""The builds of the running test."""


@pytest.fixture(autouse=True)
def _no_unexpected_warnings(request) -> Iterator[None]:
    """Fail any test during which something logged a warning under the `mkdocs` logger (the
    archive's own records included) that the test did not expect: as MkDocs' own tests do, so a
    new warning cannot hide in a passing suite. A test expects warnings by reading a build's
    `warnings` (it then checks them itself), or with `@pytest.mark.expect_warnings("text", …)`
    for warnings containing one of the texts."""
    handler = _Collect()
    handler.setLevel(logging.WARNING)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    _results.clear()
    try:
        yield
    finally:
        logger.removeHandler(handler)
    marker = request.node.get_closest_marker("expect_warnings")
    expected = marker.args if marker else ()
    checked = {id(r) for result in _results if getattr(result, "checked", False)
               for r in result.messages}  # fmt: skip
    unexpected = [r.getMessage() for r in handler.records if id(r) not in checked
                  and not any(text in r.getMessage() for text in expected)]  # fmt: skip
    _results.clear()
    if unexpected:
        pytest.fail(f"unexpected warnings: {unexpected}", pytrace=False)


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


def list_photos(folder: Path, *names: str, caption: str = "Foto uji.") -> None:
    """Add photos to the end of an entry's gallery list (`keterangan`), as staff would: only
    listed photos are published."""
    index = folder / "index.md"
    lines = index.read_text("utf-8").splitlines(keepends=True)
    items = [f"  - berkas: {name}\n    teks: {caption}\n" for name in names]
    if "keterangan:\n" in lines:
        at = lines.index("keterangan:\n") + 1
        while at < len(lines) and lines[at].startswith("  "):
            at += 1
    else:
        at = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
        items.insert(0, "keterangan:\n")
    index.write_text("".join(lines[:at] + items + lines[at:]), "utf-8")


def write_config(project: Path, config: dict) -> None:
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")


def read_config(project: Path) -> dict:
    return yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))


def build_project(project: Path, strict: bool = False) -> BuildResult:
    """Run a real MkDocs build of `project` into `project/site`, collecting its log records."""
    handler = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    level = logger.level
    logger.setLevel(logging.INFO)  # as the `mkdocs` command logs
    try:
        config = load_config(str(project / "mkdocs.yml"), strict=strict)
        build(config)
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    return BuildResult(project, project / "site", handler.records)


def site_files(site: Path) -> dict[str, bytes]:
    """Every file of a built site (hidden ones too), by its path in the site."""
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def clean_build_of(project: Path, folder: Path) -> dict[str, bytes]:
    """The site a clean build of `project`'s current input gives: a copy without its site and
    without the memos, built in another folder."""
    shutil.copytree(project, folder, ignore=shutil.ignore_patterns("site", "build-*.pickle"))
    return site_files(build_project(folder).site)


DEMO_LOG = "log-pembangunan.json"
"""The demo build's log records (logger, level, message), for the workers that did not build it."""


def _run_folder(tmp_path_factory) -> Path:
    """The folder that every worker of this run shares (pytest-xdist makes each worker's own
    folder inside it); the session's own folder without xdist, or where files cannot be locked."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if "PYTEST_XDIST_WORKER" in os.environ and fcntl else base


@contextlib.contextmanager
def _exclusive(lock: Path) -> Iterator[None]:
    """The block runs in one worker at a time (a lock on the file `lock`, released even if the
    worker dies)."""
    with open(lock, "a") as handle:
        if fcntl:
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def _build_demo(folder: Path) -> None:
    """The demo built from an empty cache in `folder/proyek`; its image cache copied untouched
    to `folder/cache`, and its log records written to `folder/DEMO_LOG` last."""
    shutil.rmtree(folder, ignore_errors=True)  # left by a worker that failed here
    result = build_project(copy_project(folder / "proyek"))
    shutil.copytree(result.project / CACHE, folder / "cache")
    records = [[r.name, r.levelno, r.getMessage()] for r in result.messages]
    (folder / "log.tmp").write_text(json.dumps(records), "utf-8")
    os.replace(folder / "log.tmp", folder / DEMO_LOG)


def _logged(path: Path) -> list[logging.LogRecord]:
    """Log records as `_build_demo` wrote them."""
    records = json.loads(path.read_text("utf-8"))
    return [
        logging.makeLogRecord(
            {"name": name, "levelno": level, "levelname": logging.getLevelName(level), "msg": text}
        )
        for name, level, text in records
    ]


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory) -> BuildResult:
    """The demo archive, built from an empty cache once for the whole run: by the first worker
    that needs it, while the others wait for it. Tests only read it."""
    folder = _run_folder(tmp_path_factory) / "demo"
    with _exclusive(folder.with_name("demo.lock")):
        if not (folder / DEMO_LOG).exists():
            _build_demo(folder)
    project = folder / "proyek"
    return BuildResult(project, project / "site", _logged(folder / DEMO_LOG))


@pytest.fixture(scope="session")
def warm_cache(demo_site) -> Path:
    """The image cache of the demo build as it left it: copy it (`with_cache`), never build in
    it."""
    return demo_site.project.parent / "cache"


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


def opened(text: str) -> str:
    """The address a phone opens for a decoded QR text: scheme and host are case-insensitive
    (the URL standard), so they compare in lower case; the path stays as it is."""
    scheme, rest = text.split("://", 1)
    host, slash, path = rest.partition("/")
    return f"{scheme.lower()}://{host.lower()}{slash}{path}"


# --- the browser ----------------------------------------------------------------------------

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def browser_required() -> bool:
    """CI (`HARMONI_BUTUH_PERAMBAN=1`) fails browser tests without a browser instead of skipping
    them."""
    return os.environ.get("HARMONI_BUTUH_PERAMBAN") == "1"


def browser_unavailable(reason: str):
    """Skip the test, or fail it where the browser tests are required."""
    if browser_required():
        pytest.fail(f"{reason} (HARMONI_BUTUH_PERAMBAN=1: browser tests may not be skipped)")
    pytest.skip(reason)


def find_browser() -> str | None:
    """CHROME_PATH, else Debian's /usr/bin/chromium, else a Chromium-like browser on PATH."""
    candidates = [os.environ.get("CHROME_PATH"), "/usr/bin/chromium"]
    candidates += [shutil.which(name) for name in ("chromium", "chromium-browser", "google-chrome")]
    for candidate in candidates:
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None


@pytest.fixture(scope="session")
def browser() -> Iterator:
    """Headless system Chromium through Playwright, launched once per session (per worker);
    each test opens its own context."""
    path = find_browser()
    if path is None:
        browser_unavailable(
            "no Chromium found (set CHROME_PATH, or install Debian's chromium: "
            "apt-get install chromium)"
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        browser_unavailable(
            "the playwright Python package is not installed (pip install -e '.[test]')"
        )
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=path, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()


# --- a real S3 server (SeaweedFS) -----------------------------------------------------------


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory) -> Iterator[S3Server]:
    """SeaweedFS (`weed mini`, s3_lokal.py) on free ports of 127.0.0.1 with a temporary data
    folder and one bucket; anonymous visitors may read (as a public media bucket), only the key
    pair writes. Stopped at the end of the session (per worker)."""
    try:
        with seaweedfs(tmp_path_factory.mktemp("seaweedfs")) as server:
            yield server
    except NoServer as err:
        pytest.fail(str(err))
