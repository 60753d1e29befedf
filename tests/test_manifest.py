"""The manifest: one entry point renders the whole plan, its inputs are what its readers
opened, and the engine's bookkeeping of the site folder is a table."""

from __future__ import annotations

import importlib.metadata
import os
import sys
import sysconfig
from pathlib import Path

import pytest
from conftest import CACHE
from harmoni_arsip.manifest import DISTRIBUTIONS
from harmoni_arsip.render_plan import make_manifest
from harmoni_arsip.settings import load_settings, site_of
from mkdocs.config import load_config

_watching: list[list[str]] = []
"""Where the audit hook records what is opened, while a test watches (hooks stay for good)."""


def _audit(event: str, args: tuple) -> None:
    if _watching and event in ("open", "os.listdir", "os.scandir"):
        path = args[0] if args else None
        if isinstance(path, str | bytes | os.PathLike):
            _watching[-1].append(os.path.abspath(os.fsdecode(path)))


sys.addaudithook(_audit)


def _planned(project: Path, watch: list[str] | None = None):
    """The manifest of `project`; what making it opened goes into `watch`."""
    config = load_config(str(project / "mkdocs.yml"))
    settings = load_settings(config.extra)
    site = site_of(config, settings)
    _watching.extend([watch] if watch is not None else [])
    try:
        markdown = (config.markdown_extensions, config.mdx_configs)
        return make_manifest(project.resolve(), settings, site, markdown)
    finally:
        del _watching[:]


def _metadata_folders() -> list[str]:
    """Where importlib.metadata reads the versions the manifest records."""
    found = []
    for name in DISTRIBUTIONS:
        try:
            found.append(str(importlib.metadata.distribution(name)._path))  # type: ignore[attr-defined]
        except importlib.metadata.PackageNotFoundError:
            continue
    return found


def test_the_plan_opens_no_file_outside_its_inputs(project):
    posters = sorted((project / CACHE).rglob("*.pdf"))
    posters[0].unlink()  # drawn in this process first: Pillow's plugins load, its fonts are found
    _planned(project)  # imports everything the plan imports, fills the cache
    posters[1].unlink()  # drawn again: the fonts are read too
    opened: list[str] = []
    planned = _planned(project, opened)
    inputs = planned.manifest.inputs.paths
    stdlib = sysconfig.get_paths()["stdlib"] + os.sep  # Python's version is an input
    allowed = (str((project / CACHE).resolve()) + os.sep, stdlib, *_metadata_folders())
    searched = {os.path.abspath(entry or ".") for entry in sys.path}
    """importlib.metadata lists every folder of the import path for the versions."""
    outside = sorted({path for path in opened if path not in inputs
                      and not path.startswith(allowed) and path not in searched})  # fmt: skip
    assert outside == [], "\n".join(outside)
    assert any(path.endswith(".ttf") for path in inputs) or not any(
        path.endswith(".ttf") for path in opened
    )


def test_a_generated_page_is_rendered_around_its_narrative(project):
    manifest = _planned(project).manifest
    page = next(page for page in manifest.pages if page.src_uri == "k/2024-001/index.md")
    assert page.markdown.startswith("---\n") and "title:" in page.markdown
    assert page.before.rstrip().endswith(">") and "qr.png" in page.after
    assert page.canonical_url and page.canonical_url.endswith("/k/2024-001/")
    assert 'property="og:url"' in page.head and page.canonical_url in page.head
    assert manifest.problems == [] and manifest.stop is None


@pytest.mark.parametrize(
    ("found", "written", "wanted", "expected"),
    [
        pytest.param({"index.html": (5, 5)}, {"index.html"}, {"a.webp": ("/c/a", (1, 1))},
                     {"copy": {"a.webp": "/c/a"}}, id="first build"),
        pytest.param({"index.html": (5, 5), "a.webp": (1, 1)}, {"index.html"},
                     {"a.webp": ("/c/a", (1, 1))}, {"keep": {"a.webp"}}, id="nothing changed"),
        pytest.param({"a.webp": (1, 1)}, set(), {"a.webp": ("/c/a2", (1, 2))},
                     {"unlink": {"a.webp"}, "copy": {"a.webp": "/c/a2"}}, id="changed source"),
        pytest.param({"k/1/a.webp": (1, 1), "k/1/index.html": (3, 3)}, set(), {},
                     {"unlink": {"k/1/a.webp", "k/1/index.html"}}, id="no longer published"),
        pytest.param({"lama/index.html": (3, 3), "index.html": (4, 4)}, {"index.html"}, {},
                     {"unlink": {"lama/index.html"}}, id="a page no longer written"),
        pytest.param({"x/a": (1, 1)}, set(), {"x": ("/c/x", (2, 2))},
                     {"unlink": {"x/a"}, "copy": {"x": "/c/x"}}, id="a file where a folder was"),
        pytest.param({"a.webp": (9, 9)}, {"a.webp"}, {"a.webp": ("/c/a", (1, 1))},
                     {"unlink": {"a.webp"}, "copy": {"a.webp": "/c/a"}}, id="file beats page"),
        pytest.param({"a.webp": (-1, -1)}, set(), {"a.webp": ("/c/a", (1, 1))},
                     {"unlink": {"a.webp"}, "copy": {"a.webp": "/c/a"}}, id="old hard link"),
    ],
)  # fmt: skip
def test_keeping_published_files_in_place_as_a_table(found, written, wanted, expected):
    from harmoni_arsip.site_folder import arrange

    plan = arrange(found, written, wanted)
    assert set(plan.keep) == expected.get("keep", set())
    assert set(plan.unlink) == expected.get("unlink", set())
    assert plan.copy == expected.get("copy", {})


def test_mkdocs_never_writes_through_what_the_previous_site_left(tmp_path):
    """Where MkDocs is about to write, `restore` leaves a regular file of the site's own or
    nothing: a symbolic or hard link, a folder, or a file where MkDocs needs a folder go;
    templates MkDocs may skip go; everything else comes back as it was."""
    from harmoni_arsip.site_folder import ASIDE, restore, set_aside

    site, outside = tmp_path / "site", tmp_path / "luar.txt"
    outside.write_text("rahasia", "utf-8")
    files = {"index.html": "lama", "k/1/foto.webp": "foto", "x": "berkas", "404.html": "lama"}
    for uri, text in files.items():
        (site / uri).parent.mkdir(parents=True, exist_ok=True)
        (site / uri).write_text(text, "utf-8")
    (site / "tautan.html").symlink_to(outside)
    os.link(outside, site / "ganda.html")
    (site / "folder.html").mkdir()
    set_aside(str(site))
    assert sorted(p.name for p in site.iterdir()) == [ASIDE]
    written = ["index.html", "tautan.html", "ganda.html", "folder.html", "x/index.html"]
    restore(str(site), written, ["404.html"])
    left = sorted(p.relative_to(site).as_posix() for p in site.rglob("*"))
    assert left == ["index.html", "k", "k/1", "k/1/foto.webp"]
    assert (site / "k/1/foto.webp").read_text("utf-8") == "foto"
    assert outside.read_text("utf-8") == "rahasia"


def test_the_markdown_extensions_are_inputs_named_stably(tmp_path):
    """The narratives are checked with the site's Markdown extensions: changing them plans
    again; a function in their settings (`!!python/name:…`) counts by its name, not its address
    in memory, so a memo made in one process serves the next."""
    from harmoni_arsip.manifest import input_values

    config = load_config(str(Path(__file__).parents[1] / "mkdocs.yml"))
    settings = load_settings(config.extra)
    site = site_of(config, settings)

    def values(markdown) -> str:
        return input_values(tmp_path, settings, site, markdown)

    def slugify(text: str, separator: str) -> str:
        return text

    named = (["toc"], {"toc": {"slugify": slugify}})
    again = (["toc"], {"toc": {"slugify": lambda text, separator: text}})
    assert values(named) == values((["toc"], {"toc": {"slugify": slugify}}))
    assert values(named) != values(again) != values((["toc"], {}))
    assert f"{__name__}.test_the_markdown_extensions_are_inputs_named_stably" in values(named)
