"""The order findings are shown in, everywhere: failures before warnings, then by severity."""

from __future__ import annotations

from confaudit.model import Finding

SEVERITY_ORDER = {"critical": 0, "high": 1, "medium": 2, "low": 3, "info": 4}
STATUS_ORDER = {"fail": 0, "warn": 1, "info": 2, "pass": 3}


def ranked(findings: list[Finding]) -> list[Finding]:
    """Most serious first: failures before warnings, then by severity."""
    return sorted(
        findings, key=lambda f: (STATUS_ORDER[f.status.value], SEVERITY_ORDER[f.severity.value], f.rule)
    )
