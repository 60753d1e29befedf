"""Names from mkdocs.yml never become markup (navigation included), and links that hide where
they lead (a user name before `@`, a backslash) are refused with a message."""

from __future__ import annotations

import pytest
from conftest import build_project, read_config, write_config
from harmoni_arsip.entries.links import is_web_url, refusal
from test_entries import GOOD, read, write_entry

REFUSED = [
    ("https://evil.example\\@www.facebook.com/dpmd/posts/1", "garis miring terbalik"),
    ("https://a@b", "nama pengguna sebelum `@`"),
    ("https://user:sandi@www.instagram.com/p/abc/", "nama pengguna sebelum `@`"),
    ("https://www.youtube.com\\.evil.example/watch?v=abcdefghijk", "garis miring terbalik"),
    ("https://www.tiktok.com/@desa /video/1", "spasi"),
    ("javascript:alert(1)", "bukan alamat web"),
    ("https://[::1", "bukan alamat web yang sah"),
]


@pytest.mark.parametrize(("url", "reason"), REFUSED)
def test_links_that_hide_where_they_lead_are_refused(url, reason):
    assert reason in (refusal(url) or "")
    assert not is_web_url(url)


@pytest.mark.parametrize(
    "url", ["https://www.facebook.com/dpmd/posts/1", "https://www.tiktok.com/@desa/video/1"]
)
def test_ordinary_links_pass(url):
    assert refusal(url) is None


@pytest.mark.parametrize(("url", "reason"), REFUSED[:3])
def test_entry_links_with_userinfo_or_backslash_are_reported_and_left_out(tmp_path, url, reason):
    text = GOOD.replace("---\n\n", f"media_sosial:\n  - '{url}'\nvideo:\n  - '{url}'\n---\n\n")
    write_entry(tmp_path, "2024/a", text)
    entries, problems = read(tmp_path)
    assert entries[0].social == () and entries[0].videos == ()
    for key, line in (("media_sosial", 8), ("video", 10)):
        found = [p for p in problems if f"baris {line}: `{url}` memuat" in p and reason in p]
        assert found, (key, problems)


HOSTILE = '<img src=x onerror="alert(1)">'


def test_kategori_and_kecamatan_names_never_become_markup(project):
    config = read_config(project)
    harmoni = config["extra"]["harmoni"]
    harmoni["kategori"]["pelatihan"] = f"Pelatihan {HOSTILE}"
    wilayah = harmoni["wilayah"]
    wilayah[f"Merawang {HOSTILE}"] = wilayah.pop("Merawang")
    for entry in (project / "kegiatan").rglob("index.md"):
        text = entry.read_text("utf-8")
        entry.write_text(text.replace("kecamatan: Merawang", f"kecamatan: 'Merawang {HOSTILE}'"))
    write_config(project, config)
    result = build_project(project)
    pages = [p for p in result.site.rglob("*.html") if "admin" not in p.parts]
    assert len(pages) > 20
    for page in pages:
        assert "<img src=x" not in page.read_text("utf-8"), page
    home = (result.site / "index.html").read_text("utf-8")
    assert "Pelatihan \u2039img src=x onerror=" in home  # in the navigation, as text
