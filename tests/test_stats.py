"""The statistics page: figures from entries and reach data, CSV checks, charts, a real build."""

from __future__ import annotations

import datetime
import logging
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import build_project, read_config, write_config
from harmoni_arsip.entries.model import Entry, LocalVideo, Photo, Place, PlatformVideo, SocialLink
from harmoni_arsip.formats import number, percent
from harmoni_arsip.problems import Problems
from harmoni_arsip.settings import load_settings
from harmoni_arsip.stats import charts
from harmoni_arsip.stats import figures as fig
from harmoni_arsip.stats.measurements import parse_measurements, read_measurements
from harmoni_arsip.stats.report import REACH_ACTIVITIES, build_report

SVG = "{http://www.w3.org/2000/svg}"
REGION = {"Merawang": ["Baturusa", "Kimak", "Riding Panjang"], "Belinyu": ["Lumut", "Bintet"]}
KATEGORI = {"pelatihan": "Pelatihan", "lainnya": "Lainnya"}


def entry(entry_id: str, date: str, kategori: str = "lainnya", places=(), social=(), photos=0,
          videos=()) -> Entry:  # fmt: skip
    """A minimal valid entry for pure-function tests."""
    return Entry(
        id=entry_id, title=f"Kegiatan {entry_id}", date=datetime.date.fromisoformat(date),
        description="", kategori=kategori,
        kecamatan=tuple(dict.fromkeys(k for k, _ in places)),
        places=tuple(Place(k, d) for k, d in places), tags=(),
        photos=tuple(Photo(Path(f"/x/{entry_id}-{i}.jpg"), "") for i in range(photos)),
        cover=None, videos=tuple(videos),
        social=tuple(SocialLink(url, platform) for platform, url in social),
        example=False, body="", folder=Path("/x"), source=f"kegiatan/{entry_id}/index.md",
    )  # fmt: skip


IG1 = "https://www.instagram.com/p/AAA/"
FB1 = "https://www.facebook.com/dinas/posts/111"
IG2 = "https://www.instagram.com/p/BBB/"
ENTRIES = [  # newest first, as the reader returns them
    entry("c", "2024-05-02", "pelatihan", [("Belinyu", "Lumut")], [("Instagram", IG2)], photos=4,
          videos=[PlatformVideo("https://youtu.be/x", "YouTube", None)]),
    entry("b", "2024-03-30", "lainnya", [("Merawang", "Baturusa"), ("Merawang", "Kimak")],
          [("Instagram", IG1), ("Facebook", FB1)], photos=2,
          videos=[LocalVideo(Path("/x/v.mp4"), None, "")]),
    entry("a", "2024-03-01", "lainnya", [("Merawang", "Baturusa")], photos=1),
]  # fmt: skip
CSV = f"""url,tanggal,jangkauan,suka,komentar,bagikan,simpan,tayangan
{IG1},2024-03-31,100,10,1,0,0,150
{IG1}?igsh=abc,2024-04-15,200,30,4,3,3,260
{FB1}/,2024-04-15,300,20,5,5,,
{IG2},2024-05-09,400,36,0,4,0,
"""


# -- publications ------------------------------------------------------------------------------


def test_per_month_counts_activities_and_posts_with_empty_months_filled():
    months = fig.per_month(ENTRIES)
    assert [(m.year, m.month, m.activities, m.posts) for m in months] == [
        (2024, 3, 2, 2), (2024, 4, 0, 0), (2024, 5, 1, 1),
    ]  # fmt: skip
    assert fig.per_month([]) == []


def test_months_run_across_a_new_year():
    months = fig.per_month([entry("y", "2025-01-05"), entry("x", "2024-11-20")])
    assert [(m.year, m.month) for m in months] == [(2024, 11), (2024, 12), (2025, 1)]


def test_per_kategori_and_per_kecamatan_follow_the_configured_order():
    assert [(c.key, c.count) for c in fig.per_kategori(ENTRIES, KATEGORI)] == [
        ("pelatihan", 1), ("lainnya", 2),
    ]  # fmt: skip
    assert [(c.key, c.count) for c in fig.per_kecamatan(ENTRIES, REGION)] == [
        ("Merawang", 2), ("Belinyu", 1),
    ]  # fmt: skip


def test_coverage_counts_documented_desa_and_lists_the_rest():
    coverage = fig.coverage(ENTRIES, REGION)
    assert (coverage.covered, coverage.total) == (3, 5)
    assert coverage.missing == {"Merawang": ["Riding Panjang"], "Belinyu": ["Bintet"]}
    assert coverage.per_kecamatan == {"Merawang": (2, 3), "Belinyu": (1, 2)}


def test_media_totals():
    totals = fig.media_totals(ENTRIES)
    assert (totals.photos, totals.local_videos, totals.platform_videos, totals.posts) == (
        7,
        1,
        1,
        3,
    )


# -- reach and engagement ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "normal"),
    [
        ("https://www.instagram.com/p/AAA/", "instagram.com/p/AAA"),
        ("https://instagram.com/p/AAA?igsh=xyz&utm_source=wa", "instagram.com/p/AAA"),
        ("http://m.facebook.com/dinas/posts/111/#komentar", "facebook.com/dinas/posts/111"),
        ("https://www.youtube.com/watch?v=abc123&t=30s", "youtube.com/watch?v=abc123"),
        ("https://www.facebook.com/permalink.php?story_fbid=9&id=7&ref=x",
         "facebook.com/permalink.php?id=7&story_fbid=9"),
        (" https://WWW.TikTok.com/@d/video/1/ ", "tiktok.com/@d/video/1"),
    ],
)  # fmt: skip
def test_post_addresses_are_normalised(url, normal):
    assert fig.normalise_url(url) == normal


def test_the_per_activity_reach_table_keeps_the_newest_and_does_not_grow():
    posts = [f"https://www.instagram.com/p/P{n}/" for n in range(80)]
    place = [("Merawang", "Baturusa")]
    entries = [entry(f"e{n}", f"2024-{1 + n // 28:02d}-{1 + n % 28:02d}", "lainnya", place,
                     [("Instagram", url)]) for n, url in enumerate(posts)][::-1]  # fmt: skip
    rows = "".join(f"{url},2024-06-01,100,5,0,0,0,\n" for url in posts)
    header = CSV.splitlines()[0] + "\n"
    measured = parse_measurements(header + rows, "jangkauan.csv", Problems())
    config = {"kantor": "Dinas", "kategori": {"lainnya": "Lainnya"},
              "wilayah": {"Merawang": ["Baturusa"]}}  # fmt: skip
    report = build_report(entries, load_settings({"harmoni": config}), measured)
    assert len(report.reach_activities) == REACH_ACTIVITIES < len(entries)
    assert [e.id for e, _ in report.reach_activities] == [e.id for e in entries[:REACH_ACTIVITIES]]
    assert report.reach_total.posts == 80  # the totals still count every post


def test_engagement_uses_the_latest_measurement_of_each_post():
    rows = parse_measurements(CSV, "jangkauan.csv", problems := Problems())
    assert len(problems) == 0 and len(rows) == 4
    latest = fig.latest(rows)
    assert latest["instagram:AAA"].reach == 200  # 15 April beats 31 March
    per_activity = {e.id: r for e, r in fig.reach_per_activity(ENTRIES, latest)}
    assert set(per_activity) == {"b", "c"}
    b = per_activity["b"]
    assert (b.posts, b.reach, b.interactions) == (2, 500, 40 + 30)
    assert b.rate == pytest.approx(70 / 500)
    assert per_activity["c"].rate == pytest.approx(40 / 400)
    platforms = {r.label: r for r in fig.reach_per_platform(ENTRIES, latest)}
    assert platforms["Instagram"].rate == pytest.approx((40 + 40) / (200 + 400))
    assert platforms["Facebook"].rate == pytest.approx(30 / 300)
    total = fig.reach_total(ENTRIES, latest)
    assert (total.posts, total.reach, total.interactions, total.views) == (3, 900, 110, 260)


def test_a_later_line_wins_a_tie_and_zero_reach_has_no_rate():
    text = f"url,tanggal,jangkauan,suka\n{IG1},2024-04-01,0,5\n{IG1},2024-04-01,0,9\n"
    rows = parse_measurements(text, "j.csv", Problems())
    latest = fig.latest(rows)
    assert latest["instagram:AAA"].likes == 9
    assert fig.reach_total(ENTRIES, latest).rate is None
    assert percent(None) == "\u2013"


def test_unmatched_posts_are_reported():
    rows = parse_measurements(CSV + "https://instagram.com/p/ZZZ/,2024-05-01,5,1,0,0,0,\n",
                              "j.csv", Problems())  # fmt: skip
    (stray,) = fig.unmatched(fig.latest(rows), ENTRIES)
    assert stray.url.endswith("/ZZZ/") and stray.line == 6


# -- reading the CSV ---------------------------------------------------------------------------


def test_spreadsheet_exports_are_understood(tmp_path):
    csv = tmp_path / "jangkauan.csv"
    text = "URL;Tanggal;Jangkauan;Suka;Komentar;Bagikan;Simpan;Tayangan\r\n"
    text += f"{IG1};15/04/2024;1.250;30;4;3;3;2.600\r\n"
    csv.write_bytes(("\ufeff" + text).encode("utf-8"))
    (row,) = read_measurements(csv, "kegiatan/jangkauan.csv", problems := Problems())
    assert len(problems) == 0
    assert (row.date, row.reach, row.views, row.interactions) == (
        datetime.date(2024, 4, 15), 1250, 2600, 40,
    )  # fmt: skip


def test_a_missing_file_is_no_problem(tmp_path):
    problems = Problems()
    assert read_measurements(tmp_path / "tidak-ada.csv", "tidak-ada.csv", problems) == []
    assert len(problems) == 0


def test_bad_rows_are_named_by_file_and_line_and_skipped():
    text = (
        "url,tanggal,jangkauan,suka,komentar,bagikan,simpan,tayangan\n"
        f"{IG1},2024-04-15,200,30,4,3,3,\n"
        "instagram.com/p/AAA,2024-04-15,200,1,1,1,1,\n"
        f"{IG1},15 April 2024,200,1,1,1,1,\n"
        f"{IG1},2024-04-16,2,5rb,1,1,1,\n"
        "\n"
        f"{IG1},2024-04-17,,1,1,1,1,\n"
        f"{IG1},2024-04-18,-5,1,1,1,1,\n"
    )
    rows = parse_measurements(text, "kegiatan/jangkauan.csv", problems := Problems())
    assert [r.line for r in rows] == [2]
    messages = [str(p) for p in problems.items]
    assert [p.line for p in problems.items] == [3, 4, 5, 7, 8]
    assert all(m.startswith("kegiatan/jangkauan.csv, baris ") for m in messages)
    assert "bukan alamat unggahan" in messages[0]
    assert "bukan tanggal" in messages[1] and "2025-05-28" in messages[1]
    assert "`suka` berisi `5rb`" in messages[2]
    assert "`jangkauan` kosong" in messages[3]
    assert "bukan bilangan bulat" in messages[4]
    assert all(m.endswith("Baris ini diabaikan.") for m in messages)


def test_a_header_without_required_columns_is_reported_once():
    rows = parse_measurements("alamat,tgl,jangkauan\nx,y,1\n", "j.csv", problems := Problems())
    assert rows == []
    (problem,) = problems.items
    assert problem.line == 1 and "`url`, `tanggal`" in problem.message


# -- charts ------------------------------------------------------------------------------------


def _parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == SVG + "svg" and root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby").split()
    assert root.find(SVG + "title").get("id") == title_id
    assert root.find(SVG + "desc").get("id") == desc_id
    assert root.get("viewBox") == f"0 0 {charts.WIDTH} {root.get('height')}"
    return root


def test_column_chart_draws_one_column_per_month_and_a_dashed_target():
    labels = ["Jan", "Feb", "Mar"]
    svg = charts.columns("g", "Judul", "Keterangan", labels, [1, 0, 3], target=4)
    root = _parse(svg)
    columns = root.findall(f".//{SVG}g[@class='series columns']/{SVG}rect")
    assert len(columns) == 3
    heights = [float(c.get("height")) for c in columns]
    assert heights[1] == 0 and heights[2] == pytest.approx(3 * heights[0], rel=0.01)
    (target,) = [line for line in root.iter(SVG + "line") if line.get("stroke-dasharray")]
    assert target.get("stroke") == charts.TARGET
    texts = {t.text for t in root.iter(SVG + "text")}
    assert {"Jan", "Feb", "Mar", "4"} <= texts
    assert svg == charts.columns("g", "Judul", "Keterangan", labels, [1, 0, 3], target=4)


def test_bar_chart_shortens_long_labels_and_marks_a_percent_target():
    labels = ["Instagram", "Nama platform yang sangat panjang sekali"]
    root = _parse(charts.bars("p", "Judul", "Ket", labels, [12.5, 20], target=15, unit="%"))
    texts = [t.text for t in root.iter(SVG + "text")]
    assert "Instagram" in texts and any(t.endswith("\u2026") for t in texts)
    assert "15%" in texts
    assert len(root.findall(f".//{SVG}g[@class='series bars']/{SVG}rect")) == 2


def test_number_formats_are_indonesian():
    assert number(1234567) == "1.234.567" and percent(0.1234) == "12,3%"
    assert charts.nice_ticks(4) == [0, 1, 2, 3, 4, 5] and charts.nice_ticks(50)[-1] == 60


# -- the page in a real build ------------------------------------------------------------------


class _Tables(HTMLParser):
    """The tables of a page: caption → rows of cell texts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: dict[str, list[list[str]]] = {}
        self._caption: str | None = None
        self._rows: list[list[str]] = []
        self._cell: list[str] | None = None
        self._in_caption = False

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._caption, self._rows = "", []
        elif tag == "caption":
            self._in_caption = True
        elif tag == "tr":
            self._rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "caption":
            self._in_caption = False
        elif tag in ("td", "th") and self._cell is not None:
            self._rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "table":
            self.tables[self._caption.strip()] = self._rows[1:]

    def handle_data(self, data):
        if self._in_caption:
            self._caption += data
        elif self._cell is not None:
            self._cell.append(data)


def tables(page: Path) -> dict[str, list[list[str]]]:
    parser = _Tables()
    parser.feed(page.read_text("utf-8"))
    return parser.tables


def table(found: dict, start: str) -> list[list[str]]:
    (caption,) = [c for c in found if c.startswith(start)]
    return found[caption]


IG4 = "https://www.instagram.com/p/contohHARMONI4/"
FB4 = "https://www.facebook.com/dpmd.bangka.contoh/posts/contoh-harmoni-4"
FIXTURE_CSV = f"""url,tanggal,jangkauan,suka,komentar,bagikan,simpan,tayangan
{IG4},2024-06-30,500,50,5,5,0,700
{IG4}?igsh=x,2024-07-10,1000,100,10,10,5,1400
{FB4}/,2024-07-10,1000,60,10,20,,
https://www.instagram.com/p/tidakAda/,2024-07-10,10,1,0,0,0,
{FB4},10 Juli,1,1,1,1,1,
"""


@pytest.fixture(scope="module")
def stats_site(tmp_path_factory, warm_copy):
    """The demo archive with a fixture reach CSV and a target of 1 activity per month."""
    project = warm_copy(tmp_path_factory.mktemp("statistik") / "proyek")
    (project / "kegiatan" / "jangkauan.csv").write_text(FIXTURE_CSV, "utf-8")
    config = read_config(project)
    config["extra"]["harmoni"]["target"] = {"konten_per_bulan": 1, "engagement_rate": 12.5}
    write_config(project, config)
    logger = logging.getLogger("mkdocs")
    level = logger.level
    logger.setLevel(logging.INFO)  # as `mkdocs build` does: notes are INFO records
    try:
        return build_project(project)
    finally:
        logger.setLevel(level)


def test_the_statistics_page_is_in_the_navigation_with_its_charts(stats_site):
    page = stats_site.site / "statistik" / "index.html"
    html = page.read_text("utf-8")
    assert 'href="statistik/"' in (stats_site.site / "index.html").read_text("utf-8")
    start = 0
    keys = []
    while (start := html.find("<svg", start)) >= 0:
        end = html.index("</svg>", start) + len("</svg>")
        svg = html[start:end]
        if 'role="img"' in svg and "grafik-" in svg:
            keys.append(_parse(svg).find(SVG + "title").get("id"))
        start = end
    assert keys == ["grafik-bulan-judul", "grafik-kategori-judul", "grafik-kecamatan-judul",
                    "grafik-platform-judul"]  # fmt: skip
    assert "(suka + komentar + bagikan + simpan) ÷ jangkauan" in html


def test_the_statistics_tables_hold_the_right_numbers(stats_site):
    found = tables(stats_site.site / "statistik" / "index.html")
    months = table(found, "Publikasi per bulan")
    assert months[0] == ["Mei 2025", "1 ✓", "2"]  # newest first; target 1 reached
    assert ["Maret 2025", "0", "0"] in months and len(months) == 12
    assert ["Juni 2024", "1 ✓", "3"] in months
    kategori = dict(table(found, "Kegiatan per kategori"))
    assert kategori == {"Pelatihan": "1", "Pembinaan Desa": "1", "Pendampingan Kelembagaan": "1",
                        "Penguatan Ekonomi Desa": "1", "Lainnya": "4"}  # fmt: skip
    kecamatan = {row[0]: row[1:] for row in table(found, "Kegiatan dan desa terdokumentasi")}
    assert kecamatan["Merawang"] == ["2", "2 dari 10"]  # the official list: 10 desa
    assert kecamatan["Bakam"] == ["0", "0 dari 9"]
    per_activity = table(found, "Jangkauan dan keterlibatan per kegiatan")
    (row,) = per_activity  # only 2024-004 has measured posts in the fixture CSV
    assert row[0].startswith("Peluncuran Inovasi HARMONI") and "(2 unggahan)" in row[0]
    assert row[1:] == ["2.000", "10,8% (215)"]  # (125 + 90) / 2000, below 12.5%
    rows = table(found, "Jangkauan dan keterlibatan per platform")
    platforms = {r[0].split(" (")[0]: r[1:] for r in rows}
    assert platforms == {"Instagram": ["1.000", "12,5% ✓ (125)"],
                         "Facebook": ["1.000", "9,0% (90)"]}  # fmt: skip


def test_bad_rows_are_warned_about_and_unmatched_ones_noted_by_line(stats_site):
    warnings = [w for w in stats_site.warnings if "jangkauan.csv" in w]
    assert warnings == [
        "kegiatan/jangkauan.csv, baris 6: `tanggal` berisi `10 Juli`, bukan tanggal. Tulis "
        "seperti 2025-05-28 atau 28/05/2025. Baris ini diabaikan."
    ]
    (note,) = [r.getMessage() for r in stats_site.messages if "baris 5: alamat" in r.getMessage()]
    assert note.startswith("kegiatan/jangkauan.csv, baris 5: alamat `https://www.instagram.com/")
    assert "tidak tercantum di `media_sosial`" in note
    assert "Traceback" not in stats_site.text
