"""Recognise video and social-media URLs and derive their script-free embed addresses."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, quote, urlsplit

PLATFORMS = {
    "youtube.com": "YouTube",
    "youtu.be": "YouTube",
    "tiktok.com": "TikTok",
    "facebook.com": "Facebook",
    "fb.watch": "Facebook",
    "instagram.com": "Instagram",
}

EMBED_ORIGINS = (
    "https://www.youtube-nocookie.com",
    "https://www.tiktok.com",
    "https://www.instagram.com",
    "https://www.facebook.com",
)
"""Where the players of `embed_url` come from (a page's policy allows frames from these only)."""


def is_web_url(value: str) -> bool:
    """True for an http(s) address with a host that says plainly where it leads."""
    return refusal(value) is None


def refusal(value: str) -> str | None:
    """Why `value` is refused as a link, for staff (to follow a quoted address), or None. A
    browser reads `\\` as `/` and skips a user name before `@`, so
    `https://evil.example\\@www.facebook.com/` looks like Facebook and opens evil.example."""
    if "\\" in value:
        return "memuat garis miring terbalik (\\), yang dibaca peramban sebagai `/`"
    if any(char.isspace() or ord(char) < 32 for char in value):
        return "memuat spasi atau karakter kendali"
    try:
        parts = urlsplit(value)
        host = parts.hostname
    except ValueError:
        return "bukan alamat web yang sah"
    if parts.scheme not in ("http", "https") or not host:
        return "bukan alamat web (harus diawali https://)"
    if "@" in parts.netloc:
        return (
            "memuat nama pengguna sebelum `@`; peramban membuka situs sesudah `@`, bukan yang "
            "tampak di depannya. Tulis alamatnya tanpa bagian `…@`"
        )
    return None


def platform_of(url: str) -> str | None:
    """The platform's display name for a URL, or None if it is not a known platform."""
    host = (urlsplit(url).hostname or "").lower()
    for domain, name in PLATFORMS.items():
        if host == domain or host.endswith("." + domain):
            return name
    return None


def embed_url(url: str) -> str | None:
    """The iframe address for a platform video, or None when there is none to derive."""
    parts = urlsplit(url)
    platform = platform_of(url)
    if platform == "YouTube":
        video_id = _youtube_id(parts.hostname or "", parts.path, parts.query)
        return f"https://www.youtube-nocookie.com/embed/{video_id}" if video_id else None
    if platform == "TikTok":
        match = re.search(r"/video/(\d+)", parts.path)
        return f"https://www.tiktok.com/embed/v2/{match.group(1)}" if match else None
    if platform == "Instagram":
        match = re.match(r"/(p|reel|tv)/([\w-]+)", parts.path)
        return f"https://www.instagram.com/{match[1]}/{match[2]}/embed" if match else None
    if platform == "Facebook":
        return "https://www.facebook.com/plugins/video.php?href=" + quote(url, safe="")
    return None


def _youtube_id(host: str, path: str, query: str) -> str | None:
    """The video id of a youtube.com/watch, youtu.be or /shorts/ address."""
    if host.endswith("youtu.be"):
        candidate = path.strip("/").split("/")[0]
    elif path.startswith(("/shorts/", "/embed/", "/live/")):
        candidate = path.split("/")[2]
    else:
        candidate = parse_qs(query).get("v", [""])[0]
    return candidate if re.fullmatch(r"[\w-]{6,20}", candidate or "") else None
