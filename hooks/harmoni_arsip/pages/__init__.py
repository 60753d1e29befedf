"""Stage 5: activity pages, listing pages (home, archive, facets) and their HTML."""
