"""`harmoni lapor-isu` against a local HTTP server speaking GitHub's issues API: a report opens
the issue "Kegiatan belum terbit", a later report updates it with a comment (a mail to
watchers), a clean run that published closes it, and every request carries the token."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from harmoni_arsip import cli

REPORT = "## Kegiatan belum terbit\n\n### Rapat B\n\n- baris 11: narasi masih berisi …\n"


class FakeGitHub:
    """The state of one repository's issues, and every request received."""

    def __init__(self) -> None:
        self.issues: dict[int, dict] = {}
        self.comments: list[tuple[int, str]] = []
        self.requests: list[tuple[str, str, str]] = []


def handler_for(github: FakeGitHub):
    class Handler(BaseHTTPRequestHandler):
        def _answer(self, status: int, payload) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _body(self) -> dict:
            return json.loads(self.rfile.read(int(self.headers["Content-Length"])))

        def _record(self) -> None:
            github.requests.append((self.command, self.path, self.headers["Authorization"]))

        def do_GET(self) -> None:  # noqa: N802
            self._record()
            assert self.path.startswith("/repos/dinas/arsip/issues?state=open&creator=github-")
            open_issues = [i for i in github.issues.values() if i["state"] == "open"]
            self._answer(200, open_issues)

        def do_POST(self) -> None:  # noqa: N802
            self._record()
            body = self._body()
            if self.path == "/repos/dinas/arsip/issues":
                number = len(github.issues) + 1
                github.issues[number] = {"number": number, "state": "open", **body}
                self._answer(201, github.issues[number])
            else:
                number = int(self.path.split("/")[-2])
                github.comments.append((number, body["body"]))
                self._answer(201, {"id": len(github.comments)})

        def do_PATCH(self) -> None:  # noqa: N802
            self._record()
            number = int(self.path.rsplit("/", 1)[1])
            github.issues[number].update(self._body())
            self._answer(200, github.issues[number])

        def log_message(self, *args) -> None:
            pass

    return Handler


@pytest.fixture
def github(monkeypatch) -> Iterator[FakeGitHub]:
    state = FakeGitHub()
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(state))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("GITHUB_API_URL", f"http://127.0.0.1:{server.server_address[1]}")
    monkeypatch.setenv("GITHUB_TOKEN", "token-uji")
    yield state
    server.shutdown()


def lapor(tmp_path: Path, report: str, *flags: str) -> int:
    path = tmp_path / "laporan.md"
    path.write_text(report, encoding="utf-8")
    args = ["lapor-isu", "--laporan", str(path), "--repo", "dinas/arsip", *flags]
    return cli.main([*args, "--tautan-jalan", "https://github.com/dinas/arsip/actions/runs/7"])


def test_report_opens_updates_and_a_published_run_closes_the_issue(github, tmp_path, capsys):
    assert lapor(tmp_path, REPORT) == 0
    (issue,) = github.issues.values()
    assert issue["title"] == "Kegiatan belum terbit" and issue["state"] == "open"
    assert issue["body"].startswith(REPORT)
    assert (
        "[Lihat jalannya alur kerja](https://github.com/dinas/arsip/actions/runs/7)"
        in (issue["body"])
    )
    assert "Isu #1 'Kegiatan belum terbit' dibuka." in capsys.readouterr().out

    assert lapor(tmp_path, REPORT.replace("Rapat B", "Rapat C")) == 0
    assert len(github.issues) == 1 and "Rapat C" in github.issues[1]["body"]
    assert github.comments[-1][0] == 1 and "masih menemukan kesalahan" in github.comments[-1][1]

    assert lapor(tmp_path, "") == 0  # clean, but the site did not publish: nothing changes
    assert github.issues[1]["state"] == "open"

    assert lapor(tmp_path, "", "--terbit") == 0
    assert github.issues[1]["state"] == "closed"
    assert github.issues[1]["state_reason"] == "completed"
    assert "situs sudah terbit" in github.comments[-1][1]
    assert {auth for _, _, auth in github.requests} == {"Bearer token-uji"}

    assert lapor(tmp_path, "", "--terbit") == 0  # nothing open: nothing to do
    assert [r[0] for r in github.requests[-1:]] == ["GET"]


def test_api_refusal_is_a_clear_message(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("GITHUB_API_URL", "http://127.0.0.1:9")  # nothing listens here
    monkeypatch.setenv("GITHUB_TOKEN", "token-uji")
    assert lapor(tmp_path, REPORT) == 2
    assert "Galat: GitHub tidak dapat dihubungi (GET /issues" in capsys.readouterr().err
