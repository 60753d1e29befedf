"""Keeping the media bucket true to the archive, against a real S3 server (SeaweedFS,
`s3_server` in conftest.py): `harmoni hapus-media` lists by default, refuses beyond its cap,
deletes only what no page links and what is old enough, and never what a concurrent publisher
just listed; `harmoni cocokkan-media` finds a missing object and an orphan, and `--perbaiki`
drops the broken row so the next upload restores the photo. Every run is a child process with
the key pair in its environment, and no output ever shows the keys.

Each group of tests has a bucket of its own (SeaweedFS creates it on the first upload), so
these tests never disturb `test_media_host.py`'s bucket."""

from __future__ import annotations

import hashlib
import secrets
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml
from conftest import list_photos, read_config, write_config
from harmoni_arsip.commands.hapus_media import delete
from harmoni_arsip.media.bucket import Bucket, Keys
from harmoni_arsip.media.hosted import media_key
from harmoni_arsip.media.upkeep import (
    StoredObject,
    changed_since,
    file_keys,
    reconcile,
    removable,
    without_broken,
    without_keys,
)
from harmoni_arsip.settings import BucketSettings
from test_lapor_isu import FakeGitHub, handler_for
from test_media_host import _get

WORKFLOW = Path(__file__).resolve().parents[1] / ".github/workflows/cocokkan-media.yml"


def _bucket(server, name: str) -> Bucket:
    """The bucket `name` on `server`, opened with the uploader's keys."""
    settings = BucketSettings(bucket=name, endpoint=server.endpoint, region="us-east-1")
    return Bucket(settings, Keys(server.key_id, server.secret))


def _on_bucket(project: Path, server, name: str) -> Path:
    """`project` publishing its media in `server`'s bucket `name`."""
    config = read_config(project)
    config["extra"]["harmoni"]["media"] = {
        "url": f"{server.endpoint}/{name}/",
        "s3": {"endpoint": server.endpoint, "bucket": name, "region": "us-east-1"},
    }
    write_config(project, config)
    return project


def _harmoni(
    project: Path, server, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    """`harmoni ARGS` in `project` with the key pair (and `env`) in the environment; its output
    never shows the keys."""
    done = subprocess.run(
        [sys.executable, "-m", "harmoni_arsip.cli", *args], cwd=project,
        env=server.environment() | (env or {}), capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    for text in (done.stdout, done.stderr):
        assert server.key_id not in text and server.secret not in text
    assert "Traceback" not in done.stderr
    return done


def _uploaded(tmp_path_factory, warm_copy, server, name: str) -> tuple[Path, Bucket]:
    """The demo uploaded with `harmoni unggah-media` into its own bucket `name`."""
    project = _on_bucket(warm_copy(tmp_path_factory.mktemp(name) / "proyek"), server, name)
    done = _harmoni(project, server, "unggah-media")
    assert done.returncode == 0, done.stderr
    return project, _bucket(server, name)


def _url(server, bucket: Bucket, key: str) -> str:
    """A key's public address, as a visitor's browser fetches it."""
    return f"{server.endpoint}/{bucket.name}/{key}"


# --- decisions, as tables ---------------------------------------------------------------------

NOW = datetime(2026, 12, 1, tzinfo=UTC)
A, B = "a" * 40, "b" * 40


def _stored(key: str, days_old: int, size: int = 10) -> StoredObject:
    return StoredObject(key, size, NOW - timedelta(days=days_old))


@pytest.mark.parametrize(
    ("days_old", "grace_days", "goes"),
    [(31, 30, True), (30, 30, True), (29, 30, False), (0, 30, False), (0, 0, True)],
)
def test_masa_tenggang_menurut_umur_berkas(days_old, grace_days, goes):
    item = _stored("v1/aa/x", days_old)
    assert removable([item], NOW - timedelta(days=grace_days)) == ([item] if goes else [])


def test_baris_baru_atau_berubah_sejak_dibaca_dilindungi():
    read = {A: {"width": 1, "height": 1, "files": ["-360.webp"]}}
    fresh = {A: {"width": 1, "height": 1, "files": ["-360.webp", "-720.webp"]},
             B: {"width": 2, "height": 2, "files": ["-360.webp"]}}  # fmt: skip
    assert changed_since(read, fresh) == {media_key(A + "-360.webp"), media_key(A + "-720.webp"),
                                          media_key(B + "-360.webp")}  # fmt: skip
    assert changed_since(fresh, fresh) == set()


def test_baris_tanpa_berkas_tersisa_dibuang():
    rows = {A: {"width": 1, "height": 1, "files": ["-360.webp", "-720.webp"], "git": "g"},
            B: {"width": 2, "height": 2, "files": ["-360.webp"]}}  # fmt: skip
    kept = without_keys(rows, {media_key(A + "-720.webp"), media_key(B + "-360.webp")})
    assert kept == {A: {"width": 1, "height": 1, "files": ["-360.webp"], "git": "g"}}
    assert without_broken(rows, {media_key(A + "-720.webp")}) == {B: rows[B]}


def test_pencocokan_menemukan_yang_hilang_kosong_dan_yatim():
    rows = {A: {"width": 1, "height": 1, "files": ["-360.webp", "-720.webp"]},
            B: {"width": 2, "height": 2, "files": ["-360.webp"]}}  # fmt: skip
    stored = [_stored(media_key(A + "-360.webp"), 1), _stored(media_key(B + "-360.webp"), 1, 0),
              _stored("v1/cc/" + "c" * 40 + "-360.webp", 1)]  # fmt: skip
    found = reconcile(rows, stored)
    assert found.broken == {A: [media_key(A + "-720.webp")], B: [media_key(B + "-360.webp")]}
    assert [item.key for item in found.orphans] == ["v1/cc/" + "c" * 40 + "-360.webp"]
    assert (found.sources, found.files) == (2, 3)


# --- harmoni hapus-media ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def hapus_demo(tmp_path_factory, warm_copy, s3_server) -> tuple[Path, Bucket]:
    return _uploaded(tmp_path_factory, warm_copy, s3_server, "rawat-hapus")


@pytest.fixture
def leftovers(hapus_demo, s3_server):
    """Two files of a photo no entry uses any more (a replaced photo), uploaded and in the
    manifest as the uploader leaves them; removed again after the test."""
    _, bucket = hapus_demo
    identity = secrets.token_hex(20)
    tails = ["-360-68-a.webp", "-1280-72-a.webp"]
    for tail in tails:
        assert bucket.put_new(media_key(identity + tail), b"RIFF-foto-lama-" + tail.encode())
    bucket.add_rows({identity: {"width": 40, "height": 30, "files": tails, "git": "0" * 40}})
    keys = [media_key(identity + tail) for tail in tails]
    yield identity, keys
    bucket.update_rows(lambda rows: without_keys(rows, set(keys)), create=False)
    bucket.delete(keys)


def test_uji_coba_mendaftar_tanpa_menghapus(hapus_demo, leftovers, s3_server):
    project, bucket = hapus_demo
    _, keys = leftovers
    manifest = bucket.read_manifest()[0]
    done = _harmoni(project, s3_server, "hapus-media", "--umur-minimal", "0")
    assert done.returncode == 0, done.stderr
    assert all(key in done.stdout for key in keys)
    assert "hapus-media: 2 berkas (0.0 MB) tidak dipakai lagi dan lebih tua dari 0 hari" in (
        done.stdout
    )
    assert "Uji coba: tidak ada yang dihapus" in done.stdout
    assert all(_get(_url(s3_server, bucket, key))[0] == 200 for key in keys)
    assert bucket.read_manifest()[0] == manifest


def test_batas_menolak_tanpa_menghapus(hapus_demo, leftovers, s3_server):
    project, bucket = hapus_demo
    _, keys = leftovers
    manifest = bucket.read_manifest()[0]
    done = _harmoni(project, s3_server, "hapus-media", "--hapus", "--umur-minimal", "0",
                    "--maks", "1")  # fmt: skip
    assert done.returncode == 2
    assert "Galat: 2 berkas akan dihapus, lebih dari batas --maks 1; tidak ada yang dihapus" in (
        done.stderr
    )
    assert "`--maks 2`" in done.stderr
    assert all(_get(_url(s3_server, bucket, key))[0] == 200 for key in keys)
    assert bucket.read_manifest()[0] == manifest


def test_berkas_muda_tidak_dihapus(hapus_demo, leftovers, s3_server):
    project, bucket = hapus_demo
    _, keys = leftovers
    done = _harmoni(project, s3_server, "hapus-media", "--hapus")
    assert done.returncode == 0, done.stderr
    assert "0 berkas (0.0 MB) tidak dipakai lagi dan lebih tua dari 30 hari; 2 berkas lain" in (
        done.stdout
    )
    assert all(_get(_url(s3_server, bucket, key))[0] == 200 for key in keys)


def test_hapus_menghapus_berkas_dan_barisnya_bukan_yang_dipakai(hapus_demo, leftovers, s3_server):
    """The replaced photo's files and row go; every file of the demo's pages stays, and so does
    its manifest row."""
    project, bucket = hapus_demo
    identity, keys = leftovers
    before = bucket.rows()
    used = file_keys({k: v for k, v in before.items() if k != identity})
    done = _harmoni(project, s3_server, "hapus-media", "--hapus", "--umur-minimal", "0")
    assert done.returncode == 0, done.stderr
    assert "hapus-media: 2 berkas dihapus" in done.stdout
    assert all(_get(_url(s3_server, bucket, key))[0] == 404 for key in keys)
    after = bucket.rows()
    assert identity not in after
    assert after == {k: v for k, v in before.items() if k != identity}
    assert used and used <= {item.key for item in bucket.listing()}
    again = _harmoni(project, s3_server, "hapus-media", "--hapus", "--umur-minimal", "0")
    assert "hapus-media: 0 berkas" in again.stdout  # the demo's own files are all in use


def test_unggahan_penerbit_lain_tidak_dihapus(hapus_demo, leftovers, s3_server):
    """A publisher uploads a file and lists it after this command read the manifest: the file
    and its row stay, while the old leftover goes."""
    _, bucket = hapus_demo
    _, keys = leftovers
    read = bucket.rows()
    newcomer = secrets.token_hex(20)
    key = media_key(newcomer + "-360-68-a.webp")
    assert bucket.put_new(key, b"RIFF-foto-baru")
    bucket.add_rows({newcomer: {"width": 8, "height": 6, "files": ["-360-68-a.webp"]}})
    doomed = [item for item in bucket.listing() if item.key in {key, keys[0]}]
    deleted = delete(bucket, doomed, read)
    assert [item.key for item in deleted] == [keys[0]]
    assert _get(_url(s3_server, bucket, key))[0] == 200
    assert _get(_url(s3_server, bucket, keys[0]))[0] == 404
    assert newcomer in bucket.rows()


def _unlist(folder: Path, name: str, caption: str) -> None:
    """Take a photo out of an entry, as staff do in the web editor: its item and its file."""
    index = folder / "index.md"
    item = f"  - berkas: {name}\n    teks: {caption}\n"
    index.write_text(index.read_text("utf-8").replace(item, ""), "utf-8")
    (folder / name).unlink()


def _identity(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:40]


def test_foto_yang_masih_dipakai_kegiatan_lain_tidak_dihapus(project, s3_server):
    """One photo in two entries is one set of files: taken out of one entry, it stays for the
    other; a photo taken out of its only entry goes, files and row."""
    lumut = project / "kegiatan/2024/2024-10-09-pembinaan-desa-lumut"
    launch = project / "kegiatan/2024/2024-06-25-peluncuran-harmoni"
    shutil.copy(lumut / "foto-02.jpg", launch / "foto-lumut.jpg")
    list_photos(launch, "foto-lumut.jpg")
    shared, alone = _identity(lumut / "foto-02.jpg"), _identity(launch / "foto-04.jpg")
    _on_bucket(project, s3_server, "rawat-bersama")
    assert _harmoni(project, s3_server, "unggah-media").returncode == 0
    bucket = _bucket(s3_server, "rawat-bersama")
    before = bucket.rows()
    _unlist(lumut, "foto-02.jpg", "Tim dan perangkat desa meninjau kegiatan pemberdayaan yang "
            "sedang berjalan.")  # fmt: skip
    _unlist(launch, "foto-04.jpg", "Sesi tanya jawab dengan perangkat desa.")
    done = _harmoni(project, s3_server, "hapus-media", "--hapus", "--umur-minimal", "0")
    assert done.returncode == 0, done.stderr
    after = bucket.rows()
    assert after[shared] == before[shared]
    assert all(_get(_url(s3_server, bucket, key))[0] == 200
               for key in file_keys({shared: before[shared]}))  # fmt: skip
    assert alone not in after
    gone = file_keys({alone: before[alone]})
    assert f"hapus-media: {len(gone)} berkas dihapus" in done.stdout
    assert all(_get(_url(s3_server, bucket, key))[0] == 404 for key in gone)


def test_arsip_bermasalah_tidak_menghapus_apa_pun(project, s3_server):
    """An entry the build would leave out still has its photos on the live site."""
    _on_bucket(project, s3_server, "rawat-masalah")
    entry = project / "kegiatan/2024/2024-10-09-pembinaan-desa-lumut/index.md"
    text = entry.read_text("utf-8")
    entry.write_text(text.replace("teks: Tim DPMD berdiskusi", "teks:\n    x: Tim", 1), "utf-8")
    done = _harmoni(project, s3_server, "hapus-media", "--hapus", "--umur-minimal", "0")
    assert done.returncode == 2
    assert "masalah (lihat `harmoni periksa`)" in done.stderr
    assert "tidak ada yang dihapus" in done.stderr


def test_tanpa_host_media(project, s3_server):
    done = _harmoni(project, s3_server, "hapus-media")
    assert done.returncode == 2
    assert "`extra.harmoni.media.url` belum diisi" in done.stderr
    quiet = _harmoni(project, s3_server, "unggah-media", "--bila-diatur")
    assert quiet.returncode == 0, quiet.stderr
    assert "unggah-media: host media tidak diatur" in quiet.stdout


# --- harmoni cocokkan-media -------------------------------------------------------------------


@pytest.fixture(scope="module")
def cocok_demo(tmp_path_factory, warm_copy, s3_server) -> tuple[Path, Bucket]:
    return _uploaded(tmp_path_factory, warm_copy, s3_server, "rawat-cocok")


def test_cocokkan_bucket_utuh(cocok_demo, s3_server, tmp_path):
    project, bucket = cocok_demo
    done = _harmoni(project, s3_server, "cocokkan-media", "--ringkasan", str(tmp_path / "r.md"))
    assert done.returncode == 0, done.stdout + done.stderr
    files = len(file_keys(bucket.rows()))
    assert f"- bucket: {files} berkas" in done.stdout
    assert "- rusak: 0" in done.stdout and "- yatim: 0 berkas" in done.stdout
    assert (tmp_path / "r.md").read_text("utf-8").startswith("## Pencocokan bucket media")


def test_cocokkan_menemukan_yang_hilang_dan_yatim_lalu_diperbaiki(cocok_demo, s3_server, tmp_path):
    """A lost object makes its row broken (exit 1); `--perbaiki` drops the row, and the next
    `harmoni unggah-media` uploads the photo again. The orphan is reported, never touched."""
    project, bucket = cocok_demo
    rows = bucket.rows()
    identity = sorted(rows)[0]
    lost = media_key(identity + rows[identity]["files"][0])
    orphan = media_key(secrets.token_hex(20) + "-360-68-a.webp")
    bucket.delete([lost])
    assert bucket.put_new(orphan, b"RIFF-yatim")
    summary = tmp_path / "ringkasan.md"
    with _fake_github() as (github, env):
        done = _harmoni(project, s3_server, "cocokkan-media", "--ringkasan", str(summary),
                        "--isu", "dinas/arsip", env=env)  # fmt: skip
        assert done.returncode == 1
        assert "**rusak: 1 sumber** (1 berkas" in done.stdout
        assert f"- sumber `{identity}`: hilang `{lost}`" in done.stdout
        assert "- yatim: 1 berkas" in done.stdout and f"- `{orphan}`" in done.stdout
        assert summary.read_text("utf-8").strip() in done.stdout
        (issue,) = github.issues.values()
        assert issue["title"] == "Bucket media rusak" and f"`{lost}`" in issue["body"]
        fixed = _harmoni(project, s3_server, "cocokkan-media", "--perbaiki", "--isu",
                         "dinas/arsip", env=env)  # fmt: skip
        assert fixed.returncode == 0, fixed.stdout
        assert "Baris rusak sudah dibuang dari manifest" in fixed.stdout
        assert issue["state"] == "closed"
        assert "tidak menemukan baris rusak" in github.comments[-1][1]
    assert identity not in bucket.rows() and len(bucket.rows()) == len(rows) - 1
    assert _get(_url(s3_server, bucket, orphan))[0] == 200  # left for hapus-media
    uploaded = _harmoni(project, s3_server, "unggah-media")
    assert uploaded.returncode == 0, uploaded.stderr
    assert "unggah-media: 1 berkas baru diunggah" in uploaded.stdout
    assert _get(_url(s3_server, bucket, lost))[0] == 200
    assert bucket.rows()[identity]["files"] == rows[identity]["files"]
    bucket.delete([orphan])
    clean = _harmoni(project, s3_server, "cocokkan-media")
    assert clean.returncode == 0 and "- rusak: 0" in clean.stdout


@contextmanager
def _fake_github() -> Iterator[tuple[FakeGitHub, dict[str, str]]]:
    """A local server speaking GitHub's issues API, and the environment that points at it."""
    github = FakeGitHub()
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(github))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield github, {"GITHUB_API_URL": f"http://127.0.0.1:{server.server_address[1]}",
                       "GITHUB_TOKEN": "token-uji"}  # fmt: skip
    finally:
        server.shutdown()
        server.server_close()


def test_cocokkan_tanpa_host_media_di_alur_kerja(project, s3_server):
    done = _harmoni(project, s3_server, "cocokkan-media", "--bila-diatur")
    assert done.returncode == 0, done.stderr
    assert "cocokkan-media: host media tidak diatur" in done.stdout


def test_alur_kerja_bulanan_mencocokkan_bucket():
    """The monthly workflow: scheduled and manual, read-only, the keys only from secrets via
    the environment, the report in the job summary; broken rows fail the job."""
    workflow = yaml.safe_load(WORKFLOW.read_text("utf-8"))
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert triggers["schedule"][0]["cron"].split()[2:] == ["1", "*", "*"]
    assert triggers["workflow_dispatch"]["inputs"]["perbaiki"]["type"] == "boolean"
    assert workflow["permissions"] == {}
    (job,) = workflow["jobs"].values()
    assert job["permissions"] == {"contents": "read", "issues": "write"}
    step = next(s for s in job["steps"] if "harmoni cocokkan-media" in s.get("run", ""))
    assert '--bila-diatur --ringkasan "$GITHUB_STEP_SUMMARY"' in step["run"]
    assert '--isu "$GITHUB_REPOSITORY"' in step["run"]
    assert step["env"]["AWS_SECRET_ACCESS_KEY"] == "${{ secrets.AWS_SECRET_ACCESS_KEY }}"
    assert "secrets." not in step["run"] and "inputs." not in step["run"]
    assert all("@" not in s["uses"] or len(s["uses"].split("@")[1]) == 40
               for s in job["steps"] if "uses" in s)  # fmt: skip
