"""Printable QR stickers: every code on the PDF sheet and on each PNG sticker scans to the
activity's permanent URL; labels too small to scan are refused; nothing is ever clipped."""

from __future__ import annotations

import datetime
import io
import sys
from pathlib import Path
from xml.etree import ElementTree

import pypdfium2
import pytest
import resvg_py
import yaml
import zxingcpp
from conftest import REPO, copy_project, opened, read_config, write_config
from harmoni_arsip import cli
from harmoni_arsip.qr import batch, labels, stickers
from PIL import Image

SITE_URL = "https://dpmd-bangka.github.io/harmoni/"
"""The demo's `site_url` (mkdocs.yml)."""


def demo_dates() -> dict[str, datetime.date]:
    """Id → date of every demo entry, read independently of the pipeline."""
    found = {}
    for index in (REPO / "kegiatan").rglob("index.md"):
        data = yaml.safe_load(index.read_text("utf-8").split("---")[1])
        found[data["id"]] = data["date"]
    return found


DATES = demo_dates()


def url(entry_id: str) -> str:
    return f"{SITE_URL}k/{entry_id}/"


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    """A copy of the demo project, shared by the tests that only read it."""
    return copy_project(tmp_path_factory.mktemp("stiker") / "proyek")


def stiker(project: Path, out: Path, *options: str) -> int:
    """Run `harmoni stiker` on `project`, writing into `out`."""
    argv = ["-f", str(project / "mkdocs.yml"), "stiker", "--keluaran", str(out), *options]
    return cli.main(argv)


def decode_pdf(path: Path) -> list[set[str]]:
    """The texts of all QR codes on each page of a PDF, rendered at 300 dpi."""
    document = pypdfium2.PdfDocument(str(path))
    try:
        pages = [document[i].render(scale=300 / 72).to_pil() for i in range(len(document))]
    finally:
        document.close()
    return [{opened(code.text) for code in zxingcpp.read_barcodes(page)} for page in pages]


def decode_image(path) -> list[str]:
    return [opened(code.text) for code in zxingcpp.read_barcodes(Image.open(path))]


# -- the sheet ----------------------------------------------------------------------------------


def test_sheet_for_chosen_ids_scans_to_their_permanent_urls(demo, tmp_path, capsys):
    assert stiker(demo, tmp_path, "--id", "2024-001", "--id", "2025-002") == 0
    assert decode_pdf(tmp_path / "lembar-stiker.pdf") == [{url("2024-001"), url("2025-002")}]
    output = capsys.readouterr().out
    assert f"Alamat di kode QR: {SITE_URL}k/<id>/" in output
    assert "satu modul tercetak 0,85 mm" in output


def test_sheet_for_a_date_range_holds_exactly_the_activities_in_it(demo, tmp_path):
    start, end = datetime.date(2024, 5, 1), datetime.date(2024, 12, 31)
    expected = {url(i) for i, date in DATES.items() if start <= date <= end}
    assert len(expected) == 4
    assert stiker(demo, tmp_path, "--dari", str(start), "--sampai", str(end)) == 0
    assert decode_pdf(tmp_path / "lembar-stiker.pdf") == [expected]


def sheet_dates(path: Path) -> tuple[str, str]:
    """The sheet's PDF `CreationDate` and `ModDate`."""
    document = pypdfium2.PdfDocument(str(path))
    try:
        meta = document.get_metadata_dict()
    finally:
        document.close()
    return meta["CreationDate"], meta["ModDate"]


def test_the_sheet_is_the_same_bytes_every_run_dated_by_its_newest_activity(
    demo, tmp_path, monkeypatch
):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    chosen = ["--id", "2024-001", "--id", "2024-002", "--grid", "1x2"]
    assert stiker(demo, tmp_path / "a", *chosen) == 0
    assert stiker(demo, tmp_path / "b", *chosen) == 0
    sheets = [(tmp_path / run / "lembar-stiker.pdf").read_bytes() for run in ("a", "b")]
    assert sheets[0] == sheets[1]
    newest = max(DATES["2024-001"], DATES["2024-002"]).strftime("D:%Y%m%d000000Z")
    assert sheet_dates(tmp_path / "a" / "lembar-stiker.pdf") == (newest, newest)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert stiker(demo, tmp_path / "c", *chosen) == 0
    fixed = "D:20231114221320Z"
    assert sheet_dates(tmp_path / "c" / "lembar-stiker.pdf") == (fixed, fixed)


def test_all_published_activities_over_several_pages_without_the_withdrawn(project, tmp_path):
    folder = next((project / "kegiatan").rglob("2024-04-01-*"))
    text = (folder / "index.md").read_text("utf-8")
    withdrawn = "ditarik: {tanggal: 2025-01-10, alasan: Atas permintaan warga.}\n"
    (folder / "index.md").write_text(text.replace("---\n", "---\n" + withdrawn, 1), "utf-8")
    out = tmp_path / "keluaran"
    assert stiker(project, out, "--grid", "2x3") == 0  # 6 labels a page, vertical layout
    pages = decode_pdf(out / "lembar-stiker.pdf")
    assert [len(page) for page in pages] == [6, 1]
    assert set().union(*pages) == {url(i) for i in DATES if i != "2024-001"}
    assert not (out / "2024-001.png").exists()


def test_a_withdrawn_or_unknown_id_is_refused(project, tmp_path, capsys):
    assert stiker(project, tmp_path / "a", "--id", "2024-001", "--id", "2099-001") == 1
    assert "`2099-001` tidak ada di antara kegiatan terbit" in capsys.readouterr().err
    assert not (tmp_path / "a" / "lembar-stiker.pdf").exists()


# -- each sticker -------------------------------------------------------------------------------


def test_each_png_sticker_scans_and_prints_at_its_label_size(demo, tmp_path):
    assert stiker(demo, tmp_path, "--id", "2024-004") == 0
    png = tmp_path / "2024-004.png"
    assert decode_image(png) == [url("2024-004")]
    image = Image.open(png)
    assert image.size == (827, 425)  # 70 × 36 mm at 300 dpi
    assert tuple(round(v) for v in image.info["dpi"]) == (300, 300)


def test_svg_sticker_escapes_the_title_and_embeds_the_logo(project, tmp_path):
    folder = next((project / "kegiatan").rglob("2024-06-25-*"))
    text = (folder / "index.md").read_text("utf-8")
    title = 'title: Peluncuran <HARMONI> & "Mitra"\n'
    lines = [title if line.startswith("title:") else line for line in text.splitlines(True)]
    (folder / "index.md").write_text("".join(lines), "utf-8")
    assert stiker(project, tmp_path, "--id", "2024-004") == 0
    svg = (tmp_path / "2024-004.svg").read_text("utf-8")
    assert ">&lt;HARMONI&gt;</text>" in svg and '>&amp; "Mitra"</text>' in svg
    assert "<HARMONI>" not in svg
    assert '<image href="data:image/svg+xml;base64,' in svg
    assert "25 Juni 2024" in svg and "2024-004" in svg and "k/2024-004/" in svg
    ElementTree.fromstring(svg)  # well-formed
    drawn = resvg_py.svg_to_bytes(svg_string=svg, dpi=300, background="#ffffff")
    assert decode_image(io.BytesIO(bytes(drawn))) == [url("2024-004")]


def test_without_an_svg_rasteriser_raster_stickers_carry_the_office_name(
    demo, tmp_path, capsys, monkeypatch
):
    monkeypatch.setitem(sys.modules, "resvg_py", None)  # `import resvg_py` now fails
    assert stiker(demo, tmp_path, "--id", "2024-002", "--id", "2024-003") == 0
    output = capsys.readouterr().out
    assert output.count("tidak dapat diubah menjadi gambar piksel") == 1
    assert decode_image(tmp_path / "2024-002.png") == [url("2024-002")]
    assert "data:image/svg+xml;base64," in (tmp_path / "2024-002.svg").read_text("utf-8")
    assert "DPMD Kabupaten" in (tmp_path / "2024-002.svg").read_text("utf-8")


# -- refusals and warnings ----------------------------------------------------------------------


def test_a_grid_too_fine_to_scan_is_refused_naming_the_smallest_label(demo, tmp_path, capsys):
    assert stiker(demo, tmp_path, "--grid", "8x20") != 0
    err = capsys.readouterr().err
    assert "terlalu kecil untuk dipindai" in err and "lebih sedikit kolom/baris" in err
    assert "sisi paling sedikit 31,30 mm, yaitu label paling sedikit 57,00 × 32,50 mm" in err
    assert not (tmp_path / "lembar-stiker.pdf").exists()


def test_one_row_more_than_the_default_sheet_is_already_refused(demo, tmp_path, capsys):
    # 3x9 labels are 70 x 32 mm: a 30.8 mm code, 8 dots (0.68 mm) a module, below the floor.
    assert stiker(demo, tmp_path, "--id", "2024-001", "--grid", "3x9") == 1
    captured = capsys.readouterr()
    assert "satu modul tercetak 0,68 mm" in captured.out
    assert "modul 0,68 mm terlalu kecil" in captured.err
    assert not (tmp_path / "lembar-stiker.pdf").exists()


@pytest.mark.parametrize("modules", [37, 41, 45])
def test_the_smallest_label_named_is_the_smallest_accepted(modules):
    side, width, height = stickers.smallest_label(modules)
    module = labels.module_size(stickers.qr_side(width, height), modules)
    assert module >= labels.MODULE_MIN_MM
    smaller = labels.module_size(stickers.qr_side(width - 0.5, height - 0.5), modules)
    assert smaller < labels.MODULE_MIN_MM


def test_without_a_site_url_nothing_is_printed_and_the_message_says_what_to_fill(
    project, tmp_path, capsys
):
    config = read_config(project)
    del config["site_url"]
    write_config(project, config)
    assert stiker(project, tmp_path, "--id", "2024-001") == 2
    assert "`site_url` belum diisi" in capsys.readouterr().err
    assert not (tmp_path / "lembar-stiker.pdf").exists()


def test_a_temporary_site_url_is_warned_about(project, tmp_path, capsys):
    config = read_config(project)
    config["site_url"] = "http://127.0.0.1:8000/"
    write_config(project, config)
    assert stiker(project, tmp_path, "--id", "2024-001") == 0
    captured = capsys.readouterr()
    assert "alamat komputer ini" in captured.err
    assert "Alamat di kode QR: http://127.0.0.1:8000/k/<id>/" in captured.out
    assert decode_image(tmp_path / "2024-001.png") == ["http://127.0.0.1:8000/k/2024-001/"]


@pytest.mark.parametrize(
    ("site_url", "cname", "former", "warned"),
    [
        ("https://arsip.contoh.go.id/", None, [], ""),
        ("https://dinas.github.io/arsip/", None, [], ""),
        ("http://localhost:8000/", None, [], "alamat komputer ini"),
        ("https://dinas.github.io/arsip/", "arsip.contoh.go.id", [], "docs/CNAME"),
        ("https://arsip.contoh.go.id/", "arsip.contoh.go.id", [], ""),
        ("https://dinas.github.io/arsip/", None, ["https://dinas.github.io/arsip"], "pindah"),
        ("https://dinas.github.io/arsip/", None, ["https://lama.contoh.go.id/"], "github.io"),
    ],
)
def test_address_warnings(site_url, cname, former, warned):
    warnings = batch.address_warnings(site_url, cname, former)
    assert (warnings == []) if not warned else any(warned in w for w in warnings)


def test_stickers_never_go_into_the_entries_or_docs_folder(demo, capsys):
    for folder in ("kegiatan/stiker", "docs"):
        assert stiker(demo, demo / folder) == 1
        assert "Pilih folder lain" in capsys.readouterr().err
    assert not (demo / "kegiatan" / "stiker").exists()
    assert not list((demo / "docs").glob("*.pdf"))


# -- layout -------------------------------------------------------------------------------------

LONG = stickers.StickerText(
    office="Dinas Pemberdayaan Masyarakat dan Desa Kabupaten Bangka Belitung",
    title="Pelatihan Pembuatan Konten Media Sosial dan Dokumentasi Kegiatan bagi Operator Desa "
    "Se-Kecamatan Riau Silip Tahap Kedua Tahun Anggaran 2024 Supercalifragilisticexpialidocious",
    date="30 September 2024",
    entry_id="2024-0123456789",
    url="https://dinas-pemberdayaan-masyarakat.github.io/arsip-dokumentasi/k/2024-0123456789/",
)


@pytest.mark.parametrize("grid", ["3x8", "2x7", "4x10", "5x13", "2x3", "1x1", "3x4", "6x16"])
@pytest.mark.parametrize("logo", [1.0, None])
def test_no_text_leaves_the_label_or_touches_the_qr_code(grid, logo):
    sheet = labels.Sheet(*labels.parse_grid(grid))
    plan = stickers.layout(sheet.label_width, sheet.label_height, LONG, logo)
    qr = plan.qr
    assert qr.x >= 0 and qr.y >= 0 and qr.x + qr.width <= plan.width + 1e-6
    for line in plan.lines:
        top, bottom = line.baseline - line.size * 0.93, line.baseline + line.size * 0.24
        assert 0 <= line.x and line.x + line.width <= plan.width, line
        assert 0 <= top and bottom <= plan.height, line
        beside = line.x >= qr.x + qr.width or top >= qr.y + qr.height
        assert beside, line
    assert "k/2024-0123456789/" in "".join(line.text for line in plan.lines)


def test_the_longest_demo_title_keeps_every_word_on_the_default_sheet():
    title = "Pembinaan Desa Lumut tentang Keterbukaan Informasi Kegiatan"
    text = stickers.StickerText("DPMD Kabupaten Bangka", title, "9 Oktober 2024", "2024-006",
                                url("2024-006"))  # fmt: skip
    plan = stickers.layout(70, 36, text, 1.0)
    assert plan.office
    assert " ".join(line.text for line in plan.lines if line.size > 2.2) == title


def test_grid_parsing_and_label_geometry():
    assert labels.parse_grid("3x8") == (3, 8) and labels.parse_grid(" 2 × 7 ") == (2, 7)
    for bad in ("3", "0x8", "3x99", "tiga"):
        with pytest.raises(ValueError, match="kolom x baris"):
            labels.parse_grid(bad)
    avery_l7160 = labels.Sheet(3, 7, margin_top=15.15, margin_side=7.25, gap_column=2.5)
    assert round(avery_l7160.label_width, 2) == 63.5 and round(avery_l7160.label_height, 2) == 38.1
    assert avery_l7160.position(4) == pytest.approx((7.25 + 63.5 + 2.5, 15.15 + 38.1))
    assert labels.sheet_problem(labels.Sheet(3, 8, margin_top=200)) is not None
