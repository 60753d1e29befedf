"""Benchmark the archive build on a synthetic archive and compare it with plain baselines.

Run from the repository root with the project's interpreter:

    .venv/bin/python scripts/benchmark.py                 # 100 entries x 20 photos x 12 MP
    .venv/bin/python scripts/benchmark.py --quick         # 10 x 5 x 3 MP smoke run
    .venv/bin/python scripts/benchmark.py --entries 20 --photos 10 --workdir /tmp/bench
    .venv/bin/python scripts/benchmark.py --megapixels 2 --kedua 1000x2   # warm ratios, faster
    .venv/bin/python scripts/benchmark.py --foto-nyata         # 30 real photos, bytes and SSIM
    .venv/bin/python scripts/benchmark.py --foto-nyata FOLDER  # photos of your own

A synthetic archive (JPEG photos with EXIF orientation and GPS, entries with valid front
matter) is generated in a temporary folder next to a copy of mkdocs.yml and docs/. Every build is
a separate `mkdocs build` child process, so its peak memory is the child's own maximum RSS.

Measured in one run: a cold build (empty cache), a warm build (nothing changed), a build after
one entry changed (text plus one replaced photo), a plain `mkdocs build` of the same pages
(narratives, listing pages, navigation) without media or hooks, and of the narratives alone for
reference, a plain Pillow loop doing the same image work, `harmoni stiker` for every entry, a
cold build at half the entries, and the warm / no-media ratio again at a second archive shape
(default 1000 entries x 2 photos). The cold build reports its CPU seconds per stage (photos,
cover JPEGs, QR codes, posters, the rest: MkDocs and the other stages; `HARMONI_CPU_TAHAP`) and
the cores busy on average; the Pillow baseline also times the library steps of 40 photos one at
a time (decode at the reduced DCT scale, resize, encode): the floor the photo stage is held to.
Warm builds and the builds without media take turns, so a change in the machine's load meets
both alike. The report ends with a table and OK / TIDAK TERCAPAI per goal; the exit status is
always 0.

Generated photos compress far better than camera photos, so they say nothing about bytes. With
`--foto-nyata` the benchmark instead builds the demo with one activity of 30 real photos (the
shared test photos, or a folder given; see foto_nyata.py) and prints the cold and warm build
times, the bytes every published photo costs (all its sizes) and their quality (SSIM on luma).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import io
import json
import math
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

import foto_nyata
import yaml
from PIL import ExifTags, Image, ImageChops, ImageDraw, ImageFilter, ImageFont, ImageOps
from PIL.TiffImagePlugin import IFDRational

REPO = Path(__file__).resolve().parent.parent
HOOK = REPO / "hooks" / "harmoni.py"
BASE_IMAGES = 8
"""Distinct base pictures; every photo is a stamped copy of one of them."""
JPEG_QUALITY = 90
NOISE_SIGMA = 7
"""Sensor-like noise: makes a 12 MP JPEG about as large as a phone photo (~3.5 MB)."""
PROGRESS_SECONDS = 2.0
CHANGED_PHOTO_NUMBER = 9_000_000
"""Stamp number of the replacement photo; never used by the generated photos."""

GOAL_WARM = 1.10
GOAL_THROUGHPUT = 0.90
GOAL_CODES_SHARE = 0.05
"""QR codes and posters: at most this share of the cold build's CPU time."""
FLOOR_SAMPLE = 40
"""Photos the Pillow baseline times step by step (decode, resize, encode) on one thread."""
STAGE_FILE_ENV = "HARMONI_CPU_TAHAP"
"""Asks a build to write its CPU seconds per stage to this file (`harmoni_arsip.stage_cpu`)."""
GOAL_MEMORY = 1.20
"""Peak RSS at N / peak RSS at N/2 counts as "flat" up to this ratio."""


@dataclass(frozen=True)
class Options:
    """What to generate and measure."""

    entries: int
    photos: int
    megapixels: float
    workdir: Path | None
    repeat: int
    skip_memory_scaling: bool
    second: tuple[int, int] | None = None
    """A second archive shape (entries, photos each) whose warm build is compared too."""


@dataclass(frozen=True)
class ArchiveConfig:
    """The parts of the copied mkdocs.yml the generator and the baseline need."""

    kategori: tuple[str, ...]
    wilayah: dict[str, list[str]]
    long_edges: tuple[int, ...]
    qualities: tuple[int, ...]
    """The WebP quality of each long edge."""
    folder: str
    cache: str


@dataclass(frozen=True)
class PhotoJob:
    """One photo to write: which base picture, its unique stamp and EXIF."""

    path: Path
    base: int
    number: int
    orientation: int
    taken: datetime.datetime
    lat: float
    lon: float


@dataclass(frozen=True)
class EntryPlan:
    """One generated activity entry."""

    entry_id: str
    folder: Path
    date: datetime.date
    photos: tuple[PhotoJob, ...]


@dataclass(frozen=True)
class ChildRun:
    """Wall time, peak memory and exit code of one child process."""

    seconds: float
    max_rss: int
    """Bytes."""
    cpu: float
    """User + system CPU seconds."""
    returncode: int
    log: Path

    @property
    def ok(self) -> bool:
        """True when the child exited with 0."""
        return self.returncode == 0


@dataclass
class Report:
    """Figures collected during the run, for the final table."""

    rows: list[tuple[str, str, str, str]] = field(default_factory=list)

    def figure(self, label: str, value: str) -> None:
        """Print one figure on its own line."""
        print(f"  {label}: {value}", flush=True)

    def goal(self, label: str, value: str, target: str, reached: bool | None) -> None:
        """Record one goal for the summary table and print its status."""
        status = "?" if reached is None else ("OK" if reached else "TIDAK TERCAPAI")
        self.rows.append((label, value, target, status))
        print(f"  >> {label}: {value} (target {target}) → {status}", flush=True)


# -- options -------------------------------------------------------------------------------


def parse_options(argv: list[str]) -> tuple[Options, argparse.Namespace]:
    """Command-line options; `--quick` overrides the sizes with a small smoke run."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=100, help="jumlah kegiatan (100)")
    parser.add_argument("--photos", type=int, default=20, help="foto per kegiatan (20)")
    parser.add_argument("--megapixels", type=float, default=12.0, help="ukuran foto (12 MP)")
    parser.add_argument("--workdir", type=Path, help="folder kerja yang disimpan (bukan temp)")
    parser.add_argument("--quick", action="store_true", help="uji singkat: 10 x 5 foto x 3 MP")
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="ulangan build hangat dan tanpa media; median dipakai (3)",
    )
    parser.add_argument(
        "--skip-memory-scaling",
        action="store_true",
        help="lewati build dingin kedua dengan N/2 kegiatan",
    )
    parser.add_argument(
        "--kedua",
        default="1000x2",
        metavar="KxF",
        help="bentuk arsip kedua (kegiatan x foto) untuk rasio hangat / tanpa media; 0 = lewati",
    )
    parser.add_argument(
        "--foto-nyata",
        type=Path,
        nargs="?",
        const=foto_nyata.DEFAULT_FOLDER,
        metavar="FOLDER",
        help="ukur byte dan mutu per foto pada 30 foto nyata dari FOLDER (bawaan: foto uji)",
    )
    parser.add_argument(
        "--pillow-worker", nargs=2, metavar=("PROJECT", "OUT"), help=argparse.SUPPRESS
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.entries, args.photos, args.megapixels = 10, 5, 3.0
    options = Options(
        entries=max(1, args.entries),
        photos=max(1, args.photos),
        megapixels=max(0.1, args.megapixels),
        workdir=args.workdir.resolve() if args.workdir else None,
        repeat=max(1, args.repeat),
        skip_memory_scaling=args.skip_memory_scaling,
        second=None if args.quick or args.kedua == "0" else _shape(args.kedua),
    )
    return options, args


def _shape(text: str) -> tuple[int, int]:
    """`1000x2` → (1000, 2)."""
    entries, _, photos = text.lower().partition("x")
    return max(1, int(entries)), max(1, int(photos))


def load_yaml(path: Path) -> dict:
    """A YAML file as a dict."""
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def archive_config(config: dict) -> ArchiveConfig:
    """The generator's view of `extra.harmoni`, with the pipeline's defaults."""
    harmoni = (config.get("extra") or {}).get("harmoni") or {}
    foto = harmoni.get("foto") or {}
    thumbs = foto.get("gambar_kecil", [320, 640])
    displays = foto.get("gambar_tampilan", [960, 1600])
    edges = [*thumbs, *displays]
    qualities = [int(foto.get("kualitas_kecil", 68))] * len(thumbs)
    qualities += [int(foto.get("kualitas", 78))] * len(displays)
    return ArchiveConfig(
        kategori=tuple(harmoni.get("kategori") or {"lainnya": "Lainnya"}),
        wilayah=dict(harmoni.get("wilayah") or {}),
        long_edges=tuple(int(e) for e in edges),
        qualities=tuple(qualities),
        folder=str(harmoni.get("folder_kegiatan", "kegiatan")),
        cache=str(harmoni.get("cache", ".cache/harmoni")),
    )


# -- synthetic photos ----------------------------------------------------------------------


def photo_size(megapixels: float) -> tuple[int, int]:
    """A 4:3 landscape size of about `megapixels` (12 MP → 4000×3000)."""
    width = round(math.sqrt(megapixels * 1_000_000 * 4 / 3))
    return width, max(1, round(width * 3 / 4))


def muted_colour(rng: random.Random) -> tuple[int, int, int]:
    """A random colour pulled towards grey, like most things in a photo."""
    grey = rng.randrange(60, 200)
    return tuple(round(0.45 * rng.randrange(256) + 0.55 * grey) for _ in range(3))  # type: ignore[return-value]


def make_base(seed: int, size: tuple[int, int]) -> Image.Image:
    """A photo-like picture: gradients and soft shapes drawn small, upscaled, plus noise."""
    rng = random.Random(seed)
    small = (max(8, size[0] // 10), max(6, size[1] // 10))
    angle = rng.uniform(0, 360)
    red = Image.linear_gradient("L").rotate(angle, Image.Resampling.BILINEAR).resize(small)
    green = Image.radial_gradient("L").resize(small)
    blue = Image.linear_gradient("L").transpose(Image.Transpose.ROTATE_90).resize(small)
    picture = Image.blend(
        Image.merge("RGB", (red, green, blue)), Image.new("RGB", small, muted_colour(rng)), 0.6
    )
    draw = ImageDraw.Draw(picture)
    for _ in range(60):
        x, y = rng.randrange(small[0]), rng.randrange(small[1])
        w, h = rng.randrange(2, small[0] // 4), rng.randrange(2, small[1] // 4)
        shape = draw.ellipse if rng.random() < 0.5 else draw.rectangle
        shape((x, y, x + w, y + h), fill=muted_colour(rng))
    picture = picture.filter(ImageFilter.GaussianBlur(1.0)).resize(size, Image.Resampling.BICUBIC)
    texture = Image.effect_noise((small[0] // 2, small[1] // 2), 40).resize(size).convert("RGB")
    picture = ImageChops.add(picture, texture, scale=1.0, offset=-128)
    noise = Image.effect_noise(size, NOISE_SIGMA).convert("RGB")
    return ImageChops.add(picture, noise, scale=1.0, offset=-128)


def to_dms(value: float) -> tuple[IFDRational, IFDRational, IFDRational]:
    """Decimal degrees as EXIF (degrees, minutes, seconds) rationals."""
    value = abs(value)
    degrees = int(value)
    minutes = int((value - degrees) * 60)
    hundredths = round(((value - degrees) * 60 - minutes) * 6000)
    return IFDRational(degrees, 1), IFDRational(minutes, 1), IFDRational(hundredths, 100)


def photo_exif(job: PhotoJob) -> Image.Exif:
    """Camera, time, orientation and GPS position, as a phone writes them."""
    when = job.taken.strftime("%Y:%m:%d %H:%M:%S")
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "BenchCam"
    exif[ExifTags.Base.Model] = "HARMONI Benchmark"
    exif[ExifTags.Base.Orientation] = job.orientation
    exif[ExifTags.Base.DateTime] = when
    sub = exif.get_ifd(ExifTags.IFD.Exif)
    sub[ExifTags.Base.DateTimeOriginal] = when
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSVersionID] = b"\x02\x03\x00\x00"
    gps[ExifTags.GPS.GPSLatitudeRef] = "S" if job.lat < 0 else "N"
    gps[ExifTags.GPS.GPSLatitude] = to_dms(job.lat)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E" if job.lon >= 0 else "W"
    gps[ExifTags.GPS.GPSLongitude] = to_dms(job.lon)
    return exif


def stamp(picture: Image.Image, number: int) -> Image.Image:
    """A copy of `picture` with a unique label, so every photo has its own bytes and hash."""
    copy = picture.copy()
    rng = random.Random(number)
    width, height = copy.size
    box_w, box_h = max(4, width // 6), max(4, height // 10)
    x, y = rng.randrange(max(1, width - box_w)), rng.randrange(max(1, height - box_h))
    draw = ImageDraw.Draw(copy)
    draw.rectangle((x, y, x + box_w, y + box_h), fill=muted_colour(rng))
    font = ImageFont.load_default(size=max(10, box_h // 2))
    draw.text((x + box_h // 5, y + box_h // 5), f"#{number}", fill=(250, 250, 240), font=font)
    return copy


def write_photo(job: PhotoJob, bases: list[Image.Image]) -> None:
    """Write one JPEG atomically (a replaced photo gets a new inode; hard links keep the old)."""
    picture = stamp(bases[job.base], job.number)
    job.path.parent.mkdir(parents=True, exist_ok=True)
    temporary = job.path.with_name(f".tmp-{job.path.name}")
    picture.save(temporary, "JPEG", quality=JPEG_QUALITY, exif=photo_exif(job))
    os.replace(temporary, job.path)


def run_parallel(label: str, tasks: list[Callable[[], object]]) -> list[object]:
    """Run `tasks` on all cores, printing progress every few seconds."""
    results: list[object] = []
    started = last = time.monotonic()
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        futures = [pool.submit(task) for task in tasks]
        for done, future in enumerate(as_completed(futures), 1):
            results.append(future.result())
            now = time.monotonic()
            if now - last >= PROGRESS_SECONDS or done == len(tasks):
                last = now
                print(f"    {label}: {done}/{len(tasks)} ({now - started:.1f} dtk)", flush=True)
    return results


def make_bases(size: tuple[int, int]) -> list[Image.Image]:
    """The distinct base pictures, made in parallel."""
    tasks = [lambda seed=seed: (seed, make_base(seed, size)) for seed in range(BASE_IMAGES)]
    made = dict(run_parallel("gambar dasar", tasks))  # type: ignore[arg-type]
    return [made[seed] for seed in range(BASE_IMAGES)]


# -- synthetic entries ---------------------------------------------------------------------

ACTIVITIES = (
    "Pelatihan Pengelolaan Keuangan Desa",
    "Pembinaan Administrasi Pemerintahan Desa",
    "Pendampingan Kelembagaan BUMDes",
    "Sosialisasi Pemberdayaan Kader Posyandu",
    "Musyawarah Perencanaan Pembangunan Desa",
    "Pelatihan Pemasaran Produk UMKM",
    "Pendampingan Lembaga Kemasyarakatan Desa",
    "Penguatan Ekonomi Kelompok Tani",
)
SENTENCES = (
    "Kegiatan ini diikuti oleh perangkat desa, anggota BPD, dan perwakilan lembaga kemasyarakatan.",
    "Narasumber dari DPMD menyampaikan materi secara bertahap disertai contoh dari desa lain.",
    "Peserta berdiskusi dalam kelompok kecil untuk menyusun rencana tindak lanjut.",
    "Pemerintah desa menyampaikan kendala yang dihadapi selama setahun terakhir.",
    "Hasil diskusi dirangkum dan akan dipantau pada kunjungan pembinaan berikutnya.",
    "Warga menyambut baik kegiatan ini dan berharap kegiatan serupa diadakan secara rutin.",
    "Dokumentasi kegiatan dipublikasikan melalui media sosial resmi DPMD.",
    "Pendamping desa membantu peserta mempraktikkan aplikasi yang diperkenalkan.",
    "Di akhir acara, peserta mengisi lembar evaluasi dan menyampaikan usulan perbaikan.",
    "Kegiatan ditutup dengan penyerahan bahan bacaan dan foto bersama.",
)


def places(wilayah: dict[str, list[str]]) -> list[tuple[str, str]]:
    """Every (kecamatan, desa) pair of the configured region list."""
    found = [(kec, desa) for kec, names in wilayah.items() for desa in names]
    return found or [("", "")]


def narrative(rng: random.Random, title: str, desa: str) -> str:
    """A few paragraphs of Markdown about the activity."""
    paragraphs = [f"Kegiatan **{title}** dilaksanakan di Desa {desa or 'binaan'}."]
    for _ in range(4):
        paragraphs.append(" ".join(rng.sample(SENTENCES, 4)))
    paragraphs.append("- " + "\n- ".join(rng.sample(SENTENCES, 3)))
    return "\n\n".join(paragraphs) + "\n"


def plan_entries(options: Options, config: ArchiveConfig, root: Path) -> list[EntryPlan]:
    """Where every entry and photo goes, with its date, place and orientation."""
    rng = random.Random(2024)
    start = datetime.date(2019, 1, 7)
    step = max(1, (datetime.date(2025, 12, 20) - start).days // options.entries)
    plans, number = [], 0
    for index in range(options.entries):
        date = start + datetime.timedelta(days=index * step)
        entry_id = f"bench-{index + 1:04d}"
        folder = root / config.folder / str(date.year) / f"{date.isoformat()}-{entry_id}"
        lat, lon = -1.9 + rng.uniform(-0.4, 0.4), 106.0 + rng.uniform(-0.3, 0.3)
        jobs = []
        for photo in range(options.photos):
            number += 1
            orientation = {3: 6, 7: 8}.get(number % 10, 1)
            taken = datetime.datetime.combine(date, datetime.time(8)) + datetime.timedelta(
                minutes=photo * 7
            )
            jobs.append(
                PhotoJob(
                    folder / f"foto-{photo + 1:02d}.jpg",
                    number % BASE_IMAGES,
                    number,
                    orientation,
                    taken,
                    lat,
                    lon,
                )
            )
        plans.append(EntryPlan(entry_id, folder, date, tuple(jobs)))
    return plans


def entry_markdown(plan: EntryPlan, index: int, config: ArchiveConfig) -> str:
    """index.md of one entry: valid front matter and the narrative."""
    rng = random.Random(index)
    kecamatan, desa = rng.choice(places(config.wilayah))
    title = f"{ACTIVITIES[index % len(ACTIVITIES)]} {desa or ''} ({plan.entry_id})".replace(
        "  ", " "
    )
    front: dict = {
        "id": plan.entry_id,
        "title": title,
        "date": plan.date,
        "description": f"{title}: dokumentasi kegiatan pemberdayaan masyarakat dan desa.",
        "kategori": config.kategori[index % len(config.kategori)],
    }
    if desa:
        front.update(kecamatan=kecamatan, desa=desa)
    front["tags"] = ["benchmark", rng.choice(["pelatihan", "desa", "umkm", "bumdes"])]
    front["keterangan"] = [  # the gallery: every photo, in this order
        {"berkas": job.path.name, "teks": f"Suasana kegiatan, foto ke-{n + 1}."}
        for n, job in enumerate(plan.photos)
    ]
    header = yaml.safe_dump(front, allow_unicode=True, sort_keys=False)
    return f"---\n{header}---\n\n{narrative(rng, title, desa)}"


def write_entries(plans: list[EntryPlan], config: ArchiveConfig) -> None:
    """Write every entry's index.md."""
    for index, plan in enumerate(plans):
        plan.folder.mkdir(parents=True, exist_ok=True)
        text = entry_markdown(plan, index, config)
        (plan.folder / "index.md").write_text(text, encoding="utf-8")


# -- projects ------------------------------------------------------------------------------


def bench_config() -> dict:
    """The repository's mkdocs.yml with the hook given by absolute path."""
    config = load_yaml(REPO / "mkdocs.yml")
    config["hooks"] = [str(HOOK)]
    return config


def write_project(root: Path, config: dict) -> None:
    """A project folder: mkdocs.yml plus a copy of docs/."""
    root.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(config, allow_unicode=True, sort_keys=False)
    (root / "mkdocs.yml").write_text(text, encoding="utf-8")
    shutil.copytree(REPO / config.get("docs_dir", "docs"), root / config.get("docs_dir", "docs"))


def link_or_copy(source: Path, target: Path) -> None:
    """Hard-link `source` to `target`, copying where links are impossible."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def write_half_project(root: Path, full: Path, plans: list[EntryPlan], config: dict) -> int:
    """A second archive with the first half of the entries (photos hard-linked); their number."""
    write_project(root, config)
    half = plans[: max(1, len(plans) // 2)]
    for plan in half:
        target = root / plan.folder.relative_to(full)
        for source in [plan.folder / "index.md", *(job.path for job in plan.photos)]:
            link_or_copy(source, target / source.name)
    return len(half)


def write_plain_project(root: Path, plans: list[EntryPlan], config: dict) -> None:
    """The same narratives as plain Markdown pages under docs/k/<id>/, no hooks, no media."""
    plain = {k: v for k, v in config.items() if k not in ("hooks", "watch")}
    plain["nav"] = [{"Beranda": "index.md"}]
    plain["validation"] = {"nav": {"omitted_files": "ignore"}}
    write_project(root, plain)
    docs = root / plain.get("docs_dir", "docs")
    for plan in plans:
        text = (plan.folder / "index.md").read_text(encoding="utf-8")
        front, body = text.removeprefix("---\n").split("\n---\n", 1)
        data = yaml.safe_load(front)
        header = yaml.safe_dump(
            {"title": data["title"], "description": data["description"]}, allow_unicode=True
        )
        page = docs / "k" / plan.entry_id / "index.md"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(f"---\n{header}---\n{body}", encoding="utf-8")


def write_same_pages_project(
    root: Path, project: Path, plans: list[EntryPlan], config: dict
) -> int:
    """Every page the archive publishes, as plain Markdown without hooks or media: the
    narratives, each page of each listing (archive, kategori, kecamatan, desa; split into pages
    of `kartu_per_halaman` activities as the archive splits them) linking to its activities, its
    sub-listings and its other pages, the statistics and search pages, the hand-written pages,
    and the archive's navigation (not the editor's `/admin/`, a page of its own).
    Returns the page count."""
    from harmoni_arsip import addresses
    from harmoni_arsip.entries import read_entries
    from harmoni_arsip.pages import listing as listings
    from harmoni_arsip.pages import search, statistics
    from harmoni_arsip.problems import Problems
    from harmoni_arsip.settings import load_settings

    write_plain_project(root, plans, config)
    settings = load_settings(config["extra"])
    archive = read_entries(project / settings.folder_kegiatan, project, settings, Problems())
    roots = listings.build_listings(archive.entries, settings)
    docs = root / config.get("docs_dir", "docs")
    for listing in listings.all_listings(roots):
        for page in listings.listing_pages(listing, settings.kartu_per_halaman):
            up = "../" * page.src_uri.count("/")
            lines = [f"# {page.title}", "", listing.description, ""]
            if page.part.number == 1:
                lines += [f"- [{c.title}]({up}{c.src_uri})" for c in listing.children]
            lines += [f"- [{e.title}]({up}k/{e.id}/index.md) · {e.date}" for e in page.entries]
            lines += ["", " · ".join(f"[{n}]({up}{uri})" for n, uri in
                                     enumerate(page.part.addresses, start=1))]  # fmt: skip
            path = docs / page.src_uri
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for src_uri, title, description in (
        (addresses.STATS_SRC_URI, statistics.TITLE, statistics.DESCRIPTION),
        (addresses.SEARCH_SRC_URI, search.TITLE, search.DESCRIPTION),
    ):
        page = docs / src_uri
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(f"# {title}\n\n{description}\n", encoding="utf-8")
    same = load_yaml(root / "mkdocs.yml")
    stats_nav = {statistics.TITLE: addresses.STATS_SRC_URI}
    same["nav"] = [*config["nav"], *listings.nav_sections(roots), stats_nav]
    (root / "mkdocs.yml").write_text(
        yaml.safe_dump(same, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return sum(1 for _ in docs.rglob("*.md"))


# -- measuring -----------------------------------------------------------------------------


LAUNCHER = """
import json, os, sys, time
started = time.perf_counter()
pid = os.posix_spawn(sys.argv[2], sys.argv[2:], os.environ)
_, status, usage = os.wait4(pid, 0)
result = [time.perf_counter() - started, usage.ru_maxrss, usage.ru_utime + usage.ru_stime,
          os.waitstatus_to_exitcode(status)]
with open(sys.argv[1], "w") as out:
    json.dump(result, out)
"""
"""Starts and reaps one measured child. A child's `ru_maxrss` never drops below the RSS of the
process it was forked from (Linux records the pre-exec peak), so a big parent (this script holds
the base pictures) would inflate every figure; this tiny launcher keeps that floor near 10 MiB."""


def run_child(
    command: list[str], cwd: Path, log: Path, extra_env: dict[str, str] | None = None
) -> ChildRun:
    """Run one child process via `LAUNCHER`: wall time, CPU time (its own and its reaped
    children's, e.g. the QR workers) and peak RSS from `os.wait4`."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(extra_env or {})}
    log.parent.mkdir(parents=True, exist_ok=True)
    result = log.with_suffix(".rusage.json")
    result.unlink(missing_ok=True)
    launcher = [sys.executable, "-c", LAUNCHER, str(result), *command]
    with log.open("wb") as out:
        subprocess.run(launcher, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        seconds, max_rss, cpu, returncode = json.loads(result.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ChildRun(math.nan, 0, math.nan, -1, log)
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB on Linux
    return ChildRun(seconds, max_rss * scale, cpu, returncode, log)


def mkdocs_build(project: Path, logs: Path, name: str, stages: Path | None = None) -> ChildRun:
    """`mkdocs build -q` of `project` with this interpreter, as a child process; with `stages`,
    the build writes its CPU seconds per stage there."""
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "-q",
        "-f",
        str(project / "mkdocs.yml"),
        "-d",
        str(project / "site"),
    ]
    extra = {STAGE_FILE_ENV: str(stages)} if stages else None
    run = run_child(command, project, logs / f"{name}.log", extra)
    if not run.ok:
        tail = run.log.read_text(encoding="utf-8", errors="replace").splitlines()[-15:]
        print(f"  !! build `{name}` gagal (kode {run.returncode}); log: {run.log}", flush=True)
        print("     " + "\n     ".join(tail), flush=True)
    return run


def cache_files(project: Path, config: ArchiveConfig) -> set[str]:
    """Every file in the derived-media cache (`<cache>/media/**`), relative to it."""
    media = project / config.cache / "media"
    if not media.is_dir():
        return set()
    return {
        p.relative_to(media).as_posix()
        for p in media.rglob("*")
        if p.is_file() and not p.name.startswith(".tmp-")
    }


def clear_cache(project: Path, config: ArchiveConfig) -> None:
    """Remove the derived-media cache and the built site."""
    shutil.rmtree(project / config.cache, ignore_errors=True)
    shutil.rmtree(project / "site", ignore_errors=True)


def published_pages(project: Path, plans: Iterable[EntryPlan]) -> int:
    """How many of the planned activity pages exist in the built site."""
    return sum((project / "site" / "k" / plan.entry_id / "index.html").is_file() for plan in plans)


def change_one_entry(plan: EntryPlan, bases: list[Image.Image]) -> PhotoJob:
    """Edit the entry's text and replace its first photo with new content."""
    index = plan.folder / "index.md"
    index.write_text(
        index.read_text(encoding="utf-8")
        + "\nTambahan: laporan kegiatan ini diperbarui setelah rapat evaluasi.\n",
        encoding="utf-8",
    )
    old = plan.photos[0]
    job = PhotoJob(
        old.path, (old.base + 1) % BASE_IMAGES, CHANGED_PHOTO_NUMBER, 1, old.taken, old.lat, old.lon
    )
    write_photo(job, bases)
    return job


# -- plain Pillow baseline (runs in its own child process) ---------------------------------


def upright_size(image: Image.Image) -> tuple[int, int]:
    """The stored size, swapped for EXIF orientations that turn the picture a quarter."""
    orientation = image.getexif().get(ExifTags.Base.Orientation, 1)
    return (image.height, image.width) if orientation in (5, 6, 7, 8) else image.size


def fit(size: tuple[int, int], long_edge: int) -> tuple[int, int]:
    """`size` scaled down (never up) so its long edge is at most `long_edge`."""
    scale = min(1.0, long_edge / max(size))
    return max(1, round(size[0] * scale)), max(1, round(size[1] * scale))


def plain_derive(path: Path, long_edges: tuple[int, ...], qualities: tuple[int, ...]) -> int:
    """Open, draft, transpose, resize to each long edge, encode WebP; total bytes written."""
    image = Image.open(io.BytesIO(path.read_bytes()))
    size = upright_size(image)
    scale = min(1.0, max(long_edges) / max(image.size))
    image.draft(None, (math.ceil(image.width * scale), math.ceil(image.height * scale)))
    image = ImageOps.exif_transpose(image)
    if image.mode != "RGB":  # generated photos carry no ICC profile: no colour conversion
        image = image.convert("RGB")
    total = 0
    for edge, quality in sorted(zip(long_edges, qualities, strict=True), reverse=True):
        target = fit(size, edge)
        if image.size != target:
            image = image.resize(target, Image.Resampling.LANCZOS, reducing_gap=3.0)
        buffer = io.BytesIO()
        image.save(buffer, "WEBP", quality=quality, method=4)
        total += buffer.tell()
    return total


def floor_steps(
    path: Path, long_edges: tuple[int, ...], qualities: tuple[int, ...]
) -> tuple[float, float, float]:
    """CPU seconds of each library step for one photo on this thread: decode at the reduced DCT
    scale, resize to every size, encode every size (what no pipeline can do without)."""
    data = path.read_bytes()
    started = time.thread_time()
    image = Image.open(io.BytesIO(data))
    scale = min(1.0, max(long_edges) / max(image.size))
    image.draft(None, (math.ceil(image.width * scale), math.ceil(image.height * scale)))
    image.load()
    decoded = time.thread_time()
    sized = []
    for edge, quality in sorted(zip(long_edges, qualities, strict=True), reverse=True):
        target = fit(image.size, edge)
        if image.size != target:
            image = image.resize(target, Image.Resampling.LANCZOS, reducing_gap=3.0)
        sized.append((image, quality))
    resized = time.thread_time()
    for picture, quality in sized:
        picture.save(io.BytesIO(), "WEBP", quality=quality, method=4)
    return decoded - started, resized - decoded, time.thread_time() - resized


def pillow_worker(project: Path, out: Path) -> None:
    """The baseline loop over every photo of `project`, with one thread per core; then the
    library steps of a sample of them, one at a time (the floor)."""
    config = archive_config(load_yaml(project / "mkdocs.yml"))
    photos = sorted((project / config.folder).rglob("*.jpg"))
    threads = os.cpu_count() or 1
    started, cpu = time.perf_counter(), time.process_time()
    with ThreadPoolExecutor(max_workers=threads) as pool:
        written = sum(
            pool.map(lambda p: plain_derive(p, config.long_edges, config.qualities), photos)
        )
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    sample = photos[:: max(1, len(photos) // FLOOR_SAMPLE)][:FLOOR_SAMPLE]
    steps = [floor_steps(p, config.long_edges, config.qualities) for p in sample]
    result = {
        "photos": len(photos),
        "seconds": seconds,
        "cpu": cpu,
        "threads": threads,
        "bytes": written,
        "floor": {
            name: sum(step[i] for step in steps) / len(steps)
            for i, name in enumerate(("decode", "resize", "encode"))
        },
    }
    out.write_text(json.dumps(result), encoding="utf-8")


def pillow_baseline(project: Path, logs: Path) -> tuple[ChildRun, dict]:
    """Run `pillow_worker` in a child process; its run and its own timing."""
    out = logs / "pillow-baseline.json"
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--pillow-worker",
        str(project),
        str(out),
    ]
    run = run_child(command, project, logs / "pillow-baseline.log")
    if not run.ok:
        print(f"  !! baseline Pillow gagal; log: {run.log}", flush=True)
        return run, {}
    return run, json.loads(out.read_text(encoding="utf-8"))


# -- the benchmark -------------------------------------------------------------------------


def mib(size: int) -> str:
    """Bytes as MiB."""
    return f"{size / 2**20:.0f} MiB"


def ratio(top: float, bottom: float) -> float:
    """`top / bottom`, NaN when undefined."""
    return top / bottom if bottom and not math.isnan(bottom) and bottom > 0 else math.nan


def prepare(options: Options, work: Path) -> tuple[Path, list[EntryPlan], list[Image.Image]]:
    """Generate the benchmark archive; its folder, entries and base pictures."""
    project = work / "arsip"
    config = bench_config()
    write_project(project, config)
    plans = plan_entries(options, archive_config(config), project)
    write_entries(plans, archive_config(config))
    size = photo_size(options.megapixels)
    total = options.entries * options.photos
    print(
        f"Membuat {total} foto {size[0]}×{size[1]} ({options.megapixels:g} MP) "
        f"dengan {os.cpu_count()} thread …",
        flush=True,
    )
    started = time.perf_counter()
    bases = make_bases(size)
    jobs = [job for plan in plans for job in plan.photos]
    run_parallel("foto", [lambda job=job: write_photo(job, bases) for job in jobs])
    megabytes = sum(job.path.stat().st_size for job in jobs) / 1e6
    print(
        f"  foto dibuat dalam {time.perf_counter() - started:.1f} dtk, "
        f"{megabytes:.0f} MB (rata-rata {megabytes / total:.2f} MB/foto)",
        flush=True,
    )
    return project, plans, bases


@dataclass
class Bench:
    """The generated projects and what every step needs to know about them."""

    options: Options
    work: Path
    project: Path
    plans: list[EntryPlan]
    bases: list[Image.Image]
    config: ArchiveConfig
    same_pages: int = 0
    """Pages of the no-media baseline with the same pages."""
    narratives_only: Repeated | None = None
    """The build of the narratives alone, once measured."""
    stages: dict[str, float] = field(default_factory=dict)
    """CPU seconds per stage of the cold build, as the build counted them."""

    @property
    def logs(self) -> Path:
        """Where the children's output goes."""
        return self.work / "log"

    @property
    def photos(self) -> int:
        """Photos in the full archive."""
        return self.options.entries * self.options.photos


@dataclass(frozen=True)
class Repeated:
    """Median figures of a build run several times."""

    seconds: float
    cpu: float
    max_rss: int


def alternating(bench: Bench, builds: list[tuple[Path, str]]) -> list[Repeated]:
    """Build each (project, name) `--repeat` times, taking turns, so that a change in the
    machine's load meets every build alike; the medians of each, in the same order."""
    runs: dict[str, list[ChildRun]] = {name: [] for _, name in builds}
    for number in range(1, bench.options.repeat + 1):
        for project, name in builds:
            run = mkdocs_build(project, bench.logs, f"{name}-{number}")
            print(
                f"    {name} #{number}: {run.seconds:.2f} dtk (CPU {run.cpu:.2f} dtk), "
                f"{mib(run.max_rss)}",
                flush=True,
            )
            runs[name].append(run)
    return [_medians(runs[name]) for _, name in builds]


def _medians(runs: list[ChildRun]) -> Repeated:
    """Median wall and CPU time and the highest peak memory of some runs of one build."""
    good = [run for run in runs if run.ok] or runs
    return Repeated(
        statistics.median(r.seconds for r in good),
        statistics.median(r.cpu for r in good),
        max(r.max_rss for r in good),
    )


def step_cold(bench: Bench, report: Report) -> ChildRun:
    """[1] Build with an empty cache."""
    print("\n[1] Build dingin (cache kosong)", flush=True)
    clear_cache(bench.project, bench.config)
    stage_file = bench.logs / "dingin-tahap.json"
    stage_file.unlink(missing_ok=True)
    cold = mkdocs_build(bench.project, bench.logs, "dingin", stage_file)
    try:
        bench.stages = json.loads(stage_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        bench.stages = {}
    report.figure("waktu build dingin", f"{cold.seconds:.2f} dtk (CPU {cold.cpu:.2f} dtk)")
    report.figure("inti sibuk rata-rata (CPU / waktu)", f"{ratio(cold.cpu, cold.seconds):.2f}")
    report.figure("memori puncak build dingin", mib(cold.max_rss))
    report.figure("jumlah foto", str(bench.photos))
    report.figure("foto/detik (seluruh build)", f"{ratio(bench.photos, cold.seconds):.2f}")
    webp = [f for f in cache_files(bench.project, bench.config) if f.endswith(".webp")]
    expected = bench.photos * len(bench.config.long_edges)
    report.figure("berkas WebP di cache", f"{len(webp)} (diharapkan {expected})")
    pages = published_pages(bench.project, bench.plans)
    report.figure("halaman kegiatan terbit", f"{pages}/{len(bench.plans)}")
    return cold


def step_warm(bench: Bench, report: Report) -> tuple[Repeated, Repeated]:
    """[2] Build again with nothing changed, taking turns with the same pages without media
    and the narratives alone (reported in [4]); the warm and no-media figures."""
    print("\n[2] Build hangat (tidak ada perubahan), bergantian dengan baseline [4]", flush=True)
    warm, plain, narratives = alternating(bench, [
        (bench.project, "hangat"), (bench.work / "tanpa-media", "tanpa-media"),
        (bench.work / "narasi-saja", "narasi-saja"),
    ])  # fmt: skip
    bench.narratives_only = narratives
    report.figure("waktu build hangat (median)", f"{warm.seconds:.2f} dtk (CPU {warm.cpu:.2f} dtk)")
    report.figure("memori puncak build hangat", mib(warm.max_rss))
    return warm, plain


def step_changed(bench: Bench, report: Report) -> tuple[ChildRun, list[str]]:
    """[3] Edit one entry's text, replace one of its photos, build; the new cache files."""
    print("\n[3] Satu kegiatan berubah (teks + 1 foto diganti)", flush=True)
    plan = bench.plans[-1]
    before = cache_files(bench.project, bench.config)
    change_one_entry(plan, bench.bases)
    changed = mkdocs_build(bench.project, bench.logs, "satu-berubah")
    new_files = sorted(cache_files(bench.project, bench.config) - before)
    report.figure("kegiatan yang diubah", f"{plan.entry_id} ({plan.photos[0].path.name} diganti)")
    report.figure(
        "waktu build satu kegiatan berubah",
        f"{changed.seconds:.2f} dtk (CPU {changed.cpu:.2f} dtk)",
    )
    report.figure("memori puncak", mib(changed.max_rss))
    suffixes = ", ".join(Path(f).suffix for f in new_files) or "-"
    report.figure("berkas baru di cache", f"{len(new_files)} ({suffixes})")
    report.figure("turunan satu foto (+ JPEG sampul)", str(expected_new(bench)))
    return changed, new_files


def expected_new(bench: Bench) -> int:
    """Cache files one new photo adds: one WebP per variant, plus the link-preview JPEG since
    the replaced photo (the first) is its entry's cover."""
    return len(bench.config.long_edges) + 1


def step_plain(bench: Bench, report: Report, plain: Repeated) -> None:
    """[4] The same pages (narratives, listings, navigation) in plain Markdown, no hook, no
    media; and, for reference, the narratives alone (both measured in [2])."""
    print("\n[4] Baseline tanpa media (Markdown biasa, tanpa hook; diukur di [2])", flush=True)
    report.figure(
        f"waktu build tanpa media, halaman sama ({bench.same_pages} halaman, median)",
        f"{plain.seconds:.2f} dtk (CPU {plain.cpu:.2f} dtk)",
    )
    report.figure("memori puncak build tanpa media", mib(plain.max_rss))
    narratives = bench.narratives_only
    assert narratives is not None
    report.figure(
        f"pembanding: narasi saja ({len(bench.plans)} halaman, tanpa halaman daftar, median)",
        f"{narratives.seconds:.2f} dtk (CPU {narratives.cpu:.2f} dtk)",
    )


def step_pillow(bench: Bench, report: Report) -> dict:
    """[5] The plain Pillow loop over the same photos."""
    print(f"\n[5] Baseline Pillow biasa ({os.cpu_count()} thread)", flush=True)
    run, baseline = pillow_baseline(bench.project, bench.logs)
    seconds = baseline.get("seconds", math.nan)
    report.figure("foto diproses", str(baseline.get("photos", "-")))
    report.figure(
        "waktu loop Pillow",
        f"{seconds:.2f} dtk (CPU {baseline.get('cpu', math.nan):.2f} dtk; "
        f"proses anak total {run.seconds:.2f} dtk)",
    )
    report.figure("memori puncak proses Pillow", mib(run.max_rss))
    report.figure("foto/detik Pillow biasa", f"{ratio(baseline.get('photos', 0), seconds):.2f}")
    return baseline


def step_stickers(bench: Bench, report: Report) -> ChildRun:
    """[6] `harmoni stiker` for every activity (PNG and SVG stickers, the A4 sheet)."""
    print("\n[6] Stiker kode QR semua kegiatan (`harmoni stiker`)", flush=True)
    out = bench.work / "stiker"
    shutil.rmtree(out, ignore_errors=True)
    command = [sys.executable, "-m", "harmoni_arsip.cli", "-f", str(bench.project / "mkdocs.yml"),
               "stiker", "--keluaran", str(out)]  # fmt: skip
    run = run_child(command, bench.project, bench.logs / "stiker.log")
    made = len(list(out.glob("*.png"))) if out.is_dir() else 0
    report.figure("stiker", f"{made} PNG, {run.seconds:.2f} dtk (CPU {run.cpu:.2f} dtk)")
    return run


def step_stages(
    bench: Bench, report: Report, cold: ChildRun, plain: Repeated, baseline: dict,
    stickers: ChildRun,
) -> None:  # fmt: skip
    """Where the cold build's CPU time went, and how far its photo stage is from the loop and
    from the floor of the same libraries."""
    print("\nCPU per tahap (build dingin)", flush=True)
    stages = bench.stages
    if not stages:
        report.figure("CPU per tahap", "tidak tersedia (build tidak menulis berkas tahap)")
        return
    counted = sum(stages.values())
    rows = [
        ("foto (turunan WebP)", stages.get("foto", 0.0)),
        ("JPEG sampul (pratinjau tautan)", stages.get("sampul JPEG", 0.0)),
        ("kode QR", stages.get("kode QR", 0.0)),
        ("poster", stages.get("poster", 0.0)),
        ("MkDocs dan tahap lain (sisa)", cold.cpu - counted),
    ]
    for label, seconds in rows:
        report.figure(label, f"{seconds:.2f} dtk CPU ({ratio(seconds, cold.cpu):.1%})")
    report.figure("  di antaranya build tanpa media, halaman sama", f"{plain.cpu:.2f} dtk CPU")
    report.figure("stiker (perintah terpisah, bukan bagian build)", f"{stickers.cpu:.2f} dtk CPU")
    photos = bench.photos
    per_photo = ratio(stages.get("foto", math.nan), photos)
    loop = ratio(baseline.get("cpu", math.nan), baseline.get("photos", 0))
    floor = baseline.get("floor") or {}
    decode_encode = floor.get("decode", math.nan) + floor.get("encode", math.nan)
    with_resize = decode_encode + floor.get("resize", math.nan)
    report.figure(
        f"CPU per foto {bench.options.megapixels:g} MP",
        f"tahap foto {per_photo * 1000:.0f} ms; loop Pillow {loop * 1000:.0f} ms; "
        f"lantai (1 thread): dekode skala DCT {floor.get('decode', math.nan) * 1000:.0f} + "
        f"ubah ukuran {floor.get('resize', math.nan) * 1000:.0f} + "
        f"enkode {floor.get('encode', math.nan) * 1000:.0f} ms",
    )
    report.figure(
        "tahap foto / lantai",
        f"{ratio(per_photo, decode_encode):.2f}× (dekode + enkode), "
        f"{ratio(per_photo, with_resize):.2f}× (dekode + ubah ukuran + enkode); "
        f"loop / lantai {ratio(loop, with_resize):.2f}×",
    )
    share = ratio(stages.get("kode QR", 0.0) + stages.get("poster", 0.0), cold.cpu)
    report.goal(
        "kode QR + poster / CPU build dingin",
        f"{share:.1%}",
        f"≤ {GOAL_CODES_SHARE:.0%}",
        None if math.isnan(share) else share <= GOAL_CODES_SHARE,
    )


def step_half(bench: Bench, report: Report) -> tuple[ChildRun, int] | None:
    """[7] A cold build of a second archive with half the entries."""
    if bench.options.skip_memory_scaling:
        return None
    print("\n[7] Build dingin dengan N/2 kegiatan (skala memori)", flush=True)
    root = bench.work / "arsip-setengah"
    entries = write_half_project(root, bench.project, bench.plans, bench_config())
    run = mkdocs_build(root, bench.logs, "dingin-setengah")
    report.figure(f"waktu build dingin {entries} kegiatan", f"{run.seconds:.2f} dtk")
    report.figure(f"memori puncak {entries} kegiatan", mib(run.max_rss))
    return run, entries


def goal_warm(bench: Bench, report: Report, warm: Repeated, plain: Repeated) -> None:
    """Warm build against the no-media build of the same pages (wall time; CPU time and the
    narratives-only build for reference)."""
    value = ratio(warm.seconds, plain.seconds)
    report.figure("rasio CPU hangat / tanpa media", f"{ratio(warm.cpu, plain.cpu):.2f}")
    if bench.narratives_only is not None:
        report.figure(
            "rasio hangat / narasi saja (tanpa halaman daftar)",
            f"{ratio(warm.seconds, bench.narratives_only.seconds):.2f}",
        )
    report.goal(
        "build hangat / tanpa media",
        f"{value:.2f}",
        f"≤ {GOAL_WARM:.2f}",
        None if math.isnan(value) else value <= GOAL_WARM,
    )


def step_second(bench: Bench, report: Report) -> None:
    """[8] The warm build against the same pages without media at a second archive shape
    (many entries with few photos: the page work dominates), in the same run."""
    if bench.options.second is None:
        return
    entries, photos = bench.options.second
    print(f"\n[8] Arsip kedua: {entries} kegiatan × {photos} foto", flush=True)
    options = dataclasses.replace(bench.options, entries=entries, photos=photos)
    work = bench.work / "kedua"
    project, plans, _ = prepare(options, work)
    pages = write_same_pages_project(work / "tanpa-media", project, plans, bench_config())
    mkdocs_build(project, bench.logs, "kedua-dingin")
    warm, plain = alternating(bench, [
        (project, "kedua-hangat"), (work / "tanpa-media", "kedua-tanpa-media"),
    ])  # fmt: skip
    report.figure(
        f"kedua: hangat / tanpa media ({pages} halaman)",
        f"{warm.seconds:.2f} / {plain.seconds:.2f} dtk; CPU {warm.cpu:.2f} / {plain.cpu:.2f} dtk",
    )
    report.figure("kedua: rasio CPU hangat / tanpa media", f"{ratio(warm.cpu, plain.cpu):.2f}")
    value = ratio(warm.seconds, plain.seconds)
    report.goal(
        f"build hangat / tanpa media ({entries} × {photos})",
        f"{value:.2f}",
        f"≤ {GOAL_WARM:.2f}",
        None if math.isnan(value) else value <= GOAL_WARM,
    )


def goal_changed(bench: Bench, report: Report, run: ChildRun, new_files: list[str]) -> None:
    """New cache files after one photo changed: exactly that photo's derivatives."""
    expected = expected_new(bench)
    report.goal(
        "berkas cache baru (satu foto diganti)",
        f"{len(new_files)} vs {expected}, {run.seconds:.2f} dtk",
        f"= {expected}",
        run.ok and len(new_files) == expected,
    )


def goal_throughput(
    bench: Bench, report: Report, cold: ChildRun, plain: Repeated, baseline: dict
) -> None:
    """Image throughput of the pipeline against the plain Pillow loop."""
    pipeline = ratio(bench.photos, cold.seconds - plain.seconds)
    pillow = ratio(baseline.get("photos", 0), baseline.get("seconds", math.nan))
    report.figure(
        "rumus throughput pipeline",
        "foto / (waktu build dingin − waktu build tanpa media) = "
        f"{bench.photos} / ({cold.seconds:.2f} − {plain.seconds:.2f}) "
        f"= {pipeline:.2f} foto/dtk",
    )
    cpu_pipeline = ratio(bench.photos, cold.cpu - plain.cpu)
    cpu_pillow = ratio(baseline.get("photos", 0), baseline.get("cpu", math.nan))
    report.figure(
        "throughput per detik CPU (pipeline / Pillow)",
        f"{cpu_pipeline:.2f} / {cpu_pillow:.2f} = {ratio(cpu_pipeline, cpu_pillow):.2f}",
    )
    megapixels = f"{bench.options.megapixels:g} MP"
    value = ratio(pipeline, pillow)
    report.goal(
        f"throughput pipeline / Pillow biasa ({megapixels}, waktu dinding)",
        f"{value:.2f}",
        f"≥ {GOAL_THROUGHPUT:.2f}",
        None if math.isnan(value) else value >= GOAL_THROUGHPUT,
    )
    per_cpu = ratio(cpu_pipeline, cpu_pillow)
    report.goal(
        f"throughput pipeline / Pillow biasa ({megapixels}, per detik CPU)",
        f"{per_cpu:.2f}",
        f"≥ {GOAL_THROUGHPUT:.2f}",
        None if math.isnan(per_cpu) else per_cpu >= GOAL_THROUGHPUT,
    )


def goal_memory(bench: Bench, report: Report, cold: ChildRun, half) -> None:
    """Peak memory of the cold build at N against N/2 entries."""
    if half is None:
        report.goal("memori puncak N / N/2", f"{mib(cold.max_rss)} (N/2 dilewati)", "≈ 1", None)
        return
    run, entries = half
    value = ratio(cold.max_rss, run.max_rss)
    report.goal(
        f"memori puncak {bench.options.entries} / {entries} kegiatan",
        f"{mib(cold.max_rss)} / {mib(run.max_rss)} = {value:.2f}",
        f"≈ 1 (≤ {GOAL_MEMORY:.2f})",
        None if math.isnan(value) else value <= GOAL_MEMORY,
    )


def load_note() -> None:
    """Warn when other processes compete for the CPU: wall-time ratios are then unreliable."""
    load = os.getloadavg()[0]
    cores = os.cpu_count() or 1
    note = " — mesin sibuk, rasio waktu dinding kurang andal" if load > cores * 0.75 else ""
    print(f"  beban CPU (1 menit): {load:.2f} pada {cores} inti{note}", flush=True)


def measure(options: Options, work: Path) -> Report:
    """Generate, build, compare; prints every figure and returns the goals."""
    report = Report()
    load_note()
    project, plans, bases = prepare(options, work)
    config = archive_config(load_yaml(project / "mkdocs.yml"))
    bench = Bench(options, work, project, plans, bases, config)
    bench.same_pages = write_same_pages_project(
        work / "tanpa-media", project, plans, bench_config()
    )
    write_plain_project(work / "narasi-saja", plans, bench_config())
    cold = step_cold(bench, report)
    warm, plain = step_warm(bench, report)
    changed, new_files = step_changed(bench, report)
    step_plain(bench, report, plain)
    baseline = step_pillow(bench, report)
    stickers = step_stickers(bench, report)
    half = step_half(bench, report)
    print("\nRasio dan target", flush=True)
    load_note()
    goal_warm(bench, report, warm, plain)
    goal_changed(bench, report, changed, new_files)
    goal_throughput(bench, report, cold, plain, baseline)
    step_stages(bench, report, cold, plain, baseline, stickers)
    goal_memory(bench, report, cold, half)
    step_second(bench, report)
    return report


def print_table(report: Report, options: Options, seconds: float) -> None:
    """The final summary table."""
    header = ("Target", "Hasil", "Batas", "Status")
    widths = [max(len(row[i]) for row in [header, *report.rows]) for i in range(4)]
    line = "-+-".join("-" * w for w in widths)
    print(
        f"\nRINGKASAN ({options.entries} kegiatan × {options.photos} foto × "
        f"{options.megapixels:g} MP, {os.cpu_count()} inti, {seconds:.0f} dtk total)"
    )
    for row in [header, None, *report.rows]:
        cells = zip(row, widths, strict=True) if row else []
        print(" | ".join(c.ljust(w) for c, w in cells).rstrip() if row else line)


def workspace(options: Options) -> tuple[Path, bool]:
    """The working folder and whether to delete it afterwards."""
    if options.workdir is None:
        return Path(tempfile.mkdtemp(prefix="harmoni-bench-")), True
    for name in ("arsip", "arsip-setengah", "tanpa-media", "narasi-saja", "kedua", "log"):
        shutil.rmtree(options.workdir / name, ignore_errors=True)
    options.workdir.mkdir(parents=True, exist_ok=True)
    return options.workdir, False


def real_photo_mode(folder: Path, work: Path) -> int:
    """Build the demo with 30 real photos on one page; print build times, bytes and quality."""
    photos = foto_nyata.real_photos(folder)
    project, entry = foto_nyata.demo_project(work)
    sources = foto_nyata.fill_entry(entry, photos)
    print(f"{len(photos)} foto nyata dari {folder}, dipakai bergiliran: {len(sources)} foto")
    logs = work / "log"
    logs.mkdir(exist_ok=True)
    cold = mkdocs_build(project, logs, "foto-nyata-dingin")
    warm = mkdocs_build(project, logs, "foto-nyata-hangat")
    print(f"Build dingin {cold.seconds:.1f} s (puncak memori {mib(cold.max_rss)}), "
          f"build hangat {warm.seconds:.1f} s")  # fmt: skip
    page = next(p.parent for p in (project / "site" / "k").glob("*/index.html")
                if any(p.parent.glob("foto-30-*")))  # fmt: skip
    figures = foto_nyata.measure(page, sources)
    print("\n".join(foto_nyata.report_lines(figures)))
    load_note()
    return 0


def main(argv: list[str]) -> int:
    """Run the benchmark (or, internally, the Pillow baseline worker); always 0."""
    options, args = parse_options(argv)
    if args.pillow_worker:
        pillow_worker(Path(args.pillow_worker[0]), Path(args.pillow_worker[1]))
        return 0
    work, temporary = workspace(options)
    print(f"Folder kerja: {work}", flush=True)
    started = time.perf_counter()
    try:
        if args.foto_nyata:
            return real_photo_mode(args.foto_nyata, work)
        report = measure(options, work)
        print_table(report, options, time.perf_counter() - started)
    finally:
        if temporary:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
