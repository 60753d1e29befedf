"""`harmoni ubah-keterangan`: turn every entry's older caption mapping (`foto-01.jpg: teks`) into
the caption list the web editor edits, keeping order, texts and every other line."""

from __future__ import annotations

from ..atomic import write_atomic
from ..entries.archive import entries_root
from ..entries.migrate import convert_captions
from .common import load_project


def register(commands) -> None:
    """Add `harmoni ubah-keterangan`."""
    parser = commands.add_parser(
        "ubah-keterangan",
        help="ubah keterangan foto bentuk lama ke bentuk daftar",
        description="Mengubah `keterangan` bentuk lama (`foto-01.jpg: teks`) di setiap "
        "index.md menjadi bentuk daftar (`- berkas: foto-01.jpg` dengan `teks: …`), bentuk "
        "yang diterbitkan dan yang ditulis editor web. Urutan dan isi keterangan tetap; baris "
        "lain tidak diubah.",
    )
    parser.set_defaults(run=run)


def run(args) -> int:
    """Convert every entry that still has the mapping form; always 0."""
    _, settings, project = load_project(args.config_file)
    root = entries_root(project, settings)
    changed = []
    for index in sorted(root.rglob("index.md")):
        if any(part.startswith(".") for part in index.relative_to(root).parts):
            continue
        converted = convert_captions(index.read_text(encoding="utf-8", errors="replace"))
        if converted is not None:
            write_atomic(index, converted)
            changed.append(index.relative_to(project).as_posix())
    for source in changed:
        print(f"{source}: keterangan diubah ke bentuk daftar.")
    if changed:
        print(f"{len(changed)} entri diubah. Periksa dengan `harmoni periksa`, lalu commit.")
    else:
        print("Semua keterangan sudah berbentuk daftar.")
    return 0
