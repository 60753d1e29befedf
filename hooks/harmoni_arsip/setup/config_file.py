"""mkdocs.yml read and written with its comments, its key order and every key `harmoni mulai`
does not own left as they are (ruamel.yaml round trip: the shipped file comes back byte for
byte). Which keys it owns, and a fingerprint of what it last wrote in each, so that a key
changed by hand since then is noticed before anything is overwritten."""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Mapping
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from ..problems import HarmoniError

FINGERPRINTS = ("extra", "harmoni", "mulai")
"""Where the fingerprints of the owned keys are kept."""
NAV_ABOUT = "nav:tentang.md"
"""The owned navigation label of the "Tentang" page (an item of `nav`, not a key)."""


def _yaml() -> YAML:
    """A round-trip YAML with mkdocs.yml's layout (two-space maps, indented lists)."""
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def load(text: str, name: str = "mkdocs.yml") -> CommentedMap:
    """The document, or a message naming the line that cannot be read."""
    try:
        document = _yaml().load(text)
    except YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f", baris {mark.line + 1}" if mark else ""
        raise HarmoniError(f"{name}{where}: YAML tidak dapat dibaca ({err}).") from None
    if not isinstance(document, CommentedMap):
        raise HarmoniError(f"{name}: harus berisi pasangan `kunci: nilai`.")
    return document


def dump(document: CommentedMap) -> str:
    """The document as text (with `\\n` line ends)."""
    out = io.StringIO()
    _yaml().dump(document, out)
    return out.getvalue()


def fingerprint(value: Any) -> str:
    """A short hash of a value (a key's YAML value, or a file's text with `\\n` line ends)."""
    if isinstance(value, bytes):
        data = value
    elif isinstance(value, str):
        data = value.replace("\r\n", "\n").encode("utf-8")
    else:
        data = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8")
    return hashlib.sha256(data).hexdigest()[:12]


def get(document: Mapping, key: str) -> Any:
    """The value of an owned key (`extra.harmoni.kantor`, or the `nav:` label), or None."""
    if key.startswith("nav:"):
        return _nav_label(document, key.removeprefix("nav:"))
    node: Any = document
    for part in key.split("."):
        if not isinstance(node, Mapping) or part not in node:
            return None
        node = node[part]
    return node


def put(document: CommentedMap, key: str, value: Any, after: str | None = None) -> None:
    """Set an owned key (None leaves it empty: unset), keeping the comments below it; a new key
    goes right after `after` if given (none is added for None)."""
    if key.startswith("nav:"):
        _set_nav_label(document, key.removeprefix("nav:"), value)
        return
    *parents, last = key.split(".")
    node = document
    for part in parents:
        if not isinstance(node.get(part), CommentedMap):
            node[part] = CommentedMap()
        node = node[part]
    if last in node:
        comment = _take_trailing_comment(node, last)
        node[last] = _styled(value)
        if comment is not None:
            _give_trailing_comment(node, last, comment)
    elif value is None:
        return
    elif after in node:
        node.insert(list(node).index(after) + 1, last, _styled(value))
    else:
        node[last] = _styled(value)


def _take_trailing_comment(node: CommentedMap, key: str) -> Any:
    """The comment lines below `key`'s value (ruamel keeps them with its last item), taken
    away so that a new value can carry them."""
    value = node[key]
    if isinstance(value, CommentedMap) and value:
        entry = value.ca.items.get(list(value)[-1])
    else:
        entry = node.ca.items.get(key)
    if not entry or len(entry) < 3 or entry[2] is None:
        return None
    comment, entry[2] = entry[2], None
    if not comment.value.startswith("\n"):  # the old last item's own end-of-line comment
        comment.value = comment.value[comment.value.find("\n") :]
    return comment if comment.value.strip() else None


def _give_trailing_comment(node: CommentedMap, key: str, comment: Any) -> None:
    """Put the comment lines below `key`'s (new) value."""
    value = node[key]
    if isinstance(value, CommentedMap) and value:
        target, name = value, list(value)[-1]
    else:
        target, name = node, key
    entry = target.ca.items.setdefault(name, [None, None, None, None])
    entry[2] = comment


def note(document: CommentedMap, key: str, notes: Mapping[str, str]) -> None:
    """A comment at the end of the line of each item of the map at `key` (`# 19.02.04`)."""
    node = get(document, key)
    if not isinstance(node, CommentedMap):
        return
    for item, text in notes.items():
        if item not in node:
            continue
        below = _lines_below(node.ca.items.get(item))
        node.yaml_add_eol_comment(f"# {text}", item)
        if below:  # ruamel keeps the comment lines below a map in its last item's comment
            node.ca.items[item][2].value = node.ca.items[item][2].value.rstrip("\n") + below


def _lines_below(entry: Any) -> str:
    """The comment lines after an item's own end-of-line comment (`\n    # …\n`), if any."""
    if not entry or len(entry) < 3 or entry[2] is None:
        return ""
    value = entry[2].value
    return value[value.find("\n") :] if "\n" in value.rstrip("\n") else ""


def stored_fingerprints(document: Mapping) -> dict[str, str] | None:
    """What `harmoni mulai` recorded last time, or None if it never ran here."""
    stored = get(document, ".".join(FINGERPRINTS))
    return dict(stored) if isinstance(stored, Mapping) else None


def changed_by_hand(document: Mapping, owned: list[str]) -> list[str]:
    """The owned keys whose value is not what `harmoni mulai` last wrote (all of them when it
    never ran here)."""
    stored = stored_fingerprints(document)
    if stored is None:
        return owned
    return [
        key for key in owned if key in stored and stored[key] != fingerprint(get(document, key))
    ]


def _styled(value: Any) -> Any:
    """Plain values as ruamel nodes: lists of names on one line (flow style), maps in blocks."""
    if isinstance(value, Mapping):
        node = CommentedMap()
        for key, item in value.items():
            node[key] = _styled(item)
        return node
    if isinstance(value, list | tuple):
        seq = CommentedSeq([_styled(item) for item in value])
        if all(isinstance(item, str) for item in value):
            seq.fa.set_flow_style()
        return seq
    return value


def _nav_label(document: Mapping, page: str) -> str | None:
    """The navigation label of `page` at the top level of `nav`."""
    for item in document.get("nav") or []:
        if isinstance(item, Mapping) and len(item) == 1 and list(item.values())[0] == page:
            return str(list(item)[0])
    return None


def _set_nav_label(document: CommentedMap, page: str, label: str | None) -> None:
    """Rename the navigation item of `page` (left alone when the page is not in `nav`)."""
    nav = document.get("nav") or []
    for index, item in enumerate(nav):
        if isinstance(item, Mapping) and len(item) == 1 and list(item.values())[0] == page:
            if label is not None:
                nav[index] = CommentedMap({label: page})
            return
