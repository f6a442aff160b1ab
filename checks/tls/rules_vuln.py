"""Rules on known attacks against the server's TLS stack, each as the scan tested it (or could not)."""

from __future__ import annotations

from confaudit_checks.tls import requires
from confaudit_checks.tls.check import CHECK, HOSTED
from confaudit_checks.tls.items import tls_item
from confaudit_checks.tls.requires import not_tested

from confaudit.api.check import Outcome
from confaudit.model import FindingStatus, Severity
from confaudit.model.tls import TlsEvidence

FAIL, WARN, PASS, INFO = FindingStatus.FAIL, FindingStatus.WARN, FindingStatus.PASS, FindingStatus.INFO
UNTESTED = "the scan could not run this test"


def vulnerable(value: bool | None, fail_text: str, pass_text: str, evidence: str) -> Outcome:
    """A yes/no test: fail when the server is vulnerable, not tested when the scan has no answer."""
    if value is None:
        return not_tested(UNTESTED)
    if value:
        return Outcome(FAIL, fail_text, [tls_item(evidence, value=value)])
    return Outcome(PASS, pass_text, [tls_item(evidence, value=value)])


@CHECK.rule(
    "tls/heartbleed",
    "Vulnerable to Heartbleed",
    Severity.CRITICAL,
    rationale="Heartbleed (CVE-2014-0160) lets anyone read the server's memory: private keys, passwords, messages.",
    remediation=(
        "Upgrade OpenSSL (1.0.1g or later; any supported version), restart the server, then replace the "
        "certificate and key and revoke the old one. " + HOSTED + "patch it."
    ),
    references=["cve-2014-0160", "gdpr-art-32-1-a"],
)
@requires.handshake
def check_heartbleed(tls: TlsEvidence) -> Outcome:
    return vulnerable(
        tls.heartbleed,
        "The server leaks memory through Heartbleed (CVE-2014-0160).",
        "The server is not vulnerable to Heartbleed.",
        f"heartbleed: {tls.heartbleed}",
    )


@CHECK.rule(
    "tls/robot",
    "Vulnerable to ROBOT",
    Severity.HIGH,
    rationale=(
        "ROBOT (CVE-2017-13099 and related) lets an attacker decrypt RSA key-exchange sessions or sign as the "
        "server."
    ),
    remediation="Patch the TLS stack or load balancer, and disable RSA key exchange (keep only ECDHE suites).",
    references=["robot", "gdpr-art-32-1-a"],
)
@requires.handshake
def check_robot(tls: TlsEvidence) -> Outcome:
    if tls.robot is None:
        return not_tested(UNTESTED)
    item = [tls_item(f"ROBOT result: {tls.robot}", value=tls.robot)]
    if tls.robot == "VULNERABLE_STRONG_ORACLE":
        return Outcome(
            FAIL,
            "The server is vulnerable to ROBOT (strong oracle): RSA sessions can be decrypted.",
            item,
            Severity.CRITICAL,
        )
    if tls.robot == "VULNERABLE_WEAK_ORACLE":
        return Outcome(FAIL, "The server is vulnerable to ROBOT (weak oracle).", item, Severity.HIGH)
    if tls.robot == "UNKNOWN_INCONSISTENT_RESULTS":
        return Outcome(INFO, "The ROBOT test gave inconsistent results.", item)
    return Outcome(PASS, "The server is not vulnerable to ROBOT.", item)


@CHECK.rule(
    "tls/ccs-injection",
    "Vulnerable to OpenSSL CCS injection",
    Severity.HIGH,
    rationale="CVE-2014-0224 lets a network attacker force weak keys and read or change traffic.",
    remediation="Upgrade OpenSSL to a supported version and restart the server. " + HOSTED + "patch it.",
    references=["cve-2014-0224", "gdpr-art-32-1-a"],
)
@requires.handshake
def check_ccs_injection(tls: TlsEvidence) -> Outcome:
    return vulnerable(
        tls.ccs_injection,
        "The server is vulnerable to OpenSSL CCS injection (CVE-2014-0224).",
        "The server is not vulnerable to CCS injection.",
        f"ccs injection: {tls.ccs_injection}",
    )


@CHECK.rule(
    "tls/insecure-renegotiation",
    "Insecure TLS renegotiation",
    Severity.HIGH,
    rationale=(
        "Without secure renegotiation (RFC 5746) an attacker can splice requests into a client's session; a "
        "server that honours client-initiated renegotiation can be knocked over cheaply."
    ),
    remediation=(
        "Upgrade the TLS library (every supported OpenSSL does RFC 5746) and disable client-initiated "
        "renegotiation: nginx does by default; Apache: SSLInsecureRenegotiation off; IIS: set "
        "AllowInsecureRenegoClients/AllowInsecureRenegoServers to 0 and DisableRenegoOnServer to 1 under "
        "SCHANNEL."
    ),
    references=["rfc-5746", "cve-2009-3555", "nist-sp-800-52r2"],
)
@requires.handshake
def check_renegotiation(tls: TlsEvidence) -> Outcome:
    if tls.secure_renegotiation is None:
        return not_tested(UNTESTED)
    data = {"secure": tls.secure_renegotiation, "client_initiated": tls.client_renegotiation}
    if not tls.secure_renegotiation:
        return Outcome(
            FAIL,
            "The server does not support secure renegotiation (RFC 5746).",
            [tls_item("no renegotiation_info (RFC 5746) support", **data)],
            Severity.HIGH,
        )
    if tls.client_renegotiation:
        return Outcome(
            WARN,
            "The server honours client-initiated renegotiation, which lets one client tie up "
            "its CPU (denial of service).",
            [tls_item("client-initiated renegotiation accepted", **data)],
            Severity.MEDIUM,
        )
    return Outcome(
        PASS,
        "Renegotiation is secure and clients cannot start it.",
        [tls_item("secure renegotiation; client-initiated renegotiation refused", **data)],
    )


@CHECK.rule(
    "tls/compression",
    "TLS compression is enabled",
    Severity.HIGH,
    rationale="TLS-level compression allows the CRIME attack, recovering cookies and session tokens.",
    remediation=(
        "Disable TLS compression: upgrade OpenSSL (compression is off by default since 1.1.0); Apache: "
        "SSLCompression off; nginx and IIS do not compress at the TLS layer."
    ),
    references=["cve-2012-4929", "rfc-9325-3-3", "nist-sp-800-52r2"],
)
@requires.handshake
def check_compression(tls: TlsEvidence) -> Outcome:
    return vulnerable(
        tls.compression,
        "The server accepts TLS compression (CRIME).",
        "TLS compression is disabled.",
        f"compression: {tls.compression}",
    )
