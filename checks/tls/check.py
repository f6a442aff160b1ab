"""The tls check's metadata, what every rule reads (the scan, the crawl's entry fetches, the Mozilla
deviations, computed once) and what the result keeps besides findings (the transport grade)."""

from __future__ import annotations

from dataclasses import dataclass

from confaudit_checks.tls.grade import transport_grade
from confaudit_checks.tls.mozilla import mozilla_deviations

from confaudit.api.check import Check, Outcome
from confaudit.model import CrawlEvidence, Evidence
from confaudit.model.tls import MozillaDeviation, TlsEvidence

CHECK = Check(
    id="tls",
    title="Encrypted connection (TLS)",
    category="transport",
    weight=1.5,
    needs=("tls",),
    wants=("crawl",),
    version="1.0",
    description="HTTPS availability, redirect and HSTS, certificate, protocols, cipher suites, known TLS "
    "vulnerabilities, Mozilla intermediate compliance and an SSL Labs-style transport grade.",
)

# remediation wording shared by several rules: most small practices do not run their own server
HOSTED = "On hosted website builders (Squarespace, Wix, WordPress.com ...) ask your hosting provider to "


@dataclass
class Connection:
    """What every tls rule reads. The crawl is optional (``wants``): without it the rules on what a browser
    sees before TLS starts (the redirect, HSTS) say what they could not test, or use the probe's own fetch."""

    tls: TlsEvidence
    crawl: CrawlEvidence | None
    target_url: str
    deviations: list[MozillaDeviation]  # from Mozilla's intermediate profile, for its rule and the data


@CHECK.context
def read(evidence: Evidence, knowledge: object) -> Connection:
    tls: TlsEvidence = evidence.get("tls")
    return Connection(tls, evidence.crawl, evidence.target.url, mozilla_deviations(tls))


@CHECK.locate
def where(conn: Connection) -> str:
    """Findings are about the server: the audited https:// address, or the scanned host's."""
    target = conn.target_url
    return target if target.startswith("https://") else f"https://{conn.tls.host}/"


@CHECK.summary
def summary(conn: Connection, outcomes: dict[str, Outcome]) -> dict[str, object]:
    data = transport_grade(conn.tls, outcomes, conn.crawl)
    data["mozilla_intermediate_deviations"] = [d.key for d in conn.deviations]
    data["protocols"] = conn.tls.accepted_protocols
    if conn.tls.errors:
        data["scan_errors"] = dict(conn.tls.errors)
    return data
