"""The check's errors as a report for staff (Markdown, Bahasa Indonesia), grouped by activity with
a link that opens each one in the web editor: the text of the "Kegiatan belum terbit" issue and
of the workflow's job summary. Pure: findings in, text out.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

from ..problems import Problem, Problems

TITLE = "Kegiatan belum terbit"
"""The title of the GitHub issue the publishing workflow opens, updates and closes."""
EDITOR_COLLECTION = "kegiatan"
"""The editor's collection of activities (`editor/config.py`)."""


@dataclass(frozen=True)
class EntryProblems:
    """The errors of one activity, by its `index.md`."""

    source: str
    title: str
    problems: tuple[Problem, ...]


def entry_of(problem_path: str, sources: set[str]) -> str | None:
    """The `index.md` (of `sources`) whose folder holds the file a problem names, or None."""
    path = PurePosixPath(problem_path)
    for folder in [path.parent, *path.parent.parents]:
        candidate = str(folder / "index.md")
        if candidate in sources:
            return candidate
    return None


def group_by_entry(
    errors: Problems, titles: dict[str, str]
) -> tuple[list[EntryProblems], list[Problem]]:
    """The errors of each activity (in the order found) and the ones of no activity."""
    sources = set(titles)
    found: dict[str, list[Problem]] = {}
    other = []
    for problem in errors.items:
        source = entry_of(problem.path, sources)
        if source is None:
            other.append(problem)
        else:
            found.setdefault(source, []).append(problem)
    entries = [EntryProblems(s, titles[s], tuple(p)) for s, p in found.items()]
    return entries, other


def editor_link(site_url: str, entries_folder: str, source: str) -> str:
    """The address that opens an activity in the web editor (Sveltia CMS routes entries by their
    path below the collection folder, without `.md`)."""
    sub_path = PurePosixPath(source).relative_to(entries_folder).with_suffix("")
    return f"{site_url.rstrip('/')}/admin/#/collections/{EDITOR_COLLECTION}/entries/{sub_path}"


def report_text(
    errors: Problems,
    titles: dict[str, str],
    entries_folder: str,
    editor_url: str | None,
) -> str:
    """The report, or empty text when there is no error."""
    if not errors.items:
        return ""
    entries, other = group_by_entry(errors, titles)
    lines = [
        f"## {TITLE}",
        "",
        f"Pemeriksaan terakhir menemukan {len(errors.items)} kesalahan, jadi situs "
        "**belum diperbarui**: situs yang tayang tetap seperti sebelumnya, dan kegiatan di bawah "
        "ini belum terdaftar sebagai terbit. Perbaiki setiap kesalahan, lalu simpan lagi. "
        "Setelah pemeriksaan berikutnya lolos, situs terbit dan pemberitahuan ini ditutup "
        "otomatis.",
    ]
    for entry in entries:
        lines += ["", f"### {entry.title}", "", f"Berkas: `{entry.source}`"]
        if editor_url:
            lines.append(
                f"[Buka di editor web]({editor_link(editor_url, entries_folder, entry.source)})"
            )
        lines.append("")
        lines += [
            f"- {_where(problem, entry.source)}{problem.message}" for problem in entry.problems
        ]
    if other:
        lines += ["", "### Lainnya", ""]
        lines += [f"- {problem}" for problem in other]
    return "\n".join(lines) + "\n"


def _where(problem: Problem, source: str) -> str:
    """`baris N: ` for a problem in the entry's `index.md`, the file's name for another file."""
    if problem.path == source:
        return f"baris {problem.line}: " if problem.line else ""
    name = PurePosixPath(problem.path).relative_to(PurePosixPath(source).parent)
    return f"`{name}`: "
