"""Stage 3: QR codes that encode a page's absolute permanent URL."""
