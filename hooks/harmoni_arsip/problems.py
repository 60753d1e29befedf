"""Problems found in staff input: collected, reported once each, never as a traceback."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from . import LOG_NAME

log = logging.getLogger(LOG_NAME)


LINE_BREAKS = str.maketrans(dict.fromkeys("\r\n\v\f\x1c\x1d\x1e\x85\u2028\u2029", "⏎"))
"""Every character that may start a new line in a log (Python's `str.splitlines` set)."""


def one_line(text: str) -> str:
    """`text` on one line, each line break shown as ⏎: staff text quoted in a message can then
    never start a line of its own, such as a GitHub Actions command (`::error::`, `::add-mask::`,
    `::stop-commands::`) in a workflow's log."""
    return text.translate(LINE_BREAKS)


@dataclass(frozen=True)
class Problem:
    """One thing wrong in one file, with advice on how to fix it (in Bahasa Indonesia)."""

    path: str
    """File path relative to the project folder."""
    message: str
    """What is wrong and how to fix it."""
    line: int | None = None
    """1-based line in the file, where known."""

    def __str__(self) -> str:
        where = f"{self.path}, baris {self.line}" if self.line else self.path
        return one_line(f"{where}: {self.message}")


@dataclass
class Problems:
    """The problems of one build, in the order they were found."""

    items: list[Problem] = field(default_factory=list)

    def add(self, path: str, message: str, line: int | None = None) -> None:
        """Record a problem."""
        self.items.append(Problem(path, message, line))

    def report(self) -> None:
        """Log every problem as a warning, so `--strict` fails on any of them."""
        for problem in self.items:
            log.warning(str(problem))

    def __len__(self) -> int:
        return len(self.items)


class HarmoniError(Exception):
    """A problem that stops the whole build or command (bad settings, a lost published id); the
    message is for staff, in Bahasa Indonesia. MkDocs shows it as a `PluginError`, the `harmoni`
    command as `Galat: …`."""
