"""The promises check: on evidence recorded from the claims world (ad-sharing denial broken and honoured,
cookies, processors, transfers) and on evidence built here (an end-to-end claim over weak TLS, a named video
platform)."""

from __future__ import annotations

import pytest
from confaudit_checks.promises import CHECK

from confaudit.engine.audit import AuditRun, judge
from confaudit.knowledge import Knowledge
from confaudit.model import (
    CheckResult,
    CrawlEvidence,
    Evidence,
    Finding,
    FindingStatus,
    Form,
    FormField,
    HttpExchange,
    Page,
    PageKind,
    Target,
)
from confaudit.model.tls import CipherSuite, ProtocolSupport, TlsEvidence
from tests.checks.judging import replay

RULES = [r.id for r in CHECK.rules]


@pytest.fixture(scope="module")
def runs() -> dict[str, AuditRun]:
    """The promises check on three providers (recorded audits of the claims world)."""
    hosts = ("truecare.co.uk", "leakycare.co.uk", "quietcare.co.uk")
    return {host: replay(f"claims-{host.split('.')[0]}", ["promises"]) for host in hosts}


def result(run: AuditRun) -> CheckResult:
    return next(c for c in run.result.checks if c.check == "promises")


def finding(check: CheckResult, rule: str) -> Finding:
    return next(f for f in check.findings if f.rule == rule)


def failed(check: CheckResult) -> set[str]:
    return {f.rule for f in check.findings if f.status in (FindingStatus.FAIL, FindingStatus.WARN)}


def test_every_rule_emits_a_finding(runs: dict[str, AuditRun]) -> None:
    for run in runs.values():
        assert result(run).status.value == "ok", result(run).reason
        assert [f.rule for f in result(run).findings] == RULES


def test_ad_sharing_denial_contradicted_on_the_leaky_site_only(runs: dict[str, AuditRun]) -> None:
    leaky = finding(result(runs["leakycare.co.uk"]), "promises/ad-sharing-denial-contradicted")
    assert leaky.status == FindingStatus.FAIL
    assert leaky.severity.value == "critical"  # the pixel is on the booking page too
    assert "Meta" in leaky.summary and "/book" in leaky.summary
    assert leaky.evidence[0].kind == "quote" and "advertisers" in leaky.evidence[0].text
    assert any(e.kind == "recipient" and e.data.get("owner") == "Meta Platforms" for e in leaky.evidence)
    assert leaky.remediation and leaky.references
    honoured = finding(result(runs["truecare.co.uk"]), "promises/ad-sharing-denial-contradicted")
    assert honoured.status == FindingStatus.PASS and honoured.evidence[0].kind == "quote"
    none = finding(result(runs["quietcare.co.uk"]), "promises/ad-sharing-denial-contradicted")
    assert none.status == FindingStatus.INFO


def test_each_failure_on_the_right_site_and_no_other(runs: dict[str, AuditRun]) -> None:
    assert failed(result(runs["leakycare.co.uk"])) == {
        "promises/ad-sharing-denial-contradicted",
        "promises/cookies-undisclosed",
        "promises/processors-undisclosed",
        "promises/transfers-undisclosed",
    }
    assert failed(result(runs["truecare.co.uk"])) == set()
    assert failed(result(runs["quietcare.co.uk"])) == set()


def test_failures_quote_the_promise_and_list_observations(runs: dict[str, AuditRun]) -> None:
    check = result(runs["leakycare.co.uk"])
    cookies = finding(check, "promises/cookies-undisclosed")
    assert any(e.kind == "quote" and "essential cookies" in e.text for e in cookies.evidence)
    assert any(e.kind == "recipient" for e in cookies.evidence)
    processors = finding(check, "promises/processors-undisclosed")
    assert "Meta Pixel" in processors.summary and "Google Tag Manager" in processors.summary
    transfers = finding(check, "promises/transfers-undisclosed")
    assert "the United States" in transfers.summary
    assert any(e.kind == "note" and "international-transfer" in e.text for e in transfers.evidence)


# --- recorded evidence: encryption ---------------------------------------------------------------------------


def recorded(notice: str, tls: TlsEvidence | None, forms: list[Form] | None = None) -> Evidence:
    url = "https://weaktls.co.uk/"
    policy = Page(
        url + "privacy",
        PageKind.POLICY,
        HttpExchange(
            url + "privacy",
            status=200,
            content_type="text/html; charset=utf-8",
            body=f"<html lang=en><body><h1>Privacy</h1>{notice}</body></html>".encode(),
        ),
    )
    home = Page(
        url, PageKind.HOME, HttpExchange(url, status=200, content_type="text/html"), forms=forms or []
    )
    parts: dict[str, object] = {"crawl": CrawlEvidence(url, pages=[home, policy])}
    if tls is not None:
        parts["tls"] = tls
    return Evidence(Target(url), parts)


def tls_with(version: str, *suites: str) -> TlsEvidence:
    return TlsEvidence(
        host="weaktls.co.uk",
        port=443,
        available=True,
        protocols=[
            ProtocolSupport(
                version, accepted=True, cipher_suites=[CipherSuite(s, key_size=128) for s in suites]
            )
        ],
    )


E2E = "<p>All video sessions are end-to-end encrypted and completely secure.</p>"


def encryption(ev: Evidence) -> Finding:
    [res] = judge(ev, [CHECK], Knowledge())
    return finding(res, "promises/encryption-overstated")


def test_end_to_end_claim_over_weak_tls_is_overstated() -> None:
    weak = tls_with("TLS 1.0", "TLS_RSA_WITH_NULL_SHA", "TLS_RSA_WITH_AES_128_CBC_SHA")
    f = encryption(recorded(E2E, weak))
    assert f.status == FindingStatus.FAIL and f.severity.value == "high"
    assert "end-to-end" in f.summary and "TLS 1.0" in f.summary
    assert f.evidence[0].kind == "quote" and "end-to-end" in f.evidence[0].text
    assert any(e.kind == "tls" and "TLS_RSA_WITH_NULL_SHA" in e.text for e in f.evidence)


def test_strong_tls_and_no_platform_passes_but_says_e2e_is_not_observable() -> None:
    f = encryption(recorded(E2E, tls_with("TLS 1.3", "TLS_AES_128_GCM_SHA256")))
    assert f.status == FindingStatus.PASS and "cannot be observed" in f.summary


def test_named_video_platform_without_default_e2e() -> None:
    notice = E2E + "<p>Sessions take place on Zoom.</p>"
    f = encryption(recorded(notice, tls_with("TLS 1.3", "TLS_AES_128_GCM_SHA256")))
    assert f.status == FindingStatus.WARN and "Zoom" in f.summary
    assert any("end-to-end encryption on" in e.text for e in f.evidence)


def test_form_over_http_is_critical_and_missing_tls_is_said() -> None:
    form = Form("http://weaktls.co.uk/contact", "post", [FormField("email", "email")])
    f = encryption(recorded(E2E, None, [form]))
    assert f.status == FindingStatus.FAIL and f.severity.value == "critical"
    assert "No TLS scan" in f.summary


def test_no_encryption_promise_is_not_applicable() -> None:
    f = encryption(recorded("<p>We keep notes in a locked filing cabinet at the practice.</p>", None))
    assert f.status == FindingStatus.INFO


def test_demo_like_promise_reads_from_shared_notice_cache() -> None:
    """Both checks read the notice once per crawl object (the cache), and again for a new crawl."""
    from confaudit.analysis.notice import read_notice

    ev = recorded(E2E, None)
    assert read_notice(ev) is read_notice(ev)
    assert read_notice(recorded(E2E, None)) is not read_notice(ev)
