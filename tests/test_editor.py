"""The web editor at /admin/ (Sveltia CMS, bundled) in a real headless Chromium, offline.

The editor runs from the built demo site's `admin/` folder, served on 127.0.0.1, against a real
copy of the project tree: Sveltia's test-repository backend reads and writes a folder of the
browser's private file system (OPFS), which the test fills with the project's `kegiatan/` and
`mkdocs.yml` and reads back to disk after saving. The only change to the published editor is
`backend: test-repo` instead of GitHub (nothing else of it can run without GitHub).

Every request to another host is aborted and recorded; the editor must make none. Screenshots
(390×844) go to `test-artifacts/`.
"""

from __future__ import annotations

import base64
import functools
import io
import json
import re
import shutil
import threading
import time
from collections.abc import Callable
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pillow_heif
import pytest
import yaml
import zxingcpp
from conftest import EXIF_PHOTOS, build_project, read_config, write_config
from harmoni_arsip import cli
from harmoni_arsip.editor import editor_config
from harmoni_arsip.editor.config import config_text
from harmoni_arsip.entries.frontmatter import parse
from harmoni_arsip.qr.codes import opened_address
from harmoni_arsip.settings import load_settings
from html_parse import tags
from PIL import Image
from test_browser import ARTIFACTS, HEIGHT, JS_ALL_LOADED, JS_NO_ANIMATIONS, LOCAL_HOST, WIDTH

pytestmark = [pytest.mark.browser]

TIMEOUT_MS = 30_000
ENGLISH = Path(__file__).parents[1] / "editor" / "locales" / "en-US.json"
"""Sveltia CMS's English strings (Sveltia UI's under `_sui`), copied from the npm package by
the bundle's build (editor/vite.config.js)."""
SAME_IN_INDONESIAN = frozenset({
    "Folder", "Menu", "Manual", "Domain", "Video", "Audio", "Media", "Status: {$status}",
    "{$size} MB", "{$size} GB", "{$size} TB",
})  # fmt: skip
"""English strings of Sveltia's that are Indonesian words too (our translation keeps them)."""
TEST_REPO = "sveltia-cms-test"
"""The OPFS folder that Sveltia's test-repository backend works in."""
NEW_TITLE = "Sosialisasi Posyandu Desa Baturusa"
NEW_FOLDER = "kegiatan/2025/2025-07-14-sosialisasi-posyandu-desa-baturusa"
PHOTOS = {
    "Landscape_6.jpg": "Kader posyandu memberi penyuluhan kepada ibu-ibu.",
    "Portrait_3.jpg": "Penimbangan balita di meja pendaftaran.",
}
"""Real phone photos (EXIF orientations 6 and 3) and the captions the test types for them."""
ARSIP_MAKS = 1200
"""The archive's photo size in the test project: smaller than the photos, so resizing shows."""

SEED_JS = """async ({folder, files}) => {
  const root = await navigator.storage.getDirectory();
  try { await root.removeEntry(folder, {recursive: true}); } catch (error) {}
  const repo = await root.getDirectoryHandle(folder, {create: true});
  for (const path of files) {
    const parts = path.split('/');
    let dir = repo;
    for (const part of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(part, {create: true});
    const data = await (await fetch('/benih/' + path)).arrayBuffer();
    const writable = await (await dir.getFileHandle(parts.at(-1), {create: true})).createWritable();
    await writable.write(data);
    await writable.close();
  }
  return files.length;
}"""
SAVED_JS = """async ({repo, folder}) => {
  let dir = await (await navigator.storage.getDirectory()).getDirectoryHandle(repo);
  try {
    for (const part of folder.split('/')) dir = await dir.getDirectoryHandle(part);
  } catch (error) {
    return [];
  }
  const names = [];
  for await (const handle of dir.values()) if (handle.kind === 'file') names.push(handle.name);
  return names;
}"""
DUMP_JS = """async (folder) => {
  const out = {};
  async function walk(dir, prefix) {
    for await (const [name, handle] of dir.entries()) {
      if (handle.kind === 'directory') { await walk(handle, prefix + name + '/'); continue; }
      const bytes = new Uint8Array(await (await handle.getFile()).arrayBuffer());
      let text = '';
      for (let i = 0; i < bytes.length; i += 0x8000) {
        text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      }
      out[prefix + name] = btoa(text);
    }
  }
  const root = await navigator.storage.getDirectory();
  await walk(await root.getDirectoryHandle(folder), '');
  return out;
}"""


SHOWN_JS = """() => {
  const shown = [];
  for (const element of document.querySelectorAll('body *')) {
    if (!element.checkVisibility({visibilityProperty: true})) continue;
    for (const node of element.childNodes) {
      if (node.nodeType === Node.TEXT_NODE && node.textContent.trim()) shown.push(node.textContent);
    }
    for (const name of ['aria-label', 'placeholder', 'title', 'aria-roledescription']) {
      if (element.getAttribute(name)) shown.push(element.getAttribute(name));
    }
  }
  return shown;
}"""
"""Every text of the page that people see or a screen reader says."""


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the standard library's name
        pass


class Editor:
    """The editor of the built site, served on 127.0.0.1, working on a copy of `project`."""

    def __init__(self, chromium, admin: Path, project: Path, root: Path) -> None:
        self.project, self.root = project, root
        self._serve_files(admin)
        handler = functools.partial(_QuietHandler, directory=str(root))
        self.server = ThreadingHTTPServer((LOCAL_HOST, 0), handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.base = f"http://{LOCAL_HOST}:{self.server.server_address[1]}/"
        self.outside: list[str] = []
        self.requested: list[str] = []
        self.errors: list[str] = []
        # An English browser, as office computers often have: the editor speaks Indonesian anyway.
        self.context = chromium.new_context(
            viewport={"width": WIDTH, "height": HEIGHT}, device_scale_factor=2, is_mobile=True,
            has_touch=True, locale="en-US", service_workers="block",
        )  # fmt: skip
        self.context.set_default_timeout(TIMEOUT_MS)
        self.context.route("**/*", self._keep_local)
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("console", self._console)

    def _serve_files(self, admin: Path) -> None:
        """`admin/` as built, with the test backend; `benih/` = the project files to edit."""
        shutil.copytree(admin, self.root / "admin")
        (self.root / "kosong.html").write_text("<!doctype html><title>-</title>", "utf-8")
        mkdocs = read_config(self.project)
        settings = load_settings(mkdocs["extra"])
        logo = mkdocs["theme"]["logo"]
        shutil.copyfile(admin.parent / logo, _make_parent(self.root / logo))
        config = editor_config(settings, "Arsip uji", "https://contoh.go.id/arsip/", logo)
        config["backend"] = {"name": "test-repo"}
        (self.root / "admin" / "config.yml").write_text(config_text(config), encoding="utf-8")
        self.copy_seed()

    def copy_seed(self) -> None:
        """Serve the project's files as `benih/`, for `open()` to fill the test repository with
        (again after a test has changed the project)."""
        shutil.rmtree(self.root / "benih", ignore_errors=True)
        self.seed = project_files(self.project)
        for relative in self.seed:
            target = self.root / "benih" / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(self.project / relative, target)

    def _console(self, message) -> None:
        """Sveltia's warnings (e.g. a deprecated or unknown option in config.yml) and errors;
        messages about requests aborted on purpose are left out."""
        if message.type in ("warning", "error") and "ERR_INTERNET_DISCONNECTED" not in message.text:
            self.errors.append(f"{message.type}: {message.text}")

    def _keep_local(self, route) -> None:
        self.requested.append(route.request.url)
        if urlsplit(route.request.url).hostname in (LOCAL_HOST, None):
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort("internetdisconnected")

    def open(self) -> None:
        """Fill the browser's test repository with the project, open the editor, enter it."""
        self.page.goto(self.base + "kosong.html")
        count = self.page.evaluate(SEED_JS, {"folder": TEST_REPO, "files": self.seed})
        assert count == len(self.seed)
        self.page.goto(self.base + "admin/")
        self.page.get_by_role("button", name="Pakai Repositori Uji").click()
        self.page.get_by_role("treeitem", name="Kegiatan").click()

    def write_back(self) -> dict[str, bytes]:
        """Copy the test repository back onto the project; returns the files that changed."""
        dumped = self.page.evaluate(DUMP_JS, TEST_REPO)
        changed = {}
        for relative, encoded in dumped.items():
            data = base64.b64decode(encoded)
            target = self.project / relative
            if not target.exists() or target.read_bytes() != data:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
                changed[relative] = data
        return changed

    def wait_saved(self, folder: str, files: int) -> None:
        """Wait until the test repository holds the entry's `index.md` and `files` files in all
        in `folder` (the editor saved the entry and its photos); if it does not within a minute,
        fail with what the page shows (alerts, invalid fields) and a screenshot, so a failure in
        CI says why."""
        deadline = time.monotonic() + 60
        while True:
            names = self.page.evaluate(SAVED_JS, {"repo": TEST_REPO, "folder": folder})
            if "index.md" in names and len(names) >= files:
                return
            if time.monotonic() > deadline:
                self.screenshot("editor-tidak-tersimpan.png")
                shown = self.page.locator("[role=alert], [aria-invalid=true]").all_inner_texts()
                pytest.fail(f"{folder} not saved ({names}); page shows {shown}; {self.errors}")
            self.page.wait_for_timeout(250)

    def screenshot(self, name: str, images: str | None = None) -> Path:
        """A screenshot once animations have ended and the `images` (a selector) have loaded."""
        if images is not None:
            self.page.wait_for_function(JS_ALL_LOADED, arg=images)
        self.page.wait_for_function(JS_NO_ANIMATIONS)
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / name
        self.page.screenshot(path=str(path))
        return path

    def english(self) -> list[str]:
        """The texts on screen that are one of Sveltia's English strings."""
        shown = {" ".join(re.sub("[\u2068\u2069]", "", text).split())
                 for text in self.page.evaluate(SHOWN_JS)}  # fmt: skip
        return sorted(t for t in shown if any(p.fullmatch(t) for p in english_patterns()))

    def close(self) -> None:
        self.context.close()
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)


@functools.cache
def english_patterns() -> list[re.Pattern]:
    """Each English string (each variant of a plural message) as a pattern: `{$name}` matches
    any text."""
    patterns = []
    for message in _strings(json.loads(ENGLISH.read_text("utf-8"))):
        if message in SAME_IN_INDONESIAN:
            continue
        variants = re.findall(r"\{\{(.*?)\}\}", message) if message.startswith(".") else [message]
        for variant in variants:
            text = re.sub(r"</?a\b[^>]*>", "", variant.replace("\\{", "{").replace("\\}", "}"))
            parts = re.split(r"\{\$\w+\}", " ".join(text.split()))
            if re.search("[A-Za-z]", "".join(parts)):
                patterns.append(re.compile(".+".join(re.escape(part) for part in parts)))
    return patterns


def _strings(tree: dict) -> list[str]:
    return [s for value in tree.values()
            for s in (_strings(value) if isinstance(value, dict) else [value])]  # fmt: skip


def _make_parent(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def project_files(project: Path) -> list[str]:
    """The files of the project that the editor sees: mkdocs.yml and every entry file."""
    entries = [p for p in sorted((project / "kegiatan").rglob("*")) if p.is_file()]
    return ["mkdocs.yml", *(p.relative_to(project).as_posix() for p in entries)]


def settle_new_form(page) -> None:
    """Wait until a new entry's form shows (the editor keeps it hidden until Sveltia CMS has
    looked for a draft backup of it and moved the focus into it, editor/src/guards.js) and the
    editor's parts it loads on opening a form have arrived."""
    page.get_by_role("textbox", name="Judul").wait_for()
    page.wait_for_load_state("networkidle")


def field(page, label: str):
    """The group of one form field, found by its Indonesian label."""
    return page.get_by_role("group", name=re.compile(f"Isian “.{re.escape(label)}.”"))


@pytest.fixture
def editor(browser, demo_site, project, tmp_path):
    config = read_config(project)
    config["extra"]["harmoni"]["foto"]["arsip_maks"] = ARSIP_MAKS
    write_config(project, config)
    served = Editor(browser, demo_site.site / "admin", project, tmp_path / "dilayani")
    try:
        yield served
    finally:
        served.close()


# --- the published editor ---------------------------------------------------------------------


def test_site_publishes_the_editor_with_a_config_made_from_mkdocs_yml(demo_site):
    admin = demo_site.site / "admin"
    published = yaml.safe_load((admin / "config.yml").read_text("utf-8"))
    mkdocs = read_config(demo_site.project)
    settings = load_settings(mkdocs["extra"])
    assert published == editor_config(
        settings, "Arsip HARMONI", "https://dpmd-bangka.github.io/harmoni/", mkdocs["theme"]["logo"]
    )
    # The office's logo, from the site itself (the editor page is at admin/).
    assert published["logo"] == {"src": "../assets/logo.svg"}
    assert (admin / published["logo"]["src"]).is_file()
    assert published["backend"] == {
        "name": "github", "repo": "dpmd-bangka/harmoni", "branch": "main",
        "auth_methods": ["token"], "commit_messages": published["backend"]["commit_messages"],
    }  # fmt: skip
    fields = {f["name"]: f for f in published["collections"][0]["fields"]}
    assert fields["id"]["readonly"] is True
    assert published["collections"][0]["delete"] is False
    assert [o["value"] for o in fields["kategori"]["options"]] == list(settings.kategori)
    assert fields["kecamatan"]["options"] == list(settings.wilayah)
    assert {o["value"] for o in fields["desa"]["options"]} == {
        desa for names in settings.wilayah.values() for desa in names
    }
    raster = published["media_libraries"]["default"]["config"]["transformations"]["raster_image"]
    assert raster["width"] == raster["height"] == settings.foto.arsip_maks
    scripts = tags(admin / "index.html", "script")
    assert scripts and all((admin / s["src"]).is_file() for s in scripts)
    assert "@sveltia/cms 0.221.1 (MIT)" in (admin / "LICENSES.txt").read_text("utf-8")


def test_citizen_pages_load_nothing_of_the_editor(demo_site):
    for page in demo_site.site.rglob("*.html"):
        if page.relative_to(demo_site.site).parts[0] == "admin":
            continue
        for name, attribute in (("script", "src"), ("link", "href"), ("img", "src")):
            loaded = [a.get(attribute, "") for a in tags(page, name)]
            assert not [url for url in loaded if "admin/" in url], page


def test_no_editor_without_a_repository(project):
    config = read_config(project)
    del config["extra"]["harmoni"]["editor"]
    write_config(project, config)
    assert not (build_project(project).site / "admin").exists()


# --- in the browser -----------------------------------------------------------------------------


@pytest.mark.shared_photos
def test_new_activity_from_a_phone_is_published_with_its_photos_and_qr_code(editor):
    page = editor.page
    editor.open()
    page.get_by_role("row").first.wait_for()
    editor.screenshot("editor-daftar-kegiatan.png", images="[role=grid] img")
    page.get_by_role("button", name="Buat Entri Baru").click()
    settle_new_form(page)
    page.get_by_role("textbox", name="Judul").fill(NEW_TITLE)
    page.get_by_role("textbox", name="Tanggal kegiatan").fill("2025-07-14")
    page.get_by_role("textbox", name="Ringkasan").fill("Kader posyandu dan warga membahas gizi.")
    page.get_by_role("radio", name="Penguatan Ekonomi Desa").check()
    page.get_by_role("combobox", name="Kecamatan").click()
    page.get_by_role("option", name="Merawang").click()
    page.get_by_role("combobox", name="Desa/kelurahan").click()
    page.get_by_role("option", name="Batu Rusa (Merawang)").click()  # the official list
    page.get_by_text("Ringkasan", exact=True).click()
    editor.screenshot("editor-formulir.png")
    for number, (name, caption) in enumerate(PHOTOS.items()):
        _add_photo(editor, number, EXIF_PHOTOS / name, caption)
    tarik = field(page, "Tarik dari situs")
    tarik.scroll_into_view_if_needed()
    page.get_by_role("textbox", name="Narasi kegiatan").fill("Sosialisasi posyandu di Baturusa.")
    page.get_by_role("button", name="Simpan", exact=True).click()
    editor.wait_saved(NEW_FOLDER, files=1 + len(PHOTOS))

    changed = editor.write_back()

    assert editor.outside == [] and editor.errors == []
    photos = sorted(n for n in changed if n != f"{NEW_FOLDER}/index.md")
    assert sorted(changed) == sorted([f"{NEW_FOLDER}/index.md", *photos]) and len(photos) == 2
    for name in photos:  # resized in the browser, upright, WebP
        image = Image.open(io.BytesIO(changed[name]))
        assert image.format == "WEBP" and max(image.size) == ARSIP_MAKS
    landscape, portrait = (Image.open(io.BytesIO(changed[n])) for n in photos)
    assert landscape.width > landscape.height and portrait.height > portrait.width
    front = parse(changed[f"{NEW_FOLDER}/index.md"].decode("utf-8")).data
    assert front["title"] == NEW_TITLE and front["desa"] == ["Batu Rusa"]
    assert [item["teks"] for item in front["keterangan"]] == list(PHOTOS.values())

    main = ["-f", str(editor.project / "mkdocs.yml")]
    assert cli.main([*main, "daftarkan", "--beri-id"]) == 0
    assert (
        parse((editor.project / NEW_FOLDER / "index.md").read_text("utf-8")).data["id"]
        == "2025-003"
    )
    assert cli.main([*main, "periksa"]) == 0
    build = build_project(editor.project, strict=True)
    assert build.warnings == []
    activity = build.site / "k" / "2025-003"
    gallery = tags(activity / "index.html", "img", inside="harmoni-galeri")
    assert {img["alt"] for img in gallery} == set(PHOTOS.values())  # (also in a <noscript> copy)
    sources = [img.get("src") or img.get("data-src", "") for img in gallery]  # lazy: data-src
    assert sources and all((activity / src).is_file() for src in sources)
    (code,) = zxingcpp.read_barcodes(Image.open(activity / "qr.png"))
    assert opened_address(code.text) == "https://dpmd-bangka.github.io/harmoni/k/2025-003/"


def _add_photo(editor: Editor, number: int, photo: Path, caption: str) -> None:
    """Add a caption item, upload `photo` into it through the file picker, type the caption."""
    page = editor.page
    photos = field(page, "Foto dan keterangan")
    photos.get_by_role("button", name=re.compile(r"Tambah .foto.")).click()
    item = photos.get_by_role("group", name=re.compile("Isian “.Foto.”")).nth(number)
    picked = None
    if number == 0:
        picked = functools.partial(
            editor.screenshot, "editor-pilih-foto.png", images="[role=dialog] [role=option] img"
        )
    upload_photo(page, item, photo, picked)
    photos.get_by_role("textbox", name="Keterangan foto").nth(number).fill(caption)
    if number == 0:
        item.scroll_into_view_if_needed()
        editor.screenshot("editor-unggah-foto.png", images="[role=group] img")


def test_published_editor_offers_only_the_token_sign_in(editor, demo_site):
    shutil.copyfile(demo_site.site / "admin" / "config.yml", editor.root / "admin" / "config.yml")
    page = editor.page
    page.goto(editor.base + "admin/")
    page.get_by_role("button", name="Masuk dengan Token Akses").wait_for()
    assert page.get_by_role("button", name=re.compile("Masuk dengan GitHub")).count() == 0
    editor.screenshot("editor-masuk.png")
    assert editor.english() == []
    page.get_by_role("button", name="Masuk dengan Token Akses").click()
    dialog = page.get_by_role("alertdialog", name="Masuk dengan Token Akses")
    dialog.get_by_role("textbox", name="Token akses pribadi").wait_for()
    link = dialog.get_by_role("link").get_attribute("href")
    assert link.startswith("https://github.com/settings/personal-access-tokens/new?")
    assert "contents=write" in link  # a fine-grained token, Contents: read and write
    editor.screenshot("editor-token.png")
    assert editor.english() == []
    # GitHub's status is read from a file of the bundle, not from www.githubstatus.com: nothing
    # leaves the site, before sign-in either.
    assert editor.outside == []
    assert any(url.endswith("/admin/githubstatus.json") for url in editor.requested)
    assert editor.errors == []


def test_saving_each_demo_entry_unchanged_keeps_its_front_matter_and_narrative(editor):
    page = editor.page
    before = {
        p.relative_to(editor.project).as_posix(): parse(p.read_text("utf-8"))
        for p in (editor.project / "kegiatan").rglob("index.md")
    }
    editor.open()
    titles = [front.data["title"] for front in before.values()]
    for title in titles:
        page.get_by_role("row", name=title).click()
        page.get_by_role("textbox", name="Judul").wait_for()
        page.get_by_role("button", name="Simpan", exact=True).click()
        page.get_by_role("row", name=title).wait_for()

    editor.write_back()

    assert editor.outside == [] and editor.errors == []
    for relative, old in before.items():
        new = parse((editor.project / relative).read_text("utf-8"))
        assert new.data == old.data, relative
        assert new.body.strip() == old.body.strip(), relative


def upload_photo(page, item, photo, picked: Callable[[], object] | None = None) -> None:
    """Upload `photo` into the caption item `item` through the photo picker (`picked` is called
    while the picker shows the uploaded photo), and wait until it is inserted (resized)."""
    item.get_by_role("button", name="Telusuri").click()
    dialog = page.get_by_role("dialog", name="Pilih Gambar")
    with page.expect_file_chooser() as chooser:
        dialog.get_by_role("button", name="Unggah").click()
    chooser.value.set_files(str(photo))
    dialog.get_by_role("option").first.wait_for()
    if picked is not None:
        picked()
    dialog.get_by_role("button", name="Sisipkan").click()
    item.get_by_role("button", name="Ganti Gambar").wait_for(timeout=60_000)


def test_a_heic_photo_is_decoded_under_the_editor_policy(editor, tmp_path):
    """An iPhone's HEIC photo is decoded by the bundle's WebAssembly (libheif): the editor's
    Content-Security-Policy must allow WebAssembly (measured: without `'wasm-unsafe-eval'` the
    photo is never inserted)."""
    pillow_heif.register_heif_opener()
    path = tmp_path / "iphone.heic"
    Image.effect_noise((1600, 1200), 60).convert("RGB").save(path, "HEIF")
    page = editor.page
    editor.open()
    page.get_by_role("row").first.wait_for()
    page.get_by_role("button", name="Buat Entri Baru").click()
    photos = field(page, "Foto dan keterangan")
    photos.get_by_role("button", name=re.compile(r"Tambah .foto.")).click()
    upload_photo(page, photos.get_by_role("group", name=re.compile("Isian “.Foto.”")).first, path)
    assert editor.outside == [] and editor.errors == []


def test_the_editor_speaks_indonesian_and_loads_nothing_from_elsewhere(editor, tmp_path):
    """Every screen of a new activity, errors and toasts included, shows no English string of
    Sveltia's; a joined emoji (its joiner is in the range of Sveltia's text font) loads no font
    from a CDN; the office's logo replaces Sveltia's."""
    photo = tmp_path / "foto.jpg"
    Image.effect_noise((1600, 1200), 60).convert("RGB").save(photo, quality=90)
    page = editor.page
    editor.open()
    page.get_by_role("row").first.wait_for()
    assert page.locator("link[rel=icon]").get_attribute("href") == "../assets/logo.svg"
    screens = {"daftar": editor.english()}
    page.get_by_role("radio", name="Menu").click()
    screens["menu"] = editor.english()
    page.get_by_role("menuitem", name="Pengaturan").click()
    for section, shown in (("Bahasa", "Bahasa Tampilan"), ("Lanjutan", "Mode Pengembang")):
        page.get_by_role("menuitem", name=section).click()
        page.get_by_text(shown).first.wait_for()
        screens[f"pengaturan {section}"] = editor.english()
        page.get_by_role("button", name="Kembali").click()
    page.get_by_role("button", name="Kembali").click()  # the settings, back to the menu
    page.get_by_role("radio", name="Isi").click()
    page.get_by_role("treeitem", name="Kegiatan").click()
    page.get_by_role("button", name="Buat Entri Baru").click()
    page.get_by_role("textbox", name="Judul").wait_for()
    screens["formulir"] = editor.english()
    page.get_by_role("button", name="Simpan", exact=True).click()
    page.get_by_text(re.compile("isian salah")).first.wait_for()
    page.get_by_text("Isian ini wajib diisi.").first.wait_for()
    screens["kesalahan"] = editor.english()
    editor.screenshot("editor-kesalahan.png")

    page.get_by_role("textbox", name="Judul").fill("Kunjungan bidan 👩‍⚕️ ke posyandu")
    page.get_by_role("textbox", name="Tanggal kegiatan").fill("2025-07-14")
    page.get_by_role("radio", name="Lainnya").check()
    photos = field(page, "Foto dan keterangan")
    photos.get_by_role("button", name=re.compile(r"Tambah .foto.")).click()
    item = photos.get_by_role("group", name=re.compile("Isian “.Foto.”")).first
    item.get_by_role("button", name="Telusuri").click()
    dialog = page.get_by_role("dialog", name="Pilih Gambar")
    dialog.get_by_role("button", name="Unggah").wait_for()
    screens["pemilih foto"] = editor.english()
    with page.expect_file_chooser() as chooser:
        dialog.get_by_role("button", name="Unggah").click()
    chooser.value.set_files(str(photo))
    dialog.get_by_role("option").first.wait_for()
    screens["foto diunggah"] = editor.english()
    dialog.get_by_role("button", name="Sisipkan").click()
    item.get_by_role("button", name="Ganti Gambar").wait_for(timeout=60_000)
    photos.get_by_role("textbox", name="Keterangan foto").fill("Bidan menimbang balita.")
    screens["foto disisipkan"] = editor.english()
    field(page, "Tarik dari situs").scroll_into_view_if_needed()
    narasi = page.get_by_role("textbox", name="Narasi kegiatan")
    narasi.fill("Bidan desa 👩‍⚕️👨‍👩‍👧 memeriksa balita.")
    page.get_by_role("button", name="Simpan", exact=True).click()
    page.get_by_text("Entri disimpan.").wait_for()
    screens["disimpan"] = editor.english()
    # The list shows the date as staff write it; the file keeps YYYY-MM-DD.
    page.get_by_role("gridcell", name="14/07/2025 · Kunjungan bidan").wait_for()
    screens["daftar lagi"] = editor.english()

    changed = editor.write_back()

    assert {screen: found for screen, found in screens.items() if found} == {}
    assert editor.outside == [] and editor.errors == []
    (saved,) = (name for name in changed if name.endswith("index.md"))
    assert "\ndate: 2025-07-14\n" in changed[saved].decode("utf-8")
