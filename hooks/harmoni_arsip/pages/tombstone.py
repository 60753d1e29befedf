"""What the permanent address of a withdrawn activity shows: that, when and why it was
withdrawn, and nothing of its former content. Printed QR codes keep leading here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .. import addresses
from ..entries import Tombstone
from .base import GeneratedPage
from .previews import Preview, Previews

TITLE = "Kegiatan ditarik"
"""The title of a withdrawn entry that kept none."""


@dataclass(kw_only=True)
class TombstonePage(GeneratedPage):
    """A withdrawn activity's page."""

    template = "tombstone.html"
    tombstone: Tombstone
    permanent_url: str

    @property
    def canonical_url(self) -> str:
        return self.permanent_url

    def context(self) -> dict[str, Any]:
        return {"tombstone": self.tombstone, "archive_uri": addresses.archive_src_uri()}

    def preview(self, previews: Previews, url: str) -> Preview:
        return previews.withdrawn(self.tombstone, url)
