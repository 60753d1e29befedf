"""Regenerate the official region list shipped in the package (`harmoni_arsip/data/wilayah.tsv.gz`)
from the npm tarball of `idn-area-data` 4.0.1, byte for byte the same on every run.

    mkdir -p /tmp/wilayah && cd /tmp/wilayah && npm pack idn-area-data@4.0.1
    .venv/bin/python scripts/wilayah_resmi.py /tmp/wilayah/idn-area-data-4.0.1.tgz

The tarball is checked against the integrity npm records for that version. The output holds the
provinces, kabupaten/kota, kecamatan and desa/kelurahan (not the islands), one `code<TAB>name`
line each, level by level and sorted by code, after a header naming the source and its licence;
gzip with no timestamp. `--bandingkan` prints the bytes and load time of the formats considered.
"""

from __future__ import annotations

import argparse
import base64
import csv
import gzip
import hashlib
import io
import json
import lzma
import tarfile
import time
from pathlib import Path

PACKAGE = "idn-area-data"
VERSION = "4.0.1"
PUBLISHED = "2026-05-06"
"""When npm received this version (`npm view idn-area-data@4.0.1 time`)."""
INTEGRITY = (
    "sha512-PhNSIl5T7swVwwWxJOFMtCaeHAF9TUu0HLDf+36EIWZro9j7"
    "au83AFIJiBQGL+iRsBDA2OlpJ5fjiqxNYndzOQ=="
)
"""`npm view idn-area-data@4.0.1 dist.integrity`."""
LEVELS = ("provinces", "regencies", "districts", "villages")
OUTPUT = Path(__file__).resolve().parents[1] / "hooks/harmoni_arsip/data/wilayah.tsv.gz"
HEADER = (
    f"# Kode dan nama wilayah administrasi (Kemendagri) dari paket npm {PACKAGE} {VERSION} "
    f"(terbit {PUBLISHED}, https://github.com/fityannugroho/idn-area-data). "
    "Data: Open Database License (ODbL) 1.0; kode paket: MIT.\n"
)


def integrity(tarball: bytes) -> str:
    """npm's integrity string of a tarball."""
    return "sha512-" + base64.b64encode(hashlib.sha512(tarball).digest()).decode()


def read_rows(tarball: bytes) -> list[tuple[str, str]]:
    """(code, name) of every place, level by level, each level sorted by code."""
    rows: list[tuple[str, str]] = []
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
        meta = json.load(_member(archive, "package/package.json"))
        if meta.get("version") != VERSION:
            raise SystemExit(f"tarball holds version {meta.get('version')}, not {VERSION}")
        for level in LEVELS:
            text = io.TextIOWrapper(_member(archive, f"package/data/{level}.csv"), "utf-8")
            rows += sorted(
                (row["code"], " ".join(row["name"].split())) for row in csv.DictReader(text)
            )
    return rows


def _member(archive: tarfile.TarFile, name: str):
    """A file of the tarball, opened."""
    handle = archive.extractfile(name)
    if handle is None:
        raise SystemExit(f"{name} missing from the tarball")
    return handle


def tsv(rows: list[tuple[str, str]]) -> bytes:
    """The shipped text: the header, then `code<TAB>name` lines."""
    for code, name in rows:
        if "\t" in name or "\n" in name:
            raise SystemExit(f"{code}: a name holds a tab or newline")
    return (HEADER + "".join(f"{code}\t{name}\n" for code, name in rows)).encode("utf-8")


def compare(rows: list[tuple[str, str]], tarball: bytes) -> None:
    """Print bytes and best-of-5 load time of each candidate format."""
    text = tsv(rows)
    as_json = json.dumps(dict(rows), ensure_ascii=False, separators=(",", ":")).encode()
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
        raw_csv = b"".join(_member(archive, f"package/data/{lv}.csv").read() for lv in LEVELS)
    candidates = {
        "CSV npm, gzip": (gzip.compress(raw_csv, 9, mtime=0), _load_csv_gz),
        "TSV, tanpa kompresi": (text, _load_tsv),
        "TSV, gzip (dipilih)": (gzip.compress(text, 9, mtime=0), _load_tsv_gz),
        "TSV, xz": (lzma.compress(text), _load_tsv_xz),
        "JSON, gzip": (gzip.compress(as_json, 9, mtime=0), _load_json_gz),
    }
    for name, (data, load) in candidates.items():
        best = min(_timed(load, data) for _ in range(5))
        print(f"{name:24} {len(data):>9,} byte  muat semua {best * 1000:6.1f} ms")


def _timed(load, data: bytes) -> float:
    start = time.perf_counter()
    load(data)
    return time.perf_counter() - start


def _load_tsv(data: bytes) -> dict:
    lines = data.decode("utf-8").splitlines()[1:]
    return dict(line.split("\t", 1) for line in lines)


def _load_tsv_gz(data: bytes) -> dict:
    return _load_tsv(gzip.decompress(data))


def _load_tsv_xz(data: bytes) -> dict:
    return _load_tsv(lzma.decompress(data))


def _load_json_gz(data: bytes) -> dict:
    return json.loads(gzip.decompress(data))


def _load_csv_gz(data: bytes) -> list:
    return list(csv.reader(io.StringIO(gzip.decompress(data).decode("utf-8"))))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tarball", type=Path, help=f"{PACKAGE}-{VERSION}.tgz from `npm pack`")
    parser.add_argument("--keluar", type=Path, default=OUTPUT, help="where to write")
    parser.add_argument("--bandingkan", action="store_true", help="measure the formats instead")
    args = parser.parse_args()
    tarball = args.tarball.read_bytes()
    if integrity(tarball) != INTEGRITY:
        raise SystemExit(f"{args.tarball}: integrity differs from npm's record for {VERSION}")
    rows = read_rows(tarball)
    if args.bandingkan:
        compare(rows, tarball)
        return
    args.keluar.parent.mkdir(parents=True, exist_ok=True)
    args.keluar.write_bytes(gzip.compress(tsv(rows), 9, mtime=0))
    print(f"{args.keluar}: {len(rows):,} wilayah, {args.keluar.stat().st_size:,} byte")


if __name__ == "__main__":
    main()
