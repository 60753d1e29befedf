"""The official region list shipped in the package: lookups by code and by name, typos,
ambiguous names, spelling variants, and the list made again from the npm tarball."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO
from harmoni_arsip import regions
from harmoni_arsip.places import places_of
from harmoni_arsip.problems import HarmoniError
from harmoni_arsip.settings import load_settings

NPM_TARBALL = os.environ.get("HARMONI_IDN_AREA_DATA")
"""The `npm pack idn-area-data@4.0.1` tarball, if the developer has one (regeneration test)."""


@pytest.mark.parametrize(
    ("text", "code", "title"),
    [
        ("Kabupaten Belitung", "19.02", "Kabupaten Belitung"),
        ("19.02", "19.02", "Kabupaten Belitung"),
        ("kabupaten  belitung", "19.02", "Kabupaten Belitung"),
        ("Belitung Timur", "19.06", "Kabupaten Belitung Timur"),
        ("Kota Pangkalpinang", "19.71", "Kota Pangkal Pinang"),
        ("19.02.04.2001", "19.02.04.2001", "Desa Sijuk"),
        ("Baturusa, Merawang, Kabupaten Bangka", "19.01.03.2001", "Desa Batu Rusa"),
        ("19.71.01.1006", "19.71.01.1006", "Kelurahan Bacang"),
    ],
)
def test_a_region_is_found_by_name_variant_or_code(text, code, title):
    found = regions.find(text)
    assert (found.code, found.title) == (code, title)


def test_an_ambiguous_name_lists_its_candidates():
    with pytest.raises(regions.RegionError) as caught:
        regions.find("Bangka")
    codes = [r.code for r in caught.value.choices]
    assert codes == ["19.01", "19.03", "19.04", "19.05"]
    assert "cocok dengan 4 wilayah" in str(caught.value)


def test_a_typo_gets_a_suggestion_and_an_unknown_code_a_message():
    with pytest.raises(regions.RegionError, match="Mungkin maksud Anda: Kabupaten Belitung"):
        regions.find("Kabupaten Belitong")
    with pytest.raises(regions.RegionError, match="kode wilayah `19.99` tidak ada"):
        regions.find("19.99")


def test_the_official_lists_of_a_kabupaten():
    kecamatan = regions.children("19.01")
    assert len(kecamatan) == 8
    assert sum(len(regions.children(k.code)) for k in kecamatan) == 81
    merawang = {r.name for r in regions.children("19.01.03")}
    assert {"Batu Rusa", "Balun Ijuk", "Jada Bahrin"} <= merawang


def test_variants_resolve_to_the_official_spelling():
    assert regions.match_name("Baturusa", ["Batu Rusa", "Kimak"]) == "Batu Rusa"
    assert regions.match_name("desa balun-ijuk", ["Balun Ijuk"]) == "Balun Ijuk"
    assert regions.match_name("Kotawaringin", ["Kota Waringin", "Labu"]) == "Kota Waringin"
    assert regions.match_name("Kimak", ["Batu Rusa"]) is None
    assert regions.titled("Desa", "Dusun II") == "Dusun II"
    assert regions.titled("Dusun", "Mawar") == "Dusun Mawar"


def test_the_source_is_named():
    assert "idn-area-data 4.0.1" in regions.source()
    assert "ODbL" in regions.source()


@pytest.mark.skipif(not NPM_TARBALL, reason="HARMONI_IDN_AREA_DATA (tarball npm) tidak diatur")
def test_the_shipped_list_is_made_again_byte_for_byte(tmp_path):
    out = tmp_path / "wilayah.tsv.gz"
    script = REPO / "scripts" / "wilayah_resmi.py"
    subprocess.run([sys.executable, script, NPM_TARBALL, "--keluar", out], check=True)
    shipped = REPO / "hooks" / "harmoni_arsip" / "data" / "wilayah.tsv.gz"
    assert out.read_bytes() == Path(shipped).read_bytes()


def office(wilayah: dict, code: str, tingkat=("Kecamatan", "Desa")):
    raw = {"kantor": "Kantor", "kategori": {"a": "A"}, "wilayah": wilayah,
           "kode_wilayah": code, "tingkat": list(tingkat)}  # fmt: skip
    return places_of(load_settings({"harmoni": raw}))


def test_places_get_official_titles_and_codes_and_typos_are_named():
    places = office({"Sijuk": ["Tanjungbinga", "Tanjung Bingo"], "Badaw": []}, "19.02")
    assert places.lower_title("Sijuk", "Tanjungbinga") == "Desa Tanjung Binga"
    assert places.code("Sijuk", "Tanjungbinga") == "19.02.04.2005"
    assert places.code("Sijuk") == "19.02.04"
    assert places.unofficial == (
        ("Desa Tanjung Bingo, Kecamatan Sijuk", ["Tanjung Binga"]),
        ("Kecamatan Badaw", ["Badau"]),
    )


def test_a_village_archive_names_its_parts_below_the_village():
    places = office({"Tanjung Binga": ["Dusun I", "Dusun II"]}, "19.02.04.2005",
                    ("Desa", "Dusun"))  # fmt: skip
    assert places.locality("Tanjung Binga", "Dusun II") == "Dusun II, Desa Tanjung Binga"
    assert places.code("Tanjung Binga") == "19.02.04.2005"
    assert places.code("Tanjung Binga", "Dusun II") is None
    assert places.index_title == "Desa dan dusun" and places.unofficial == ()


def test_an_unknown_office_code_is_a_settings_error():
    with pytest.raises(HarmoniError, match="kode_wilayah"):
        office({"Sijuk": []}, "19.99")
