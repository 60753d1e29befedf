"""Rewrite the older caption mapping (`foto-01.jpg: teks`) of an `index.md` as the caption list
the web editor edits (`- berkas: foto-01.jpg` / `teks: …`), in the same order with the same texts.

Only the `keterangan:` block is replaced; every other line of the file stays byte for byte, so
comments, key order and the narrative are untouched.
"""

from __future__ import annotations

from .create import plain_scalar
from .frontmatter import FrontMatterError, parse


def convert_captions(text: str) -> str | None:
    """`text` with its caption mapping turned into the list form; None when there is nothing to
    convert (no mapping, or front matter that cannot be read)."""
    try:
        front = parse(text)
    except FrontMatterError:
        return None
    captions = front.data.get("keterangan")
    if not isinstance(captions, dict):
        return None
    lines = text.splitlines(keepends=True)
    start = front.key_lines["keterangan"] - 1
    end = _block_end(lines, start, front.key_lines)
    newline = "\r\n" if lines[start].endswith("\r\n") else "\n"
    block = (
        "keterangan:"
        + newline
        + "".join(_item(str(name), value, newline) for name, value in captions.items())
    )
    return "".join(lines[:start]) + block + "".join(lines[end:])


def _block_end(lines: list[str], start: int, key_lines: dict[str, int]) -> int:
    """The index of the first line after the `keterangan` block: the next top-level key, or the
    closing `---` of the front matter."""
    later = [line - 1 for line in key_lines.values() if line - 1 > start]
    if later:
        return min(later)
    return next(i for i in range(start + 1, len(lines)) if lines[i].strip() in ("---", "..."))


def _item(name: str, value, newline: str) -> str:
    """One list item: the file name and its caption (an empty `teks:` when there is none)."""
    text = "" if value is None else str(value).strip()
    caption = f" {plain_scalar(text)}" if text else ""
    return f"  - berkas: {plain_scalar(name)}{newline}    teks:{caption}{newline}"
