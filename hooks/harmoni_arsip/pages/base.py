"""What every generated page is: an address, a title, a template and what it shows.

Page kinds are small classes (`ActivityPage`, `ListingPage`, `PlacePage`, `StatisticsPage`,
`TombstonePage`), each in the module of its name, with their required fields as required
keyword arguments. They are plain data: `manifest.py` renders them with `render.py` (Jinja);
the engine adapter only assembles what it rendered.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from .previews import Preview, Previews


@dataclass
class GeneratedPage:
    """A page the archive makes from its data."""

    src_uri: str
    """Its virtual Markdown source, e.g. `k/2024-001/index.md` (gives the URL `k/2024-001/`)."""
    title: str
    description: str
    template: ClassVar[str]
    """The template in `templates/` that renders its content."""
    searchable: ClassVar[bool] = False
    """Whether the search may index the page as a whole; the others (`search: exclude` in their
    front matter) are indexed only where their template marks a part (`data-pagefind-body`:
    activities, listings by their name) or not at all (statistics, search page, withdrawn)."""
    in_nav: bool = False
    """Whether the site navigation lists it (decided once, by the plan's navigation)."""

    @property
    def markdown(self) -> str:
        """Markdown the engine renders into `narrative` (only activities have any)."""
        return ""

    @property
    def canonical_url(self) -> str | None:
        """The page's permanent address where it has one (activities, withdrawn entries)."""
        return None

    def context(self) -> dict[str, Any]:
        """What its template shows, besides the site-wide names every template gets."""
        return {}

    def preview(self, previews: Previews, url: str) -> Preview:
        """What link previews and search engines show for it."""
        return previews.page(self.title, self.description, url, [])
