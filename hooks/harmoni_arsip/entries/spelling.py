"""The configured names nearest to a misspelt one, so a message can say what was meant."""

from __future__ import annotations

import difflib

CUTOFF = 0.6
"""How alike a name must be to be suggested (difflib's ratio: 1.0 is the same text)."""


def nearest(text: str, names: list[str], count: int = 3) -> list[str]:
    """Up to `count` names most like `text` (letter case ignored), most alike first."""
    folded = {name.casefold(): name for name in names}
    matches = difflib.get_close_matches(text.strip().casefold(), list(folded), count, CUTOFF)
    return [folded[match] for match in matches]


def did_you_mean(names: list[str]) -> str:
    """`Mungkin maksudnya: A atau B? ` for a message, or empty without suggestions."""
    if not names:
        return ""
    listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} atau {names[-1]}"
    return f"Mungkin maksudnya: {listed}? "
