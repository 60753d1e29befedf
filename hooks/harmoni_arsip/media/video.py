"""Take a poster frame from a video with the ffmpeg binary that imageio-ffmpeg ships."""

from __future__ import annotations

import subprocess
from pathlib import Path


class PosterError(RuntimeError):
    """No frame could be taken from the video."""


def poster_frame(video: Path) -> bytes:
    """A PNG of the frame at one second (or the first frame of a shorter video)."""
    for offset in ("1", "0"):
        frame = _frame_at(video, offset)
        if frame:
            return frame
    raise PosterError("tidak ada gambar yang bisa diambil dari video ini")


def _frame_at(video: Path, offset: str) -> bytes:
    """PNG bytes of one frame at `offset` seconds, or empty when there is none."""
    from imageio_ffmpeg import get_ffmpeg_exe  # imported here: it looks up a binary

    command = [
        get_ffmpeg_exe(), "-nostdin", "-v", "error", "-ss", offset, "-i", str(video),
        "-frames:v", "1", "-f", "image2pipe", "-c:v", "png", "-",
    ]  # fmt: skip
    try:
        result = subprocess.run(command, capture_output=True, timeout=120, check=False)
    except (OSError, subprocess.TimeoutExpired) as err:
        raise PosterError(str(err)) from None
    return result.stdout if result.returncode == 0 else b""
