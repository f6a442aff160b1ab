"""The headers check: every rule seen failing and passing, judged on evidence recorded from the headers
world (``tests/sites/headers.py``; ``make fixtures`` re-records it)."""

from __future__ import annotations

import pytest

from confaudit.model import FindingStatus, Severity
from tests.checks.judging import judged


def by_rule(name: str) -> dict:
    result = next(c for c in judged(name).checks if c.check == "headers")
    return {f.rule: f for f in result.findings}


@pytest.fixture(scope="module")
def both():
    return by_rule("headers-secure"), by_rule("headers-insecure")


RULES = [
    "headers/csp-missing",
    "headers/referrer-policy-unsafe",
    "headers/nosniff-missing",
    "headers/framing-allowed",
    "headers/cookie-insecure",
    "headers/mixed-content",
    "headers/sri-missing",
    "headers/form-insecure-action",
]


@pytest.mark.parametrize("rule", RULES)
def test_every_rule_passes_on_the_secure_site_and_fails_on_the_insecure_one(both, rule):
    good, bad = both
    assert good[rule].status == FindingStatus.PASS, good[rule].summary
    assert bad[rule].status == FindingStatus.FAIL, bad[rule].summary
    assert bad[rule].evidence, "a failure carries its evidence"
    assert bad[rule].remediation and bad[rule].references


def test_severities_and_evidence_on_the_insecure_site(both):
    _, bad = both
    assert bad["headers/form-insecure-action"].severity == Severity.CRITICAL
    form = bad["headers/form-insecure-action"].evidence[0]
    assert (
        form.data["action"] == "http://insecure.example/send" and form.url == "https://insecure.example/book"
    )
    # the booking page loads a third party and tells the browser to send it the full URL
    assert bad["headers/referrer-policy-unsafe"].severity == Severity.HIGH
    assert bad["headers/mixed-content"].severity == Severity.HIGH
    assert any("old.js" in e.text for e in bad["headers/mixed-content"].evidence)
    cookie_texts = [e.text for e in bad["headers/cookie-insecure"].evidence]
    assert "cookie session lacks Secure, HttpOnly" in cookie_texts
    assert bad["headers/sri-missing"].evidence[0].data["src"] == "https://connect.tracker.example/px.js"
    assert bad["headers/framing-allowed"].severity == Severity.MEDIUM  # a framable page has a form


def test_softer_cases_are_warnings():
    found = by_rule("headers-soft")
    assert found["headers/csp-missing"].status == FindingStatus.WARN
    assert found["headers/csp-missing"].severity == Severity.LOW
    assert found["headers/referrer-policy-unsafe"].status == FindingStatus.WARN  # missing, not unsafe
    assert found["headers/mixed-content"].status == FindingStatus.WARN  # an image only
    assert found["headers/cookie-insecure"].status == FindingStatus.WARN  # only SameSite missing
    assert found["headers/framing-allowed"].status == FindingStatus.PASS


def test_meta_tags_count_and_form_on_plain_http_page_is_critical():
    found = by_rule("headers-meta")
    assert found["headers/referrer-policy-unsafe"].status == FindingStatus.PASS
    assert found["headers/csp-missing"].status == FindingStatus.PASS
    assert found["headers/form-insecure-action"].status == FindingStatus.FAIL
    assert found["headers/form-insecure-action"].evidence[0].data["action"] == "http://meta.example/contact"


def test_scores_follow_the_findings():
    good = judged("headers-secure")
    bad = judged("headers-insecure")
    assert good.score == 100 and good.grade == "A+"
    assert bad.grade == "F" and any(cap.grade == "F" for cap in bad.caps)
    headers = next(c for c in bad.checks if c.check == "headers")
    assert headers.score == max(0.0, 100 - sum(d.points for d in headers.deductions))
