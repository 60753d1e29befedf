"""Stage 2: derive web images from photos and video posters, cached by content."""
