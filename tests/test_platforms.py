"""Importing the platforms' own exports: Meta Business Suite (Facebook; Instagram with English or
Indonesian headers), TikTok Studio (CSV, XLSX, the ZIP), into the reach data and onto the
Statistik page.

The fixture files follow the documented layouts (column names, order drift, quoting, BOM,
UTF-16 with a `sep=,` line, US dates, localized TikTok dates without a year)."""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from conftest import build_project
from harmoni_arsip.cli import main
from harmoni_arsip.problems import Problems
from harmoni_arsip.stats import figures as fig
from harmoni_arsip.stats.measurements import parse_measurements
from harmoni_arsip.stats.platforms import decode_text, read_export

FB_HEADER = [
    "Post ID", "Page ID", "Page name", "Title", "Description", "Duration (sec)", "Publish time",
    "Caption type", "Permalink", "Is crosspost", "Is share", "Post type", "Languages",
    "Custom labels", "Funded content status", "Data comment", "Date", "Views", "Reach",
    "Reactions, Comments and Shares", "Reactions", "Comments", "Shares", "Total clicks",
    "Other Clicks", "Matched Audience Targeting Consumption (Photo Click)", "Link Clicks",
    "Seconds viewed", "Average Seconds viewed", "Estimated earnings (USD)", "Ad CPM (USD)",
    "Ad impressions",
]  # fmt: skip
IG_EN = ["Post ID", "Account ID", "Account username", "Account name", "Description",
         "Duration (sec)", "Publish time", "Permalink", "Post type", "Data comment", "Date",
         "Views", "Reach", "Likes", "Shares", "Follows", "Comments", "Saves"]  # fmt: skip
IG_ID = ["ID Postingan", "ID Akun", "Nama pengguna akun", "Nama akun", "Deskripsi",
         "Durasi (detik)", "Waktu penerbitan", "Permalink", "Jenis postingan", "Komentar data",
         "Tanggal", "Tayangan", "Suka", "Frekuensi dibagikan", "Komentar",
         "Frekuensi Disimpan", "Jangkauan", "Mengikuti"]  # fmt: skip
IG_NAMES = {"Post ID": "ID Postingan", "Account ID": "ID Akun",
            "Account username": "Nama pengguna akun", "Account name": "Nama akun",
            "Description": "Deskripsi", "Duration (sec)": "Durasi (detik)",
            "Publish time": "Waktu penerbitan", "Permalink": "Permalink",
            "Post type": "Jenis postingan", "Data comment": "Komentar data", "Date": "Tanggal",
            "Views": "Tayangan", "Reach": "Jangkauan", "Likes": "Suka",
            "Shares": "Frekuensi dibagikan", "Follows": "Mengikuti", "Comments": "Komentar",
            "Saves": "Frekuensi Disimpan"}  # fmt: skip
"""English → Indonesian Instagram column names (the two exports also order them differently)."""
TIKTOK = ["Time", "Video title", "Video link", "Post time", "Total likes", "Total comments",
          "Total shares", "Total views"]  # fmt: skip
PAGE = "https://www.facebook.com/dpmd.bangka.contoh/posts/"


def csv_bytes(header: list[str], rows: list[dict], encoding: str = "utf-8-sig",
              preamble: str = "") -> bytes:  # fmt: skip
    """A CSV as the platform writes it: every cell quoted, missing columns empty."""
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(name, "") for name in header])
    return (preamble + out.getvalue()).encode(encoding)


def facebook_rows() -> list[dict]:
    """Two posts: one whose staff link has the post id, one (pfbid) matched by permalink."""
    return [
        {"Post ID": "1039829308656930_122100000000000002", "Page ID": "1039829308656930",
         "Title": "Observasi lapangan\ndi Merawang, \"Baturusa\"",
         "Publish time": "04/23/2024 09:15",
         "Permalink": PAGE + "122100000000000002", "Post type": "Photos", "Views": "1,910",
         "Reach": "1,204", "Reactions": "61", "Comments": "14", "Shares": "20"},
        {"Post ID": "122100000000000099", "Publish time": "11/03/2026 18:12",
         "Permalink": "https://www.facebook.com/dpmd.bangka.contoh/posts/pfbid0Xyz",
         "Post type": "Photos", "Views": "300", "Reach": "250", "Reactions": "5",
         "Comments": "0", "Shares": "1"},
    ]  # fmt: skip


def instagram_rows(lang: str) -> list[dict]:
    """Two posts of the demo archive (a /p/ and a /reel/ address) and one of no activity."""
    names = IG_NAMES if lang == "id" else {n: n for n in IG_EN}
    rows = [
        {"Post ID": "18182686576415017", "Publish time": "04/02/2024 08:00",
         "Permalink": "https://www.instagram.com/p/contohHARMONI1/", "Post type": "IG image",
         "Date": "Lifetime", "Views": "900", "Reach": "640", "Likes": "51", "Shares": "4",
         "Comments": "9", "Saves": "6"},
        {"Post ID": "18020067989234376", "Publish time": "06/26/2024 10:30",
         "Permalink": "https://www.instagram.com/reel/contohHARMONI4/", "Post type": "IG reel",
         "Date": "Lifetime", "Views": "3,100", "Reach": "2,050", "Likes": "240", "Shares": "50",
         "Comments": "40", "Saves": "30"},
        {"Post ID": "18000000000000001", "Publish time": "11/20/2026 07:45",
         "Permalink": "https://www.instagram.com/p/BelumTercantum/", "Post type": "IG image",
         "Date": "Lifetime", "Views": "80", "Reach": "60", "Likes": "3", "Shares": "0",
         "Comments": "0", "Saves": "0"},
    ]  # fmt: skip
    return [{names[key]: value for key, value in row.items()} for row in rows]


TIKTOK_ROWS = [
    {"Time": "30 November", "Video title": "Peluncuran HARMONI",
     "Video link": "https://www.tiktok.com/@dpmd.bangka.contoh/video/7300000000000000004",
     "Post time": "11 November", "Total likes": "410", "Total comments": "52",
     "Total shares": "40", "Total views": "6,400"},
]  # fmt: skip


def tiktok_zip() -> bytes:
    """TikTok Studio's download: a ZIP with Content.csv and Overview.csv."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("Content.csv", csv_bytes(TIKTOK, TIKTOK_ROWS, "utf-8"))
        overview = ["Date", "Video Views", "Profile Views", "Likes", "Comments", "Shares"]
        archive.writestr("Overview.csv", csv_bytes(overview, [{"Date": "9 July"}], "utf-8"))
    return out.getvalue()


def tiktok_xlsx(rows: list[dict]) -> bytes:
    """The same Content sheet as TikTok's XLSX download."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(TIKTOK)
    for row in rows:
        sheet.append([row.get(name, "") for name in TIKTOK])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# -- reading the files -------------------------------------------------------------------------


def test_a_facebook_export_is_read_by_column_name_with_its_multiline_caption():
    read = read_export("Nov-01-2026_Nov-30-2026_1039829308656930.csv",
                       csv_bytes(FB_HEADER, facebook_rows()))  # fmt: skip
    assert read.problems == [] and len(read.posts) == 2
    first = read.posts[0]
    assert (first.platform, first.post_id, first.published) == (
        "Facebook", "122100000000000002", datetime.date(2024, 4, 23),
    )  # fmt: skip
    # "Reactions", not "Reactions, Comments and Shares"
    assert (first.reach, first.views, first.likes, first.comments, first.shares, first.saves) == (
        1204, 1910, 61, 14, 20, 0,
    )  # fmt: skip
    # rows counted as a spreadsheet shows them, though the first caption spans two lines
    assert first.line == 2 and read.posts[1].line == 3


@pytest.mark.parametrize("lang", ["en", "id"])
def test_instagram_exports_in_either_language_give_the_same_posts(lang):
    read = read_export("ig.csv", csv_bytes(IG_EN if lang == "en" else IG_ID, instagram_rows(lang)))
    assert read.problems == []
    assert [(p.post_id, p.reach, p.likes, p.comments, p.shares, p.saves, p.views)
            for p in read.posts] == [
        ("contohHARMONI1", 640, 51, 9, 4, 6, 900),
        ("contohHARMONI4", 2050, 240, 40, 50, 30, 3100),
        ("BelumTercantum", 60, 3, 0, 0, 0, 80),
    ]  # fmt: skip
    assert read.posts[0].published == datetime.date(2024, 4, 2)  # MM/DD/YYYY in both languages


def test_utf16_with_a_sep_line_is_read_and_daily_account_files_are_skipped():
    data = csv_bytes(IG_ID, instagram_rows("id"), "utf-16", preamble="sep=,\n")
    assert data[:2] == b"\xff\xfe"
    assert len(read_export("ig-utf16.csv", data).posts) == 3
    daily = csv_bytes(["Tanggal", "Primary"], [{"Tanggal": "2026-11-01T00:00:00", "Primary": "20"}],
                      "utf-16", preamble='sep=,\n"Tayangan"\n')  # fmt: skip
    read = read_export("Tayangan.csv", daily)
    assert (read.posts, read.problems, read.skipped) == ([], [], ["Tayangan.csv"])
    assert decode_text(b"sep=;\na;b\n") == ("a;b\n", ";")


def test_tiktok_zip_and_xlsx_give_the_video_and_its_posting_day_from_the_id():
    read = read_export("tiktok.zip", tiktok_zip())
    assert read.skipped == ["tiktok.zip:Overview.csv"] and read.problems == []
    (video,) = read.posts
    assert (video.platform, video.post_id, video.reach, video.views) == (
        "TikTok", "7300000000000000004", None, 6400,
    )  # fmt: skip
    assert video.published == datetime.date(2023, 11, 11)  # 7300000000000000004 >> 32 seconds
    link = "https://www.tiktok.com/@x/video/7672373276106181908"
    real = read_export("c.csv", csv_bytes(TIKTOK, [{**TIKTOK_ROWS[0], "Video link": link}]))
    assert real.posts[0].published == datetime.date(2026, 8, 10)  # posted "10 tháng Tám"
    assert video.source == "tiktok.zip:Content.csv"
    (same,) = read_export("Content.xlsx", tiktok_xlsx(TIKTOK_ROWS)).posts
    assert (same.post_id, same.likes, same.views, same.line) == (video.post_id, 410, 6400, 2)


def test_spreadsheet_mangled_ids_get_their_own_message():
    rows = facebook_rows()
    rows[0]["Post ID"] = "1.221E+17"
    read = read_export("fb.csv", csv_bytes(FB_HEADER, rows))
    (problem,) = read.problems
    assert (problem.line, problem.column) == (2, "Post ID")
    assert "notasi ilmiah" in str(problem) and str(problem).startswith("fb.csv, baris 2")
    assert len(read.posts) == 1  # the other row is kept
    book = tiktok_xlsx([{**TIKTOK_ROWS[0], "Video link": 7.3e18}])
    (problem,) = read_export("Content.xlsx", book).problems
    assert "notasi ilmiah" in problem.message


def test_unreadable_files_rows_and_cells_are_named():
    rows = instagram_rows("en")
    rows[1]["Reach"] = "banyak"
    rows[2]["Permalink"] = "instagram.com/p/x"
    read = read_export("ig.csv", csv_bytes(IG_EN, rows))
    assert [(p.line, p.column) for p in read.problems] == [(3, "Reach"), (4, "Permalink")]
    assert "`banyak`" in read.problems[0].message
    (problem,) = read_export("catatan.csv", b"nama,jumlah\nA,1\n").problems
    assert "Permalink" in problem.message and problem.line == 1
    (problem,) = read_export("rusak.xlsx", b"bukan excel").problems
    assert "Excel" in problem.message
    (problem,) = read_export("latin1.csv", "Permalink\nJalan Café\n".encode("cp1252")).problems
    assert "UTF-8" in problem.message


# -- the command and the reach data ------------------------------------------------------------


@pytest.fixture
def exports(tmp_path) -> dict[str, Path]:
    """A month of exports as staff download them."""
    folder = tmp_path / "unduhan"
    folder.mkdir()
    files = {
        "fb": ("Nov-01-2026_Nov-30-2026_1039829308656930.csv", csv_bytes(FB_HEADER,
                                                                          facebook_rows())),
        "ig": ("ig-id.csv", csv_bytes(IG_ID, instagram_rows("id"))),
        "tiktok": ("tiktok_studio.zip", tiktok_zip()),
    }  # fmt: skip
    paths = {}
    for key, (name, data) in files.items():
        (folder / name).write_bytes(data)
        paths[key] = folder / name
    return paths


def link_pfbid_post(project: Path) -> None:
    """Staff wrote the pfbid permalink of the second Facebook post under an activity."""
    index = next((project / "kegiatan").glob("2024/2024-10-09-*/index.md"))
    text = index.read_text("utf-8")
    old = "https://www.facebook.com/dpmd.bangka.contoh/posts/contoh-harmoni-6"
    index.write_text(text.replace(old, "https://facebook.com/dpmd.bangka.contoh/posts/pfbid0Xyz/"))


def harmoni(project: Path, *args: str) -> int:
    return main(["-f", str(project / "mkdocs.yml"), *args])


def test_import_merges_snapshots_keeps_hand_rows_and_reports(project, exports, capsys):
    link_pfbid_post(project)
    index = next((project / "kegiatan").glob("2024/2024-04-23-*/index.md"))
    index.write_text(index.read_text("utf-8").replace(
        "posts/contoh-harmoni-2", "posts/122100000000000002"))  # fmt: skip
    reach = project / "kegiatan" / "jangkauan.csv"
    lines = reach.read_text("utf-8").splitlines(keepends=True)
    kept = [line for line in lines if "HARMONI5" not in line.upper().replace("-", "")]
    reach.write_text("".join(kept))
    hand = reach.read_text("utf-8")
    status = harmoni(project, "impor-jangkauan", *map(str, exports.values()),
                     "--tanggal", "2026-11-30")  # fmt: skip
    out, err = capsys.readouterr()
    assert status == 0 and err == ""
    assert "Nov-01-2026_Nov-30-2026_1039829308656930.csv: Facebook, 2 unggahan" in out
    assert "tiktok_studio.zip:Overview.csv: dilewati" in out
    assert "kegiatan/jangkauan.csv: 6 baris baru, 0 baris diperbarui, 0 sudah sama." in out
    assert "Cocok dengan kegiatan: 5 unggahan." in out
    assert "  - https://www.instagram.com/p/BelumTercantum/ (Instagram, terbit 2026-11-20)" in out
    assert "Kegiatan yang unggahannya belum punya angka (1):" in out
    assert "2024-08-14-pelatihan-konten-media-sosial/index.md" in out
    text = reach.read_text("utf-8")
    assert text.startswith(hand.splitlines()[0] + ",platform,id_unggahan,sumber\n")
    assert all(line in text for line in hand.splitlines()[1:])  # hand-typed rows kept as typed
    rows = parse_measurements(text, "jangkauan.csv", problems := Problems())
    assert len(problems) == 0
    imported = {r.post_id: r for r in rows if r.source}
    fb = imported["122100000000000099"]  # matched by permalink: written with the staff address
    assert fb.url == "https://facebook.com/dpmd.bangka.contoh/posts/pfbid0Xyz/"
    assert (fb.date, fb.reach, fb.platform) == (datetime.date(2026, 11, 30), 250, "Facebook")
    assert imported["contohHARMONI4"].url == "https://www.instagram.com/p/contohHARMONI4/"
    assert imported["7300000000000000004"].source == "tiktok_studio.zip:Content.csv"
    latest = fig.latest(rows)
    assert latest["instagram:contohHARMONI1"].reach == 640  # the 2026 export beats 2024's row
    assert any(r.reach == 412 for r in rows)  # the older hand-typed snapshot stays

    assert harmoni(project, "impor-jangkauan", *map(str, exports.values()),
                   "--tanggal", "2026-11-30") == 0  # fmt: skip
    assert "0 baris baru, 0 baris diperbarui, 6 sudah sama." in capsys.readouterr().out
    assert reach.read_text("utf-8") == text  # nothing to change, nothing rewritten


def test_a_later_export_adds_a_snapshot_and_a_same_day_one_replaces_its_own(project, exports,
                                                                             capsys):  # fmt: skip
    reach = project / "kegiatan" / "jangkauan.csv"
    harmoni(project, "impor-jangkauan", str(exports["tiktok"]), "--tanggal", "2026-11-30")
    views = [{**TIKTOK_ROWS[0], "Total views": "7,000"}]
    newer = exports["tiktok"].with_name("Content.xlsx")
    newer.write_bytes(tiktok_xlsx(views))
    harmoni(project, "impor-jangkauan", str(newer), "--tanggal", "2026-11-30")
    assert "0 baris baru, 1 baris diperbarui" in capsys.readouterr().out
    harmoni(project, "impor-jangkauan", str(newer), "--tanggal", "2026-12-07")
    rows = parse_measurements(reach.read_text("utf-8"), "j.csv", Problems())
    tiktok = sorted((r.date.isoformat(), r.views) for r in rows if r.platform == "TikTok")
    assert tiktok == [("2026-11-30", 7000), ("2026-12-07", 7000)]


def test_the_snapshot_date_defaults_to_the_day_the_file_was_downloaded(project, exports, capsys):
    stamp = datetime.datetime(2026, 11, 28, 9, 0).timestamp()
    import os

    os.utime(exports["ig"], (stamp, stamp))
    harmoni(project, "impor-jangkauan", str(exports["ig"]))
    assert "(angka per 2026-11-28)" in capsys.readouterr().out


def test_unreadable_input_is_reported_with_status_1_and_the_rest_imported(project, exports,
                                                                          capsys):  # fmt: skip
    rows = facebook_rows()
    rows[1]["Post ID"] = "1.22100000000001E+17"
    exports["fb"].write_bytes(csv_bytes(FB_HEADER, rows))
    status = harmoni(project, "impor-jangkauan", str(exports["fb"]), "tidak-ada.csv")
    out, err = capsys.readouterr()
    assert status == 1
    assert "1 baris baru" in out
    assert "baris 3, kolom `Post ID`: berisi `1.22100000000001E+17`" in err
    assert "tidak-ada.csv: berkas tidak ditemukan" in err
    assert "Traceback" not in out + err


def test_imported_figures_reach_the_statistics_page_with_formulas_sources_and_dates(
    project, exports
):
    assert harmoni(project, "impor-jangkauan", *map(str, exports.values()),
                   "--tanggal", "2026-11-30") == 0  # fmt: skip
    html = (build_project(project).site / "statistik" / "index.html").read_text("utf-8")
    tiktok = html[html.index('id="platform-tiktok"') :]
    tiktok = tiktok[: tiktok.index("</section>")]
    assert "(suka + komentar + bagikan) ÷ tayangan" in tiktok
    assert "TikTok tidak memberi angka jangkauan" in tiktok
    assert "tiktok_studio.zip:Content.csv" in tiktok and "30 November 2026" in tiktok
    # the imported video (410 + 52 + 40 over 6.400 views; its 2024 hand-typed row's saves not
    # counted) and the demo's other video, typed by hand (298 + 40 + 31 over 4.475)
    assert "= 871 ÷ 10.875 = 8,0%" in tiktok and "dicatat staf" in tiktok
    instagram = html[html.index('id="platform-instagram"') :]
    instagram = instagram[: instagram.index("</section>")]
    assert "(suka + komentar + bagikan + simpan) ÷ jangkauan" in instagram
    assert "ig-id.csv" in instagram and "dicatat staf" in instagram


def test_a_spreadsheet_saved_reach_file_keeps_its_separator_bom_and_rows():
    from harmoni_arsip.stats.snapshots import merge

    hand = "\ufeffurl;tanggal;jangkauan;suka\r\nhttps://www.instagram.com/p/AAA/;28/05/2025;1.250;3\r\n"
    (post,) = read_export("ig.csv", csv_bytes(IG_EN, instagram_rows("en")[:1])).posts
    result = merge(hand, [post], datetime.date(2026, 11, 30), [])
    assert result.text.startswith("\ufeffurl;tanggal;jangkauan;suka;komentar;bagikan;simpan;")
    lines = result.text.split("\r\n")
    assert lines[1] == "https://www.instagram.com/p/AAA/;28/05/2025;1.250;3"
    assert lines[2].startswith("https://www.instagram.com/p/contohHARMONI1/;2026-11-30;640;51;9")
    assert [p.url for p in result.unmatched] == [post.url] and result.added == 1
    rows = parse_measurements(result.text.lstrip("\ufeff"), "j.csv", problems := Problems())
    assert len(problems) == 0 and [r.reach for r in rows] == [1250, 640]
