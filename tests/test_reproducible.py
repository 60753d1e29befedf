"""Reproducible output: two builds of the same input give byte-identical sites, so a deploy
changes only what changed. Generated files are dated by their input (or `SOURCE_DATE_EPOCH`),
never by the clock."""

from __future__ import annotations

import datetime
import gzip
from pathlib import Path

import pypdfium2
import pytest
import yaml
from conftest import REPO, build_project, copy_project
from harmoni_arsip.search_index import SHUFFLED
from harmoni_arsip.sourcedate import timestamp


def site_bytes(site: Path) -> dict[str, bytes]:
    """Every file of a built site, by its path in the site."""
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def pdf_dates(path: Path) -> tuple[str, str]:
    """The PDF's `CreationDate` and `ModDate`, read by a real PDF parser."""
    document = pypdfium2.PdfDocument(str(path))
    try:
        meta = document.get_metadata_dict()
    finally:
        document.close()
    return meta.get("CreationDate", ""), meta.get("ModDate", "")


def newest_in(kecamatan: str) -> datetime.date:
    """The newest published (not withdrawn) demo activity in a kecamatan, read from the entries
    themselves rather than through the pipeline."""
    dates = []
    for index in (REPO / "kegiatan").rglob("index.md"):
        data = yaml.safe_load(index.read_text("utf-8").split("---")[1])
        if data.get("kecamatan") == kecamatan and not data.get("ditarik"):
            dates.append(data["date"])
    return max(dates)


def test_two_cold_builds_of_the_same_input_are_byte_identical(demo_site, tmp_path):
    # `demo_site` is the session's build of the demo from an empty cache, in another folder and
    # some time earlier; build it once more, from an empty cache too, and compare every byte.
    first = demo_site
    second = build_project(copy_project(tmp_path / "proyek"))
    assert second.warnings == []
    ones, twos = site_bytes(first.site), site_bytes(second.site)
    assert len(ones) > 300
    shuffled = {name for name in [*ones, *twos] if SHUFFLED.fullmatch(name)}
    assert len([n for n in ones if n in shuffled]) == len([n for n in twos if n in shuffled])
    assert sorted(set(ones) - shuffled) == sorted(set(twos) - shuffled)
    assert [name for name in ones if name not in shuffled and ones[name] != twos[name]] == []
    filters = [sorted(gzip.decompress(site[n]) for n in site if n.startswith("pagefind/filter/"))
               for site in (ones, twos)]  # fmt: skip
    assert [sorted(data) for data in filters[0]] == [sorted(data) for data in filters[1]]
    # The posters, whose PDF dates used to be the clock's, are dated by their newest activity;
    # a kecamatan without activities gets an undated poster.
    newest = newest_in("Merawang").strftime("D:%Y%m%d000000Z")
    kecamatan = first.site / "kecamatan"
    assert pdf_dates(kecamatan / "merawang" / "poster.pdf") == (newest, newest)
    assert pdf_dates(kecamatan / "bakam" / "poster.pdf") == ("", "")


def test_source_date_epoch_dates_every_poster(project, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    site = build_project(project, strict=True).site
    posters = sorted(site.glob("kecamatan/**/poster.pdf"))
    assert len(posters) > 10
    assert {pdf_dates(p) for p in posters} == {("D:20231114221320Z", "D:20231114221320Z")}


@pytest.mark.parametrize(
    ("newest", "environ", "expected"),
    [
        (datetime.date(2024, 5, 15), {}, 1715731200),
        (datetime.date(2024, 5, 15), {"SOURCE_DATE_EPOCH": "1700000000"}, 1700000000),
        (None, {"SOURCE_DATE_EPOCH": " 0 "}, 0),
        (None, {}, None),
        (datetime.date(2024, 5, 15), {"SOURCE_DATE_EPOCH": ""}, 1715731200),
        (datetime.date(2024, 5, 15), {"SOURCE_DATE_EPOCH": "kemarin"}, 1715731200),
    ],
)
@pytest.mark.expect_warnings("SOURCE_DATE_EPOCH=")
def test_timestamp_table(newest, environ, expected):
    assert timestamp(newest, environ) == expected


@pytest.mark.expect_warnings("SOURCE_DATE_EPOCH=")
def test_a_malformed_source_date_epoch_is_named_in_a_warning(caplog):
    assert timestamp(None, {"SOURCE_DATE_EPOCH": "-5"}) is None
    assert "SOURCE_DATE_EPOCH='-5' bukan jumlah detik" in caplog.text
