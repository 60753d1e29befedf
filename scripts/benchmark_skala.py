"""Measure the archive at its ten-year target: 10,000 activities × 20 photos on a media host.

The archive is generated with scripts/benchmark.py's generator; its photos are small generated
JPEGs (unique bytes each), recorded in a pre-filled media manifest as if they were photos of the
size of a real one, so no build does image work for them. What each photo's files are called and
weigh is taken from one real photo of ../shared/testdata derived by the archive itself. A real S3
server (SeaweedFS, `weed mini` from the test extra) on 127.0.0.1 holds the manifest; the
archive's git repository is served from a bare repository over file:// (partial clones need it).

The script then runs the publishing workflow (`.github/workflows/terbitkan.yml`) twice, as a fresh
runner would, each step as its own process:

1. **the previous publish**: a fresh partial, sparse clone (`--filter=blob:none`, no photos) at
   `runner/`, without any cache (with `--pakai-ulang`, the cache the last run kept): the build
   job's steps `harmoni ambil-foto`, `harmoni unggah-media`, `mkdocs build --strict`, then one
   more `mkdocs build --strict` with nothing changed: the **warm build**. Its `.cache/harmoni` is
   kept, as the workflow's cache step saves it;
2. **one new activity**: staff save an activity with real photos (crops of ../shared/testdata,
   imported by `harmoni baru --foto`) and no id, as the web editor does, and push. The workflow's
   two jobs follow on fresh runners, each getting the kept cache back (as actions/cache restores
   it): `beri-id` (a partial clone with its whole history, `.github/scripts/beri-id.sh`: id,
   check, registry, commit, push), then the build job above at the same path. The new photos
   are the only ones fetched, derived and uploaded.

It prints each step's wall and CPU time, the warm build, the new activity end to end (both jobs,
from the first clone to the last build), and the bytes and files of each tier: the static site
(what GitHub Pages hosts) and the media host (from the manifest, at the real photo's bytes per
file), against the goals of issue 22: warm build ≤ 60 s, one new activity ≤ 5 minutes, static
tier ≤ 1 GB.

Usage: .venv/bin/python scripts/benchmark_skala.py [--aktivitas 10000] [--foto 20]
           [--folder DIR] [--pakai-ulang]
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import benchmark
import yaml
from PIL import Image

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO / "hooks"), str(REPO / "tests")]

from harmoni_arsip.git_files import blob_id  # noqa: E402
from harmoni_arsip.media.hosted import IDENTITY, MANIFEST_KEY, manifest_document  # noqa: E402
from s3_lokal import S3Server, seaweedfs  # noqa: E402

REAL_PHOTOS = REPO.parent / "shared" / "testdata" / "exif-orientation"
TEMPLATE = ("Landscape_1.jpg", "Landscape_2.jpg")
"""Two real photos of one upright size: the first is an activity's cover, the second is not."""
TINY = (48, 32)
"""Pixels of a generated photo (its bytes only need to be unique)."""
SPARSE = ["/*"] + [f"!/kegiatan/**/*.{s}" for s in (
    "[jJ][pP][gG]", "[jJ][pP][eE][gG]", "[pP][nN][gG]", "[wW][eE][bB][pP]", "[hH][eE][iI][cCfF]",
    "[mM][pP]4", "[wW][eE][bB][mM]", "[mM]4[vV]")]  # fmt: skip
"""terbitkan.yml's sparse checkout: everything but photos and videos."""
HARMONI = str(Path(sys.executable).with_name("harmoni"))
BUILD = [sys.executable, "-m", "mkdocs", "build", "-q", "--strict"]
GOAL_WARM = 60.0
GOAL_NEW = 300.0
GOAL_STATIC = 10**9


@dataclass(frozen=True)
class Template:
    """What one real photo becomes: its upright size, and per derived file (the name after the
    photo's identity) its bytes, for a cover and for any other photo."""

    size: tuple[int, int]
    cover: dict[str, int]
    other: dict[str, int]


@dataclass
class Step:
    name: str
    seconds: float
    cpu: float


@dataclass
class Run:
    """One publish, step by step."""

    steps: list[Step]

    def total(self) -> float:
        return sum(s.seconds for s in self.steps)


# -- the template photo ----------------------------------------------------------------------


def derive_template(work: Path) -> Template:
    """Build a one-activity archive with the two real photos and read their derived files."""
    project = work / "templat"
    shutil.rmtree(project, ignore_errors=True)
    config = benchmark.bench_config()
    benchmark.write_project(project, config)
    folder = project / "kegiatan" / "2024" / "2024-05-02-templat"
    folder.mkdir(parents=True)
    names = [f"foto-{n + 1:02d}.jpg" for n in range(len(TEMPLATE))]
    for name, source in zip(names, TEMPLATE, strict=True):
        shutil.copyfile(REAL_PHOTOS / source, folder / name)
    front = {"id": "templat-0001", "title": "Templat foto nyata", "date": datetime.date(2024, 5, 2),
             "kategori": next(iter(config["extra"]["harmoni"]["kategori"])),
             "keterangan": [{"berkas": n, "teks": "Foto nyata."} for n in names]}  # fmt: skip
    text = yaml.safe_dump(front, allow_unicode=True, sort_keys=False)
    (folder / "index.md").write_text(f"---\n{text}---\n\nNarasi.\n", "utf-8")
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=project, check=True,
                   env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})  # fmt: skip
    derived = [p for p in (project / ".cache").rglob("*") if p.is_file()]
    files = []
    for source in TEMPLATE:
        identity = hashlib.sha256((REAL_PHOTOS / source).read_bytes()).hexdigest()[:IDENTITY]
        files.append({p.name[IDENTITY:]: p.stat().st_size for p in derived
                      if p.name.startswith(identity)})  # fmt: skip
    with Image.open(REAL_PHOTOS / TEMPLATE[0]) as image:
        size = image.size
    if not files[1] or set(files[1]) - set(files[0]):
        raise SystemExit(f"templat foto tidak seperti yang diharapkan: {files}")
    return Template(size, files[0], files[1])


# -- the generated archive -------------------------------------------------------------------


def tiny_photo(number: int) -> bytes:
    """A small JPEG whose bytes no other photo of the archive has."""
    colour = ((number * 37) % 256, (number * 91) % 256, (number * 53) % 256)
    out = io.BytesIO()
    Image.new("RGB", TINY, colour).save(out, "JPEG", quality=80, comment=b"bench %d" % number)
    return out.getvalue()


def generate(project: Path, entries: int, photos: int, template: Template) -> dict[str, dict]:
    """The archive's entries and photos; returns the manifest rows of every photo."""
    config = benchmark.bench_config()
    benchmark.write_project(project, config)
    options = benchmark.Options(entries, photos, 0.5, None, 1, True)
    archive = benchmark.archive_config(config)
    plans = benchmark.plan_entries(options, archive, project)
    benchmark.write_entries(plans, archive)
    rows: dict[str, dict] = {}
    for plan in plans:
        for position, job in enumerate(plan.photos):
            data = tiny_photo(job.number)
            job.path.write_bytes(data)
            files = template.cover if position == 0 else template.other
            rows[hashlib.sha256(data).hexdigest()[:IDENTITY]] = {
                "width": template.size[0], "height": template.size[1],
                "files": sorted(files), "git": blob_id(data),
            }  # fmt: skip
        if plan.entry_id.endswith("000"):
            print(f"  {plan.entry_id}: {number(len(rows))} foto", flush=True)
    return rows


def set_media_host(project: Path, server: S3Server) -> None:
    """Point the archive's media settings at this run's S3 server."""
    path = project / "mkdocs.yml"
    config = yaml.safe_load(path.read_text("utf-8"))
    config["extra"]["harmoni"]["media"] = {
        "url": server.public_url,
        "s3": {"endpoint": server.endpoint, "bucket": server.bucket, "region": "us-east-1"},
    }
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), "utf-8")


def git(folder: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True, text=True)
    return done.stdout.strip()


def commit_all(folder: Path, message: str) -> None:
    git(folder, "add", "-A")
    git(folder, "-c", "user.name=Benchmark", "-c", "user.email=benchmark@harmoni.invalid",
        "commit", "-q", "-m", message)  # fmt: skip


def put_manifest(server: S3Server, rows: dict[str, dict]) -> int:
    """Write the pre-filled manifest into the bucket (the uploader's keys); its bytes."""
    import obstore
    from obstore.store import S3Store

    store = S3Store(server.bucket, endpoint=server.endpoint, access_key_id=server.key_id,
                    secret_access_key=server.secret, region="us-east-1",
                    client_options={"allow_http": True})  # fmt: skip
    document = manifest_document(rows)
    obstore.put(store, MANIFEST_KEY, document)
    return len(document)


# -- the publishing workflow -----------------------------------------------------------------


def step(run: Run, name: str, command: list[str], cwd: Path, logs: Path,
         env: dict[str, str] | None = None) -> None:  # fmt: skip
    """Run one workflow step as its own process; stop the benchmark if it fails."""
    result = benchmark.run_child(command, cwd, logs / f"{name}.log", env)
    run.steps.append(Step(name, result.seconds, result.cpu))
    print(f"  {name:38} {result.seconds:7.1f} dtk  (CPU {result.cpu:6.1f} dtk)", flush=True)
    if not result.ok:
        tail = result.log.read_text("utf-8", "replace").splitlines()[-20:]
        raise SystemExit(f"langkah `{name}` gagal; log: {result.log}\n" + "\n".join(tail))


def fresh_clone(run: Run, origin: Path, runner: Path, logs: Path, history: bool = False) -> None:
    """The workflow's checkout: partial (no blobs), sparse (no photos), depth 1 (the whole
    history with `history`)."""
    shutil.rmtree(runner, ignore_errors=True)
    runner.parent.mkdir(parents=True, exist_ok=True)
    depth = "" if history else "--depth 1 "
    script = (
        f"git clone -q --filter=blob:none --no-checkout {depth}file://{origin} {runner} && "
        f"cd {runner} && git sparse-checkout set --no-cone {' '.join(repr(p) for p in SPARSE)} "
        "&& git checkout -q main"
    )
    bash = shutil.which("bash") or "/bin/bash"
    step(run, "checkout sebagian", [bash, "-c", script], runner.parent, logs)


def restore_cache(run: Run, saved: Path, runner: Path) -> None:
    """What actions/cache restores: the previous publish's `.cache/harmoni`."""
    started = time.perf_counter()
    shutil.copytree(saved, runner / ".cache" / "harmoni", symlinks=True)
    seconds = time.perf_counter() - started
    run.steps.append(Step("pulihkan cache", seconds, 0.0))
    size = sum(p.stat().st_size for p in saved.rglob("*") if p.is_file())
    print(f"  {'pulihkan cache (' + mb(size) + ')':38} {seconds:7.1f} dtk", flush=True)


def publish(run: Run, runner: Path, logs: Path, server: S3Server) -> None:
    """The build job's steps after the checkout, as terbitkan.yml runs them."""
    step(run, "harmoni ambil-foto", [HARMONI, "ambil-foto"], runner, logs)
    step(run, "harmoni unggah-media", [HARMONI, "unggah-media", "--bila-diatur"], runner, logs,
         server.environment())  # fmt: skip
    step(run, "mkdocs build --strict", BUILD, runner, logs)


def camera_folder(folder: Path, count: int) -> Path:
    """`count` different real photos, as from a phone: crops of the real test photos (the
    shared folder has two scenes only, each in nine orientations)."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for number in range(count):
        with Image.open(REAL_PHOTOS / ("Landscape_1.jpg", "Portrait_1.jpg")[number % 2]) as image:
            width, height = image.size
            left, top = (number * 13) % (width // 10), (number * 7) % (height // 10)
            crop = image.crop((left, top, left + width * 9 // 10, top + height * 9 // 10))
            crop.save(folder / f"IMG_{number + 1:04d}.jpg", quality=92)
    return folder


def write_activity(index: Path) -> None:
    """What staff type into the new entry: the narrative and every photo's caption."""
    front, _, placeholder = index.read_text("utf-8").removeprefix("---\n").partition("\n---\n")
    captions = iter(range(1, 1000))
    front = re.sub(r"teks:$", lambda _: f"teks: Peserta berlatih, foto ke-{next(captions)}.",
                   front, flags=re.MULTILINE)  # fmt: skip
    narrative = ("Pelatihan pengelolaan BUMDes diikuti pengurus dari desa binaan. Peserta "
                 "menyusun rencana usaha dan laporan keuangan sederhana.\n")  # fmt: skip
    index.write_text(f"---\n{front}\n---\n\n{narrative}", "utf-8")


def add_activity(project: Path, photos: int, work: Path, logs: Path) -> None:
    """What staff do in the web editor: a new activity with real photos, its narrative and
    captions, saved without an id (the workflow's id job gives it one), pushed."""
    run = Run([])
    camera = camera_folder(work / "kamera", photos)
    step(run, "harmoni baru --foto (staf)", [HARMONI, "baru", "--ya", "--judul",
         "Pelatihan pengelolaan BUMDes (kegiatan baru)", "--tanggal", "2026-11-30",
         "--kategori", "1", "--foto", str(camera)], project, logs)  # fmt: skip
    index = next((project / "kegiatan").rglob("*-kegiatan-baru/index.md"))
    write_activity(index)
    text = index.read_text("utf-8")
    index.write_text(re.sub(r"^id: .*$", "id: ''", text, count=1, flags=re.MULTILINE), "utf-8")
    commit_all(project, "Tambah kegiatan (editor web)")
    git(project, "push", "-q", "origin", "main")


def id_job(run: Run, origin: Path, runner: Path, saved: Path, logs: Path) -> None:
    """terbitkan.yml's `beri-id` job: a partial clone with its whole history, the cache, then
    .github/scripts/beri-id.sh (ids, the check, the registry, commit and push)."""
    fresh_clone(run, origin, runner, logs, history=True)
    restore_cache(run, saved, runner)
    env = {"BRANCH": "main", "GITHUB_OUTPUT": str(logs / "github-output"),
           "PATH": f"{Path(HARMONI).parent}{os.pathsep}{os.environ['PATH']}"}  # fmt: skip
    script = str(REPO / ".github" / "scripts" / "beri-id.sh")
    step(run, "beri-id.sh", [shutil.which("bash") or "/bin/bash", script], runner, logs, env)


# -- figures ---------------------------------------------------------------------------------


def number(value: float, decimals: int = 0) -> str:
    """A number as Indonesian writes it: 1.234,5."""
    return f"{value:,.{decimals}f}".replace(",", "_").replace(".", ",").replace("_", ".")


def mb(size: float) -> str:
    return f"{number(size / 1e6, 1)} MB"


def hosted_photos(site: Path, media_url: str) -> tuple[int, int, int]:
    """The new activity's gallery images on the media host and in all, and photo files the
    static site publishes itself (only the guides' own screenshots should remain)."""
    page = next(p for p in (site / "k").rglob("index.html") if "kegiatan baru" in p.read_text())
    sources = re.findall(r'<img[^>]* src="([^"]+)"', page.read_text("utf-8"))
    photos = [src for src in sources if "logo" not in src and "qr" not in src]
    local = [p for p in site.rglob("*.webp") if "panduan" not in p.parts]
    return sum(src.startswith(media_url) for src in photos), len(photos), len(local)


def tree_size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def media_tier(rows: dict[str, dict], template: Template) -> tuple[int, int]:
    """Objects and bytes on the media host, at the real photo's bytes per derived file."""
    sizes = {**template.other, **template.cover}
    files = [name for row in rows.values() for name in row["files"]]
    return len(files), sum(sizes[name] for name in files)


def verdict(value: float, goal: float) -> str:
    return "TERCAPAI" if value <= goal else "BELUM"


# -- main ------------------------------------------------------------------------------------


def prepare(
    work: Path, entries: int, photos: int, reuse: bool, server: S3Server
) -> tuple[Path, Template, dict]:  # fmt: skip
    """The generated archive with its registry, committed, its media host this run's server;
    reused when asked and present."""
    project, done = work / "asal", work / "asal.selesai"
    template = derive_template(work)
    if reuse and done.is_file():
        print(f"memakai arsip yang sudah dibuat di {project}", flush=True)
        git(project, "reset", "-q", "--hard", done.read_text().strip())
        rows = json.loads((work / "baris-manifest.json").read_text("utf-8"))
        put_manifest(server, rows)
        set_media_host(project, server)
        commit_all(project, "Host media")
        return project, template, rows
    shutil.rmtree(project, ignore_errors=True)
    started = time.perf_counter()
    rows = generate(project, entries, photos, template)
    seconds = time.perf_counter() - started
    print(f"arsip dibuat: {number(len(rows))} foto dalam {seconds:.0f} dtk", flush=True)
    (work / "baris-manifest.json").write_text(json.dumps(rows), "utf-8")
    print(f"manifest media terisi: {number(len(rows))} foto ({mb(put_manifest(server, rows))})")
    set_media_host(project, server)
    shutil.copyfile(REPO / ".gitignore", project / ".gitignore")
    git(project, "init", "-q", "-b", "main")
    step(Run([]), "harmoni daftarkan (sekali, arsip dibuat)", [HARMONI, "daftarkan"], project,
         work / "log")  # fmt: skip
    commit_all(project, "Arsip, host media dan daftar terbit")
    done.write_text(git(project, "rev-parse", "HEAD"))
    return project, template, rows


def serve_repository(work: Path, project: Path) -> Path:
    """The archive's repository as GitHub would hold it: bare, partial clones allowed."""
    origin = work / "origin.git"
    shutil.rmtree(origin, ignore_errors=True)
    git(work, "clone", "-q", "--bare", str(project), str(origin))
    git(origin, "config", "uploadpack.allowFilter", "true")
    git(origin, "config", "uploadpack.allowAnySHA1InWant", "true")
    with contextlib.suppress(subprocess.CalledProcessError):
        git(project, "remote", "remove", "origin")
    git(project, "remote", "add", "origin", str(origin))
    return origin


def measure(work: Path, entries: int, photos: int, reuse: bool) -> None:
    logs = work / "log"
    shutil.rmtree(work / "seaweedfs", ignore_errors=True)
    with seaweedfs(work / "seaweedfs") as server:
        project, template, rows = prepare(work, entries, photos, reuse, server)
        origin = serve_repository(work, project)
        runner, saved = work / "runner" / "arsip", work / "cache-tersimpan"
        cached = reuse and saved.is_dir()

        cache = "cache pengukuran lalu" if cached else "tanpa cache"
        print(f"\n1. penerbitan sebelumnya (runner baru, {cache}):", flush=True)
        first = Run([])
        fresh_clone(first, origin, runner, logs / "1")
        if cached:
            restore_cache(first, saved, runner)
        publish(first, runner, logs / "1", server)
        step(first, "mkdocs build --strict (lagi, hangat)", BUILD, runner, logs / "1")
        shutil.rmtree(saved, ignore_errors=True)
        shutil.move(runner / ".cache" / "harmoni", saved)
        static_files, static_bytes = tree_size(runner / "site")

        print("\n2. satu kegiatan baru (disimpan dari editor web, tanpa id):", flush=True)
        add_activity(project, photos, work, logs / "2")
        second = Run([])
        print("  job beri-id:", flush=True)
        id_job(second, origin, work / "runner-id" / "arsip", saved, logs / "2-id")
        print("  job bangun:", flush=True)
        fresh_clone(second, origin, runner, logs / "2")
        restore_cache(second, saved, runner)
        publish(second, runner, logs / "2", server)
        media_files, media_bytes = media_tier(rows, template)
        hosted, photos_shown, local = hosted_photos(runner / "site", server.public_url)

    warm = first.steps[-1].seconds
    new = second.total()
    print("\nhasil:")
    print(f"  pembangunan hangat (tanpa perubahan): {warm:.1f} dtk (sasaran ≤ {GOAL_WARM:.0f}) "
          f"→ {verdict(warm, GOAL_WARM)}")  # fmt: skip
    print(f"  satu kegiatan baru, job beri-id + bangun di runner baru, dari checkout sampai "
          f"pembangunan terakhir: {new:.0f} dtk (sasaran ≤ {GOAL_NEW:.0f}) "
          f"→ {verdict(new, GOAL_NEW)}")  # fmt: skip
    print(f"  tingkat statis (situs): {mb(static_bytes)} dalam {number(static_files)} berkas "
          f"(sasaran ≤ 1 GB) → {verdict(static_bytes, GOAL_STATIC)}")  # fmt: skip
    print(f"  tingkat media (bucket, perkiraan dari foto nyata): {number(media_bytes / 1e9, 1)} "
          f"GB dalam {number(media_files)} objek")  # fmt: skip
    print(f"  foto galeri kegiatan baru dari host media: {hosted}/{photos_shown}; foto olahan "
          f"yang terbit di situs statis: {local}")  # fmt: skip
    print(f"  pembangunan pertama di runner baru (penerbitan 1): {first.steps[-2].seconds:.0f} dtk")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--aktivitas", type=int, default=10000, help="jumlah kegiatan (10000)")
    parser.add_argument("--foto", type=int, default=20, help="foto per kegiatan (20)")
    parser.add_argument("--folder", type=Path, help="folder kerja (bawaan: folder sementara)")
    parser.add_argument("--pakai-ulang", action="store_true",
                        help="pakai arsip yang sudah dibuat di --folder")  # fmt: skip
    args = parser.parse_args()
    load = os.getloadavg()
    print(f"beban mesin: {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} ({os.cpu_count()} inti)")
    with contextlib.ExitStack() as stack:
        work = args.folder or Path(stack.enter_context(tempfile.TemporaryDirectory()))
        work.mkdir(parents=True, exist_ok=True)
        measure(work.resolve(), args.aktivitas, args.foto, args.pakai_ulang)
    load = os.getloadavg()
    print(f"\nbeban mesin di akhir: {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}")


if __name__ == "__main__":
    main()
