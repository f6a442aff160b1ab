"""Rules, findings and a check's result: what a judge says about the evidence."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from confaudit.model.severity import CheckStatus, FindingStatus, Severity


@dataclass
class EvidenceItem:
    """One concrete observation behind a finding: a URL, a header, a quote, a request, a cookie."""

    kind: str
    text: str
    url: str | None = None
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class Rule:
    """A finding a check can emit, with what a reader needs to act on it."""

    id: str
    title: str
    severity: Severity
    rationale: str
    remediation: str
    # ids in the reference catalogue (confaudit.knowledge.references), e.g. "gdpr-art-13-1-e"; a finding
    # carries their titles instead, so a result reads the same without the catalogue
    references: list[str] = field(default_factory=list)


@dataclass
class Finding:
    rule: str
    status: FindingStatus
    severity: Severity
    title: str
    summary: str
    evidence: list[EvidenceItem] = field(default_factory=list)
    remediation: str = ""
    references: list[str] = field(default_factory=list)
    url: str | None = None
    accepted: str | None = None

    @property
    def failed(self) -> bool:
        return self.status in (FindingStatus.FAIL, FindingStatus.WARN)

    @property
    def open(self) -> bool:
        """A problem that counts: failed and not accepted in a baseline."""
        return self.failed and self.accepted is None


@dataclass
class Deduction:
    """A step of the score arithmetic, shown in the report."""

    rule: str
    points: float
    reason: str


@dataclass
class ScoreBudget:
    """At most ``max_points`` for the rules matching ``rules`` (globs): one underlying gap, such as a thin
    notice, should not count dozens of times."""

    label: str
    rules: list[str]
    max_points: float


@dataclass
class CheckResult:
    check: str
    title: str
    version: str
    status: CheckStatus
    findings: list[Finding] = field(default_factory=list)
    weight: float = 1.0
    score: float | None = None
    reason: str | None = None
    deductions: list[Deduction] = field(default_factory=list)
    budgets: list[ScoreBudget] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)
    started: datetime | None = None
    duration_s: float = 0.0
