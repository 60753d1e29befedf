"""The media host's bucket, for `harmoni unggah-media`: create-only uploads and the manifest's
conditional update, on any S3-compatible service (AWS, Biznet NEO, Cloudflare R2, MinIO,
SeaweedFS, Ceph).

obstore (Python bindings of Rust's `object_store`) rather than boto3: a single wheel without
Python dependencies (boto3's botocore wants a python-dateutil older than the one pinned here),
both HTTP preconditions (`If-None-Match: *`, `If-Match`) as put modes, and 355–704 uploads/s
against boto3's 210–219 in the issue's measurements. A publish never overwrites or deletes: a
file is put only where no object is (`If-None-Match: *`), the manifest only over the version read
(`If-Match`), merged again from a fresh read when another publisher wrote in between. Only
`harmoni hapus-media` deletes (`delete`), and `harmoni cocokkan-media --perbaiki` drops manifest
rows, both under the same condition (`update_rows`).

The keys come only from the environment; they are never printed, and any message of the
library is stripped of them before it is shown.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

import obstore
from obstore.exceptions import AlreadyExistsError, BaseError, PreconditionError
from obstore.store import S3Store

from ..problems import HarmoniError
from ..settings import BucketSettings
from .hosted import KEY_PREFIX, MANIFEST_KEY, MANIFEST_LIMIT, manifest_document, parse_manifest
from .upkeep import Rows, StoredObject

if TYPE_CHECKING:
    from obstore.store import S3Config  # only in the type stubs

KEY_VARIABLES = ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")
IMMUTABLE = "public, max-age=31536000, immutable"
"""Every media file: its key changes whenever its bytes would."""
MANIFEST_CACHE = "no-cache"
"""The manifest changes with every upload: caches must ask again each time."""
CONTENT_TYPES = {
    ".webp": "image/webp", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png",
    ".mp4": "video/mp4", ".m4v": "video/mp4", ".webm": "video/webm", ".mov": "video/quicktime",
}  # fmt: skip
MANIFEST_ATTEMPTS = 30
"""Conditional writes of the manifest tried before giving up (each after a fresh read)."""
DELETE_BATCH = 1000
"""Keys per delete request (S3's DeleteObjects takes at most 1,000)."""


@dataclass(frozen=True)
class Keys:
    """The uploader's access key pair (never shown: `repr` hides it)."""

    key_id: str = field(repr=False)
    secret: str = field(repr=False)

    def redacted(self, text: str) -> str:
        """`text` with both keys blotted out."""
        for value in (self.secret, self.key_id):
            text = text.replace(value, "***")
        return text


def keys_from(environment: Mapping[str, str]) -> Keys:
    """The key pair from `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY`, or a stop that names
    the missing variables."""
    missing = [name for name in KEY_VARIABLES if not environment.get(name)]
    if missing:
        raise HarmoniError(
            f"variabel lingkungan {' dan '.join(missing)} belum diisi. Kunci akses bucket hanya "
            "dibaca dari lingkungan (di GitHub: Settings → Secrets and variables → Actions), "
            "tidak pernah dari mkdocs.yml."
        )
    return Keys(environment[KEY_VARIABLES[0]], environment[KEY_VARIABLES[1]])


class Bucket:
    """One bucket, opened with the uploader's keys."""

    def __init__(self, settings: BucketSettings, keys: Keys) -> None:
        if not settings.bucket:
            raise HarmoniError(
                "`extra.harmoni.media.s3.bucket` belum diisi: tulis nama bucket media di "
                "mkdocs.yml, mis. `bucket: arsip-media`."
            )
        self.keys = keys
        self.name = settings.bucket
        endpoint = settings.endpoint
        options = {"allow_http": bool(endpoint and endpoint.startswith("http://")),
                   "connect_timeout": "10s", "timeout": "120s"}  # fmt: skip
        config: S3Config = {"region": settings.region, "access_key_id": keys.key_id,
                            "secret_access_key": keys.secret}  # fmt: skip
        if endpoint:
            config["endpoint"] = endpoint.rstrip("/")
        self.store = S3Store(settings.bucket, config=config, client_options=options)  # type: ignore[arg-type]

    def put_new(self, key: str, data: bytes) -> bool:
        """Put a media file where no object is; False when one is there already (the same
        bytes: keys are content-addressed)."""
        suffix = PurePosixPath(key).suffix.lower()
        attributes = {"Content-Type": CONTENT_TYPES.get(suffix, "application/octet-stream"),
                      "Cache-Control": IMMUTABLE}  # fmt: skip
        try:
            obstore.put(self.store, key, data, mode="create", attributes=attributes,
                        use_multipart=False)  # fmt: skip
        except AlreadyExistsError:
            return False
        except (BaseError, OSError) as err:
            raise self.failure(f"`{key}` tidak dapat diunggah", err) from None
        return True

    def read_manifest(self) -> tuple[bytes | None, str | None]:
        """The manifest's bytes and ETag; (None, None) before the first upload."""
        try:
            answer = obstore.get(self.store, MANIFEST_KEY)
            if answer.meta["size"] > MANIFEST_LIMIT:
                raise HarmoniError(f"manifest media `{MANIFEST_KEY}` terlalu besar.")
            return bytes(answer.bytes()), answer.meta["e_tag"]
        except FileNotFoundError:
            return None, None
        except (BaseError, OSError) as err:
            raise self.failure(f"manifest `{MANIFEST_KEY}` tidak dapat dibaca", err) from None

    def add_rows(self, rows: Rows) -> tuple[int, int]:
        """Merge `rows` into the manifest under its ETag, again from a fresh read whenever
        another publisher wrote first; returns (sources in it now, attempts)."""
        merged, attempts = self.update_rows(lambda current: merge_rows(current, rows), True)
        return len(merged), attempts

    def update_rows(self, change: Callable[[Rows], Rows], create: bool) -> tuple[Rows, int]:
        """Write `change(rows)` over the manifest version whose rows were read, again from a
        fresh read whenever another publisher wrote first (`If-Match`); without a manifest,
        write one only when `create`. Returns (the rows now, attempts)."""
        for attempt in range(1, MANIFEST_ATTEMPTS + 1):
            data, tag = self.read_manifest()
            current = self.parsed(data)
            changed = change(current)
            if (data is not None and changed == current) or (data is None and not create):
                return changed if data is not None else {}, attempt
            mode = {"e_tag": tag} if tag else "create"
            attributes = {"Content-Type": "application/json", "Cache-Control": MANIFEST_CACHE}
            try:
                obstore.put(self.store, MANIFEST_KEY, manifest_document(changed),
                            mode=mode, attributes=attributes)  # type: ignore[arg-type]  # fmt: skip
                return changed, attempt
            except (PreconditionError, AlreadyExistsError):
                time.sleep(random.uniform(0.02, 0.2) * attempt)  # another publisher wrote
            except (BaseError, OSError) as err:
                raise self.failure(f"manifest `{MANIFEST_KEY}` tidak dapat ditulis", err) from None
        raise HarmoniError(
            f"manifest `{MANIFEST_KEY}` terus diubah penerbit lain ({MANIFEST_ATTEMPTS} kali "
            "dicoba). Jalankan perintah ini lagi; yang sudah terunggah tetap ada."
        )

    def rows(self) -> Rows:
        """The manifest's rows as they are now (none before the first upload)."""
        return self.parsed(self.read_manifest()[0])

    def listing(self, prefix: str = KEY_PREFIX) -> list[StoredObject]:
        """Every object under `prefix` (one LIST request per 1,000 keys)."""
        found: list[StoredObject] = []
        try:
            for batch in obstore.list(self.store, prefix, chunk_size=1000):
                found += [StoredObject(meta["path"], meta["size"], meta["last_modified"])
                          for meta in batch]  # fmt: skip
        except (BaseError, OSError) as err:
            raise self.failure(f"isi bucket di `{prefix}` tidak dapat didaftar", err) from None
        return found

    def delete(self, keys: list[str]) -> None:
        """Delete the objects at `keys` (up to 1,000 per request)."""
        for start in range(0, len(keys), DELETE_BATCH):
            batch = keys[start : start + DELETE_BATCH]
            try:
                obstore.delete(self.store, batch)
            except FileNotFoundError:
                continue  # already gone: what was wanted
            except (BaseError, OSError) as err:
                raise self.failure(f"`{batch[0]}` dan lainnya tidak dapat dihapus", err) from None

    @staticmethod
    def parsed(data: bytes | None) -> Rows:
        """The manifest's rows; a broken manifest stops everything (it is never replaced)."""
        if data is None:
            return {}
        try:
            return parse_manifest(data)
        except (ValueError, RecursionError) as err:
            raise HarmoniError(
                f"manifest `{MANIFEST_KEY}` di bucket rusak ({err}); tidak ditimpa. Pulihkan "
                "versi sebelumnya (versioning bucket) lalu jalankan perintah ini lagi."
            ) from None

    def failure(self, what: str, err: BaseException) -> HarmoniError:
        """A stop for staff: what failed and the service's first line, without the keys."""
        first = (str(err).strip().splitlines() or [type(err).__name__])[0][:300]
        advice = "Periksa endpoint, nama bucket, region dan kunci aksesnya."
        return HarmoniError(self.keys.redacted(f"{what}: {first}. {advice}"))


def merge_rows(current: Rows, new: Rows) -> Rows:
    """`current` with `new` added: no row or file is ever dropped; a size once known stays."""
    merged = {identity: dict(row) for identity, row in current.items()}
    for identity, row in new.items():
        old = merged.get(identity)
        if old is None:
            merged[identity] = {**row, "files": sorted(set(row["files"]))}
            continue
        old["files"] = sorted(set(old["files"]) | set(row["files"]))
        if not old["width"]:
            old["width"], old["height"] = row["width"], row["height"]
        if row.get("git") and not old.get("git"):
            old["git"] = row["git"]
    return merged
