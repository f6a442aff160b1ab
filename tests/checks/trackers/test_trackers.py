"""The trackers check on evidence recorded from the trackers world (``tests/sites/trackers.py``): every rule
failing and passing, statically and in Chromium. What the stand-ins received is asserted on the live audits
in ``tests/probes/test_browser.py``."""

from __future__ import annotations

import pytest

from confaudit.knowledge import Knowledge
from confaudit.model import FindingStatus, Severity
from confaudit.model.browser import BrowserEvidence
from tests.checks.judging import replay
from tests.sites.trackers import ENCODING_HOSTS, TRACKER_LIST

RULES = [
    "trackers/ad-pixel",
    "trackers/ad-pixel-on-sensitive-page",
    "trackers/analytics-on-sensitive-page",
    "trackers/session-replay",
    "trackers/cookie-before-consent",
    "trackers/form-data-to-third-party",
    "trackers/sensitive-url-to-third-party",
    "trackers/fingerprinting",
    "trackers/third-party-embed",
    "trackers/form-posts-to-third-party",
]


def by_rule(run) -> dict:
    result = next(c for c in run.result.checks if c.check == "trackers")
    assert result.status.value == "ok", result.reason
    return {f.rule: f for f in result.findings}


def trackers_result(run):
    return next(c for c in run.result.checks if c.check == "trackers")


@pytest.fixture(scope="module")
def static_leaky():
    return replay("trackers-leaky-static")


def test_every_rule_is_judged_once(static_leaky):
    from confaudit_checks.trackers import CHECK

    run = static_leaky
    assert sorted(by_rule(run)) == sorted(RULES)
    # declared by the rule functions themselves and judged in declaration order, with no hand-written judge
    assert CHECK.judge is None and [r.id for r in CHECK.rules] == RULES
    assert [f.rule for f in trackers_result(run).findings] == RULES


def test_static_leaky_site(static_leaky):
    run = static_leaky
    f = by_rule(run)
    result = trackers_result(run)
    assert result.data["mode"] == "static"
    assert "--browser never" in result.data["static_only_reason"]
    assert f["trackers/ad-pixel"].status == FindingStatus.FAIL
    meta = [e for e in f["trackers/ad-pixel"].evidence if e.data.get("entity") == "Meta Pixel / Facebook"]
    assert any(e.data.get("account") == "918273645546372" for e in meta)
    assert meta[0].data["country"] == "US" and "ftc-betterhelp-2023" in meta[0].data["cases"]
    assert f["trackers/ad-pixel-on-sensitive-page"].status == FindingStatus.FAIL
    assert f["trackers/ad-pixel-on-sensitive-page"].severity == Severity.CRITICAL
    assert any("BetterHelp" in e.text for e in f["trackers/ad-pixel-on-sensitive-page"].evidence)
    # the tag manager's loader is all static analysis sees of it; the pixels it injects are invisible
    analytics = f["trackers/analytics-on-sensitive-page"]
    assert analytics.status == FindingStatus.FAIL
    assert any(e.data.get("account") == "GTM-LEAFY1" for e in analytics.evidence)
    assert not any("LinkedIn" in str(e.data.get("entity")) for e in f["trackers/ad-pixel"].evidence)
    replay = f["trackers/session-replay"]
    assert replay.status == FindingStatus.FAIL and replay.severity == Severity.CRITICAL
    cookies = f["trackers/cookie-before-consent"]
    assert cookies.status == FindingStatus.FAIL
    assert [e.data["name"] for e in cookies.evidence] == ["visitor_id"]
    assert f["trackers/form-data-to-third-party"].status == FindingStatus.INFO
    assert "needs a browser" in f["trackers/form-data-to-third-party"].summary
    assert f["trackers/sensitive-url-to-third-party"].status == FindingStatus.WARN
    assert f["trackers/fingerprinting"].status == FindingStatus.WARN
    embed = f["trackers/third-party-embed"]
    assert embed.status == FindingStatus.FAIL
    assert {e.data.get("entity") for e in embed.evidence} == {"Google Fonts"}
    posts = f["trackers/form-posts-to-third-party"]
    assert posts.status == FindingStatus.FAIL and posts.severity == Severity.HIGH
    assert posts.evidence[0].data["entity"] == "Formspree"


def test_static_clean_site_has_no_false_positive():
    run = replay("trackers-clean-static")
    f = by_rule(run)
    for rule, finding in f.items():
        expected = FindingStatus.INFO if rule == "trackers/form-data-to-third-party" else FindingStatus.PASS
        assert finding.status == expected, (rule, finding.summary)
    assert trackers_result(run).score == 100


def test_browser_leaky_site():
    run = replay("trackers-leaky-browser")
    result = trackers_result(run)
    f = by_rule(run)
    assert result.data["mode"] == "browser"
    browser: BrowserEvidence = run.evidence.get("browser")
    assert browser.ran and {p.kind.value for p in browser.pages} >= {"home", "sensitive", "policy"}
    # the tag manager injected a LinkedIn pixel at run time: only the browser sees it
    ads = f["trackers/ad-pixel"]
    assert any(
        e.data.get("entity") == "LinkedIn Insight Tag" and e.data["source"] == "browser" for e in ads.evidence
    )
    # the canary: the recorder sent the typed values as they are, the pixel the SHA-256 of the email
    canary = f["trackers/form-data-to-third-party"]
    assert canary.status == FindingStatus.FAIL and canary.severity == Severity.CRITICAL
    hits = {(e.data["entity"], e.data["encoding"], e.data["field_type"]) for e in canary.evidence}
    assert ("Hotjar", "plain", "textarea") in hits
    assert ("Hotjar", "plain", "email") in hits
    assert ("Meta Pixel / Facebook", "sha256", "email") in hits
    url = f["trackers/sensitive-url-to-third-party"]
    assert url.status == FindingStatus.FAIL
    assert any("/book" in e.text and e.data["entity"] == "Meta Pixel / Facebook" for e in url.evidence)
    cookies = f["trackers/cookie-before-consent"]
    names = {e.data["name"] for e in cookies.evidence if e.kind == "cookie"}
    assert {"_fbp", "fr", "visitor_id"} <= names  # first party by script, third party by the pixel's host
    assert cookies.severity == Severity.HIGH
    fp = f["trackers/fingerprinting"]
    assert fp.status == FindingStatus.FAIL
    assert any("fpcdn.io" in e.text for e in fp.evidence)
    assert browser.screenshots and browser.screenshots[0].data[:2] == b"\xff\xd8"  # JPEG
    assert all(r.page_url for r in browser.requests)
    assert any(r.resource_type == "ping" and r.post_body for r in browser.requests)


def test_browser_clean_site_has_no_false_positive():
    run = replay("trackers-clean-browser")
    f = by_rule(run)
    for rule, finding in f.items():
        assert finding.status == FindingStatus.PASS, (
            rule,
            finding.summary,
            [e.text for e in finding.evidence],
        )
    browser = run.evidence.get("browser")
    assert browser.ran and len(browser.canaries) == 4  # name, email, phone, reason typed; nothing left
    assert "reached no third party" in f["trackers/form-data-to-third-party"].summary


def test_canary_caught_in_each_encoding():
    """The canary lab's stand-ins send the typed email plain, URL-encoded, in base64 and hashed three ways."""
    run = replay("trackers-canary-browser")
    result = next(c for c in run.result.checks if c.check == "trackers")
    finding = next(f for f in result.findings if f.rule == "trackers/form-data-to-third-party")
    assert finding.status == FindingStatus.FAIL
    found = {e.data["third_party"]: e.data["encoding"] for e in finding.evidence}
    assert found == {host: enc for enc, host in ENCODING_HOSTS.items()}


def test_tracker_list_reaches_the_check(tmp_path):
    lst = tmp_path / "mine.txt"
    lst.write_text(TRACKER_LIST)
    plain = replay("trackers-listed")
    listed = replay("trackers-listed", knowledge=Knowledge(tracker_lists=[str(lst)]))

    def embed_categories(run):
        result = next(c for c in run.result.checks if c.check == "trackers")
        return result.data["third_parties"]["beacon.smalltracker.example"]["category"], result.data[
            "filter_lists"
        ]

    assert embed_categories(plain)[0] == "third-party"
    category, lists = embed_categories(listed)
    assert category == "tracker" and lists[-1].startswith("mine.txt")
