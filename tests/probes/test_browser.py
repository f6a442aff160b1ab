"""The browser probe in Chromium against the trackers world: what the stand-ins received (the evidence the
check judges is asserted in ``tests/checks/trackers``), the evidence's round trip, and the static fallback.

Each audit is one of the session's scenarios (``tests/sites/worlds.py``), run once and shared with the
recording test; ``logs`` holds what every site received during that audit only.
"""

from __future__ import annotations

import hashlib
from urllib.parse import parse_qs

import pytest

from confaudit.model import Evidence, FindingStatus
from confaudit.model.browser import BrowserEvidence
from confaudit.model.serde import from_jsonable, to_jsonable
from confaudit.probes.browser import find_chromium
from tests.sites.trackers import ENCODING_HOSTS, vendors

needs_chromium = pytest.mark.skipif(find_chromium() is None, reason="no Chromium installed")
pytestmark = pytest.mark.xdist_group("trackers")  # with the recording test's trackers scenarios
STAND_INS = set(vendors())


def trackers_result(run):
    return next(c for c in run.result.checks if c.check == "trackers")


def test_static_mode_runs_no_script(worlds):
    """Static mode never runs a page's scripts: nothing reached the stand-ins but the crawl's own fetches."""
    logs = worlds.live("trackers-leaky-static").logs
    assert not logs["www.facebook.com"] and not logs["in.hotjar.com"]


@needs_chromium
def test_leaky_site_sends_the_hashed_email_and_the_form_is_never_submitted(worlds):
    live = worlds.live("trackers-leaky-browser")
    browser: BrowserEvidence = live.evidence.get("browser")
    email = next(c.value for c in browser.canaries if c.field_type == "email")
    sent = [parse_qs(r.query).get("ud[em]", [None])[0] for r in live.logs["www.facebook.com"]]
    assert hashlib.sha256(email.encode()).hexdigest() in sent
    # the form was never submitted
    assert not [r for r in live.logs["formspree.io"] if r.method == "POST"]


@needs_chromium
def test_clean_site_reaches_no_stand_in(worlds):
    live = worlds.live("trackers-clean-browser")
    assert all(not live.logs[host] for host in STAND_INS)


@needs_chromium
def test_canary_stand_ins_did_receive_each_encoding(worlds):
    """What the check reports (tests/checks/trackers) is what was sent."""
    live = worlds.live("trackers-canary-browser")
    for host in ENCODING_HOSTS.values():
        assert live.logs[host], host


@needs_chromium
def test_browser_evidence_round_trips_and_rejudges_offline(worlds):
    run = worlds.live("trackers-leaky-browser").run
    browser = run.evidence.get("browser")
    again = from_jsonable(BrowserEvidence, to_jsonable(browser))
    assert again == browser
    from checks.trackers import CHECK
    from confaudit.knowledge import Knowledge

    evidence = Evidence(target=run.evidence.target, parts={"crawl": run.evidence.crawl, "browser": again})
    rejudged = CHECK.run(evidence, Knowledge())
    original = trackers_result(run)
    assert [(f.rule, f.status, f.summary) for f in rejudged.findings] == [
        (f.rule, f.status, f.summary) for f in original.findings
    ]


def test_browser_never_and_missing_chromium(worlds, monkeypatch):
    served = worlds.world("trackers")
    run = served.audit("https://plainsite.example/", checks=["trackers"], browser="never")
    result = next(c for c in run.result.checks if c.check == "trackers")
    assert result.data["mode"] == "static"
    monkeypatch.setenv("CONFAUDIT_CHROMIUM", "/nonexistent/chromium")
    run = served.audit("https://plainsite.example/", checks=["trackers"], browser="auto")
    result = next(c for c in run.result.checks if c.check == "trackers")
    assert result.status.value == "ok" and "no Chromium found" in result.data["static_only_reason"]
    run = served.audit("https://plainsite.example/", checks=["trackers"], browser="always")
    result = next(c for c in run.result.checks if c.check == "trackers")
    assert result.status.value == "error" and "--browser always" in result.reason
    assert all(f.status != FindingStatus.FAIL for f in result.findings)
