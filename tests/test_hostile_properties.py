"""Property tests (Hypothesis) over the readers of staff input: whatever bytes the front-matter
reader, the importers and the image opener are given, the only outcomes are a result or a
message for staff (a problem, `HarmoniError`, or the image errors the build turns into one),
within a memory and a time bound.

Each family runs in a child process with an address-space limit (`RLIMIT_AS`) and a timeout, so
an input that made a reader balloon or hang fails the test instead of the machine. The examples
are derandomized (the same every run) and few enough to keep the suite quick.
"""

from __future__ import annotations

import datetime
import io
import resource
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import pytest
import yaml
from conftest import EXIF_PHOTOS, REPO
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

MEMORY = 2 * 1024**3
"""Bytes of address space a family of examples may use."""
SECONDS = 240
"""Time a family of examples may take (the machine may be busy with other tests)."""
EXAMPLES = settings(
    max_examples=120, deadline=None, derandomize=True, database=None,
    suppress_health_check=list(HealthCheck),
)  # fmt: skip
"""Per-example deadlines flake on a loaded machine; the child's timeout bounds the whole run."""

YAML_CHARACTERS = list("abcdeik:-&*!{}[]|>'\"\n\t #%@`,?0123456789.=<") + ["\u2028", "\ufeff"]
FRONT_KEYS = ["id", "title", "date", "kategori", "kecamatan", "desa", "sampul", "keterangan",
              "video", "media_sosial", "tags", "ditarik", "contoh"]  # fmt: skip


# -- the properties (run in the child) ---------------------------------------------------------


def yaml_values() -> st.SearchStrategy:
    """Plain data of the shapes front matter holds, nested a little."""
    scalars = st.one_of(st.text(max_size=40), st.integers(), st.booleans(), st.none(),
                        st.dates(), st.floats(allow_nan=False))  # fmt: skip

    def nested(inner: st.SearchStrategy) -> st.SearchStrategy:
        return st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)

    return st.recursive(scalars, nested, max_leaves=12)


def front_matter_texts() -> st.SearchStrategy[str]:
    """Well-formed front matter with odd values, and YAML-like noise."""
    structured = st.dictionaries(st.sampled_from(FRONT_KEYS), yaml_values(), max_size=8).map(
        lambda data: yaml.safe_dump(data, allow_unicode=True)
    )
    noise = st.text(alphabet=YAML_CHARACTERS, max_size=300)
    body = st.one_of(structured, noise, st.tuples(structured, noise).map("".join))
    return body.map(lambda text: f"---\n{text}\n---\n\nNarasi.\n")


def front_matter_property() -> None:
    """`parse` gives front matter or `FrontMatterError`; `read_entries` only problems."""
    from harmoni_arsip.entries import read_entries
    from harmoni_arsip.entries.frontmatter import FrontMatterError, parse
    from harmoni_arsip.problems import Problems
    from harmoni_arsip.settings import load_settings

    config = yaml.safe_load((REPO / "mkdocs.yml").read_text("utf-8"))
    office = load_settings(config["extra"])
    root = Path(tempfile.mkdtemp())
    folder = root / "kegiatan" / "2026" / "uji"
    folder.mkdir(parents=True)

    @EXAMPLES
    @given(front_matter_texts())
    def check(text: str) -> None:
        try:
            parse(text)
        except FrontMatterError:
            pass
        (folder / "index.md").write_text(text, encoding="utf-8")
        read_entries(root / "kegiatan", root, office, Problems())

    check()


def real_workbook() -> bytes:
    """A small real TikTok-like workbook (openpyxl), to damage."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Video link", "Post time", "Total likes", "Total views"])
    sheet.append(["https://www.tiktok.com/@a/video/7300000000000000004", "1 Mei", "4", "60"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def damaged(data: bytes) -> st.SearchStrategy[bytes]:
    """`data` with a few bytes changed, cut short, or both."""
    edits = st.lists(st.tuples(st.integers(0, len(data) - 1), st.integers(0, 255)), max_size=6)

    def apply(changes: list[tuple[int, int]], cut: int) -> bytes:
        out = bytearray(data)
        for at, value in changes:
            out[at] = value
        return bytes(out[: max(1, cut)])

    return st.builds(apply, edits, st.integers(len(data) // 2, len(data)))


def zipped(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def export_files() -> st.SearchStrategy[tuple[str, bytes]]:
    """Export-shaped files: CSV text, damaged workbooks and ZIPs, raw bytes."""
    digits = st.integers(1, 5000).map(lambda n: "9" * n)
    link = st.integers(1, 40).map(lambda n: "https://www.tiktok.com/@a/video/" + "7" * n)
    cell = st.one_of(st.text(max_size=30), digits, link)
    row = st.lists(cell, min_size=1, max_size=8).map(lambda cells: ",".join(cells))
    header = st.sampled_from([
        "Permalink,Reach,Views,Post ID,Publish time",
        "Video link,Post time,Total likes,Total views",
        "Date,Views",
    ])  # fmt: skip
    text = st.tuples(header, st.lists(row, max_size=6)).map(
        lambda parts: "\n".join([parts[0], *parts[1]]).encode("utf-8")
    )
    workbook = real_workbook()
    return st.one_of(
        st.tuples(st.just("a.csv"), text),
        st.tuples(st.just("b.xlsx"), damaged(workbook)),
        st.tuples(st.just("c.zip"), text.map(lambda data: zipped({"Content.csv": data}))),
        st.tuples(st.just("d.zip"), damaged(zipped({"Content.csv": b"Video link\nx\n"}))),
        st.tuples(st.sampled_from(["e.csv", "f.xlsx"]), st.binary(max_size=600)),
    )


def importer_property() -> None:
    """`read_export` gives posts and problems; the reach CSV gives rows and problems; merging
    gives a text or `HarmoniError`."""
    from harmoni_arsip.problems import HarmoniError, Problems
    from harmoni_arsip.stats.measurements import parse_measurements
    from harmoni_arsip.stats.platforms import read_export
    from harmoni_arsip.stats.snapshots import merge

    @EXAMPLES
    @given(export_files(), st.text(max_size=400))
    def check(export: tuple[str, bytes], reach: str) -> None:
        read = read_export(*export)
        assert all(str(problem) for problem in read.problems)
        parse_measurements("url,tanggal,jangkauan\n" + reach, "kegiatan/jangkauan.csv", Problems())
        try:
            merge(reach, read.posts, datetime.date(2026, 11, 30), [])
        except HarmoniError:
            pass

    check()


def sample_images() -> list[bytes]:
    """A real photo, made small, in every accepted format."""
    from PIL import Image

    photo = Image.open(EXIF_PHOTOS / "Landscape_5.jpg")
    photo.thumbnail((48, 48))
    found = []
    for fmt in ("JPEG", "PNG", "WEBP", "GIF"):
        out = io.BytesIO()
        photo.save(out, fmt, exif=photo.getexif().tobytes() if fmt != "GIF" else b"")
        found.append(out.getvalue())
    return found


def image_property() -> None:
    """`derive` gives images or one of the errors the build reports as a message."""
    from harmoni_arsip.media import images
    from PIL import Image

    variants = [images.Variant(64, 70), images.Variant(96, 82, "jpeg")]
    inputs = st.one_of(*(damaged(data) for data in sample_images()), st.binary(max_size=400))

    @EXAMPLES
    @given(inputs)
    def check(data: bytes) -> None:
        try:
            images.derive(data, variants, lambda message: None)
        except (images.UnsupportedImage, images.DamagedImage, Image.DecompressionBombError):
            pass

    check()


# -- the tests (run the properties in a bounded child) -----------------------------------------


def run_bounded(name: str) -> subprocess.CompletedProcess:
    """Run the property `name` of this module in a child process within `MEMORY` and
    `SECONDS`."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))

    code = f"import test_hostile_properties as m; m.{name}()"
    paths = [str(Path(__file__).parent), str(REPO / "hooks")]
    return subprocess.run(
        [sys.executable, "-c", f"import sys; sys.path[:0] = {paths!r}; {code}"],
        capture_output=True, text=True, timeout=SECONDS, preexec_fn=limit,
        cwd=tempfile.gettempdir(),
    )  # fmt: skip


@pytest.mark.shared_photos
@pytest.mark.parametrize("name", ["front_matter_property", "importer_property", "image_property"])
def test_no_input_gives_anything_but_a_staff_message(name):
    result = run_bounded(name)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
