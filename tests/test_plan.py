"""The site plan: plain data without MkDocs, layers that only look down, addresses as a table,
and `harmoni periksa`'s estimate held to the real built site."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO
from harmoni_arsip import addresses
from harmoni_arsip.checks.archive import check_archive
from harmoni_arsip.settings import load_settings
from mkdocs.config import load_config

PACKAGE = REPO / "hooks" / "harmoni_arsip"
STAGES = ("entries", "media", "qr", "stats", "exports")
ABOVE_STAGES = ("pages", "plan", "mkdocs_adapter", "checks", "commands", "cli")
BASE = ("settings", "problems", "addresses", "formats", "atomic", "regions")


def test_the_plan_imports_neither_mkdocs_nor_jinja():
    script = (
        "import sys, harmoni_arsip.plan, harmoni_arsip.settings\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'mkdocs', 'jinja2', 'markdown'}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True,
        cwd=REPO, env={"PYTHONPATH": str(REPO / "hooks")},
    )  # fmt: skip
    assert result.stdout.strip() == "[]"


def _imports(path: Path) -> set[str]:
    """The `harmoni_arsip` modules a file imports, as dotted names below the package."""
    module = path.relative_to(PACKAGE).with_suffix("").parts
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = list(module[: len(module) - node.level])
            if node.module:
                base += node.module.split(".")
            names = [".".join(base + [a.name]) for a in node.names] if not node.module else []
            found.add(".".join(base))
            found.update(names)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names = (
                [node.module] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
            )
            found.update(n.removeprefix("harmoni_arsip.") for n in names if n and
                         n.startswith("harmoni_arsip"))  # fmt: skip
    return found


@pytest.mark.parametrize("stage", STAGES + BASE)
def test_layers_only_look_down(stage):
    paths = sorted((PACKAGE / stage).rglob("*.py")) or [PACKAGE / f"{stage}.py"]
    for path in paths:
        for name in _imports(path):
            top = name.split(".")[0]
            assert top not in ABOVE_STAGES, f"{path.relative_to(PACKAGE)} imports {name}"
            if stage in BASE:
                assert top not in STAGES, f"{path.relative_to(PACKAGE)} imports {name}"


@pytest.mark.parametrize("directory_urls", [True, False])
@pytest.mark.parametrize(
    ("src_uri", "page"),
    [
        (addresses.activity_src_uri("2024-007"), "k/2024-007/"),
        (addresses.archive_src_uri(2025), "arsip/2025/"),
        (addresses.kategori_src_uri("pelatihan"), "kategori/pelatihan/"),
        (addresses.kecamatan_src_uri("Mendo Barat"), "kecamatan/mendo-barat/"),
        (addresses.desa_src_uri("Merawang", "Jada Bahrin"), "kecamatan/merawang/jada-bahrin/"),
        (addresses.STATS_SRC_URI, "statistik/"),
    ],
)
def test_addresses_as_a_table(src_uri, page, directory_urls):
    expected = page if directory_urls else page + "index.html"
    assert addresses.site_url_of(src_uri, directory_urls) == expected


@pytest.mark.parametrize(
    "site_url", ["https://a.go.id/arsip/", "https://a.go.id/arsip", "https://a.go.id"]
)
def test_the_permanent_url_comes_from_the_id_alone(site_url):
    base = site_url.rstrip("/")
    assert addresses.permanent_url(site_url, "2024-007") == f"{base}/k/2024-007/"
    assert addresses.qr_uri("2024-007", "png") == "k/2024-007/qr.png"


def test_periksa_sizes_the_same_plan_the_build_publishes(demo_site):
    config = load_config(str(demo_site.project / "mkdocs.yml"))
    findings = check_archive(config, load_settings(config.extra), demo_site.project)
    published = [path for path in demo_site.site.rglob("*") if path.is_file()]
    assert findings.site.files == len(published)
    real = sum(path.stat().st_size for path in published)
    assert abs(findings.site.bytes - real) <= 0.02 * real, (findings.site.bytes, real)
