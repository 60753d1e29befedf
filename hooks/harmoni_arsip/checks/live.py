"""Does the live site answer at every address it ever published? Fetch each registered id's
permanent page, its QR code, the same page under every former host, and (optionally) everything
in the sitemap with what its pages load; collect what is wrong, in Indonesian, for
`harmoni cek-situs`.

What pages load (images, stylesheets, scripts, videos) is checked once per run, however many
pages share it. On the site's own host it is fetched; on the media host (object storage behind a
CDN) it is asked for with HEAD: it must answer 200 with the type of its file and a Cache-Control
that lets browsers keep it a year (`immutable`). The complete check may rotate (`rotation.py`):
what changed first, then the longest unchecked, until its deadline nears.

Polite to the host: a few requests at a time, a timeout on each, a bounded number of retries
with growing pauses, a User-Agent that names the archive, and a deadline for the whole check.
Knows nothing of MkDocs: it is given addresses and expectations.
"""

from __future__ import annotations

import io
import re
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from email.message import Message
from functools import partial
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit
from xml.etree import ElementTree

from .. import fetching
from ..addresses import absolute_url, permanent_url, qr_uri
from ..qr.codes import opened_address
from .rotation import Rotation, Target

TOMBSTONE_MARK = "Dokumentasi kegiatan ini telah ditarik"
"""What a withdrawn entry's page says (templates/tombstone.html)."""
MAX_BODY = 20 * 1024 * 1024
"""Read no more of an answer than this."""
MAX_HOPS = 8
"""HTTP redirects followed before the chain counts as a loop."""
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
QR_FORMATS = ("PNG", "JPEG", "WEBP", "GIF")
"""The formats a QR image is opened as."""
MEDIA_TYPES = {
    ".webp": "image/webp", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png",
    ".svg": "image/svg+xml", ".avif": "image/avif", ".gif": "image/gif", ".mp4": "video/mp4",
    ".webm": "video/webm",
}  # fmt: skip
"""The Content-Type a media host must send for each kind of file the archive publishes."""
YEAR_SECONDS = 31_536_000
"""The `max-age` of a media file: a year (its address changes with its content)."""
LATE = "tidak sempat diperiksa: batas waktu pemeriksaan habis"
"""The problem of a check the deadline cut short (a rotating check defers it instead)."""
RESERVE = 0.2
"""Of a rotating check's deadline, the share kept for the checks still running when it stops
starting new ones."""


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
    """Seconds for the whole check; what is not done by then fails as not checked (a rotating
    check leaves it for its next run instead)."""


@dataclass(frozen=True)
class Answer:
    """What the host answered at the end of its HTTP redirects."""

    url: str
    status: int
    """0 when no answer came (timeout, refused connection, redirect loop)."""
    body: bytes = b""
    problem: str = ""
    """Why there is no answer, for staff."""
    headers: Message | None = None


@dataclass
class Report:
    """Checks done and what failed (address, what is wrong), in the order found."""

    checked: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    rotating: bool = False
    """Whether what the deadline cuts short waits for the next run rather than failing."""
    targets: int = 0
    """Of a rotating check: the parts of the site it knows (an activity, a page)."""
    deferred: int = 0
    """Of those, the ones not started: left for the next run (the deadline came first)."""
    cut: int = 0
    """Of a rotating check: checks the deadline cut short (their part waits too)."""

    def record(self, url: str, problem: str | None) -> bool:
        """Count a check; whether it passed."""
        with self.lock:
            if self.rotating and problem == LATE:
                self.cut += 1
                return False
            self.checked += 1
            if problem:
                self.failures.append((url, problem))
        return not problem


# -- fetching -----------------------------------------------------------------------------------


Origin = tuple[str, str, int | None]


def fetch(
    url: str, manners: Politeness, stop_at: float, allowed: frozenset[Origin], method: str = "GET"
) -> Answer:
    """GET (or HEAD) `url`, following HTTP redirects (at most `MAX_HOPS`) within the `allowed`
    origins only, retrying as `manners` allow."""
    seen: list[str] = []
    while True:
        if url in seen or len(seen) > MAX_HOPS:
            chain = " → ".join([*seen[-3:], url])
            return Answer(url, 0, problem=f"pengalihan berputar tanpa ujung ({chain})")
        if fetching.origin(url) not in allowed:
            where = f"dialihkan dari {seen[-1]} " if seen else ""
            return Answer(url, 0, problem=f"{where}ke alamat di luar situs ({url}); tidak dibuka")
        seen.append(url)
        status, body, location, problem, headers = _get_with_retries(url, manners, stop_at, method)
        if location is None:
            return Answer(url, status, body, problem, headers)
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


def _get_with_retries(url: str, manners: Politeness, stop_at: float, method: str):
    """One address: (status, body, redirect target or None, problem, headers or None)."""
    pause = manners.pause
    for attempt in range(manners.retries + 1):
        if time.monotonic() >= stop_at:
            return 0, b"", None, LATE, None
        status, body, location, problem, headers = _get_once(url, manners, stop_at, method)
        if status not in RETRY_STATUSES and status != 0:
            return status, body, location, problem, headers
        if attempt < manners.retries:
            time.sleep(min(pause, max(0.0, stop_at - time.monotonic())))
            pause *= 2
    return status, body, location, problem, headers


def _get_once(url: str, manners: Politeness, stop_at: float, method: str):
    """A single request, every read within the request's time and the whole check's deadline:
    (status, body, redirect target or None, problem, headers or None)."""
    headers = {"User-Agent": manners.user_agent}
    try:
        answer = fetching.get(url, headers, manners.timeout, MAX_BODY, stop_at, method=method)
    except fetching.FetchError as err:
        if err.timed_out and time.monotonic() >= stop_at:
            return 0, b"", None, LATE, None
        return 0, b"", None, str(err), None
    if answer.status >= 300:
        return answer.status, b"", answer.location, f"menjawab {answer.status}", answer.headers
    return answer.status, answer.body, None, "", answer.headers


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


def page_resources(page_url: str, body: bytes) -> list[str]:
    """What a page shows, offers or loads: images (img src, links to .png/.svg/.webp/.jpg
    files), videos, stylesheets and scripts; absolute, each once, without fragments."""
    finder = _ResourceFinder()
    finder.feed(body.decode("utf-8", "replace"))
    found = (urljoin(page_url, link).partition("#")[0] for link in finder.links)
    return list(dict.fromkeys(found))


class _ResourceFinder(HTMLParser):
    FILE = re.compile(r"\.(png|svg|webp|jpe?g|avif|gif|mp4|webm)$", re.I)

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for link in self._links(tag, values):
            if link and not link.startswith(("data:", "javascript:")):
                self.links.append(link)

    def _links(self, tag: str, values: dict[str, str]) -> list[str]:
        """What one tag loads or offers."""
        if tag in ("img", "video", "source", "script"):
            return [values.get("src", ""), values.get("poster", "")]
        if tag == "link" and "stylesheet" in values.get("rel", "").split():
            return [values.get("href", "")]
        href = values.get("href", "") if tag == "a" else ""
        return [href] if href and self.FILE.search(urlsplit(href).path) else []


def media_problem(answer: Answer, url: str) -> str | None:
    """Why a file on the media host is not served as the archive needs, or None: 200, the type
    of its file, and a Cache-Control that keeps it a year, immutable."""
    if answer.status != 200:
        return answer.problem or f"menjawab {answer.status}, bukan 200"
    headers = answer.headers or Message()
    suffix = "." + urlsplit(url).path.rpartition(".")[2].lower()
    wanted = MEDIA_TYPES.get(suffix)
    sent = (headers.get("Content-Type") or "").split(";")[0].strip().lower()
    if wanted and sent != wanted:
        return f"Content-Type `{sent or 'tidak ada'}`, bukan `{wanted}`"
    cache = (headers.get("Cache-Control") or "").lower()
    age = re.search(r"(?:^|[,\s])max-age=(\d+)", cache)
    if "immutable" not in cache or not age or int(age[1]) < YEAR_SECONDS:
        return (
            f"Cache-Control `{cache or 'tidak ada'}`, bukan `public, max-age={YEAR_SECONDS}, "
            "immutable`: ponsel pengunjung mengunduh fotonya lagi"
        )
    return None


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
    media_base: str = ""
    """The media host's address (`extra.harmoni.media.url`), where photos may be served from."""


Job = Callable[[], bool]
"""One check or a group of checks; whether all passed."""


def run_checks(
    expect: Expectations, manners: Politeness, decode: Callable[[bytes], list[str]],
    complete: bool = False, rotation: Rotation | None = None,
) -> Report:  # fmt: skip
    """Every check, a few at a time; the report of what failed. With a `rotation` (the complete
    check only) the checks run in its order until the deadline nears; the rest waits."""
    checker = _Checker(expect, manners, decode, complete)
    with ThreadPoolExecutor(max_workers=max(1, manners.workers)) as pool:
        if rotation is None:
            _run_all(pool, [job for _, job in checker.id_targets()])
            if complete:
                _run_all(pool, [job for _, job in checker.sitemap_targets()])
        else:
            checker.report.rotating = True
            targets = dict([*checker.id_targets(), *checker.sitemap_targets()])
            until = checker.stop_at - manners.deadline * RESERVE
            checker.report.targets = len(targets)
            checker.report.deferred = _run_rotating(pool, targets, rotation, until, manners.workers)
            rotation.save(list(targets))
    return checker.report


def _run_all(pool: ThreadPoolExecutor, jobs: list[Job]) -> None:
    """Run every job; wait for all."""
    for future in [pool.submit(job) for job in jobs]:
        future.result()


def _run_rotating(
    pool: ThreadPoolExecutor, jobs: dict[Target, Job], rotation: Rotation, until: float,
    workers: int,
) -> int:  # fmt: skip
    """Start jobs in the rotation's order, `workers` at a time, until the monotonic time
    `until`; remember those that passed. The number of jobs never started."""
    queue = deque(rotation.order(list(jobs)))
    running: dict[Future[bool], Target] = {}
    while queue or running:
        while queue and len(running) < max(1, workers) and time.monotonic() < until:
            target = queue.popleft()
            running[pool.submit(jobs[target])] = target
        if not running:
            break
        finished, _ = wait(running, timeout=max(0.05, until - time.monotonic()),
                           return_when=FIRST_COMPLETED)  # fmt: skip
        for future in finished:
            rotation.passed(running.pop(future), future.result())
    return len(queue)


class _Checker:
    """The checks, sharing one deadline, one report and what was already checked."""

    def __init__(self, expect: Expectations, manners: Politeness, decode, complete: bool) -> None:
        self.expect, self.manners, self.decode = expect, manners, decode
        self.complete = complete
        """Whether pages' images, stylesheets and scripts are checked too."""
        self.stop_at = time.monotonic() + manners.deadline
        self.report = Report()
        media = (expect.media_base,) if expect.media_base else ()
        self.allowed = site_origins(expect.base, expect.site_url, *expect.former, *media)
        self.seen: set[str] = set()
        self.seen_lock = threading.Lock()

    def get(self, url: str, method: str = "GET") -> Answer:
        return fetch(url, self.manners, self.stop_at, self.allowed, method)

    def first_time(self, url: str) -> bool:
        """Whether `url` is not yet checked in this run (and is now taken)."""
        with self.seen_lock:
            if url in self.seen:
                return False
            self.seen.add(url)
            return True

    def id_targets(self) -> list[tuple[Target, Job]]:
        """Each registered id: its page (with what it loads, when complete), its QR code and
        the same page on the former hosts."""
        return [(Target(f"id:{entry_id}", entry_id), partial(self.activity, entry_id))
                for entry_id in (*self.expect.live, *self.expect.withdrawn)]  # fmt: skip

    def activity(self, entry_id: str) -> bool:
        """Everything of one registered id; whether all passed."""
        passed = self.page(entry_id, entry_id in self.expect.withdrawn)
        passed = self.qr_code(entry_id) and passed
        for old in self.expect.former:
            passed = self.former_page(old, entry_id) and passed
        return passed

    def page(self, entry_id: str, withdrawn: bool) -> bool:
        """A registered id's permanent page: 200, with the notice exactly when withdrawn."""
        url = permanent_url(self.expect.base, entry_id)
        self.first_time(url)  # the sitemap lists it too
        answer = self.get(url)
        passed = self.report.record(url, page_problem(answer, withdrawn))
        return self._resources_of(url, answer) and passed

    def qr_code(self, entry_id: str) -> bool:
        """A registered id's QR image opens its permanent address."""
        url = absolute_url(self.expect.base, qr_uri(entry_id, "png"))
        if not self.first_time(url):
            return True
        wanted = permanent_url(self.expect.site_url, entry_id) + self.expect.qr_marker
        return self.report.record(url, qr_problem(self.get(url), wanted, self.decode))

    def former_page(self, old_base: str, entry_id: str) -> bool:
        """A registered id's page on a former host leads to its permanent address."""
        url = permanent_url(old_base, entry_id)
        wanted = permanent_url(self.expect.site_url, entry_id)
        return self.report.record(url, former_problem(self.get(url), wanted))

    def sitemap_targets(self) -> list[tuple[Target, Job]]:
        """The sitemap's pages but the registered ids' own (checked with their id), when the
        check is complete."""
        if not self.complete:
            return []
        ids = {permanent_url(self.expect.base, i) for i in (*self.expect.live,
                                                            *self.expect.withdrawn)}  # fmt: skip
        pages = [page for page in self.sitemap() if page not in ids]
        return [(Target(self._key(page), self._entry_of(page)),
                 partial(self.sitemap_page, page)) for page in pages]  # fmt: skip

    def _key(self, url: str) -> str:
        """A page's key in the rotation: its path under `base`."""
        return url[len(self.expect.base) :] if url.startswith(self.expect.base) else url

    def _entry_of(self, url: str) -> str | None:
        """The activity a page belongs to (`k/<id>/`), if any."""
        match = re.fullmatch(r"k/([^/]+)/(?:index\.html)?", self._key(url))
        return match[1] if match else None

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
        return list(dict.fromkeys(page for page in pages if page not in outside))

    def _local(self, url: str) -> str:
        """A sitemap address (under `site_url`) as fetched from `base`."""
        site, here = opened_address(self.expect.site_url), opened_address(url)
        return absolute_url(self.expect.base, here[len(site) :]) if here.startswith(site) else url

    def sitemap_page(self, url: str) -> bool:
        """A sitemap page answers 200; so does what it loads; its QR codes lead to it."""
        if not self.first_time(url):
            return True
        answer = self.get(url)
        passed = self.report.record(url, None if answer.status == 200 else _status_problem(answer))
        return self._resources_of(url, answer) and passed

    def _resources_of(self, url: str, answer: Answer) -> bool:
        """What a fetched page loads, each once per run (complete check only)."""
        if not self.complete or answer.status != 200:
            return True
        passed = True
        for resource in page_resources(url, answer.body):
            if self.first_time(resource):
                passed = self._resource(resource) and passed
        return passed

    def _resource(self, url: str) -> bool:
        """A file on the site answers 200 (a `qr.png` opens the page it sits beside); one on
        the media host is served as `media_problem` wants; another site's is not ours."""
        media = self.expect.media_base
        if media and url.startswith(media):
            return self.report.record(url, media_problem(self.get(url, "HEAD"), url))
        if not url.startswith(self.expect.base):
            return True
        answer = self.get(url)
        if url.endswith("/qr.png"):
            path = url[len(self.expect.base) :].removesuffix("qr.png")
            wanted = absolute_url(self.expect.site_url, path)
            marked = wanted + self.expect.qr_marker if self.expect.qr_marker else ""
            return self.report.record(url, qr_problem(answer, wanted, self.decode, marked))
        return self.report.record(url, None if answer.status == 200 else _status_problem(answer))


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
