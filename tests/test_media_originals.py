"""Originals copied to the office's private bucket (`harmoni salin-asli`), against a real S3
server (SeaweedFS, `s3_server` in conftest.py): every original photo and video once, under the
SHA-256 of its bytes, create-only; a second run copies nothing; the keys never show."""

from __future__ import annotations

import hashlib
import subprocess
import sys

import obstore
import pytest
from conftest import read_config, write_config
from harmoni_arsip.media.bucket import Bucket, Keys
from harmoni_arsip.problems import HarmoniError
from harmoni_arsip.settings import BucketSettings, load_settings

PRIVATE = "asli-uji"


def _salin(project, server) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [sys.executable, "-m", "harmoni_arsip.cli", "salin-asli"], cwd=project,
        env=server.environment(), capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    for text in (done.stdout, done.stderr):
        assert server.key_id not in text and server.secret not in text
    return done


def test_foto_asli_disalin_sekali_menurut_isinya(project, s3_server):
    config = read_config(project)
    config["extra"]["harmoni"]["media"] = {
        "s3": {"endpoint": s3_server.endpoint, "bucket": s3_server.bucket, "region": "us-east-1"},
        "asli": {"bucket": PRIVATE},
    }
    write_config(project, config)
    originals = [p for p in (project / "kegiatan").rglob("*") if p.suffix in (".jpg", ".mp4")]
    expected = {}
    for path in originals:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        expected[f"asli/{digest[:2]}/{digest}{path.suffix}"] = path.read_bytes()
    settings = BucketSettings(bucket=PRIVATE, endpoint=s3_server.endpoint, region="us-east-1")
    bucket = Bucket(settings, Keys(s3_server.key_id, s3_server.secret))
    bucket.put_new("catatan.txt", b"bucket foto asli")  # the office made the bucket (SeaweedFS
    # makes one on its first upload)
    done = _salin(project, s3_server)
    assert done.returncode == 0, done.stderr
    assert f"salin-asli: {len(expected)} berkas asli baru disalin" in done.stdout
    assert {item.key for item in bucket.listing("asli/")} == set(expected)
    key, data = sorted(expected.items())[0]
    assert bytes(obstore.get(bucket.store, key).bytes()) == data
    again = _salin(project, s3_server)
    assert again.returncode == 0, again.stderr
    assert f"salin-asli: 0 berkas asli baru disalin (0.0 MB), {len(expected)} sudah ada" in (
        again.stdout
    )


def _settings(media: dict):
    return load_settings({"harmoni": {"kantor": "K", "kategori": {"a": "A"},
                                      "wilayah": {"X": ["Y"]}, "media": media}})  # fmt: skip


@pytest.mark.parametrize(
    ("media", "words"),
    [
        ({"s3": {"bucket": "arsip-media"}, "asli": {"bucket": "arsip-media"}},
         "media.asli.bucket` harus bucket lain, yang pribadi"),
        ({"asli": {"bucket": "Arsip_Asli"}}, "media.asli.bucket` harus nama bucket S3"),
        ({"asli": {"bucket": "arsip-asli", "region": "Jakarta 1"}}, "media.asli.region"),
    ],
)  # fmt: skip
def test_pengaturan_bucket_foto_asli_yang_salah(media, words):
    with pytest.raises(HarmoniError, match=words.replace(".", r"\.")):
        _settings(media)


def test_bucket_foto_asli_mengikuti_layanan_bucket_media():
    neo = {"endpoint": "https://nos.wjv-1.neo.id", "bucket": "arsip-media", "region": "id-jkt-1"}
    settings = _settings({"s3": neo, "asli": {"bucket": "arsip-asli"}})
    located = settings.media.asli.located(settings.media.s3)
    assert located == BucketSettings("arsip-asli", "https://nos.wjv-1.neo.id", "id-jkt-1")
