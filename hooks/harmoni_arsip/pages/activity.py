"""The page of one activity, at its permanent address `k/<id>/`: facts, narrative, gallery,
videos, social-media posts, share and feedback links, and its QR code."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..entries import Entry
from ..media.published import ActivityMedia
from .base import GeneratedPage
from .feedback import FeedbackLink
from .previews import Preview, Previews


@dataclass(kw_only=True)
class ActivityPage(GeneratedPage):
    """An activity's page."""

    template = "activity.html"
    searchable = True
    entry: Entry
    media: ActivityMedia
    permanent_url: str
    """What its QR code holds."""
    qr_pixels: int
    """The width (= height) of its QR code PNG."""
    feedback: list[FeedbackLink] = field(default_factory=list)

    @property
    def markdown(self) -> str:
        return self.entry.body

    @property
    def canonical_url(self) -> str:
        return self.permanent_url

    def context(self) -> dict[str, Any]:
        return {
            "entry": self.entry, "media": self.media, "permanent_url": self.permanent_url,
            "qr_pixels": self.qr_pixels, "feedback": self.feedback,
        }  # fmt: skip

    def preview(self, previews: Previews, url: str) -> Preview:
        return previews.activity(self.entry, url)
