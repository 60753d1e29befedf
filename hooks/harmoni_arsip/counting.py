"""Counting visits and QR scans without cookies, with GoatCounter (opt-in).

Pure text: the counter script the pages load and the marker a QR code adds to its address.
A QR code holds the permanent address plus `#q`. The page script sends one hit for the visit and,
when the address ends in `#q`, a second hit (a GoatCounter event `qr/<path>`) for the scan, then
removes `#q` from the address bar with `history.replaceState`, so a link a citizen forwards is
not counted as a scan again. Codes printed without the marker, or after counting is switched
off, open the same page (a browser ignores an unknown fragment).

Chosen by measurement (`scripts/ukur_atribusi_qr.py`): no extra page on the way (a stub page
`/q/<id>/` cost 0.5 s on a slow 3G connection), nothing left to forward (a `?src=qr` query
stays in the address), two characters in the code.
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

QR_MARKER = "#q"
"""Added to the address in QR codes when counting is on."""
QR_EVENT_PREFIX = "qr"
"""GoatCounter event paths of QR scans: `qr/<page path>`."""

_SCRIPT = """\
<script>/* Penghitung kunjungan tanpa cookie (GoatCounter); lihat halaman Privasi. */
(function () {
  var endpoint = %(endpoint)s, host = %(host)s;
  var scan = location.hash === %(marker)s;
  if (scan) history.replaceState(null, "", location.pathname + location.search);
  if (location.host !== host) return;
  function send(data) {
    if (navigator.webdriver) data.b = 153;
    data.s = screen.width;
    data.rnd = Math.random().toString(36).slice(2, 7);
    var query = Object.keys(data).map(function (key) {
      return key + "=" + encodeURIComponent(data[key]);
    }).join("&");
    var url = endpoint + "?" + query;
    if (!(navigator.sendBeacon && navigator.sendBeacon(url))) new Image().src = url;
  }
  function count() {
    if (document.visibilityState === "prerender") return;
    send({p: location.pathname, t: document.title, r: document.referrer});
    if (scan) send({p: %(prefix)s + location.pathname, t: "Scan QR: " + document.title, e: "true"});
  }
  if (document.readyState === "complete") count();
  else addEventListener("load", count);
})();
</script>
"""


def count_endpoint(goatcounter: str) -> str:
    """GoatCounter's documented counting endpoint of a site: `<site>/count`."""
    return goatcounter.rstrip("/") + "/count"


def counter_script(goatcounter: str, site_url: str) -> str:
    """The `<script>` element every page carries in its `<head>`: inline, so a page costs no
    extra request (a separate file delayed the page's `load` on a slow connection); it strips
    the QR marker at once and counts after `load`, only on the published site (not under
    `mkdocs serve`)."""
    return _SCRIPT % {
        "endpoint": json.dumps(count_endpoint(goatcounter)),
        "host": json.dumps(urlsplit(site_url).netloc),
        "marker": json.dumps(QR_MARKER),
        "prefix": json.dumps(QR_EVENT_PREFIX),
    }


def qr_address(permanent_url: str, counting: bool) -> str:
    """What a QR code holds: the permanent address, marked as a scan when counting is on."""
    return permanent_url + QR_MARKER if counting else permanent_url
