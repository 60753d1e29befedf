"""All exports of one build, from the published entries and their media."""

from __future__ import annotations

from dataclasses import dataclass

from .. import addresses
from ..entries import Entry
from ..media.published import ActivityMedia
from ..places import places_of
from ..settings import HarmoniSettings, Site
from . import CSV_URI, FEED_URI, JSON_URI
from .feed import Feed, FeedItem, atom_bytes
from .opendata import Dataset, csv_bytes, dataset, json_bytes
from .records import FIELDS, LIST_SEPARATOR, activity_record


@dataclass(frozen=True)
class Exports:
    """The exported files (site path → bytes) and the description of the open data."""

    files: dict[str, bytes]
    dataset: Dataset
    feed_count: int
    """How many activities the feed lists."""

    def page_context(self) -> dict:
        """What `templates/data_terbuka.html` shows: the dataset, its fields and the files."""
        return {
            "dataset": self.dataset, "fields": FIELDS, "list_separator": LIST_SEPARATOR,
            "csv_uri": CSV_URI, "json_uri": JSON_URI, "feed_uri": FEED_URI,
            "feed_count": self.feed_count,
        }  # fmt: skip


def feed_title(site_name: str) -> str:
    """The title of the feed, in the feed and in every page's link to it."""
    return f"Kegiatan terbaru — {site_name}"


def build_exports(
    entries: list[Entry],
    media: dict[str, ActivityMedia],
    settings: HarmoniSettings,
    publisher: Site,
) -> Exports:
    """The feed of the newest entries and the open data of all of them (`entries` newest
    first; those without published media are left out)."""
    published = [e for e in entries if e.id in media]
    site_url = publisher.site_url
    places = places_of(settings)
    records = [
        activity_record(e, media[e.id], site_url, settings.kategori, places) for e in published
    ]
    about = dataset(settings, publisher.site_name, site_url, records)
    items = [_feed_item(e, site_url, settings) for e in published[: settings.umpan_jumlah]]
    files = {
        FEED_URI: atom_bytes(_feed(publisher, settings), items),
        JSON_URI: json_bytes(about, records),
        CSV_URI: csv_bytes(records),
    }
    return Exports(files, about, len(items))


def _feed(publisher: Site, settings: HarmoniSettings) -> Feed:
    return Feed(
        title=feed_title(publisher.site_name),
        subtitle=publisher.description,
        site_url=publisher.site_url,
        feed_url=addresses.absolute_url(publisher.site_url, FEED_URI),
        author=settings.kantor,
        language=publisher.language,
    )


def _feed_item(entry: Entry, site_url: str, settings: HarmoniSettings) -> FeedItem:
    return FeedItem(
        url=addresses.permanent_url(site_url, entry.id),
        title=entry.title,
        date=entry.date,
        summary=entry.description or entry.title,
        category=entry.kategori,
        category_name=settings.kategori.get(entry.kategori, entry.kategori),
    )
