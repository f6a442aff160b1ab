"""The tls check's judges on recorded evidence, for what Debian's OpenSSL cannot serve.

No loopback server can show SSL 2.0/3.0, RC4/3DES, TLS compression, Heartbleed, ROBOT, CCS injection or
a server without RFC 5746 (Debian's OpenSSL 3 has none of them), so those rules are judged here on evidence
shaped exactly as the probe records it.
"""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta

import pytest
from confaudit_checks.tls import CHECK, parse_hsts
from confaudit_checks.tls.mozilla import mozilla_deviations

from confaudit.model import (
    CheckStatus,
    CrawlEvidence,
    Evidence,
    Finding,
    FindingStatus,
    HttpExchange,
    RedirectHop,
    Target,
)
from confaudit.model.serde import from_jsonable, to_jsonable
from confaudit.model.tls import (
    CertificateDeployment,
    CertificateInfo,
    CipherSuite,
    ProtocolSupport,
    TlsEvidence,
    TrustResult,
)
from confaudit.probes.tls import _hostname_matches

FAIL, WARN, PASS, INFO = (FindingStatus.FAIL, FindingStatus.WARN, FindingStatus.PASS, FindingStatus.INFO)
NOW = datetime.now(UTC)


def good_evidence() -> TlsEvidence:
    leaf = CertificateInfo(
        subject="CN=clinic.example",
        issuer="CN=R11,O=Let's Encrypt,C=US",
        common_name="clinic.example",
        san_dns=["clinic.example", "www.clinic.example"],
        san_ip=[],
        serial="1a",
        not_before=NOW - timedelta(days=10),
        not_after=NOW + timedelta(days=80),
        key_type="EC",
        key_size=256,
        curve="secp256r1",
        signature_algorithm="ecdsa-with-SHA256",
        signature_hash="sha256",
        sha256="ab" * 32,
        self_signed=False,
        is_ca=False,
    )
    ecdhe = CipherSuite(
        "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "ECDHE-ECDSA-AES128-GCM-SHA256", 128, "ECDH", 253, "X25519"
    )
    tls13 = CipherSuite("TLS_AES_128_GCM_SHA256", "TLS_AES_128_GCM_SHA256", 128, "ECDH", 253, "X25519")
    protocols = [ProtocolSupport(v) for v in ("SSL 2.0", "SSL 3.0", "TLS 1.0", "TLS 1.1")]
    protocols += [
        ProtocolSupport("TLS 1.2", accepted=True, cipher_suites=[ecdhe]),
        ProtocolSupport("TLS 1.3", accepted=True, cipher_suites=[tls13]),
    ]
    dep = CertificateDeployment(
        chain=[leaf],
        trust=[TrustResult("Mozilla", "2026", True)],
        issuer_trusted=True,
        issuer_trusted_by=["Mozilla"],
        hostname_matches=True,
        expired=False,
        not_yet_valid=False,
        days_left=80,
    )
    return TlsEvidence(
        host="clinic.example",
        port=443,
        ip_address="192.0.2.10",
        scanned_at=NOW,
        available=True,
        highest_version="TLS 1.3",
        protocols=protocols,
        certificates=[dep],
        heartbleed=False,
        ccs_injection=False,
        robot="NOT_VULNERABLE_NO_ORACLE",
        compression=False,
        secure_renegotiation=True,
        client_renegotiation=False,
        fallback_scsv=True,
        extended_master_secret=True,
        ecdh_supported=True,
        curves=["X25519", "secp256r1"],
        http_checked=True,
        hsts="max-age=63072000; includeSubDomains",
    )


def good_crawl(hsts: str | None = "max-age=63072000; includeSubDomains") -> CrawlEvidence:
    http = HttpExchange(
        url="http://clinic.example/",
        final_url="https://clinic.example/",
        status=200,
        redirects=[RedirectHop("http://clinic.example/", 301, "https://clinic.example/")],
    )
    https = HttpExchange(
        url="https://clinic.example/",
        final_url="https://clinic.example/",
        status=200,
        headers=[("Strict-Transport-Security", hsts)] if hsts else [],
    )
    return CrawlEvidence(start_url="https://clinic.example/", http=http, https=https)


def judge_tls(tls: TlsEvidence, crawl: CrawlEvidence | None) -> tuple[dict[str, Finding], dict]:
    """Every rule's finding and the result's data, judged by the check as an audit runs it."""
    parts = {"tls": tls} if crawl is None else {"tls": tls, "crawl": crawl}
    result = CHECK.run(Evidence(Target(f"https://{tls.host}/"), parts), None)
    assert result.status == CheckStatus.OK, result.reason
    return {f.rule: f for f in result.findings}, result.data


def statuses(tls: TlsEvidence, crawl: CrawlEvidence | None = None) -> tuple[dict[str, FindingStatus], dict]:
    outcomes, data = judge_tls(tls, crawl if crawl is not None else good_crawl())
    return {k: o.status for k, o in outcomes.items()}, data


# DESIGN.md's catalogue for the check, plus the Mozilla profile: the order findings are listed in every report
CATALOGUE = [
    "tls/https-unavailable",
    "tls/http-not-redirected",
    "tls/cert-expired",
    "tls/cert-expiring-soon",
    "tls/cert-hostname-mismatch",
    "tls/cert-untrusted",
    "tls/cert-weak-key",
    "tls/protocol-ssl",
    "tls/protocol-tls10",
    "tls/protocol-tls11",
    "tls/no-tls13",
    "tls/weak-cipher",
    "tls/no-forward-secrecy",
    "tls/heartbleed",
    "tls/robot",
    "tls/ccs-injection",
    "tls/insecure-renegotiation",
    "tls/compression",
    "tls/hsts-missing",
    "tls/hsts-weak",
    "tls/mozilla-intermediate",
]


def test_every_rule_declared_and_judged_in_catalogue_order() -> None:
    """A rule module imported out of turn (or dropped) would move or lose findings in every report."""
    assert [r.id for r in CHECK.rules] == CATALOGUE
    findings, _ = judge_tls(good_evidence(), good_crawl())
    assert list(findings) == CATALOGUE


def test_certificate_rules_say_why_without_a_certificate() -> None:
    ev = good_evidence()
    ev.certificates = []
    ev.errors["certificate_info"] = "TlsHandshakeTimedOut: timed out"
    findings, _ = judge_tls(ev, good_crawl())
    certificate_rules = [r for r in CATALOGUE if r.startswith("tls/cert-")]
    for rule in certificate_rules:
        assert findings[rule].status == INFO, rule
        assert findings[rule].summary == (
            "Not tested: the certificate could not be read (TlsHandshakeTimedOut: timed out)."
        )
    assert {findings[r].status for r in CATALOGUE if r not in certificate_rules} == {PASS}


def test_good_server_passes_everything() -> None:
    got, data = statuses(good_evidence())
    assert set(got.values()) == {PASS}, got
    assert data["grade"] == "A+"


def with_protocol(ev: TlsEvidence, version: str, *suites: CipherSuite) -> TlsEvidence:
    ev = copy.deepcopy(ev)
    p = ev.protocol(version)
    assert p is not None
    p.accepted, p.cipher_suites = (
        True,
        list(suites) or [CipherSuite("TLS_RSA_WITH_AES_128_CBC_SHA", key_size=128)],
    )
    return ev


@pytest.mark.parametrize(("version", "grade"), [("SSL 2.0", "F"), ("SSL 3.0", "C")])
def test_protocol_ssl(version: str, grade: str) -> None:
    got, data = statuses(with_protocol(good_evidence(), version))
    assert got["tls/protocol-ssl"] == FAIL and data["grade"] == grade


@pytest.mark.parametrize(
    ("pattern", "name"),
    [
        ("RC4", "TLS_RSA_WITH_RC4_128_SHA"),
        ("3DES", "TLS_RSA_WITH_3DES_EDE_CBC_SHA"),
        ("DES", "TLS_RSA_WITH_DES_CBC_SHA"),
        ("EXPORT", "TLS_RSA_EXPORT_WITH_RC4_40_MD5"),
        ("anonymous", "TLS_DH_anon_WITH_AES_128_CBC_SHA"),
        ("NULL", "TLS_RSA_WITH_NULL_SHA256"),
    ],
)
def test_weak_cipher_kinds(pattern: str, name: str) -> None:
    ev = with_protocol(good_evidence(), "TLS 1.2", CipherSuite(name, key_size=128))
    outcomes, data = judge_tls(ev, good_crawl())
    assert outcomes["tls/weak-cipher"].status == FAIL and pattern in outcomes["tls/weak-cipher"].summary
    assert data["grade"] in ("C", "F")


@pytest.mark.parametrize(
    ("field", "value", "rule", "grade"),
    [
        ("heartbleed", True, "tls/heartbleed", "F"),
        ("ccs_injection", True, "tls/ccs-injection", "F"),
        ("robot", "VULNERABLE_STRONG_ORACLE", "tls/robot", "F"),
        ("robot", "VULNERABLE_WEAK_ORACLE", "tls/robot", "C"),
        ("compression", True, "tls/compression", "C"),
        ("secure_renegotiation", False, "tls/insecure-renegotiation", "C"),
    ],
)
def test_vulnerabilities(field: str, value: object, rule: str, grade: str) -> None:
    ev = good_evidence()
    setattr(ev, field, value)
    got, data = statuses(ev)
    assert got[rule] == FAIL
    assert data["grade"] == grade, data["grade_reasons"]
    if value != "VULNERABLE_WEAK_ORACLE":  # sslyze's Mozilla checker flags only the strong oracle
        assert ev.mozilla_deviations == [] and mozilla_deviations(ev)  # the check recomputes deviations


def test_robot_severity_follows_oracle() -> None:
    ev = good_evidence()
    ev.robot = "VULNERABLE_STRONG_ORACLE"
    finding = {
        f.rule: f
        for f in CHECK.run(
            Evidence(Target("https://clinic.example/"), {"tls": ev, "crawl": good_crawl()}), None
        ).findings
    }
    assert finding["tls/robot"].severity.value == "critical"


def test_untested_vulnerability_is_info_not_pass() -> None:
    ev = good_evidence()
    ev.heartbleed = None
    ev.errors["heartbleed"] = "TlsHandshakeTimedOut: timed out"
    got, _ = statuses(ev)
    assert got["tls/heartbleed"] == INFO


def test_incomplete_chain_summary() -> None:
    ev = good_evidence()
    dep = ev.certificates[0]
    dep.issuer_trusted, dep.issuer_trusted_by = False, []
    dep.trust = [TrustResult("Mozilla", "2026", False, "validation failed: candidates exhausted")]
    outcomes, data = judge_tls(ev, good_crawl())
    assert outcomes["tls/cert-untrusted"].status == FAIL
    assert "does not send" in outcomes["tls/cert-untrusted"].summary
    assert data["grade"] == "T" and data["grade_if_trusted"] == "A+"


def test_weak_signature_and_dh() -> None:
    ev = good_evidence()
    ev.certificates[0].chain[0].signature_hash = "sha1"
    ev.certificates[0].chain[0].signature_algorithm = "sha1WithRSAEncryption"
    got, data = statuses(ev)
    assert got["tls/cert-weak-key"] == FAIL and data["grade"] == "F"
    ev = with_protocol(
        good_evidence(),
        "TLS 1.2",
        CipherSuite(
            "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", key_size=128, key_exchange="DH", key_exchange_size=1024
        ),
    )
    _, data = statuses(ev)
    assert data["grade"] == "B" and any("DH group" in r for r in data["grade_reasons"])


def test_hsts_variants() -> None:
    ev = good_evidence()
    got, data = statuses(ev, good_crawl("max-age=31536000"))
    assert got["tls/hsts-weak"] == FAIL and got["tls/hsts-missing"] == PASS and data["grade"] == "A+"
    got, data = statuses(ev, good_crawl("max-age=0"))
    assert got["tls/hsts-missing"] == FAIL and data["grade"] == "A"
    got, _ = statuses(ev, good_crawl(None))
    assert got["tls/hsts-missing"] == FAIL and got["tls/hsts-weak"] == INFO
    assert parse_hsts('max-age="600"; includeSubDomains; preload') == (600, True, True)
    assert parse_hsts("includeSubDomains") == (None, True, False)


def test_redirect_variants() -> None:
    crawl = good_crawl()
    crawl.http = HttpExchange(
        url="http://clinic.example/",
        final_url="https://clinic.example/",
        status=200,
        redirects=[
            RedirectHop("http://clinic.example/", 301, "http://www.clinic.example/"),
            RedirectHop("http://www.clinic.example/", 301, "https://www.clinic.example/"),
        ],
    )
    assert statuses(good_evidence(), crawl)[0]["tls/http-not-redirected"] == WARN
    crawl.http = HttpExchange(url="http://clinic.example/", final_url="http://clinic.example/", status=404)
    assert statuses(good_evidence(), crawl)[0]["tls/http-not-redirected"] == PASS
    crawl.http = HttpExchange(url="http://clinic.example/", error="ConnectError: refused")
    assert statuses(good_evidence(), crawl)[0]["tls/http-not-redirected"] == PASS


def test_unavailable_judges_nothing_else() -> None:
    ev = TlsEvidence(
        host="clinic.example", port=443, available=False, unavailable_reason="Connection refused"
    )
    got, data = statuses(ev)
    assert got["tls/https-unavailable"] == FAIL and data["grade"] == "F"
    assert all(
        s == INFO for r, s in got.items() if r not in ("tls/https-unavailable", "tls/http-not-redirected")
    )


def test_evidence_round_trip() -> None:
    ev = good_evidence()
    ev.mozilla_deviations = mozilla_deviations(with_protocol(ev, "TLS 1.0"))
    ev.errors = {"robot": "timed out"}
    back = from_jsonable(TlsEvidence, to_jsonable(ev))
    assert back == ev and isinstance(back.certificates[0].leaf.not_after, datetime)


@pytest.mark.parametrize(
    ("host", "names", "ips", "cn", "ok"),
    [
        ("clinic.example", ["clinic.example"], [], None, True),
        ("www.clinic.example", ["*.clinic.example"], [], None, True),
        ("a.b.clinic.example", ["*.clinic.example"], [], None, False),
        ("clinic.example", ["*.clinic.example"], [], None, False),
        ("clinic.example", ["other.example"], [], "clinic.example", False),  # SAN present: CN ignored
        ("clinic.example", [], [], "clinic.example", True),
        ("127.0.0.1", [], ["127.0.0.1"], None, True),
        ("127.0.0.1", ["127.0.0.1"], [], None, False),
    ],
)
def test_hostname_matching(host: str, names: list[str], ips: list[str], cn: str | None, ok: bool) -> None:
    assert _hostname_matches(host, names, ips, cn) is ok


def test_mozilla_compliant_and_not() -> None:
    assert mozilla_deviations(good_evidence()) == []
    keys = {d.key for d in mozilla_deviations(with_protocol(good_evidence(), "TLS 1.0"))}
    assert {"tls_versions", "ciphers"} <= keys
