"""The order findings are shown in, everywhere: failures before warnings, then the worst severity first."""

from __future__ import annotations

from confaudit.model import Finding, FindingStatus

STATUS_ORDER = {FindingStatus.FAIL: 0, FindingStatus.WARN: 1, FindingStatus.INFO: 2, FindingStatus.PASS: 3}


def ranked(findings: list[Finding]) -> list[Finding]:
    """Most serious first: failures before warnings, then by severity, then by rule id (stable output)."""
    return sorted(findings, key=lambda f: (STATUS_ORDER[f.status], -f.severity.rank, f.rule))
