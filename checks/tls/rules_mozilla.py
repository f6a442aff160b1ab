"""The rule comparing the server with Mozilla's intermediate configuration (the profile is in mozilla.py)."""

from __future__ import annotations

from confaudit_checks.tls.check import CHECK, Connection
from confaudit_checks.tls.items import tls_item
from confaudit_checks.tls.requires import not_tested

from confaudit.api.check import Outcome
from confaudit.model import FindingStatus, Severity


@CHECK.rule(
    "tls/mozilla-intermediate",
    "Compliance with Mozilla's intermediate TLS configuration",
    Severity.INFO,
    rationale=(
        "Mozilla's intermediate configuration is the widely used baseline for a general-purpose site; each "
        "deviation is listed so an administrator can compare against ssl-config.mozilla.org."
    ),
    remediation=(
        "Generate a configuration at https://ssl-config.mozilla.org/ (profile 'Intermediate') for nginx, "
        "Apache, IIS or your load balancer."
    ),
    references=["mozilla-server-side-tls"],
)
def check_mozilla(conn: Connection) -> Outcome:
    if not conn.tls.available:
        return not_tested("HTTPS is unavailable")
    deviations = conn.deviations
    if deviations:
        return Outcome(
            FindingStatus.INFO,
            f"{len(deviations)} deviation(s) from Mozilla's intermediate configuration: "
            + "; ".join(d.text for d in deviations)
            + ".",
            [tls_item(d.text, key=d.key) for d in deviations],
        )
    return Outcome(FindingStatus.PASS, "The server matches Mozilla's intermediate configuration.")
