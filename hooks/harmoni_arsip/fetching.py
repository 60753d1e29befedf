"""One bounded HTTP GET (or HEAD) for the commands that fetch (`cek-situs`, `ambil-kunjungan`).

http.client rather than urllib's opener: only `http:` and `https:` (no `file:`, `ftp:`, `data:`),
no redirect followed behind the caller's back (each caller has its own rule), no proxy from the
environment, and a deadline kept on every read, so a server that drips one byte a second cannot
hold a command past its time. An answer is read to at most `limit` bytes; a cut-off answer, a
reset connection or a timeout is a `FetchError` whose message is for staff.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from email.message import Message
from urllib.parse import urlsplit

CHUNK = 64 * 1024
"""Bytes asked for per read."""
SCHEMES = ("http", "https")


class FetchError(Exception):
    """No usable answer; the message says why, in Bahasa Indonesia."""

    def __init__(self, message: str, timed_out: bool = False) -> None:
        super().__init__(message)
        self.timed_out = timed_out


@dataclass(frozen=True)
class Response:
    """A complete HTTP answer (any status: redirects are the caller's)."""

    url: str
    status: int
    headers: Message
    body: bytes

    @property
    def location(self) -> str | None:
        """The redirect target of a 3xx answer, as sent."""
        return self.headers.get("Location") if 300 <= self.status < 400 else None


def origin(url: str) -> tuple[str, str, int | None]:
    """Scheme, host and port of `url` (the default port written out), lower case."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    try:
        port = parts.port or {"http": 80, "https": 443}.get(scheme)
    except ValueError:  # a port that is no number
        port = None
    return scheme, (parts.hostname or "").lower(), port


def is_loopback(url: str) -> bool:
    """True when `url` points at this machine (127.0.0.0/8, ::1, localhost)."""
    host = origin(url)[1]
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def get(
    url: str, headers: dict[str, str], timeout: float, limit: int,
    stop_at: float | None = None, context: ssl.SSLContext | None = None, method: str = "GET",
) -> Response:  # fmt: skip
    """GET `url` within `timeout` seconds for the whole answer (and before the monotonic time
    `stop_at`, when given), reading at most `limit` bytes of body; `method="HEAD"` asks for
    the headers only (the body is empty)."""
    until = time.monotonic() + timeout
    if stop_at is not None:
        until = min(until, stop_at)
    connection = None
    try:
        connection = _connection(url, until, context)
        return _exchange(connection, method, url, headers, until, limit)
    except FetchError:
        raise
    except TimeoutError:
        raise FetchError(f"tidak menjawab dalam {timeout:g} detik", timed_out=True) from None
    except http.client.IncompleteRead as err:
        raise FetchError(f"jawabannya terpotong ({len(err.partial)} byte diterima)") from None
    except (http.client.HTTPException, ssl.SSLError, OSError, ValueError) as err:
        raise FetchError(f"tidak dapat dihubungi ({_reason(err)})") from None
    finally:
        if connection is not None:
            connection.close()


def _connection(url: str, until: float, context) -> http.client.HTTPConnection:
    """An unopened connection to `url`'s host, or `FetchError` for another scheme."""
    parts = urlsplit(url)
    scheme, host, port = origin(url)
    if scheme not in SCHEMES or not host or port is None:
        raise FetchError(f"alamat `{url}` bukan alamat http(s) yang dapat dibuka")
    timeout = _remaining(until)
    if scheme == "https":
        context = context or ssl.create_default_context()
        return http.client.HTTPSConnection(parts.hostname or host, port, timeout=timeout,
                                           context=context)  # fmt: skip
    return http.client.HTTPConnection(parts.hostname or host, port, timeout=timeout)


def _exchange(connection, method: str, url: str, headers: dict[str, str], until: float,
              limit: int):  # fmt: skip
    """Send the request and read the whole answer within `until`."""
    parts = urlsplit(url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    connection.request(method, target, headers={"Accept-Encoding": "identity", **headers})
    _tighten(connection, until)
    answer = connection.getresponse()
    body = b"" if method == "HEAD" else _read(connection, answer, until, limit)
    return Response(url, answer.status, answer.msg, body)


def _read(connection, answer: http.client.HTTPResponse, until: float, limit: int) -> bytes:
    """The body, a chunk at a time, the deadline checked before each read."""
    declared = answer.getheader("Content-Length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise FetchError(f"jawabannya terlalu besar ({declared} byte, paling banyak {limit})")
    chunks: list[bytes] = []
    size = 0
    while True:
        _tighten(connection, until)
        chunk = answer.read1(CHUNK)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            raise FetchError(f"jawabannya lebih dari {limit} byte; tidak dibaca lagi")
    if declared and declared.isdigit() and size < int(declared):
        raise FetchError(f"jawabannya terpotong ({size} dari {declared} byte diterima)")
    return b"".join(chunks)


def _tighten(connection, until: float) -> None:
    """Give the socket only the time left, or raise `TimeoutError` when none is."""
    left = _remaining(until)
    if connection.sock is not None:
        connection.sock.settimeout(left)


def _remaining(until: float) -> float:
    """Seconds until `until`; `TimeoutError` when it has passed."""
    left = until - time.monotonic()
    if left <= 0:
        raise TimeoutError
    return left


def _reason(err: BaseException) -> str:
    """A short reason for a failed connection."""
    if isinstance(err, ConnectionResetError):
        return "sambungan diputus server"
    if isinstance(err, http.client.RemoteDisconnected):
        return "server menutup sambungan tanpa jawaban"
    if isinstance(err, socket.gaierror):
        return "nama host tidak dikenal"
    if isinstance(err, ssl.SSLCertVerificationError):
        return f"sertifikat HTTPS tidak sah: {err.verify_message}"
    return str(err) or type(err).__name__
