"""The headers check: every rule seen failing and passing on real loopback sites."""

from __future__ import annotations

import pytest

from confaudit.demo.server import Reply, Site
from confaudit.model import FindingStatus, Severity
from tests.conftest import page

GOOD_HEADERS = [
    (
        "Content-Security-Policy",
        "default-src 'self'; script-src 'self' https://cdn.vendor.example; frame-ancestors 'none'",
    ),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
]
SRI = "sha384-oqVuAfXRKap7fdgcCY5uykM6+R9GqQ8K/uxy9rx7HNQlGYl1kPzQho1wx4JwY8wC"


def secure_site() -> Site:
    return Site(
        host="secure.example",
        headers=GOOD_HEADERS,
        routes={
            "/": Reply(
                200,
                [
                    ("Content-Type", "text/html"),
                    ("Set-Cookie", "session=1; Path=/; Secure; HttpOnly; SameSite=Lax"),
                ],
                b'<title>Secure</title><script src="https://cdn.vendor.example/lib.js" integrity="'
                + SRI.encode()
                + b'" crossorigin="anonymous"></script><a href="/book">Book an appointment</a>',
            ),
            "/book": page(
                '<form action="/book" method="post"><input name="name"><input name="email" type="email">'
                '<input name="phone" type="tel"><textarea name="reason"></textarea></form>',
                title="Book",
            ),
        },
    )


def insecure_site() -> Site:
    return Site(
        host="insecure.example",
        headers=[("Referrer-Policy", "unsafe-url")],
        routes={
            "/": Reply(
                200,
                [
                    ("Content-Type", "text/html"),
                    ("Set-Cookie", "session=1; Path=/"),
                    ("Set-Cookie", "theme=x; Secure"),
                ],
                b'<title>Insecure</title><script src="https://connect.tracker.example/px.js"></script>'
                b'<script src="http://insecure.example/old.js"></script><img src="http://insecure.example/a.png">'
                b'<a href="/book">Book an appointment</a>',
            ),
            "/book": page(
                '<script src="https://connect.tracker.example/px.js"></script>'
                '<form action="http://insecure.example/send" method="post"><input name="name">'
                '<input name="email" type="email"><input name="phone" type="tel"><textarea name="reason"></textarea></form>',
                title="Book",
            ),
        },
    )


def by_rule(run) -> dict:
    result = next(c for c in run.result.checks if c.check == "headers")
    return {f.rule: f for f in result.findings}


@pytest.fixture
def both(serve):
    served = serve(secure_site(), insecure_site())
    return by_rule(served.audit("https://secure.example/")), by_rule(
        served.audit("https://insecure.example/")
    )


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


def test_softer_cases_are_warnings(serve):
    site = Site(
        host="soft.example",
        headers=[
            ("Content-Security-Policy", "default-src 'self' 'unsafe-inline'"),
            ("X-Content-Type-Options", "nosniff"),
            ("X-Frame-Options", "SAMEORIGIN"),
        ],
        routes={
            "/": Reply(
                200,
                [("Content-Type", "text/html"), ("Set-Cookie", "lang=en; Secure")],
                b'<title>Soft</title><img src="http://soft.example/pic.png">',
            )
        },
    )
    found = by_rule(serve(site).audit("https://soft.example/"))
    assert found["headers/csp-missing"].status == FindingStatus.WARN
    assert found["headers/csp-missing"].severity == Severity.LOW
    assert found["headers/referrer-policy-unsafe"].status == FindingStatus.WARN  # missing, not unsafe
    assert found["headers/mixed-content"].status == FindingStatus.WARN  # an image only
    assert found["headers/cookie-insecure"].status == FindingStatus.WARN  # only SameSite missing
    assert found["headers/framing-allowed"].status == FindingStatus.PASS


def test_meta_tags_count_and_form_on_plain_http_page_is_critical(serve):
    site = Site(
        host="meta.example",
        http="serve",
        https=False,
        routes={
            "/": page(
                '<form action="/contact" method="post"><input name="name"><textarea name="message"></textarea></form>',
                head='<meta name="referrer" content="no-referrer">'
                '<meta http-equiv="Content-Security-Policy" content="default-src \'self\'">',
            )
        },
    )
    found = by_rule(serve(site).audit("http://meta.example/"))
    assert found["headers/referrer-policy-unsafe"].status == FindingStatus.PASS
    assert found["headers/csp-missing"].status == FindingStatus.PASS
    assert found["headers/form-insecure-action"].status == FindingStatus.FAIL
    assert found["headers/form-insecure-action"].evidence[0].data["action"] == "http://meta.example/contact"


def test_scores_follow_the_findings(both, serve):
    served = serve(secure_site(), insecure_site())
    good = served.audit("https://secure.example/", checks=["headers"]).result
    bad = served.audit("https://insecure.example/", checks=["headers"]).result
    assert good.score == 100 and good.grade == "A+"
    assert bad.grade == "F" and any(cap.grade == "F" for cap in bad.caps)
    headers = next(c for c in bad.checks if c.check == "headers")
    assert headers.score == max(0.0, 100 - sum(d.points for d in headers.deductions))
