"""PyYAML's English parse errors, explained in Bahasa Indonesia with the usual fix.

Staff write front matter by hand; the mistakes are few and always the same (a colon or a
leading `@`, `` ` ``, `[` or `*` in a title, a quote left open, a tab, a bracket not closed).
Each message names what YAML saw and says how to write the value so that it reads back.
"""

from __future__ import annotations

QUOTE_FIX = (
    'Beri tanda kutip pada seluruh nilainya, mis. `title: "Rapat Desa: Tahap 2"` (tanda kutip '
    "di dalam teks ditulis dua kali bila memakai kutip tunggal: `'Kata ''kunci'''`)."
)
"""How to write a value that YAML would otherwise read as syntax."""

EXPLANATIONS: tuple[tuple[str, str], ...] = (
    (
        "mapping values are not allowed",
        "ada titik dua (`:`) di tengah nilai, atau baris ini menjorok tidak sejajar dengan kunci "
        f"di atasnya. Bila teksnya memang memuat titik dua: {QUOTE_FIX} Bila bukan, ratakan "
        "baris ini dengan kunci lain.",
    ),
    (
        "found unexpected end of stream",
        "tanda kutip dibuka tetapi tidak ditutup. Tutup tanda kutipnya di akhir nilai yang sama.",
    ),
    (
        "found character that cannot start any token",
        "nilai diawali karakter yang punya arti khusus di YAML (`@`, `` ` ``, `%` atau tab). "
        f"{QUOTE_FIX} Menjorok dengan tab? Ganti dengan spasi.",
    ),
    (
        "found undefined alias",
        f"nilai diawali `*`, yang di YAML berarti rujukan. {QUOTE_FIX}",
    ),
    (
        "did not find expected ',' or ']'",
        "daftar dalam kurung siku `[ … ]` tidak ditutup, atau butirnya memuat koma atau titik "
        "dua. Tutup dengan `]`, atau beri tanda kutip pada butir itu, mis. "
        '`desa: [Balunijuk, "Kimak"]`.',
    ),
    (
        "did not find expected ',' or '}'",
        "kurung kurawal `{ … }` tidak ditutup. Tutup dengan `}`, atau beri tanda kutip pada "
        "nilainya bila kurung itu bagian dari teks.",
    ),
    (
        "did not find expected '-' indicator",
        "butir daftar (`- …`) dan kunci (`kunci: nilai`) tercampur pada tingkat yang sama. "
        "Setiap butir daftar diawali `- ` dan menjorok sejajar dengan butir lain.",
    ),
    (
        "did not find expected key",
        "nilai diawali `[`, `{` atau `&`, atau baris ini menjorok tidak sejajar dengan kunci lain. "
        f"Bila teksnya memang diawali karakter itu: {QUOTE_FIX}",
    ),
    (
        "could not find expected ':'",
        "sebuah baris tidak berbentuk `kunci: nilai`. Tambahkan titik dua sesudah kuncinya, "
        "atau gabungkan baris itu dengan nilai di atasnya.",
    ),
)
"""(words of PyYAML's problem, what it means and how to fix it), most specific first."""


TAB = (
    "ada karakter tab. YAML hanya menerima spasi untuk menjorokkan baris: ganti tab dengan dua "
    "spasi."
)


def explain(problem: str | None, line_text: str = "") -> str:
    """What a PyYAML parse problem at a line holding `line_text` means for staff, with the fix."""
    text = problem or ""
    if "\t" in line_text:
        return f"YAML tidak dapat dibaca: {TAB}"
    for words, explanation in EXPLANATIONS:
        if words in text:
            return f"YAML tidak dapat dibaca: {explanation}"
    return (
        "YAML tidak dapat dibaca: periksa baris ini dan baris di atasnya "
        f"(setiap baris berbentuk `kunci: nilai`, menjorok dengan spasi). {QUOTE_FIX}"
    )
