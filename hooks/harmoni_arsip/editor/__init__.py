"""Stage 4: the web editor at `/admin/`: Sveltia CMS, bundled, with its configuration derived
from the office's settings at every build."""

from .config import EditorFile, editor_config, editor_files

__all__ = ["EditorFile", "editor_config", "editor_files"]
