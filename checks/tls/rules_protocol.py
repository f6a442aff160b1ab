"""Rules on what the server negotiates: protocol versions, and the cipher suites it accepts."""

from __future__ import annotations

from confaudit_checks.tls import requires
from confaudit_checks.tls.check import CHECK, HOSTED
from confaudit_checks.tls.ciphers import weakness
from confaudit_checks.tls.items import tls_item

from confaudit.api.check import Outcome
from confaudit.model import EvidenceItem, FindingStatus, Severity
from confaudit.model.tls import TlsEvidence

FAIL, WARN, PASS, INFO = FindingStatus.FAIL, FindingStatus.WARN, FindingStatus.PASS, FindingStatus.INFO


def refused(tls: TlsEvidence, versions: tuple[str, ...]) -> Outcome:
    """Fail if any of the versions is accepted; say so when the scan could not tell."""
    on = [v for v in versions if tls.accepts(v)]
    unknown = [v for v in versions if tls.accepts(v) is None]
    label = " and ".join(versions)
    if on:
        items = [
            tls_item(
                f"{v} accepted with {len(tls.suites(v))} suites: "
                f"{', '.join(s.name for _, s in tls.suites(v)[:6])}",
                protocol=v,
            )
            for v in on
        ]
        return Outcome(FAIL, f"The server still accepts {' and '.join(on)}.", items)
    if unknown:
        return Outcome(
            INFO,
            f"Could not tell whether {' and '.join(unknown)} is accepted: "
            f"{tls.protocol(unknown[0]).error if tls.protocol(unknown[0]) else 'not scanned'}.",
        )
    return Outcome(
        PASS,
        f"{label} {'is' if len(versions) == 1 else 'are'} refused.",
        [tls_item(f"accepted: {', '.join(tls.accepted_protocols)}")],
    )


@CHECK.rule(
    "tls/protocol-ssl",
    "SSL 2.0 or 3.0 is enabled",
    Severity.CRITICAL,
    rationale="SSL 2.0 and 3.0 are broken (DROWN, POODLE): traffic can be decrypted.",
    remediation=(
        "Disable SSL. nginx: ssl_protocols TLSv1.2 TLSv1.3; Apache: SSLProtocol -all +TLSv1.2 +TLSv1.3; IIS: "
        "disable SSL 2.0/3.0 under SCHANNEL\\Protocols (or IIS Crypto). " + HOSTED + "disable SSL."
    ),
    references=["rfc-6176", "rfc-7568", "nist-sp-800-52r2", "gdpr-art-32-1-a"],
)
@requires.handshake
def check_ssl(tls: TlsEvidence) -> Outcome:
    return refused(tls, ("SSL 2.0", "SSL 3.0"))


@CHECK.rule(
    "tls/protocol-tls10",
    "TLS 1.0 is enabled",
    Severity.MEDIUM,
    rationale="TLS 1.0 is deprecated (RFC 8996) and lacks modern protections; no current browser needs it.",
    remediation=(
        "nginx: ssl_protocols TLSv1.2 TLSv1.3; Apache: SSLProtocol -all +TLSv1.2 +TLSv1.3; IIS: disable TLS 1.0 "
        "under SCHANNEL\\Protocols (or with IIS Crypto's 'Best Practices'). " + HOSTED + "disable TLS 1.0."
    ),
    references=["rfc-8996", "nist-sp-800-52r2", "pci-dss-v4", "mozilla-server-side-tls"],
)
@requires.handshake
def check_tls10(tls: TlsEvidence) -> Outcome:
    return refused(tls, ("TLS 1.0",))


@CHECK.rule(
    "tls/protocol-tls11",
    "TLS 1.1 is enabled",
    Severity.MEDIUM,
    rationale="TLS 1.1 is deprecated (RFC 8996); no current browser needs it.",
    remediation=(
        "nginx: ssl_protocols TLSv1.2 TLSv1.3; Apache: SSLProtocol -all +TLSv1.2 +TLSv1.3; IIS: disable TLS 1.1 "
        "under SCHANNEL\\Protocols. " + HOSTED + "disable TLS 1.1."
    ),
    references=["rfc-8996", "nist-sp-800-52r2", "mozilla-server-side-tls"],
)
@requires.handshake
def check_tls11(tls: TlsEvidence) -> Outcome:
    return refused(tls, ("TLS 1.1",))


@CHECK.rule(
    "tls/no-tls13",
    "TLS 1.3 is not offered",
    Severity.LOW,
    rationale="TLS 1.3 encrypts more of the handshake and removes legacy weaknesses; every current browser uses it.",
    remediation=(
        "nginx (OpenSSL 1.1.1+): ssl_protocols TLSv1.2 TLSv1.3; Apache 2.4.37+: SSLProtocol -all +TLSv1.2 "
        "+TLSv1.3; IIS on Windows Server 2022+: TLS 1.3 is on by default. " + HOSTED + "enable TLS 1.3."
    ),
    references=["rfc-8446", "nist-sp-800-52r2", "rfc-9325"],
)
@requires.handshake
def check_tls13(tls: TlsEvidence) -> Outcome:
    if tls.accepts("TLS 1.3"):
        return Outcome(
            PASS, "TLS 1.3 is offered.", [tls_item(f"accepted: {', '.join(tls.accepted_protocols)}")]
        )
    if tls.accepts("TLS 1.3") is None:
        return Outcome(INFO, "Could not tell whether TLS 1.3 is offered.")
    return Outcome(
        FAIL,
        f"TLS 1.3 is not offered (best: {tls.highest_version}).",
        [tls_item(f"accepted: {', '.join(tls.accepted_protocols)}")],
    )


@CHECK.rule(
    "tls/weak-cipher",
    "Weak cipher suites are accepted",
    Severity.HIGH,
    rationale=(
        "NULL suites send data unencrypted, anonymous suites skip authentication, EXPORT/DES/RC4/3DES can be "
        "broken: a client's browser may be steered onto one."
    ),
    remediation=(
        "Offer only AEAD suites with forward secrecy (Mozilla intermediate). nginx: ssl_ciphers "
        "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
        "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305; Apache: the "
        "same list in SSLCipherSuite; IIS: set the cipher suite order by Group Policy or IIS Crypto."
    ),
    references=["rfc-7465", "rfc-9325-4-1", "nist-sp-800-52r2", "mozilla-server-side-tls"],
)
@requires.handshake
def check_weak_ciphers(tls: TlsEvidence) -> Outcome:
    found: list[EvidenceItem] = []
    worst = Severity.HIGH
    for version, suite in tls.suites():
        weak = weakness(suite)
        if weak:
            label, severity = weak
            found.append(tls_item(f"{version} {suite.name}: {label}", protocol=version, suite=suite.name))
            worst = severity if severity.rank > worst.rank else worst
    if found:
        kinds = sorted({i.text.split(": ")[-1] for i in found})
        return Outcome(
            FAIL, f"{len(found)} weak cipher suite(s) are accepted ({', '.join(kinds)}).", found, worst
        )
    total = len(tls.suites())
    return Outcome(
        PASS,
        f"None of the {total} accepted cipher suites is NULL, anonymous, EXPORT, RC4, DES or 3DES.",
        [tls_item(f"{total} suites accepted")],
    )


@CHECK.rule(
    "tls/no-forward-secrecy",
    "Sessions lack forward secrecy",
    Severity.HIGH,
    rationale=(
        "Without (EC)DHE key exchange, anyone who records today's sessions and later obtains the server's key "
        "can decrypt them, therapy messages included."
    ),
    remediation=(
        "Prefer ECDHE suites and drop plain-RSA key exchange: use the Mozilla intermediate ssl_ciphers list "
        "(nginx) / SSLCipherSuite (Apache), and on IIS move TLS_ECDHE_* suites first and disable "
        "TLS_RSA_WITH_*."
    ),
    references=["rfc-9325-4-1", "nist-sp-800-52r2", "mozilla-server-side-tls"],
)
@requires.handshake
def check_forward_secrecy(tls: TlsEvidence) -> Outcome:
    suites = tls.suites()
    if not suites:
        return Outcome(INFO, "No cipher suite was recorded.")
    without = [(v, s) for v, s in suites if not s.forward_secrecy]
    items = [
        tls_item(f"{v} {s.name}: RSA key exchange, no forward secrecy", protocol=v, suite=s.name)
        for v, s in without
    ]
    if len(without) == len(suites):
        return Outcome(
            FAIL,
            "No accepted cipher suite offers forward secrecy: recorded sessions can be "
            "decrypted later with the server's key.",
            items,
            Severity.HIGH,
        )
    if without:
        return Outcome(
            WARN,
            f"{len(without)} of {len(suites)} accepted suites lack forward secrecy; a client "
            "limited to them gets none.",
            items,
            Severity.LOW,
        )
    return Outcome(
        PASS,
        f"All {len(suites)} accepted suites use ephemeral (EC)DH key exchange.",
        [tls_item("every suite has forward secrecy")],
    )
