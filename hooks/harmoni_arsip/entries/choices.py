"""Turn what staff type (a number from a list, a key or a name, in any letter case) into the
exact values the reader accepts, with a message listing the valid choices when it fails."""

from __future__ import annotations

import datetime

from ..regions import match_name, titled
from ..settings import HarmoniSettings
from .spelling import did_you_mean, nearest


class ChoiceError(ValueError):
    """A value that is not one of the configured choices; the message is for staff."""


def kategori_options(settings: HarmoniSettings) -> list[tuple[str, str]]:
    """The configured categories as (key, display name), in the order of mkdocs.yml."""
    return list(settings.kategori.items())


def desa_options(settings: HarmoniSettings, kecamatan: str | None) -> list[str]:
    """The desa of `kecamatan`, or every configured desa (sorted) when there is none."""
    region: dict[str, list[str]] = settings.wilayah
    if kecamatan:
        return list(region[kecamatan])
    return sorted({d for names in region.values() for d in names})


def resolve_kategori(text: str, settings: HarmoniSettings) -> str:
    """The category key for a number, key or display name."""
    options = kategori_options(settings)
    found = _pick(text, [key for key, _ in options], [name for _, name in options])
    if found is None:
        listed = ", ".join(f"{n}. {key} ({name})" for n, (key, name) in enumerate(options, 1))
        raise ChoiceError(
            f"kategori `{text}` tidak dikenal. Pilih salah satu (nomor atau kunci): {listed}. "
            "Daftarnya diatur di mkdocs.yml, `extra.harmoni.kategori`."
        )
    return found


def resolve_kecamatan(text: str, settings: HarmoniSettings) -> str:
    """The configured kecamatan name for a number or a name."""
    names = list(settings.wilayah)
    found = _pick(text, names, names)
    if found is None:
        raise ChoiceError(
            f"kecamatan `{text}` tidak ada di daftar wilayah. {did_you_mean(nearest(text, names))}"
            "Pilih salah satu: "
            f"{', '.join(names)} (atau minta pengelola situs menambahkannya di mkdocs.yml, "
            "`extra.harmoni.wilayah`)."
        )
    return found


def resolve_desa(
    texts: list[str], kecamatan: str | None, settings: HarmoniSettings
) -> tuple[str, ...]:
    """The configured desa names for numbers (in `desa_options`) or names, checked as the build
    checks them: a name in several kecamatan needs the kecamatan to tell which."""
    options = desa_options(settings, kecamatan)
    chosen = []
    for text in texts:
        name = _pick(text, options, options)
        if name is None:
            raise ChoiceError(_unknown_desa(text, kecamatan, settings))
        _check_unambiguous(name, kecamatan, settings)
        if name not in chosen:
            chosen.append(name)
    return tuple(chosen)


def parse_date(text: str) -> datetime.date:
    """A `YYYY-MM-DD` date."""
    try:
        return datetime.date.fromisoformat(text.strip())
    except ValueError:
        raise ChoiceError(
            f"`{text}` bukan tanggal yang valid. Tulis sebagai YYYY-MM-DD, mis. 2024-07-10."
        ) from None


def split_names(text: str) -> list[str]:
    """Names or numbers separated by commas, without empty ones."""
    return [part.strip() for part in text.split(",") if part.strip()]


def _pick(text: str, keys: list[str], names: list[str], numbers: bool = True) -> str | None:
    """The key for a 1-based number, a key or a name (any letter case), or None."""
    wanted = text.strip()
    if numbers and wanted.isdigit() and 1 <= int(wanted) <= len(names):
        return (keys or names)[int(wanted) - 1]
    folded = wanted.casefold()
    for key, name in zip(keys or names, names):
        if folded in (key.casefold(), name.casefold()):
            return key
    variant = match_name(wanted, names)  # `Baturusa` for `Batu Rusa`
    return (keys or names)[names.index(variant)] if variant is not None else None


def _unknown_desa(text: str, kecamatan: str | None, settings: HarmoniSettings) -> str:
    """Why a desa was refused: the kecamatan it belongs to instead, or the nearest names (of the
    chosen kecamatan when there is one), and the names that would do (named with the office's
    level words, `settings.tingkat`)."""
    upper, lower = settings.tingkat
    owners = [k for k, names in settings.wilayah.items() if _pick(text, [], names, False)]
    if kecamatan is None:
        everywhere = desa_options(settings, None)
        found = [f"{name} ({owner_of(name, settings)})" for name in nearest(text, everywhere)]
        return (
            f"{lower.casefold()} `{text}` tidak ada di daftar wilayah. {did_you_mean(found)}Isi "
            f"juga {upper.casefold()}nya (--kecamatan) untuk memilih dari "
            f"{lower.casefold()} {upper.casefold()} itu; {upper.casefold()} yang dikenal: "
            f"{', '.join(settings.wilayah)}."
        )
    options = ", ".join(desa_options(settings, kecamatan))
    where = titled(upper, kecamatan)
    if owners:
        return (
            f"{lower.casefold()} `{text}` termasuk {', '.join(titled(upper, k) for k in owners)}, "
            f"bukan {where}. Pilih {lower.casefold()} {where} ({options}), atau ganti "
            f"{upper.casefold()}nya."
        )
    return (
        f"{lower.casefold()} `{text}` tidak ada di {where}. "
        f"{did_you_mean(nearest(text, desa_options(settings, kecamatan)))}"
        f"{lower} di {where}: {options} (atau minta pengelola situs menambahkannya di "
        "mkdocs.yml, `extra.harmoni.wilayah`)."
    )


def owner_of(desa: str, settings: HarmoniSettings) -> str:
    """The kecamatan (or kecamatan, joined) a configured desa belongs to, with its level word."""
    upper = settings.tingkat[0]
    return ", ".join(titled(upper, k) for k, names in settings.wilayah.items() if desa in names)


def _check_unambiguous(desa: str, kecamatan: str | None, settings: HarmoniSettings) -> None:
    """A desa found in several kecamatan must be in the chosen one."""
    owners = [k for k, names in settings.wilayah.items() if desa in names]
    if len(owners) > 1 and kecamatan not in owners:
        raise ChoiceError(
            f"desa `{desa}` ada di lebih dari satu kecamatan ({', '.join(owners)}). "
            "Pilih kecamatannya juga (--kecamatan) agar jelas desa yang dimaksud."
        )
