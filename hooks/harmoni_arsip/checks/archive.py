"""Check a whole archive the way the build does, without building it.

Errors come from the build's own entry point (`render_plan.make_manifest`), so `harmoni periksa`
and `mkdocs build` can never disagree (the markup the sanitizer drops from a hand-written page
included); the symbolic links of the docs folder, which MkDocs reads rather than the plan, are
checked with the function the build's adapter uses. Planning also fills the cache, so the next
build does no image work. The site-size estimate sizes that same plan. The repository checks add
errors about what is committed rather than published (files GitHub refuses, personal metadata in
originals, the same photo twice). Warnings are advice the build does not give.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

from ..entries import Archive
from ..entries.archive import entries_root, unregistered_ids
from ..media.derive import media_sources
from ..media.hosted import read_hosted
from ..mkdocs_adapter import engine_files
from ..pages.activity import ActivityPage
from ..pages.listing import ListingPage
from ..plan import SitePlan, media_files
from ..problems import Problem, Problems
from ..render_plan import make_manifest
from ..search_index import bundle_estimate
from ..settings import HarmoniSettings, site_of
from ..symlinks import report_symlinks
from . import hosting
from .advice import advise, advise_places
from .duplicates import check_double_entries, check_duplicates
from .repository import RepositorySize, check_repository


@dataclass(frozen=True)
class Findings:
    """What `harmoni periksa` found."""

    errors: Problems
    """Everything the build reports (and `mkdocs build --strict` fails on)."""
    warnings: Problems
    """Advice: the build accepts these."""
    entries: int
    photos: int
    """Photos and video posters checked."""
    site: hosting.SiteEstimate
    repository: RepositorySize
    archive: Archive
    """What was read: the entries the errors belong to."""
    unregistered: tuple[str, ...] = ()
    """Ids not yet in the registry: the next step (`harmoni daftarkan`), not a problem."""


def check_archive(config: MkDocsConfig, settings: HarmoniSettings, project: Path) -> Findings:
    """Plan the site as the build does, then give the advice and size the plan."""
    markdown = (config.markdown_extensions, config.mdx_configs)
    hosted = read_hosted(settings.media)  # as the build: photos on the media host need no file
    planned = make_manifest(project, settings, site_of(config, settings), markdown, hosted)
    manifest, archive, plan = planned.manifest, planned.archive, planned.plan
    errors = Problems([Problem(*item) for item in manifest.problems])
    docs = Path(config.docs_dir)
    report_symlinks(docs, project, errors)  # what MkDocs reads: the build checks it alike
    warnings = Problems()
    if manifest.stop:  # the build stops here; periksa reports everything else too
        relative = settings.daftar_terbit
        errors.add(relative, manifest.stop.removeprefix(f"{relative}: "))
    for entry in archive.entries:
        advise(entry, settings, project, warnings)
        check_duplicates(entry, project, errors)
    check_double_entries(archive.entries, warnings)
    advise_places(settings, warnings)
    estimate = site_estimate(plan, config, project)
    for origin, message in hosting.host_warnings(estimate):
        warnings.add(origin, message)
    photos = len(media_sources(archive.entries))
    stored = check_repository(entries_root(project, settings), project, archive, errors, warnings)
    new = tuple(unregistered_ids(project, settings, archive))
    return Findings(errors, warnings, len(archive.entries), photos, estimate, stored, archive, new)


def site_estimate(plan: SitePlan, config: MkDocsConfig, project: Path) -> hosting.SiteEstimate:
    """The published site: the plan's files as they are, what the engine adds (theme files,
    hand-written pages, search index, sitemap), and an estimate for each page's HTML; the
    photos and videos apart, as the media tier."""
    media_uris = {f.uri for media in plan.media.values() for f in media_files(media)}
    copied = [f for f in plan.copied if f.uri not in media_uris]
    media = [hosting.PublishedFile(_origin(f.source, f.uri, project), f.size)
             for f in plan.copied if f.uri in media_uris]  # fmt: skip
    files = [hosting.PublishedFile(_origin(f.source, f.uri, project), f.size) for f in copied]
    files += [hosting.PublishedFile(f.uri, f.size) for f in plan.written]
    static, engine_pages = engine_files(config)
    files += [hosting.PublishedFile(uri, size) for uri, size in static]
    search = bundle_estimate(_indexed_pages(plan, config))
    return hosting.estimate(files, len(plan.pages) + engine_pages, search, media)


def _indexed_pages(plan: SitePlan, config: MkDocsConfig) -> int:
    """How many pages the search indexes: activities, listings (their first pages), and
    hand-written pages but the home page (templates mark them; see search_index.py)."""
    generated = sum(isinstance(page, ActivityPage)
                    or (isinstance(page, ListingPage) and page.part.number == 1)
                    for page in plan.pages)  # fmt: skip
    written = sum(1 for _ in Path(config.docs_dir).rglob("*.md")) - 1
    return generated + max(written, 0)


def _origin(source: str, uri: str, project: Path) -> str:
    """Where a published file comes from, for messages: a file of the project (a video in its
    entry folder) by its path, anything derived by its site address."""
    path = Path(source)
    return path.relative_to(project).as_posix() if path.is_relative_to(project) else uri
