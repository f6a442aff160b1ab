"""The SSL Labs-style transport grade (A+ to F, T for a certificate browsers reject) with every cap's reason.

Kept apart from the rules: it reads the scan and a few rules' outcomes, and becomes the result's ``data``.
"""

from __future__ import annotations

from confaudit_checks.tls.ciphers import weakness
from confaudit_checks.tls.hsts import hsts_header, parse_hsts

from confaudit.api.check import Outcome
from confaudit.model import CrawlEvidence, FindingStatus, Severity
from confaudit.model.tls import TlsEvidence

FAIL, WARN, PASS = FindingStatus.FAIL, FindingStatus.WARN, FindingStatus.PASS

GRADES = ["A+", "A", "A-", "B", "C", "D", "F"]
HSTS_A_PLUS = 15_552_000  # 180 days, as SSL Labs asks for A+
# a failed certificate rule that makes browsers reject the site, in the order the grade's reasons name them
TRUST_TEXTS = {
    "tls/cert-untrusted": "certificate not trusted",
    "tls/cert-expired": "certificate expired",
    "tls/cert-hostname-mismatch": "certificate does not name the site",
}


def transport_grade(
    tls: TlsEvidence, outcomes: dict[str, Outcome], crawl: CrawlEvidence | None
) -> dict[str, object]:
    """SSL Labs-style: start at A, apply every cap, award A+ for HSTS of 6 months or more with no warning.

    A certificate browsers reject gives T (SSL Labs' "trust" grade) with the grade the server would have had.
    """
    if not tls.available:
        return {
            "grade": "F",
            "grade_reasons": [f"F: HTTPS unavailable ({tls.unavailable_reason})"],
            "grade_if_trusted": None,
        }
    caps: list[tuple[str, str]] = []

    def cap(grade: str, reason: str) -> None:
        caps.append((grade, reason))

    def failed(rule: str) -> bool:
        o = outcomes.get(rule)
        return o is not None and o.status in (FAIL, WARN)

    if tls.accepts("SSL 2.0"):
        cap("F", "SSL 2.0 is accepted")
    if tls.accepts("SSL 3.0"):
        cap("C", "SSL 3.0 is accepted")
    if tls.heartbleed:
        cap("F", "vulnerable to Heartbleed")
    if tls.ccs_injection:
        cap("F", "vulnerable to OpenSSL CCS injection")
    if tls.robot == "VULNERABLE_STRONG_ORACLE":
        cap("F", "vulnerable to ROBOT (strong oracle)")
    elif tls.robot == "VULNERABLE_WEAK_ORACLE":
        cap("C", "vulnerable to ROBOT (weak oracle)")
    if tls.secure_renegotiation is False:
        cap("C", "no secure renegotiation (RFC 5746)")
    if tls.compression:
        cap("C", "TLS compression enabled (CRIME)")
    for _, suite in tls.suites():
        weak = weakness(suite)
        if weak and weak[1] == Severity.CRITICAL:
            cap("F", f"{weak[0]} cipher suite accepted ({suite.name})")
            break
    else:
        if any(weakness(s) for _, s in tls.suites()):
            cap("C", "RC4, DES or 3DES cipher suites accepted")
    if tls.accepts("TLS 1.0") or tls.accepts("TLS 1.1"):
        cap("B", "TLS 1.0 or 1.1 accepted")
    fs = outcomes.get("tls/no-forward-secrecy")
    if fs is not None and fs.status == FAIL:
        cap("B", "no forward secrecy")
    dh = [s.key_exchange_size for _, s in tls.suites() if s.key_exchange == "DH" and s.key_exchange_size]
    if dh and min(dh) < 1024:
        cap("F", f"DH group of {min(dh)} bits")
    elif dh and min(dh) < 2048:
        cap("B", f"DH group of {min(dh)} bits")
    for dep in tls.certificates[:1]:
        leaf = dep.leaf
        if leaf.key_type in ("RSA", "DSA") and leaf.key_size < 1024:
            cap("F", f"{leaf.key_type} key of {leaf.key_size} bits")
        elif leaf.key_type in ("RSA", "DSA") and leaf.key_size < 2048:
            cap("B", f"{leaf.key_type} key of {leaf.key_size} bits")
        if leaf.signature_hash in ("md5", "sha1", "md2"):
            cap("F", f"certificate signed with {leaf.signature_algorithm}")
    if tls.accepts("TLS 1.3") is False:
        cap("A-", "TLS 1.3 not offered")
    if tls.fallback_scsv is False and (tls.accepts("TLS 1.0") or tls.accepts("TLS 1.1")):
        cap("A-", "no TLS_FALLBACK_SCSV downgrade protection")
    if tls.client_renegotiation:
        cap("A-", "client-initiated renegotiation accepted")

    grade = "A"
    for g, _ in caps:
        if GRADES.index(g) > GRADES.index(grade):
            grade = g
    reasons = [f"{g}: {r}" for g, r in sorted(caps, key=lambda c: -GRADES.index(c[0]))]
    hsts = outcomes.get("tls/hsts-missing")
    hsts_value = hsts_header(crawl, tls)[0]
    hsts_age = parse_hsts(hsts_value)[0] if hsts_value else None
    if grade == "A" and hsts is not None and hsts.status == PASS and hsts_age and hsts_age >= HSTS_A_PLUS:
        grade = "A+"
        reasons.append("A+: no warnings and HSTS of at least 180 days")
    elif grade == "A":
        reasons.append(
            "A: no cap applies"
            + (
                ""
                if hsts_age and hsts_age >= HSTS_A_PLUS
                else "; A+ needs HSTS with max-age of at least 180 days"
            )
        )
    trust_problems = [r for r in TRUST_TEXTS if failed(r)]
    if trust_problems:
        return {
            "grade": "T",
            "grade_if_trusted": grade,
            "grade_reasons": [f"T: {TRUST_TEXTS[r]}" for r in trust_problems] + reasons,
        }
    return {"grade": grade, "grade_reasons": reasons, "grade_if_trusted": grade}
