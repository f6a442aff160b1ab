"""Rules on HTTP Strict Transport Security: whether browsers are told to never use plain HTTP again."""

from __future__ import annotations

from confaudit_checks.tls.check import CHECK, HOSTED, Connection
from confaudit_checks.tls.hsts import hsts_header, parse_hsts
from confaudit_checks.tls.requires import not_tested

from confaudit.api.check import Outcome
from confaudit.model import EvidenceItem, FindingStatus, Severity

FAIL, PASS, INFO = FindingStatus.FAIL, FindingStatus.PASS, FindingStatus.INFO
YEAR = 31_536_000


@CHECK.rule(
    "tls/hsts-missing",
    "No HTTP Strict Transport Security",
    Severity.MEDIUM,
    rationale=(
        "Without HSTS, a client's first request can be silently downgraded to plain HTTP (SSL stripping) on a "
        "hostile network."
    ),
    remediation=(
        "Send Strict-Transport-Security on HTTPS responses. nginx: add_header Strict-Transport-Security "
        '"max-age=63072000; includeSubDomains" always; Apache: Header always set Strict-Transport-Security '
        '"max-age=63072000; includeSubDomains"; IIS 10 (1709+): HSTS settings on the site. '
        + HOSTED
        + "enable HSTS."
    ),
    references=["rfc-6797", "owasp-hsts", "mozilla-server-side-tls"],
)
def check_hsts_missing(conn: Connection) -> Outcome:
    if not conn.tls.available:
        return not_tested("HTTPS is unavailable")
    value, url, why = hsts_header(conn.crawl, conn.tls)
    if why:
        return not_tested(why)
    if value is None:
        return Outcome(
            FAIL,
            "The HTTPS site sends no Strict-Transport-Security header.",
            [EvidenceItem("header", "Strict-Transport-Security: (absent)", url)],
        )
    max_age, _, _ = parse_hsts(value)
    if not max_age:
        return Outcome(
            FAIL,
            f"The Strict-Transport-Security header is ineffective (max-age={max_age}).",
            [EvidenceItem("header", f"Strict-Transport-Security: {value}", url, {"value": value})],
        )
    return Outcome(
        PASS,
        "The HTTPS site sends Strict-Transport-Security.",
        [EvidenceItem("header", f"Strict-Transport-Security: {value}", url, {"value": value})],
    )


@CHECK.rule(
    "tls/hsts-weak",
    "HSTS is too short or leaves subdomains out",
    Severity.LOW,
    rationale=(
        "A max-age under a year lets the protection lapse between visits; without includeSubDomains a "
        "subdomain (booking., portal.) can still be reached over plain HTTP."
    ),
    remediation=(
        "Use Strict-Transport-Security: max-age=63072000; includeSubDomains (once every subdomain serves "
        "HTTPS), then consider preload (hstspreload.org)."
    ),
    references=["rfc-6797", "owasp-hsts", "mozilla-server-side-tls"],
)
def check_hsts_weak(conn: Connection) -> Outcome:
    if not conn.tls.available:
        return not_tested("HTTPS is unavailable")
    value, url, why = hsts_header(conn.crawl, conn.tls)
    if why:
        return not_tested(why)
    if value is None or not parse_hsts(value)[0]:
        return Outcome(INFO, "No effective HSTS header to judge (see the missing-HSTS finding).")
    max_age, subdomains, preload = parse_hsts(value)
    item = EvidenceItem(
        "header",
        f"Strict-Transport-Security: {value}",
        url,
        {"max_age": max_age, "include_subdomains": subdomains, "preload": preload},
    )
    problems = []
    if max_age is not None and max_age < YEAR:
        problems.append(f"max-age is {max_age} s ({max_age // 86400} days), under a year")
    if not subdomains:
        problems.append("includeSubDomains is missing")
    if problems:
        return Outcome(FAIL, f"HSTS is weak: {'; '.join(problems)}.", [item])
    return Outcome(
        PASS, f"HSTS lasts {max_age // 86400 if max_age else 0} days and covers subdomains.", [item]
    )
