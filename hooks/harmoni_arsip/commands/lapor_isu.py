"""`harmoni lapor-isu`: tell staff where they already look (GitHub mails issue activity to the
repository's watchers) whether their saves were published. With a report of errors it opens the
issue "Kegiatan belum terbit", or updates it and adds a comment (so a mail goes out again); with
no errors after a successful publication it closes it with a comment. Run by the publishing
workflow; talks to the GitHub REST API with the workflow's token (`issues: write`)."""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from ..checks.report import TITLE
from ..problems import HarmoniError

BOT = "github-actions[bot]"
"""Who opens the issue: the workflow's own token."""
MAX_RESPONSE = 2_000_000
"""Longest API answer read (bytes)."""
TIMEOUT = 30


def register(commands) -> None:
    """Add `harmoni lapor-isu` and its options."""
    parser = commands.add_parser(
        "lapor-isu",
        help="(alur kerja) buka, perbarui atau tutup isu 'Kegiatan belum terbit' di GitHub",
        description="Dijalankan oleh alur kerja penerbitan. Bila BERKAS laporan berisi "
        "kesalahan: membuka isu 'Kegiatan belum terbit' atau memperbaruinya dan menambahkan "
        "komentar. Bila kosong dan --terbit: menutup isu itu dengan komentar. Memakai "
        "GITHUB_TOKEN (atau GH_TOKEN) dan GITHUB_API_URL dari lingkungan alur kerja.",
    )
    parser.add_argument("--laporan", type=Path, required=True, metavar="BERKAS")
    parser.add_argument("--repo", required=True, metavar="PEMILIK/NAMA")
    parser.add_argument(
        "--terbit", action="store_true", help="situs berhasil diterbitkan pada jalan ini"
    )
    parser.add_argument("--tautan-jalan", default="", metavar="URL", help="alamat jalan ini")
    parser.set_defaults(run=run)


def run(args) -> int:
    """Open, update or close the issue; 0 when done (or nothing to do)."""
    report = args.laporan.read_text(encoding="utf-8") if args.laporan.exists() else ""
    print(report_issue(workflow_issues(args.repo), report, args.terbit, args.tautan_jalan))
    return 0


RESOLVED = "Semua kegiatan lolos pemeriksaan dan situs sudah terbit."
"""The comment that closes the issue."""


def report_issue(
    api: GitHubIssues, report: str, published: bool, run_link: str = "",
    title: str = TITLE, resolved: str = RESOLVED,
) -> str:  # fmt: skip
    """Bring the issue `title` in line with the report (closed with the comment `resolved`
    when the report is empty and `published`); returns what was done, for the log."""
    issue = api.open_issue(title)
    footer = f"\n\n[Lihat jalannya alur kerja]({run_link})" if run_link else ""
    if report.strip():
        body = report + footer
        if issue is None:
            number = api.create(title, body)
            return f"Isu #{number} '{title}' dibuka."
        api.update(issue, body=body)
        api.comment(issue, "Pemeriksaan terbaru masih menemukan kesalahan; daftar di atas sudah "
                    f"diperbarui.{footer}")  # fmt: skip
        return f"Isu #{issue} '{title}' diperbarui."
    if issue is not None and published:
        api.comment(issue, f"{resolved}{footer}")
        api.update(issue, state="closed", state_reason="completed")
        return f"Isu #{issue} '{title}' ditutup."
    return "Tidak ada isu yang perlu diubah."


def workflow_issues(repo: str) -> GitHubIssues:
    """The repository's issues, with the workflow's token and API address."""
    return GitHubIssues(
        os.environ.get("GITHUB_API_URL", "https://api.github.com"),
        repo,
        os.environ.get("GITHUB_TOKEN") or os.environ.get("GH_TOKEN", ""),
    )


class GitHubIssues:
    """The few calls of GitHub's REST API this needs, with the workflow's token."""

    def __init__(self, api_url: str, repo: str, token: str) -> None:
        if not token:
            raise HarmoniError("GITHUB_TOKEN kosong: jalankan dari alur kerja GitHub Actions.")
        self.base = f"{api_url.rstrip('/')}/repos/{repo}"
        self.token = token

    def open_issue(self, title: str) -> int | None:
        """The number of the open issue with this title opened by the workflow, if any."""
        query = f"/issues?state=open&creator={urllib.parse.quote(BOT)}&per_page=100"
        for issue in self._call("GET", query):
            if issue.get("title") == title and "pull_request" not in issue:
                return int(issue["number"])
        return None

    def create(self, title: str, body: str) -> int:
        """Open an issue; its number."""
        return int(self._call("POST", "/issues", {"title": title, "body": body})["number"])

    def update(self, number: int, **fields: str) -> None:
        """Change an issue's body or state."""
        self._call("PATCH", f"/issues/{number}", fields)

    def comment(self, number: int, body: str) -> None:
        """Add a comment (watchers get a mail)."""
        self._call("POST", f"/issues/{number}/comments", {"body": body})

    def _call(self, method: str, path: str, payload: dict | None = None):
        """One API request; its JSON answer. Stops with a clear message on any failure."""
        data = None if payload is None else json.dumps(payload).encode("utf-8")
        request = urllib.request.Request(self.base + path, data=data, method=method)
        request.add_header("Authorization", f"Bearer {self.token}")
        request.add_header("Accept", "application/vnd.github+json")
        request.add_header("X-GitHub-Api-Version", "2022-11-28")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
                return json.loads(response.read(MAX_RESPONSE) or b"null")
        except urllib.error.HTTPError as err:
            raise HarmoniError(
                f"GitHub menolak {method} {path}: {err.code} {err.reason}."
            ) from None
        except (urllib.error.URLError, TimeoutError, json.JSONDecodeError) as err:
            raise HarmoniError(f"GitHub tidak dapat dihubungi ({method} {path}): {err}.") from None
