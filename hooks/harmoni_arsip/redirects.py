"""A small static site for a former host: every page path of the build redirects to the same
path under the new `site_url`, so QR stickers printed with the old address keep working."""

from __future__ import annotations

import html
import json
from pathlib import Path
from urllib.parse import urlsplit

from .addresses import absolute_url

PAGE = """<!doctype html>
<html lang="id">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Halaman ini sudah pindah</title>
<meta name="robots" content="noindex">
<link rel="canonical" href="{target}">
<meta http-equiv="refresh" content="0; url={target}">
<script>location.replace({target_js} + location.search + location.hash);</script>
</head>
<body>
<p>Halaman ini sudah pindah ke <a href="{target}">{target}</a>.</p>
</body>
</html>
"""
NOT_FOUND = """<!doctype html>
<html lang="id">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Situs ini sudah pindah</title>
<meta name="robots" content="noindex">
<script>
(function () {{
  var oldBase = {old_path_js}, newBase = {new_base_js}, path = location.pathname;
  if (path.indexOf(oldBase) === 0) path = path.slice(oldBase.length);
  location.replace(newBase + path.replace(/^\\/+/, "") + location.search + location.hash);
}})();
</script>
</head>
<body>
<p>Situs ini sudah pindah ke <a href="{new_base}">{new_base}</a>.</p>
</body>
</html>
"""


def page_paths(site_dir: Path) -> list[str]:
    """The path of every page of a built site, as a directory URL (`k/2024-001/`, `` for home)."""
    paths = []
    for page in sorted(site_dir.rglob("index.html")):
        relative = page.parent.relative_to(site_dir).as_posix()
        paths.append("" if relative == "." else relative + "/")
    return paths


def write_redirect_site(paths: list[str], old_base: str, new_base: str, out_dir: Path) -> int:
    """Write one redirect page per path, and a 404 page that redirects any other path."""
    for path in paths:
        target = absolute_url(new_base, path)
        page = PAGE.format(target=html.escape(target), target_js=json.dumps(target))
        destination = out_dir / path / "index.html"
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_text(page, encoding="utf-8")
    old_path = urlsplit(old_base).path or "/"
    not_found = NOT_FOUND.format(
        old_path_js=json.dumps(old_path if old_path.endswith("/") else old_path + "/"),
        new_base_js=json.dumps(absolute_url(new_base, "")),
        new_base=html.escape(new_base),
    )
    (out_dir / "404.html").write_text(not_found, encoding="utf-8")
    return len(paths)
