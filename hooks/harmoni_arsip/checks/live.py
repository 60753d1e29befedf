"""Does the live site answer at every address it ever published? Fetch each registered id's
permanent page, its QR code, the same page under every former host, and (optionally) everything
in the sitemap; collect what is wrong, in Indonesian, for `harmoni cek-situs`.

Polite to the host: a few requests at a time, a timeout on each, a bounded number of retries
with growing pauses, a User-Agent that names the archive, and a deadline for the whole check.
Knows nothing of MkDocs: it is given addresses and expectations.
"""

from __future__ import annotations

import io
import re
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit
from xml.etree import ElementTree

from .. import fetching
from ..addresses import absolute_url, permanent_url, qr_uri
from ..qr.codes import opened_address

TOMBSTONE_MARK = "Dokumentasi kegiatan ini telah ditarik"
"""What a withdrawn entry's page says (templates/tombstone.html)."""
MAX_BODY = 20 * 1024 * 1024
"""Read no more of an answer than this."""
MAX_HOPS = 8
"""HTTP redirects followed before the chain counts as a loop."""
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
QR_FORMATS = ("PNG", "JPEG", "WEBP", "GIF")
"""The formats a QR image is opened as."""


@dataclass(frozen=True)
class Politeness:
    """How hard the check may press on the host."""

    user_agent: str
    workers: int = 4
    timeout: float = 15.0
    """Seconds for one request."""
    retries: int = 2
    """Further tries after a timeout, a lost connection or a 429/5xx answer."""
    pause: float = 1.0
    """Seconds before the first retry; doubled before each next one."""
    deadline: float = 900.0
    """Seconds for the whole check; what is not done by then fails as not checked."""


@dataclass(frozen=True)
class Answer:
    """What the host answered at the end of its HTTP redirects."""

    url: str
    status: int
    """0 when no answer came (timeout, refused connection, redirect loop)."""
    body: bytes = b""
    problem: str = ""
    """Why there is no answer, for staff."""


@dataclass
class Report:
    """Checks done and what failed (address, what is wrong), in the order found."""

    checked: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def record(self, url: str, problem: str | None) -> None:
        with self.lock:
            self.checked += 1
            if problem:
                self.failures.append((url, problem))


# -- fetching -----------------------------------------------------------------------------------


Origin = tuple[str, str, int | None]


def fetch(url: str, manners: Politeness, stop_at: float, allowed: frozenset[Origin]) -> Answer:
    """GET `url`, following HTTP redirects (at most `MAX_HOPS`) within the `allowed` origins
    only, retrying as `manners` allow."""
    seen: list[str] = []
    while True:
        if url in seen or len(seen) > MAX_HOPS:
            chain = " → ".join([*seen[-3:], url])
            return Answer(url, 0, problem=f"pengalihan berputar tanpa ujung ({chain})")
        if fetching.origin(url) not in allowed:
            where = f"dialihkan dari {seen[-1]} " if seen else ""
            return Answer(url, 0, problem=f"{where}ke alamat di luar situs ({url}); tidak dibuka")
        seen.append(url)
        status, body, location, problem = _get_with_retries(url, manners, stop_at)
        if location is None:
            return Answer(url, status, body, problem)
        url = urljoin(url, location)


def site_origins(*addresses: str) -> frozenset[Origin]:
    """The origins a check may open: each address's host over https and http (a host moves
    visitors from one to the other), on the default ports or the port given."""
    found: set[Origin] = set()
    for address in addresses:
        scheme, host, port = fetching.origin(address)
        found.add((scheme, host, port))
        found.update({("https", host, 443), ("http", host, 80)})
    return frozenset(found)


def _get_with_retries(url: str, manners: Politeness, stop_at: float):
    """One address: (status, body, redirect target or None, problem)."""
    pause = manners.pause
    for attempt in range(manners.retries + 1):
        if time.monotonic() >= stop_at:
            return 0, b"", None, "tidak sempat diperiksa: batas waktu pemeriksaan habis"
        status, body, location, problem = _get_once(url, manners, stop_at)
        if status not in RETRY_STATUSES and status != 0:
            return status, body, location, problem
        if attempt < manners.retries:
            time.sleep(min(pause, max(0.0, stop_at - time.monotonic())))
            pause *= 2
    return status, body, location, problem


def _get_once(url: str, manners: Politeness, stop_at: float):
    """A single GET, every read within the request's time and the whole check's deadline:
    (status, body, redirect target or None, problem)."""
    headers = {"User-Agent": manners.user_agent}
    try:
        answer = fetching.get(url, headers, manners.timeout, MAX_BODY, stop_at)
    except fetching.FetchError as err:
        if err.timed_out and time.monotonic() >= stop_at:
            return 0, b"", None, "tidak sempat diperiksa: batas waktu pemeriksaan habis"
        return 0, b"", None, str(err)
    if answer.status >= 300:
        return answer.status, b"", answer.location, f"menjawab {answer.status}"
    return answer.status, answer.body, None, ""


# -- judging answers ----------------------------------------------------------------------------


def page_problem(answer: Answer, withdrawn: bool) -> str | None:
    """Why a permanent page's answer is wrong, or None."""
    if answer.status != 200:
        return answer.problem or f"menjawab {answer.status}, bukan 200"
    text = answer.body.decode("utf-8", "replace")
    if withdrawn and TOMBSTONE_MARK not in text:
        return "kegiatan ini ditarik, tetapi halamannya tidak memuat pemberitahuan penarikan"
    if not withdrawn and TOMBSTONE_MARK in text:
        return "halaman memuat pemberitahuan penarikan, padahal kegiatannya tidak ditarik"
    return None


def qr_problem(
    answer: Answer, expected: str, decode: Callable[[bytes], list[str]], also: str = ""
) -> str | None:
    """Why a page's QR image does not hold `expected` (or `also`, when given), or None."""
    if answer.status != 200:
        return answer.problem or f"menjawab {answer.status}, bukan 200"
    try:
        texts = decode(answer.body)
    except QrImageError as err:
        return str(err)
    if not texts:
        return "gambar kode QR tidak dapat dibaca"
    opened = [opened_address(text) for text in texts]
    if expected not in opened and (not also or also not in opened):
        return f"kode QR membuka {opened[0]}, bukan {expected}"
    return None


def redirect_target(body: bytes) -> str | None:
    """Where a redirect page sends the browser: its meta refresh or `location.replace(...)`."""
    finder = _RefreshFinder()
    finder.feed(body.decode("utf-8", "replace"))
    if finder.target:
        return finder.target
    match = re.search(r"location\.replace\(\s*(['\"])(.+?)\1", body.decode("utf-8", "replace"))
    return match[2] if match else None


class _RefreshFinder(HTMLParser):
    """The URL of a `<meta http-equiv="refresh" content="0; url=...">`."""

    def __init__(self) -> None:
        super().__init__()
        self.target: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            match = re.search(r"url\s*=\s*['\"]?([^'\"\s]+)", values.get("content", ""), re.I)
            if match and self.target is None:
                self.target = match[1]


def former_problem(answer: Answer, expected: str) -> str | None:
    """Why a former host's answer does not lead to `expected`, or None."""
    if answer.status != 200:
        return answer.problem or f"menjawab {answer.status}, bukan 200"
    if same_address(answer.url, expected):  # HTTP redirects led straight there
        return None
    target = redirect_target(answer.body)
    if target is None:
        return "tidak mengalihkan (tidak ada meta refresh atau location.replace)"
    if not same_address(urljoin(answer.url, target), expected):
        return f"mengalihkan ke {target}, bukan {expected}"
    return None


def same_address(one: str, other: str) -> bool:
    """Whether two addresses are the same page (scheme and host compared case-insensitively)."""
    return opened_address(one) == opened_address(other)


def sitemap_pages(body: bytes) -> list[str]:
    """The page addresses listed in a sitemap.xml."""
    root = ElementTree.fromstring(body)
    return [loc.text.strip() for loc in root.iter() if loc.tag.endswith("loc") and loc.text]


def page_images(page_url: str, body: bytes) -> list[str]:
    """The images a page shows or offers (img src, links to .png/.svg/.webp/.jpg files)."""
    finder = _ImageFinder()
    finder.feed(body.decode("utf-8", "replace"))
    return list(dict.fromkeys(urljoin(page_url, link) for link in finder.links))


class _ImageFinder(HTMLParser):
    IMAGE = re.compile(r"\.(png|svg|webp|jpe?g|avif|gif)$", re.I)

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        link = values.get("src") if tag == "img" else values.get("href") if tag == "a" else None
        if link and not link.startswith("data:") and self.IMAGE.search(urlsplit(link).path):
            self.links.append(link)


# -- the check ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Expectations:
    """What the live site must show."""

    base: str
    """Where to fetch from: the site's address (or a test server standing in for it)."""
    site_url: str
    """The address printed in the QR codes (`site_url`)."""
    live: tuple[str, ...]
    withdrawn: tuple[str, ...]
    former: tuple[str, ...] = ()
    """Former base addresses whose redirect sites must lead to `site_url`."""
    qr_marker: str = ""
    """What an activity's QR code adds to its permanent address (`#q` when scans are counted)."""


def run_checks(
    expect: Expectations, manners: Politeness, decode: Callable[[bytes], list[str]],
    complete: bool = False,
) -> Report:  # fmt: skip
    """Every check, a few at a time; the report of what failed."""
    checker = _Checker(expect, manners, decode)
    jobs: list[Callable[[], None]] = []
    for entry_id in (*expect.live, *expect.withdrawn):
        jobs.append(partial(checker.page, entry_id, entry_id in expect.withdrawn))
        jobs.append(partial(checker.qr_code, entry_id))
        jobs += [partial(checker.former_page, old, entry_id) for old in expect.former]
    with ThreadPoolExecutor(max_workers=max(1, manners.workers)) as pool:
        for future in [pool.submit(job) for job in jobs]:
            future.result()
        if complete:
            pages = [partial(checker.sitemap_page, url) for url in checker.sitemap()]
            for future in [pool.submit(job) for job in pages]:
                future.result()
    return checker.report


class _Checker:
    """The checks, sharing one deadline and one report."""

    def __init__(self, expect: Expectations, manners: Politeness, decode) -> None:
        self.expect, self.manners, self.decode = expect, manners, decode
        self.stop_at = time.monotonic() + manners.deadline
        self.report = Report()
        self.allowed = site_origins(expect.base, expect.site_url, *expect.former)

    def get(self, url: str) -> Answer:
        return fetch(url, self.manners, self.stop_at, self.allowed)

    def page(self, entry_id: str, withdrawn: bool) -> None:
        """A registered id's permanent page: 200, with the notice exactly when withdrawn."""
        url = permanent_url(self.expect.base, entry_id)
        self.report.record(url, page_problem(self.get(url), withdrawn))

    def qr_code(self, entry_id: str) -> None:
        """A registered id's QR image opens its permanent address."""
        url = absolute_url(self.expect.base, qr_uri(entry_id, "png"))
        wanted = permanent_url(self.expect.site_url, entry_id) + self.expect.qr_marker
        self.report.record(url, qr_problem(self.get(url), wanted, self.decode))

    def former_page(self, old_base: str, entry_id: str) -> None:
        """A registered id's page on a former host leads to its permanent address."""
        url = permanent_url(old_base, entry_id)
        wanted = permanent_url(self.expect.site_url, entry_id)
        self.report.record(url, former_problem(self.get(url), wanted))

    def sitemap(self) -> list[str]:
        """The sitemap's pages, as fetched from `base`; a missing or broken sitemap fails."""
        url = absolute_url(self.expect.base, "sitemap.xml")
        answer = self.get(url)
        if answer.status != 200:
            self.report.record(url, answer.problem or f"menjawab {answer.status}")
            return []
        try:
            pages = [self._local(page) for page in sitemap_pages(answer.body)]
        except ElementTree.ParseError:
            self.report.record(url, "sitemap.xml tidak dapat dibaca")
            return []
        outside = [page for page in pages if fetching.origin(page) not in self.allowed]
        for page in outside:
            self.report.record(page, "sitemap.xml memuat alamat di luar situs; tidak dibuka")
        return [page for page in pages if page not in outside]

    def _local(self, url: str) -> str:
        """A sitemap address (under `site_url`) as fetched from `base`."""
        site, here = opened_address(self.expect.site_url), opened_address(url)
        return absolute_url(self.expect.base, here[len(site) :]) if here.startswith(site) else url

    def sitemap_page(self, url: str) -> None:
        """A sitemap page answers 200; so does each of its images; its QR codes lead to it."""
        answer = self.get(url)
        self.report.record(url, None if answer.status == 200 else _status_problem(answer))
        if answer.status != 200:
            return
        for image in page_images(url, answer.body):
            if image.startswith(self.expect.base):  # another site's image is not ours to check
                self._image(image)

    def _image(self, url: str) -> None:
        """An image answers 200; a `qr.png` opens the page it sits beside."""
        answer = self.get(url)
        if url.endswith("/qr.png"):
            path = url[len(self.expect.base) :].removesuffix("qr.png")
            wanted = absolute_url(self.expect.site_url, path)
            marked = wanted + self.expect.qr_marker if self.expect.qr_marker else ""
            self.report.record(url, qr_problem(answer, wanted, self.decode, marked))
        else:
            self.report.record(url, None if answer.status == 200 else _status_problem(answer))


def _status_problem(answer: Answer) -> str:
    return answer.problem or f"menjawab {answer.status}, bukan 200"


class QrImageError(ValueError):
    """A QR image that is not decoded at all (too large, another format); for staff."""


MAX_QR_PIXELS = 16_000_000
"""Pixels of a QR image worth decoding (the archive's are about a million)."""


def zxing_decode(data: bytes) -> list[str]:
    """The texts of the QR codes in a PNG, JPEG, WebP or GIF file (zxing-cpp)."""
    import zxingcpp
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data), formats=QR_FORMATS) as image:
            if image.width * image.height > MAX_QR_PIXELS:
                raise QrImageError(
                    f"gambar kode QR terlalu besar ({image.width}×{image.height} piksel); "
                    "tidak dibaca"
                )
            return [code.text for code in zxingcpp.read_barcodes(image.convert("L"))]
    except QrImageError:
        raise
    except Image.DecompressionBombError:
        raise QrImageError("gambar kode QR terlalu besar (bom dekompresi); tidak dibaca") from None
    except UnidentifiedImageError:
        return []
    except Exception as err:  # a damaged image raises whatever its decoder trips over
        raise QrImageError(f"gambar kode QR rusak ({type(err).__name__})") from None
