"""Is a valid entry finished enough to publish? The narrative is no longer the paragraph
`harmoni baru` wrote, and every gallery photo has its caption (the text shown under it and read
out by screen readers). Both are errors: the build, `harmoni periksa` and the publishing
workflow refuse an unfinished entry alike."""

from __future__ import annotations

from ..problems import Problems
from .frontmatter import FrontMatterError, parse
from .model import Entry

PLACEHOLDER = (
    "Tulis narasi kegiatan di sini, menggantikan paragraf ini: apa kegiatannya, siapa yang "
    "hadir, apa yang dilakukan, dan apa hasilnya. Pisahkan paragraf dengan satu baris kosong."
)
"""The narrative of a new entry until staff write their own."""


def check_ready(entry: Entry, problems: Problems) -> None:
    """Add a problem for the placeholder narrative and for each photo without a caption (the
    file is read again for the problems' lines only when there is a problem)."""
    uncaptioned = [photo for photo in entry.photos if not photo.caption]
    if PLACEHOLDER not in entry.body and not uncaptioned:
        return
    text = _read(entry)
    if PLACEHOLDER in entry.body:
        problems.add(
            entry.source,
            "narasi masih berisi paragraf contoh dari `harmoni baru`. Ganti dengan narasi "
            "kegiatan yang sebenarnya (di editor web: isian Narasi).",
            text[: text.find(PLACEHOLDER)].count("\n") + 1 if PLACEHOLDER in text else None,
        )
    lines = _caption_lines(text) if uncaptioned else {}
    for photo in uncaptioned:
        problems.add(
            entry.source,
            f"foto `{photo.name}` belum punya keterangan. Keterangan wajib: tampil di galeri "
            f"dan dibacakan pembaca layar. Tulis sesudah `teks:` pada butir `- berkas: "
            f"{photo.name}` di `keterangan:` (di editor web: isian Foto dan keterangan).",
            lines.get(photo.name, lines.get("", None)),
        )


def _read(entry: Entry) -> str:
    """The entry's `index.md` (just read by the reader, so readable text)."""
    try:
        return (entry.folder / "index.md").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


def _caption_lines(text: str) -> dict[str, int]:
    """The line of each photo's caption item (key ``""``: the `keterangan:` line itself)."""
    try:
        front = parse(text)
    except FrontMatterError:
        return {}
    lines: dict[str, int] = {}
    if "keterangan" in front.key_lines:
        lines[""] = front.key_lines["keterangan"]
    items = front.data.get("keterangan")
    if isinstance(items, list):
        for item, line in zip(items, front.item_lines.get("keterangan", [])):
            if isinstance(item, dict) and isinstance(item.get("berkas"), str):
                lines.setdefault(item["berkas"].strip(), line)
    elif isinstance(items, dict):
        for name in items:
            lines.setdefault(str(name), front.key_lines["keterangan"])
    return lines
