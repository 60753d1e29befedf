"""`harmoni stiker`: printable QR stickers (PNG and SVG per activity, an A4 PDF sheet)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

from .. import counting
from ..addresses import permanent_url
from ..atomic import write_atomic
from ..entries import Entry, read_entries
from ..entries.registry import read_registry, unregistered
from ..problems import Problems
from ..qr import batch, codes, labels, sheet, stickers
from ..qr.logo import Logo, load_logo
from ..settings import HarmoniSettings, require_site_url
from ..sourcedate import timestamp
from .common import date_option, load_project

SHEET_NAME = "lembar-stiker.pdf"


def register(commands) -> None:
    """Add `harmoni stiker` and its options to the subcommands."""
    parser = commands.add_parser(
        "stiker",
        help="buat stiker kode QR untuk dicetak",
        description="Membuat stiker kode QR setiap kegiatan yang terbit: PNG (300 dpi) dan SVG "
        f"per kegiatan, dan {SHEET_NAME} untuk lembar label A4. Tanpa --id, --dari atau "
        "--sampai: semua kegiatan yang terbit.",
    )
    choose = parser.add_argument_group("pilihan kegiatan")
    choose.add_argument(
        "--id",
        action="append",
        dest="ids",
        metavar="ID",
        help="id kegiatan; boleh diulang: --id 2024-001 --id 2024-002",
    )
    choose.add_argument(
        "--dari", type=date_option, metavar="YYYY-MM-DD", help="tanggal kegiatan awal"
    )
    choose.add_argument("--sampai", type=date_option, metavar="YYYY-MM-DD", help="tanggal akhir")
    layout = parser.add_argument_group("lembar label A4 (ukuran dalam mm)")
    layout.add_argument(
        "--grid",
        type=_grid,
        default=(3, 8),
        metavar="KxB",
        help="kolom x baris label per lembar (bawaan: 3x8)",
    )
    layout.add_argument(
        "--tepi",
        type=_length,
        default=4.5,
        metavar="MM",
        help="tepi atas dan bawah lembar (bawaan: 4,5)",
    )
    layout.add_argument(
        "--tepi-samping",
        type=_length,
        default=0.0,
        metavar="MM",
        help="tepi kiri dan kanan lembar (bawaan: 0)",
    )
    layout.add_argument(
        "--jarak-kolom",
        type=_length,
        default=0.0,
        metavar="MM",
        help="jarak antarkolom label (bawaan: 0)",
    )
    layout.add_argument(
        "--jarak-baris",
        type=_length,
        default=0.0,
        metavar="MM",
        help="jarak antarbaris label (bawaan: 0)",
    )
    layout.add_argument(
        "--garis",
        action="store_true",
        help="garis tipis di tepi setiap label, untuk uji cetak di kertas biasa",
    )
    parser.add_argument(
        "--keluaran",
        default="stiker",
        metavar="FOLDER",
        help="folder hasil, relatif ke folder mkdocs.yml (bawaan: stiker)",
    )
    parser.set_defaults(run=run)


def _grid(text: str) -> tuple[int, int]:
    """An argparse type: columns x rows."""
    try:
        return labels.parse_grid(text)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def _length(text: str) -> float:
    """An argparse type: millimetres, with a decimal point or comma."""
    try:
        return float(text.replace(",", "."))
    except ValueError:
        raise argparse.ArgumentTypeError(f"`{text}` bukan angka (mm), mis. 4,5") from None


def run(args) -> int:
    """Make the stickers asked for; 1 when something must be fixed first."""
    config, settings, project = load_project(args.config_file)
    columns, rows = args.grid
    layout_sheet = labels.Sheet(
        columns,
        rows,
        margin_top=args.tepi,
        margin_side=args.tepi_samping,
        gap_column=args.jarak_kolom,
        gap_row=args.jarak_baris,
    )
    out_dir = project / args.keluaran
    refusal = labels.sheet_problem(layout_sheet) or _output_problem(
        out_dir, project, config, settings
    )
    if args.ids and (args.dari or args.sampai):
        refusal = "pilih kegiatan dengan --id saja, atau dengan --dari/--sampai saja."
    if refusal:
        return _refuse(refusal)
    chosen = _choose(args, project, settings)
    if not chosen:
        return 1
    site_url = require_site_url(config.site_url)
    _check_address(site_url, config, settings)
    texts = [batch.sticker_text(e, site_url, _office(settings, config)) for e in chosen]
    marked = settings.kunjungan.goatcounter is not None
    matrices = [codes.matrix(counting.qr_address(text.url, marked)) for text in texts]
    if not _module_size_ok(layout_sheet, max(len(m) for m in matrices)):
        return 1
    logo = _logo(config)
    created = timestamp(max(e.date for e in chosen))
    _write(out_dir, layout_sheet, texts, matrices, logo, args.garis, created)
    return 0


def _refuse(message: str) -> int:
    """Say why nothing is printed; the exit status for that."""
    print(f"Galat: {message}", file=sys.stderr)
    return 1


def _output_problem(
    out_dir: Path, project: Path, config: MkDocsConfig, settings: HarmoniSettings
) -> str | None:
    """Why stickers may not go into `out_dir`: never into the entries or the docs folder."""
    target = out_dir.resolve()
    for guarded in (project / settings.folder_kegiatan, Path(config.docs_dir)):
        if target == guarded.resolve() or guarded.resolve() in target.parents:
            return (
                f"folder keluaran {out_dir} ada di dalam {guarded.name}/, yang berisi bahan "
                "situs. Pilih folder lain, mis. --keluaran stiker."
            )
    return None


def _choose(args, project: Path, settings: HarmoniSettings) -> list[Entry]:
    """The published entries asked for; messages say what was left out and why."""
    problems = Problems()
    archive = read_entries(project / settings.folder_kegiatan, project, settings, problems)
    for problem in problems.items:
        print(f"Peringatan: {problem}", file=sys.stderr)
    chosen, unknown = batch.select(archive.entries, args.ids, args.dari, args.sampai)
    withdrawn = {t.id for t in archive.withdrawn}
    for entry_id in unknown:
        why = "sudah ditarik" if entry_id in withdrawn else "tidak ada di antara kegiatan terbit"
        print(f"Galat: kegiatan `{entry_id}` {why}; stikernya tidak dibuat.", file=sys.stderr)
    if unknown:
        return []
    if not chosen:
        print("Galat: tidak ada kegiatan terbit yang cocok dengan pilihan ini.", file=sys.stderr)
    _warn_unregistered(chosen, project, settings)
    return chosen


def _warn_unregistered(chosen: list[Entry], project: Path, settings: HarmoniSettings) -> None:
    """Printed codes rely on the registry: say which ids are not in it yet."""
    registry = read_registry(project / settings.daftar_terbit, settings.daftar_terbit, Problems())
    new = unregistered([e.id for e in chosen], registry)
    if new:
        print(
            f"Peringatan: belum terdaftar di {settings.daftar_terbit}: {', '.join(new)}. "
            "Jalankan `harmoni daftarkan` dan commit berkas itu sebelum stikernya ditempel.",
            file=sys.stderr,
        )


def _check_address(site_url: str, config: MkDocsConfig, settings: HarmoniSettings) -> None:
    """Always show the address the codes will hold; warn when it looks temporary."""
    cname_file = Path(config.docs_dir) / "CNAME"
    cname = cname_file.read_text(encoding="utf-8").strip() if cname_file.is_file() else None
    for warning in batch.address_warnings(site_url, cname or None, settings.alamat_lama):
        print(f"Peringatan: {warning}", file=sys.stderr)
    print(f"Alamat di kode QR: {permanent_url(site_url, '<id>')}")


def _office(settings: HarmoniSettings, config: MkDocsConfig) -> str:
    """The short name of the office, as printed next to the logo."""
    return settings.kantor_singkat or settings.kantor or config.site_name


def _module_size_ok(layout_sheet: labels.Sheet, modules: int) -> bool:
    """Report the printed module size; False (with the smallest label that works) when it is
    below what scripts/ketahanan_qr.py shows phones read."""
    width, height = layout_sheet.label_width, layout_sheet.label_height
    side = stickers.qr_side(width, height)
    module = labels.module_size(side, modules)
    print(
        f"Label {labels.mm(width)} × {labels.mm(height)} mm; kode QR {labels.mm(side)} mm "
        f"({modules} modul termasuk zona tenang); satu modul tercetak {labels.mm(module)} mm."
    )
    if module >= labels.MODULE_MIN_MM:
        return True
    need, need_width, need_height = stickers.smallest_label(modules)
    print(
        f"Galat: modul {labels.mm(module)} mm terlalu kecil untuk dipindai ponsel dengan "
        f"andal (minimal {labels.mm(labels.MODULE_MIN_MM)} mm, hasil uji ketahanan). Kode QR "
        f"ini perlu sisi paling sedikit {labels.mm(need)} mm, yaitu label paling sedikit "
        f"{labels.mm(need_width)} × {labels.mm(need_height)} mm. Pakai lebih sedikit "
        "kolom/baris (mis. --grid 3x8 atau 2x7) atau label yang lebih besar.",
        file=sys.stderr,
    )
    return False


def _logo(config: MkDocsConfig) -> Logo | None:
    """The office logo (`theme.logo`, in docs_dir); says once when stickers go without it."""
    name = config.theme["logo"] if "logo" in config.theme else None
    if not name:
        print("Catatan: theme.logo tidak diisi; stiker memakai nama kantor saja.")
        return None
    path = Path(config.docs_dir) / name
    try:
        logo = load_logo(path)
    except ValueError as err:
        print(f"Peringatan: logo tidak dipakai: {err} Stiker memakai nama kantor saja.")
        return None
    if logo.raster is None:
        print(
            f"Catatan: logo {name} (SVG) tidak dapat diubah menjadi gambar piksel (paket "
            "resvg-py tidak terpasang atau SVG-nya tidak terbaca). Stiker PNG dan PDF memakai "
            "nama kantor saja; stiker SVG tetap memakai logo."
        )
    return logo


def _write(
    out_dir: Path,
    layout_sheet,
    texts,
    matrices,
    logo: Logo | None,
    outlines: bool,
    created: int | None,
):
    """Each activity's PNG and SVG, then the PDF sheet (dated `created`); prints what was
    written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    raster_logo = logo if logo and logo.raster else None
    raster_plans = _plans(layout_sheet, texts, raster_logo.aspect if raster_logo else None)
    vector_plans = raster_plans
    if logo and not raster_logo:
        vector_plans = _plans(layout_sheet, texts, logo.aspect)
    rasters = (
        _write_sticker(out_dir, *job, raster_logo, logo)
        for job in zip(texts, matrices, raster_plans, vector_plans)
    )
    title = f"Stiker kode QR ({len(texts)} kegiatan)"
    count = sheet.save_pdf(
        sheet.pages(rasters, layout_sheet, outlines), out_dir / SHEET_NAME, title, created
    )
    print(f"{len(texts)} stiker (PNG dan SVG) di {out_dir}/")
    print(
        f"Lembar A4 {out_dir / SHEET_NAME}: {count} halaman, susunan "
        f"{layout_sheet.columns}x{layout_sheet.rows}. Cetak dengan skala 100% (ukuran "
        "sebenarnya), lalu pindai satu stiker dengan ponsel sebelum mencetak banyak."
    )


def _plans(layout_sheet: labels.Sheet, texts, aspect: float | None) -> list[stickers.Layout]:
    """One layout per sticker, with the office name on all or on none: a sheet looks even."""
    size = (layout_sheet.label_width, layout_sheet.label_height)
    plans = [stickers.layout(*size, text, aspect) for text in texts]
    if all(plan.office for plan in plans):
        return plans
    return [stickers.layout(*size, text, aspect, office=False) for text in texts]


def _write_sticker(out_dir: Path, text, matrix, raster_plan, vector_plan, raster_logo, logo):
    """One activity's PNG and SVG; returns its pixels for the sheet."""
    image = stickers.png_image(raster_plan, matrix, raster_logo)
    write_atomic(out_dir / f"{text.entry_id}.png", stickers.encode_png(image))
    write_atomic(out_dir / f"{text.entry_id}.svg", stickers.svg(vector_plan, matrix, logo))
    return image
