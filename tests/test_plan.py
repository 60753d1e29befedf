"""The site plan: plain data without MkDocs, layers that only look down, addresses as a table,
and `harmoni periksa`'s estimate held to the real built site."""

from __future__ import annotations

import ast
import re
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
LAYERS: tuple[tuple[str, ...], ...] = (
    ("settings", "problems", "addresses", "formats", "atomic", "counting", "inputs",
     "sourcedate", "redirects", "stage_cpu", "fetching", "regions", "places",
     "manifest", "symlinks", "build_lock", "git_files"),
    ("entries",),
    ("media",),
    ("qr",),
    ("stats", "exports", "editor"),
    ("pages",),
    ("plan",),
    ("render_plan",),
    ("memo", "site_folder"),
    ("search_index",),
    ("mkdocs_adapter",),
    ("checks", "setup"),
    ("commands",),
    ("cli",),
)  # fmt: skip
"""The one map of the package, lowest layer first: a module imports only from lower layers (and
the base modules of layer 0 from each other). Layers 1 to 7 are the numbered stages of the
pipeline; the README's structure table and each stage package's docstring give the same
numbers."""
STAGE_NUMBERS = {name: number for number, names in enumerate(LAYERS) if 1 <= number <= 7
                 for name in names}  # fmt: skip
LAYER_OF = {name: number for number, names in enumerate(LAYERS) for name in names}


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


def test_the_map_names_every_module_once():
    tops = {p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__"}
    tops |= {p.parent.name for p in PACKAGE.glob("*/__init__.py")}
    listed = [name for names in LAYERS for name in names]
    assert sorted(listed) == sorted(tops)


@pytest.mark.parametrize("top", LAYER_OF)
def test_layers_only_look_down(top):
    paths = sorted((PACKAGE / top).rglob("*.py")) or [PACKAGE / f"{top}.py"]
    layer = LAYER_OF[top]
    for path in paths:
        for name in _imports(path):
            imported = name.split(".")[0]
            if imported == top or imported not in LAYER_OF:  # itself, or the package's names
                continue
            below = LAYER_OF[imported] < layer or LAYER_OF[imported] == layer == 0
            assert below, f"{path.relative_to(PACKAGE)} imports {name}"


def _readme_rows() -> dict[str, str]:
    """The README's structure table: each `hooks/harmoni_arsip/…` row's first path → its text."""
    text = (REPO / "README.md").read_text("utf-8").split("## Struktur", 1)[1]
    rows = {}
    for line in text.splitlines():
        cells = line.split(" | ")
        if line.startswith("| `hooks/harmoni_arsip/") and len(cells) >= 2:
            first = cells[0].removeprefix("| `hooks/harmoni_arsip/").split("`")[0]
            rows[first.removesuffix("/").removesuffix(".py")] = cells[1]
    return rows


@pytest.mark.parametrize("stage", STAGE_NUMBERS)
def test_the_readme_and_the_docstrings_number_the_stages_as_the_map(stage):
    number = STAGE_NUMBERS[stage]
    rows = _readme_rows()
    assert any(
        text.startswith(f"{number}. ") and (name == stage or f"`{stage}" in text)
        for name, text in rows.items()
    ), f"README: no row `{number}. …` for {stage}"
    init = PACKAGE / stage / "__init__.py"
    source = init if init.exists() else PACKAGE / f"{stage}.py"
    docstring = ast.get_docstring(ast.parse(source.read_text("utf-8"))) or ""
    assert docstring.startswith(f"Stage {number}:"), f"{source.name}: {docstring[:40]}"


def test_the_readme_table_names_every_module_of_the_map():
    text = (REPO / "README.md").read_text("utf-8").split("## Struktur", 1)[1]
    table = "\n".join(line for line in text.splitlines() if line.startswith("| `hooks/"))
    missing = [name for name in LAYER_OF if not re.search(rf"[`/]{name}(\.py|/)`", table)]
    assert missing == [], f"README's structure table lacks {missing}"


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
    search = [path for path in published if path.relative_to(demo_site.site).parts[0] == "pagefind"]
    assert findings.site.files - findings.site.search_files == len(published) - len(search)
    assert abs(findings.site.search_files - len(search)) <= 0.1 * len(search)
    real = sum(path.stat().st_size for path in published)
    assert abs(findings.site.bytes - real) <= 0.02 * real, (findings.site.bytes, real)
    # the media tier: every photo size and video in the activities' folders, nothing else
    kinds = (".webp", ".jpg", ".mp4", ".webm")
    media = [path for path in published if path.relative_to(demo_site.site).parts[0] == "k"
             and path.suffix in kinds and path.stem != "qr"]  # fmt: skip
    assert findings.site.media.files == len(media) > 0 and not findings.site.media.moved
    assert findings.site.media.bytes == sum(path.stat().st_size for path in media)
