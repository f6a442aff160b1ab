"""The HTML report opened in a real headless Chromium with the network blocked.

A report about confidentiality must not leak who read it: it must attempt no request at all, raise no
console error, show the grade and the most serious finding, and show a hostile site's text as text.
"""

from __future__ import annotations

import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from confaudit.demo.server import Reply, Site
from confaudit.report import render_html

ARTIFACTS = Path(__file__).resolve().parent.parent.parent / "build" / "test-artifacts"
HOSTILE = (
    '<img src=x onerror="document.title=\'pwned\'"><script>document.title="pwned"</script>'
    "{{ 7*7 }}{% if 1 %}jinja{% endif %}<style>body{display:none}</style>"
)


def chromium_path() -> str | None:
    for candidate in (os.environ.get("CONFAUDIT_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


@pytest.fixture(scope="module")
def browser():
    path = chromium_path()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("CI must install Debian's chromium for the report test")
        pytest.skip("no chromium on this machine")
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=path,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--disable-sync",
                "--disable-quic",
            ],
        )
        yield b
        b.close()


def hostile_site() -> Site:
    body = f"<title>{HOSTILE}</title><h1>{HOSTILE}</h1>".encode()
    return Site(
        host="hostile-report.example",
        routes={
            "/": Reply(
                200,
                [("Content-Type", "text/html"), ("Set-Cookie", f"sess{HOSTILE[:20]}=1; Path=/")],
                body
                + b'<a href="/book">Book an appointment</a><script src="http://hostile-report.example/x.js"></script>',
            ),
            "/book": Reply(
                200,
                [("Content-Type", "text/html")],
                b'<title>Book</title><form action="http://evil.example/?q=<script>alert(1)</script>" method=post>'
                b'<input name="name"><textarea name="reason"></textarea></form>',
            ),
        },
    )


def audit_result(served, url: str):
    """Audit in a thread: Playwright's sync API owns this thread's event loop."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(served.audit, url, checks=["headers"]).result().result


def open_report(browser, html: str, shot: str):
    requests: list[str] = []
    errors: list[str] = []
    context = browser.new_context(java_script_enabled=True, offline=True)
    page = context.new_page()
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.route("**/*", lambda route: route.abort())
    page.set_content(html, wait_until="load")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / shot), full_page=True)
    return context, page, requests, errors


def test_report_loads_nothing_and_shows_grade_and_top_finding(worlds, browser):
    result = worlds.live("headers-insecure").run.result
    context, page, requests, errors = open_report(browser, render_html(result), "report-insecure.png")
    try:
        assert requests == [] and errors == []
        assert page.locator(".gauge title").text_content().startswith(f"Grade {result.grade}")
        assert page.locator(".gauge").is_visible()
        top = page.locator("#top-h + ol li").first.inner_text()
        assert "A form sends what clients type over plain HTTP" in top and "critical" in top.lower()
        assert page.get_by_text("What this means for you").is_visible()
        # every evidence table and quote is reachable by keyboard through its summary
        assert page.locator("details > summary").count() >= 1
    finally:
        context.close()


def test_hostile_site_text_is_inert(serve, browser):
    served = serve(hostile_site())
    result = audit_result(served, "https://hostile-report.example/")
    html = render_html(result)
    assert "<script>document.title" not in html and "onerror=" not in html.replace("onerror=&#34;", "")
    context, page, requests, errors = open_report(browser, html, "report-hostile.png")
    try:
        assert requests == [] and errors == []
        assert page.title().startswith("Confidentiality audit:")  # no injected script ran
        assert page.locator("body").is_visible()  # an injected <style> did not hide the page
        text = page.locator("main").inner_text()
        assert "<script>alert(1)</script>" in text  # shown as text
        assert page.locator("main script, main img[src='x'], main style").count() == 0
    finally:
        context.close()


def test_report_works_with_javascript_off(worlds, browser):
    result = worlds.live("headers-insecure").run.result
    context = browser.new_context(java_script_enabled=False, offline=True)
    page = context.new_page()
    try:
        page.set_content(render_html(result))
        assert page.locator("h1").inner_text() == result.target.label
        assert page.locator(".finding").count() == sum(1 for f in result.findings() if f.failed)
    finally:
        context.close()


def test_screenshots_from_the_evidence_are_embedded_inline(worlds, browser):
    from confaudit.model.browser import BrowserEvidence, Screenshot

    run = worlds.live("headers-insecure").run
    context = browser.new_context()
    page = context.new_page()
    page.set_content("<p style='font-size:40px'>booking page</p>")
    png = page.screenshot()
    context.close()
    run.evidence.parts["browser"] = BrowserEvidence(
        ran=True, screenshots=[Screenshot("https://insecure.example/book", "image/png", png)]
    )
    html = render_html(run.result, run.evidence)
    assert html.count("data:image/png;base64,") == 1
    assert "data:image/png;base64," not in render_html(run.result)  # without evidence: no screenshots
    context, page, requests, errors = open_report(browser, html, "report-screenshot.png")
    try:
        assert requests == [] and errors == []
        size = page.locator("#shots-h ~ figure img").evaluate("img => img.naturalWidth")
        assert size > 100  # the image decoded from the data URI
    finally:
        context.close()
