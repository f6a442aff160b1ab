"""The trackers check on real loopback sites: every rule failing and passing, statically and in Chromium."""

from __future__ import annotations

import hashlib
from urllib.parse import parse_qs

import pytest

from confaudit.model import Evidence, FindingStatus, Severity
from confaudit.model.browser import BrowserEvidence
from confaudit.model.serde import from_jsonable, to_jsonable
from confaudit.probes.browser import find_chromium
from tests.trackersites import clean_site, leaky_site, vendors

needs_chromium = pytest.mark.skipif(find_chromium() is None, reason="no Chromium installed")

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


@pytest.fixture
def sites(serve):
    stand_ins = vendors()
    served = serve(leaky_site(), clean_site(), *stand_ins.values())
    return served, stand_ins


@pytest.fixture
def static_leaky(sites):
    served, stand_ins = sites
    return served.audit("https://leafyclinic.example/", checks=["trackers"], browser="never"), stand_ins


def test_every_rule_is_judged_once(static_leaky):
    from checks.trackers import CHECK

    run, _ = static_leaky
    assert sorted(by_rule(run)) == sorted(RULES)
    # declared by the rule functions themselves and judged in declaration order, with no hand-written judge
    assert CHECK.judge is None and [r.id for r in CHECK.rules] == RULES
    assert [f.rule for f in trackers_result(run).findings] == RULES


def test_static_leaky_site(static_leaky):
    run, stand_ins = static_leaky
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
    # static mode never runs a page's scripts: nothing reached the stand-ins but the crawl's own fetches
    assert not stand_ins["www.facebook.com"].log and not stand_ins["in.hotjar.com"].log


def test_static_clean_site_has_no_false_positive(sites):
    served, _ = sites
    run = served.audit("https://quietclinic.example/", checks=["trackers"], browser="never")
    f = by_rule(run)
    for rule, finding in f.items():
        expected = FindingStatus.INFO if rule == "trackers/form-data-to-third-party" else FindingStatus.PASS
        assert finding.status == expected, (rule, finding.summary)
    assert trackers_result(run).score == 100


@needs_chromium
def test_browser_leaky_site(sites):
    served, stand_ins = sites
    run = served.audit("https://leafyclinic.example/", checks=["trackers"], browser="always")
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
    email = next(c.value for c in browser.canaries if c.field_type == "email")
    sent = [parse_qs(r.query).get("ud[em]", [None])[0] for r in stand_ins["www.facebook.com"].log]
    assert hashlib.sha256(email.encode()).hexdigest() in sent
    # the form was never submitted
    assert not [r for r in stand_ins["formspree.io"].log if r.method == "POST"]
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


@needs_chromium
def test_browser_clean_site_has_no_false_positive(sites):
    served, stand_ins = sites
    run = served.audit("https://quietclinic.example/", checks=["trackers"], browser="always")
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
    assert all(not site.log for site in stand_ins.values())


@needs_chromium
def test_browser_evidence_round_trips_and_rejudges_offline(sites):
    served, _ = sites
    run = served.audit("https://leafyclinic.example/", checks=["trackers"], browser="always")
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
