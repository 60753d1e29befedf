"""The web editor keeps staff from losing work or breaking the archive (issue 19), in a real
headless Chromium at 390×844 with every request outside 127.0.0.1 blocked and recorded (the
`editor` fixture of test_editor.py): typing survives a reload and the back gesture, the gallery
follows the order and removals made in the editor, the registry is neither listed nor deletable,
and a desa of another kecamatan cannot be saved.
"""

from __future__ import annotations

import json
import re
import shutil

import pytest
import yaml
from conftest import build_project, read_config
from harmoni_arsip.editor.config import GUARD_RULES, guard_rules
from harmoni_arsip.entries.frontmatter import parse
from harmoni_arsip.settings import load_settings
from html_parse import tags
from PIL import Image
from playwright.sync_api import expect
from test_assign_ids import beri_id, commit_all, git
from test_editor import TEST_REPO, editor, field, settle_new_form, upload_photo  # noqa: F401 - `editor` is a fixture

TITLE = "Rapat Koordinasi Pendamping Desa"
SUMMARY = "Pendamping desa menyusun jadwal kunjungan."
BACKUP_DELAY_MS = 1_500
"""Sveltia CMS writes its draft backup 0.5 s after the last change."""
LAUNCH = "kegiatan/2024/2024-06-25-peluncuran-harmoni"
LAUNCH_TITLE = "Peluncuran Inovasi HARMONI Pemberdayaan"
LAUNCH_ID = "2024-004"
GUARDED_MESSAGE = re.compile(r"Belum disimpan:")

EXISTS_JS = """async ({folder, path}) => {
  let dir = await (await navigator.storage.getDirectory()).getDirectoryHandle(folder);
  const parts = path.split('/');
  for (const part of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(part);
  const file = await (await dir.getFileHandle(parts.at(-1))).getFile();
  return file.size;
}"""


def test_guard_rules_are_published_from_mkdocs_yml(demo_site):
    admin = demo_site.site / "admin"
    settings = load_settings(read_config(demo_site.project)["extra"])
    rules = json.loads((admin / GUARD_RULES).read_text("utf-8"))
    assert rules == guard_rules(settings)
    assert rules["dilindungi"] == [
        "kegiatan/jangkauan.csv", "kegiatan/kunjungan.json", "kegiatan/terbit.txt",
    ]  # fmt: skip
    assert rules["wilayah"] == settings.wilayah
    collection = yaml.safe_load((admin / "config.yml").read_text("utf-8"))["collections"][0]
    assert collection["thumbnail"] == ["sampul", "keterangan.*.berkas"]  # no blank thumbnails
    fields = {f["name"]: f for f in collection["fields"]}
    assert fields["contoh"] == {"name": "contoh", "label": "Entri contoh", "widget": "hidden"}


def _new_entry(page) -> None:
    page.get_by_role("row").first.wait_for()
    page.get_by_role("button", name="Buat Entri Baru").click()
    settle_new_form(page)


def _restore_draft(page) -> None:
    """Sveltia's question when a form with a draft backup opens: restore it."""
    dialog = page.get_by_role("alertdialog")
    dialog.wait_for()
    expect(dialog).to_contain_text("Pulihkan Draf")
    dialog.get_by_role("button", name="Pulihkan", exact=True).click()


def _type(page, label: str, text: str) -> None:
    """Tap a text field and type into it, key by key, as staff do."""
    box = page.get_by_role("textbox", name=label)
    box.click()
    box.fill("")
    box.press_sequentially(text)


def _scroll_to(page, locator) -> None:
    """Scroll the form down until `locator` is drawn (the form draws its lower fields late)."""
    for _ in range(20):
        if locator.count():
            locator.scroll_into_view_if_needed()
            return
        page.mouse.wheel(0, 1500)
        page.wait_for_timeout(250)
    locator.wait_for()


@pytest.mark.browser
def test_half_filled_form_survives_a_reload_and_the_back_gesture(editor):  # noqa: F811 - the fixture of test_editor
    page = editor.page
    editor.open()
    _new_entry(page)
    _type(page, "Judul", TITLE)
    _type(page, "Ringkasan", SUMMARY)
    page.wait_for_timeout(BACKUP_DELAY_MS)
    asked: list[str] = []
    page.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.accept()))

    page.reload()  # leaving a form with unsaved typing asks first

    assert asked == ["beforeunload"]
    _restore_draft(page)
    expect(page.get_by_role("textbox", name="Judul")).to_have_value(TITLE)
    expect(page.get_by_role("textbox", name="Ringkasan")).to_have_value(SUMMARY)
    editor.screenshot("editor-draf-kembali.png")

    page.go_back()  # the phone's back gesture closes the form
    _new_entry(page)  # and the draft is offered again when the form is opened again
    _restore_draft(page)
    expect(page.get_by_role("textbox", name="Judul")).to_have_value(TITLE)
    assert editor.outside == [] and editor.errors == []


@pytest.mark.browser
def test_an_edited_entry_survives_a_reload(editor):  # noqa: F811 - the fixture of test_editor
    page = editor.page
    editor.open()
    page.get_by_role("row", name=LAUNCH_TITLE).click()
    _type(page, "Ringkasan", SUMMARY)
    page.wait_for_timeout(BACKUP_DELAY_MS)
    page.on("dialog", lambda dialog: dialog.accept())
    page.reload()
    _restore_draft(page)
    expect(page.get_by_role("textbox", name="Ringkasan")).to_have_value(SUMMARY)
    expect(page.get_by_role("textbox", name="Judul")).to_have_value(LAUNCH_TITLE)
    assert editor.outside == [] and editor.errors == []


@pytest.mark.browser
def test_desa_follow_the_kecamatan_and_a_wrong_one_is_not_saved(editor):  # noqa: F811 - the fixture of test_editor
    page = editor.page
    editor.open()
    _new_entry(page)
    page.get_by_role("textbox", name="Judul").fill(TITLE)
    page.get_by_role("textbox", name="Tanggal kegiatan").fill("2025-07-15")
    page.get_by_role("radio", name="Pembinaan Desa").check()
    page.get_by_role("combobox", name="Kecamatan").click()
    page.get_by_role("option", name="Merawang").click()
    page.get_by_role("combobox", name="Desa/kelurahan").click()
    offered = page.get_by_role("option", name=re.compile(r"\("))
    expect(offered).to_have_count(10)  # Merawang's ten desa only
    names = [text.rsplit(" (", 1)[0] for text in offered.all_inner_texts()]
    assert "Batu Rusa" in names and "Air Asam" not in names  # Air Asam is in Belinyu
    editor.screenshot("editor-desa-sesuai-kecamatan.png")
    page.get_by_role("option", name="Batu Rusa (Merawang)").click()
    page.get_by_text("Ringkasan", exact=True).click()
    page.get_by_role("combobox", name="Kecamatan").click()  # then the kecamatan is changed
    page.get_by_role("option", name="Belinyu").click()
    _scroll_to(page, page.get_by_role("textbox", name="Narasi kegiatan"))
    page.get_by_role("textbox", name="Narasi kegiatan").fill("Rapat di kantor camat.")

    page.get_by_role("button", name="Simpan", exact=True).click()

    alert = page.get_by_role("alert").filter(has_text=GUARDED_MESSAGE)
    expect(alert).to_contain_text("Desa Batu Rusa tidak termasuk Kecamatan Belinyu")
    editor.screenshot("editor-desa-ditolak.png")
    assert not [p for p in editor.write_back() if p.endswith("index.md")]  # nothing saved

    expect(page.get_by_role("alertdialog")).to_have_count(0)  # no generic error of Sveltia's
    alert.get_by_role("button", name="Tutup").click()
    page.get_by_role("combobox", name="Kecamatan").click()
    page.get_by_role("option", name="Merawang").click()
    page.get_by_role("button", name="Simpan", exact=True).click()
    page.get_by_text("Entri disimpan").wait_for()
    (saved,) = [p for p in editor.write_back() if p.endswith("index.md")]
    front = parse((editor.project / saved).read_text("utf-8")).data
    assert (front["kecamatan"], front["desa"]) == ("Merawang", ["Batu Rusa"])
    assert "contoh" not in front  # only the demo entries say what they are
    assert editor.outside == [] and editor.errors == []


@pytest.mark.browser
def test_registry_and_reach_data_are_not_assets_and_stay(editor):  # noqa: F811 - the fixture of test_editor
    page = editor.page
    editor.open()
    page.get_by_role("row").first.wait_for()
    protected = ["kegiatan/terbit.txt", "kegiatan/jangkauan.csv"]
    published = (editor.root / "admin" / GUARD_RULES).read_text("utf-8")
    assert all(path in published for path in protected)
    photos = [
        p
        for p in (editor.project / "kegiatan").rglob("*")
        if p.is_file() and p.name != "index.md" and p.parent != editor.project / "kegiatan"
    ]
    page.goto(editor.base + "admin/#/assets/kegiatan")  # Kegiatan → Show Assets
    status = page.get_by_role("status").filter(has_text="folder berkas")
    expect(status).to_contain_text(f"yang berisi {len(photos)} berkas")
    page.get_by_role("button", name="Tampilkan sebagai Daftar").click()
    listed = page.get_by_role("grid").inner_text()
    assert "foto-01.jpg" in listed
    assert "terbit.txt" not in listed and "jangkauan.csv" not in listed
    editor.screenshot("editor-aset-tanpa-daftar-terbit.png")
    for path in protected:  # still in the repository, untouched
        size = page.evaluate(EXISTS_JS, {"folder": TEST_REPO, "path": path})
        assert size == (editor.project / path).stat().st_size
    assert editor.outside == [] and editor.errors == []


@pytest.mark.browser
def test_removing_and_reordering_photos_changes_the_gallery(editor):  # noqa: F811 - the fixture of test_editor
    """As the publishing workflow does: the save is committed, `daftarkan` deletes the photo the
    entry no longer lists, then the site is built."""
    page = editor.page
    (editor.project / ".gitignore").write_text(".cache/\nsite/\n", encoding="utf-8")
    git(editor.project, "init", "-q", "-b", "main")
    commit_all(editor.project, "Arsip demo")
    before = parse((editor.project / LAUNCH / "index.md").read_text("utf-8")).data
    captions = {item["berkas"]: item["teks"] for item in before["keterangan"]}
    editor.open()
    page.get_by_role("row", name=LAUNCH_TITLE).click()
    photos = field(page, "Foto dan keterangan")
    photos.scroll_into_view_if_needed()
    photos.get_by_role("button", name="Hapus", exact=True).nth(1).click()  # foto-02.jpg
    expect(photos.get_by_role("button", name="Hapus", exact=True)).to_have_count(3)
    move_up = photos.get_by_role("button", name="Naikkan", exact=True)
    move_up.nth(2).click()  # foto-04.jpg before foto-03.jpg
    editor.screenshot("editor-urutan-foto.png")
    page.get_by_role("button", name="Simpan", exact=True).click()
    page.get_by_text("Entri disimpan").wait_for()

    changed = editor.write_back()

    assert sorted(changed) == [f"{LAUNCH}/index.md"]
    commit_all(editor.project, "Ubah kegiatan (editor web)")
    assert beri_id(editor.project) == 0
    assert not (editor.project / LAUNCH / "foto-02.jpg").exists()  # gone from the repository
    after = parse((editor.project / LAUNCH / "index.md").read_text("utf-8")).data
    order = ["foto-01.jpg", "foto-04.jpg", "foto-03.jpg"]
    assert [item["berkas"] for item in after["keterangan"]] == order
    build = build_project(editor.project, strict=True)
    page_html = build.site / "k" / LAUNCH_ID / "index.html"
    shown = list(dict.fromkeys(i["alt"] for i in tags(page_html, "img", inside="harmoni-galeri")))
    assert shown == [captions[name] for name in order]  # foto-02.jpg is gone from the site
    assert editor.outside == [] and editor.errors == []


FOCUS_WHEN_SHOWN_JS = """() => {
  window.harmoniShown = false;
  const tick = () => {
    const box = document.querySelector('[data-key-path="title"] input');
    if (box && box.checkVisibility({visibilityProperty: true})) {
      box.focus();
      window.harmoniShown = true;
    } else {
      requestAnimationFrame(tick);
    }
  };
  tick();
}"""
"""Tap the title field in the very first frame that shows it (as a quick thumb does)."""


@pytest.mark.browser
def test_typing_into_a_form_the_moment_it_shows_is_kept(editor):  # noqa: F811 - the fixture of test_editor
    """A form is shown only once Sveltia has looked for its draft backup and its dialog has
    taken the focus: keys typed from the first frame on all land in the field (before, the
    dialog took the focus away and they were lost)."""
    page = editor.page
    editor.open()
    page.get_by_role("row").first.wait_for()
    page.evaluate(FOCUS_WHEN_SHOWN_JS)
    page.get_by_role("button", name="Buat Entri Baru").click()
    page.wait_for_function("() => window.harmoniShown === true", polling=10)
    page.keyboard.type(TITLE, delay=10)
    page.wait_for_timeout(BACKUP_DELAY_MS)
    expect(page.get_by_role("textbox", name="Judul")).to_have_value(TITLE)
    assert editor.outside == [] and editor.errors == []


@pytest.mark.browser
def test_refusals_name_the_field_and_the_fix(editor, tmp_path):  # noqa: F811 - the fixture of test_editor
    """A new activity with the title and date of an existing one and the same photo uploaded
    twice under two names is refused with both reasons in Indonesian, and no generic error
    dialog of Sveltia's ("coba lagi nanti"); the photo picker offers no "Berkas Umum"; the
    errors toast goes as soon as the fields are valid, although the pointer rests on it."""
    first, second = tmp_path / "pembukaan.jpg", tmp_path / "pembukaan-salinan.jpg"
    Image.effect_noise((900, 600), 60).convert("RGB").save(first, quality=90)
    shutil.copyfile(first, second)
    page = editor.page
    editor.open()
    _new_entry(page)
    page.get_by_role("button", name="Simpan", exact=True).click()
    toast = page.get_by_role("alert").filter(has_text="isian salah")
    toast.wait_for()
    toast.hover()  # Sveltia keeps a toast while the pointer is on it
    page.get_by_role("textbox", name="Judul").fill(LAUNCH_TITLE)
    page.get_by_role("textbox", name="Tanggal kegiatan").fill("2024-06-25")
    page.get_by_role("radio", name="Lainnya").check()
    _scroll_to(page, page.get_by_role("textbox", name="Narasi kegiatan"))
    page.get_by_role("textbox", name="Narasi kegiatan").fill("Peluncuran kedua.")
    expect(toast).to_have_count(0, timeout=3_000)

    photos = field(page, "Foto dan keterangan")
    photos.scroll_into_view_if_needed()
    items = photos.get_by_role("group", name=re.compile("Isian “.Foto.”"))
    for number, photo in enumerate((first, second)):
        photos.get_by_role("button", name=re.compile(r"Tambah .foto.")).click()
        if number == 0:  # the picker offers the entry's folder, not the repository's root
            items.first.get_by_role("button", name="Telusuri").click()
            dialog = page.get_by_role("dialog", name="Pilih Gambar")
            dialog.get_by_role("combobox", name="Lokasi").click()
            entry_folder = page.get_by_role("option", name="Berkas Entri")
            entry_folder.wait_for()
            expect(page.get_by_role("option", name="Berkas Umum")).to_have_count(0)
            assert page.get_by_role("option").count() == 1
            entry_folder.click()
            dialog.get_by_role("button", name="Batal").click()
        upload_photo(page, items.nth(number), photo)
        photos.get_by_role("textbox", name="Keterangan foto").nth(number).fill("Pembukaan.")
    # Sveltia CMS stores a second upload of the same bytes as the first file: said at once.
    alert = page.get_by_role("alert").filter(has_text=GUARDED_MESSAGE)
    expect(alert).to_contain_text(
        "Foto pembukaan.webp sudah ada di Foto dan keterangan sebagai foto ke-1: hapus foto ke-2."
    )
    alert.get_by_role("button", name="Tutup").click()
    page.get_by_role("button", name="Simpan", exact=True).click()

    expect(alert).to_contain_text(f"Kegiatan “{LAUNCH_TITLE}” tanggal 25/06/2024 sudah ada")
    expect(alert).to_contain_text(f"{LAUNCH}/index.md")
    expect(alert).to_contain_text("Foto pembukaan.webp tercantum dua kali")
    editor.screenshot("editor-ditolak-alasan.png")
    expect(page.get_by_role("alertdialog")).to_have_count(0)  # no "coba lagi nanti"
    assert not [p for p in editor.write_back() if p.endswith("index.md") and LAUNCH not in p]
    assert editor.outside == [] and editor.errors == []


LUMUT = "kegiatan/2024/2024-10-09-pembinaan-desa-lumut"
LUMUT_TITLE = "Pembinaan Desa Lumut tentang Keterbukaan Informasi Kegiatan"


def _old_style_captions(project) -> dict[str, str]:
    """Rewrite Lumut's captions in the old mapping form, with a third photo that is a copy of
    the first under another name (as someone working with git might add it)."""
    folder = project / LUMUT
    shutil.copyfile(folder / "foto-01.jpg", folder / "foto-03.jpg")
    front = parse((folder / "index.md").read_text("utf-8")).data
    captions = {item["berkas"]: item["teks"] for item in front["keterangan"]}
    captions["foto-03.jpg"] = "Foto yang sama sekali lagi."
    text = (folder / "index.md").read_text("utf-8")
    head, rest = text.split("keterangan:\n", 1)
    rest = rest[rest.index("media_sosial:") :]
    mapping = "".join(f"  {name}: {caption}\n" for name, caption in captions.items())
    (folder / "index.md").write_text(f"{head}keterangan:\n{mapping}{rest}", encoding="utf-8")
    assert isinstance(parse((folder / "index.md").read_text("utf-8")).data["keterangan"], dict)
    return captions


@pytest.mark.browser
def test_old_style_captions_are_kept_and_a_copied_photo_is_refused(editor):  # noqa: F811 - the fixture of test_editor
    """An entry still in the old caption form (`foto-01.jpg: teks`) opens with its photos and
    captions as the list (converted on load, as `harmoni ubah-keterangan` does), and saving
    writes them in the list form; a photo that is a byte-for-byte copy of another under a second
    name is refused at save, naming the earlier photo."""
    captions = _old_style_captions(editor.project)
    editor.copy_seed()
    page = editor.page
    editor.open()
    page.get_by_role("row", name=LUMUT_TITLE).click()
    photos = field(page, "Foto dan keterangan")
    photos.scroll_into_view_if_needed()
    texts = photos.get_by_role("textbox", name="Keterangan foto")
    expect(texts).to_have_count(3)
    assert [texts.nth(i).input_value() for i in range(3)] == list(captions.values())
    page.get_by_role("button", name="Simpan", exact=True).click()

    alert = page.get_by_role("alert").filter(has_text=GUARDED_MESSAGE)
    expect(alert).to_contain_text("Foto foto-03.jpg sama persis dengan foto foto-01.jpg")
    expect(page.get_by_role("alertdialog")).to_have_count(0)
    alert.get_by_role("button", name="Tutup").click()
    photos.get_by_role("button", name="Hapus", exact=True).nth(2).click()
    page.get_by_role("button", name="Simpan", exact=True).click()
    page.get_by_text("Entri disimpan").wait_for()

    changed = editor.write_back()
    assert sorted(changed) == [f"{LUMUT}/index.md"]
    front = parse(changed[f"{LUMUT}/index.md"].decode("utf-8")).data
    del captions["foto-03.jpg"]
    assert front["keterangan"] == [{"berkas": n, "teks": t} for n, t in captions.items()]
    assert editor.outside == [] and editor.errors == []
