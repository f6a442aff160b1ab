"""The TLS probe and check against real servers on loopback (nginx-light and openssl s_server).

Every server stands in for ``<name>.test`` through ``--connect-to``; the crawl and TLS probes run side by
side as in an audit, and the check is judged on what they collected.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from confaudit_checks.tls import CHECK

from confaudit.api.check import Check
from confaudit.api.probe import ProbeContext
from confaudit.model import CheckStatus, Evidence, FindingStatus, Target
from confaudit.model.options import AuditOptions
from confaudit.model.serde import from_jsonable, to_jsonable
from confaudit.model.tls import TlsEvidence
from confaudit.net.client import Net
from confaudit.net.guard import AddressGuard
from confaudit.probes import crawl as crawl_probe
from confaudit.probes import tls as tls_probe
from tests import tlsservers

pytestmark = pytest.mark.skipif(
    not tlsservers.nginx_available(), reason="nginx (nginx-light) is not installed"
)

FAIL, WARN, PASS, INFO = (FindingStatus.FAIL, FindingStatus.WARN, FindingStatus.PASS, FindingStatus.INFO)
NGINX_SERVERS = (
    "modern",
    "intermediate",
    "legacy",
    "expired",
    "mismatch",
    "selfsigned",
    "weakhsts",
    "nofs",
    "nohttps",
)


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> tlsservers.Lab:
    with tlsservers.lab(tmp_path_factory.mktemp("tlslab"), NGINX_SERVERS) as running:
        yield running


def options_for(lab: tlsservers.Lab, server: tlsservers.TlsServer, **kw: object) -> AuditOptions:
    specs = server.connect_to()
    if server.https_port is None:
        specs.append(f"{server.host}:443:127.0.0.1:{lab.closed_port}")  # nothing listens: connection refused
    return AuditOptions(
        connect_to=specs,
        only_resolved=True,
        ca_file=str(lab.ca.pem_path),
        allow_private=True,
        timeout=5,
        max_pages=1,
        **kw,
    )


async def collect(options: AuditOptions, url: str, probes: tuple[str, ...] = ("crawl", "tls")) -> Evidence:
    hostmap = options.validate()
    evidence = Evidence(target=Target(url))
    async with Net(options, hostmap, AddressGuard("loopback", allow_private=True)) as net:
        ctx = ProbeContext(
            target=evidence.target, options=options, hostmap=hostmap, net=net, evidence=evidence
        )
        runs = {"crawl": crawl_probe.run, "tls": tls_probe.run}
        results = await asyncio.gather(*(runs[p](ctx) for p in probes))
    evidence.parts.update(dict(zip(probes, results, strict=True)))
    return evidence


def audit(lab: tlsservers.Lab, name: str) -> tuple[dict[str, FindingStatus], dict[str, object], Evidence]:
    server = lab[name]
    evidence = asyncio.run(collect(options_for(lab, server), server.url))
    result = CHECK.run(evidence, None)
    assert result.status == CheckStatus.OK, result.reason
    assert [f.rule for f in result.findings] == [r.id for r in CHECK.rules]  # every rule, pass included
    return {f.rule: f.status for f in result.findings}, result.data, evidence


@pytest.fixture(scope="module")
def audits(lab: tlsservers.Lab) -> dict[str, tuple[dict[str, FindingStatus], dict[str, object], Evidence]]:
    return {name: audit(lab, name) for name in NGINX_SERVERS}


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


def test_evidence_facts(audits: dict) -> None:
    modern: TlsEvidence = audits["modern"][2].parts["tls"]
    assert modern.accepted_protocols == ["TLS 1.3"]
    assert modern.port != 443  # --connect-to moved the port, the host name stayed for SNI and validation
    assert modern.certificates[0].leaf.key_type == "EC"
    assert modern.certificates[0].issuer_trusted_by == ["custom CA file"]
    legacy: TlsEvidence = audits["legacy"][2].parts["tls"]
    assert "TLS_RSA_WITH_NULL_SHA" in {s.name for _, s in legacy.suites("TLS 1.0")}
    assert legacy.certificates[0].leaf.key_size == 1024
    mismatch: TlsEvidence = audits["mismatch"][2].parts["tls"]
    # sslyze rejects the chain only for the name; the probe keeps the issuer trusted so it is not "untrusted"
    assert not mismatch.certificates[0].trusted and mismatch.certificates[0].issuer_trusted
    assert not mismatch.certificates[0].hostname_matches


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


def test_only_resolved_never_resolves(lab: tlsservers.Lab) -> None:
    """An unmapped host under --only-resolved is reported unavailable without any DNS query."""
    options = AuditOptions(only_resolved=True, allow_private=True, timeout=2)
    evidence = asyncio.run(collect(options, "https://unmapped.invalid/", probes=("tls",)))
    tls = evidence.parts["tls"]
    assert not tls.available and "--only-resolved" in (tls.unavailable_reason or "")


def test_missing_crawl_judges_what_it_can(audits: dict) -> None:
    evidence = audits["intermediate"][2]
    tls_only = Evidence(target=evidence.target, parts={"tls": evidence.parts["tls"]})
    result = CHECK.run(tls_only, None)
    assert result.status == CheckStatus.OK, result.reason
    statuses = {f.rule: f.status for f in result.findings}
    assert statuses["tls/http-not-redirected"] == INFO  # only the crawl fetches plain HTTP
    assert statuses["tls/hsts-missing"] == PASS  # the TLS probe's own HTTPS request saw the header
    assert statuses["tls/cert-untrusted"] == PASS and result.data["grade"] == "A+"


def test_audit_of_unreachable_https_does_not_fail(lab: tlsservers.Lab) -> None:
    """Through the engine: a server without HTTPS yields findings, not an error."""
    from confaudit.engine.audit import audit as run_audit
    from confaudit.engine.registry import Registry

    registry = Registry(checks={"tls": CHECK}, probes={"crawl": crawl_probe.PROBE, "tls": tls_probe.PROBE})
    server = lab["nohttps"]
    options = options_for(lab, server, checks=["tls"])
    run = asyncio.run(run_audit(Target(f"http://{server.host}/"), options, registry=registry))
    tls_result = run.result.checks[0]
    assert isinstance(CHECK, Check) and tls_result.status == CheckStatus.OK, (
        tls_result.reason,
        run.result.error,
    )
    statuses = {f.rule: f.status for f in tls_result.findings}
    assert statuses["tls/https-unavailable"] == FAIL
    assert {p.name: p.status for p in run.result.probes}["tls"] == CheckStatus.OK


@pytest.mark.slow
def test_client_renegotiation_with_s_server(tmp_path: Path) -> None:
    """openssl s_server honours client-initiated renegotiation (nginx never does); slow: sslyze renegotiates
    ten times and s_server answers each after about a second."""
    with tlsservers.lab(tmp_path, ("reneg",)) as running:
        server = running["reneg"]
        evidence = asyncio.run(collect(options_for(running, server), server.url, probes=("tls",)))
    tls = evidence.parts["tls"]
    assert tls.secure_renegotiation is True and tls.client_renegotiation is True, tls.errors
    result = CHECK.run(evidence, None)
    statuses = {f.rule: f.status for f in result.findings}
    assert statuses["tls/insecure-renegotiation"] == WARN
