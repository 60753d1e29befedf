"""The statistics page in a real headless Chromium, on a phone: charts drawn, nothing too wide.

Uses the server and phone fixtures of `test_browser.py` and the browser of conftest.py (system
Chromium through Playwright, the demo site on 127.0.0.1, skipped without a browser unless
`HARMONI_BUTUH_PERAMBAN=1`). The screenshot goes to `test-artifacts/statistik-390x844.png`.
"""

from __future__ import annotations

from urllib.parse import urljoin

import pytest
from test_browser import SIZE, WIDTH, _screenshot, _settle, phone, site_url  # noqa: F401

pytestmark = pytest.mark.browser

JS_CHART_BOXES = """() => [...document.querySelectorAll('.harmoni-grafik svg[role="img"]')]
  .map((svg) => { const r = svg.getBoundingClientRect();
    return {label: svg.getAttribute('aria-labelledby'), left: r.left, width: r.width,
            height: r.height, text: svg.querySelector('text') !== null}; })"""
JS_PAGE_WIDTH = "() => document.documentElement.scrollWidth"
JS_TABLE_RIGHTS = """() => [...document.querySelectorAll('.harmoni-statistik table')]
  .map((table) => table.getBoundingClientRect().left + table.scrollWidth)"""
JS_TEXT_SIZE = """() => { const t = document.querySelector('.harmoni-grafik svg text');
  return t.getBoundingClientRect().height; }"""


def test_statistik_di_ponsel(site_url, phone):  # noqa: F811 - fixtures from test_browser
    page = phone.page
    page.goto(urljoin(site_url, "statistik/"), wait_until="load")
    boxes = page.evaluate(JS_CHART_BOXES)
    assert [b["label"].split()[0] for b in boxes] == [
        "grafik-bulan-judul", "grafik-kategori-judul", "grafik-kecamatan-judul",
        "grafik-platform-judul",
    ]  # fmt: skip
    for box in boxes:
        assert box["width"] > 200 and box["height"] > 50, box
        assert box["left"] >= 0 and box["left"] + box["width"] <= WIDTH, box
        assert box["text"], box
    assert page.evaluate(JS_PAGE_WIDTH) <= WIDTH, "the page scrolls sideways on a phone"
    assert page.evaluate(JS_TEXT_SIZE) >= 9, "chart labels too small to read on a phone"
    rights = page.evaluate(JS_TABLE_RIGHTS)
    assert len(rights) >= 6 and max(rights) <= WIDTH, f"a table scrolls sideways: {rights}"
    _settle(page)
    _screenshot(page, f"statistik-{SIZE}.png")
    assert not phone.local_failures, f"failed requests: {phone.local_failures}"
    assert not phone.errors, f"JavaScript errors: {phone.errors}"
