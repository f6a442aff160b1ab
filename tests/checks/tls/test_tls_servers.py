"""The tls check's verdicts and transport grades on evidence recorded from the TLS lab: real servers on
loopback (nginx-light, ``tests/sites/tls.py``), each standing in for ``<name>.test``.

The crawl and TLS probes ran side by side as in an audit; ``make fixtures`` re-records them and
``tests/e2e/test_recorded_evidence.py`` keeps the recordings equal to what the lab serves today. The probe's
own facts are asserted on the live lab in ``tests/probes/test_tls.py``.
"""

from __future__ import annotations

import json

import pytest
from confaudit_checks.tls import CHECK

from confaudit.model import CheckStatus, Evidence, FindingStatus
from confaudit.model.serde import from_jsonable, to_jsonable
from confaudit.model.tls import TlsEvidence
from tests import evidence as recorded
from tests.sites.tls import NGINX_SERVERS

FAIL, WARN, PASS, INFO = (FindingStatus.FAIL, FindingStatus.WARN, FindingStatus.PASS, FindingStatus.INFO)
def audit(name: str) -> tuple[dict[str, FindingStatus], dict[str, object], Evidence]:
    """The check on the server's recorded evidence: every rule judged, pass included."""
    evidence = recorded.load(f"tls-{name}")
    result = CHECK.run(evidence, None)
    assert result.status == CheckStatus.OK, result.reason
    assert [f.rule for f in result.findings] == [r.id for r in CHECK.rules]  # every rule, pass included
    return {f.rule: f.status for f in result.findings}, result.data, evidence


@pytest.fixture(scope="module")
def audits() -> dict[str, tuple[dict[str, FindingStatus], dict[str, object], Evidence]]:
    return {name: audit(name) for name in NGINX_SERVERS}


ALL_PASS = {r.id: PASS for r in CHECK.rules}


def expect(**changes: FindingStatus) -> dict[str, FindingStatus]:
    return ALL_PASS | {f"tls/{k.replace('_', '-')}": v for k, v in changes.items()}


EXPECTED = {
    "modern": expect(),
    "intermediate": expect(),
    "legacy": expect(
        http_not_redirected=FAIL,
        cert_weak_key=FAIL,
        protocol_tls10=FAIL,
        protocol_tls11=FAIL,
        no_tls13=FAIL,
        weak_cipher=FAIL,
        no_forward_secrecy=WARN,
        hsts_missing=FAIL,
        hsts_weak=INFO,
        mozilla_intermediate=INFO,
    ),
    "expired": expect(cert_expired=FAIL, cert_expiring_soon=INFO, mozilla_intermediate=INFO),
    "mismatch": expect(cert_hostname_mismatch=FAIL, mozilla_intermediate=INFO),
    "selfsigned": expect(cert_untrusted=FAIL, mozilla_intermediate=INFO),
    "weakhsts": expect(cert_expiring_soon=WARN, hsts_weak=FAIL),
    "nofs": expect(no_tls13=FAIL, no_forward_secrecy=FAIL, mozilla_intermediate=INFO),
    "nohttps": {r.id: INFO for r in CHECK.rules}
    | {"tls/https-unavailable": FAIL, "tls/http-not-redirected": FAIL},
}
GRADES = {
    "modern": "A+",
    "intermediate": "A+",
    "legacy": "F",
    "expired": "T",
    "mismatch": "T",
    "selfsigned": "T",
    "weakhsts": "A",
    "nofs": "B",
    "nohttps": "F",
}


@pytest.mark.parametrize("name", NGINX_SERVERS)
def test_every_rule_verdict(audits: dict, name: str) -> None:
    statuses, _, _ = audits[name]
    assert statuses == EXPECTED[name]


@pytest.mark.parametrize("name", NGINX_SERVERS)
def test_transport_grade(audits: dict, name: str) -> None:
    _, data, _ = audits[name]
    assert data["grade"] == GRADES[name], data["grade_reasons"]
    assert data["grade_reasons"]


def test_every_rule_seen_failing_and_passing_on_servers(audits: dict) -> None:
    """Rules that Debian's OpenSSL cannot reproduce are covered on recorded evidence in test_tls_judge.py."""
    seen: dict[str, set[FindingStatus]] = {}
    for statuses, _, _ in audits.values():
        for rule, status in statuses.items():
            seen.setdefault(rule, set()).add(status)
    recorded_only = {
        "tls/protocol-ssl",
        "tls/heartbleed",
        "tls/robot",
        "tls/ccs-injection",
        "tls/insecure-renegotiation",
        "tls/compression",
        "tls/mozilla-intermediate",
    }
    for rule in (r.id for r in CHECK.rules):
        assert PASS in seen[rule], rule
        if rule not in recorded_only:
            assert seen[rule] & {FAIL, WARN, INFO} - (
                {INFO} if rule != "tls/mozilla-intermediate" else set()
            ), rule


def test_grade_reasons_explain_caps(audits: dict) -> None:
    legacy = audits["legacy"][1]["grade_reasons"]
    assert any("NULL" in r for r in legacy) and any("TLS 1.0 or 1.1" in r for r in legacy)
    expired = audits["expired"][1]
    assert expired["grade_if_trusted"] == "A+" and expired["grade_reasons"][0].startswith("T:")


@pytest.mark.parametrize("name", ["legacy", "expired", "nohttps"])
def test_evidence_round_trips_and_rejudges(audits: dict, name: str) -> None:
    statuses, data, evidence = audits[name]
    tls = evidence.parts["tls"]
    back = from_jsonable(TlsEvidence, json.loads(json.dumps(to_jsonable(tls))))
    assert back == tls
    replay = Evidence(target=evidence.target, parts={"tls": back, "crawl": evidence.crawl})
    again = CHECK.run(replay, None)
    assert {f.rule: f.status for f in again.findings} == statuses
    assert again.data["grade"] == data["grade"]


def test_findings_carry_evidence_and_remediation(audits: dict) -> None:
    server = audits["legacy"][2]
    result = CHECK.run(server, None)
    by_rule = {f.rule: f for f in result.findings}
    weak = by_rule["tls/weak-cipher"]
    assert weak.severity.value == "critical" and "TLS_RSA_WITH_NULL_SHA" in " ".join(
        e.text for e in weak.evidence
    )
    assert "ssl_ciphers" in weak.remediation and "Apache" in weak.remediation and "IIS" in weak.remediation
    redirect = by_rule["tls/http-not-redirected"]
    assert redirect.evidence and "return 301" in redirect.remediation
    assert by_rule["tls/https-unavailable"].remediation == ""  # a pass carries no remediation


def test_missing_crawl_judges_what_it_can(audits: dict) -> None:
    evidence = audits["intermediate"][2]
    tls_only = Evidence(target=evidence.target, parts={"tls": evidence.parts["tls"]})
    result = CHECK.run(tls_only, None)
    assert result.status == CheckStatus.OK, result.reason
    statuses = {f.rule: f.status for f in result.findings}
    assert statuses["tls/http-not-redirected"] == INFO  # only the crawl fetches plain HTTP
    assert statuses["tls/hsts-missing"] == PASS  # the TLS probe's own HTTPS request saw the header
    assert statuses["tls/cert-untrusted"] == PASS and result.data["grade"] == "A+"


