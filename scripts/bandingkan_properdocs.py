"""Prove the ProperDocs fallback: build the archive with MkDocs and with ProperDocs and compare the
two sites file by file, byte for byte.

Each engine builds its own copy of the project (mkdocs.yml, docs/, kegiatan/, hooks/) with an empty
image cache, so each derives every image, QR code and poster itself: the comparison also shows the
output does not depend on the engine or on a warm cache. The only difference allowed is the
generator tag Material writes into every page (`<meta name="generator" content="mkdocs-1.6.1, ...">`
against `"mkdocs-ProperDocs 1.6.7, ..."`), and the order in which Pagefind writes its filter files
(`search_index.SHUFFLED`: as many files, other names).

ProperDocs runs our hook unchanged: its command-line entry imports `properdocs.replacement`, which
puts `properdocs` in `sys.modules` as `mkdocs` and redirects every `mkdocs.*` import to the
matching `properdocs.*` module; the `mkdocs` logger is re-parented under ProperDocs' logger, so the
hook's warnings still count for `--strict`; plugins registered under `mkdocs.plugins` (Material's
search) are found as well.

Prints an Indonesian summary; exits 1 on any other difference or a failed build.

Usage: python scripts/bandingkan_properdocs.py [--proyek FOLDER] [--simpan FOLDER]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from harmoni_arsip.search_index import SHUFFLED

REPO = Path(__file__).resolve().parents[1]
ENGINES = ("mkdocs", "properdocs")
PROJECT_PARTS = ("mkdocs.yml", "docs", "kegiatan", "hooks")
GENERATOR_TAG = re.compile(rb'<meta name="generator" content="[^"]*">')
SHOWN = 20
"""How many differing files the summary names."""


@dataclass
class Comparison:
    """Which files the two sites share, and how those that differ differ."""

    identical: list[str] = field(default_factory=list)
    generator_only: list[str] = field(default_factory=list)
    different: list[str] = field(default_factory=list)
    only_first: list[str] = field(default_factory=list)
    only_second: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the sites differ at most in their generator tags."""
        return not (self.different or self.only_first or self.only_second)


def parse_options(argv: list[str] | None) -> argparse.Namespace:
    """The command-line options."""
    parser = argparse.ArgumentParser(
        description="Bangun arsip dengan MkDocs dan ProperDocs, lalu bandingkan kedua situsnya."
    )
    parser.add_argument(
        "--proyek", type=Path, default=REPO, help="folder yang berisi mkdocs.yml (bawaan: repo)"
    )
    parser.add_argument(
        "--simpan", type=Path, help="simpan kedua situs di folder ini (bawaan: folder sementara)"
    )
    return parser.parse_args(argv)


def copy_project(source: Path, target: Path) -> Path:
    """A copy of the project's inputs, without caches or built sites."""
    target.mkdir(parents=True)
    for part in PROJECT_PARTS:
        path = source / part
        if path.is_dir():
            ignore = shutil.ignore_patterns("__pycache__", "*.egg-info", ".cache", "site")
            shutil.copytree(path, target / part, ignore=ignore)
        elif path.is_file():
            shutil.copy2(path, target / part)
    return target


def command_path(engine: str) -> str:
    """The engine's command beside this Python (the venv), else on PATH."""
    beside = Path(sys.executable).parent / engine
    return str(beside) if beside.exists() else engine


def build(engine: str, project: Path, site: Path) -> bool:
    """Build `project` with `engine` into `site`; print its log when it fails."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true")
    command = [command_path(engine), "build", "--strict", "-f", str(project / "mkdocs.yml")]
    command += ["-d", str(site)]
    print(f"Membangun dengan {engine} ...", flush=True)
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if result.returncode != 0:
        print(f"GAGAL: `{engine} build --strict` keluar dengan status {result.returncode}:")
        print(result.stdout + result.stderr)
    return result.returncode == 0


def site_files(site: Path) -> set[str]:
    """Every file of a built site, as paths relative to it."""
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}


def without_generator(data: bytes) -> bytes:
    """The bytes with every generator tag blanked."""
    return GENERATOR_TAG.sub(b'<meta name="generator" content="">', data)


def compare_file(first: bytes, second: bytes, name: str) -> str:
    """`identical`, `generator` (only the HTML generator tag differs) or `different`."""
    if first == second:
        return "identical"
    if name.endswith(".html") and without_generator(first) == without_generator(second):
        return "generator"
    return "different"


def compare_sites(first: Path, second: Path) -> Comparison:
    """Compare two built sites file by file."""
    ones, twos = site_files(first), site_files(second)
    shuffled = [{name for name in names if SHUFFLED.fullmatch(name)} for names in (ones, twos)]
    if len(shuffled[0]) == len(shuffled[1]):  # the same bundle, its filters in another order
        ones, twos = ones - shuffled[0], twos - shuffled[1]
    result = Comparison(only_first=sorted(ones - twos), only_second=sorted(twos - ones))
    buckets = {
        "identical": result.identical,
        "generator": result.generator_only,
        "different": result.different,
    }
    for name in sorted(ones & twos):
        verdict = compare_file((first / name).read_bytes(), (second / name).read_bytes(), name)
        buckets[verdict].append(name)
    return result


def print_names(title: str, names: list[str]) -> None:
    """A titled, shortened list of file names."""
    if not names:
        return
    print(f"{title} ({len(names)}):")
    for name in names[:SHOWN]:
        print(f"  - {name}")
    if len(names) > SHOWN:
        print(f"  ... dan {len(names) - SHOWN} berkas lain")


def report(result: Comparison) -> None:
    """The Indonesian summary of a comparison."""
    total = len(result.identical) + len(result.generator_only) + len(result.different)
    print(f"Berkas di kedua situs: {total}")
    print(f"  sama persis (byte demi byte): {len(result.identical)}")
    print(f"  hanya berbeda di tag generator: {len(result.generator_only)}")
    print_names("BERBEDA isinya", result.different)
    print_names("Hanya ada di situs MkDocs", result.only_first)
    print_names("Hanya ada di situs ProperDocs", result.only_second)
    if result.ok:
        print("Hasil: situs ProperDocs sama dengan situs MkDocs (selain tag generator).")
    else:
        print("Hasil: situs ProperDocs BERBEDA dari situs MkDocs; lihat daftar di atas.")


def run(project: Path, workdir: Path) -> int:
    """Build with both engines under `workdir`, compare, report; the exit status."""
    sites = {}
    for engine in ENGINES:
        copy = copy_project(project, workdir / engine / "proyek")
        sites[engine] = workdir / engine / "site"
        if not build(engine, copy, sites[engine]):
            return 1
    result = compare_sites(sites["mkdocs"], sites["properdocs"])
    report(result)
    return 0 if result.ok else 1


def main(argv: list[str] | None = None) -> int:
    """Entry point."""
    options = parse_options(argv)
    project = options.proyek.resolve()
    if not (project / "mkdocs.yml").is_file():
        print(f"GAGAL: tidak ada mkdocs.yml di {project}; pakai --proyek FOLDER.")
        return 2
    if options.simpan:
        shutil.rmtree(options.simpan, ignore_errors=True)
        return run(project, options.simpan.resolve())
    with tempfile.TemporaryDirectory(prefix="bandingkan-properdocs-") as workdir:
        return run(project, Path(workdir))


if __name__ == "__main__":
    sys.exit(main())
