"""MkDocs `File` objects for what the archive publishes."""

from __future__ import annotations

import os
import shutil

from mkdocs.structure.files import File


class CachedFile(File):
    """A file served from the derived-media cache: hard-linked into the site, not copied,
    so a rebuild with nothing changed moves no image bytes (falls back to copying)."""

    def copy_file(self, dirty: bool = False) -> None:
        if dirty and not self.is_modified():
            return
        assert self.abs_src_path is not None
        output = self.abs_dest_path
        os.makedirs(os.path.dirname(output), exist_ok=True)
        if os.path.lexists(output):
            os.unlink(output)
        try:
            os.link(self.abs_src_path, output)
        except OSError:
            shutil.copyfile(self.abs_src_path, output)
