"""The official list of Indonesia's regions (Kemendagri codes) shipped in the package: look a
region up by its code (`19.02`, `19.02.04.2001`) or by name, with suggestions for typos and the
candidates when a name is ambiguous; and match the spelling variants staff type ("Baturusa") to
the official name ("Batu Rusa").

The data (`data/wilayah.tsv.gz`, made by scripts/wilayah_resmi.py from npm `idn-area-data`
4.0.1) is one `code<TAB>name` line per region, level by level, sorted by code. Only the small
upper levels are parsed; the villages of one kecamatan or kabupaten are read as one block.
"""

from __future__ import annotations

import difflib
import functools
import gzip
import re
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources

from .problems import HarmoniError

CODE = re.compile(r"\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?")
"""An official code: province `19`, kabupaten/kota `19.02`, kecamatan `19.02.04`, desa or
kelurahan `19.02.04.2001`."""
LEVEL_WORDS = ("provinsi", "kabupaten", "kab", "kota", "kecamatan", "kec", "desa", "kelurahan",
               "kel", "distrik", "kampung", "nagari", "gampong", "dusun", "rw", "rt", "lingkungan",
               "jorong", "banjar", "korong")  # fmt: skip
"""Words that name a level and may begin a name: a name that begins with one is shown as it
is, and a leading one does not count when names are compared."""


@dataclass(frozen=True)
class Region:
    """One region of the official list."""

    code: str
    name: str
    """As the list spells it: `Kabupaten Belitung`, `Kota Pangkalpinang`, `Merawang`,
    `Batu Rusa`."""

    @property
    def level(self) -> int:
        """1 province, 2 kabupaten/kota, 3 kecamatan, 4 desa/kelurahan."""
        return self.code.count(".") + 1

    @property
    def parent_code(self) -> str | None:
        return self.code.rpartition(".")[0] or None

    @property
    def kind(self) -> str:
        """`Provinsi`, `Kabupaten`, `Kota`, `Kecamatan`, `Kelurahan` or `Desa` (a village code
        1xxx is a kelurahan, 2xxx a desa, 3xxx a desa adat)."""
        if self.level == 2:
            return "Kota" if self.name.startswith("Kota ") else "Kabupaten"
        if self.level == 4:
            return "Kelurahan" if self.code.rsplit(".", 1)[1].startswith("1") else "Desa"
        return ("Provinsi", "", "Kecamatan")[self.level - 1]

    @property
    def title(self) -> str:
        """The name with its level word once: `Kabupaten Belitung`, `Kecamatan Merawang`,
        `Desa Batu Rusa`, `Desa Adat Ayapo`."""
        return titled(self.kind, self.name, official=True)


class RegionError(HarmoniError):
    """A region that is unknown or ambiguous; `choices` holds the candidates, if any."""

    def __init__(self, message: str, choices: tuple[Region, ...] = ()) -> None:
        super().__init__(message)
        self.choices = choices


def titled(word: str, name: str, official: bool = False) -> str:
    """`name` preceded by the level `word`, unless it already begins with it or, for a name
    typed by staff (not `official`), with any level word (`Dusun II` stays, `Batu Rusa` →
    `Desa Batu Rusa`; the official `Kota Waringin` → `Desa Kota Waringin`)."""
    first = name.split(" ", 1)[0].casefold()
    if not word or first == word.casefold() or (first in LEVEL_WORDS and not official):
        return name
    return f"{word} {name}"


def folded(name: str) -> str:
    """A name reduced for comparison: letter case, spaces, punctuation and a leading level word
    do not count (`Baturusa`, `Batu Rusa` and `Desa Batu-Rusa` are equal)."""
    return "".join(_words(name))


def _words(name: str) -> list[str]:
    """The words of a name in lower case, without a leading level word."""
    words = re.findall(r"\w+", name.casefold())
    return words[1:] if len(words) > 1 and words[0] in LEVEL_WORDS else words


def _spellings(name: str) -> set[str]:
    """A name reduced with and without its leading level word (`Kota Waringin` is also
    `Kotawaringin`, a village named like a level)."""
    return {folded(name), "".join(re.findall(r"\w+", name.casefold()))}


def match_name(text: str, names: Iterable[str]) -> str | None:
    """The one name of `names` that `text` spells, exactly or as a variant; None if none or
    several."""
    names = list(names)
    if text in names:
        return text
    wanted = _spellings(text)
    found = [n for n in names if _spellings(n) & wanted]
    return found[0] if len(found) == 1 else None


def close_names(text: str, names: Iterable[str], count: int = 3) -> list[str]:
    """The names that look most like `text` (for "did you mean"), best first."""
    by_fold: dict[str, str] = {}
    for name in names:
        by_fold.setdefault(folded(name), name)
    near = difflib.get_close_matches(folded(text), list(by_fold), n=count, cutoff=0.75)
    return [by_fold[key] for key in near]


# -- the shipped list ------------------------------------------------------------------------------


VILLAGE_LINE = re.compile(r"^\d{2}\.\d{2}\.\d{2}\.\d{4}\t", re.MULTILINE)
"""The first line of the village level (the file lists the levels in order)."""
_VILLAGE_BYTES = re.compile(VILLAGE_LINE.pattern.encode(), re.MULTILINE)


@functools.cache
def _villages() -> str:
    """The village lines of the shipped list, with a newline before the first (read once per
    process, only when a village is looked up)."""
    data = resources.files(__package__).joinpath("data/wilayah.tsv.gz").read_bytes()
    text = gzip.decompress(data).decode("utf-8")
    start = VILLAGE_LINE.search(text)
    return "\n" + text[start.start() :] if start else "\n"


@functools.cache
def _upper_levels() -> tuple[str, dict[str, str]]:
    """The header and the upper levels only, read from the start of the file: looking up a
    kabupaten (as the settings do at every build) decompresses few of the 83,000 villages."""
    data = resources.files(__package__).joinpath("data/wilayah.tsv.gz")
    unpacked, stream = b"", zlib.decompressobj(wbits=zlib.MAX_WBITS | 16)  # gzip
    with data.open("rb") as raw:
        while (start := _VILLAGE_BYTES.search(unpacked)) is None and (packed := raw.read(1 << 16)):
            unpacked += stream.decompress(packed)
    text = unpacked[: start.start() if start else len(unpacked)].decode("utf-8")
    header, _, upper = text.partition("\n")
    return header.lstrip("# "), dict(line.split("\t", 1) for line in upper.splitlines())


def source() -> str:
    """Where the shipped list came from, its date and licence (one sentence, Indonesian)."""
    return _upper_levels()[0]


def get(code: str) -> Region | None:
    """The region with this official code, or None."""
    code = code.strip()
    if not CODE.fullmatch(code):
        return None
    upper = _upper_levels()[1]
    if code.count(".") < 3:
        return Region(code, upper[code]) if code in upper else None
    villages = _villages()
    at = villages.find(f"\n{code}\t")
    if at < 0:
        return None
    line = villages[at + 1 : villages.index("\n", at + 1)]
    return Region(code, line.split("\t", 1)[1])


def children(code: str) -> list[Region]:
    """The regions directly below `code` (kecamatan of a kabupaten, villages of a kecamatan),
    in code order."""
    level = code.count(".") + 1
    if level < 3:
        prefix = code + "."
        return [
            Region(c, n) for c, n in _upper_levels()[1].items()
            if c.startswith(prefix) and c.count(".") == level
        ]  # fmt: skip
    return _village_block(code + ".")


def _village_block(prefix: str) -> list[Region]:
    """The villages whose code starts with `prefix` (one contiguous block: sorted by code)."""
    text = _villages()
    at = text.find("\n" + prefix)
    found = []
    while at >= 0 and text.startswith(prefix, at + 1):
        end = text.find("\n", at + 1)
        code, name = text[at + 1 : end].split("\t", 1)
        found.append(Region(code, name))
        at = end
    return found


def regencies() -> list[Region]:
    """Every kabupaten and kota."""
    return [Region(c, n) for c, n in _upper_levels()[1].items() if c.count(".") == 1]


def find(text: str) -> Region:
    """The region `text` names: an official code, a kabupaten/kota (`Kabupaten Belitung`,
    `Belitung Timur`, `Kota Pangkalpinang`), or a village as `desa, kecamatan, kabupaten`.
    Raises RegionError naming what would do (suggestions, or the candidates)."""
    text = " ".join(text.split())
    if CODE.fullmatch(text):
        region = get(text)
        if region is None:
            raise RegionError(f"kode wilayah `{text}` tidak ada di daftar resmi ({source()}).")
        return region
    parts = [part.strip() for part in text.split(",") if part.strip()]
    if not parts:
        raise RegionError("nama wilayah kosong.")
    regency = _find_regency(parts[-1])
    if len(parts) == 1:
        return regency
    if len(parts) != 3:
        raise RegionError(
            f"`{text}`: tulis satu desa sebagai `desa, kecamatan, kabupaten`, "
            "mis. `Tanjung Binga, Sijuk, Kabupaten Belitung`, atau pakai kodenya."
        )
    district = _find_child(parts[1], regency, "kecamatan")
    return _find_child(parts[0], district, "desa/kelurahan")


def _find_regency(text: str) -> Region:
    """A kabupaten or kota by its full name (`Kabupaten Bangka`); a bare name (`Bangka`) must
    be the start of one name only (four kabupaten begin with `Bangka`)."""
    candidates = regencies()
    exact = [r for r in candidates if folded(r.name) == folded(text) and _same_kind(text, r)]
    if exact and not _bare(text):
        return exact[0]
    wanted = _words(text)
    starting = [
        r for r in candidates
        if _words(r.name)[: len(wanted)] == wanted and _same_kind(text, r)
    ]  # fmt: skip
    if len(starting) == 1:
        return starting[0]
    if starting:
        listed = "; ".join(f"{r.name} ({r.code})" for r in starting)
        raise RegionError(
            f"`{text}` cocok dengan {len(starting)} wilayah: {listed}. Tulis nama lengkapnya "
            "atau kodenya.",
            tuple(starting),
        )
    near = close_names(text, [r.name for r in candidates] + [_bare_name(r) for r in candidates])
    hint = f" Mungkin maksud Anda: {', '.join(near)}?" if near else ""
    raise RegionError(
        f"kabupaten/kota `{text}` tidak ada di daftar resmi.{hint} Tulis mis. "
        "`Kabupaten Belitung` atau `Kota Pangkalpinang`, atau kodenya (mis. `19.02`)."
    )


def _find_child(text: str, parent: Region, what: str) -> Region:
    """A kecamatan of a kabupaten, or a village of a kecamatan, by name or spelling variant."""
    options = children(parent.code)
    found = [r for r in options if _spellings(r.name) & _spellings(text)]
    if len(found) == 1:
        return found[0]
    if found:
        listed = "; ".join(f"{r.title} ({r.code})" for r in found)
        raise RegionError(f"`{text}` ada lebih dari sekali di {parent.title}: {listed}. "
                          "Pakai kodenya.", tuple(found))  # fmt: skip
    near = close_names(text, [r.name for r in options])
    hint = f" Mungkin maksud Anda: {', '.join(near)}?" if near else ""
    raise RegionError(f"{what} `{text}` tidak ada di {parent.title}.{hint}")


def _bare(text: str) -> bool:
    """Whether `text` names no kind (`Bangka`, not `Kabupaten Bangka`)."""
    return text.split(" ", 1)[0].casefold() not in ("kabupaten", "kab", "kab.", "kota")


def _same_kind(text: str, region: Region) -> bool:
    """A name that says `Kota` only matches a kota, `Kabupaten` only a kabupaten."""
    first = text.split(" ", 1)[0].casefold().rstrip(".")
    if first == "kota":
        return region.kind == "Kota"
    if first in ("kabupaten", "kab"):
        return region.kind == "Kabupaten"
    return True


def _bare_name(region: Region) -> str:
    """`Kabupaten Belitung` → `Belitung`."""
    return region.name.split(" ", 1)[1] if " " in region.name else region.name
