"""The office's places as the site names them: the two levels of `extra.harmoni.wilayah` with
their configured names (Kecamatan/Desa, or Desa/Dusun for a single village), each place's
title (`Desa Batu Rusa`, `Kelurahan Bacang`, `Dusun II`) and, when `kode_wilayah` is set, its
official code from the list shipped in the package."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from . import addresses, regions
from .problems import HarmoniError
from .settings import HarmoniSettings


@dataclass(frozen=True)
class Places:
    """The titles and official codes of the configured places."""

    upper: str
    """The upper level's name, e.g. `Kecamatan` (or `Desa` in a village's archive)."""
    lower: str
    """The lower level's name, e.g. `Desa` (or `Dusun`)."""
    region: str | None
    """The office's region in words, e.g. `Kabupaten Belitung`: the end of every address."""
    wilayah: dict[str, list[str]]
    """Upper-level place → its lower-level places, as configured."""
    found: tuple[tuple[str, str | None, regions.Region], ...] = ()
    """(upper name, lower name or None, official region) of every place the list knows."""
    unofficial: tuple[tuple[str, list[str]], ...] = ()
    """Configured names the official list does not know (`Kecamatan X` or `Desa Y, Kecamatan
    X`), each with the official names that look most like it."""

    @functools.cached_property
    def _official(self) -> dict[tuple[str, str | None], regions.Region]:
        return {(upper, lower): region for upper, lower, region in self.found}

    def upper_title(self, upper: str) -> str:
        """`Kecamatan Merawang`; in a village's archive `Desa Sijuk`."""
        region = self._official.get((upper, None))
        if region is not None:  # the official spelling, whatever mkdocs.yml's
            return region.title
        return regions.titled(self.upper, upper)

    def lower_title(self, upper: str, lower: str) -> str:
        """`Desa Batu Rusa`, `Kelurahan Bacang` (from the official code), `Dusun II`."""
        region = self._official.get((upper, lower))
        if region is not None:
            return region.title
        return regions.titled(self.lower, lower)

    def locality(self, upper: str, lower: str | None = None) -> str:
        """A place with what it lies in: `Desa Batu Rusa, Kecamatan Merawang`, `Dusun II, Desa
        Sijuk`."""
        if lower is None:
            return self.upper_title(upper)
        return f"{self.lower_title(upper, lower)}, {self.upper_title(upper)}"

    def code(self, upper: str, lower: str | None = None) -> str | None:
        """The official code of a place, or None (a dusun has none; nor has an unknown name)."""
        region = self._official.get((upper, lower))
        return region.code if region else None

    @property
    def root(self) -> str:
        """The folder of the places' pages: `kecamatan/`, or `desa/` in a village's archive."""
        return addresses.slug(self.upper)

    @property
    def index_title(self) -> str:
        """The title of the page listing every place: `Kecamatan dan desa`."""
        return f"{self.upper} dan {self.lower.casefold()}"


def places_of(settings: HarmoniSettings) -> Places:
    """The places of `settings`, the official list read only when `kode_wilayah` is set."""
    wilayah = tuple((upper, tuple(lower)) for upper, lower in settings.wilayah.items())
    upper, lower = settings.tingkat
    return _places(upper, lower, settings.wilayah_nama, settings.kode_wilayah, wilayah)


@functools.lru_cache(maxsize=8)
def _places(
    upper: str, lower: str, region: str | None, code: str | None,
    wilayah: tuple[tuple[str, tuple[str, ...]], ...],
) -> Places:  # fmt: skip
    """Places keyed by their content (a setting changed under `mkdocs serve` makes new ones)."""
    plain = {name: list(lowers) for name, lowers in wilayah}
    if code is None:
        return Places(upper, lower, region, plain)
    office = regions.get(code)
    if office is None:
        raise HarmoniError(
            f"mkdocs.yml: `extra.harmoni.kode_wilayah` `{code}` tidak ada di daftar wilayah resmi "
            f"({regions.source()}). Tulis kode kabupaten/kota (mis. `19.02`) atau desa "
            "(mis. `19.02.04.2001`), atau jalankan `harmoni mulai` lagi."
        )
    found = _village_parts(office, wilayah) if office.level == 4 else _districts(office, wilayah)
    unknown = tuple(_unofficial(office, wilayah, found, upper, lower))
    return Places(upper, lower, region or office.title, plain, tuple(found), unknown)


def _districts(office: regions.Region, wilayah) -> list[tuple[str, str | None, regions.Region]]:
    """The official kecamatan and desa/kelurahan of a kabupaten/kota that `wilayah` names."""
    districts = {r.name: r for r in regions.children(office.code)}
    found: list[tuple[str, str | None, regions.Region]] = []
    for upper, lowers in wilayah:
        name = regions.match_name(upper, districts)
        if name is None:
            continue
        found.append((upper, None, districts[name]))
        villages = {r.name: r for r in regions.children(districts[name].code)}
        for lower in lowers:
            village = regions.match_name(lower, villages)
            if village is not None:
                found.append((upper, lower, villages[village]))
    return found


def _village_parts(office: regions.Region, wilayah) -> list[tuple[str, str | None, regions.Region]]:
    """A village's archive: its one upper-level place is the village itself."""
    return [(upper, None, office) for upper, _ in wilayah if regions.folded(upper) ==
            regions.folded(office.name)]  # fmt: skip


def _unofficial(office: regions.Region, wilayah, found, upper: str, lower: str):
    """(name, near official names) of each configured place the official list lacks (a
    village's dusun/RW have no official list and are not counted)."""
    known = {(u, low) for u, low, _ in found}
    for name, lowers in wilayah:
        if (name, None) not in known:
            options = [office.name] if office.level == 4 else [
                r.name for r in regions.children(office.code)
            ]  # fmt: skip
            yield regions.titled(upper, name), regions.close_names(name, options)
            continue
        if office.level == 4:
            continue
        code = next(r.code for u, low, r in found if (u, low) == (name, None))
        options = [r.name for r in regions.children(code)]
        for part in lowers:
            if (name, part) not in known:
                where = f"{regions.titled(lower, part)}, {regions.titled(upper, name)}"
                yield where, regions.close_names(part, options)
