"""Stage 3: activity pages, listing pages (home, archive, facets) and their HTML."""
