"""What a rule on the TLS scan needs before it can judge: a completed handshake, and for the certificate
rules a certificate read. Without it the rule says "not tested" and why, so "could not test" never reads
as fine or as bad (as sslyze keeps an attempt apart from its result)."""

from __future__ import annotations

import functools
from collections.abc import Callable

from confaudit_checks.tls.check import Connection

from confaudit.api.check import Outcome
from confaudit.model import FindingStatus
from confaudit.model.tls import CertificateDeployment, TlsEvidence

ScanRule = Callable[[TlsEvidence], Outcome]
CertificateRule = Callable[[TlsEvidence, list[CertificateDeployment]], Outcome]


def not_tested(why: str) -> Outcome:
    return Outcome(FindingStatus.INFO, f"Not tested: {why}.")


def handshake(fn: ScanRule) -> Callable[[Connection], Outcome]:
    """A rule on the scan, judged only if HTTPS answered."""

    @functools.wraps(fn)
    def rule(conn: Connection) -> Outcome:
        if not conn.tls.available:
            return not_tested("HTTPS is unavailable")
        return fn(conn.tls)

    return rule


def certificate(fn: CertificateRule) -> Callable[[Connection], Outcome]:
    """A rule on the certificates the server sent, judged only if HTTPS answered and they were read."""

    @functools.wraps(fn)
    def rule(conn: Connection) -> Outcome:
        tls = conn.tls
        if not tls.available:
            return not_tested("HTTPS is unavailable")
        if not tls.certificates:
            why = tls.errors.get("certificate_info", "no certificate was retrieved")
            return not_tested(f"the certificate could not be read ({why})")
        return fn(tls, tls.certificates)

    return rule
