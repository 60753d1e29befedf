"""Real photos for the measuring scripts (audit_lighthouse.py, benchmark.py): an activity page of
30 real phone or camera photos, the bytes every published photo costs, and its quality.

Quality is SSIM (Wang et al. 2004: 11×11 Gaussian window, σ 1.5, K1 0.01, K2 0.03) on the luma
channel (Pillow's "L", ITU-R 601 weights) of each published image against a lossless LANCZOS
resize of the upright original to the same pixel size; 1.0 means identical. It judges encoding
at a given size, not the choice of sizes.

The photos are read where they are (by default the shared test photos beside the checkout) and
copied only into the temporary project the script builds, never into the repository. A folder
with fewer photos than the page needs is used in turn (the shared folder has 18: two scenes, each
with the nine EXIF orientations).
"""

from __future__ import annotations

import re
import shutil
import statistics
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml
from PIL import Image, ImageOps

REPO = Path(__file__).resolve().parents[1]
DEFAULT_FOLDER = REPO.parent / "shared" / "testdata" / "exif-orientation"
PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")
PHOTO_COUNT = 30
MANY_PHOTOS_ENTRY = "2024-06-25-peluncuran-harmoni"
"""The demo activity that gets the 30 photos."""
BYTES_GOAL = 200 * 1024
"""All published variants of a photo together, on average (issue 13)."""
_PUBLISHED = re.compile(r"^(foto-\d+)-(\w+)\.(webp|jpg)$")


def real_photos(folder: Path) -> list[Path]:
    """The photos of `folder`, sorted; stops with a message when there are none."""
    photos = sorted(p for p in folder.iterdir() if p.suffix.lower() in PHOTO_SUFFIXES)
    if not photos:
        raise SystemExit(f"Tidak ada foto (JPEG, PNG, WebP) di {folder}")
    return photos


def demo_project(work: Path) -> tuple[Path, Path]:
    """A copy of the demo project in `work`, wired to the real hook file; returns it and the
    folder of the activity that gets many photos."""
    project = work / "proyek"
    shutil.copytree(REPO / "docs", project / "docs")
    shutil.copytree(REPO / "kegiatan", project / "kegiatan")
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text("utf-8"))
    config["hooks"] = [str(REPO / "hooks" / "harmoni.py")]
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    return project, next((project / "kegiatan").rglob(MANY_PHOTOS_ENTRY))


def fill_entry(entry_folder: Path, photos: list[Path], count: int = PHOTO_COUNT) -> list[Path]:
    """Replace an entry folder's photos by `count` real ones (foto-01 …), taking `photos` in
    turn, all in its gallery; returns the source of each, in gallery order."""
    for old in entry_folder.glob("foto-*"):
        old.unlink()
    sources = [photos[i % len(photos)] for i in range(count)]
    for number, source in enumerate(sources, start=1):
        shutil.copyfile(source, entry_folder / f"foto-{number:02d}{source.suffix.lower()}")
    list_gallery(entry_folder)
    return sources


def list_gallery(entry_folder: Path) -> None:
    """List every photo of the folder (foto-*, by name) under the entry's `keterangan`, which
    is its gallery: a caption kept where the photo had one, a plain one otherwise."""
    index = entry_folder / "index.md"
    _, header, body = index.read_text("utf-8").split("---\n", 2)
    front = yaml.safe_load(header)
    old = front.get("keterangan") or []
    captions = {item["berkas"]: item["teks"] for item in old} if isinstance(old, list) else old
    names = sorted(p.name for p in entry_folder.glob("foto-*"))
    front["keterangan"] = [
        {"berkas": name, "teks": captions.get(name) or f"Dokumentasi kegiatan, foto {n}."}
        for n, name in enumerate(names, start=1)
    ]
    header = yaml.safe_dump(front, allow_unicode=True, sort_keys=False)
    index.write_text(f"---\n{header}---\n{body}", "utf-8")


# -- quality -----------------------------------------------------------------------------------


def _gaussian(size: int = 11, sigma: float = 1.5) -> np.ndarray:
    x = np.arange(size) - size // 2
    kernel = np.exp(-(x**2) / (2 * sigma**2))
    return kernel / kernel.sum()


_KERNEL = _gaussian()


def _blur(a: np.ndarray) -> np.ndarray:
    """The Gaussian window over `a`, "valid" part only (separable: rows, then columns)."""
    n = len(_KERNEL)
    rows = sum(_KERNEL[i] * a[:, i : a.shape[1] - n + 1 + i] for i in range(n))
    return sum(_KERNEL[i] * rows[i : rows.shape[0] - n + 1 + i, :] for i in range(n))


def ssim(reference: Image.Image, test: Image.Image) -> float:
    """Mean SSIM of the luma channels of two images of one size."""
    x = np.asarray(reference.convert("L"), dtype=np.float64)
    y = np.asarray(test.convert("L"), dtype=np.float64)
    c1, c2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2
    mx, my = _blur(x), _blur(y)
    vx, vy, cxy = _blur(x * x) - mx * mx, _blur(y * y) - my * my, _blur(x * y) - mx * my
    num = (2 * mx * my + c1) * (2 * cxy + c2)
    return float((num / ((mx * mx + my * my + c1) * (vx + vy + c2))).mean())


def upright(path: Path) -> Image.Image:
    """The whole original, upright, in RGB (no draft decoding: the reference is lossless)."""
    with Image.open(path) as image:
        return ImageOps.exif_transpose(image).convert("RGB")


# -- published photos --------------------------------------------------------------------------


@dataclass(frozen=True)
class PublishedFile:
    """One published derivative of a gallery photo."""

    path: Path
    stem: str
    """`foto-07`: which photo."""
    label: str
    """`320`, `1280`, `bagikan` (the link-preview JPEG)."""


@dataclass(frozen=True)
class PhotoFigures:
    """Bytes and quality of the published derivatives of real photos."""

    photos: int
    """Distinct source photos measured."""
    per_photo: float
    """Mean bytes of all WebP derivatives of one photo."""
    per_photo_with_share: float
    """The same, plus the page's link-preview JPEG shared out over its photos."""
    cover: int
    """Bytes of everything published for the cover photo (its WebP files and its JPEG)."""
    by_label: dict[str, tuple[float, float]]
    """Label → (mean bytes, mean SSIM)."""
    quality: float
    """Mean SSIM over every derivative."""
    worst: float
    """The lowest SSIM of any derivative."""


def published_files(page_folder: Path) -> list[PublishedFile]:
    """The gallery photos' derivatives in an activity page's folder."""
    found = []
    for path in sorted(page_folder.iterdir()):
        match = _PUBLISHED.match(path.name)
        if match:
            found.append(PublishedFile(path, match[1], match[2]))
    return found


def measure(page_folder: Path, sources: list[Path]) -> PhotoFigures:
    """Bytes and SSIM of what an activity page built from `sources` publishes per photo."""
    files = published_files(page_folder)
    by_stem: dict[str, list[PublishedFile]] = defaultdict(list)
    for item in files:
        by_stem[item.stem].append(item)
    first_of: dict[Path, str] = {}  # each source once: the page may show a photo twice
    for number, source in enumerate(sources, start=1):
        first_of.setdefault(source, f"foto-{number:02d}")
    measured = [by_stem[stem] for stem in first_of.values() if by_stem[stem]]
    webp = [sum(f.path.stat().st_size for f in group if f.label != "bagikan") for group in measured]
    shares = sum(f.path.stat().st_size for f in files if f.label == "bagikan")
    cover = sum(f.path.stat().st_size for f in by_stem.get("foto-01", []))
    scores, sizes = _quality(measured, {stem: src for src, stem in first_of.items()})
    by_label = {
        label: (statistics.fmean(sizes[label]), statistics.fmean(scores[label]))
        for label in sorted(scores, key=_label_order)
    }
    every = [s for values in scores.values() for s in values]
    return PhotoFigures(
        photos=len(measured),
        per_photo=statistics.fmean(webp),
        per_photo_with_share=statistics.fmean(webp) + shares / len(sources),
        cover=cover,
        by_label=by_label,
        quality=statistics.fmean(every),
        worst=min(every),
    )


def _quality(groups: list[list[PublishedFile]], source_of: dict[str, Path]):
    """SSIM and bytes of every derivative, by label."""
    scores: dict[str, list[float]] = defaultdict(list)
    sizes: dict[str, list[int]] = defaultdict(list)
    for group in groups:
        original = upright(source_of[group[0].stem])
        for item in group:
            with Image.open(item.path) as published:
                published.load()
                reference = original.resize(published.size, Image.Resampling.LANCZOS)
                scores[item.label].append(ssim(reference, published))
            sizes[item.label].append(item.path.stat().st_size)
    return scores, sizes


def _label_order(label: str) -> tuple[int, str]:
    return (int(label), "") if label.isdigit() else (10**9, label)


def report_lines(figures: PhotoFigures) -> list[str]:
    """The figures as the scripts print them (Indonesian, like their other output)."""
    ok = "OK" if figures.per_photo <= BYTES_GOAL else "TIDAK TERCAPAI"
    lines = [
        f"Foto nyata: {figures.photos} foto berbeda. Terbit per foto (semua ukuran WebP): "
        f"{figures.per_photo / 1024:.0f} KiB rata-rata, sasaran ≤ 200 KiB: {ok}",
        f"  dengan JPEG pratinjau sampul dibagi rata: {figures.per_photo_with_share / 1024:.0f} "
        f"KiB; foto sampul sendiri: {figures.cover / 1024:.0f} KiB",
        f"  mutu (SSIM luma terhadap perkecilan LANCZOS tanpa kompresi dari foto asli): "
        f"rata-rata {figures.quality:.4f}, terendah {figures.worst:.4f}",
    ]
    for label, (size, score) in figures.by_label.items():
        lines.append(f"  {label:>8}: {size / 1024:6.1f} KiB  SSIM {score:.4f}")
    return lines
