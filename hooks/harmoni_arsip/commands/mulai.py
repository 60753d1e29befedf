"""`harmoni mulai`: from a fresh copy of the repository to one office's archive. Asks one
question at a time (or takes every answer as an option), writes the mkdocs.yml keys and pages it
owns, removes the demo, all or nothing, then builds the site strictly."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from .. import regions
from ..problems import HarmoniError
from ..settings import FeedbackSettings, check_feedback, load_settings
from ..setup import config_file
from ..setup.demo import plan_removal
from ..setup.office import (
    Contacts,
    Office,
    check_domain,
    check_region,
    check_repo,
    check_text,
    read_logo,
)
from ..setup.owned import Owned, owned
from ..setup.staging import Changes, apply

T = TypeVar("T")


def register(commands) -> None:
    """Add `harmoni mulai` and its options."""
    parser = commands.add_parser(
        "mulai",
        help="siapkan arsip untuk kantor atau desa Anda (sekali, di salinan baru)",
        description="Menyiapkan salinan baru repositori ini menjadi arsip satu kantor: nama "
        "kantor, wilayah dari daftar resmi Kemendagri, alamat situs, kontak, target, logo. "
        "Menulis kunci mkdocs.yml yang diaturnya (komentar dan kunci lain tetap), halaman "
        "Beranda dan Tentang, menghapus arsip contoh, lalu membangun situs dengan --strict. "
        "Tanpa opsi, pertanyaannya diajukan satu per satu.",
    )
    parser.add_argument(
        "--wilayah",
        help='kabupaten/kota ("Kabupaten Belitung"), satu desa '
        '("desa, kecamatan, kabupaten"), atau kodenya (19.02, 19.02.04.2001)',
    )
    parser.add_argument(
        "--bagian",
        action="append",
        default=[],
        metavar="NAMA",
        help='dusun/RW arsip satu desa; ulangi: --bagian "Dusun I" --bagian "Dusun II"',
    )
    parser.add_argument("--kantor", help="nama kantor lengkap")
    parser.add_argument("--kantor-singkat", help="nama kantor singkat (stiker, judul situs)")
    parser.add_argument("--repo", help="repositori GitHub arsip ini: pemilik/nama")
    parser.add_argument(
        "--domain",
        help="domain sendiri, mis. arsip.contoh.go.id (bawaan: "
        "GitHub Pages pemilik.github.io/nama)",
    )
    parser.add_argument("--program", help="nama program/inovasi kantor, mis. HARMONI")
    parser.add_argument("--whatsapp", help="nomor WhatsApp untuk masukan warga, mis. 6281234567890")
    parser.add_argument("--email", help="alamat e-mail untuk masukan warga")
    parser.add_argument("--formulir", help="alamat formulir masukan dengan {teks}")
    parser.add_argument(
        "--target-konten",
        type=int,
        default=None,
        metavar="N",
        help="target kegiatan terbit per bulan (bawaan 50)",
    )
    parser.add_argument(
        "--target-keterlibatan",
        type=float,
        default=None,
        metavar="PERSEN",
        help="target tingkat keterlibatan media sosial (bawaan 15)",
    )
    parser.add_argument("--logo", type=Path, help="berkas logo kantor (SVG, PNG, JPEG, WebP)")
    parser.add_argument(
        "--timpa",
        action="store_true",
        help="timpa juga kunci mkdocs.yml dan halaman yang diubah dengan tangan",
    )
    parser.add_argument(
        "--tanpa-bangun", action="store_true", help="jangan membangun situs sesudahnya"
    )
    parser.add_argument("--ya", action="store_true", help="jangan bertanya apa pun")
    parser.set_defaults(run=run)


def run(args) -> int:
    """Set the archive up; 0 when written (or nothing to change) and the strict build passes."""
    config_path = Path(args.config_file)
    if not config_path.is_file():
        return _fail(f"{config_path} tidak ditemukan. Jalankan perintah dari folder repositori.")
    project = config_path.resolve().parent
    ask = not args.ya and _is_terminal()
    try:
        raw = config_path.read_bytes().decode("utf-8-sig")
        document = config_file.load(raw, config_path.name)
        settings = load_settings(document.get("extra") or {})
        removal = plan_removal(project, settings)
        if removal.real_ids and ask:  # no questions for an archive that will not be changed
            raise removal.refusal(settings.daftar_terbit)
        office = _gather(args, ask)
        wanted = owned(office)
        changes = _changes(project, config_path, document, wanted, args.timpa)
    except HarmoniError as err:
        return _fail(f"{err}")
    except UnicodeDecodeError:
        return _fail(f"{config_path} bukan teks UTF-8. Simpan ulang sebagai UTF-8.")
    except OSError as err:
        return _fail(f"{err.filename or config_path} tidak dapat dibaca ({err.strerror}).")
    except (EOFError, KeyboardInterrupt):
        return _fail("dibatalkan; tidak ada yang ditulis.")
    if removal.real_ids:
        if not changes.empty:  # a run that would change nothing may still say so
            return _fail(str(removal.refusal(settings.daftar_terbit)))
        removal.folders = []
    changes.folders += removal.folders
    for item in (removal.registry, removal.reach):
        if item is not None:
            changes.files[item[0]] = _like(item[1], item[0].read_bytes())
    if changes.empty:
        print("Tidak ada yang berubah: arsip sudah disiapkan dengan jawaban ini.")
    else:
        if ask and not _confirm(changes):
            return _fail("dibatalkan; tidak ada yang ditulis.")
        try:
            apply(changes)
        except HarmoniError as err:
            return _fail(f"{err}")
        print("\n".join(["Ditulis:", *(f"  {line}" for line in changes.describe())]))
    status = 0 if args.tanpa_bangun else _build(config_path)
    _checklist(office, wanted)
    return status


def _is_terminal() -> bool:
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (AttributeError, ValueError, OSError):
        return False


def _fail(message: str) -> int:
    print(f"Galat: {message}", file=sys.stderr)
    return 1


# -- the answers ------------------------------------------------------------------------------


def _gather(args, ask: bool) -> Office:
    """The office from the options, asking for what is missing when `ask`."""
    kantor = _value(
        args.kantor,
        "Nama kantor lengkap (mis. Dinas PMD Kabupaten Contoh): ",
        lambda t: check_text(t, "nama kantor"),
        ask,
        "--kantor",
    )
    short = _value(
        args.kantor_singkat,
        "Nama singkat kantor (mis. DPMD Contoh): ",
        lambda t: check_text(t, "nama singkat", 60),
        ask,
        "--kantor-singkat",
    )
    region = _region(args.wilayah, ask)
    parts = _parts(args.bagian, region, ask)
    repo = _value(
        args.repo, "Repositori GitHub arsip ini (pemilik/nama): ", check_repo, ask, "--repo"
    )
    domain = _optional(
        args.domain, "Domain sendiri (kosongkan untuk GitHub Pages): ", check_domain, ask
    )
    program = _optional(
        args.program,
        "Nama program/inovasi (kosongkan bila tidak ada): ",
        lambda t: check_text(t, "nama program", 80),
        ask,
    )
    contacts = _contacts(args, ask)
    konten = _optional(args.target_konten, "Target kegiatan terbit per bulan [50]: ",
                       _count, ask)  # fmt: skip
    rate = _optional(args.target_keterlibatan, "Target keterlibatan media sosial, persen [15]: ",
                     _percent, ask)  # fmt: skip
    logo_path = _optional(args.logo, "Berkas logo (kosongkan untuk logo bawaan): ", Path, ask)
    logo = read_logo(Path(logo_path)) if logo_path else None
    konten = 50 if konten is None else konten  # the village TOR's targets by default
    rate = 15.0 if rate is None else rate
    return Office(region, kantor, short, repo, parts, domain, program, contacts, konten, rate, logo)


def _count(text: str) -> int:
    """A monthly target: a whole number of 1 or more."""
    if not text.strip().isdigit() or int(text) < 1:
        raise HarmoniError("target kegiatan per bulan harus bilangan bulat 1 atau lebih.")
    return int(text)


def _percent(text: str) -> float:
    """An engagement target in percent, more than 0 and at most 100."""
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        value = -1
    if not 0 < value <= 100:
        raise HarmoniError("target keterlibatan harus persen lebih dari 0 sampai 100, mis. 15.")
    return value


def _value(value: Any, question: str, parse: Callable[[str], T], ask: bool, option: str) -> T:
    """A required answer: from its option, asked, or an error naming the option."""
    if value is not None:
        return parse(str(value))
    if not ask:
        raise HarmoniError(f"{option} belum diisi (atau jalankan tanpa --ya untuk ditanya).")
    return _ask(question, parse)


def _optional(value: Any, question: str, parse: Callable[[str], T], ask: bool) -> T | None:
    """An optional answer: from its option, asked (empty: none), or none."""
    if value is not None:
        return parse(str(value))
    return _ask(question, parse, optional=True) if ask else None


def _ask(question: str, parse: Callable[[str], T], optional: bool = False) -> T:
    """Ask until the answer is accepted (an empty answer is None when `optional`)."""
    while True:
        answer = input(question).strip()
        if not answer and optional:
            return None  # type: ignore[return-value]
        try:
            return parse(answer)
        except HarmoniError as err:
            print(f"  {err}")


def _region(text: str | None, ask: bool) -> regions.Region:
    """The region from `--wilayah` or asked; an ambiguous name offers its candidates."""
    if text is not None:
        return check_region(regions.find(text))
    if not ask:
        raise HarmoniError('--wilayah belum diisi, mis. --wilayah "Kabupaten Belitung".')
    print("Wilayah arsip: kabupaten/kota untuk kantor dinas (mis. Kabupaten Belitung), atau satu")
    print("desa sebagai `desa, kecamatan, kabupaten`; kode resmi juga boleh (mis. 19.02).")
    while True:
        answer = input("Wilayah: ").strip()
        try:
            return check_region(regions.find(answer))
        except regions.RegionError as err:
            if not err.choices:
                print(f"  {err}")
                continue
            return _choose(err.choices)
        except HarmoniError as err:
            print(f"  {err}")


def _choose(choices: tuple[regions.Region, ...]) -> regions.Region:
    """One of several regions, by number."""
    print("Nama itu cocok dengan beberapa wilayah:")
    for number, region in enumerate(choices, start=1):
        print(f"  {number}. {region.title} ({region.code})")
    while True:
        answer = input("Pilih nomornya: ").strip()
        if answer.isdigit() and 1 <= int(answer) <= len(choices):
            return check_region(choices[int(answer) - 1])
        print(f"  tulis angka 1–{len(choices)}.")


def _parts(values: list[str], region: regions.Region, ask: bool) -> tuple[str, ...]:
    """A village's dusun/RW (typed); none for a kabupaten/kota."""
    names = [check_text(name, "nama dusun/RW", 80) for v in values for name in v.split(",")
             if name.strip()]  # fmt: skip
    if region.level != 4:
        if names:
            raise HarmoniError(
                "--bagian hanya untuk arsip satu desa; kecamatan dan desa "
                f"{region.title} diambil dari daftar resmi."
            )
        return ()
    if not names and ask:
        answer = input("Dusun/RW di desa ini, pisahkan dengan koma (mis. Dusun I, Dusun II): ")
        names = [check_text(n, "nama dusun/RW", 80) for n in answer.split(",") if n.strip()]
    if len(set(map(regions.folded, names))) != len(names):
        raise HarmoniError("nama dusun/RW ada yang sama; tulis setiap nama sekali.")
    return tuple(names)


def _contacts(args, ask: bool) -> Contacts:
    """Where feedback goes; checked as the build checks it."""
    whatsapp = _optional(
        args.whatsapp,
        "Nomor WhatsApp untuk masukan warga (mis. 6281234567890; kosongkan bila tidak ada): ",
        str.strip,
        ask,
    )
    email = _optional(
        args.email, "E-mail untuk masukan warga (kosongkan bila tidak ada): ", str.strip, ask
    )
    contacts = Contacts(whatsapp or None, email or None, args.formulir or None)
    problems = check_feedback(
        FeedbackSettings(contacts.whatsapp, contacts.email, contacts.formulir)
    )
    if problems:
        raise HarmoniError(" ".join(problems))
    return contacts


# -- the changes ------------------------------------------------------------------------------


def _changes(project: Path, config_path: Path, document, wanted: Owned, overwrite: bool) -> Changes:
    """Every file `harmoni mulai` writes; refuses when an owned key or page was changed by hand
    since it (or the shipped demo) last wrote it."""
    current = {key: config_file.get(document, key) for key in wanted.keys}
    current.update({path: _file_text(project / path) for path in wanted.files})
    stored = config_file.stored_fingerprints(document) or {}
    changed = [
        key for key, value in current.items()
        if value is not None and stored.get(key) != config_file.fingerprint(value)
        and config_file.fingerprint(value) != _new_fingerprint(wanted, key)
    ]  # fmt: skip
    if changed and not overwrite:
        raise HarmoniError(
            f"{config_path.name}: {', '.join(changed)} sudah diubah dengan tangan sejak "
            "disiapkan; tidak ada yang ditulis. Kembalikan isinya, atau jalankan lagi dengan "
            "--timpa untuk menggantinya dengan jawaban ini."
        )
    for key, value in wanted.keys.items():
        if current[key] != value:
            config_file.put(document, key, value, after=_after(key))
            config_file.note(document, key, wanted.notes.get(key, {}))
    prints = {key: _new_fingerprint(wanted, key) for key in [*wanted.keys, *wanted.files]}
    config_file.put(document, ".".join(config_file.FINGERPRINTS), prints)
    changes = Changes(project)
    original = config_path.read_bytes()
    text = _like(config_file.dump(document), original)
    if text != original:
        changes.files[config_path.resolve()] = text
    for path, data in wanted.files.items():
        changes.write(project / path, data)
    return changes


def _new_fingerprint(wanted: Owned, key: str) -> str:
    """The fingerprint of what `harmoni mulai` writes in `key` (a config key or a file)."""
    if key in wanted.files:
        return config_file.fingerprint(wanted.files[key])
    return config_file.fingerprint(wanted.keys[key])


def _after(key: str) -> str | None:
    """Where a new key of `extra.harmoni` goes: the region keys together."""
    return {
        "extra.harmoni.tingkat": "wilayah",
        "extra.harmoni.kode_wilayah": "wilayah",
        "extra.harmoni.program": "kantor_singkat",
    }.get(key)


def _file_text(path: Path) -> bytes | None:
    """A file's bytes with `\\n` line ends (as Git on Windows may have checked it out)."""
    return path.read_bytes().replace(b"\r\n", b"\n") if path.is_file() else None


def _like(text: str, original: bytes) -> bytes:
    """`text` as UTF-8 with the line ends (`\r\n` on a Windows checkout) and byte-order mark
    the file had."""
    data = text.replace("\r\n", "\n").encode("utf-8")
    if b"\r\n" in original:
        data = data.replace(b"\n", b"\r\n")
    return b"\xef\xbb\xbf" + data if original.startswith(b"\xef\xbb\xbf") else data


def _confirm(changes: Changes) -> bool:
    print("\nYang akan ditulis:")
    for line in changes.describe():
        print(f"  {line}")
    return input("Lanjutkan? [Y/t] ").strip().casefold() in ("", "y", "ya")


# -- after writing ----------------------------------------------------------------------------


def _build(config_path: Path) -> int:
    """`mkdocs build --strict`, as the publishing workflow runs it."""
    print("Membangun situs dengan `mkdocs build --strict` …")
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config_path)]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}  # the theme's notice is not for staff
    result = subprocess.run(command, check=False, env=env)
    if result.returncode:
        print("Galat: pembangunan gagal; baca pesan di atas.", file=sys.stderr)
    else:
        print("Situs terbangun di folder site/.")
    return result.returncode


def _checklist(office: Office, wanted: Owned) -> None:
    """What is left to do by hand."""
    url = wanted.keys["site_url"]
    owner = office.repo.split("/")[0]
    print(f"""
Yang masih perlu dilakukan:
  [ ] commit dan push ke https://github.com/{office.repo}
  [ ] aktifkan GitHub Pages: Settings → Pages → Source: GitHub Actions
  [ ] undang staf: Settings → Collaborators (mereka masuk ke editor di {url}admin/)
  [ ] buat kegiatan pertama (`harmoni baru`), periksa (`harmoni periksa`), daftarkan
      (`harmoni daftarkan`), lalu cetak satu stiker uji (`harmoni stiker`) dan pindai
  [ ] ganti halaman Tentang (docs/tentang.md) dan logo bila perlu""")
    if office.domain:
        print(f"  [ ] arahkan DNS {office.domain} ke GitHub Pages ({owner}.github.io)")
