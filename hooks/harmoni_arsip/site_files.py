"""MkDocs `File` objects for what the archive publishes."""

from __future__ import annotations

import os
import shutil

from mkdocs.structure.files import File


class CachedFile(File):
    """A file served from the derived-media cache: hard-linked into the site, not copied,
    so a rebuild with nothing changed moves no image bytes (falls back to copying).
    Thousands of these are linked per build, so the common case costs one system call."""

    def copy_file(self, dirty: bool = False) -> None:
        if dirty and not self.is_modified():
            return
        assert self.abs_src_path is not None
        try:
            _link(self.abs_src_path, self.abs_dest_path)
        except FileNotFoundError:  # its folder is not there yet (or the source is missing)
            os.makedirs(os.path.dirname(self.abs_dest_path), exist_ok=True)
            _link(self.abs_src_path, self.abs_dest_path)


def _link(source: str, output: str) -> None:
    """Hard-link `source` to `output`, replacing it; copy where hard links are not possible."""
    try:
        os.link(source, output)
    except FileExistsError:
        os.unlink(output)
        _link(source, output)
    except FileNotFoundError:
        raise
    except OSError:  # another file system, or a mount without hard links
        shutil.copyfile(source, output)
