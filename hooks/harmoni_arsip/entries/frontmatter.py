"""Split an `index.md` into YAML front matter and Markdown body, keeping line numbers.

Entries never need YAML anchors, aliases or a key written twice, so all three are refused with the
line: an alias bomb (a few hundred bytes expanding to gigabytes) is refused from the parser's
events, before anything is built from them. A text YAML cannot read gets PyYAML's reason
explained in Bahasa Indonesia with its fix (`yaml_errors.py`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

from .yaml_errors import explain

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's loader where PyYAML has it: over ten times faster, same results and line marks."""


class FrontMatterError(ValueError):
    """The front matter cannot be read; `line` is 1-based within the file, where known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


@dataclass(frozen=True)
class FrontMatter:
    """The parsed front matter, the line of each top-level key, and the body below it."""

    data: dict
    key_lines: dict[str, int]
    body: str
    item_lines: dict[str, list[int]] = field(default_factory=dict)
    """For a top-level key holding a list: the file line of each of its items."""


def parse(text: str) -> FrontMatter:
    """Parse `---`-delimited YAML front matter at the top of `text`."""
    lines = text.lstrip("\ufeff").splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        raise FrontMatterError("berkas harus diawali baris `---` lalu data kegiatan (YAML).", 1)
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if end is None:
        raise FrontMatterError("front matter tidak ditutup: tambahkan baris `---` sesudahnya.", 1)
    yaml_text = "".join(lines[1:end])
    data, key_lines, item_lines = _load_yaml(yaml_text)
    return FrontMatter(data, key_lines, "".join(lines[end + 1 :]), item_lines)


def _load_yaml(yaml_text: str) -> tuple[dict, dict[str, int], dict[str, list[int]]]:
    """Load the YAML mapping, the file line of each top-level key and of each item of a
    top-level list."""
    loader = _Loader(yaml_text)  # parsed once: the nodes give the lines, then the values
    try:
        _refuse_anchors(yaml_text)
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as err:
        mark = _where(err)
        line_text = yaml_text.splitlines()[mark.line] if mark and _has_line(yaml_text, mark) else ""
        line = mark.line + 2 if mark else None
        raise FrontMatterError(explain(err.problem, line_text), line) from None
    except yaml.YAMLError:
        raise FrontMatterError(explain(None)) from None
    if not isinstance(node, yaml.MappingNode):
        raise FrontMatterError("front matter harus berisi pasangan `kunci: nilai`.", 2)
    _refuse_duplicate_keys(node)
    # +1 for 1-based lines, +1 for the opening `---`
    key_lines = {str(key.value): key.start_mark.line + 2 for key, _ in node.value}
    item_lines = {
        str(key.value): [item.start_mark.line + 2 for item in value.value]
        for key, value in node.value
        if isinstance(value, yaml.SequenceNode)
    }
    try:
        data = loader.construct_document(node)
    except (yaml.YAMLError, ValueError) as err:  # e.g. a date like 2024-02-30
        message = f"nilai tidak valid ({err}). Tulis tanggal sebagai YYYY-MM-DD yang benar."
        raise FrontMatterError(message, key_lines.get("date")) from None
    finally:
        loader.dispose()
    return data, key_lines, item_lines


def _refuse_anchors(yaml_text: str) -> None:
    """Raise at the first anchor (`&name`) or alias (`*name`): read from the parser's events,
    whose number grows with the text, never with what an alias would expand to. A text without
    `&`, `*` and a second document (a line starting `---` or `...`) has none, and is not parsed
    for them: loading it meets any syntax error first, just as this parse would."""
    lines = "\n" + yaml_text
    if not any(mark in lines for mark in ("&", "*", "\n---", "\n...")):
        return
    for event in yaml.parse(yaml_text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent):
            raise FrontMatterError(
                f"alias YAML `*{event.anchor}` tidak diizinkan di data kegiatan. Tulis nilainya "
                "langsung, tanpa `&` dan `*`.",
                _line(event),
            )
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise FrontMatterError(
                f"anchor YAML `&{anchor}` tidak diizinkan di data kegiatan. Hapus `&{anchor}` "
                "dan tulis nilainya langsung.",
                _line(event),
            )


def _line(event: yaml.Event) -> int | None:
    """The file line of a parser event (the front matter starts on line 2)."""
    return event.start_mark.line + 2 if event.start_mark else None


def _refuse_duplicate_keys(root: yaml.Node) -> None:
    """Raise at a key written twice in one mapping, at any depth (YAML keeps only the last, so
    the first would be lost without a word)."""
    pending = [root]
    while pending:  # no recursion: depth is bounded by the text, not by Python's stack
        node = pending.pop()
        if isinstance(node, yaml.MappingNode):
            _check_mapping(node)
            pending += [value for pair in node.value for value in pair]
        elif isinstance(node, yaml.SequenceNode):
            pending += node.value


def _check_mapping(node: yaml.MappingNode) -> None:
    """Raise when two scalar keys of `node` are the same text."""
    seen: dict[str, int] = {}
    for key, _ in node.value:
        if not isinstance(key, yaml.ScalarNode):
            continue
        line = key.start_mark.line + 2
        if key.value in seen:
            raise FrontMatterError(
                f"kunci `{key.value}` ditulis dua kali (juga di baris {seen[key.value]}). Hapus "
                "salah satunya: hanya yang terakhir terbaca, yang lain hilang tanpa kabar.",
                line,
            )
        seen[key.value] = line


def _has_line(text: str, mark) -> bool:
    """True when the YAML text has the line a mark points at (the end mark may be past it)."""
    return 0 <= mark.line < len(text.splitlines())


def _where(err: yaml.MarkedYAMLError):
    """Where staff should look: an unclosed quote's opening, else where YAML stopped."""
    if err.context_mark and "quoted scalar" in (err.context or ""):
        return err.context_mark
    return err.problem_mark or err.context_mark
