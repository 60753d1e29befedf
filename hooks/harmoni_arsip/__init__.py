"""HARMONI Arsip: activity entries → media → pages → QR codes → indexes.

The pipeline is ordinary importable code; `hooks/harmoni.py` only wires it into MkDocs events.
"""

from __future__ import annotations

LOG_NAME = "mkdocs.plugins.harmoni"
"""Records under the `mkdocs` logger count as warnings for `mkdocs build --strict`."""
