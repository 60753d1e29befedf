"""Stage 4: what the archive publishes for machines: an Atom feed and open data (JSON, CSV).

Pure functions from entries and their published media to file contents; the site plan
(`plan.py`) publishes the files and hands the open-data page's tables to its template.
"""

from __future__ import annotations

from ..addresses import CSV_URI, FEED_URI, JSON_URI

__all__ = ["CSV_URI", "DATA_MARKER", "FEED_URI", "JSON_URI"]
DATA_MARKER = "<!-- harmoni:data-terbuka -->"
"""Where the open-data page (docs/data-terbuka.md) shows the dataset's description and fields."""
