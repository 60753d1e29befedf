"""Link previews: what WhatsApp, Facebook, X and search engines show for a page.

Builds the data of Open Graph and Twitter card tags and of schema.org `Event` data (JSON-LD);
`templates/previews.html` writes them, escaped, and `head.insert_into_head` puts them in the page.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..entries import Entry, Tombstone
from ..media.published import ActivityMedia, GalleryImage, PreviewImage, preview_image
from ..places import Places
from ..settings import Site

OG_LOCALES = {"id": "id_ID", "en": "en_US"}
WITHDRAWN_DESCRIPTION = "Dokumentasi kegiatan ini telah ditarik dari arsip."


@dataclass(frozen=True)
class Preview:
    """Everything a page's `<head>` says about it to other sites."""

    title: str
    description: str
    url: str
    kind: str
    """The Open Graph type: `article` for an activity, `website` for other pages."""
    image: PreviewImage | None = None
    data: dict | None = None
    """schema.org data, written as JSON-LD."""


class Previews:
    """Makes the preview of each kind of page of one build."""

    def __init__(
        self, publisher: Site, entries: list[Entry], media: dict[str, ActivityMedia],
        places: Places,
    ) -> None:  # fmt: skip
        self.publisher = publisher
        self.places = places
        """How addresses name the office's places."""
        self.entries = entries
        """Published entries, newest first."""
        self.media = media
        """Entry id → its published media (filled while files are added)."""

    def activity(self, entry: Entry, url: str) -> Preview:
        """An activity page: its title, description and cover, and its schema.org `Event`."""
        media = self.media[entry.id]
        image = self.image(media.cover) if media.cover else None
        data = event_data(entry, media, url, self.publisher, self.places)
        return Preview(entry.title, entry.description or entry.title, url, "article", image, data)

    def withdrawn(self, tombstone: Tombstone, url: str) -> Preview:
        """A withdrawn entry's page: no picture, nothing of its former content."""
        return Preview(tombstone.title or "Kegiatan ditarik", WITHDRAWN_DESCRIPTION, url, "website")

    def page(self, title: str, description: str, url: str, entries: list[Entry]) -> Preview:
        """A listing, the home page or a hand-written page: the newest cover of `entries`, else
        of the whole archive."""
        cover = latest_cover([*entries, *self.entries], self.media)
        image = self.image(cover) if cover else None
        return Preview(title, description or self.publisher.description, url, "website", image)

    def image(self, image: GalleryImage) -> PreviewImage | None:
        """The largest display size of a photo, at its absolute URL."""
        return preview_image(image, self.publisher.site_url)

    @property
    def locale(self) -> str:
        """The Open Graph locale of the theme's language, e.g. `id_ID`."""
        language = self.publisher.language
        return OG_LOCALES.get(language, language.replace("-", "_"))


def latest_cover(entries: list[Entry], media: dict[str, ActivityMedia]) -> GalleryImage | None:
    """The cover of the first entry in `entries` that has one."""
    for entry in entries:
        published = media.get(entry.id)
        if published and published.cover:
            return published.cover
    return None


def event_data(
    entry: Entry, media: ActivityMedia, url: str, publisher: Site, places: Places
) -> dict:
    """The schema.org `Event` of an activity: what, when, where, who organised it."""
    photos = [p for p in (media.cover, *media.photos) if p is not None]
    images = [preview_image(p, publisher.site_url) for p in dict.fromkeys(photos)]
    return {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": entry.title,
        "startDate": entry.date.isoformat(),
        "description": entry.description or entry.title,
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": locations(entry, places),
        "image": [image.url for image in images if image],
        "organizer": {
            "@type": "GovernmentOrganization",
            "name": publisher.office,
            "url": publisher.site_url,
        },  # fmt: skip
        "url": url,
    }


def locations(entry: Entry, places: Places) -> list[dict]:
    """One schema.org `Place` per desa (or per kecamatan when no desa is named).

    Indonesian addresses map as: the desa with its kecamatan (in a village's archive: the dusun
    with its desa) → `addressLocality`, the office's region → `addressRegion`."""
    region = places.region
    names = [
        (places.lower_title(p.kecamatan, p.desa), places.locality(p.kecamatan, p.desa))
        for p in entry.places
    ]
    names = names or [(places.upper_title(k),) * 2 for k in entry.kecamatan]
    names = names or [(region or "Indonesia", "")]
    return [_place(name, locality, region) for name, locality in names]


def _place(name: str, locality: str, region: str | None) -> dict:
    address = {"@type": "PostalAddress", "addressCountry": "ID"}
    if locality:
        address["addressLocality"] = locality
    if region:
        address["addressRegion"] = region
    return {"@type": "Place", "name": name, "address": address}
